// No byte sequence may crash the server: random bytes and mutated requests are sent over
// fresh connections (in random chunkings), and afterwards the server must still answer PING.

import net from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/server/protocol/writer.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';

useProcessCleanup();

const CORPUS: string[][] = [
  ['SET', 'k', 'v'],
  ['GET', 'k'],
  ['MSET', 'a', '1', 'b', '2'],
  ['INCR', 'n'],
  ['LPUSH', 'l', 'x', 'y'],
  ['HSET', 'h', 'f', 'v'],
  ['ZADD', 'z', '1', 'm'],
  ['SADD', 's', 'm'],
  ['EXPIRE', 'k', '100'],
  ['MULTI'],
  ['EXEC'],
  ['PING'],
  ['ECHO', 'hello'],
  ['INFO'],
  ['SCAN', '0'],
  ['KEYS', '*'],
  ['SUBSCRIBE', 'ch'],
  ['CONFIG', 'GET', 'port'],
  ['CLIENT', 'LIST'],
];

/** Sends bytes in the given chunk sizes on a new connection, then closes it. */
function send(port: number, data: Buffer, chunks: number[]): Promise<void> {
  return new Promise((resolve) => {
    const sock = net.createConnection({ port, host: '127.0.0.1' });
    sock.on('error', () => resolve());
    sock.on('connect', () => {
      let pos = 0;
      let i = 0;
      while (pos < data.length) {
        const n = Math.max(1, chunks[i++ % chunks.length] ?? data.length);
        sock.write(data.subarray(pos, pos + n));
        pos += n;
      }
      // Give the server a moment to read and reply, then drop the connection.
      setTimeout(() => {
        sock.destroy();
        resolve();
      }, 5);
    });
  });
}

const mutated = fc
  .tuple(fc.constantFrom(...CORPUS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.nat())
  .map(([argv, flips, cut]) => {
    const bytes = Buffer.from(encodeCommand(argv), 'latin1');
    for (const [pos, val] of flips) bytes[pos % bytes.length] = val;
    return bytes.subarray(0, Math.max(1, bytes.length - (cut % 4)));
  });

const randomBytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((a) => Buffer.from(a));
const protocolish = fc
  .array(fc.oneof(fc.constantFrom('*', '$', '\r\n', '\n', '"', "'", '\\x', '-1', '0', '99999999999', '2147483648', ' ', 'PING', 'SET', 'x'), fc.string({ maxLength: 5 })), { maxLength: 40 })
  .map((parts) => Buffer.from(parts.join(''), 'latin1'));

describe('protocol fuzzing', () => {
  it('survives random, protocol-shaped and mutated requests and still answers PING', async () => {
    const server = await startRctlServer();
    const check = await server.client();
    await fc.assert(
      fc.asyncProperty(fc.oneof(mutated, randomBytes, protocolish), fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }), async (data, chunks) => {
        await send(server.port, data, chunks);
        expect(String(await check.call('PING'))).toBe('PONG');
      }),
      { numRuns: 300, seed: 20261125 },
    );
    expect(server.proc.exitCode).toBeNull();
  });
});
