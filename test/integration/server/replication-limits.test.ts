// A master drops replicas that stall, and stays responsive (Redis 7.0 networking.c
// closeClientOnOutputBufferLimitReached, replication.c replicationCron): over the
// `client-output-buffer-limit replica` hard limit, over its soft limit for longer than
// soft-seconds, no ACK for repl-timeout once online, and a diskless transfer the replica
// stopped reading for repl-timeout. The pubsub class is checked the same way. Replicas
// are raw sockets that complete the handshake and PSYNC, then stop reading.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { encodeCommand } from '../../../src/server/protocol/writer.js';
import { startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { info, waitLinkUp } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];

const OBUF_LOG = /# Client id=\d+ addr=127\.0\.0\.1:\d+ .* flags=S .* cmd=psync .* scheduled to be closed ASAP for overcoming of output buffer limits\./;

/** A replica played by a socket: it syncs like a real one, then reads only when told. */
class RawReplica {
  private replies = '';

  private constructor(
    private readonly sock: net.Socket,
    readonly listeningPort: number,
  ) {
    sock.on('data', (d: Buffer) => {
      if (this.replies.length < 4096) this.replies += d.toString('latin1');
    });
    sock.on('error', () => {});
  }

  /** Handshake (each reply awaited, as a real replica does) and `PSYNC ? -1`. */
  static async connect(port: number, capa: string[], listeningPort = 4000 + Math.floor(Math.random() * 1000)): Promise<RawReplica> {
    const sock = net.createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((res, rej) => {
      sock.once('connect', res);
      sock.once('error', rej);
    });
    const r = new RawReplica(sock, listeningPort);
    const step = async (argv: string[], expect: string): Promise<void> => {
      sock.write(encodeCommand(argv), 'latin1');
      await waitFor(() => r.replies.includes(expect), { what: `reply to ${argv.join(' ')}` });
    };
    await step(['REPLCONF', 'listening-port', String(listeningPort)], '+OK\r\n');
    await step(['REPLCONF', ...capa.flatMap((c) => ['capa', c])], '+OK\r\n+OK\r\n');
    await step(['PSYNC', '?', '-1'], '+FULLRESYNC');
    return r;
  }

  /** Stops reading: the master's writes pile up in the kernel, then in its own buffers. */
  stopReading(): void {
    this.sock.pause();
  }

  close(): void {
    this.sock.destroy();
  }
}

const connectedReplicas = async (m: RespClient): Promise<number> => Number((await info(m, 'replication')).connected_slaves);

async function waitOnline(m: RespClient): Promise<void> {
  await waitFor(async () => /state=online/.test((await info(m, 'replication')).slave0 ?? ''), { what: 'replica online' });
}

/**
 * Writes values until the master has no replica left (each write awaited, so the master
 * runs its checks between them); returns how many writes that took.
 */
async function writeUntilDropped(m: RespClient, valueSize: number, budgetMs = 30_000): Promise<number> {
  const value = 'v'.repeat(valueSize);
  const deadline = Date.now() + budgetMs;
  for (let n = 1; ; n++) {
    await m.call('SET', `k${n % 1000}`, value);
    if (n % 20 === 0 && (await connectedReplicas(m)) === 0) return n;
    if (Date.now() > deadline) throw new Error(`replica still connected after ${n} writes`);
  }
}

/** The master answers and accepts writes once the replica is gone. */
async function expectResponsive(m: RespClient): Promise<void> {
  expect(String(await m.call('PING'))).toBe('PONG');
  expect(String(await m.call('SET', 'after', 'drop'))).toBe('OK');
  expect(String(await m.call('GET', 'after'))).toBe('drop');
}

async function startMaster(...args: string[]): Promise<{ master: ServerProcess; m: RespClient }> {
  const master = await startRctlServer({ args: [...FAST, ...args] });
  return { master, m: await master.client() };
}

