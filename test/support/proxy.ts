/**
 * A TCP proxy in front of a server, that a test can cut (connections dropped, new ones refused:
 * a restart), hang (connections kept open but nothing forwarded: a network partition), and
 * restore. For outage tests that must never touch the shared PostgreSQL server itself.
 */
import net from 'node:net';

export interface Proxy {
  port: number;
  /** Drops every connection and refuses new ones, like a server that went down. */
  cut(): Promise<void>;
  /** Stops forwarding anything, in both directions, on open and new connections. */
  hang(): void;
  /** Back to forwarding: the server is reachable again. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startProxy(target: { host: string; port: number }): Promise<Proxy> {
  type Pair = { client: net.Socket; upstream?: net.Socket };
  const pairs = new Set<Pair>();
  let hung = false;

  const forward = (pair: Pair) => {
    if (!pair.upstream) {
      const upstream = net.connect(target.port, target.host);
      pair.upstream = upstream;
      upstream.on('error', () => pair.client.destroy());
      upstream.on('close', () => pair.client.destroy());
    }
    pair.client.pipe(pair.upstream);
    pair.upstream.pipe(pair.client);
    pair.client.resume();
    pair.upstream.resume();
  };
  const stall = (pair: Pair) => {
    pair.client.unpipe();
    pair.client.pause();
    if (pair.upstream) {
      pair.upstream.unpipe();
      pair.upstream.pause();
    }
  };

  const server = net.createServer((client) => {
    const pair: Pair = { client };
    pairs.add(pair);
    client.on('error', () => pair.upstream?.destroy());
    client.on('close', () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (hung) stall(pair);
    else forward(pair);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const stopListening = () => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));

  const port = await listen(0);
  const proxy: Proxy = {
    port,
    async cut() {
      hung = false;
      const closed = stopListening();
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream?.destroy();
      }
      pairs.clear();
      await closed;
    },
    hang() {
      hung = true;
      for (const pair of pairs) stall(pair);
    },
    async restore() {
      hung = false;
      for (const pair of pairs) forward(pair);
      if (!server.listening) await listen(port);
    },
    close: () => proxy.cut(),
  };
  return proxy;
}
