// RESP over real sockets against the built server: pipelining, every protocol error kind
// (exact bytes as redis-server 7.0.15 sends them, then the close of that connection only),
// large and binary values, inline requests and RESP3 after HELLO 3. When redis-server is
// installed, the same error table runs against it too, so the expected bytes stay honest.

import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/server/protocol/writer.js';
import { RespStatus } from '../../../src/shared/resp-client.js';
import { HAVE_REDIS, startRctlServer, startRealRedis, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

/** A raw connection: every byte received (as a byte string) and whether the server closed it. */
interface RawConn {
  sock: net.Socket;
  data(): string;
  /** Bytes received so far (cheap to poll, unlike data()). */
  received(): number;
  closed(): boolean;
}

const rawConns = new Set<net.Socket>();
afterEach(() => {
  for (const sock of rawConns) sock.destroy();
  rawConns.clear();
});

function rawConnect(port: number): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection({ port, host: '127.0.0.1' });
    rawConns.add(sock);
    const chunks: Buffer[] = [];
    let received = 0;
    let closed = false;
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      received += d.length;
    });
    sock.on('close', () => {
      closed = true;
      rawConns.delete(sock);
    });
    sock.once('error', reject);
    sock.once('connect', () => {
      sock.removeListener('error', reject);
      sock.on('error', () => {});
      resolve({ sock, data: () => Buffer.concat(chunks).toString('latin1'), received: () => received, closed: () => closed });
    });
  });
}

/** Sends bytes on a fresh connection and waits until the server has closed it. */
async function sendUntilClosed(port: number, payload: string): Promise<string> {
  const c = await rawConnect(port);
  c.sock.write(Buffer.from(payload, 'latin1'));
  await waitFor(() => c.closed(), { what: 'server closed the connection' });
  return c.data();
}

const cmd = (...argv: string[]): string => encodeCommand(argv);
const PONG = '+PONG\r\n';

interface ProtoCase {
  name: string;
  payload: string;
  reply: string;
  /** Extra server arguments. */
  args?: string[];
  /** Commands run on another connection first. */
  setup?: string[][];
}

/** Each kind of protocol error, preceded by a PING in the same write that must still be answered. */
const PROTOCOL_ERRORS: ProtoCase[] = [
  { name: 'a multibulk count that is not a number', payload: '*abc\r\n', reply: '-ERR Protocol error: invalid multibulk length\r\n' },
  { name: 'a multibulk count with a sign or spaces', payload: '*+1\r\n', reply: '-ERR Protocol error: invalid multibulk length\r\n' },
  { name: 'a multibulk count above INT_MAX', payload: '*2147483648\r\n', reply: '-ERR Protocol error: invalid multibulk length\r\n' },
  { name: 'a bulk length that is not a number', payload: '*1\r\n$abc\r\n', reply: '-ERR Protocol error: invalid bulk length\r\n' },
  { name: 'a negative bulk length', payload: '*1\r\n$-1\r\n', reply: '-ERR Protocol error: invalid bulk length\r\n' },
  { name: 'a bulk longer than proto-max-bulk-len (512mb)', payload: '*1\r\n$536870913\r\n', reply: '-ERR Protocol error: invalid bulk length\r\n' },
  { name: "something else where '$' is expected", payload: '*1\r\nfoo\r\n', reply: "-ERR Protocol error: expected '$', got 'f'\r\n" },
  { name: 'an inline request with unbalanced quotes', payload: 'SET k "v\r\n', reply: '-ERR Protocol error: unbalanced quotes in request\r\n' },
  { name: 'an inline request over 64KB without a newline', payload: 'a'.repeat(70 * 1024), reply: '-ERR Protocol error: too big inline request\r\n' },
  { name: 'a multibulk count line over 64KB', payload: '*' + '1'.repeat(70 * 1024), reply: '-ERR Protocol error: too big mbulk count string\r\n' },
  { name: 'a bulk length line over 64KB', payload: '*1\r\n$' + '1'.repeat(70 * 1024), reply: '-ERR Protocol error: too big bulk count string\r\n' },
  {
    name: 'a bulk longer than a lowered proto-max-bulk-len',
    setup: [['CONFIG', 'SET', 'proto-max-bulk-len', '1mb']],
    payload: '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1048577\r\n',
    reply: '-ERR Protocol error: invalid bulk length\r\n',
  },
  {
    name: 'more than 10 arguments before AUTH',
    args: ['--requirepass', 'pw'],
    payload: '*11\r\n',
    reply: '-ERR Protocol error: unauthenticated multibulk length\r\n',
  },
  {
    name: 'a bulk over 16KB before AUTH',
    args: ['--requirepass', 'pw'],
    payload: '*1\r\n$16385\r\n',
    reply: '-ERR Protocol error: unauthenticated bulk length\r\n',
  },
];

/** Runs one error case: the reply bytes, then the close, while another client keeps working. */
async function runErrorCase(server: ServerProcess, tc: ProtoCase): Promise<{ got: string; otherOk: boolean }> {
  const other = await server.client();
  if (tc.args?.includes('--requirepass')) await other.call('AUTH', 'pw');
  for (const argv of tc.setup ?? []) await other.call(...argv);
  const got = await sendUntilClosed(server.port, 'PING\r\n' + tc.payload);
  const otherOk = (await other.call('PING')) instanceof RespStatus;
  return { got, otherOk };
}

