// Builds the compact blobs Redis 7.0 stores in RDB files and DUMP payloads: listpacks
// (listpack.c: entry encodings, back-lengths, header), intsets (intset.c) and the split of
// a list into quicklist nodes (quicklist.c _quicklistNodeAllowInsert), so that small
// values serialise to the same bytes real Redis writes.

import { isInt64String } from '../keyspace/values/set.js';

type Latin1Buffer = Buffer & { latin1Write(s: string, offset: number, length: number): number };

const LP_HDR_SIZE = 6;
const LP_EOF = 0xff;
/** lpLength's count field saturates here; readers then count entries by walking. */
const LP_HDR_NUMELE_UNKNOWN = 65535;

/** lpEncodeBacklen's size for an entry of l bytes (encoding + data). */
export function backlenSize(l: number): number {
  if (l <= 127) return 1;
  if (l < 16383) return 2;
  if (l < 2097151) return 3;
  if (l < 268435455) return 4;
  return 5;
}

/** Bytes (encoding + data) a listpack needs for this integer (lpEncodeIntegerGetType). */
function intEncodedSize(v: number): number {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= -32768 && v <= 32767) return 3;
  if (v >= -8388608 && v <= 8388607) return 4;
  if (v >= -2147483648 && v <= 2147483647) return 5;
  return 9;
}

/** Bytes (encoding + data) a listpack needs for a string of len bytes. */
const strEncodedSize = (len: number): number => (len < 64 ? 1 + len : len < 4096 ? 2 + len : 5 + len);

/** The whole entry size of s in a listpack: encoding, data and back-length. */
export function listpackEntrySize(s: string): number {
  const n = isInt64String(s) ? intEncodedSize(Number(s)) : strEncodedSize(s.length);
  return n + backlenSize(n);
}

/**
 * Appends entries to one listpack (lpAppend): strings that are canonical int64 decimals
 * are stored as integers, as lpEncodeGetType does. Reusable: reset() starts a new one.
 */
export class ListpackBuilder {
  private buf: Latin1Buffer = Buffer.allocUnsafe(256) as Latin1Buffer;
  private len = LP_HDR_SIZE;
  count = 0;

  reset(): void {
    this.len = LP_HDR_SIZE;
    this.count = 0;
  }

  /** Total bytes the listpack has once finished (lpBytes). */
  get bytes(): number {
    return this.len + 1;
  }

