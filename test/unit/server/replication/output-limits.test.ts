// client-output-buffer-limit as Redis 7.0's checkClientOutputBufferLimits applies it: the
// class of a client (replica, pubsub, normal; MONITOR counts as normal), the hard limit,
// the soft limit held for more than soft-seconds (whole seconds), and a replica's hard
// limit never below repl-backlog-size.

import { afterEach, describe, expect, it, vi } from 'vitest';
import { outputBufferLimitReached } from '../../../../src/server/server.js';
import { makeServer } from '../../../helpers/harness.js';

afterEach(() => {
  vi.useRealTimers();
});

function client(limits: string, backlog = '1048576') {
  const srv = makeServer({ 'client-output-buffer-limit': limits, 'repl-backlog-size': backlog });
  return srv.client().c;
}

describe('output buffer limits', () => {
  it('applies the hard limit of the client class', () => {
    const c = client('normal 1000 0 0 pubsub 2000 0 0 replica 0 0 0');
    expect(outputBufferLimitReached(c, 999)).toBe(false);
    expect(outputBufferLimitReached(c, 1000)).toBe(true);
    c.channels.add('ch');
    expect(outputBufferLimitReached(c, 1000)).toBe(false);
    expect(outputBufferLimitReached(c, 2000)).toBe(true);
    // A replica: its class has no limits here.
    c.isReplica = true;
    expect(outputBufferLimitReached(c, 10_000_000)).toBe(false);
    // MONITOR clients are flagged like replicas but limited as normal clients.
    c.isMonitor = true;
    c.channels.clear();
    expect(outputBufferLimitReached(c, 1000)).toBe(true);
  });

  it('never lets a replica hard limit be lower than repl-backlog-size', () => {
    const c = client('replica 16384 0 0', '65536');
    c.isReplica = true;
    expect(outputBufferLimitReached(c, 65535)).toBe(false);
    expect(outputBufferLimitReached(c, 65536)).toBe(true);
    const big = client('replica 131072 0 0', '65536');
    big.isReplica = true;
    expect(outputBufferLimitReached(big, 131071)).toBe(false);
    expect(outputBufferLimitReached(big, 131072)).toBe(true);
  });

  it('closes over the soft limit only once it held for more than soft-seconds', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2030-01-01T00:00:00.300Z'));
    const c = client('normal 0 1000 2');
    // The first time over only starts the clock.
    expect(outputBufferLimitReached(c, 1500)).toBe(false);
    vi.setSystemTime(new Date('2030-01-01T00:00:02.900Z'));
    expect(outputBufferLimitReached(c, 1500)).toBe(false);
    vi.setSystemTime(new Date('2030-01-01T00:00:03.000Z'));
    expect(outputBufferLimitReached(c, 1500)).toBe(true);
    // Dropping under the soft limit resets the clock.
    expect(outputBufferLimitReached(c, 10)).toBe(false);
    expect(c.obufSoftLimitReachedTime).toBe(0);
    expect(outputBufferLimitReached(c, 1500)).toBe(false);
  });
});
