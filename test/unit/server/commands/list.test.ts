import { afterEach, describe, expect, it } from 'vitest';
import {
  abortBlockedClient,
  blockedClientsCount,
  clientsInTimeoutTable,
  disconnectAllBlockedClients,
  handleBlockedClientsTimeout,
  setResumeClient,
} from '../../../../src/server/blocking.js';
import * as E from '../../../../src/server/errors.js';
import type { ZSetValue } from '../../../../src/server/keyspace/values/types.js';
import { freeClient, processInputBuffer } from '../../../../src/server/server.js';
import { argvs, setupCommandTest as setup, type TestClient } from '../../../helpers/harness.js';
import { bulks, err, WRONGTYPE } from '../../../helpers/resp.js';
const nextTurn = () => new Promise((r) => setImmediate(r));

/** A stand-in sorted set, to change a key's type without the sorted-set family. */
class FakeZSet implements ZSetValue {
  readonly type = 'zset' as const;
  encoding(): string {
    return 'listpack';
  }
  get size(): number {
    return 1;
  }
  entries(): Iterable<[string, number]> {
    return [['m', 1]];
  }
  clone(): FakeZSet {
    return new FakeZSet();
  }
}

afterEach(() => setResumeClient(() => {}));

describe('LPUSH, RPUSH, LPUSHX, RPUSHX', () => {
  it('pushes in argument order and replies with the new length', () => {
    const { c } = setup();
    expect(c.run('LPUSH', 'l', 'a', 'b', 'c')).toBe(':3\r\n');
    expect(c.run('RPUSH', 'l', 'x', 'y')).toBe(':5\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('c', 'b', 'a', 'x', 'y'));
    expect(c.run('OBJECT', 'ENCODING', 'l')).toBe('$9\r\nquicklist\r\n');
    expect(c.run('TYPE', 'l')).toBe('+list\r\n');
  });

  it('counts one dirty change per element and propagates argv as sent', () => {
    const { t, c, ops } = setup();
    const before = t.state.dirty;
    c.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(t.state.dirty - before).toBe(3);
    expect(argvs(ops)).toEqual([['RPUSH', 'l', 'a', 'b', 'c']]);
  });

  it('answers 0 and creates nothing for the X variants on a missing key', () => {
    const { c } = setup();
    expect(c.run('LPUSHX', 'l', 'a')).toBe(':0\r\n');
    expect(c.run('RPUSHX', 'l', 'a')).toBe(':0\r\n');
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
    c.run('RPUSH', 'l', 'm');
    expect(c.run('LPUSHX', 'l', 'a', 'b')).toBe(':3\r\n');
    expect(c.run('RPUSHX', 'l', 'z')).toBe(':4\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'a', 'm', 'z'));
  });

  it('rejects pushes onto another type and checks arity', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    for (const cmd of ['LPUSH', 'RPUSH', 'LPUSHX', 'RPUSHX']) expect(c.run(cmd, 's', 'a')).toBe(WRONGTYPE);
    expect(c.run('RPUSH', 'l')).toBe(err("ERR wrong number of arguments for 'rpush' command"));
  });

  it('invalidates WATCH on a push', () => {
    const { t, c } = setup();
    c.run('RPUSH', 'l', 'a');
    c.run('WATCH', 'l');
    t.client().run('RPUSHX', 'l', 'b');
    c.run('MULTI');
    c.run('PING');
    expect(c.run('EXEC')).toBe('*-1\r\n');
  });
});

describe('LINSERT', () => {
  it('inserts before or after the first pivot and replies with the length', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'a');
    expect(c.run('LINSERT', 'l', 'before', 'a', 'X')).toBe(':4\r\n');
    expect(c.run('LINSERT', 'l', 'AFTER', 'b', 'Y')).toBe(':5\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('X', 'a', 'b', 'Y', 'a'));
  });

  it('answers -1 without the pivot, 0 without the key, syntax error first', () => {
    const { t, c } = setup();
    c.run('RPUSH', 'l', 'a');
    const before = t.state.dirty;
    expect(c.run('LINSERT', 'l', 'before', 'zz', 'X')).toBe(':-1\r\n');
    expect(t.state.dirty).toBe(before);
    expect(c.run('LINSERT', 'nokey', 'before', 'a', 'X')).toBe(':0\r\n');
    expect(c.run('LINSERT', 'nokey', 'middle', 'a', 'X')).toBe(err(E.SYNTAX));
    c.run('SET', 's', 'x');
    expect(c.run('LINSERT', 's', 'before', 'a', 'X')).toBe(WRONGTYPE);
  });
});