  private ensure(n: number): void {
    if (this.len + n + 1 <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n + 1) size *= 2;
    const next = Buffer.allocUnsafe(size) as Latin1Buffer;
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  append(s: string): void {
    if (isInt64String(s)) this.appendInt(s);
    else this.appendString(s);
    this.count++;
  }

  private appendInt(s: string): void {
    const v = Number(s);
    const size = intEncodedSize(v);
    this.ensure(size + 1);
    const b = this.buf;
    let p = this.len;
    if (size === 1) {
      b[p] = v;
    } else if (size === 2) {
      const u = v < 0 ? (1 << 13) + v : v;
      b[p] = 0xc0 | (u >> 8);
      b[p + 1] = u & 0xff;
    } else if (size === 3) {
      b[p] = 0xf1;
      b.writeInt16LE(v, p + 1);
    } else if (size === 4) {
      b[p] = 0xf2;
      b.writeIntLE(v, p + 1, 3);
    } else if (size === 5) {
      b[p] = 0xf3;
      b.writeInt32LE(v, p + 1);
    } else {
      b[p] = 0xf4;
      b.writeBigInt64LE(BigInt(s), p + 1);
    }
    p += size;
    b[p] = size; // back-length of a <= 9 byte entry is one byte
    this.len = p + 1;
  }

  private appendString(s: string): void {
    const n = s.length;
    const size = strEncodedSize(n);
    const bl = backlenSize(size);
    this.ensure(size + bl);
    const b = this.buf;
    let p = this.len;
    if (n < 64) {
      b[p++] = 0x80 | n;
    } else if (n < 4096) {
      b[p++] = 0xe0 | (n >> 8);
      b[p++] = n & 0xff;
    } else {
      b[p++] = 0xf0;
      b.writeUInt32LE(n, p);
      p += 4;
    }
    b.latin1Write(s, p, n);
    p += n;
    // lpEncodeBacklen: 7 bits per byte, the most significant group first in memory.
    if (bl === 1) {
      b[p++] = size;
    } else if (bl === 2) {
      b[p++] = size >> 7;
      b[p++] = (size & 127) | 128;
    } else if (bl === 3) {
      b[p++] = size >> 14;
      b[p++] = ((size >> 7) & 127) | 128;
      b[p++] = (size & 127) | 128;
    } else if (bl === 4) {
      b[p++] = size >> 21;
      b[p++] = ((size >> 14) & 127) | 128;
      b[p++] = ((size >> 7) & 127) | 128;
      b[p++] = (size & 127) | 128;
    } else {
      b[p++] = Math.floor(size / 2 ** 28);
      b[p++] = ((size >> 21) & 127) | 128;
      b[p++] = ((size >> 14) & 127) | 128;
      b[p++] = ((size >> 7) & 127) | 128;
      b[p++] = (size & 127) | 128;
    }
    this.len = p;
  }

  /** The finished listpack (a view valid until the next append or reset). */
  finish(): Buffer {
    const b = this.buf;
    b[this.len] = LP_EOF;
    const total = this.len + 1;
    b.writeUInt32LE(total, 0);
    b.writeUInt16LE(this.count < LP_HDR_NUMELE_UNKNOWN ? this.count : LP_HDR_NUMELE_UNKNOWN, 4);
    return b.subarray(0, total);
  }
}

/**
 * d2string as Redis 7.0 formats a sorted-set score for its listpack: integers in
 * (-2^52, 2^52) without a fraction (so -0 becomes "0", as a listpack zset shows it),
 * otherwise %.17g ("inf", "-inf").
 */
export function scoreToListpackString(score: number, fmt17g: (d: number) => string): string {
  if (Number.isInteger(score) && score > -4503599627370495 && score < 4503599627370496) return String(score === 0 ? 0 : score);
  return fmt17g(score);
}

/** intset.c blob: encoding width (2, 4 or 8), count, then the sorted integers little-endian. */
export function encodeIntset(members: readonly string[]): Buffer {
  let width = 2;
  for (const m of members) {
    const v = Number(m);
    if (v < -2147483648 || v > 2147483647) {
      width = 8;
      break;
    }
    if (v < -32768 || v > 32767) width = 4;
  }
  const out = Buffer.allocUnsafe(8 + members.length * width);
  out.writeUInt32LE(width, 0);
  out.writeUInt32LE(members.length, 4);
  let p = 8;
  for (const m of members) {
    if (width === 2) out.writeInt16LE(Number(m), p);
    else if (width === 4) out.writeInt32LE(Number(m), p);
    else out.writeBigInt64LE(BigInt(m), p);
    p += width;
  }
  return out;
}

/** quicklist.c: SIZE_SAFETY_LIMIT and the byte limits of list-max-listpack-size -1..-5. */
const SIZE_SAFETY_LIMIT = 8192;
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536];
/** quicklist.c SIZE_ESTIMATE_OVERHEAD: the per-entry overestimate of the insert check. */
const SIZE_ESTIMATE_OVERHEAD = 8;

/**
 * _quicklistNodeAllowInsert for a node of nodeBytes/nodeCount receiving an element of
 * elemLen bytes: a negative fill is a byte limit, a positive one an entry count (under
 * the 8 KiB safety limit).
 */
export function quicklistNodeAllowsInsert(fill: number, nodeBytes: number, nodeCount: number, elemLen: number): boolean {
  const newSize = nodeBytes + elemLen + SIZE_ESTIMATE_OVERHEAD;
  if (fill < 0) {
    const level = OPTIMIZATION_LEVEL[Math.min(-fill - 1, OPTIMIZATION_LEVEL.length - 1)]!;
    return newSize <= level;
  }
  if (newSize > SIZE_SAFETY_LIMIT) return false;
  return nodeCount < fill;
}
