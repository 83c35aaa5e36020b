// Plain TCP probes for tests about listening sockets: who accepts connections, and ports
// some other process already holds. Ports taken here are released after each test.

import net from 'node:net';
import { afterEach } from 'vitest';

const busyServers = new Set<net.Server>();

afterEach(async () => {
  await Promise.all([...busyServers].map((srv) => new Promise<void>((r) => srv.close(() => r()))));
  busyServers.clear();
});

/** Whether a TCP connection to host:port is accepted (refused when nobody listens). */
export function accepts(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.createConnection({ port, host });
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}

/** A port someone else already listens on (127.0.0.1), held until the test ends. */
export async function busyPort(): Promise<number> {
  const srv = net.createServer();
  busyServers.add(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return (srv.address() as net.AddressInfo).port;
}
