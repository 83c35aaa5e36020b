import { describe, expect, it } from 'vitest';
import type { PropagatedOp } from '../../../../src/server/state.js';
import { makeServer, type TestClient } from '../../../helpers/harness.js';

const EXECABORT = '-EXECABORT Transaction discarded because of previous errors.\r\n';
/** EXEC's reply when a watched key changed, and the reply of a MULTI PING EXEC that ran. */
const ABORTED = '*-1\r\n';
const PONG = '*1\r\n+PONG\r\n';

/** A server with two clients: `a` watches and runs transactions, `b` writes meanwhile. */
function twoClients() {
  const srv = makeServer();
  return { srv, a: srv.client(), b: srv.client() };
}

/** MULTI, PING, EXEC on c; returns EXEC's reply. */
function execPing(c: TestClient): string {
  c.run('MULTI');
  c.run('PING');
  return c.run('EXEC');
}

describe('MULTI / EXEC / DISCARD', () => {
  it('queues commands and returns their replies from EXEC', () => {
    const c = makeServer().client();
    expect(c.run('MULTI')).toBe('+OK\r\n');
    expect(c.run('SET', 'a', '1')).toBe('+QUEUED\r\n');
    expect(c.run('INCR', 'a')).toBe('+QUEUED\r\n');
    expect(c.run('GET', 'a')).toBe('+QUEUED\r\n');
    expect(c.run('EXEC')).toBe('*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n');
    expect(c.c.inMulti).toBe(false);
  });

  it('keeps runtime errors inside the EXEC array', () => {
    const c = makeServer().client();
    c.run('MULTI');
    c.run('SET', 'a', 'x');
    c.run('INCR', 'a');
    c.run('GET', 'a');
    expect(c.run('EXEC')).toBe('*3\r\n+OK\r\n-ERR value is not an integer or out of range\r\n$1\r\nx\r\n');
  });

  it('aborts with EXECABORT after a rejected command', () => {
    const c = makeServer().client();
    c.run('MULTI');
    c.run('SET', 'a', '1');
    expect(c.run('NOSUCH')).toBe("-ERR unknown command 'NOSUCH', with args beginning with: \r\n");
    expect(c.run('EXEC')).toBe(EXECABORT);
    c.run('MULTI');
    expect(c.run('SET', 'a')).toBe("-ERR wrong number of arguments for 'set' command\r\n");
    expect(c.run('EXEC')).toBe(EXECABORT);
    expect(c.run('GET', 'a')).toBe('$-1\r\n');
  });

  it('does not flag the transaction for nested MULTI or WATCH inside MULTI', () => {
    const c = makeServer().client();
    c.run('MULTI');
    expect(c.run('MULTI')).toBe('-ERR MULTI calls can not be nested\r\n');
    expect(c.run('WATCH', 'x')).toBe('-ERR WATCH inside MULTI is not allowed\r\n');
    c.run('PING');
    expect(c.run('EXEC')).toBe('*1\r\n+PONG\r\n');
  });

  it('rejects EXEC and DISCARD without MULTI', () => {
    const c = makeServer().client();
    expect(c.run('EXEC')).toBe('-ERR EXEC without MULTI\r\n');
    expect(c.run('DISCARD')).toBe('-ERR DISCARD without MULTI\r\n');
    expect(c.run('MULTI', 'x')).toBe("-ERR wrong number of arguments for 'multi' command\r\n");
    expect(c.run('DISCARD', 'x')).toBe("-ERR wrong number of arguments for 'discard' command\r\n");
  });

  it('turns a rejected EXEC into EXECABORT naming the reason', () => {
    const c = makeServer().client();
    expect(c.run('EXEC', 'x')).toBe("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
    c.run('MULTI');
    c.run('SET', 'a', '1');
    expect(c.run('EXEC', 'x')).toBe("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n");
    expect(c.c.inMulti).toBe(false);
    expect(c.run('GET', 'a')).toBe('$-1\r\n');
    const stat = c.state.stats.commandStat('exec');
    expect(stat.rejectedCalls).toBe(2);
    expect(c.state.stats.errors.get('EXECABORT')).toBe(2);
  });

  it('keeps NOAUTH and the subscribe-context text in EXECABORT', () => {
    const srv = makeServer({ requirepass: 'secret' });
    const c = srv.client();
    expect(c.run('EXEC')).toBe('-EXECABORT Transaction discarded because of: NOAUTH Authentication required.\r\n');
    c.run('AUTH', 'secret');
    c.run('SUBSCRIBE', 'a');
    expect(c.run('EXEC')).toBe(
      "-EXECABORT Transaction discarded because of: Can't execute 'exec': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    expect(c.run('MULTI')).toBe(
      "-ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
  });

  it('discards the queue and unwatches', () => {
    const c = makeServer().client();
    c.run('WATCH', 'k');
    c.run('MULTI');
    c.run('SET', 'a', '1');
    expect(c.run('DISCARD')).toBe('+OK\r\n');
    expect(c.c.watched).toEqual([]);
    expect(c.state.watchedKeys.size).toBe(0);
    expect(c.run('GET', 'a')).toBe('$-1\r\n');
  });

  it('runs SUBSCRIBE inside EXEC but refuses SSUBSCRIBE', () => {
    const c = makeServer().client();
    c.run('MULTI');
    c.run('SUBSCRIBE', 'ch');
    c.run('SSUBSCRIBE', 's');
    c.run('PING');
    expect(c.run('EXEC')).toBe(
      "*3\r\n*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n",
    );
  });

  it('switches protocol mid-transaction with HELLO', () => {
    const c = makeServer().client();
    c.run('MULTI');
    c.run('HELLO', '3');
    c.run('GET', 'nokey');
    const out = c.run('EXEC');
    expect(out.startsWith('*2\r\n%7\r\n')).toBe(true);
    expect(out.endsWith('_\r\n')).toBe(true);
  });

  it('answers a discarded EXEC with a null in RESP3', () => {
    const { a, b } = twoClients();
    a.c.resp = 3;
    a.run('WATCH', 'k');
    b.run('SET', 'k', '1');
    expect(execPing(a)).toBe('_\r\n');
  });

  it('runs QUIT and RESET immediately inside MULTI, queues UNWATCH', () => {
    const c = makeServer().client();
    c.run('MULTI');
    expect(c.run('UNWATCH')).toBe('+QUEUED\r\n');
    expect(c.run('RESET')).toBe('+RESET\r\n');
    expect(c.c.inMulti).toBe(false);
  });
});

describe('WATCH', () => {
  it('fails EXEC when a watched key changes', () => {
    const { a, b } = twoClients();
    a.run('SET', 'k', '1');
    expect(a.run('WATCH', 'k', 'other')).toBe('+OK\r\n');
    b.run('SET', 'k', '2');
    a.run('MULTI');
    a.run('SET', 'k', '3');
    expect(a.run('EXEC')).toBe(ABORTED);
    expect(a.run('GET', 'k')).toBe('$1\r\n2\r\n');
  });

  it('succeeds when nothing changed and after UNWATCH', () => {
    const { a, b } = twoClients();
    a.run('WATCH', 'k');
    expect(execPing(a)).toBe(PONG);
    a.run('WATCH', 'k');
    b.run('SET', 'k', '2');
    expect(a.run('UNWATCH')).toBe('+OK\r\n');
    expect(execPing(a)).toBe(PONG);
  });

  it('counts a set-then-delete of a missing key as a change', () => {
    const { a, b } = twoClients();
    a.run('WATCH', 'k');
    b.run('SET', 'k', '1');
    b.run('DEL', 'k');
    expect(execPing(a)).toBe(ABORTED);
  });

  it('watches per database', () => {
    const { a, b } = twoClients();
    a.run('WATCH', 'k');
    b.run('SELECT', '1');
    b.run('SET', 'k', '1');
    expect(execPing(a)).toBe(PONG);
  });

  it('fails EXEC when a key live at WATCH time expired since', () => {
    const { srv, a } = twoClients();
    a.run('SET', 'k', 'v', 'PX', '100');
    a.run('WATCH', 'k');
    srv.clock.advance(150);
    expect(execPing(a)).toBe(ABORTED);
  });

  // The key below expired before WATCH: what b does to it next decides EXEC.
  it.each([
    ['ignores the deletion of a key already expired at WATCH time', [['GET', 'k']], PONG],
    ['fails EXEC when a key expired at WATCH time is written', [['SET', 'k', 'v2']], ABORTED],
    ['fails EXEC when a key expired at WATCH time is deleted and written again', [['GET', 'k'], ['SET', 'k', '3']], ABORTED],
  ] as const)('%s', (_name, writes, expected) => {
    const { srv, a, b } = twoClients();
    a.run('SET', 'k', 'v', 'PX', '100');
    srv.clock.advance(150);
    a.run('WATCH', 'k');
    for (const argv of writes) b.run(...argv);
    expect(execPing(a)).toBe(expected);
  });

  it('handles flushes with the expired-at-watch exception', () => {
    const { srv, a } = twoClients();
    const db = srv.state.dbs[0]!;
    // What FLUSHDB does: touch the watchers, then empty the database.
    const flushdb = (): void => {
      srv.state.touchAllWatchedKeysInDb(db);
      db.flush();
    };
    a.run('SET', 'live', '1');
    a.run('SET', 'old', 'v', 'PX', '100');
    srv.clock.advance(150);
    a.run('WATCH', 'old');
    flushdb();
    expect(execPing(a)).toBe(PONG);
    a.run('SET', 'live', '1');
    a.run('WATCH', 'live');
    flushdb();
    expect(execPing(a)).toBe(ABORTED);
    a.run('WATCH', 'missing');
    flushdb();
    expect(execPing(a)).toBe(PONG);
  });

  it.each([
    ['a live key swapped out', { db0: 'live', db1: null }, ABORTED],
    ['a missing key swapped in live', { db0: null, db1: 'live' }, ABORTED],
    ['a missing key swapped in expired', { db0: null, db1: 'expired' }, PONG],
    ['an expired key swapped out for nothing', { db0: 'expired', db1: null }, PONG],
    ['an expired key swapped for an expired one', { db0: 'expired', db1: 'expired' }, PONG],
    ['an expired key swapped for a live one', { db0: 'expired', db1: 'live' }, ABORTED],
  ] as const)('applies SWAPDB to WATCH like Redis 7.0: %s', (_name, setup, expected) => {
    const { srv, a, b } = twoClients();
    const put = (db: string, state: 'live' | 'expired' | null): void => {
      a.run('SELECT', db);
      if (state === 'live') a.run('SET', 'k', '1');
      if (state === 'expired') a.run('SET', 'k', '1', 'PX', '100');
    };
    put('1', setup.db1);
    put('0', setup.db0);
    srv.clock.advance(150);
    a.run('WATCH', 'k');
    expect(b.run('SWAPDB', '0', '1')).toBe('+OK\r\n');
    expect(execPing(a)).toBe(expected);
  });

  it('checks arity', () => {
    const c = makeServer().client();
    expect(c.run('WATCH')).toBe("-ERR wrong number of arguments for 'watch' command\r\n");
    expect(c.run('UNWATCH', 'x')).toBe("-ERR wrong number of arguments for 'unwatch' command\r\n");
  });
});

describe('propagation', () => {
  /** A client whose server records each propagated unit (one call of the sink) apart. */
  function capture(): { c: TestClient; units: PropagatedOp[][] } {
    const srv = makeServer();
    const units: PropagatedOp[][] = [];
    srv.state.propagationSink = (ops) => units.push(ops);
    return { c: srv.client(), units };
  }

  it('wraps several writes of one EXEC in MULTI/EXEC and never sends EXEC alone', () => {
    const { c, units } = capture();
    c.run('MULTI');
    c.run('SET', 'a', '1');
    c.run('GET', 'a');
    c.run('INCR', 'a');
    c.run('EXEC');
    expect(units).toEqual([
      [
        { db: 0, argv: ['MULTI'] },
        { db: 0, argv: ['SET', 'a', '1'] },
        { db: 0, argv: ['INCR', 'a'] },
        { db: 0, argv: ['EXEC'] },
      ],
    ]);
  });

  it('sends a single write of an EXEC unwrapped, and nothing for a read-only EXEC', () => {
    const { c, units } = capture();
    c.run('MULTI');
    c.run('GET', 'a');
    c.run('EXEC');
    expect(units).toEqual([]);
    c.run('MULTI');
    c.run('SET', 'a', '1');
    c.run('EXEC');
    expect(units).toEqual([[{ db: 0, argv: ['SET', 'a', '1'] }]]);
  });

  it('propagates PUBLISH inside EXEC with the writes', () => {
    const { c, units } = capture();
    c.run('MULTI');
    c.run('SET', 'a', '1');
    c.run('PUBLISH', 'ch', 'm');
    c.run('EXEC');
    expect(units[0]!.map((op) => op.argv[0])).toEqual(['MULTI', 'SET', 'PUBLISH', 'EXEC']);
  });
});