describe('LLEN, LINDEX, LRANGE', () => {
  it('reads lengths, indexes from both ends and ranges', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(c.run('LLEN', 'l')).toBe(':5\r\n');
    expect(c.run('LLEN', 'nokey')).toBe(':0\r\n');
    expect(c.run('LINDEX', 'l', '0')).toBe('$1\r\na\r\n');
    expect(c.run('LINDEX', 'l', '-1')).toBe('$1\r\ne\r\n');
    expect(c.run('LINDEX', 'l', '5')).toBe('$-1\r\n');
    expect(c.run('LINDEX', 'l', '-6')).toBe('$-1\r\n');
    expect(c.run('LRANGE', 'l', '-3', '-2')).toBe(bulks('c', 'd'));
    expect(c.run('LRANGE', 'l', '-100', '100')).toBe(bulks('a', 'b', 'c', 'd', 'e'));
    expect(c.run('LRANGE', 'l', '3', '1')).toBe('*0\r\n');
    expect(c.run('LRANGE', 'l', '5', '10')).toBe('*0\r\n');
    expect(c.run('LRANGE', 'l', '-9223372036854775808', '9223372036854775807')).toBe(bulks('a', 'b', 'c', 'd', 'e'));
    expect(c.run('LRANGE', 'nokey', '0', '-1')).toBe('*0\r\n');
  });

  it('checks the key before the index for LINDEX, the indexes first for LRANGE', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    c.run('RPUSH', 'l', 'a');
    expect(c.run('LINDEX', 'nokey', 'x')).toBe('$-1\r\n');
    expect(c.run('LINDEX', 's', 'x')).toBe(WRONGTYPE);
    expect(c.run('LINDEX', 'l', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LINDEX', 'l', '9223372036854775808')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LRANGE', 'nokey', 'x', '0')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LRANGE', 's', 'x', '0')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LRANGE', 's', '0', '0')).toBe(WRONGTYPE);
    expect(c.run('LLEN', 's')).toBe(WRONGTYPE);
  });

  it('answers RESP3 nulls for a missing element', () => {
    const { c } = setup();
    c.run('HELLO', '3');
    expect(c.run('LINDEX', 'nokey', '0')).toBe('_\r\n');
  });
});

describe('LSET', () => {
  it('replaces by index from either end', () => {
    const { t, c, ops } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c');
    const before = t.state.dirty;
    expect(c.run('LSET', 'l', '0', 'x')).toBe('+OK\r\n');
    expect(c.run('LSET', 'l', '-1', 'z')).toBe('+OK\r\n');
    expect(t.state.dirty - before).toBe(2);
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('x', 'b', 'z'));
    expect(argvs(ops).at(-1)).toEqual(['LSET', 'l', '-1', 'z']);
  });

  it('checks the key, then its type, then the index', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    c.run('RPUSH', 'l', 'a');
    expect(c.run('LSET', 'nokey', 'x', 'v')).toBe(err(E.NO_SUCH_KEY));
    expect(c.run('LSET', 's', 'x', 'v')).toBe(WRONGTYPE);
    expect(c.run('LSET', 'l', 'x', 'v')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LSET', 'l', '1', 'v')).toBe(err(E.OUT_OF_RANGE));
    expect(c.run('LSET', 'l', '-2', 'v')).toBe(err(E.OUT_OF_RANGE));
  });
});

