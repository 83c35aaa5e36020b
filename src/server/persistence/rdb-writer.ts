// Serialises keyspace values in RDB format (rdb.c rdbSaveRawString, rdbSaveObject) for
// version 10, the format Redis 7.0 writes, with its encodings: integer-encoded and LZF
// strings, lists as quicklist-2 nodes of listpacks, intset sets, listpack hashes and
// sorted sets, and the plain forms for hashtable/skiplist values. Small values therefore
// produce the same bytes as real Redis. Bytes accumulate in one growing buffer and are
// taken out in chunks (file or socket).

import type { RValue } from '../keyspace/values/types.js';
import { formatDouble17g } from '../protocol/writer.js';
import { Crc64 } from './crc64.js';
import { encodeIntset, ListpackBuilder, quicklistNodeAllowsInsert, scoreToListpackString } from './listpack.js';
import { lzfCompress } from './lzf.js';
import * as F from './rdb-format.js';

type Latin1Buffer = Buffer & { latin1Write(s: string, offset: number, length: number): number };

export interface RdbWriterOptions {
  /** rdbcompression: LZF-compress strings longer than 20 bytes when it pays off. */
  compress: boolean;
  /** rdbchecksum: when false the trailer is 8 zero bytes. */
  checksum: boolean;
  /** list-max-listpack-size: how lists are split into quicklist nodes (default -2). */
  listFill?: number;
}

const INT64_MAX = 9223372036854775807n;

/** Strings longer than this may be LZF-compressed (rdbSaveRawString). */
const LZF_MIN_LEN = 20;

/** Scratch for a string's bytes before compression (reused, grown on demand). */
let lzfInput: Latin1Buffer = Buffer.allocUnsafe(64 * 1024) as Latin1Buffer;

export class RdbWriter {
  private buf: Latin1Buffer = Buffer.allocUnsafe(64 * 1024) as Latin1Buffer;
  private len = 0;
  private readonly crc = new Crc64();
  private readonly compress: boolean;
  private readonly listFill: number;
  private lp: ListpackBuilder | null = null;
  /** Bytes taken out so far plus those buffered: the size written. */
  written = 0;

  constructor(readonly opts: RdbWriterOptions = { compress: true, checksum: true }) {
    this.compress = opts.compress;
    this.listFill = opts.listFill ?? -2;
  }

