import { describe, expect, it } from 'vitest';
import { loadRdbBufferSync } from '../../../../src/server/persistence/rdb-load.js';
import * as F from '../../../../src/server/persistence/rdb-format.js';
import { RdbReader, type RdbRecord } from '../../../../src/server/persistence/rdb-reader.js';
import { SnapshotProducer } from '../../../../src/server/persistence/snapshot-producer.js';
import { makeServer, type TestServer } from '../../../helpers/harness.js';
import { canonical, keyRec, len, prng, rdbFile, str, tempDir, ziplist, zipmap } from './helpers.js';

/** A blocking snapshot of the whole server as one buffer. */
function snapshot(srv: TestServer): Buffer {
  const parts: Buffer[] = [];
  new SnapshotProducer(srv.state, { blocking: true }).runSync((c) => parts.push(c));
  return Buffer.concat(parts);
}

/** Loads an image into a fresh server (real clock: expiry decisions use Date.now()). */
function load(buf: Buffer, config: Record<string, string> = {}): TestServer {
  const srv = makeServer({ dir: tempDir(), ...config });
  loadRdbBufferSync(srv.state, buf, 'test.rdb');
  return srv;
}

/** Every record of an image, key records copied out of the reused object. */
function records(buf: Buffer): RdbRecord[] {
  const r = new RdbReader(buf);
  r.readHeader();
  const out: RdbRecord[] = [];
  for (;;) {
    const rec = r.next();
    out.push(rec.kind === 'key' ? { ...rec } : rec);
    if (rec.kind === 'eof') return out;
  }
}

const encodingOf = (srv: TestServer, key: string, db = 0): string => {
  const c = srv.client();
  c.run('SELECT', db);
  return String(c.call('OBJECT', 'ENCODING', key));
};