describe('LTRIM and LREM', () => {
  it('trims to a range, counting trimmed elements as dirty', () => {
    const { t, c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd');
    const before = t.state.dirty;
    expect(c.run('LTRIM', 'l', '1', '1')).toBe('+OK\r\n');
    expect(t.state.dirty - before).toBe(3);
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('b'));
    expect(c.run('LTRIM', 'l', '5', '1')).toBe('+OK\r\n');
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
    expect(c.run('LTRIM', 'nokey', '0', '1')).toBe('+OK\r\n');
    expect(c.run('LTRIM', 'nokey', 'x', '1')).toBe(err(E.NOT_INTEGER));
  });

  it('does not propagate a trim that removed nothing', () => {
    const { c, ops } = setup();
    c.run('RPUSH', 'l', 'a', 'b');
    ops.length = 0;
    c.run('LTRIM', 'l', '0', '-1');
    expect(ops).toEqual([]);
  });

  it('removes from the head, the tail or everywhere', () => {
    const { t, c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(c.run('LREM', 'l', '-2', 'a')).toBe(':2\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('a', 'b', 'c'));
    c.run('RPUSH', 'l', 'a', 'a');
    expect(c.run('LREM', 'l', '1', 'a')).toBe(':1\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'c', 'a', 'a'));
    const before = t.state.dirty;
    expect(c.run('LREM', 'l', '0', 'a')).toBe(':2\r\n');
    expect(t.state.dirty - before).toBe(2);
    expect(c.run('LREM', 'l', '-9223372036854775808', 'b')).toBe(':1\r\n');
    expect(c.run('LREM', 'l', '0', 'c')).toBe(':1\r\n');
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
  });

  it('parses the count before looking at the key', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    expect(c.run('LREM', 'nokey', 'x', 'a')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LREM', 'nokey', '1', 'a')).toBe(':0\r\n');
    expect(c.run('LREM', 's', '1', 'a')).toBe(WRONGTYPE);
  });
});

describe('LPOS', () => {
  it('finds by rank, with COUNT and MAXLEN', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'a', 'b', 'c', 'a');
    expect(c.run('LPOS', 'l', 'a')).toBe(':0\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '2')).toBe(':3\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-1')).toBe(':6\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-2', 'COUNT', '0')).toBe('*2\r\n:3\r\n:0\r\n');
    expect(c.run('LPOS', 'l', 'a', 'COUNT', '0')).toBe('*3\r\n:0\r\n:3\r\n:6\r\n');
    expect(c.run('LPOS', 'l', 'a', 'COUNT', '2', 'RANK', '2')).toBe('*2\r\n:3\r\n:6\r\n');
    expect(c.run('LPOS', 'l', 'a', 'COUNT', '0', 'MAXLEN', '4')).toBe('*2\r\n:0\r\n:3\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-1', 'MAXLEN', '1')).toBe(':6\r\n');
    expect(c.run('LPOS', 'l', 'b', 'MAXLEN', '1')).toBe('$-1\r\n');
    expect(c.run('LPOS', 'l', 'a', 'COUNT', '1', 'COUNT', '2')).toBe('*2\r\n:0\r\n:3\r\n');
    expect(c.run('LPOS', 'l', 'z')).toBe('$-1\r\n');
    expect(c.run('LPOS', 'l', 'z', 'COUNT', '1')).toBe('*0\r\n');
    expect(c.run('LPOS', 'nokey', 'a')).toBe('$-1\r\n');
    expect(c.run('LPOS', 'nokey', 'a', 'COUNT', '1')).toBe('*0\r\n');
  });

  it('keeps the LONG_MIN rank quirk: every match from the tail qualifies', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'a', 'c', 'a');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808')).toBe(':4\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775808', 'COUNT', '1')).toBe('*3\r\n:4\r\n:2\r\n:0\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '-9223372036854775807')).toBe('$-1\r\n');
    expect(c.run('LPOS', 'l', 'a', 'RANK', '9223372036854775807')).toBe('$-1\r\n');
  });

  it('validates every option before the key', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    expect(c.run('LPOS', 'nokey', 'a', 'RANK', '0')).toBe(err(E.LPOS_RANK_ZERO));
    expect(c.run('LPOS', 's', 'a', 'RANK', '0')).toBe(err(E.LPOS_RANK_ZERO));
    expect(c.run('LPOS', 'nokey', 'a', 'RANK', 'x')).toBe(err(E.NOT_INTEGER));
    expect(c.run('LPOS', 'nokey', 'a', 'COUNT', '-1')).toBe(err(E.LPOS_COUNT_NEGATIVE));
    expect(c.run('LPOS', 'nokey', 'a', 'COUNT', 'x')).toBe(err(E.LPOS_COUNT_NEGATIVE));
    expect(c.run('LPOS', 'nokey', 'a', 'MAXLEN', '-1')).toBe(err(E.LPOS_MAXLEN_NEGATIVE));
    expect(c.run('LPOS', 'nokey', 'a', 'MAXLEN', 'x')).toBe(err(E.LPOS_MAXLEN_NEGATIVE));
    expect(c.run('LPOS', 'nokey', 'a', 'RANK')).toBe(err(E.SYNTAX));
    expect(c.run('LPOS', 'nokey', 'a', 'foo')).toBe(err(E.SYNTAX));
    expect(c.run('LPOS', 's', 'a')).toBe(WRONGTYPE);
  });

  it('answers the RESP3 null without COUNT', () => {
    const { c } = setup();
    c.run('HELLO', '3');
    expect(c.run('LPOS', 'nokey', 'a')).toBe('_\r\n');
    expect(c.run('LPOS', 'nokey', 'a', 'COUNT', '0')).toBe('*0\r\n');
  });
});

