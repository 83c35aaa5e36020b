import { describe, expect, it } from 'vitest';
import { Crc64 } from '../../../../src/server/persistence/crc64.js';
import { loadRdbBufferSync, RdbLoadError } from '../../../../src/server/persistence/rdb-load.js';
import * as F from '../../../../src/server/persistence/rdb-format.js';
import { RdbError, RdbReader } from '../../../../src/server/persistence/rdb-reader.js';
import { SnapshotProducer } from '../../../../src/server/persistence/snapshot-producer.js';
import { makeServer } from '../../../helpers/harness.js';
import { keyRec, len, rdbFile, str, tempDir, ziplist } from './helpers.js';

/** Reads a whole image; returns the error it stops with (or null when it is fine). */
function readAll(buf: Buffer): RdbError | null {
  const r = new RdbReader(buf);
  try {
    r.readHeader();
    while (r.next().kind !== 'eof');
    return null;
  } catch (e) {
    if (e instanceof RdbError) return e;
    throw e;
  }
}

function expectError(buf: Buffer, msg: RegExp, offset: number): void {
  const e = readAll(buf);
  expect(e, 'the image must be refused').not.toBeNull();
  expect(e!.message).toMatch(msg);
  expect(e!.offset).toBe(offset);
}

/** A small file with one key of each type, as our writer makes it. */
function sampleImage(): Buffer {
  const srv = makeServer({ dir: tempDir() });
  const c = srv.client();
  c.run('SET', 's', 'value');
  c.run('SET', 'lzf', 'abc'.repeat(30));
  c.run('RPUSH', 'l', 'a', '1', 'b');
  c.run('SADD', 'i', '1', '2');
  c.run('SADD', 'h', 'x', 'y');
  c.run('HSET', 'hp', 'f', 'v');
  c.run('ZADD', 'z', '1', 'm');
  c.run('SET', 'e', 'x');
  c.run('PEXPIREAT', 'e', Date.now() + 100_000);
  const parts: Buffer[] = [];
  new SnapshotProducer(srv.state, { blocking: true }).runSync((b) => parts.push(b));
  return Buffer.concat(parts);
}

/** Recomputes the CRC trailer after an edit, so only the edit itself is wrong. */
function fixCrc(buf: Buffer): Buffer {
  const body = buf.subarray(0, buf.length - 8);
  return Buffer.concat([body, new Crc64().update(body).bytes()]);
}

