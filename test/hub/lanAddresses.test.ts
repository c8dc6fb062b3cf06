/**
 * Issue #18 finding 7: the start-up banner's addresses name their adapter, real ones first and virtual ones marked
 * (a Windows PC lists Hyper-V, WSL and VMware beside its Ethernet), with no 169.254 address; a port already taken
 * is said in words with the way out, not as a raw EADDRINUSE.
 */
import type os from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { lanAddresses, portProblem } from '../../hub/lanAddresses';
import type { RunningHub } from './hubProcess';
import { startHub } from './hubProcess';

const v4 = (address: string, internal = false) =>
  ({ address, family: 'IPv4', internal, netmask: '255.255.255.0', mac: '00:00:00:00:00:00', cidr: null }) as const;

describe('the addresses the banner offers', () => {
  it('real adapters first by name, virtual ones marked, no link-local or loopback', () => {
    const interfaces = {
      'vEthernet (WSL)': [v4('172.24.160.1')],
      'VMware Network Adapter VMnet8': [v4('192.168.75.1')],
      以太网: [v4('192.168.1.20'), { ...v4('fe80::1'), family: 'IPv6' as const }],
      WLAN: [v4('169.254.33.7')],
      'Loopback Pseudo-Interface 1': [v4('127.0.0.1', true)],
    } as unknown as ReturnType<typeof os.networkInterfaces>;
    expect(lanAddresses(interfaces)).toEqual([
      { ip: '192.168.1.20', adapter: '以太网', virtual: false },
      { ip: '172.24.160.1', adapter: 'vEthernet (WSL)', virtual: true },
      { ip: '192.168.75.1', adapter: 'VMware Network Adapter VMnet8', virtual: true },
    ]);
  });

  it('a port in use is named with the way out', () => {
    const words = portProblem(
      Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }),
      8443,
      'HTTPS --port',
    );
    expect(words).toContain('端口 8443 已被占用');
    expect(words).toContain('--port 8444');
    expect(portProblem(Object.assign(new Error('x'), { code: 'ENOENT' }), 8443, 'HTTPS')).toBeNull();
  });
});

describe('a second hub on a port already taken', () => {
  const hubs: RunningHub[] = [];
  afterAll(async () => {
    for (const h of hubs) await h.stop().catch(() => {});
  });
  it('stops with the words, not a stack trace', async () => {
    const first = await startHub();
    hubs.push(first);
    const second = startHub({ port: first.port });
    await expect(second).rejects.toThrow(new RegExp(`端口 ${first.port} 已被占用`));
    await expect(second).rejects.not.toThrow(/at Server\.setupListenHandle|node:net/);
  }, 120_000);
});
