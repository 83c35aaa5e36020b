// Blocking sorted-set pops (BZPOPMIN, BZPOPMAX, BZMPOP) against a running rctl-server:
// serving order, reply shapes per protocol, timeouts, and what a replica receives.

import { describe, expect, it } from 'vitest';
import type { RespValue } from '../../../src/server/protocol/types.js';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { waitInSync, waitLinkUp } from '../../helpers/replication.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0'];

async function waitBlocked(admin: RespClient, n: number): Promise<void> {
  await waitFor(
    async () => new RegExp(`^blocked_clients:${n}\\r?$`, 'm').test(String(await admin.call('INFO', 'clients'))),
    { what: `${n} blocked clients` },
  );
}

const strings = (v: RespValue): unknown => (Array.isArray(v) ? v.map(strings) : typeof v === 'number' ? v : String(v));

describe('blocking sorted-set pops against a running server', () => {
  it('serves waiters in blocking order from the key that got members', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const w1 = await s.client();
    const w2 = await s.client();
    const r1 = w1.call('BZPOPMIN', 'k1', 'k2', '0');
    await waitBlocked(admin, 1);
    const r2 = w2.call('BZMPOP', '0', '2', 'k1', 'k2', 'MAX', 'COUNT', '5');
    await waitBlocked(admin, 2);
    expect(await admin.call('ZADD', 'k2', '1', 'a', '2', 'b', '3', 'c')).toBe(3);
    expect(strings(await r1)).toEqual(['k2', 'a', '1']);
    expect(strings(await r2)).toEqual(['k2', [['c', '3'], ['b', '2']]]);
    expect(await admin.call('EXISTS', 'k2')).toBe(0);
    await waitBlocked(admin, 0);
  });

  it('replies a RESP3 double to a RESP3 waiter', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const w = await s.client();
    await w.call('HELLO', '3');
    const r = w.call('BZPOPMAX', 'z', '0');
    await waitBlocked(admin, 1);
    await admin.call('ZADD', 'z', '1.5', 'x', '2.5', 'y');
    expect(await r).toEqual(['z', 'y', 2.5]);
    expect(String(await admin.call('ZSCORE', 'z', 'x'))).toBe('1.5');
  });

  it('answers a null array once the timeout has passed', async () => {
    const s = await startRctlServer();
    const w = await s.client();
    const t0 = performance.now();
    expect(await w.call('BZPOPMIN', 'none', '0.2')).toBeNull();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(199);
    expect(await w.call('BZMPOP', '0.1', '1', 'none', 'MIN')).toBeNull();
  });

  it('propagates served pops to a replica as ZPOPMIN/ZPOPMAX', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
    const r = await replica.client();
    await waitLinkUp(r);
    const w = await master.client();
    const served = w.call('BZMPOP', '0', '1', 'z', 'MIN', 'COUNT', '2');
    await waitBlocked(m, 1);
    await m.call('ZADD', 'z', '1', 'a', '2', 'b', '3', 'c', '4', 'd');
    expect(strings(await served)).toEqual(['z', [['a', '1'], ['b', '2']]]);
    expect(strings(await m.call('BZPOPMAX', 'z', '0'))).toEqual(['z', 'd', '4']);
    await waitInSync(m, [r]);
    expect(strings(await r.call('ZRANGE', 'z', '0', '-1', 'WITHSCORES'))).toEqual(['c', '3']);
  });
});