describe('LPOP and RPOP', () => {
  it('pops one element as a bulk, many as an array, deleting the emptied key', () => {
    const { t, c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e');
    expect(c.run('LPOP', 'l')).toBe('$1\r\na\r\n');
    expect(c.run('RPOP', 'l', '2')).toBe(bulks('e', 'd'));
    const before = t.state.dirty;
    expect(c.run('LPOP', 'l', '10')).toBe(bulks('b', 'c'));
    expect(t.state.dirty - before).toBe(2);
    expect(c.run('EXISTS', 'l')).toBe(':0\r\n');
  });

  it('distinguishes the null shapes with and without a count', () => {
    const { c } = setup();
    expect(c.run('LPOP', 'nokey')).toBe('$-1\r\n');
    expect(c.run('LPOP', 'nokey', '0')).toBe('*-1\r\n');
    expect(c.run('RPOP', 'nokey', '3')).toBe('*-1\r\n');
    c.run('RPUSH', 'l', 'a');
    expect(c.run('LPOP', 'l', '0')).toBe('*0\r\n');
    c.run('HELLO', '3');
    expect(c.run('LPOP', 'nokey')).toBe('_\r\n');
    expect(c.run('LPOP', 'nokey', '1')).toBe('_\r\n');
  });

  it('reports count errors with the positive-range text, and arity', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    expect(c.run('LPOP', 'nokey', 'abc')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('LPOP', 'nokey', '-1')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('LPOP', 's', 'abc')).toBe(err(E.VALUE_MUST_BE_POSITIVE));
    expect(c.run('LPOP', 's', '0')).toBe(WRONGTYPE);
    expect(c.run('RPOP', 's')).toBe(WRONGTYPE);
    expect(c.run('LPOP', 'l', '1', '2')).toBe(err("ERR wrong number of arguments for 'lpop' command"));
  });

  it('does not propagate LPOP with count 0', () => {
    const { c, ops } = setup();
    c.run('RPUSH', 'l', 'a');
    ops.length = 0;
    c.run('LPOP', 'l', '0');
    expect(ops).toEqual([]);
  });
});

describe('LMOVE and RPOPLPUSH', () => {
  it('moves between ends and creates the destination', () => {
    const { c } = setup();
    c.run('RPUSH', 'src', 'a', 'b', 'c');
    expect(c.run('LMOVE', 'src', 'dst', 'LEFT', 'RIGHT')).toBe('$1\r\na\r\n');
    expect(c.run('LMOVE', 'src', 'dst', 'right', 'left')).toBe('$1\r\nc\r\n');
    expect(c.run('RPOPLPUSH', 'src', 'dst')).toBe('$1\r\nb\r\n');
    expect(c.run('EXISTS', 'src')).toBe(':0\r\n');
    expect(c.run('LRANGE', 'dst', '0', '-1')).toBe(bulks('b', 'c', 'a'));
  });

  it('rotates a list onto itself, even a single element', () => {
    const { c } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(c.run('LMOVE', 'l', 'l', 'LEFT', 'RIGHT')).toBe('$1\r\na\r\n');
    expect(c.run('LRANGE', 'l', '0', '-1')).toBe(bulks('b', 'c', 'a'));
    c.run('RPUSH', 'one', 'x');
    expect(c.run('RPOPLPUSH', 'one', 'one')).toBe('$1\r\nx\r\n');
    expect(c.run('LRANGE', 'one', '0', '-1')).toBe(bulks('x'));
  });

  it('checks positions, then the source, then the destination type', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    c.run('RPUSH', 'l', 'a');
    expect(c.run('LMOVE', 'nokey', 's', 'left', 'lef')).toBe(err(E.SYNTAX));
    expect(c.run('LMOVE', 'nokey', 's', 'left', 'left')).toBe('$-1\r\n');
    expect(c.run('LMOVE', 's', 'nokey', 'left', 'left')).toBe(WRONGTYPE);
    expect(c.run('LMOVE', 'l', 's', 'left', 'left')).toBe(WRONGTYPE);
    expect(c.run('LLEN', 'l')).toBe(':1\r\n');
    c.run('HELLO', '3');
    expect(c.run('RPOPLPUSH', 'nokey', 'x')).toBe('_\r\n');
  });
});

describe('LMPOP', () => {
  it('pops from the first non-empty list and propagates [LR]POP with the real count', () => {
    const { t, c, ops } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('LMPOP', '2', 'nokey', 'l', 'RIGHT', 'COUNT', '10')).toBe(
      '*2\r\n$1\r\nl\r\n' + bulks('c', 'b', 'a'),
    );
    expect(t.state.dirty - before).toBe(3);
    expect(argvs(ops)).toEqual([['RPOP', 'l', '3']]);
    c.run('RPUSH', 'l', 'x', 'y');
    expect(c.run('LMPOP', '1', 'l', 'left')).toBe('*2\r\n$1\r\nl\r\n' + bulks('x'));
    expect(c.run('LMPOP', '1', 'nokey', 'LEFT')).toBe('*-1\r\n');
  });

  it('reports argument errors in Redis order', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    expect(c.run('LMPOP', '0', 'l', 'LEFT')).toBe(err(E.NUMKEYS_NOT_POSITIVE));
    expect(c.run('LMPOP', 'x', 'l', 'LEFT')).toBe(err(E.NUMKEYS_NOT_POSITIVE));
    expect(c.run('LMPOP', '2', 'l', 'LEFT')).toBe(err(E.SYNTAX));
    expect(c.run('LMPOP', '1', 'l', 'MIDDLE')).toBe(err(E.SYNTAX));
    expect(c.run('LMPOP', '1', 'l', 'LEFT', 'COUNT', '0')).toBe(err(E.COUNT_NOT_POSITIVE));
    expect(c.run('LMPOP', '1', 'l', 'LEFT', 'COUNT', 'x')).toBe(err(E.COUNT_NOT_POSITIVE));
    expect(c.run('LMPOP', '1', 'l', 'LEFT', 'COUNT', '1', 'COUNT', '2')).toBe(err(E.SYNTAX));
    expect(c.run('LMPOP', '1', 'l', 'LEFT', 'COUNT')).toBe(err(E.SYNTAX));
    expect(c.run('LMPOP', '1', 'l')).toBe(err("ERR wrong number of arguments for 'lmpop' command"));
    expect(c.run('LMPOP', '2', 's', 'l', 'LEFT')).toBe(WRONGTYPE);
  });

  it('answers RESP3 null and arrays', () => {
    const { c } = setup();
    c.run('HELLO', '3');
    expect(c.run('LMPOP', '1', 'nokey', 'LEFT')).toBe('_\r\n');
    c.run('RPUSH', 'l', 'a');
    expect(c.run('LMPOP', '1', 'l', 'LEFT')).toBe('*2\r\n$1\r\nl\r\n' + bulks('a'));
  });
});