describe('RDB writer + reader round trips', () => {
  it('keeps strings in every encoding: empty, int8/16/32, int64 text, LZF, binary, large', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    const binary = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const values: Record<string, string> = {
      empty: '',
      i8: '-128',
      i16: '32767',
      i32: '-2147483648',
      i64: '9223372036854775807',
      notint: '007',
      negzero: '-0',
      lzf: 'abc'.repeat(50),
      binary,
      large: 'x'.repeat(100_000) + binary,
      incompressible: Array.from({ length: 300 }, (_, i) => String.fromCharCode((i * 7919) % 251)).join(''),
    };
    for (const [k, v] of Object.entries(values)) c.run('SET', k, v);
    const img = snapshot(srv);
    const back = load(img);
    for (const [k, v] of Object.entries(values)) expect(back.client().call('GET', k)).toBe(v);
    expect(canonical(back.state)).toEqual(canonical(srv.state));
    // The int and LZF encodings are really used: the image is far smaller than the data.
    expect(img.length).toBeLessThan(3000);
  });

  it('keeps lists as quicklist nodes of listpacks with every entry encoding', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    const ints = ['0', '127', '128', '-1', '-4096', '4095', '4096', '-32768', '32767', '-8388608', '8388607', '-2147483648', '2147483647', '9223372036854775807', '-9223372036854775808'];
    c.run('RPUSH', 'ints', ...ints);
    c.run('RPUSH', 'strs', '', 'a'.repeat(63), 'b'.repeat(64), 'c'.repeat(4095), 'd'.repeat(4096), '01', '-0', '+1', ' 1');
    c.run('RPUSH', 'big', ...Array.from({ length: 5000 }, (_, i) => `element-${i}`));
    const img = snapshot(srv);
    const back = load(img);
    expect(canonical(back.state)).toEqual(canonical(srv.state));
    const rec = records(img).find((r) => r.kind === 'key' && r.key === 'big');
    expect(rec).toBeDefined();
    expect(encodingOf(back, 'big')).toBe('quicklist');
  });

  it('keeps sets as intsets of each width and as hashtables', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    c.run('SADD', 'i16', '1', '-5', '300');
    c.run('SADD', 'i32', '1', '70000');
    c.run('SADD', 'i64', '-1', '5000000000');
    c.run('SADD', 'ht', 'a', 'b', '1');
    c.run('SADD', 'bigint', ...Array.from({ length: 600 }, (_, i) => String(i * 3)));
    const back = load(snapshot(srv));
    expect(canonical(back.state)).toEqual(canonical(srv.state));
    for (const k of ['i16', 'i32', 'i64']) expect(encodingOf(back, k)).toBe('intset');
    expect(encodingOf(back, 'ht')).toBe('hashtable');
    expect(encodingOf(back, 'bigint')).toBe('hashtable');
  });

  it('keeps hashes as listpacks and hashtables', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    c.run('HSET', 'lp', 'f1', 'v1', 'n', '12345', 'e', '');
    c.run('HSET', 'long', 'f', 'v'.repeat(65));
    c.run('HSET', 'many', ...Array.from({ length: 600 }, (_, i) => [`f${i}`, `v${i}`]).flat());
    const back = load(snapshot(srv));
    expect(canonical(back.state)).toEqual(canonical(srv.state));
    expect(encodingOf(back, 'lp')).toBe('listpack');
    expect(encodingOf(back, 'long')).toBe('hashtable');
    expect(encodingOf(back, 'many')).toBe('hashtable');
    // A listpack keeps the fields' insertion order.
    expect(back.client().call('HKEYS', 'lp')).toEqual(['f1', 'n', 'e']);
  });

  it('keeps sorted sets as listpacks (text scores) and skiplists (binary doubles)', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    c.run('ZADD', 'lp', '1', 'a', '2.5', 'b', '-0', 'c', '1e20', 'd', 'inf', 'e', '-inf', 'f', '0.1', 'g', '4503599627370496', 'h', '-4503599627370495', 'i');
    c.run('ZADD', 'sl', ...Array.from({ length: 200 }, (_, i) => [String(i / 7), `m${i}`]).flat());
    c.run('ZADD', 'sl', '-0', 'negzero');
    const back = load(snapshot(srv));
    expect(canonical(back.state)).toEqual(canonical(srv.state));
    expect(encodingOf(back, 'lp')).toBe('listpack');
    expect(encodingOf(back, 'sl')).toBe('skiplist');
    // As in Redis 7.0: a listpack stores -0 as the integer 0, a skiplist keeps the double.
    expect(back.client().call('ZSCORE', 'lp', 'c')).toBe('0');
    expect(back.client().call('ZSCORE', 'sl', 'negzero')).toBe('-0');
  });

  it('keeps expiries in ms, several databases, and drops keys already expired (master)', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    const future = Date.now() + 3_600_000;
    c.run('SET', 'a', '1');
    c.run('PEXPIREAT', 'a', future);
    c.run('SELECT', '3');
    c.run('RPUSH', 'l', 'x');
    c.run('PEXPIREAT', 'l', future + 1);
    c.run('SET', 'gone', 'v');
    c.run('PEXPIREAT', 'gone', 1000);
    c.run('SELECT', '15');
    c.run('SET', 'last', 'db');
    const img = snapshot(srv);
    const back = load(img);
    expect(back.state.dbs[0]!.getExpire('a')).toBe(future);
    expect(back.state.dbs[3]!.getExpire('l')).toBe(future + 1);
    expect(back.state.dbs[3]!.dict.has('gone')).toBe(false);
    expect(back.state.dbs[15]!.dict.get('last')).toBe('db');
    // Aux fields Redis writes, then SELECTDB + RESIZEDB per non-empty db.
    const recs = records(img);
    expect(recs.filter((r) => r.kind === 'aux').map((r) => (r.kind === 'aux' ? r.key : ''))).toEqual(['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base']);
    expect(recs.filter((r) => r.kind === 'selectdb').map((r) => (r.kind === 'selectdb' ? r.db : -1))).toEqual([0, 3, 15]);
    expect(recs.find((r) => r.kind === 'resizedb')).toEqual({ kind: 'resizedb', size: 1, expires: 1 });
  });

  it('keeps an expiry beyond 2^53 ms exactly', () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    c.run('SET', 'k', 'v');
    c.run('PEXPIREAT', 'k', '9223372036854775807');
    const back = load(snapshot(srv));
    expect(back.client().run('PEXPIRETIME', 'k')).toBe(':9223372036854775807\r\n');
  });

  it('writes the version 10 header and a CRC-64 trailer, or zeros with rdbchecksum no', () => {
    const srv = makeServer({ dir: tempDir() });
    srv.client().run('SET', 'k', 'v');
    const img = snapshot(srv);
    expect(img.subarray(0, 9).toString()).toBe('REDIS0010');
    expect(img.readBigUInt64LE(img.length - 8)).not.toBe(0n);
    const noCrc = makeServer({ dir: tempDir(), rdbchecksum: 'no' });
    noCrc.client().run('SET', 'k', 'v');
    const img2 = snapshot(noCrc);
    expect(img2.readBigUInt64LE(img2.length - 8)).toBe(0n);
    expect(canonical(load(img2).state)).toEqual(canonical(noCrc.state));
  });

  it('round-trips a random mix of values', () => {
    const rnd = prng(1234);
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    const word = (): string => {
      const r = rnd();
      if (r < 0.3) return String(Math.floor((rnd() - 0.5) * 2 ** (rnd() * 64)));
      return Array.from({ length: Math.floor(rnd() * (r < 0.9 ? 20 : 300)) }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
    };
    for (let i = 0; i < 400; i++) {
      const key = `k${i}`;
      const n = 1 + Math.floor(rnd() * (rnd() < 0.8 ? 10 : 400));
      const items = Array.from({ length: n }, word);
      switch (i % 5) {
        case 0:
          c.run('SET', key, items[0]!);
          break;
        case 1:
          c.run('RPUSH', key, ...items);
          break;
        case 2:
          c.run('SADD', key, ...items);
          break;
        case 3:
          c.run('HSET', key, ...items.flatMap((x) => [x, word()]));
          break;
        default:
          c.run('ZADD', key, ...items.flatMap((x) => [String((rnd() - 0.5) * 1000), x]));
      }
    }
    const back = load(snapshot(srv));
    expect(canonical(back.state)).toEqual(canonical(srv.state));
  });
});

