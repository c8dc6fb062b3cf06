/**
 * The addresses the start-up banner offers the tablets, with the network adapter each is on (issue #18): a
 * Windows PC lists Hyper-V, WSL, VMware and VirtualBox adapters beside the real one, and an address 169.254.x.x
 * when DHCP failed, none of which a tablet can reach. The real adapters come first, by name (以太网, WLAN);
 * virtual ones are marked; a 169.254 address is left out.
 */
import type os from 'node:os';

export interface LanAddress {
  ip: string;
  /** the adapter's name as the system calls it (以太网, WLAN, eth0, vEthernet (WSL)) */
  adapter: string;
  virtual: boolean;
}

/** Adapter names of virtual machines, containers and VPN taps rather than the school's network. */
const VIRTUAL =
  /vethernet|hyper-v|wsl|vmware|virtualbox|vbox|docker|podman|br-|veth|virbr|tailscale|zerotier|loopback|utun|tap|tun/i;

export function lanAddresses(interfaces: ReturnType<typeof os.networkInterfaces>): LanAddress[] {
  const out: LanAddress[] = [];
  for (const [adapter, list] of Object.entries(interfaces)) {
    for (const a of list ?? []) {
      if (a.internal || a.family !== 'IPv4' || a.address.startsWith('169.254.')) continue;
      out.push({ ip: a.address, adapter, virtual: VIRTUAL.test(adapter) });
    }
  }
  return out.sort((a, b) => Number(a.virtual) - Number(b.virtual));
}

/** Why a port could not be opened, in words, with the way out; null for an error that is not about the port. */
export function portProblem(err: unknown, port: number, what: string): string | null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return (
      `端口 ${port} 已被占用（${what}）：可能另一个接力服务或其他程序正在使用它。关闭那个程序，或换一个端口启动，例如 --port ${port + 1}。\n` +
      `Port ${port} (${what}) is already in use, perhaps by another hub or another program: close it, or start on another port, e.g. --port ${port + 1}.`
    );
  if (code === 'EACCES')
    return (
      `没有权限使用端口 ${port}（${what}）：请换一个 1024 以上的端口，例如 --port 8443。\n` +
      `No permission to use port ${port} (${what}): choose one above 1024, e.g. --port 8443.`
    );
  return null;
}