  get buffered(): number {
    return this.len;
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size) as Latin1Buffer;
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }

  /** Removes and returns the buffered bytes (after adding them to the checksum). */
  take(): Buffer {
    return Buffer.from(this.takeView());
  }

  /**
   * Like take(), without a copy: a view of the internal buffer, valid only until the
   * next write into this writer (for sinks that finish with it before that).
   */
  takeView(): Buffer {
    const out = this.buf.subarray(0, this.len);
    this.crc.update(out);
    this.written += out.length;
    this.len = 0;
    return out;
  }

  u8(v: number): void {
    this.ensure(1);
    this.buf[this.len++] = v;
  }

  raw(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }

  /** rdbSaveLen. */
  length(n: number): void {
    this.ensure(9);
    const b = this.buf;
    if (n < 1 << 6) {
      b[this.len++] = n;
    } else if (n < 1 << 14) {
      b[this.len++] = (n >> 8) | 0x40;
      b[this.len++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      b[this.len++] = F.RDB_32BITLEN;
      b.writeUInt32BE(n, this.len);
      this.len += 4;
    } else {
      b[this.len++] = F.RDB_64BITLEN;
      b.writeBigUInt64BE(BigInt(n), this.len);
      this.len += 8;
    }
  }

  /** rdbSaveRawString: integer encoding for short canonical int32s, LZF for long strings. */
  string(s: string): void {
    const n = s.length;
    if (n <= 11 && n > 0) {
      const v = canonicalInt32(s);
      if (v !== null) {
        this.int(v);
        return;
      }
    }
    if (this.compress && n > LZF_MIN_LEN) {
      if (lzfInput.length < n) lzfInput = Buffer.allocUnsafe(Math.max(n, lzfInput.length * 2)) as Latin1Buffer;
      lzfInput.latin1Write(s, 0, n);
      if (this.lzf(lzfInput.subarray(0, n))) return;
    }
    this.length(n);
    this.ensure(n);
    const b = this.buf;
    let p = this.len;
    // A JS loop beats the native latin1Write call for the short strings that dominate.
    if (n < 48) {
      for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    } else {
      b.latin1Write(s, p, n);
      p += n;
    }
    this.len = p;
  }

  /** rdbSaveRawString for a binary blob (listpack, intset): LZF when it pays off. */
  blob(b: Uint8Array): void {
    if (this.compress && b.length > LZF_MIN_LEN && this.lzf(b)) return;
    this.length(b.length);
    this.raw(b);
  }

  /** rdbEncodeInteger: the smallest of the 8/16/32-bit forms. */
  private int(v: number): void {
    this.ensure(5);
    const b = this.buf;
    if (v >= -128 && v <= 127) {
      b[this.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT8;
      b.writeInt8(v, this.len);
      this.len += 1;
    } else if (v >= -32768 && v <= 32767) {
      b[this.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT16;
      b.writeInt16LE(v, this.len);
      this.len += 2;
    } else {
      b[this.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT32;
      b.writeInt32LE(v, this.len);
      this.len += 4;
    }
  }

  /** rdbSaveLzfStringObject: false when the data does not shrink by at least 4 bytes. */
  private lzf(input: Uint8Array): boolean {
    const packed = lzfCompress(input, input.length - 4);
    if (packed === null) return false;
    this.u8((F.RDB_ENCVAL << 6) | F.RDB_ENC_LZF);
    this.length(packed.length);
    this.length(input.length);
    this.raw(packed);
    return true;
  }

  header(version: number): void {
    this.ensure(9);
    this.buf.latin1Write(`REDIS${String(version).padStart(4, '0')}`, this.len, 9);
    this.len += 9;
  }

  aux(key: string, value: string): void {
    this.u8(F.RDB_OPCODE_AUX);
    this.string(key);
    this.string(value);
  }

  selectDb(db: number): void {
    this.u8(F.RDB_OPCODE_SELECTDB);
    this.length(db);
  }

  resizeDb(size: number, expires: number): void {
    this.u8(F.RDB_OPCODE_RESIZEDB);
    this.length(size);
    this.length(expires);
  }

  /**
   * One key: optional expiry opcode, type byte, key, value (rdbSaveKeyValuePair). `exact`
   * is the int64 expiry when expireMs is beyond 2^53 and rounded.
   */
  keyValue(key: string, value: RValue, expireMs: number, exact?: bigint): void {
    if (expireMs !== -1) {
      this.ensure(9);
      this.buf[this.len++] = F.RDB_OPCODE_EXPIRETIME_MS;
      let when = exact ?? BigInt(expireMs);
      if (when > INT64_MAX) when = INT64_MAX;
      this.buf.writeBigInt64LE(when, this.len);
      this.len += 8;
    }
    if (typeof value === 'string') {
      this.u8(F.RDB_TYPE_STRING);
      this.string(key);
      this.string(value);
      return;
    }
    this.u8(objectType(value));
    this.string(key);
    this.object(value);
  }

  private listpack(): ListpackBuilder {
    if (this.lp === null) this.lp = new ListpackBuilder();
    this.lp.reset();
    return this.lp;
  }

  /** rdbSaveObject for a value, without the type byte (also the body of DUMP). */
  object(value: RValue): void {
    if (typeof value === 'string') {
      this.string(value);
      return;
    }
    switch (value.type) {
      case 'list':
        this.quicklist(value.values());
        return;
      case 'set': {
        if (value.encoding() === 'intset') {
          this.blob(encodeIntset(Array.from(value.members())));
          return;
        }
        this.length(value.size);
        for (const m of value.members()) this.string(m);
        return;
      }
      case 'hash': {
        if (value.encoding() === 'listpack') {
          const lp = this.listpack();
          for (const [f, v] of value.entries()) {
            lp.append(f);
            lp.append(v);
          }
          this.blob(lp.finish());
          return;
        }
        this.length(value.size);
        for (const [f, v] of value.entries()) {
          this.string(f);
          this.string(v);
        }
        return;
      }
      case 'zset': {
        if (value.encoding() === 'listpack') {
          const lp = this.listpack();
          for (const [m, score] of value.entries()) {
            lp.append(m);
            lp.append(scoreToListpackString(score, formatDouble17g));
          }
          this.blob(lp.finish());
          return;
        }
        // Redis writes ZSET_2 from the highest score down so loading appends cheaply.
        const entries = Array.from(value.entries());
        this.length(entries.length);
        for (let i = entries.length - 1; i >= 0; i--) {
          const [m, score] = entries[i]!;
          this.string(m);
          this.ensure(8);
          this.buf.writeDoubleLE(score, this.len);
          this.len += 8;
        }
        return;
      }
    }
  }

  /**
   * A list as RDB_TYPE_LIST_QUICKLIST_2: node count, then per node its container and
   * listpack. Nodes are cut where quicklistPushTail would start a new one, so a list
   * built by RPUSH gets Redis's node boundaries.
   */
  private quicklist(items: Iterable<string>): void {
    const nodes: Buffer[] = [];
    const lp = this.listpack();
    const fill = this.listFill;
    for (const item of items) {
      if (lp.count > 0 && !quicklistNodeAllowsInsert(fill, lp.bytes, lp.count, item.length)) {
        nodes.push(Buffer.from(lp.finish()));
        lp.reset();
      }
      lp.append(item);
    }
    if (lp.count > 0) nodes.push(Buffer.from(lp.finish()));
    this.length(nodes.length);
    for (const node of nodes) {
      this.u8(F.QUICKLIST_NODE_CONTAINER_PACKED);
      this.blob(node);
    }
  }

  /** Writes the EOF opcode and the checksum trailer; returns every byte not yet taken. */
  finish(): Buffer {
    this.u8(F.RDB_OPCODE_EOF);
    const body = this.take();
    // The trailer is the checksum of everything before it, so it is not hashed itself.
    const trailer = this.opts.checksum ? this.crc.bytes() : Buffer.alloc(8);
    this.written += trailer.length;
    return Buffer.concat([body, trailer]);
  }
}

/** The RDB type byte Redis 7.0 writes for a value in its current encoding (rdbSaveObjectType). */
export function objectType(value: RValue): number {
  if (typeof value === 'string') return F.RDB_TYPE_STRING;
  switch (value.type) {
    case 'list':
      return F.RDB_TYPE_LIST_QUICKLIST_2;
    case 'set':
      return value.encoding() === 'intset' ? F.RDB_TYPE_SET_INTSET : F.RDB_TYPE_SET;
    case 'hash':
      return value.encoding() === 'listpack' ? F.RDB_TYPE_HASH_LISTPACK : F.RDB_TYPE_HASH;
    case 'zset':
      return value.encoding() === 'listpack' ? F.RDB_TYPE_ZSET_LISTPACK : F.RDB_TYPE_ZSET_2;
  }
}

/** rdbTryIntegerEncoding: the string is exactly the decimal form of an int32. */
function canonicalInt32(s: string): number | null {
  const c0 = s.charCodeAt(0);
  if (!(c0 === 0x2d || (c0 >= 0x30 && c0 <= 0x39))) return null;
  const v = Number(s);
  if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) return null;
  return String(v) === s ? v : null;
}
