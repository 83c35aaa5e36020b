// The legacy SYNC command on both sides. Replica side: a master that does not know PSYNC
// (older than Redis 2.8, simulated by a small fake master in this file) answers it with
// -ERR, and the replica falls back to SYNC, loads the `$<len>` payload and applies the
// stream (syncWithMaster, PSYNC_NOT_SUPPORTED); -LOADING and -NOMASTERLINK are retried
// with PSYNC instead. Master side: SYNC gets the payload with no +FULLRESYNC line.

import { copyFileSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RequestParser } from '../../../src/server/protocol/parser.js';
import { encodeCommand } from '../../../src/server/protocol/writer.js';
import { ROOT, startRctlServer, tempDir, useProcessCleanup } from '../../helpers/processes.js';
import { diffData, info, waitLinkUp } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];

/** Written by redis-server 7.0.15 (test/fixtures/rdb/README.md): 26 keys in dbs 0, 1 and 9. */
const FIXTURE = join(ROOT, 'test/fixtures/rdb/redis-7.0-all-types.rdb');

/** What the fake master streams after the payload: 59 bytes, so offsets end at 58. */
const STREAM = encodeCommand(['SELECT', '0']) + encodeCommand(['SET', 'streamed', 'yes']);

interface FakeMasterOptions {
  /** The reply to the n-th PSYNC (0-based) received on any connection. */
  psyncReply: (n: number) => string;
  payload: Buffer;
}

/**
 * A master that speaks only what a pre-2.8 master (or this test) needs: PING, REPLCONF,
 * a scripted PSYNC reply, and SYNC answered with `$<len>`, the payload, then STREAM.
 */
class FakeMaster {
  /** Every command received, per connection. */
  readonly connections: string[][][] = [];
  private psyncs = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly opts: FakeMasterOptions,
  ) {}

  static async start(opts: FakeMasterOptions): Promise<FakeMaster> {
    const server = net.createServer();
    const fake = new FakeMaster(server, opts);
    server.on('connection', (sock) => fake.serve(sock));
    await new Promise<void>((res) => server.listen(0, '127.0.0.1', res));
    return fake;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** Every command of every connection, as `NAME arg ...` lines. */
  get commands(): string[] {
    return this.connections.flat().map((argv) => argv.join(' '));
  }

  private serve(sock: net.Socket): void {
    const received: string[][] = [];
    this.connections.push(received);
    const parser = new RequestParser();
    const limits = { maxBulkLen: 512 * 1024 * 1024, unauthenticated: false };
    sock.on('error', () => {});
    sock.on('data', (d: Buffer) => {
      parser.feed(d);
      for (let argv = parser.next(limits); argv !== null; argv = parser.next(limits)) {
        if (argv.length === 0) continue; // a replica's newline keepalive
        received.push(argv);
        this.answer(sock, argv);
      }
    });
  }

  private answer(sock: net.Socket, argv: string[]): void {
    switch (argv[0]!.toUpperCase()) {
      case 'PING':
        sock.write('+PONG\r\n');
        break;
      case 'REPLCONF':
        if (argv[1]!.toUpperCase() !== 'ACK') sock.write('+OK\r\n');
        break;
      case 'PSYNC':
        sock.write(`${this.opts.psyncReply(this.psyncs++)}\r\n`);
        break;
      case 'SYNC':
        sock.write(`$${this.opts.payload.length}\r\n`);
        sock.write(this.opts.payload);
        sock.write(STREAM, 'latin1');
        break;
      default:
        sock.write(`-ERR unknown command '${argv[0]}'\r\n`);
    }
  }

  close(): void {
    this.server.close();
    // Connections still open end with the test process's cleanup of the replica.
  }
}

const UNKNOWN_PSYNC = "-ERR unknown command 'PSYNC', with args beginning with: '?' '-1' ";

