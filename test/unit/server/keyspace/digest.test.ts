// Expected digests were produced by a real redis-server 7.0.15 (DEBUG DIGEST /
// DEBUG DIGEST-VALUE) for the same data; aggregates are small fakes implementing the
// value interfaces, so the digest is checked independently of each type's commands.

import { describe, expect, it } from 'vitest';
import { datasetDigest, valueDigest } from '../../../../src/server/keyspace/digest.js';
import type { HashValue, ListValue, SetValue, ZSetValue } from '../../../../src/server/keyspace/values/types.js';
import { makeServer } from '../../../helpers/harness.js';

const ZEROS = '0'.repeat(40);

function list(items: string[]): ListValue {
  return { type: 'list', encoding: () => 'quicklist', length: items.length, values: () => items, clone: () => list([...items]) };
}

function set(members: string[]): SetValue {
  return { type: 'set', encoding: () => 'hashtable', size: members.length, members: () => members, clone: () => set([...members]) };
}

function hash(entries: Array<[string, string]>): HashValue {
  return { type: 'hash', encoding: () => 'listpack', size: entries.length, entries: () => entries, clone: () => hash([...entries]) };
}

function zset(entries: Array<[string, number]>): ZSetValue {
  return { type: 'zset', encoding: () => 'listpack', size: entries.length, entries: () => entries, clone: () => zset([...entries]) };
}

describe('DEBUG DIGEST algorithm', () => {
  it('is all zeros for an empty dataset', () => {
    const s = makeServer().state;
    expect(datasetDigest(s.dbs)).toBe(ZEROS);
  });

  it('matches Redis for a string key, with and without an expiry', () => {
    const s = makeServer().state;
    const db = s.dbs[0]!;
    db.set('foo', 'bar');
    expect(datasetDigest(s.dbs)).toBe('d2ab4820c1be0580ea28efbfe8bfa1dc05bb802a');
    expect(valueDigest(db, 'foo')).toBe('68467c70ae30376e7ce005bcc8827f5ba7fd67dc');
    db.setExpire('foo', s.clock.now() + 100000);
    expect(datasetDigest(s.dbs)).toBe('8b0c6d22108f15467022bc27c005787072eb4c4b');
    expect(valueDigest(db, 'foo')).toBe('8ec3828f7209dd3abdf6ee448de8b0c0bd53265f');
  });

  it('mixes the db index, so other dbs change the digest', () => {
    const s = makeServer().state;
    s.dbs[0]!.set('foo', 'bar');
    s.dbs[0]!.setExpire('foo', s.clock.now() + 100000);
    s.dbs[3]!.set('k space', 'v\\0x');
    expect(datasetDigest(s.dbs)).toBe('941e65751c2c0cd56a6e654d74868ed7d167fea2');
  });

  it('is all zeros for a missing key in DIGEST-VALUE', () => {
    const s = makeServer().state;
    expect(valueDigest(s.dbs[0]!, 'nokey')).toBe(ZEROS);
  });

  it('chains list items in order', () => {
    const db = makeServer().state.dbs[0]!;
    db.set('l', list(['a', 'b', 'c', '1', '2', '3']));
    expect(valueDigest(db, 'l')).toBe('28150a3b2cc0efbc98d23e7962f278329e3b583b');
    db.set('l', list(['b', 'a', 'c', '1', '2', '3']));
    expect(valueDigest(db, 'l')).not.toBe('28150a3b2cc0efbc98d23e7962f278329e3b583b');
  });

  it('combines set members regardless of order', () => {
    const db = makeServer().state.dbs[0]!;
    db.set('s', set(['x', 'y', 'z', '1', '2', '300']));
    expect(valueDigest(db, 's')).toBe('02916f877ab1af6bdf649c4afe5f3e769fce6ac0');
    db.set('s', set(['300', '2', '1', 'z', 'y', 'x']));
    expect(valueDigest(db, 's')).toBe('02916f877ab1af6bdf649c4afe5f3e769fce6ac0');
  });

  it('combines hash field/value pairs regardless of order', () => {
    const db = makeServer().state.dbs[0]!;
    db.set('h', hash([['f2', 'v2'], ['n', '5'], ['f1', 'v1']]));
    expect(valueDigest(db, 'h')).toBe('5fec737630b4e4bbc9deed2235e63a211a72d8b9');
  });

  it('formats zset scores as %.17g, including inf and huge values', () => {
    const db = makeServer().state.dbs[0]!;
    db.set(
      'z',
      zset([
        ['c', -3],
        ['d', 0.1],
        ['a', 1],
        ['b', 2.5],
        ['e', 1e300],
        ['f', Infinity],
      ]),
    );
    expect(valueDigest(db, 'z')).toBe('a1e67a3012034af8c7fbee01106a8613a397d9a1');
  });

  it('digests a mixed dataset like Redis (in db 3)', () => {
    const s = makeServer().state;
    const db = s.dbs[3]!;
    db.set('l', list(['a', 'b', 'c', '1', '2', '3']));
    db.set('s', set(['x', 'y', 'z', '1', '2', '300']));
    db.set('h', hash([['f1', 'v1'], ['f2', 'v2'], ['n', '5']]));
    db.set('z', zset([['c', -3], ['d', 0.1], ['a', 1], ['b', 2.5], ['e', 1e300], ['f', Infinity]]));
    expect(datasetDigest(s.dbs)).toBe('d35c334952c4f7fe22a225dfefeb6e38b2c19326');
  });
});