describe('protocol errors', () => {
  it.each(PROTOCOL_ERRORS)('answers $name with Redis text and closes only that connection', async (tc) => {
    const s = await startRctlServer({ args: ['--save', '', ...(tc.args ?? [])] });
    const { got, otherOk } = await runErrorCase(s, tc);
    expect(got).toBe((tc.args?.includes('--requirepass') ? '-NOAUTH Authentication required.\r\n' : PONG) + tc.reply);
    expect(otherOk).toBe(true);
  });

  it('ignores whatever follows a protocol error in the same write', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const got = await sendUntilClosed(s.port, 'PING\r\n*1\r\nfoo\r\nSET after error\r\n');
    expect(got).toBe(PONG + "-ERR Protocol error: expected '$', got 'f'\r\n");
    expect(await (await s.client()).call('EXISTS', 'after')).toBe(0);
  });

  describe.skipIf(!HAVE_REDIS)('the same bytes from a real redis-server', () => {
    it.each(PROTOCOL_ERRORS)('$name', async (tc) => {
      const real = await startRealRedis({ args: tc.args ?? [] });
      const { got, otherOk } = await runErrorCase(real, tc);
      expect(got).toBe((tc.args?.includes('--requirepass') ? '-NOAUTH Authentication required.\r\n' : PONG) + tc.reply);
      expect(otherOk).toBe(true);
    });
  });
});

describe('requests', () => {
  it('answers 1000 commands sent in one write in order', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await rawConnect(s.port);
    let payload = '';
    let expected = '';
    for (let i = 1; i <= 1000; i++) {
      if (i % 3 === 0) {
        payload += cmd('ECHO', `e${i}`);
        expected += `$${`e${i}`.length}\r\ne${i}\r\n`;
      } else if (i % 3 === 1) {
        payload += cmd('SET', `k${i}`, `v${i}`);
        expected += '+OK\r\n';
      } else {
        payload += `GET k${i - 1}\r\n`;
        expected += `$${`v${i - 1}`.length}\r\nv${i - 1}\r\n`;
      }
    }
    c.sock.write(Buffer.from(payload, 'latin1'));
    await waitFor(() => c.received() >= expected.length, { what: '1000 replies' });
    expect(c.data()).toBe(expected);
    expect(c.closed()).toBe(false);
    c.sock.destroy();
  });

  it('parses inline requests with quotes and escapes, and skips empty lines', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await rawConnect(s.port);
    c.sock.write('\r\n\nSET k "a b\\x41\\n"\r\nGET k\nECHO \'it\\\'s\'\r\n');
    const expected = "+OK\r\n$5\r\na bA\n\r\n$4\r\nit's\r\n";
    await waitFor(() => c.received() >= expected.length, { what: 'inline replies' });
    expect(c.data()).toBe(expected);
    c.sock.destroy();
  });

  it('round-trips a 10 MB value holding every byte value', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const bytes = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7 + (i >> 8)) & 0xff;
    const value = bytes.toString('latin1');
    const c = await rawConnect(s.port);
    c.sock.write(Buffer.from(cmd('SET', 'big', value) + cmd('STRLEN', 'big') + cmd('GET', 'big'), 'latin1'));
    const expected = `+OK\r\n:${bytes.length}\r\n$${bytes.length}\r\n${value}\r\n`;
    await waitFor(() => c.received() >= expected.length, { timeoutMs: 30_000, what: '10 MB reply' });
    expect(c.data().length).toBe(expected.length);
    expect(c.data() === expected).toBe(true);
    c.sock.destroy();
  });

  it('keeps binary keys and values with CR, LF and NUL intact', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i)).toString('latin1');
    await c.call('SET', `key\r\n\0${all}`, all);
    expect(await c.call('GET', `key\r\n\0${all}`)).toBe(all);
    expect(await c.call('STRLEN', `key\r\n\0${all}`)).toBe(256);
  });

  it('replies in RESP3 after HELLO 3 and in RESP2 again after HELLO 2', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await rawConnect(s.port);
    c.sock.write('HELLO 3\r\nGET nokey\r\nHSET h f 1.5\r\nHGETALL h\r\nZADD z 1.5 m\r\nZSCORE z m\r\nSMEMBERS nos\r\nHELLO 2\r\nGET nokey\r\nHGETALL h\r\n');
    const hello = (proto: number): string =>
      `$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:${proto}\r\n$2\r\nid\r\n:ID\r\n` +
      '$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n';
    const expected =
      `%7\r\n${hello(3)}` +
      '_\r\n:1\r\n%1\r\n$1\r\nf\r\n$3\r\n1.5\r\n:1\r\n,1.5\r\n~0\r\n' +
      `*14\r\n${hello(2)}` +
      '$-1\r\n*2\r\n$1\r\nf\r\n$3\r\n1.5\r\n';
    // The client id is the only field that varies.
    const got = (): string => c.data().replace(/\$2\r\nid\r\n:\d+\r\n/g, '$2\r\nid\r\n:ID\r\n');
    await waitFor(() => got().length >= expected.length, { what: 'RESP3 then RESP2 replies' });
    expect(got()).toBe(expected);
    c.sock.destroy();
  });
});
