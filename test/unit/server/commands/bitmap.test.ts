import { describe, expect, it } from 'vitest';
import { storedStringEncoding } from '../../../../src/server/keyspace/values/string.js';
import { ListObject } from '../../../../src/server/keyspace/values/list.js';
import { setupCommandTest } from '../../../helpers/harness.js';

/** The command-test fixture with a list under `list`, for the WRONGTYPE paths. */
function setup(config: Record<string, string> = {}) {
  const s = setupCommandTest(config);
  s.db.set('list', ListObject.from(['a']));
  return s;
}

/**
 * One session recorded from redis-server 7.0.15 (after FLUSHALL and RPUSH list a): each
 * command with its exact reply, replayed in order against our server.
 */
const SESSION: Array<[string[], string]> = [
    [["SETBIT","b","7","1"], ":0\r\n"],
    [["GET","b"], "$1\r\n\u0001\r\n"],
    [["SETBIT","b","7","0"], ":1\r\n"],
    [["SETBIT","b","100","1"], ":0\r\n"],
    [["STRLEN","b"], ":13\r\n"],
    [["GETBIT","b","100"], ":1\r\n"],
    [["GETBIT","b","99"], ":0\r\n"],
    [["GETBIT","b","10000"], ":0\r\n"],
    [["GETBIT","nokey","0"], ":0\r\n"],
    [["SETBIT","b","-1","1"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["SETBIT","b","1","2"], "-ERR bit is not an integer or out of range\r\n"],
    [["SETBIT","b","1","-1"], "-ERR bit is not an integer or out of range\r\n"],
    [["SETBIT","b","4294967296","1"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["SETBIT","b","x","1"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["SETBIT","b","1","x"], "-ERR bit is not an integer or out of range\r\n"],
    [["SETBIT","list","1","1"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["SETBIT","list","x","1"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["GETBIT","list","0"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["GETBIT","b","x"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["GETBIT","b","4294967296"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["GETBIT","b","4294967295"], ":0\r\n"],
    [["SET","bc","foobar"], "+OK\r\n"],
    [["BITCOUNT","bc"], ":26\r\n"],
    [["BITCOUNT","bc","0","0"], ":4\r\n"],
    [["BITCOUNT","bc","1","1"], ":6\r\n"],
    [["BITCOUNT","bc","1","1","BYTE"], ":6\r\n"],
    [["BITCOUNT","bc","5","30","BIT"], ":17\r\n"],
    [["BITCOUNT","bc","-10","-20"], ":0\r\n"],
    [["BITCOUNT","bc","-10","-20","bit"], ":0\r\n"],
    [["BITCOUNT","bc","-1","-5"], ":0\r\n"],
    [["BITCOUNT","bc","0"], "-ERR syntax error\r\n"],
    [["BITCOUNT","bc","0","1","foo"], "-ERR syntax error\r\n"],
    [["BITCOUNT","bc","0","1","bit","x"], "-ERR syntax error\r\n"],
    [["BITCOUNT","nokey","0"], ":0\r\n"],
    [["BITCOUNT","nokey","a","b"], ":0\r\n"],
    [["BITCOUNT","list"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["BITCOUNT","bc","a","1"], "-ERR value is not an integer or out of range\r\n"],
    [["BITCOUNT","bc","3","100","BIT"], ":24\r\n"],
    [["BITCOUNT","bc","-9","-1","BIT"], ":5\r\n"],
    [["BITCOUNT","bc","0","-1","BIT"], ":26\r\n"],
    [["BITCOUNT","bc","-9223372036854775808","9223372036854775807","BIT"], ":26\r\n"],
    [["BITPOS","bc","1"], ":1\r\n"],
    [["BITPOS","bc","0"], ":0\r\n"],
    [["BITPOS","bc","2"], "-ERR The bit argument must be 1 or 0.\r\n"],
    [["BITPOS","bc","x"], "-ERR value is not an integer or out of range\r\n"],
    [["BITPOS","nokey","1"], ":-1\r\n"],
    [["BITPOS","nokey","0"], ":0\r\n"],
    [["BITPOS","nokey","1","x"], ":-1\r\n"],
    [["BITPOS","nokey","2"], "-ERR The bit argument must be 1 or 0.\r\n"],
    [["BITPOS","bc","1","2"], ":17\r\n"],
    [["BITPOS","bc","1","2","-1"], ":17\r\n"],
    [["BITPOS","bc","1","2","-1","BYTE"], ":17\r\n"],
    [["BITPOS","bc","1","7","15","BIT"], ":9\r\n"],
    [["BITPOS","bc","0","7","15","BIT"], ":7\r\n"],
    [["BITPOS","bc","1","x"], "-ERR value is not an integer or out of range\r\n"],
    [["BITPOS","bc","1","0","x"], "-ERR value is not an integer or out of range\r\n"],
    [["BITPOS","bc","1","0","1","x"], "-ERR syntax error\r\n"],
    [["BITPOS","bc","1","0","1","bit","x"], "-ERR syntax error\r\n"],
    [["BITPOS","list","1"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["SET","ones","ÿÿÿ"], "+OK\r\n"],
    [["BITPOS","ones","0"], ":24\r\n"],
    [["BITPOS","ones","0","0"], ":24\r\n"],
    [["BITPOS","ones","0","0","-1"], ":-1\r\n"],
    [["BITPOS","ones","0","0","-1","BIT"], ":-1\r\n"],
    [["BITPOS","ones","1","-1"], ":16\r\n"],
    [["BITPOS","ones","0","1"], ":24\r\n"],
    [["SET","zs","\u0000\u0000\u0000"], "+OK\r\n"],
    [["BITPOS","zs","1"], ":-1\r\n"],
    [["BITPOS","zs","0"], ":0\r\n"],
    [["BITPOS","zs","1","1","-1","bit"], ":-1\r\n"],
    [["BITPOS","bc","1","-1","-5"], ":-1\r\n"],
    [["BITPOS","bc","0","-10","-20"], ":0\r\n"],
    [["BITPOS","bc","1","100"], ":-1\r\n"],
    [["BITPOS","bc","0","100"], ":-1\r\n"],
    [["BITPOS","bc","0","100","200","bit"], ":-1\r\n"],
    [["SET","e",""], "+OK\r\n"],
    [["BITPOS","e","0"], ":-1\r\n"],
    [["BITPOS","e","1"], ":-1\r\n"],
    [["BITPOS","e","0","0","-1"], ":-1\r\n"],
    [["BITCOUNT","e"], ":0\r\n"],
    [["BITCOUNT","e","0","-1"], ":0\r\n"],
    [["BITOP","AND","dst","bc","ones"], ":6\r\n"],
    [["GET","dst"], "$6\r\nfoo\u0000\u0000\u0000\r\n"],
    [["BITOP","OR","dst","bc","zs","nokey"], ":6\r\n"],
    [["GET","dst"], "$6\r\nfoobar\r\n"],
    [["BITOP","XOR","dst","bc","ones"], ":6\r\n"],
    [["GET","dst"], "$6\r\nbar\r\n"],
    [["BITOP","NOT","dst","bc"], ":6\r\n"],
    [["GET","dst"], "$6\r\n\r\n"],
    [["BITOP","NOT","dst","bc","ones"], "-ERR BITOP NOT must be called with a single source key.\r\n"],
    [["BITOP","nand","dst","bc"], "-ERR syntax error\r\n"],
    [["BITOP","AND","dst","bc","list"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["BITOP","AND","dst","nokey","nokey2"], ":0\r\n"],
    [["EXISTS","dst"], ":0\r\n"],
    [["BITOP","and","dst","bc","nokey"], ":6\r\n"],
    [["GET","dst"], "$6\r\n\u0000\u0000\u0000\u0000\u0000\u0000\r\n"],
    [["BITOP","OR","dst","e"], ":0\r\n"],
    [["EXISTS","dst"], ":0\r\n"],
    [["BITFIELD","bf","SET","u8","0","255","GET","u8","0","INCRBY","u8","0","10","OVERFLOW","SAT","INCRBY","u8","0","300","OVERFLOW","FAIL","INCRBY","u8","0","1","GET","i8","0"], "*6\r\n:0\r\n:255\r\n:9\r\n:255\r\n$-1\r\n:-1\r\n"],
    [["BITFIELD","bf","SET","i5","#3","-7","GET","i5","#3","GET","u5","15","INCRBY","i5","#3","-100","OVERFLOW","SAT","INCRBY","i5","#3","-100","INCRBY","i5","#3","100"], "*6\r\n:0\r\n:-7\r\n:25\r\n:-11\r\n:-16\r\n:15\r\n"],
    [["BITFIELD","bf","GET","u63","0","GET","i64","0","SET","i64","3","-9223372036854775808","INCRBY","i64","3","-1","OVERFLOW","SAT","INCRBY","i64","3","-9223372036854775808","INCRBY","i64","3","9223372036854775807","INCRBY","i64","3","9223372036854775807"], "*7\r\n:9187475181231144960\r\n:-71793711247261696\r\n:-574349689978093568\r\n:9223372036854775807\r\n:-1\r\n:9223372036854775806\r\n:9223372036854775807\r\n"],
    [["BITFIELD","bf","OVERFLOW","FAIL","INCRBY","i64","3","9223372036854775807","INCRBY","u63","0","9223372036854775807","SET","u2","0","5","SET","u2","0","-1","SET","i2","0","2"], "*5\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n$-1\r\n"],
    [["BITFIELD","bf","SET","u8","0","-1","OVERFLOW","SAT","SET","u8","0","-1","SET","i8","0","200","OVERFLOW","WRAP","SET","i8","0","200","SET","u3","0","9","INCRBY","u3","0","-20"], "*6\r\n:239\r\n:255\r\n:-1\r\n:127\r\n:6\r\n:5\r\n"],
    [["BITFIELD","bf"], "*0\r\n"],
    [["BITFIELD","nokey","GET","u8","100"], "*1\r\n:0\r\n"],
    [["EXISTS","nokey"], ":0\r\n"],
    [["BITFIELD","list","GET","u8","0"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["BITFIELD","list","SET","u8","0","1"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["BITFIELD","bf","GET","u64","0"], "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"],
    [["BITFIELD","bf","GET","i0","0"], "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"],
    [["BITFIELD","bf","GET","x8","0"], "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"],
    [["BITFIELD","bf","GET","U8","0"], "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"],
    [["BITFIELD","bf","GET","i65","0"], "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"],
    [["BITFIELD","bf","GET","u08","0"], "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n"],
    [["BITFIELD","bf","GET","u8","#-1"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD","bf","GET","u8","#"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD","bf","GET","u8","-1"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD","bf","GET","u8","4294967296"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD","bf","GET","u8","#536870912"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD","bf","GET","u8","#536870911"], "*1\r\n:0\r\n"],
    [["BITFIELD","bf","GET","u2","#4611686018427387904"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD","bf","OVERFLOW","x"], "-ERR Invalid OVERFLOW type specified\r\n"],
    [["BITFIELD","bf","OVERFLOW"], "-ERR syntax error\r\n"],
    [["BITFIELD","bf","GET","u8"], "-ERR syntax error\r\n"],
    [["BITFIELD","bf","SET","u8","0"], "-ERR syntax error\r\n"],
    [["BITFIELD","bf","SET","u8","0","a"], "-ERR value is not an integer or out of range\r\n"],
    [["BITFIELD","bf","FOO"], "-ERR syntax error\r\n"],
    [["BITFIELD","list","GET","u8","x"], "-ERR bit offset is not an integer or out of range\r\n"],
    [["BITFIELD_RO","bf","GET","u8","0","GET","i8","#1"], "*2\r\n:168\r\n:-1\r\n"],
    [["BITFIELD_RO","bf","SET","u8","0","1"], "-ERR BITFIELD_RO only supports the GET subcommand\r\n"],
    [["BITFIELD_RO","bf","INCRBY","u8","0","1"], "-ERR BITFIELD_RO only supports the GET subcommand\r\n"],
    [["BITFIELD_RO","nokey","GET","u8","0"], "*1\r\n:0\r\n"],
    [["BITFIELD_RO","list","GET","u8","0"], "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"],
    [["BITFIELD_RO","list","SET","u8","0","1"], "-ERR BITFIELD_RO only supports the GET subcommand\r\n"],
    [["BITFIELD_RO","bf"], "*0\r\n"],
    [["BITFIELD","bff","OVERFLOW","FAIL","INCRBY","u8","80","300"], "*1\r\n$-1\r\n"],
    [["STRLEN","bff"], ":11\r\n"],
    [["GET","bf"], "$9\r\n¨ÿÿÿÿÿÿÿà\r\n"],
];

describe('bitmap commands replay a real Redis 7.0.15 session', () => {
  it('matches every reply byte for byte', () => {
    const { c } = setup();
    const got = SESSION.map(([argv]) => c.run(...argv));
    for (let i = 0; i < SESSION.length; i++) {
      expect([SESSION[i]![0], got[i]]).toEqual([SESSION[i]![0], SESSION[i]![1]]);
    }
  });
});

describe('SETBIT and GETBIT', () => {
  it('grows the string with zero bytes and answers the old bit', () => {
    const { c, db } = setup();
    expect(c.run('SETBIT', 'b', '9', '1')).toBe(':0\r\n');
    expect(db.peek('b')).toBe('\x00\x40');
    expect(c.run('SETBIT', 'b', '9', '1')).toBe(':1\r\n');
    expect(c.run('GETBIT', 'b', '9')).toBe(':1\r\n');
    expect(c.run('GETBIT', 'b', '8')).toBe(':0\r\n');
  });

  it('counts a change only when the bit flips or the string grows', () => {
    const { t, c, propagated } = setup();
    c.run('SET', 'b', 'a');
    propagated();
    const dirty = t.state.dirty;
    expect(c.run('SETBIT', 'b', '1', '1')).toBe(':1\r\n');
    expect(t.state.dirty).toBe(dirty);
    expect(propagated()).toEqual([]);
    expect(c.run('SETBIT', 'b', '15', '0')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(dirty + 1);
    expect(propagated()).toEqual([['SETBIT', 'b', '15', '0']]);
  });

  it('makes the value raw even without a change', () => {
    const { c, db } = setup();
    c.run('SET', 'b', '1234');
    c.run('SETBIT', 'b', '0', '0');
    expect(storedStringEncoding(db, 'b', db.peek('b') as string)).toBe('raw');
  });

  it('keeps the TTL and ignores expired keys', () => {
    const { t, c, db } = setup();
    c.run('SET', 'b', 'a', 'PX', '100');
    c.run('SETBIT', 'b', '0', '1');
    expect(db.getExpire('b')).toBe(t.clock.now() + 100);
    t.clock.advance(101);
    expect(c.run('GETBIT', 'b', '0')).toBe(':0\r\n');
    expect(c.run('SETBIT', 'b', '0', '1')).toBe(':0\r\n');
    expect(db.getExpire('b')).toBe(-1);
  });

  it('limits offsets by proto-max-bulk-len, except for the master link', () => {
    const { c } = setup({ 'proto-max-bulk-len': '1mb' });
    expect(c.run('SETBIT', 'b', String(8 * 1024 * 1024), '1')).toBe(
      '-ERR bit offset is not an integer or out of range\r\n',
    );
    expect(c.run('SETBIT', 'b', String(8 * 1024 * 1024 - 1), '1')).toBe(':0\r\n');
    c.c.isMaster = true;
    c.run('SETBIT', 'c', String(8 * 1024 * 1024), '1');
    c.c.isMaster = false;
    expect(c.run('STRLEN', 'c')).toBe(`:${1024 * 1024 + 1}\r\n`);
  });
});

describe('BITCOUNT and BITPOS', () => {
  it('counts bits in byte and bit ranges', () => {
    const { c } = setup();
    c.run('SET', 'k', '\xff\xf0\x00\x0f');
    expect(c.run('BITCOUNT', 'k')).toBe(':16\r\n');
    expect(c.run('BITCOUNT', 'k', '1', '2')).toBe(':4\r\n');
    expect(c.run('BITCOUNT', 'k', '4', '11', 'BIT')).toBe(':8\r\n');
    expect(c.run('BITCOUNT', 'k', '-4', '-1', 'bit')).toBe(':4\r\n');
    expect(c.run('BITCOUNT', 'k', '3', '3', 'BIT')).toBe(':1\r\n');
  });

  it('answers 0 for a missing key whatever the arguments (7.0 looks the key up first)', () => {
    const { c } = setup();
    expect(c.run('BITCOUNT', 'nokey', 'a', 'b', 'c')).toBe(':0\r\n');
    expect(c.run('BITPOS', 'nokey', '1', 'x', 'y')).toBe(':-1\r\n');
    expect(c.run('BITPOS', 'nokey', '0')).toBe(':0\r\n');
  });

  it('finds the first set or clear bit, padding with zeros only without an end', () => {
    const { c } = setup();
    c.run('SET', 'k', '\xff\xff\x0f');
    expect(c.run('BITPOS', 'k', '0')).toBe(':16\r\n');
    expect(c.run('BITPOS', 'k', '0', '0', '1')).toBe(':-1\r\n');
    expect(c.run('BITPOS', 'k', '0', '0')).toBe(':16\r\n');
    expect(c.run('BITPOS', 'k', '1', '2')).toBe(':20\r\n');
    expect(c.run('BITPOS', 'k', '1', '17', '22', 'BIT')).toBe(':20\r\n');
    expect(c.run('BITPOS', 'k', '0', '18', '19', 'BIT')).toBe(':18\r\n');
    expect(c.run('BITPOS', 'k', '1', '16', '19', 'BIT')).toBe(':-1\r\n');
    c.run('SET', 'z', '\x00\x00');
    expect(c.run('BITPOS', 'z', '1')).toBe(':-1\r\n');
    c.run('SET', 'f', '\xff\xff');
    expect(c.run('BITPOS', 'f', '0')).toBe(':16\r\n');
  });
});

describe('BITOP', () => {
  it('pads shorter sources with zeros and stores a raw value', () => {
    const { c, db, propagated } = setup();
    c.run('SET', 'a', '\xff\x0f');
    c.run('SET', 'b', '\xf0');
    propagated();
    expect(c.run('BITOP', 'AND', 'd', 'a', 'b')).toBe(':2\r\n');
    expect(db.peek('d')).toBe('\xf0\x00');
    expect(c.run('BITOP', 'OR', 'd', 'a', 'b')).toBe(':2\r\n');
    expect(db.peek('d')).toBe('\xff\x0f');
    expect(c.run('BITOP', 'XOR', 'd', 'a', 'b')).toBe(':2\r\n');
    expect(db.peek('d')).toBe('\x0f\x0f');
    expect(c.run('BITOP', 'NOT', 'd', 'b')).toBe(':1\r\n');
    expect(db.peek('d')).toBe('\x0f');
    expect(storedStringEncoding(db, 'd', '\x0f')).toBe('raw');
    expect(propagated()).toHaveLength(4);
  });

  it('deletes the destination when every source is empty, dropping its TTL', () => {
    const { t, c, db, propagated } = setup();
    c.run('SET', 'd', 'x', 'EX', '100');
    propagated();
    const dirty = t.state.dirty;
    expect(c.run('BITOP', 'OR', 'd', 'nokey', 'nokey2')).toBe(':0\r\n');
    expect(db.peek('d')).toBeUndefined();
    expect(t.state.dirty).toBe(dirty + 1);
    expect(c.run('BITOP', 'OR', 'd', 'nokey')).toBe(':0\r\n');
    expect(t.state.dirty).toBe(dirty + 1);
    expect(propagated()).toEqual([['BITOP', 'OR', 'd', 'nokey', 'nokey2']]);
  });

  it('replaces a destination of another type', () => {
    const { c, db } = setup();
    c.run('SET', 'a', 'x');
    expect(c.run('BITOP', 'OR', 'list', 'a')).toBe(':1\r\n');
    expect(db.peek('list')).toBe('x');
  });
});

describe('BITFIELD', () => {
  it('counts dirty per changing write and propagates as sent', () => {
    const { t, c, propagated } = setup();
    const dirty = t.state.dirty;
    expect(c.run('BITFIELD', 'bf', 'SET', 'u8', '0', '0')).toBe('*1\r\n:0\r\n');
    expect(t.state.dirty).toBe(dirty + 1);
    expect(c.run('BITFIELD', 'bf', 'SET', 'u8', '0', '0', 'INCRBY', 'u8', '0', '0')).toBe('*2\r\n:0\r\n:0\r\n');
    expect(t.state.dirty).toBe(dirty + 1);
    expect(c.run('BITFIELD', 'bf', 'SET', 'u4', '0', '1', 'SET', 'u4', '4', '2')).toBe('*2\r\n:0\r\n:0\r\n');
    expect(t.state.dirty).toBe(dirty + 3);
    expect(propagated()).toEqual([
      ['BITFIELD', 'bf', 'SET', 'u8', '0', '0'],
      ['BITFIELD', 'bf', 'SET', 'u4', '0', '1', 'SET', 'u4', '4', '2'],
    ]);
  });

  it('creates the key silently when every write fails with OVERFLOW FAIL', () => {
    const { t, c, db, propagated } = setup();
    const dirty = t.state.dirty;
    expect(c.run('BITFIELD', 'n', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '8', '300')).toBe('*1\r\n$-1\r\n');
    expect(db.peek('n')).toBe('\0\0');
    expect(t.state.dirty).toBe(dirty);
    expect(propagated()).toEqual([]);
  });

  it('answers the RESP3 null for a failed write', () => {
    const { c } = setup();
    c.c.resp = 3;
    expect(c.run('BITFIELD', 'n', 'OVERFLOW', 'FAIL', 'SET', 'i4', '0', '8')).toBe('*1\r\n_\r\n');
  });

  it('wraps and saturates signed and unsigned fields', () => {
    const { c } = setup();
    expect(c.run('BITFIELD', 'k', 'SET', 'i8', '0', '127', 'INCRBY', 'i8', '0', '1')).toBe('*2\r\n:0\r\n:-128\r\n');
    expect(c.run('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '0', '-1000')).toBe('*1\r\n:-128\r\n');
    expect(c.run('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u4', '0', '100')).toBe('*1\r\n:15\r\n');
    expect(c.run('BITFIELD', 'k', 'INCRBY', 'u4', '0', '3')).toBe('*1\r\n:2\r\n');
    expect(c.run('BITFIELD', 'k', 'GET', 'u63', '0', 'GET', 'i64', '0')).toBe(
      '*2\r\n:1152921504606846976\r\n:2305843009213693952\r\n',
    );
  });

  it('reads without creating the key and writes through the TTL', () => {
    const { c, db } = setup();
    expect(c.run('BITFIELD', 'k', 'GET', 'u8', '0')).toBe('*1\r\n:0\r\n');
    expect(db.peek('k')).toBeUndefined();
    c.run('SET', 'k', 'a', 'EX', '10');
    const ttl = db.getExpire('k');
    c.run('BITFIELD', 'k', 'SET', 'u8', '8', '1');
    expect(db.getExpire('k')).toBe(ttl);
    expect(db.peek('k')).toBe('a\x01');
  });

  it('BITFIELD_RO checks arguments before refusing writes', () => {
    const { c } = setup();
    expect(c.run('BITFIELD_RO', 'k', 'SET', 'x8', '0', '1')).toBe(
      '-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.\r\n',
    );
    expect(c.run('BITFIELD_RO', 'k', 'SET', 'u8', '0', '1')).toBe(
      '-ERR BITFIELD_RO only supports the GET subcommand\r\n',
    );
  });
});
