// Connection management on the built server with real sockets: CLIENT LIST addresses,
// CLIENT KILL by address and filter, CLIENT PAUSE holding and releasing clients, RESET.

import { describe, expect, it } from 'vitest';
import { RespStatus } from '../../../src/server/protocol/types.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

/** The fields of one CLIENT LIST / INFO line. */
function fields(line: string): Record<string, string> {
  return Object.fromEntries(line.trim().split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

describe('CLIENT commands over sockets', () => {
  it('lists connections with their real addresses and kills one by address', async () => {
    const s = await startRctlServer();
    const a = await s.client();
    const b = await s.client();
    await b.call('CLIENT', 'SETNAME', 'victim');
    const list = String(await a.call('CLIENT', 'LIST')).trim().split('\n').map(fields);
    expect(list).toHaveLength(2);
    const victim = list.find((f) => f.name === 'victim')!;
    expect(victim.addr).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(victim.laddr).toBe(`127.0.0.1:${s.port}`);
    expect(victim.cmd).toBe('client|setname');
    expect(await a.call('CLIENT', 'KILL', victim.addr!)).toEqual(new RespStatus('OK'));
    await b.waitClosed();
    expect(String(await a.call('CLIENT', 'LIST')).trim().split('\n')).toHaveLength(1);
  });

  it('kills by TYPE and closes the caller itself with SKIPME no', async () => {
    const s = await startRctlServer();
    const a = await s.client();
    const sub = await s.client();
    await sub.send('SUBSCRIBE', 'ch');
    expect(await a.call('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(1);
    await sub.waitClosed();
    const id = await a.call('CLIENT', 'ID');
    expect(await a.call('CLIENT', 'KILL', 'ID', String(id), 'SKIPME', 'no')).toBe(1);
    await a.waitClosed();
  });

  it('holds writes during CLIENT PAUSE WRITE and runs them after UNPAUSE', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const w = await s.client();
    await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE');
    let done = false;
    const pending = w.call('SET', 'k', 'v').then((r) => {
      done = true;
      return r;
    });
    // A held client shows as blocked on its postponed command, as in Redis 7.0.
    await waitFor(async () => /flags=b .*cmd=set /.test(String(await admin.call('CLIENT', 'LIST', 'TYPE', 'normal'))), {
      what: 'SET held',
    });
    // Reads keep flowing for other clients while the write is held.
    expect(await admin.call('GET', 'k')).toBe(null);
    expect(done).toBe(false);
    await admin.call('CLIENT', 'UNPAUSE');
    expect(await pending).toEqual(new RespStatus('OK'));
    expect(await admin.call('GET', 'k')).toBe('v');
  });

  it('ends an ALL pause by itself when the timeout passes', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const other = await s.client();
    const t0 = Date.now();
    await admin.call('CLIENT', 'PAUSE', '300', 'ALL');
    expect(await other.call('PING')).toEqual(new RespStatus('PONG'));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('unblocks a BLPOP waiting client with CLIENT UNBLOCK', async () => {
    const s = await startRctlServer();
    const admin = await s.client();
    const waiter = await s.client();
    const id = await waiter.call('CLIENT', 'ID');
    const pending = waiter.send('BLPOP', 'nolist', '0');
    await waitFor(async () => String(await admin.call('CLIENT', 'LIST', 'ID', String(id))).includes('flags=b'), {
      what: 'client blocked',
    });
    expect(await admin.call('CLIENT', 'UNBLOCK', String(id), 'ERROR')).toBe(1);
    expect(String(await pending)).toBe('UNBLOCKED client unblocked via CLIENT UNBLOCK');
    expect(await waiter.call('PING')).toEqual(new RespStatus('PONG'));
  });

  it('RESET drops authentication when requirepass is set', async () => {
    const s = await startRctlServer({ args: ['--requirepass', 'pw'] });
    const c = await s.client();
    expect(String(await c.send('PING'))).toBe('NOAUTH Authentication required.');
    await c.call('AUTH', 'pw');
    await c.call('HELLO', '3');
    expect(await c.call('RESET')).toEqual(new RespStatus('RESET'));
    expect(String(await c.send('PING'))).toBe('NOAUTH Authentication required.');
  });
});