describe('RDB reader: encodings our writer never produces', () => {
  const LIST = ['a', 12, -1, 300, 70000, -9000000, 5000000000, 'longer string value'];
  const LIST_TEXT = ['a', '12', '-1', '300', '70000', '-9000000', '5000000000', 'longer string value'];

  it('reads ziplist lists (RDB_TYPE_LIST_ZIPLIST) and quicklist 1', () => {
    const zl = ziplist(LIST);
    const img = rdbFile(
      9,
      keyRec(F.RDB_TYPE_LIST_ZIPLIST, 'zl', str(zl)),
      keyRec(F.RDB_TYPE_LIST_QUICKLIST, 'ql', Buffer.concat([len(2), str(zl), str(ziplist(['tail']))])),
    );
    const srv = load(img);
    expect(srv.client().call('LRANGE', 'zl', 0, -1)).toEqual(LIST_TEXT);
    expect(srv.client().call('LRANGE', 'ql', 0, -1)).toEqual([...LIST_TEXT, 'tail']);
  });

  it('reads ziplist hashes and sorted sets, zipmaps and old-style ZSET string scores', () => {
    const img = rdbFile(
      9,
      keyRec(F.RDB_TYPE_HASH_ZIPLIST, 'h', str(ziplist(['f1', 'v1', 'f2', 2]))),
      keyRec(F.RDB_TYPE_ZSET_ZIPLIST, 'z', str(ziplist(['a', 1, 'b', '2.5', 'c', 'inf']))),
      keyRec(F.RDB_TYPE_HASH_ZIPMAP, 'zm', str(zipmap([['f', 'v'], ['g', 'w']]))),
      keyRec(F.RDB_TYPE_ZSET, 'old', Buffer.concat([len(3), str('x'), Buffer.from([3]), Buffer.from('1.5'), str('y'), Buffer.from([254]), str('z'), Buffer.from([255])])),
    );
    const srv = load(img);
    const c = srv.client();
    expect(c.call('HGETALL', 'h')).toEqual(['f1', 'v1', 'f2', '2']);
    expect(c.call('ZRANGE', 'z', 0, -1, 'WITHSCORES')).toEqual(['a', '1', 'b', '2.5', 'c', 'inf']);
    expect(c.call('HGETALL', 'zm')).toEqual(['f', 'v', 'g', 'w']);
    expect(c.call('ZRANGE', 'old', 0, -1, 'WITHSCORES')).toEqual(['z', '-inf', 'x', '1.5', 'y', 'inf']);
    expect(encodingOf(srv, 'h')).toBe('listpack');
  });

  it('reads Redis 7.2 listpack sets (version 11) and a version 12 header', () => {
    // A listpack of "a", 1, "b", hand-encoded: header, 3 entries with back-lengths, end.
    const lp = Buffer.from([0x0f, 0, 0, 0, 3, 0, 0x81, 0x61, 0x02, 0x01, 0x01, 0x81, 0x62, 0x02, 0xff]);
    const srv = load(rdbFile(11, keyRec(F.RDB_TYPE_SET_LISTPACK, 's', str(lp))));
    expect(srv.client().call('SMEMBERS', 's')).toEqual(expect.arrayContaining(['a', '1', 'b']));
    expect(encodingOf(srv, 's')).toBe('hashtable');
    expect(load(rdbFile(12, keyRec(F.RDB_TYPE_STRING, 'k', str('v')))).state.dbs[0]!.dict.get('k')).toBe('v');
  });

  it('reads seconds expiries, LRU/LFU opcodes, and skips module aux, functions and slot info', () => {
    const future = Math.floor(Date.now() / 1000) + 3600;
    const exp = Buffer.alloc(5);
    exp[0] = F.RDB_OPCODE_EXPIRETIME;
    exp.writeInt32LE(future, 1);
    const img = rdbFile(
      10,
      Buffer.from([F.RDB_OPCODE_AUX]),
      str('some-unknown-aux'),
      str('x'),
      // Module aux: module id, when opcode, when, then a string and EOF opcodes.
      Buffer.from([F.RDB_OPCODE_MODULE_AUX]),
      len(12345),
      len(2),
      len(2),
      len(F.RDB_MODULE_OPCODE_STRING),
      str('payload'),
      len(F.RDB_MODULE_OPCODE_UINT),
      len(7),
      len(F.RDB_MODULE_OPCODE_EOF),
      Buffer.from([F.RDB_OPCODE_FUNCTION2]),
      str('#!lua name=lib\nredis.register_function("f", function() return 1 end)'),
      Buffer.from([F.RDB_OPCODE_SLOT_INFO]),
      len(1),
      len(2),
      len(3),
      Buffer.from([F.RDB_OPCODE_SELECTDB]),
      len(2),
      Buffer.from([F.RDB_OPCODE_RESIZEDB]),
      len(1),
      len(1),
      exp,
      Buffer.from([F.RDB_OPCODE_IDLE]),
      len(100),
      Buffer.from([F.RDB_OPCODE_FREQ, 5]),
      keyRec(F.RDB_TYPE_STRING, 'k', str('v')),
    );
    const srv = load(img);
    expect(srv.state.dbs[2]!.dict.get('k')).toBe('v');
    expect(srv.state.dbs[2]!.getExpire('k')).toBe(future * 1000);
  });

  it('reads integer-encoded and LZF-compressed strings made by Redis', () => {
    // DUMP bodies from redis-server 7.0.15: "12345" as INT16 and 100 x's as LZF.
    const img = rdbFile(
      10,
      Buffer.concat([Buffer.from([0]), str('i'), Buffer.from('c13930', 'hex')]),
      Buffer.concat([Buffer.from([0]), str('z'), Buffer.from('c3094064017878e05700017878', 'hex')]),
    );
    const srv = load(img);
    expect(srv.state.dbs[0]!.dict.get('i')).toBe('12345');
    expect(srv.state.dbs[0]!.dict.get('z')).toBe('x'.repeat(100));
  });

  it('skips empty aggregates, as Redis does ("empty keys skipped")', () => {
    const img = rdbFile(10, keyRec(F.RDB_TYPE_LIST, 'e', len(0)), keyRec(F.RDB_TYPE_HASH_ZIPLIST, 'h', str(ziplist([]))), keyRec(F.RDB_TYPE_STRING, 'k', str('v')));
    const srv = load(img);
    expect([...srv.state.dbs[0]!.dict.keys()]).toEqual(['k']);
  });

  it('keeps a packed hash compact when only its values are long (rdbLoadObject checks counts only)', () => {
    const srv = load(rdbFile(10, keyRec(F.RDB_TYPE_HASH_ZIPLIST, 'h', str(ziplist(['f', 'v'.repeat(100)])))));
    expect(encodingOf(srv, 'h')).toBe('listpack');
    const plain = load(rdbFile(10, keyRec(F.RDB_TYPE_HASH, 'h', Buffer.concat([len(1), str('f'), str('v'.repeat(100))]))));
    expect(encodingOf(plain, 'h')).toBe('hashtable');
  });
});