describe('RDB reader refuses bad files with the offset of the problem', () => {
  it('wrong magic', () => {
    const img = sampleImage();
    img.write('RADIS', 0, 'latin1');
    expectError(img, /wrong signature/, 0);
    expectError(Buffer.from('REDIS'), /wrong signature/, 0);
  });

  it('version digits that are not a number, and versions newer than 12', () => {
    expectError(rdbFile(10).fill('x', 5, 9), /bad version/, 5);
    expectError(rdbFile(13), /can't handle RDB format version 13/, 5);
    expectError(rdbFile(0), /can't handle RDB format version 0/, 5);
  });

  it('an unknown object type, at the byte of the type', () => {
    const img = rdbFile(10, keyRec(F.RDB_TYPE_STRING, 'a', str('1')), Buffer.from([30]), str('k'), str('v'));
    expectError(img, /unknown RDB object type 30/, 9 + 5);
  });

  it('a stream, naming the key', () => {
    const img = rdbFile(10, keyRec(F.RDB_TYPE_STREAM_LISTPACKS_2, 'mystream', len(0)));
    expectError(img, /key 'mystream' holds a stream/, 9);
  });

  it('truncation at every offset, never anything but an RdbError inside the file', () => {
    const img = sampleImage();
    for (let cut = 0; cut < img.length; cut++) {
      const e = readAll(img.subarray(0, cut));
      expect(e, `cut at ${cut}`).not.toBeNull();
      expect(e!.offset).toBeGreaterThanOrEqual(0);
      expect(e!.offset).toBeLessThanOrEqual(cut);
    }
    expect(readAll(img)).toBeNull();
  });

  it('a CRC-64 mismatch, at the trailer', () => {
    const img = sampleImage();
    const at = img.indexOf('value', 0, 'latin1');
    img[at] = 'V'.charCodeAt(0);
    expectError(img, /wrong RDB checksum/, img.length - 8);
    // All-zero trailer: checksum disabled, accepted.
    img.fill(0, img.length - 8);
    expect(readAll(img)).toBeNull();
    // With rdbchecksum no the loader does not check at all.
    img.writeUInt32LE(0xdeadbeef, img.length - 8);
    expect(() => loadRdbBufferSync(makeServer({ dir: tempDir(), rdbchecksum: 'no' }).state, img, 'f')).not.toThrow();
  });

  it('bad LZF data, at the start of the string', () => {
    // "x" * 100 compressed, with the first back reference pointing before the start.
    const lzf = Buffer.from('c3094064017878e05780017878', 'hex');
    const img = rdbFile(10, Buffer.concat([Buffer.from([F.RDB_TYPE_STRING]), str('k'), lzf]));
    expectError(img, /invalid LZF compressed string/, 9 + 1 + 2);
  });

  it('an unknown string or length encoding', () => {
    expectError(rdbFile(10, Buffer.concat([Buffer.from([F.RDB_TYPE_STRING]), str('k'), Buffer.from([0xc7])])), /unknown string encoding 7/, 12);
    expectError(rdbFile(10, Buffer.concat([Buffer.from([F.RDB_TYPE_LIST]), str('k'), Buffer.from([0x82])])), /unknown length encoding 0x82/, 12);
  });

  it.each([
    ['a header length that disagrees with the blob', (zl: Buffer) => zl.writeUInt32LE(zl.length + 1, 0), /header says/],
    ['a wrong entry count', (zl: Buffer) => zl.writeUInt16LE(5, 8), /header counts 5 entries, found 3/],
    ['a wrong tail offset', (zl: Buffer) => zl.writeUInt32LE(10, 4), /tail offset/],
    ['a wrong prevlen', (zl: Buffer) => (zl[14] = 9), /prevlen/],
    ['an unknown entry encoding', (zl: Buffer) => (zl[11] = 0xff - 1 - 0x0e), /unknown entry encoding|prevlen|runs past/],
    ['a missing end marker', (zl: Buffer) => (zl[zl.length - 1] = 0), /end marker/],
  ])('a corrupt ziplist: %s, at the blob', (_name, edit, msg) => {
    const zl = ziplist(['ab', 'cd', 7]);
    edit(zl);
    const img = rdbFile(10, keyRec(F.RDB_TYPE_LIST_ZIPLIST, 'k', str(zl)));
    expectError(img, msg, 9 + 1 + 2);
  });

  it.each([
    ['a header length that disagrees with the blob', (lp: Buffer) => lp.writeUInt32LE(99, 0), /header says 99 bytes/],
    ['a wrong entry count', (lp: Buffer) => lp.writeUInt16LE(3, 4), /header counts 3 entries, found 2/],
    ['a wrong back-length', (lp: Buffer) => (lp[8] = 5), /wrong back-length/],
    ['an unknown entry encoding', (lp: Buffer) => (lp[6] = 0xf5), /unknown entry encoding 0xf5/],
    ['a string running past the end', (lp: Buffer) => (lp[6] = 0x80 | 40), /runs past the end/],
    ['a missing end marker', (lp: Buffer) => (lp[lp.length - 1] = 0), /end marker/],
  ])('a corrupt listpack: %s, at the blob', (_name, edit, msg) => {
    // Listpack of "a", 1: total 11 bytes, 2 entries.
    const lp = Buffer.from([0x0b, 0, 0, 0, 2, 0, 0x81, 0x61, 0x02, 0x01, 0x01, 0xff]);
    lp.writeUInt32LE(lp.length, 0);
    edit(lp);
    const img = rdbFile(10, keyRec(F.RDB_TYPE_HASH_LISTPACK, 'k', str(lp)));
    expectError(img, msg, 9 + 1 + 2);
  });

  it.each([
    ['an unknown width', (is: Buffer) => is.writeUInt32LE(3, 0), /unknown encoding 3/],
    ['a count that disagrees with the size', (is: Buffer) => is.writeUInt32LE(5, 4), /header counts 5 integers/],
    ['integers out of order', (is: Buffer) => is.writeInt16LE(9, 8), /ascending/],
    ['a duplicate integer', (is: Buffer) => is.writeInt16LE(2, 8), /ascending/],
  ])('a corrupt intset: %s, at the blob', (_name, edit, msg) => {
    const is = Buffer.from([2, 0, 0, 0, 2, 0, 0, 0, 1, 0, 2, 0]);
    edit(is);
    const img = rdbFile(10, keyRec(F.RDB_TYPE_SET_INTSET, 'k', str(is)));
    expectError(img, msg, 9 + 1 + 2);
  });

  it('an odd number of entries in a packed hash or zset', () => {
    expectError(rdbFile(10, keyRec(F.RDB_TYPE_HASH_ZIPLIST, 'k', str(ziplist(['f', 'v', 'x'])))), /odd number/, 12);
    expectError(rdbFile(10, keyRec(F.RDB_TYPE_ZSET_ZIPLIST, 'k', str(ziplist(['m', 'notascore'])))), /invalid score/, 12);
  });

  it('a NaN score and an unknown quicklist container', () => {
    const nan = Buffer.alloc(8);
    nan.writeDoubleLE(NaN);
    expectError(rdbFile(10, keyRec(F.RDB_TYPE_ZSET_2, 'k', Buffer.concat([len(1), str('m'), nan]))), /NaN score/, 15);
    expectError(rdbFile(10, keyRec(F.RDB_TYPE_LIST_QUICKLIST_2, 'k', Buffer.concat([len(1), len(3), str('x')]))), /unknown node container 3/, 13);
  });
});

describe('loader: problems a well-formed file can still have', () => {
  const loadInto = (img: Buffer, config: Record<string, string> = {}): RdbLoadError => {
    try {
      loadRdbBufferSync(makeServer({ dir: tempDir(), ...config }).state, img, '/data/dump.rdb');
    } catch (e) {
      if (e instanceof RdbLoadError) return e;
      throw e;
    }
    throw new Error('loaded');
  };

  it('names the file, the offset and the problem', () => {
    const e = loadInto(rdbFile(13));
    expect(e.file).toBe('/data/dump.rdb');
    expect(e.offset).toBe(5);
    expect(e.message).toBe("Failed loading RDB file '/data/dump.rdb' at offset 5: can't handle RDB format version 13 (newest supported: 12)");
  });

  it('duplicate keys, duplicate members and a db beyond `databases`', () => {
    const dup = rdbFile(10, keyRec(0, 'k', str('1')), keyRec(0, 'k', str('2')));
    expect(loadInto(dup).problem).toMatch(/duplicated key 'k' in DB 0/);
    expect(loadInto(dup).offset).toBe(9 + 5);
    const set = rdbFile(10, keyRec(F.RDB_TYPE_SET, 's', Buffer.concat([len(2), str('a'), str('a')])));
    expect(loadInto(set).problem).toBe('Duplicate set members detected');
    const hash = rdbFile(10, keyRec(F.RDB_TYPE_HASH, 'h', Buffer.concat([len(2), str('f'), str('1'), str('f'), str('2')])));
    expect(loadInto(hash).problem).toBe('Duplicate hash fields detected');
    const db = rdbFile(10, Buffer.from([F.RDB_OPCODE_SELECTDB]), len(20), keyRec(0, 'k', str('v')));
    expect(loadInto(db).problem).toMatch(/configured to handle more than 16 databases/);
  });

  it('clears the loading flag after a failure', () => {
    const srv = makeServer({ dir: tempDir() });
    expect(() => loadRdbBufferSync(srv.state, rdbFile(13), 'f')).toThrow(RdbLoadError);
    expect(srv.state.loading).toBe(false);
  });
});
