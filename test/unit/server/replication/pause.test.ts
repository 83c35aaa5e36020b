// Client pauses kept per purpose (networking.c pauseClients / unpauseClients in Redis 7.0):
// CLIENT PAUSE, FAILOVER and SHUTDOWN each own their pause, and the one in force is the
// strictest type with the latest end among them. Checked against redis-server 7.0.15:
// CLIENT UNPAUSE during a FAILOVER leaves writes paused, and a FAILOVER that ends leaves
// a user's CLIENT PAUSE in force.

import { beforeAll, describe, expect, it } from 'vitest';
import { setResumeClient } from '../../../../src/server/blocking.js';
import { pauseClients, unpauseClients } from '../../../../src/server/commands/connection.js';
import { processInputBuffer } from '../../../../src/server/server.js';
import { makeServer, type TestClient } from '../../../helpers/harness.js';
import { waitFor } from '../../../helpers/wait-for.js';

/** What FAILOVER pauses with: writes, until the failover ends. */
const FAILOVER_END = 8.64e15;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

beforeAll(() => {
  // The harness has no sockets: resumed clients run their pending input directly.
  setResumeClient((c) => {
    processInputBuffer(c);
    c.server.flushWrites();
  });
});

/** Output a client got once held commands had their turn. */
async function afterTurn(c: TestClient): Promise<string> {
  await nextTurn();
  return c.take();
}

describe('client pauses per purpose', () => {
  it('keeps a FAILOVER write pause when CLIENT UNPAUSE ends the user pause', async () => {
    const srv = makeServer();
    const admin = srv.client();
    const writer = srv.client();
    pauseClients(srv.state, 'failover', 'write', FAILOVER_END);
    expect(admin.run('CLIENT', 'PAUSE', '100000', 'WRITE')).toBe('+OK\r\n');
    expect(admin.run('CLIENT', 'UNPAUSE')).toBe('+OK\r\n');
    expect(writer.feed('GET k\r\nSET k 1\r\n')).toBe('$-1\r\n');
    expect(await afterTurn(writer)).toBe('');
    expect(srv.state.pauseType).toBe('write');
    // CLIENT UNPAUSE without a user pause changes nothing either.
    expect(admin.run('CLIENT', 'UNPAUSE')).toBe('+OK\r\n');
    expect(await afterTurn(writer)).toBe('');
    unpauseClients(srv.state, 'failover');
    expect(srv.state.pauseType).toBe('none');
    expect(await afterTurn(writer)).toBe('+OK\r\n');
  });

  it('keeps a CLIENT PAUSE when the FAILOVER pause ends, in either order', async () => {
    const srv = makeServer();
    const admin = srv.client();
    const writer = srv.client();
    // The user pauses first, then a failover starts and ends.
    admin.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    pauseClients(srv.state, 'failover', 'write', FAILOVER_END);
    unpauseClients(srv.state, 'failover');
    expect(writer.feed('SET k 1\r\n')).toBe('');
    expect(await afterTurn(writer)).toBe('');
    // A failover first, then the user pause: the failover ending still leaves it.
    pauseClients(srv.state, 'failover', 'write', FAILOVER_END);
    admin.run('CLIENT', 'PAUSE', '100000', 'ALL');
    unpauseClients(srv.state, 'failover');
    expect(srv.state.pauseType).toBe('all');
    expect(await afterTurn(writer)).toBe('');
    expect(admin.feed('CLIENT UNPAUSE\r\n')).toBe('');
    // Nothing can end an ALL pause from a client: unpause as its timeout would.
    unpauseClients(srv.state, 'client');
    expect(await afterTurn(admin)).toBe('+OK\r\n');
    expect(await afterTurn(writer)).toBe('+OK\r\n');
  });

  it('serves reads again when a short CLIENT PAUSE ALL expires during a FAILOVER, but not writes', async () => {
    const srv = makeServer();
    const admin = srv.client();
    const reader = srv.client();
    const writer = srv.client();
    pauseClients(srv.state, 'failover', 'write', FAILOVER_END);
    expect(admin.run('CLIENT', 'PAUSE', '30', 'ALL')).toBe('+OK\r\n');
    expect(srv.state.pauseType).toBe('all');
    expect(reader.feed('GET k\r\n')).toBe('');
    expect(writer.feed('SET k 1\r\n')).toBe('');
    // The ALL pause runs out on its own timer; the failover's WRITE pause takes over.
    await waitFor(() => reader.take() === '$-1\r\n', { timeoutMs: 2000, what: 'GET served after the ALL pause' });
    expect(srv.state.pauseType).toBe('write');
    expect(srv.state.pauseEnd).toBe(FAILOVER_END);
    expect(await afterTurn(writer)).toBe('');
    unpauseClients(srv.state, 'failover');
    expect(await afterTurn(writer)).toBe('+OK\r\n');
  });

  it('takes the strictest type and, for it, the latest end across purposes', () => {
    const srv = makeServer();
    const s = srv.state;
    const now = Date.now();
    pauseClients(s, 'client', 'write', now + 50_000);
    pauseClients(s, 'shutdown', 'write', now + 10_000);
    expect([s.pauseType, s.pauseEnd]).toEqual(['write', now + 50_000]);
    pauseClients(s, 'failover', 'all', now + 20_000);
    expect([s.pauseType, s.pauseEnd]).toEqual(['all', now + 20_000]);
    unpauseClients(s, 'failover');
    expect([s.pauseType, s.pauseEnd]).toEqual(['write', now + 50_000]);
    unpauseClients(s, 'client');
    expect([s.pauseType, s.pauseEnd]).toEqual(['write', now + 10_000]);
    unpauseClients(s, 'shutdown');
    expect([s.pauseType, s.pauseEnd]).toEqual(['none', 0]);
    expect(s.pauses.size).toBe(0);
  });

  it('widens one purpose to its stricter type and later end, as repeated CLIENT PAUSE does', () => {
    const srv = makeServer();
    const admin = srv.client();
    const s = srv.state;
    admin.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    const end = s.pauseEnd;
    admin.run('CLIENT', 'PAUSE', '10', 'ALL');
    expect([s.pauseType, s.pauseEnd]).toEqual(['all', end]);
    expect(s.pauses.get('client')).toEqual({ type: 'all', end });
    unpauseClients(s, 'client');
  });
});
