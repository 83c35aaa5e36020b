// Replication between rctl-server processes: full sync, streaming, partial resync after a
// replica restart and after a promotion, chained replicas, WAIT, auth and read-only rules.

import { describe, expect, it } from 'vitest';
import { info, waitInSync, waitLinkUp } from '../../helpers/replication.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0'];

describe('replication between rctl-server nodes', () => {
  it('full-syncs existing data, then streams writes to two replicas', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    await m.call('SET', 'before', 'sync');
    await m.call('RPUSH', 'list', 'a', 'b');
    const r1 = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const r2 = await startRctlServer({ args: [...FAST, '--replicaof', '127.0.0.1', String(master.port)] });
    const c1 = await r1.client();
    const c2 = await r2.client();
    await waitLinkUp(c1);
    await waitLinkUp(c2);
    await m.call('SET', 'after', 'stream');
    await m.call('INCR', 'counter');
    await m.call('HSET', 'h', 'f', 'v');
    await waitInSync(m, [c1, c2]);
    for (const c of [c1, c2]) {
      expect(String(await c.call('GET', 'before'))).toBe('sync');
      expect(String(await c.call('GET', 'after'))).toBe('stream');
      expect(await c.call('LRANGE', 'list', '0', '-1')).toEqual(['a', 'b']);
      expect(String(await c.call('HGET', 'h', 'f'))).toBe('v');
    }
    const mi = await info(m, 'replication');
    expect(mi.role).toBe('master');
    expect(mi.connected_slaves).toBe('2');
    expect(mi.slave0).toMatch(/^ip=127\.0\.0\.1,port=\d+,state=online,offset=\d+,lag=\d+$/);
    const ri = await info(c1, 'replication');
    expect(ri.role).toBe('slave');
    expect(ri.master_replid).toBe(mi.master_replid);
    expect((await info(m, 'stats')).sync_full).toBe('2');
  });

  it('refuses writes on a replica with READONLY and answers ROLE', async () => {
    const master = await startRctlServer({ args: FAST });
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const c = await replica.client();
    await waitLinkUp(c);
    await expect(c.call('SET', 'x', '1')).rejects.toThrow("READONLY You can't write against a read only replica.");
    const role = (await c.call('ROLE')) as unknown[];
    expect(role.slice(0, 4)).toEqual(['slave', '127.0.0.1', master.port, 'connected']);
  });

  it('resyncs partially after a replica restart with its snapshot (SHUTDOWN SAVE)', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const c = await replica.client();
    await waitLinkUp(c);
    for (let i = 0; i < 50; i++) await m.call('SET', `k${i}`, String(i));
    await waitInSync(m, [c]);
    // SIGTERM with save points configured would save too; SHUTDOWN SAVE is explicit.
    c.close();
    const dir = replica.dir;
    const stopper = await replica.client();
    // A successful SHUTDOWN never replies: the connection just closes.
    await stopper.send('SHUTDOWN', 'SAVE').catch(() => null);
    await replica.exited;
    await m.call('SET', 'while-down', 'yes');
    const again = await startRctlServer({ dir, args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const c2 = await again.client();
    await waitInSync(m, [c2]);
    expect(String(await c2.call('GET', 'while-down'))).toBe('yes');
    expect(String(await c2.call('GET', 'k49'))).toBe('49');
    const stats = await info(m, 'stats');
    expect(stats.sync_full).toBe('1');
    expect(stats.sync_partial_ok).toBe('1');
  });

  it('keeps partial resyncs after promoting a replica and re-pointing the others', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const r1 = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const r2 = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const c1 = await r1.client();
    const c2 = await r2.client();
    await m.call('SET', 'a', '1');
    await waitInSync(m, [c1, c2]);
    const oldId = (await info(m, 'replication')).master_replid;
    await c1.call('REPLICAOF', 'NO', 'ONE');
    const p = await info(c1, 'replication');
    expect(p.role).toBe('master');
    expect(p.master_replid2).toBe(oldId);
    await c2.call('REPLICAOF', '127.0.0.1', String(r1.port));
    await m.call('REPLICAOF', '127.0.0.1', String(r1.port));
    await c1.call('SET', 'b', '2');
    await waitInSync(c1, [c2, m]);
    expect(String(await c2.call('GET', 'b'))).toBe('2');
    expect(String(await m.call('GET', 'b'))).toBe('2');
    const stats = await info(c1, 'stats');
    expect(stats.sync_full).toBe('0');
    expect(stats.sync_partial_ok).toBe('2');
  });

  it('forwards the identical stream through a chained replica', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const mid = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const cm = await mid.client();
    await waitLinkUp(cm);
    const leaf = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${mid.port}`] });
    const cl = await leaf.client();
    await waitLinkUp(cl);
    await m.call('SET', 'chained', 'yes');
    await waitFor(async () => String(await cl.call('GET', 'chained')) === 'yes', { what: 'chained write' });
    const [a, b, c] = await Promise.all([info(m, 'replication'), info(cm, 'replication'), info(cl, 'replication')]);
    expect(b.master_replid).toBe(a.master_replid);
    expect(c.master_replid).toBe(a.master_replid);
    await waitFor(async () => (await info(cl, 'replication')).master_repl_offset === (await info(m, 'replication')).master_repl_offset, { what: 'offsets equal along the chain' });
  });

  it('WAIT counts replicas that acknowledged the write', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    await waitLinkUp(await replica.client());
    await m.call('SET', 'durable', '1');
    expect(await m.call('WAIT', '1', '5000')).toBe(1);
    expect(await m.call('WAIT', '2', '100')).toBe(1);
  });

  it('never gives data to a replica with a wrong masterauth and says why', async () => {
    const master = await startRctlServer({ args: [...FAST, '--requirepass', 'secret'] });
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`, '--masterauth', 'wrong'] });
    const c = await replica.client();
    await waitFor(async () => (await info(c, 'replication')).rctl_master_link_error?.includes('AUTH'), { what: 'auth error visible in INFO' });
    expect((await info(c, 'replication')).master_link_status).toBe('down');
    expect(replica.output()).toContain('Unable to AUTH to MASTER');
  });

  it('propagates expiry as absolute times and deletes as DEL', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const c = await replica.client();
    await waitLinkUp(c);
    await m.call('SET', 'ttl', 'v', 'EX', '100');
    await m.call('SET', 'short', 'v', 'PX', '50');
    await waitInSync(m, [c]);
    const [mt, rt] = await Promise.all([m.call('PEXPIRETIME', 'ttl'), c.call('PEXPIRETIME', 'ttl')]);
    expect(rt).toBe(mt);
    // The master deletes the expired key (lazily or actively) and the replica follows.
    await waitFor(async () => (await m.call('EXISTS', 'short')) === 0);
    await waitFor(async () => (await c.call('EXISTS', 'short')) === 0);
  });
});
