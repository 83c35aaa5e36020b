// CLIENT LIST omem of a client that does not read its replies: the output its socket still
// queues because the kernel did not take it is what Redis would hold in the reply list, and
// it is the figure client-output-buffer-limit measures, so the line logged when a client is
// dropped shows it (networking.c catClientInfoString, getClientOutputBufferMemoryUsage;
// real Redis 7.0.15 reports omem=2097656 events=rw for 50 unread 100 KB replies).

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/server/protocol/writer.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const VALUE = 'x'.repeat(100_000);

/** A client that sends `n` GETs of the big value and never reads the replies. */
async function slowReader(port: number, n: number): Promise<net.Socket> {
  const sock = net.createConnection({ host: '127.0.0.1', port });
  sock.on('error', () => {});
  await new Promise<void>((res) => sock.once('connect', res));
  sock.pause();
  sock.write(encodeCommand(['GET', 'big']).repeat(n), 'latin1');
  return sock;
}

const field = (line: string, name: string): string => new RegExp(` ${name}=(\\S*)`).exec(line)![1]!;

describe('omem of a client that stopped reading', () => {
  it('includes what its socket still queues, in CLIENT LIST and in tot-mem', async () => {
    const server = await startRctlServer({ args: ['--save', ''] });
    const c = await server.client();
    await c.call('SET', 'big', VALUE);
    const sock = await slowReader(server.port, 200);
    // 20 MB of replies: far more than the kernel buffers of a loopback connection hold.
    const line = await waitFor(
      async () => {
        const l = String(await c.call('CLIENT', 'LIST')).split('\n').find((x) => x.includes(' cmd=get '));
        return l !== undefined && Number(field(l, 'omem')) > 10_000_000 ? l : null;
      },
      { what: 'the slow reader shows its unsent output' },
    );
    expect(field(line, 'events')).toBe('rw');
    expect(Number(field(line, 'oll'))).toBeGreaterThan(0);
    expect(Number(field(line, 'tot-mem'))).toBeGreaterThan(Number(field(line, 'omem')));
    sock.destroy();
  });

  it('logs the omem that crossed client-output-buffer-limit when it drops the client', async () => {
    const server = await startRctlServer({ args: ['--save', ''] });
    const c = await server.client();
    await c.call('SET', 'big', VALUE);
    await c.call('CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 0 0');
    const sock = await slowReader(server.port, 200);
    const logged = await waitFor(
      () => /# Client (id=\d+ .* cmd=get .*) scheduled to be closed ASAP for overcoming of output buffer limits\./.exec(server.output())?.[1],
      { what: 'the output buffer limit log line' },
    );
    expect(Number(field(logged, 'omem'))).toBeGreaterThanOrEqual(1024 * 1024);
    expect(field(logged, 'events')).toBe('rw');
    sock.destroy();
  });
});
