import { describe, expect, it } from 'vitest';
import { RespStatus, type RespValue } from '../../../src/server/protocol/types.js';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

/** Polls INFO clients until `n` clients are blocked (Redis's wait_for_blocked_clients_count). */
async function waitBlocked(admin: RespClient, n: number): Promise<void> {
  await waitFor(
    async () => {
      const info = String(await admin.call('INFO', 'clients'));
      return new RegExp(`^blocked_clients:${n}\\r?$`, 'm').test(info);
    },
    { what: `${n} blocked clients` },
  );
}

/** A reply promise whose settlement can be checked without awaiting it. */
function track(p: Promise<RespValue>): { p: Promise<RespValue>; done: () => boolean } {
  let settled = false;
  void p.then(
    () => (settled = true),
    () => (settled = true),
  );
  return { p, done: () => settled };
}

describe('blocking list pops against a running server', () => {
  it('serves waiters on a key in the order they blocked', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const waiters = await Promise.all([s.client(), s.client(), s.client()]);
    const replies: Array<Promise<RespValue>> = [];
    for (let i = 0; i < waiters.length; i++) {
      replies.push(waiters[i]!.call('BLPOP', 'q', '0'));
      await waitBlocked(admin, i + 1);
    }
    expect(await admin.call('RPUSH', 'q', 'a', 'b', 'c')).toBe(3);
    expect(await Promise.all(replies)).toEqual([
      ['q', 'a'],
      ['q', 'b'],
      ['q', 'c'],
    ]);
    expect(await admin.call('EXISTS', 'q')).toBe(0);
    await waitBlocked(admin, 0);
  });

  it('serves a waiter from the key that received data', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const w = await s.client();
    const reply = w.call('BRPOP', 'k1', 'k2', '0');
    await waitBlocked(admin, 1);
    await admin.call('LPUSH', 'k2', 'x');
    expect(await reply).toEqual(['k2', 'x']);
  });

  it('does not time out before the timeout, and answers a null array after it', async () => {
    const s = await startRctlServer();
    const w = await s.client();
    const t0 = performance.now();
    expect(await w.call('BLPOP', 'none', '0.25')).toBeNull();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(249);
    const t1 = performance.now();
    expect(await w.call('BLMOVE', 'none', 'dst', 'LEFT', 'RIGHT', '0.1')).toBeNull();
    expect(performance.now() - t1).toBeGreaterThanOrEqual(99);
    expect(await w.call('EXISTS', 'dst')).toBe(0);
  });

  it('wakes waiters only when a MULTI/EXEC that pushed has finished', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const w = await s.client();
    const other = await s.client();
    const reply = track(w.call('BLPOP', 'job', '0'));
    await waitBlocked(admin, 1);
    expect(await admin.call('MULTI')).toEqual(new RespStatus('OK'));
    expect(await admin.call('LPUSH', 'job', 'x', 'y')).toEqual(new RespStatus('QUEUED'));
    expect(await other.call('EXISTS', 'job')).toBe(0);
    expect(reply.done()).toBe(false);
    expect(await admin.call('EXEC')).toEqual([2]);
    expect(await reply.p).toEqual(['job', 'y']);
    expect(await other.call('LRANGE', 'job', '0', '-1')).toEqual(['x']);
  });

  it('runs a served client’s pipelined commands afterwards', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const w = await s.client();
    const popped = w.call('BLPOP', 'k', '0');
    const pong = w.call('PING');
    const pushed = w.call('LPUSH', 'k', 'after');
    await waitBlocked(admin, 1);
    await admin.call('RPUSH', 'k', 'first');
    expect(await popped).toEqual(['k', 'first']);
    expect(await pong).toEqual(new RespStatus('PONG'));
    expect(await pushed).toBe(1);
  });

  it('forgets a waiter that disconnects, so no element is lost', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const gone = await s.client();
    const next = await s.client();
    void gone.send('BLPOP', 'k', '0').catch(() => {});
    await waitBlocked(admin, 1);
    gone.close();
    await waitBlocked(admin, 0);
    const reply = next.call('BLMOVE', 'k', 'dst', 'RIGHT', 'LEFT', '0');
    await waitBlocked(admin, 1);
    await admin.call('RPUSH', 'k', 'v');
    expect(await reply).toBe('v');
    expect(await admin.call('LRANGE', 'dst', '0', '-1')).toEqual(['v']);
  });
});
