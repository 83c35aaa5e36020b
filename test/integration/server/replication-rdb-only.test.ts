// REPLCONF rdb-only 1 (redis-cli --rdb and other snapshot tools): the master sends the
// snapshot, never the stream, and closes the link once the payload is out, for disk-based
// and diskless transfers alike. Redis 7.0.15: replication.c replicaPutOnline refuses such a
// replica ("RDB transfer completed, rdb only replica (...) should be disconnected asap")
// and sendBulkToSlave / updateSlavesWaitingBgsave free it.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { RawReplica } from '../../helpers/raw-replica.js';
import { info } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const NAME = '127.0.0.1:<unknown-replica-port>';
const DONE_LOG = `* RDB transfer completed, rdb only replica (${NAME}) should be disconnected asap`;
const LOST_LOG = `# Connection with replica ${NAME} lost.`;

async function startMaster(diskless: boolean): Promise<{ master: ServerProcess; m: RespClient }> {
  const master = await startRctlServer({
    args: ['--save', '', '--repl-diskless-sync', diskless ? 'yes' : 'no', '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'],
  });
  const m = await master.client();
  // A snapshot that takes a while (0.4 s), so writes land while it is produced.
  await m.call('DEBUG', 'POPULATE', '80');
  await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '5000');
  return { master, m };
}

/** Writes while the snapshot is produced: they go to the stream, never to an rdb-only link. */
async function writeDuringSync(m: RespClient, master: ServerProcess): Promise<void> {
  await waitFor(() => master.output().includes('Starting BGSAVE for SYNC'), { what: 'sync started' });
  for (let i = 0; i < 20; i++) await m.call('SET', `during:${i}`, 'v'.repeat(100));
}

async function expectClosedAfterPayload(raw: RawReplica, m: RespClient, kind: 'disk' | 'eof'): Promise<void> {
  await waitFor(() => raw.closedByServer, { timeoutMs: 15_000, what: 'the master closed the rdb-only link' });
  const p = raw.payload();
  expect(p).not.toBeNull();
  expect(p!.kind).toBe(kind);
  expect(p!.rdb.subarray(0, 9).toString('latin1')).toBe('REDIS0010');
  // Nothing of the stream follows the snapshot.
  expect(p!.after.length).toBe(0);
  await waitFor(async () => (await info(m, 'replication')).connected_slaves === '0', { what: 'no replica left' });
}

describe('REPLCONF rdb-only 1', () => {
  it('closes a disk-based link once the file is sent, with no stream after it', async () => {
    const { master, m } = await startMaster(false);
    const raw = await RawReplica.connect(master.port, [['rdb-only', '1']]);
    await writeDuringSync(m, master);
    await expectClosedAfterPayload(raw, m, 'disk');
    const out = master.output();
    expect(out).toContain(DONE_LOG);
    expect(out.indexOf(LOST_LOG)).toBeGreaterThan(out.indexOf(DONE_LOG));
    // It never was a replica to put online.
    expect(out).not.toContain(`Synchronization with replica ${NAME} succeeded`);
    expect(String(await m.call('PING'))).toBe('PONG');
  });

  it('closes a diskless link after the EOF mark, without waiting for an ACK', async () => {
    const { master, m } = await startMaster(true);
    const raw = await RawReplica.connect(master.port, [['rdb-only', '1'], ['capa', 'eof']]);
    await writeDuringSync(m, master);
    await expectClosedAfterPayload(raw, m, 'eof');
    const out = master.output();
    const streamed = out.indexOf(`* Streamed RDB transfer with replica ${NAME} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`);
    expect(streamed).toBeGreaterThan(0);
    expect(out.indexOf(DONE_LOG)).toBeGreaterThan(streamed);
    expect(out.indexOf(LOST_LOG)).toBeGreaterThan(out.indexOf(DONE_LOG));
    expect(out).not.toContain(`Synchronization with replica ${NAME} succeeded`);
  });

  it('leaves a replica that set it back to 0 an ordinary, streaming replica', async () => {
    const { master, m } = await startMaster(false);
    await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
    const raw = await RawReplica.connect(master.port, [['rdb-only', '1'], ['rdb-only', '0']]);
    await waitFor(() => raw.payload() !== null, { what: 'payload received' });
    await waitFor(async () => /state=online/.test((await info(m, 'replication')).slave0 ?? ''), { what: 'replica online' });
    await m.call('SET', 'after', 'sync');
    await waitFor(() => raw.payload()!.after.toString('latin1').includes('after'), { what: 'the write streamed' });
    expect(raw.closedByServer).toBe(false);
    expect(master.output()).not.toContain('rdb only replica');
    raw.close();
  });

  it('frees the link after the payload even when the peer never closes its side', async () => {
    const { master, m } = await startMaster(false);
    await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
    // A half-open-tolerant peer that never ends its side: only our close frees the client.
    const sock = net.createConnection({ port: master.port, host: '127.0.0.1', allowHalfOpen: true });
    let ended = false;
    let got = 0;
    sock.on('data', (d: Buffer) => (got += d.length));
    sock.on('end', () => (ended = true));
    sock.on('error', () => {});
    await new Promise((r) => sock.once('connect', r));
    sock.write('*3\r\n$8\r\nREPLCONF\r\n$8\r\nrdb-only\r\n$1\r\n1\r\n');
    // SYNC waits for the +OK: with a reply still pending it is refused, as in Redis.
    await waitFor(() => got === 5, { what: '+OK' });
    sock.write('*1\r\n$4\r\nSYNC\r\n');
    try {
      await waitFor(() => ended, { what: 'the master ended the link' });
      expect(got).toBeGreaterThan(5);
      await waitFor(async () => (await info(m, 'clients')).connected_clients === '1', { what: 'the rdb-only client freed' });
      expect(String(await m.call('CLIENT', 'LIST'))).not.toContain('flags=S');
    } finally {
      sock.destroy();
    }
  });
});