describe('blocking pops with data', () => {
  it('serve like the plain pops and propagate the plain command', () => {
    const { t, c, ops } = setup();
    c.run('RPUSH', 'l', 'a', 'b', 'c', 'd', 'e', 'f');
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('BLPOP', 'nokey', 'l', '0')).toBe(bulks('l', 'a'));
    expect(c.run('BRPOP', 'l', '0')).toBe(bulks('l', 'f'));
    expect(c.run('BLMPOP', '0', '1', 'l', 'LEFT', 'COUNT', '2')).toBe('*2\r\n$1\r\nl\r\n' + bulks('b', 'c'));
    expect(c.run('BLMOVE', 'l', 'dst', 'left', 'RIGHT', '0')).toBe('$1\r\nd\r\n');
    expect(c.run('BRPOPLPUSH', 'l', 'dst', '0')).toBe('$1\r\ne\r\n');
    expect(t.state.dirty - before).toBe(6);
    expect(argvs(ops)).toEqual([
      ['LPOP', 'l'],
      ['RPOP', 'l'],
      ['LPOP', 'l', '2'],
      ['LMOVE', 'l', 'dst', 'left', 'RIGHT'],
      ['RPOPLPUSH', 'l', 'dst'],
    ]);
    expect(blockedClientsCount(t.state)).toBe(0);
  });

  it('reports WRONGTYPE for the first key of another type, after a served earlier key', () => {
    const { c } = setup();
    c.run('SET', 's', 'x');
    c.run('RPUSH', 'l', 'a');
    expect(c.run('BLPOP', 'nokey', 's', '0')).toBe(WRONGTYPE);
    expect(c.run('BLPOP', 'l', 's', '0')).toBe(bulks('l', 'a'));
    expect(c.run('BLMOVE', 's', 'x', 'left', 'left', '0')).toBe(WRONGTYPE);
  });

  it('parses timeouts like Redis 7.0', () => {
    const { c } = setup();
    expect(c.run('BLPOP', 'l', 'x')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    expect(c.run('BLPOP', 'l', 'nan')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    expect(c.run('BLPOP', 'l', ' 1')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    expect(c.run('BLPOP', 'l', '-1')).toBe(err(E.TIMEOUT_NEGATIVE));
    // ms beyond int64 cast to LLONG_MIN in Redis.
    expect(c.run('BLPOP', 'l', 'inf')).toBe(err(E.TIMEOUT_NEGATIVE));
    expect(c.run('BLPOP', 'l', '-inf')).toBe(err(E.TIMEOUT_NEGATIVE));
    expect(c.run('BLPOP', 'l', '1e300')).toBe(err(E.TIMEOUT_NEGATIVE));
    expect(c.run('BRPOPLPUSH', 'l', 'd', 'x')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    expect(c.run('BLMOVE', 'l', 'd', 'up', 'left', 'x')).toBe(err(E.SYNTAX));
    expect(c.run('BLMOVE', 'l', 'd', 'left', 'left', 'x')).toBe(err(E.TIMEOUT_NOT_FLOAT));
    // BLMPOP checks its other arguments before the timeout.
    expect(c.run('BLMPOP', 'x', '1', 'l', 'MIDDLE')).toBe(err(E.SYNTAX));
    expect(c.run('BLMPOP', 'x', '1', 'l', 'LEFT', 'COUNT', '0')).toBe(err(E.COUNT_NOT_POSITIVE));
    expect(c.run('BLMPOP', '0', '0', 'l', 'LEFT')).toBe(err(E.NUMKEYS_NOT_POSITIVE));
    expect(c.run('BLMPOP', 'x', '1', 'l', 'LEFT')).toBe(err(E.TIMEOUT_NOT_FLOAT));
  });

  it('answers at once inside MULTI with the timeout reply (a null bulk for moves)', () => {
    const { t, c } = setup();
    c.run('MULTI');
    for (const cmd of [
      ['BLMOVE', 'nokey', 'x', 'left', 'left', '0'],
      ['BRPOPLPUSH', 'nokey', 'x', '0'],
      ['BLPOP', 'nokey', '0'],
      ['BRPOP', 'nokey', '0'],
      ['BLMPOP', '0', '1', 'nokey', 'LEFT'],
    ]) {
      c.run(...cmd);
    }
    expect(c.run('EXEC')).toBe('*5\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n');
    expect(blockedClientsCount(t.state)).toBe(0);
    c.run('HELLO', '3');
    c.run('MULTI');
    c.run('BLPOP', 'nokey', '0');
    c.run('BLMOVE', 'nokey', 'x', 'left', 'left', '0');
    expect(c.run('EXEC')).toBe('*2\r\n_\r\n_\r\n');
  });
});

describe('blocked clients', () => {
  it('are served first-blocked first, each with its own command', () => {
    const { t, c, ops } = setup();
    const b1 = t.client();
    const b2 = t.client();
    const b3 = t.client();
    expect(b1.run('BLMOVE', 'src', 'dst', 'LEFT', 'Right', '0')).toBe('');
    expect(b2.run('BRPOPLPUSH', 'src', 'dst2', '0')).toBe('');
    expect(b3.run('BLMPOP', '0', '2', 'x', 'src', 'RIGHT', 'COUNT', '5')).toBe('');
    expect(blockedClientsCount(t.state)).toBe(3);
    expect(clientsInTimeoutTable(t.state)).toBe(0);
    ops.length = 0;
    const before = t.state.dirty;
    expect(c.run('RPUSH', 'src', '1', '2', '3', '4')).toBe(':4\r\n');
    expect(b1.take()).toBe('$1\r\n1\r\n');
    expect(b2.take()).toBe('$1\r\n4\r\n');
    expect(b3.take()).toBe('*2\r\n$3\r\nsrc\r\n' + bulks('3', '2'));
    expect(c.run('EXISTS', 'src')).toBe(':0\r\n');
    expect(c.run('LRANGE', 'dst', '0', '-1')).toBe(bulks('1'));
    // As Redis 7.0: served moves and single pops count no dirty change, BLMPOP its elements.
    expect(t.state.dirty - before).toBe(4 + 2);
    expect(argvs(ops)).toEqual([
      ['RPUSH', 'src', '1', '2', '3', '4'],
      ['LMOVE', 'src', 'dst', 'left', 'right'],
      ['RPOPLPUSH', 'src', 'dst2'],
      ['RPOP', 'src', '2'],
    ]);
    expect(blockedClientsCount(t.state)).toBe(0);
  });

  it('get the key that became ready, not their first key', () => {
    const { t, c } = setup();
    const b = t.client();
    b.run('BLPOP', 'k1', 'k2', '0');
    c.run('RPUSH', 'k2', 'v');
    expect(b.take()).toBe(bulks('k2', 'v'));
  });

  it('are woken by a MULTI/EXEC only after EXEC, in signal order', () => {
    const { t, c, ops } = setup();
    const b = t.client();
    const d = t.client();
    b.run('BLPOP', 'k1', 'k2', '0');
    d.run('BRPOP', 'k2', '0');
    c.run('MULTI');
    c.run('LPUSH', 'k2', 'x', 'y');
    expect(b.take()).toBe('');
    c.run('RPUSH', 'k1', 'z');
    ops.length = 0;
    expect(c.run('EXEC')).toBe('*2\r\n:2\r\n:1\r\n');
    expect(b.take()).toBe(bulks('k2', 'y'));
    expect(d.take()).toBe(bulks('k2', 'x'));
    expect(c.run('LRANGE', 'k1', '0', '-1')).toBe(bulks('z'));
    expect(argvs(ops)).toEqual([
      ['MULTI'],
      ['LPUSH', 'k2', 'x', 'y'],
      ['RPUSH', 'k1', 'z'],
      ['EXEC'],
      ['LPOP', 'k2'],
      ['RPOP', 'k2'],
    ]);
  });

  it('stay blocked when a transaction empties or retypes the key before EXEC ends', () => {
    const { t, c } = setup();
    const b = t.client();
    b.run('BLPOP', 'k', '0');
    c.run('MULTI');
    c.run('LPUSH', 'k', 'a');
    c.run('DEL', 'k');
    c.run('EXEC');
    c.run('MULTI');
    c.run('LPUSH', 'k', 'a');
    c.run('SET', 'k', 'v');
    c.run('EXEC');
    expect(b.take()).toBe('');
    c.run('DEL', 'k');
    c.run('MULTI');
    c.run('LPUSH', 'k', 'a');
    c.run('LPUSH', 'k', 'b');
    c.run('EXEC');
    expect(b.take()).toBe(bulks('k', 'b'));
  });

  it('wait through a string or a sorted set on the key and wake on a new list', () => {
    const { t, c, db } = setup();
    const b = t.client();
    b.run('BLPOP', 'k', '0');
    c.run('SET', 'k', 'str');
    expect(b.take()).toBe('');
    c.run('DEL', 'k');
    db.set('k', new FakeZSet());
    expect(b.take()).toBe('');
    c.run('DEL', 'k');
    c.run('RPUSH', 'k', 'x');
    expect(b.take()).toBe(bulks('k', 'x'));
  });

  it('wake on RENAME, MOVE and COPY onto the key, not on pushes to an overwritten key', () => {
    const { t, c } = setup();
    const b = t.client();
    b.run('BLPOP', 'k', '0');
    c.run('SET', 'k', 's');
    c.run('RPUSH', 'tmp', 'y');
    c.run('RENAME', 'tmp', 'k');
    expect(b.take()).toBe(bulks('k', 'y'));
    b.run('BLPOP', 'k', '0');
    c.run('SELECT', '1');
    c.run('RPUSH', 'k', 'm');
    c.run('MOVE', 'k', '0');
    c.run('SELECT', '0');
    expect(b.take()).toBe(bulks('k', 'm'));
    b.run('BLPOP', 'k', '0');
    c.run('RPUSH', 'c1', 'q');
    c.run('COPY', 'c1', 'k');
    expect(b.take()).toBe(bulks('k', 'q'));
  });

  it('wake when SWAPDB brings a list under the key', () => {
    const { t, c } = setup();
    const b = t.client();
    b.run('BLPOP', 'k', '0');
    c.run('SELECT', '1');
    c.run('RPUSH', 'k', 'sw');
    c.run('SWAPDB', '0', '1');
    expect(b.take()).toBe(bulks('k', 'sw'));
  });

  it('are all disconnected with UNBLOCKED when the server turns replica', () => {
    const { t } = setup();
    const b = t.client();
    b.run('BLPOP', 'k', '0');
    disconnectAllBlockedClients(t.state);
    expect(b.take()).toBe(err(E.UNBLOCKED_ROLE_CHANGE));
    expect(b.c.closeAfterReply).toBe(true);
    expect(blockedClientsCount(t.state)).toBe(0);
  });

  it('serve a BLMOVE waiter with WRONGTYPE when the destination has another type', () => {
    const { t, c } = setup();
    const b = t.client();
    b.run('BLMOVE', 'k', 'dst', 'left', 'left', '0');
    c.run('SET', 'dst', 's');
    c.run('RPUSH', 'k', 'a');
    expect(b.take()).toBe(WRONGTYPE);
    expect(c.run('LLEN', 'k')).toBe(':1\r\n');
    expect(blockedClientsCount(t.state)).toBe(0);
  });

  it('chain: a served BLMOVE wakes clients waiting on its destination', () => {
    const { t, c, ops } = setup();
    const b = t.client();
    const d = t.client();
    const e = t.client();
    b.run('BLMOVE', 'src', 'dst', 'right', 'left', '0');
    d.run('BLPOP', 'dst', '0');
    e.run('BRPOPLPUSH', 'dst', 'q', '0');
    ops.length = 0;
    c.run('RPUSH', 'src', '1', '2');
    expect(b.take()).toBe('$1\r\n2\r\n');
    expect(d.take()).toBe(bulks('dst', '2'));
    expect(e.take()).toBe('');
    expect(argvs(ops)).toEqual([
      ['RPUSH', 'src', '1', '2'],
      ['LMOVE', 'src', 'dst', 'right', 'left'],
      ['LPOP', 'dst'],
    ]);
  });

  it('rotate a list onto itself when served', () => {
    const { t, c } = setup();
    const b = t.client();
    b.run('BLMOVE', 'k', 'k', 'left', 'right', '0');
    c.run('RPUSH', 'k', 'a');
    expect(b.take()).toBe('$1\r\na\r\n');
    expect(c.run('LRANGE', 'k', '0', '-1')).toBe(bulks('a'));
  });

  it('wait once on a key named twice', () => {
    const { t, c } = setup();
    const b = t.client();
    const d = t.client();
    b.run('BLPOP', 'k', 'k', '0');
    d.run('BLPOP', 'k', '0');
    c.run('RPUSH', 'k', 'a', 'b', 'c');
    expect(b.take()).toBe(bulks('k', 'a'));
    expect(d.take()).toBe(bulks('k', 'b'));
    expect(c.run('LRANGE', 'k', '0', '-1')).toBe(bulks('c'));
  });

  it('share out BLMPOP counts until the list is gone', () => {
    const { t, c } = setup();
    const b = t.client();
    const d = t.client();
    const e = t.client();
    b.run('BLMPOP', '0', '1', 'k', 'left', 'count', '2');
    d.run('BLMPOP', '0', '1', 'k', 'right');
    e.run('BLMPOP', '0', '1', 'k', 'right', 'count', '10');
    c.run('RPUSH', 'k', '1', '2', '3', '4', '5');
    expect(b.take()).toBe('*2\r\n$1\r\nk\r\n' + bulks('1', '2'));
    expect(d.take()).toBe('*2\r\n$1\r\nk\r\n' + bulks('5'));
    expect(e.take()).toBe('*2\r\n$1\r\nk\r\n' + bulks('4', '3'));
    expect(c.run('EXISTS', 'k')).toBe(':0\r\n');
  });

  it('time out only after their deadline, with the null-array reply', () => {
    const { t, c } = setup();
    const b = t.client();
    const m = t.client();
    const r3 = t.client();
    r3.run('HELLO', '3');
    b.run('BLPOP', 'k', '0.5');
    m.run('BLMOVE', 'k', 'x', 'left', 'left', '1.5');
    r3.run('BLMPOP', '0.001', '1', 'k', 'LEFT');
    expect(clientsInTimeoutTable(t.state)).toBe(3);
    t.clock.advance(1);
    handleBlockedClientsTimeout(t.state);
    expect(r3.take()).toBe('');
    t.clock.advance(1);
    handleBlockedClientsTimeout(t.state);
    expect(r3.take()).toBe('_\r\n');
    t.clock.advance(498);
    handleBlockedClientsTimeout(t.state);
    expect(b.take()).toBe('');
    t.clock.advance(1);
    handleBlockedClientsTimeout(t.state);
    expect(b.take()).toBe('*-1\r\n');
    t.clock.advance(1000);
    handleBlockedClientsTimeout(t.state);
    // BLMOVE/BRPOPLPUSH time out with a null array too, unlike their MULTI answer.
    expect(m.take()).toBe('*-1\r\n');
    expect(blockedClientsCount(t.state)).toBe(0);
    expect(clientsInTimeoutTable(t.state)).toBe(0);
    c.run('RPUSH', 'k', 'a');
    expect(c.run('LLEN', 'k')).toBe(':1\r\n');
  });

  it('block forever on a timeout that rounds to 0 or whose deadline overflows', () => {
    const { t } = setup();
    const b = t.client();
    const d = t.client();
    expect(b.run('BLPOP', 'k', '-0.0001')).toBe('');
    // Redis: the deadline wraps past int64 and never comes, but counts as a timeout.
    expect(d.run('BLPOP', 'k', '9223372036854775.807')).toBe('');
    expect(t.client().run('BLPOP', 'k', '9223372036854775.808')).toBe(err(E.TIMEOUT_NEGATIVE));
    expect(clientsInTimeoutTable(t.state)).toBe(1);
    t.clock.advance(10 ** 12);
    handleBlockedClientsTimeout(t.state);
    expect(blockedClientsCount(t.state)).toBe(2);
  });

  it('are forgotten when their connection closes', () => {
    const { t, c } = setup();
    const b = t.client();
    const d = t.client();
    b.run('BLPOP', 'k', '0');
    d.run('BLPOP', 'k', '0');
    freeClient(b.c);
    expect(blockedClientsCount(t.state)).toBe(1);
    c.run('RPUSH', 'k', 'a');
    expect(d.take()).toBe(bulks('k', 'a'));
    expect(t.state.dbs[0]!.blockingKeys.size).toBe(0);
  });

  it('can be unblocked from outside with the timeout reply or an error', () => {
    const { t } = setup();
    const b = t.client();
    b.run('BLPOP', 'k', '0');
    expect(abortBlockedClient(b.c, E.UNBLOCKED_CLIENT_UNBLOCK)).toBe(true);
    expect(b.take()).toBe(err(E.UNBLOCKED_CLIENT_UNBLOCK));
    b.run('BLMOVE', 'k', 'x', 'left', 'left', '0');
    expect(abortBlockedClient(b.c, null)).toBe(true);
    expect(b.take()).toBe('*-1\r\n');
    expect(abortBlockedClient(b.c, null)).toBe(false);
  });

  it('run their pipelined commands on the next turn after being served', async () => {
    const { t, c } = setup();
    setResumeClient((x) => processInputBuffer(x));
    const b: TestClient = t.client();
    expect(b.feed('*3\r\n$5\r\nBLPOP\r\n$1\r\nk\r\n$1\r\n0\r\n*1\r\n$4\r\nPING\r\n*3\r\n$5\r\nLPUSH\r\n$1\r\nk\r\n$2\r\nzz\r\n')).toBe('');
    c.run('RPUSH', 'k', 'a');
    expect(b.take()).toBe(bulks('k', 'a'));
    await nextTurn();
    expect(b.take()).toBe('+PONG\r\n:1\r\n');
    expect(c.run('LRANGE', 'k', '0', '-1')).toBe(bulks('zz'));
  });
});
