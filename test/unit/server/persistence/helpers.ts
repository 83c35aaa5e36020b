// Shared pieces of the persistence unit tests: a canonical view of a keyspace (to compare
// what was saved with what was loaded), RDB images assembled by hand for encodings our
// writer never produces (ziplists, zipmaps, quicklist 1, listpack sets), and a seeded PRNG.

import { Crc64 } from '../../../../src/server/persistence/crc64.js';
import type { ServerState } from '../../../../src/server/state.js';
import { tempDir as makeTempDir } from '../../../helpers/temp-dir.js';

/** A temp dir removed after the test. */
export function tempDir(): string {
  return makeTempDir('rctl-persist-');
}

/** Every key of every db as `db|key|type|value|expire`, sorted (set and hash contents sorted). */
export function canonical(s: ServerState): string[] {
  const out: string[] = [];
  for (const db of s.dbs) {
    for (const [key, v] of db.dict) {
      let body: string;
      if (typeof v === 'string') body = `string|${JSON.stringify(v)}`;
      else if (v.type === 'list') body = `list|${JSON.stringify([...v.values()])}`;
      else if (v.type === 'set') body = `set|${JSON.stringify([...v.members()].sort())}`;
      else if (v.type === 'hash') body = `hash|${JSON.stringify([...v.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)))}`;
      else body = `zset|${JSON.stringify([...v.entries()].map(([m, sc]) => [m, String(sc)]))}`;
      out.push(`${db.id}|${JSON.stringify(key)}|${body}|${db.getExpire(key)}`);
    }
  }
  return out.sort();
}

export { prng } from '../../../helpers/prng.js';

// --- hand-made RDB pieces ------------------------------------------------------------------

/** rdbSaveLen bytes. */
export function len(n: number): Buffer {
  if (n < 64) return Buffer.from([n]);
  if (n < 16384) return Buffer.from([0x40 | (n >> 8), n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0x80;
  b.writeUInt32BE(n, 1);
  return b;
}

/** A plain RDB string. */
export function str(s: string | Buffer): Buffer {
  const b = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  return Buffer.concat([len(b.length), b]);
}

/** A whole file: header, body, EOF and a correct CRC-64 trailer. */
export function rdbFile(version: number, ...body: Buffer[]): Buffer {
  const head = Buffer.from(`REDIS${String(version).padStart(4, '0')}`, 'latin1');
  const all = Buffer.concat([head, ...body, Buffer.from([0xff])]);
  return Buffer.concat([all, new Crc64().update(all).bytes()]);
}

/** A key record: type byte, key, encoded value. */
export function keyRec(type: number, key: string, value: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), str(key), value]);
}

/** ziplist.c encoding of entries (strings, or integers given as numbers/bigints). */
export function ziplist(entries: Array<string | number | bigint>): Buffer {
  const parts: Buffer[] = [];
  let prev = 0;
  let tail = 10;
  let off = 10;
  for (const e of entries) {
    const prevlen = prev < 254 ? Buffer.from([prev]) : Buffer.concat([Buffer.from([0xfe]), u32(prev)]);
    let enc: Buffer;
    if (typeof e === 'string') {
      const d = Buffer.from(e, 'latin1');
      if (d.length < 64) enc = Buffer.concat([Buffer.from([d.length]), d]);
      else if (d.length < 16384) enc = Buffer.concat([Buffer.from([0x40 | (d.length >> 8), d.length & 0xff]), d]);
      else {
        const h = Buffer.alloc(5);
        h[0] = 0x80;
        h.writeUInt32BE(d.length, 1);
        enc = Buffer.concat([h, d]);
      }
    } else {
      const v = BigInt(e);
      if (v >= 0n && v <= 12n) enc = Buffer.from([0xf1 + Number(v)]);
      else if (v >= -128n && v <= 127n) enc = Buffer.from([0xfe, Number(v) & 0xff]);
      else if (v >= -32768n && v <= 32767n) {
        enc = Buffer.alloc(3);
        enc[0] = 0xc0;
        enc.writeInt16LE(Number(v), 1);
      } else if (v >= -8388608n && v <= 8388607n) {
        enc = Buffer.alloc(4);
        enc[0] = 0xf0;
        enc.writeIntLE(Number(v), 1, 3);
      } else if (v >= -2147483648n && v <= 2147483647n) {
        enc = Buffer.alloc(5);
        enc[0] = 0xd0;
        enc.writeInt32LE(Number(v), 1);
      } else {
        enc = Buffer.alloc(9);
        enc[0] = 0xe0;
        enc.writeBigInt64LE(v, 1);
      }
    }
    const entry = Buffer.concat([prevlen, enc]);
    tail = off;
    off += entry.length;
    prev = entry.length;
    parts.push(entry);
  }
  const body = Buffer.concat(parts);
  const total = 10 + body.length + 1;
  const head = Buffer.alloc(10);
  head.writeUInt32LE(total, 0);
  head.writeUInt32LE(entries.length === 0 ? 10 : tail, 4);
  head.writeUInt16LE(entries.length, 8);
  return Buffer.concat([head, body, Buffer.from([0xff])]);
}

/** zipmap.c encoding (RDB version 1-3 hashes). */
export function zipmap(pairs: Array<[string, string]>): Buffer {
  const parts: Buffer[] = [Buffer.from([pairs.length])];
  for (const [f, v] of pairs) {
    parts.push(Buffer.from([f.length]), Buffer.from(f, 'latin1'), Buffer.from([v.length, 0]), Buffer.from(v, 'latin1'));
  }
  parts.push(Buffer.from([0xff]));
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n, 0);
  return b;
}
