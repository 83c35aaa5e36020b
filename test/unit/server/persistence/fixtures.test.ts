import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRdbBufferSync } from '../../../../src/server/persistence/rdb-load.js';
import { makeServer, type TestServer } from '../../../helpers/harness.js';
import { tempDir } from './helpers.js';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/rdb');
const FAR = 4102444800000;

function loadFixture(name: string): TestServer {
  const srv = makeServer({ dir: tempDir() });
  loadRdbBufferSync(srv.state, readFileSync(join(FIXTURES, name)), name);
  return srv;
}

// The fixtures' contents: see test/fixtures/rdb/README.md and make-fixtures.mjs.
describe.each(['redis-7.0-all-types.rdb', 'redis-7.0-nocompress-nochecksum.rdb'])('fixture %s (written by redis-server 7.0.15)', (name) => {
  it('holds every key with its value, encoding and TTL', () => {
    const srv = loadFixture(name);
    const c = srv.client();
    const bin = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    expect(c.call('DBSIZE')).toBe(22);
    expect(c.call('GET', 'str:small')).toBe('hello');
    expect(c.call('GET', 'str:empty')).toBe('');
    expect(c.call('GET', 'str:int8')).toBe('-100');
    expect(c.call('GET', 'str:int16')).toBe('30000');
    expect(c.call('GET', 'str:int32')).toBe('-2000000000');
    expect(c.call('GET', 'str:int64')).toBe('9223372036854775807');
    expect(c.call('GET', 'str:binary')).toBe(bin);
    expect(c.call('GET', 'str:lzf')).toBe('abcdefgh'.repeat(500));
    expect(c.call('PEXPIRETIME', 'str:ttl')).toBe(FAR);
    expect(c.call('LRANGE', 'list:small', 0, -1)).toEqual(['a', 'b', '1', '-1', '300', '70000', '-9000000', '5000000000']);
    expect(c.call('PEXPIRETIME', 'list:small')).toBe(FAR + 1);
    expect(c.call('LLEN', 'list:big')).toBe(1200);
    expect(c.call('LINDEX', 'list:big', 1199)).toBe('item-1199');
    expect(c.call('LRANGE', 'list:plainish', 0, -1)).toEqual(['L'.repeat(9000), 'tail']);
    expect(c.call('SMEMBERS', 'set:int16')).toEqual(['-3', '1', '2']);
    expect(c.call('SMEMBERS', 'set:int64')).toEqual(['1', '10000000000']);
    expect(c.call('OBJECT', 'ENCODING', 'set:int32')).toBe('intset');
    expect(c.call('OBJECT', 'ENCODING', 'set:strings')).toBe('hashtable');
    expect(c.call('SCARD', 'set:bigints')).toBe(600);
    expect(c.call('OBJECT', 'ENCODING', 'set:bigints')).toBe('hashtable');
    expect(c.call('HGETALL', 'hash:small')).toEqual(['f1', 'v1', 'f2', '22', 'f3', '']);
    expect(c.call('OBJECT', 'ENCODING', 'hash:longvalue')).toBe('hashtable');
    expect(c.call('HLEN', 'hash:big')).toBe(600);
    expect(c.call('HGET', 'hash:big', 'field-599')).toBe('value-599');
    expect(c.call('PEXPIRETIME', 'hash:big')).toBe(FAR + 2);
    expect(c.call('ZRANGE', 'zset:small', 0, -1, 'WITHSCORES')).toEqual(['bottom', '-inf', 'neg', '-3', 'tenth', '0.10000000000000001', 'one', '1', 'two.five', '2.5', 'top', 'inf']);
    expect(c.call('OBJECT', 'ENCODING', 'zset:big')).toBe('skiplist');
    expect(c.call('ZSCORE', 'zset:big', 'member-299')).toBe('74.75');
    c.run('SELECT', 1);
    expect(c.call('GET', 'db1:key')).toBe('in db 1');
    expect(c.call('ZSCORE', 'db1:zset', 'five')).toBe('5');
    c.run('SELECT', 9);
    expect(c.call('HGET', 'db9:hash', 'a')).toBe('1');
    expect(c.call('PEXPIRETIME', 'db9:ttl')).toBe(FAR + 3);
  });
});

describe('fixture crafted-7.2-listpack-set.rdb (hand-made RDB 11)', () => {
  it('reads a listpack set, a one-node listpack list and an intset', () => {
    const c = loadFixture('crafted-7.2-listpack-set.rdb').client();
    expect((c.call('SMEMBERS', 'set:listpack') as string[]).sort()).toEqual(['42', 'apple', 'banana', 'cherry']);
    expect(c.call('OBJECT', 'ENCODING', 'set:listpack')).toBe('hashtable');
    expect(c.call('LRANGE', 'list:listpack', 0, -1)).toEqual(['x', 'y', '7']);
    expect(c.call('SMEMBERS', 'set:intset')).toEqual(['1', '2', '3']);
  });
});