describe('dropping stalled replicas', () => {
  it('closes a replica over the hard output buffer limit', async () => {
    const { master, m } = await startMaster('--repl-diskless-sync', 'no');
    await m.call('CONFIG', 'SET', 'repl-backlog-size', '16384');
    await m.call('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 262144 0 0');
    const raw = await RawReplica.connect(master.port, ['psync2']);
    await waitOnline(m);
    raw.stopReading();
    await writeUntilDropped(m, 10_000);
    expect(master.output()).toMatch(OBUF_LOG);
    expect(master.output()).toContain(`# Connection with replica 127.0.0.1:${raw.listeningPort} lost.`);
    await expectResponsive(m);
  });

  it('closes a replica over the soft limit for longer than soft-seconds, not at once', async () => {
    const { master, m } = await startMaster('--repl-diskless-sync', 'no');
    await m.call('CONFIG', 'SET', 'repl-backlog-size', '16384');
    await m.call('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 0 65536 1');
    const raw = await RawReplica.connect(master.port, ['psync2']);
    await waitOnline(m);
    raw.stopReading();
    const t0 = Date.now();
    await writeUntilDropped(m, 2000);
    // Over the soft limit for more than one whole second: at least a second of writes.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(master.output()).toMatch(OBUF_LOG);
    await expectResponsive(m);
  });

  it('keeps a replica that reads, however much is written', async () => {
    const { master, m } = await startMaster('--repl-diskless-sync', 'no');
    await m.call('CONFIG', 'SET', 'repl-backlog-size', '16384');
    await m.call('CONFIG', 'SET', 'client-output-buffer-limit', 'replica 262144 65536 1');
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const r = await replica.client();
    await waitLinkUp(r);
    const value = 'v'.repeat(10_000);
    for (let i = 0; i < 500; i++) await m.call('SET', `k${i}`, value);
    await waitFor(async () => (await info(r, 'replication')).slave_repl_offset === (await info(m, 'replication')).master_repl_offset, { what: 'replica in sync' });
    expect(await connectedReplicas(m)).toBe(1);
    expect(master.output()).not.toContain('overcoming of output buffer limits');
  });

  it('disconnects an online replica whose last ACK is older than repl-timeout', async () => {
    const { master, m } = await startMaster('--repl-diskless-sync', 'no');
    await m.call('CONFIG', 'SET', 'repl-timeout', '1');
    // This replica never sends REPLCONF ACK.
    const raw = await RawReplica.connect(master.port, ['psync2']);
    await waitOnline(m);
    await waitFor(async () => (await connectedReplicas(m)) === 0, { what: 'replica dropped' });
    expect(master.output()).toContain(`# Disconnecting timedout replica (streaming sync): 127.0.0.1:${raw.listeningPort}`);
    expect(master.output()).not.toContain('overcoming of output buffer limits');
    await expectResponsive(m);
  });

  it('disconnects a replica that stopped reading a diskless transfer for repl-timeout; the next one syncs', async () => {
    const { master, m } = await startMaster('--repl-diskless-sync', 'yes');
    // About 35 MB of snapshot: far more than the kernel buffers of a socket nobody reads.
    await m.call('DEBUG', 'POPULATE', '300000', 'key', '100');
    await m.call('CONFIG', 'SET', 'repl-timeout', '1');
    const raw = await RawReplica.connect(master.port, ['eof', 'psync2']);
    raw.stopReading();
    await waitFor(() => master.output().includes('Starting BGSAVE for SYNC with target: replicas sockets'), { what: 'transfer started' });
    // The transfer is stuck, not the master.
    expect(String(await m.call('PING'))).toBe('PONG');
    await waitFor(async () => (await connectedReplicas(m)) === 0, { what: 'replica dropped' });
    const out = master.output();
    expect(out).toContain(`# Disconnecting timedout replica (full sync): 127.0.0.1:${raw.listeningPort}`);
    expect(out).toContain('# Diskless rdb transfer, last replica dropped, killing fork child.');
    expect(out).not.toContain('Full sync snapshot failed');
    await expectResponsive(m);
    await m.call('CONFIG', 'SET', 'repl-timeout', '60');
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const r = await replica.client();
    await waitLinkUp(r, 60_000);
    expect(await r.call('DBSIZE')).toBe(await m.call('DBSIZE'));
  });

  it('closes a subscriber over the pubsub output buffer limit', async () => {
    const { master, m } = await startMaster();
    await m.call('CONFIG', 'SET', 'client-output-buffer-limit', 'pubsub 262144 0 0');
    const sock = net.createConnection({ host: '127.0.0.1', port: master.port });
    sock.on('error', () => {});
    let replies = '';
    sock.on('data', (d: Buffer) => (replies += d.toString('latin1')));
    sock.write(encodeCommand(['SUBSCRIBE', 'ch']), 'latin1');
    await waitFor(() => replies.includes('subscribe'), { what: 'subscribed' });
    sock.pause();
    const message = 'm'.repeat(10_000);
    await waitFor(async () => (await m.call('PUBLISH', 'ch', message)) === 0, { timeoutMs: 30_000, intervalMs: 0, what: 'subscriber dropped' });
    expect(master.output()).toMatch(/# Client id=\d+ .* flags=P .* sub=1 .* cmd=subscribe .* scheduled to be closed ASAP for overcoming of output buffer limits\./);
    sock.destroy();
    expect(String(await m.call('PING'))).toBe('PONG');
  });
});
