/**
 * The network between the kiosks and the hub, with a hand on the cable. Kiosks connect in plain TCP to the
 * proxy on loopback; the proxy speaks TLS to the hub and checks the hub's certificate against the school's CA,
 * as a tablet does. It can cut every connection, refuse new ones (the Wi-Fi is down), swallow the hub's replies
 * (a request arrives and is stored, its acknowledgement never comes back), and follow the hub to a new port
 * after a restart.
 */
import net from 'node:net';
import tls from 'node:tls';

export interface ProxyTarget {
  port: number;
  ca: Buffer;
}

export class CutProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; hub: tls.TLSSocket }>();
  private down = false;
  private swallowing = false;
  /** connections the proxy carried, for the log of a run */
  connections = 0;

  private constructor(private target: ProxyTarget) {
    this.server = net.createServer((client) => this.carry(client));
  }

  static async start(target: ProxyTarget): Promise<CutProxy> {
    const proxy = new CutProxy(target);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  /** where kiosks connect: plain HTTP, the proxy adds the TLS */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  private carry(client: net.Socket) {
    client.setNoDelay(true);
    if (this.down) {
      client.destroy();
      return;
    }
    this.connections++;
    const hub = tls.connect({ host: '127.0.0.1', port: this.target.port, ca: this.target.ca, servername: 'localhost' });
    const pair = { client, hub };
    this.pairs.add(pair);
    const end = () => {
      this.pairs.delete(pair);
      client.destroy();
      hub.destroy();
    };
    client.on('data', (chunk) => hub.write(chunk));
    hub.on('data', (chunk) => {
      if (!this.swallowing) client.write(chunk);
    });
    client.on('error', end).on('close', end);
    hub.on('error', end).on('close', end);
  }

  /** the hub moved (restarted on another port) */
  retarget(target: ProxyTarget) {
    this.target = target;
  }

  /** every open connection drops at once, as when an access point reboots */
  cut() {
    for (const { client, hub } of this.pairs) {
      client.destroy();
      hub.destroy();
    }
    this.pairs.clear();
  }

  /** down: open connections drop and new ones are refused until `setDown(false)` */
  setDown(down: boolean) {
    this.down = down;
    if (down) this.cut();
  }

  get isDown(): boolean {
    return this.down;
  }

  /** while on, whatever the hub sends is dropped: requests still arrive and are acted on */
  swallowReplies(on: boolean) {
    this.swallowing = on;
  }

  async close() {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
