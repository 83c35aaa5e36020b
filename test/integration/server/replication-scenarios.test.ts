// Replication failure scenarios between rctl-server processes, after Redis's own
// integration tests: replica crashes, link cuts inside and beyond the backlog, master
// restarts, min-replicas, writes during a slow full sync, stale data, silent masters,
// backlog TTL, INFO/ROLE shapes and REPLICAOF replies.

import { existsSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RespClient } from '../../../src/shared/resp-client.js';
import { freePort, startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { decodeStream, diffData, info, RawReplica, syncStats, waitInSync, waitLinkUp } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];

const replicaOf = (m: ServerProcess, ...extra: string[]): Promise<ServerProcess> =>
  startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${m.port}`, ...extra] });

const pause = (p: ServerProcess): void => void process.kill(p.pid, 'SIGSTOP');
const resume = (p: ServerProcess): void => void process.kill(p.pid, 'SIGCONT');

async function writeKeys(c: RespClient, prefix: string, n: number, size = 10): Promise<void> {
  const value = 'v'.repeat(size);
  for (let i = 0; i < n; i++) await c.call('SET', `${prefix}${i}`, value);
}

async function replyOf(p: Promise<unknown>): Promise<string> {
  try {
    return String(await p);
  } catch (e) {
    return (e as Error).message;
  }
}

describe('replication scenarios between rctl-server nodes', () => {
  it('resumes partially after kill -9 of a replica that kept its synced snapshot, fully without it', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    await writeKeys(m, 'before:', 100);
    let replica = await replicaOf(master);
    let r = await replica.client();
    await waitLinkUp(r);
    // The full sync payload became the replica's data file (repl-diskless-load disabled).
    expect(existsSync(join(replica.dir, 'dump.rdb'))).toBe(true);
    await writeKeys(m, 'streamed:', 50);
    await waitInSync(m, [r]);
    replica.kill();
    await replica.exited;
    await writeKeys(m, 'while-down:', 20);
    replica = await startRctlServer({ dir: replica.dir, args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    r = await replica.client();
    await waitInSync(m, [r]);
    expect(await diffData(m, r)).toEqual([]);
    expect(await syncStats(m)).toEqual({ full: 1, partialOk: 1, partialErr: 0 });
    expect(replica.output()).toContain('Successful partial resynchronization with master.');

    // Without its snapshot the restarted replica has no history to offer: full sync.
    replica.kill();
    await replica.exited;
    unlinkSync(join(replica.dir, 'dump.rdb'));
    await writeKeys(m, 'second-down:', 20);
    replica = await startRctlServer({ dir: replica.dir, args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    r = await replica.client();
    await waitInSync(m, [r]);
    expect(await diffData(m, r)).toEqual([]);
    expect(await syncStats(m)).toEqual({ full: 2, partialOk: 1, partialErr: 0 });
  });

  it('keeps no data file from a full sync with repl-diskless-load swapdb', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    await writeKeys(m, 'k', 10);
    const replica = await replicaOf(master, '--repl-diskless-load', 'swapdb');
    const r = await replica.client();
    await waitInSync(m, [r]);
    expect(await diffData(m, r)).toEqual([]);
    expect(replica.output()).toContain('MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to parser');
    expect(existsSync(join(replica.dir, 'dump.rdb'))).toBe(false);
  });

  it('resyncs partially after a link cut shorter than the backlog and fully after a longer one', async () => {
    const master = await startRctlServer({ args: [...FAST, '--repl-backlog-size', '16kb'] });
    const m = await master.client();
    const replica = await replicaOf(master);
    const r = await replica.client();
    await waitLinkUp(r);
    await waitInSync(m, [r]);

    // The replica is frozen while the master drops it and writes 1 KB: the backlog has it all.
    pause(replica);
    await m.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await writeKeys(m, 'short:', 10, 100);
    resume(replica);
    await waitInSync(m, [r]);
    expect(await syncStats(m)).toEqual({ full: 1, partialOk: 1, partialErr: 0 });

    // 100 KB written while cut: more than the 16 KB backlog holds.
    pause(replica);
    await m.call('CLIENT', 'KILL', 'TYPE', 'replica');
    await writeKeys(m, 'long:', 100, 1000);
    resume(replica);
    await waitInSync(m, [r]);
    expect(await syncStats(m)).toEqual({ full: 2, partialOk: 1, partialErr: 1 });
    expect(master.output()).toContain('for lack of backlog');
    expect(await diffData(m, r)).toEqual([]);
  });

  it('lets replicas resync partially with a master restarted from its snapshot', async () => {
    const port = await freePort();
    let master = await startRctlServer({ args: [...FAST, '--port', String(port)] });
    let m = await master.client();
    const replica = await replicaOf(master);
    const r = await replica.client();
    await waitLinkUp(r);
    await writeKeys(m, 'k', 30);
    await waitInSync(m, [r]);
    const before = await info(m, 'replication');
    // SHUTDOWN waits for the replica to acknowledge everything, then saves.
    await m.send('SHUTDOWN', 'SAVE').catch(() => null);
    await master.exited;
    expect(master.output()).not.toContain('Lagging replica');
    await waitFor(async () => (await info(r, 'replication')).master_link_status === 'down');
    const replicaOffset = Number((await info(r, 'replication')).slave_repl_offset);
    master = await startRctlServer({ dir: master.dir, args: [...FAST, '--port', String(port)] });
    m = await master.client();
    await waitInSync(m, [r]);
    // The saved history continues as replid2, valid up to the saved offset.
    const after = await info(m, 'replication');
    expect(after.master_replid2).toBe(before.master_replid);
    expect(after.second_repl_offset).toBe(String(replicaOffset + 1));
    expect(after.master_replid).not.toBe(before.master_replid);
    expect(await syncStats(m)).toEqual({ full: 0, partialOk: 1, partialErr: 0 });
    await m.call('SET', 'after-restart', '1');
    await waitInSync(m, [r]);
    expect(await diffData(m, r)).toEqual([]);
  });

  it('refuses writes with NOREPLICAS without enough replicas acknowledging in time', async () => {
    const master = await startRctlServer({ args: [...FAST, '--min-replicas-to-write', '1', '--min-replicas-max-lag', '2'] });
    const m = await master.client();
    expect(await replyOf(m.call('SET', 'k', 'v'))).toBe('NOREPLICAS Not enough good replicas to write.');
    expect((await info(m, 'replication')).min_slaves_good_slaves).toBe('0');
    const replica = await replicaOf(master);
    await waitLinkUp(await replica.client());
    await waitFor(async () => (await replyOf(m.call('SET', 'k', 'v'))) === 'OK', { what: 'writes accepted with a good replica' });
    expect((await info(m, 'replication')).min_slaves_good_slaves).toBe('1');
    // A frozen replica stops acknowledging: after max-lag it no longer counts.
    pause(replica);
    await waitFor(async () => (await replyOf(m.call('SET', 'k', 'v'))).startsWith('NOREPLICAS'), { timeoutMs: 20_000, what: 'NOREPLICAS once the replica lags' });
    resume(replica);
    await waitFor(async () => (await replyOf(m.call('SET', 'k', 'v'))) === 'OK', { timeoutMs: 20_000, what: 'writes accepted again' });
  });

  it('wraps an execution unit of several writes in MULTI/EXEC and sends a single one bare', async () => {
    const master = await startRctlServer({ args: [...FAST, '--repl-ping-replica-period', '3600'] });
    const m = await master.client();
    const raw = await RawReplica.connect(master.port);
    await m.call('MULTI');
    await m.call('SET', 'a', '1');
    await m.call('INCR', 'n');
    await m.call('EXEC');
    await m.call('MULTI');
    await m.call('SET', 'b', '2');
    await m.call('GET', 'a');
    await m.call('EXEC');
    await m.call('SELECT', '2');
    await m.call('SET', 'c', '3');
    const end = Number((await info(m, 'replication')).master_repl_offset);
    const stream = decodeStream(await raw.streamUpTo(end, raw.startOffset)).filter((l) => l !== 'PING');
    raw.close();
    expect(stream).toEqual(['SELECT 0', 'MULTI', 'SET a 1', 'INCR n', 'EXEC', 'SET b 2', 'SELECT 2', 'SET c 3']);
  });

  for (const diskless of ['yes', 'no'] as const) {
    it(`delivers every write made during a slow full sync of a large dataset (repl-diskless-sync ${diskless})`, async () => {
      // 40k keys at 50 µs each: the snapshot takes about two seconds to produce.
      const master = await startRctlServer({ args: [...FAST, '--repl-diskless-sync', diskless, '--rdb-key-save-delay', '50'] });
      const m = await master.client();
      await m.call('DEBUG', 'POPULATE', '40000', 'key', '20');
      const replica = await replicaOf(master);
      const r = await replica.client();
      let writes = 0;
      let sawTransfer = false;
      let sawProgress = false;
      for (;;) {
        const ri = await info(r, 'replication');
        if (ri.master_link_status === 'up') break;
        if (ri.master_sync_in_progress === '1') {
          sawTransfer = true;
          expect(Object.keys(ri)).toEqual(expect.arrayContaining(['master_sync_total_bytes', 'master_sync_read_bytes', 'master_sync_left_bytes', 'master_sync_perc', 'master_sync_last_io_seconds_ago']));
          if (diskless === 'yes' && Number(ri.master_sync_read_bytes) > 0) {
            sawProgress = true;
            expect(ri.master_sync_total_bytes).toBe('0');
            expect(ri.master_sync_left_bytes).toBe(String(-Number(ri.master_sync_read_bytes)));
          }
        }
        // Overwrite, delete and create keys while the snapshot is taken and sent.
        const i = writes++;
        await m.call('SET', `key:${i * 7}`, `changed-${i}`);
        await m.call('DEL', `key:${i * 7 + 1}`);
        await m.call('RPUSH', 'during-sync', String(i));
        await m.call('INCR', 'counter');
        if (writes > 100_000) throw new Error('full sync never finished');
      }
      expect(sawTransfer).toBe(true);
      if (diskless === 'yes') expect(sawProgress).toBe(true);
      expect(writes).toBeGreaterThan(10);
      await waitInSync(m, [r], 30_000);
      expect(await diffData(m, r)).toEqual([]);
      expect(String(await r.call('GET', 'counter'))).toBe(String(writes));
    });
  }

  it('keeps a replica that loads its snapshot for longer than repl-timeout (newline keepalives)', async () => {
    const master = await startRctlServer({ args: [...FAST, '--repl-timeout', '2', '--repl-diskless-sync', 'no'] });
    const m = await master.client();
    await m.call('DEBUG', 'POPULATE', '20000', 'key', '10');
    // 20k keys at 200 µs: about four seconds of loading, twice the master's timeout.
    const replica = await replicaOf(master, '--key-load-delay', '200', '--repl-timeout', '2');
    const r = await replica.client();
    await waitLinkUp(r, 30_000);
    await m.call('SET', 'after-load', '1');
    await waitInSync(m, [r]);
    expect(await syncStats(m)).toEqual({ full: 1, partialOk: 0, partialErr: 0 });
    expect(master.output()).not.toContain('Disconnecting timedout replica');
  });

  it('answers MASTERDOWN with replica-serve-stale-data no while the link is down', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    await m.call('SET', 'k', 'v');
    const replica = await replicaOf(master, '--replica-serve-stale-data', 'no');
    const r = await replica.client();
    await waitInSync(m, [r]);
    expect(String(await r.call('GET', 'k'))).toBe('v');
    master.kill();
    await master.exited;
    await waitFor(async () => (await info(r, 'replication')).master_link_status === 'down');
    expect(await replyOf(r.call('GET', 'k'))).toBe("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.");
    // As in Redis 7.0, PING is data access too; commands flagged stale (INFO, ROLE) work.
    expect(await replyOf(r.call('PING'))).toMatch(/^MASTERDOWN /);
    expect(((await r.call('ROLE')) as unknown[])[0]).toBe('slave');
    expect(Number((await info(r, 'replication')).master_link_down_since_seconds)).toBeGreaterThanOrEqual(0);
  });

  it('detects a silent master with repl-timeout and resumes partially once it is back', async () => {
    const master = await startRctlServer({ args: [...FAST, '--repl-ping-replica-period', '1'] });
    const m = await master.client();
    const replica = await replicaOf(master, '--repl-timeout', '2');
    const r = await replica.client();
    await waitLinkUp(r);
    await m.call('SET', 'k', '1');
    await waitInSync(m, [r]);
    pause(master);
    try {
      await waitFor(async () => (await info(r, 'replication')).master_link_status === 'down', { timeoutMs: 20_000, what: 'link down after repl-timeout' });
      expect(replica.output()).toContain('MASTER timeout: no data nor PING received...');
    } finally {
      resume(master);
    }
    await m.call('SET', 'k', '2');
    await waitInSync(m, [r], 30_000);
    expect(String(await r.call('GET', 'k'))).toBe('2');
    expect((await syncStats(m)).full).toBe(1);
    expect((await syncStats(m)).partialOk).toBeGreaterThanOrEqual(1);
  });

  it('frees the backlog and changes the replid after repl-backlog-ttl without replicas', async () => {
    const master = await startRctlServer({ args: [...FAST, '--repl-backlog-ttl', '1'] });
    const m = await master.client();
    const replica = await replicaOf(master);
    const r = await replica.client();
    await waitLinkUp(r);
    const before = await info(m, 'replication');
    expect(before.repl_backlog_active).toBe('1');
    await r.call('REPLICAOF', 'NO', 'ONE');
    await waitFor(async () => (await info(m, 'replication')).repl_backlog_active === '0', { what: 'backlog freed' });
    const after = await info(m, 'replication');
    expect(after.master_replid).not.toBe(before.master_replid);
    expect(after.master_replid2).toBe('0'.repeat(40));
    expect(master.output()).toContain('Replication backlog freed after 1 seconds without connected replicas.');
  });

  it('answers ROLE and REPLICAOF as Redis does', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const replica = await replicaOf(master);
    const r = await replica.client();
    await waitInSync(m, [r]);
    const offset = Number((await info(m, 'replication')).master_repl_offset);
    expect(await m.call('ROLE')).toEqual(['master', offset, [['127.0.0.1', String(replica.port), String(offset)]]]);
    expect(await r.call('ROLE')).toEqual(['slave', '127.0.0.1', master.port, 'connected', offset]);
    expect(await replyOf(r.call('REPLICAOF', '127.0.0.1', String(master.port)))).toBe('OK Already connected to specified master');
    expect(await replyOf(r.call('REPLICAOF', '127.0.0.1', '70000'))).toBe('ERR Invalid master port');
    expect(await replyOf(r.call('SLAVEOF', '127.0.0.1', 'x'))).toBe('ERR Invalid master port');
    expect(await replyOf(m.call('REPLICAOF', 'NO', 'ONE'))).toBe('OK');
    expect(await replyOf(m.call('WAIT', '1', '-1'))).toBe('ERR timeout is negative');
    expect(await replyOf(r.call('WAIT', '1', '0'))).toMatch(/^ERR WAIT cannot be used with replica instances/);
    // A replica pointed at a master that is not there reports ROLE state connect/connecting.
    await r.call('REPLICAOF', '127.0.0.1', String(await freePort()));
    const role = (await r.call('ROLE')) as unknown[];
    expect(['connect', 'connecting', 'handshake']).toContain(role[3]);
    expect(role[4]).toBe(-1);
  });

  it('disconnects clients blocked on a master that turns into a replica', async () => {
    const a = await startRctlServer({ args: FAST });
    const b = await startRctlServer({ args: FAST });
    const ca = await a.client();
    const blocked = await a.client();
    const pending = replyOf(blocked.call('BLPOP', 'list', '0'));
    await waitFor(async () => (await info(ca, 'clients')).blocked_clients === '1');
    await ca.call('REPLICAOF', '127.0.0.1', String(b.port));
    expect(await pending).toBe('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)');
    await blocked.waitClosed();
  });

  it('WAIT blocks until the replica acknowledged this client\'s last write', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const replica = await replicaOf(master);
    const r = await replica.client();
    await waitLinkUp(r);
    await m.call('SET', 'x', '1');
    pause(replica);
    try {
      await m.call('SET', 'y', '1');
      // The frozen replica cannot acknowledge the second write.
      expect(await m.call('WAIT', '1', '300')).toBe(0);
    } finally {
      resume(replica);
    }
    expect(await m.call('WAIT', '1', '10000')).toBe(1);
  });
});
