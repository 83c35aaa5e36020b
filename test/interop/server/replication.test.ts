// Replication between rctl-server and a real redis-server 7.0, in both directions: full
// sync (disk-based and diskless), streaming writes of every type, link cuts resumed with
// a partial resync, and a promotion the old master follows partially. Data is compared
// key by key (DEBUG DIGEST) at every step.

import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { describeInterop } from '../../helpers/interop.js';
import { startRctlServer, startRealRedis, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import {
  decodeStream,
  diffData,
  info,
  infoFields,
  populateEveryType,
  RawReplica,
  syncStats,
  waitExpired,
  waitInSync,
  waitLinkUp,
  writeEveryType,
} from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

type Kind = 'rctl' | 'redis';

function start(kind: Kind, args: string[]): Promise<ServerProcess> {
  const base = ['--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes', ...args];
  return kind === 'rctl' ? startRctlServer({ args: ['--save', '', ...base] }) : startRealRedis({ args: base });
}

/**
 * The whole life of a master/replica pair: full sync of pre-existing data, streamed
 * writes, a link cut from each side (partial resyncs), then the replica is promoted and
 * the old master re-pointed to it (partial again).
 */
async function pairLifecycle(masterKind: Kind, replicaKind: Kind, diskless: 'yes' | 'no'): Promise<void> {
  const master = await start(masterKind, ['--repl-diskless-sync', diskless]);
  const m = await master.client();
  await populateEveryType(m);
  const replica = await start(replicaKind, ['--replicaof', `127.0.0.1 ${master.port}`]);
  const r = await replica.client();
  await waitLinkUp(r);
  expect(master.output()).toContain(`Starting BGSAVE for SYNC with target: ${diskless === 'yes' ? 'replicas sockets' : 'disk'}`);
  expect(await diffData(m, r)).toEqual([]);

  await writeEveryType(m, 1);
  await waitExpired(m, ['r1:gone']);
  await waitInSync(m, [r]);
  expect(await diffData(m, r)).toEqual([]);
  expect(await syncStats(m)).toEqual({ full: 1, partialOk: 0, partialErr: 0 });
  // REPLCONF GETACK / ACK: WAIT sees the replica acknowledge this client's last write.
  await m.call('SET', 'acked', '1');
  expect(await m.call('WAIT', '1', '10000')).toBe(1);
  await waitFor(async () => (await info(m, 'replication')).slave0?.includes(`offset=${(await info(m, 'replication')).master_repl_offset},`), { what: 'slave0 offset = master offset' });

  // The replica drops its master link: it reconnects and continues from its offset.
  await r.call('CLIENT', 'KILL', 'TYPE', 'master');
  await writeEveryType(m, 2);
  await waitExpired(m, ['r2:gone']);
  await waitInSync(m, [r]);
  expect(await diffData(m, r)).toEqual([]);
  await waitFor(async () => (await syncStats(m)).partialOk === 1, { what: 'partial resync after CLIENT KILL TYPE master' });

  // The master drops the replica: same outcome.
  await m.call('CLIENT', 'KILL', 'TYPE', 'replica');
  await m.call('SET', 'after-replica-kill', '1');
  await waitInSync(m, [r]);
  expect(await diffData(m, r)).toEqual([]);
  expect(await syncStats(m)).toEqual({ full: 1, partialOk: 2, partialErr: 0 });

  // Promotion: the replica continues the history under a new replid, keeping the old one
  // as replid2, so the old master's PSYNC is accepted.
  const before = await info(m, 'replication');
  expect(String(await r.call('REPLICAOF', 'NO', 'ONE'))).toBe('OK');
  const promoted = await info(r, 'replication');
  expect(promoted.role).toBe('master');
  expect(promoted.master_replid2).toBe(before.master_replid);
  expect(promoted.second_repl_offset).toBe(String(Number(before.master_repl_offset) + 1));
  await writeEveryType(r, 3);
  await waitExpired(r, ['r3:gone']);
  expect(String(await m.call('REPLICAOF', '127.0.0.1', String(replica.port)))).toBe('OK');
  await waitInSync(r, [m]);
  await writeEveryType(r, 4);
  await waitExpired(r, ['r4:gone']);
  await waitInSync(r, [m]);
  expect(await diffData(m, r)).toEqual([]);
  expect(await syncStats(r)).toEqual({ full: 0, partialOk: 1, partialErr: 0 });
  const demoted = await info(m, 'replication');
  expect(demoted.master_replid).toBe(promoted.master_replid);
  expect(demoted.master_replid2).toBe(before.master_replid);
}

/** Writes whose propagated form Redis rewrites, wraps or adds to (each run on a master). */
const STREAM_SCRIPT: string[][] = [
  ['SET', 'a', '1'],
  ['SET', 'b', '2', 'PXAT', '4102444800000'],
  ['SET', 'c', '3', 'EX', '100'],
  ['SETEX', 'sx', '100', 'v'],
  ['PSETEX', 'px', '100000', 'v'],
  ['EXPIRE', 'a', '100'],
  ['GETEX', 'c', 'PX', '5000'],
  ['INCRBYFLOAT', 'f', '1.5'],
  ['MULTI'],
  ['SET', 'm1', '1'],
  ['SET', 'm2', '2'],
  ['EXEC'],
  ['MULTI'],
  ['SET', 'm3', '3'],
  ['EXEC'],
  ['MULTI'],
  ['GET', 'a'],
  ['EXEC'],
  ['SELECT', '3'],
  ['SET', 'x', '1'],
  ['MULTI'],
  ['SET', 'y', '1'],
  ['SELECT', '4'],
  ['SET', 'z', '1'],
  ['EXEC'],
  ['SELECT', '0'],
  ['RPUSH', 'l', 'a', 'b', 'c'],
  ['LPOP', 'l'],
  ['BLPOP', 'l', '0'],
  ['RPOPLPUSH', 'l', 'l2'],
  ['LMOVE', 'l2', 'l3', 'LEFT', 'RIGHT'],
  ['SADD', 's', 'only'],
  ['SPOP', 's'],
  ['HSET', 'h', 'f', '1'],
  ['HINCRBYFLOAT', 'h', 'f', '0.5'],
  ['ZADD', 'z', '1', 'a'],
  ['ZINCRBY', 'z', '1', 'a'],
  ['ZPOPMIN', 'z'],
  ['DEL', 'nosuch'],
  ['EXPIRE', 'b', '-1'],
  ['COPY', 'h', 'h2'],
  ['RENAME', 'h2', 'h3'],
  ['SET', 'tmp', 'v', 'PX', '1'],
  ['SLEEP'],
  ['GET', 'tmp'],
  ['SET', 'last', '1'],
];

describeInterop('replication with a real redis-server 7.0', () => {
  it('writes the same replication stream as Redis (SELECT, MULTI/EXEC, rewrites, expiry DELs)', async () => {
    const streams: string[][] = [];
    for (const kind of ['redis', 'rctl'] as const) {
      const master = await start(kind, ['--repl-ping-replica-period', '3600']);
      const c = await master.client();
      const raw = await RawReplica.connect(master.port);
      for (const cmd of STREAM_SCRIPT) {
        if (cmd[0] === 'SLEEP') await new Promise((r) => setTimeout(r, 20));
        else await c.call(...cmd);
      }
      const end = Number((await info(c, 'replication')).master_repl_offset);
      const stream = decodeStream(await raw.streamUpTo(end, raw.startOffset));
      raw.close();
      // Absolute expiry times differ between the runs; PINGs depend on cron timing.
      streams.push(stream.filter((l) => l !== 'PING').map((l) => l.replace(/\b1\d{12}\b/g, '<ms>')));
    }
    expect(streams[1]).toEqual(streams[0]);
  });

  for (const diskless of ['yes', 'no'] as const) {
    it(`a real redis-server replicates from our master (repl-diskless-sync ${diskless})`, async () => {
      await pairLifecycle('rctl', 'redis', diskless);
    });

    it(`our replica follows a real redis-server master (repl-diskless-sync ${diskless})`, async () => {
      await pairLifecycle('redis', 'rctl', diskless);
    });
  }

  for (const [masterKind, replicaKind] of [
    ['rctl', 'redis'],
    ['redis', 'rctl'],
  ] as const) {
    it(`a ${replicaKind} replica loading for longer than the ${masterKind} master's repl-timeout ends in sync (keepalives)`, async () => {
      const master = await start(masterKind, ['--repl-timeout', '2', '--repl-diskless-sync', 'no', '--repl-ping-replica-period', '1']);
      const m = await master.client();
      await m.call('DEBUG', 'POPULATE', '20000', 'key', '10');
      const replica = await start(replicaKind, ['--replicaof', `127.0.0.1 ${master.port}`, '--key-load-delay', '200', '--repl-timeout', '2']);
      const r = await replica.client();
      await waitLinkUp(r, 40_000);
      await m.call('SET', 'after-load', '1');
      await waitInSync(m, [r]);
      expect(await diffData(m, r)).toEqual([]);
      // Our replica sends a newline every second while it loads, so the master keeps it.
      // Redis 7.0 sends one only every 2 MB of RDB read: a real replica loading a small
      // file this slowly is dropped once and resumes partially, from Redis masters too.
      if (replicaKind === 'rctl') expect(await syncStats(m)).toEqual({ full: 1, partialOk: 0, partialErr: 0 });
      else expect((await syncStats(m)).full).toBe(1);
    });
  }

  it('forwards the byte-identical stream through our replica to a real sub-replica (chain redis -> rctl -> redis)', async () => {
    const top = await start('redis', []);
    const t = await top.client();
    await populateEveryType(t);
    const mid = await start('rctl', ['--replicaof', `127.0.0.1 ${top.port}`]);
    const leaf = await start('redis', ['--replicaof', `127.0.0.1 ${mid.port}`]);
    const [mc, lc] = await Promise.all([mid.client(), leaf.client()]);
    await waitInSync(t, [mc, lc]);
    await writeEveryType(t, 1);
    await waitExpired(t, ['r1:gone']);
    await waitInSync(t, [mc, lc]);
    const [ti, mi, li] = await Promise.all([info(t, 'replication'), info(mc, 'replication'), info(lc, 'replication')]);
    expect(mi.master_replid).toBe(ti.master_replid);
    expect(li.master_replid).toBe(ti.master_replid);
    expect(li.master_repl_offset).toBe(ti.master_repl_offset);
    expect(await diffData(t, lc)).toEqual([]);
  });

  for (const [masterKind, replicaKind] of [
    ['rctl', 'redis'],
    ['redis', 'rctl'],
  ] as const) {
    it(`a ${replicaKind} replica authenticates to a ${masterKind} master with masteruser/masterauth`, async () => {
      const master = await start(masterKind, ['--requirepass', 'sekret']);
      const m = await master.client();
      await m.call('AUTH', 'sekret');
      await m.call('SET', 'k', 'v');
      const replica = await start(replicaKind, ['--replicaof', `127.0.0.1 ${master.port}`, '--masteruser', 'default', '--masterauth', 'sekret']);
      const r = await replica.client();
      await waitInSync(m, [r]);
      expect(String(await r.call('GET', 'k'))).toBe('v');
    });

    it(`FAILOVER hands a ${masterKind} master over to a ${replicaKind} replica`, async () => {
      const master = await start(masterKind, []);
      const m = await master.client();
      await populateEveryType(m);
      const replica = await start(replicaKind, ['--replicaof', `127.0.0.1 ${master.port}`]);
      const r = await replica.client();
      await waitInSync(m, [r]);
      await writeEveryType(m, 1);
      await waitExpired(m, ['r1:gone']);
      const oldId = (await info(m, 'replication')).master_replid;
      expect(String(await m.call('FAILOVER', 'TO', '127.0.0.1', String(replica.port), 'TIMEOUT', '10000'))).toBe('OK');
      await waitFor(async () => (await info(m, 'replication')).master_failover_state === 'no-failover', { what: 'failover finished' });
      const [mi, ri] = await Promise.all([info(m, 'replication'), info(r, 'replication')]);
      expect(mi.role).toBe('slave');
      expect(ri.role).toBe('master');
      expect(ri.master_replid2).toBe(oldId);
      await writeEveryType(r, 2);
      await waitExpired(r, ['r2:gone']);
      await waitInSync(r, [m]);
      expect(await diffData(m, r)).toEqual([]);
      expect(await syncStats(r)).toEqual({ full: 0, partialOk: 1, partialErr: 0 });
    });
  }

  for (const diskless of ['yes', 'no'] as const) {
    it(`reports a slow full sync with the master_sync_* fields of Redis (repl-diskless-sync ${diskless})`, async () => {
      // One slow real master per replica kind, so both transfers are in flight together.
      const masters = await Promise.all([0, 1].map(() => start('redis', ['--repl-diskless-sync', diskless, '--rdb-key-save-delay', '200'])));
      for (const m of masters) await (await m.client()).call('DEBUG', 'POPULATE', '20000', 'key', '100');
      const replicas = await Promise.all((['redis', 'rctl'] as const).map((k, i) => start(k, ['--replicaof', `127.0.0.1 ${masters[i]!.port}`])));
      const [rr, or] = await Promise.all(replicas.map((r) => r.client()));
      const inTransfer = async (c: RespClient): Promise<Record<string, string>> =>
        waitFor(
          async () => {
            const i = await info(c, 'replication');
            const moving = diskless === 'yes' ? Number(i.master_sync_read_bytes) > 0 : i.master_sync_in_progress === '1';
            return moving ? i : null;
          },
          { what: 'transfer in progress' },
        );
      const [ri, oi] = await Promise.all([inTransfer(rr!), inTransfer(or!)]);
      expect(Object.keys(oi).filter((k) => !k.startsWith('rctl_'))).toEqual(Object.keys(ri));
      for (const k of ['master_link_status', 'master_last_io_seconds_ago', 'master_sync_in_progress', 'master_link_down_since_seconds', 'repl_backlog_active', 'connected_slaves']) {
        expect(`${k}:${oi[k]}`).toBe(`${k}:${ri[k]}`);
      }
      // Diskless: no size is announced (total 0, left = -read); disk: -1 until the header.
      expect(oi.master_sync_total_bytes).toBe(ri.master_sync_total_bytes);
      if (diskless === 'yes') expect(Number(oi.master_sync_left_bytes)).toBe(-Number(oi.master_sync_read_bytes));
      expect(oi.master_sync_perc).toBe(ri.master_sync_perc);
    });
  }

  it('prints the INFO replication fields of Redis with min-replicas-to-write and after REPLICAOF NO ONE', async () => {
    const [rm, om] = await Promise.all([start('redis', ['--min-replicas-to-write', '1']), start('rctl', ['--min-replicas-to-write', '1'])]);
    const [rc, oc] = await Promise.all([rm.client(), om.client()]);
    expect(await infoFields(oc, 'replication')).toEqual(await infoFields(rc, 'replication'));
    // A master that followed nobody and is promoted again keeps no backlog.
    for (const c of [rc, oc]) await c.call('REPLICAOF', '127.0.0.1', '1');
    expect(await infoFields(oc, 'replication')).toEqual(await infoFields(rc, 'replication'));
    for (const c of [rc, oc]) await c.call('REPLICAOF', 'NO', 'ONE');
    const [ri, oi] = await Promise.all([info(rc, 'replication'), info(oc, 'replication')]);
    for (const k of ['repl_backlog_active', 'repl_backlog_first_byte_offset', 'second_repl_offset', 'master_repl_offset']) expect(`${k}:${oi[k]}`).toBe(`${k}:${ri[k]}`);
  });

  it('prints the INFO replication fields of Redis, in its order, on both roles', async () => {
    const realMaster = await start('redis', []);
    const ourMaster = await start('rctl', []);
    const rm = await realMaster.client();
    const om = await ourMaster.client();
    expect(await infoFields(om, 'replication')).toEqual(await infoFields(rm, 'replication'));
    // Replicas of each: a linked replica, then the same replica with its master gone.
    const realReplica = await start('redis', ['--replicaof', `127.0.0.1 ${ourMaster.port}`]);
    const ourReplica = await start('rctl', ['--replicaof', `127.0.0.1 ${realMaster.port}`]);
    const rr = await realReplica.client();
    const or = await ourReplica.client();
    await waitLinkUp(rr);
    await waitLinkUp(or);
    expect(await infoFields(or, 'replication')).toEqual(await infoFields(rr, 'replication'));
    expect(await infoFields(om, 'replication')).toEqual(await infoFields(rm, 'replication'));
    await realMaster.stop();
    await ourMaster.stop();
    await waitFor(async () => (await info(rr, 'replication')).master_link_status === 'down');
    await waitFor(async () => (await info(or, 'replication')).master_link_status === 'down');
    expect(await infoFields(or, 'replication')).toEqual(await infoFields(rr, 'replication'));
    const [ri, oi] = await Promise.all([info(rr, 'replication'), info(or, 'replication')]);
    expect(oi.master_last_io_seconds_ago).toBe(ri.master_last_io_seconds_ago);
    expect(oi.master_sync_in_progress).toBe(ri.master_sync_in_progress);
  });
});

/** redis-cli's --rdb and --replica modes sync with a plain SYNC (no PSYNC, no ACKs but one). */
describeInterop(
  'redis-cli as a replica of our master (plain SYNC)',
  () => {
    for (const diskless of ['yes', 'no'] as const) {
      it(`redis-cli --rdb saves a snapshot a real redis-server loads (repl-diskless-sync ${diskless})`, async () => {
        const master = await start('rctl', ['--repl-diskless-sync', diskless]);
        const m = await master.client();
        await populateEveryType(m);
        const { stderr } = await promisify(execFile)('redis-cli', ['-p', String(master.port), '--rdb', join(master.dir, 'cli.rdb')]);
        expect(stderr).toContain('Transfer finished with success');
        expect(master.output()).toMatch(/Replica 127\.0\.0\.1:<unknown-replica-port> asks for synchronization/);
        const loaded = await startRealRedis({ dir: master.dir, args: ['--dbfilename', 'cli.rdb'] });
        expect(await diffData(m, await loaded.client())).toEqual([]);
      });
    }

    it('redis-cli --replica prints the stream after its sync, as from a real master', async () => {
      const printed: string[][] = [];
      for (const kind of ['redis', 'rctl'] as const) {
        const master = await start(kind, ['--repl-diskless-sync', 'yes']);
        const m = await master.client();
        await m.call('SET', 'before', '1');
        const cli = spawn('redis-cli', ['-p', String(master.port), '--replica'], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
        cli.stderr.on('data', (d: Buffer) => (err += d.toString()));
        try {
          await waitFor(() => err.includes('Logging commands from master'), { what: 'redis-cli synced' });
          // After a diskless sync the stream starts once redis-cli sends its REPLCONF ACK.
          await waitFor(async () => /state=online/.test((await info(m, 'replication')).slave0 ?? ''), { what: 'redis-cli online' });
          await m.call('SET', 'after', '2');
          await m.call('RPUSH', 'list', 'a', 'b');
          await waitFor(() => out.includes('"RPUSH","list","a","b"'), { what: 'stream printed' });
          printed.push(out.split('\n').filter((l) => l !== '' && l !== '"PING"'));
        } finally {
          cli.kill();
        }
      }
      expect(printed[1]).toEqual(printed[0]);
    });
  },
  ['redis-cli'],
);