describe('legacy SYNC', () => {
  it('falls back to SYNC when the master answers PSYNC with -ERR, then applies the stream', async () => {
    const fake = await FakeMaster.start({ psyncReply: () => UNKNOWN_PSYNC, payload: readFileSync(FIXTURE) });
    try {
      const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${fake.port}`] });
      const r = await replica.client();
      await waitLinkUp(r);
      await waitFor(async () => String(await r.call('GET', 'streamed')) === 'yes', { what: 'streamed key applied' });
      expect(fake.commands.map((c) => c.replace(/listening-port \d+/, 'listening-port N'))).toEqual([
        'PING',
        'REPLCONF listening-port N',
        'REPLCONF capa eof capa psync2',
        'PSYNC ? -1',
        'SYNC',
      ]);

      // The data is the payload's: the same file loaded at startup by a node of its own,
      // plus the streamed write.
      const dir = tempDir();
      copyFileSync(FIXTURE, join(dir, 'dump.rdb'));
      const reference = await startRctlServer({ dir, args: FAST });
      const ref = await reference.client();
      await ref.call('SET', 'streamed', 'yes');
      expect(await diffData(ref, r)).toEqual([]);
      const ri = await info(r, 'replication');
      // Redis 7.0.15: no replid was announced (empty), the stream starts at offset 0.
      expect(ri.master_replid).toBe('');
      expect(ri.master_repl_offset).toBe(String(STREAM.length - 1));
      expect(ri.slave_repl_offset).toBe(String(STREAM.length - 1));
      expect(ri.repl_backlog_first_byte_offset).toBe('0');
      expect(ri.repl_backlog_histlen).toBe(String(STREAM.length));
      const out = replica.output();
      expect(out).toContain(`Master does not support PSYNC or is in error state (reply: ${UNKNOWN_PSYNC})`);
      expect(out).toContain('Retrying with SYNC...');
      expect(out).toMatch(/MASTER <-> REPLICA sync: receiving \d+ bytes from master to disk/);
      expect(out).toContain('MASTER <-> REPLICA sync: Finished with success');
      expect(out).not.toContain('Before turning into a replica');
      // A pre-PSYNC master gets no REPLCONF ACK (replicationCron skips CLIENT_PRE_PSYNC
      // masters): none after two seconds of the once-a-second cron.
      await waitFor(async () => Number((await info(r, 'replication')).master_last_io_seconds_ago) >= 3, { what: 'over two quiet seconds' });
      expect(fake.commands.some((c) => c.startsWith('REPLCONF ACK'))).toBe(false);

      // Promoted, it starts a history of its own from that offset.
      expect(String(await r.call('REPLICAOF', 'NO', 'ONE'))).toBe('OK');
      const pi = await info(r, 'replication');
      expect(pi.master_replid).toMatch(/^[0-9a-f]{40}$/);
      expect(pi.master_replid2).toBe('');
      expect(pi.second_repl_offset).toBe(String(STREAM.length));
    } finally {
      fake.close();
    }
  });

  for (const transient of ['-LOADING Redis is loading the dataset in memory', "-NOMASTERLINK Can't SYNC while not connected with my master"]) {
    it(`retries PSYNC, not SYNC, after ${transient.split(' ')[0]}`, async () => {
      const fake = await FakeMaster.start({ psyncReply: (n) => (n === 0 ? transient : UNKNOWN_PSYNC), payload: readFileSync(FIXTURE) });
      try {
        const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${fake.port}`] });
        const r = await replica.client();
        await waitLinkUp(r);
        // The first attempt ends after the refusal; the next connection PSYNCs again.
        const [first, second] = fake.connections.map((cmds) => cmds.map((argv) => argv[0]));
        expect(first).toEqual(['PING', 'REPLCONF', 'REPLCONF', 'PSYNC']);
        expect(second).toEqual(['PING', 'REPLCONF', 'REPLCONF', 'PSYNC', 'SYNC']);
        const out = replica.output();
        expect(out).toContain(`Master is currently unable to PSYNC but should be in the future: ${transient}`);
        expect(out).not.toContain('Error condition on socket for SYNC');
        expect(String(await r.call('GET', 'str:small'))).toBe('hello');
      } finally {
        fake.close();
      }
    });
  }

  it('serves a plain SYNC: the payload without +FULLRESYNC, then the stream; no ACKs expected', async () => {
    const master = await startRctlServer({ args: [...FAST, '--repl-diskless-sync', 'no', '--repl-timeout', '1'] });
    const m = await master.client();
    await m.call('SET', 'before', 'sync');
    const sock = net.createConnection({ host: '127.0.0.1', port: master.port });
    let got = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => (got = Buffer.concat([got, d])));
    sock.on('error', () => {});
    try {
      sock.write(encodeCommand(['SYNC']), 'latin1');
      // Keepalive newlines may come first, then `$<len>` and the RDB, with no trailing CRLF.
      const header = await waitFor(() => /^\n*\$(\d+)\r\n/.exec(got.toString('latin1')), { what: 'bulk header' });
      const start = header[0].length;
      const len = Number(header[1]);
      await waitFor(() => got.length >= start + len, { what: 'whole payload' });
      expect(got.toString('latin1', start, start + 5)).toBe('REDIS');
      await m.call('SET', 'after', 'sync');
      const rest = (): string => got.toString('latin1', start + len);
      await waitFor(() => rest().includes(encodeCommand(['SET', 'after', 'sync'])), { what: 'the write streamed' });
      // No ACK ever comes, yet the replica is kept past repl-timeout (CLIENT_PRE_PSYNC).
      await waitFor(async () => /state=online,offset=0,lag=([2-9]|\d{2,})$/.test((await info(m, 'replication')).slave0 ?? ''), { what: 'lag of two seconds' });
      expect((await info(m, 'replication')).connected_slaves).toBe('1');
      expect(master.output()).toMatch(/Replica 127\.0\.0\.1:<unknown-replica-port> asks for synchronization/);
      expect(master.output()).not.toContain('timedout');
    } finally {
      sock.destroy();
    }
  });
});
