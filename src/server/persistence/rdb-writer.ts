// Serialises keyspace values in RDB format (rdb.c rdbSaveRawString, rdbSaveObject ...)
// for version 10, which Redis 7.0 loads: integer-encoded and LZF-compressed strings, and
// the plain list/set/hash/zset2 encodings, which 7.0 converts to its compact forms on load.
// Bytes accumulate in one growing buffer and are taken out in chunks (file or socket).

import type { RValue } from '../keyspace/values/types.js';
import { Crc64 } from './crc64.js';
import { lzfCompress } from './lzf.js';
import * as F from './rdb-format.js';

type Latin1Buffer = Buffer & { latin1Write(s: string, offset: number, length: number): number };

export interface RdbWriterOptions {
  /** rdbcompression: LZF-compress strings longer than 20 bytes when it pays off. */
  compress: boolean;
  /** rdbchecksum: when false the trailer is 8 zero bytes. */
  checksum: boolean;
}

export class RdbWriter {
  private buf: Latin1Buffer = Buffer.allocUnsafe(64 * 1024) as Latin1Buffer;
  private len = 0;
  private readonly crc = new Crc64();
  /** Bytes taken out so far plus those buffered: the size written. */
  written = 0;

  constructor(readonly opts: RdbWriterOptions = { compress: true, checksum: true }) {}

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
    const out = Buffer.from(this.buf.subarray(0, this.len));
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
    if (n < 1 << 6) {
      this.buf[this.len++] = n;
    } else if (n < 1 << 14) {
      this.buf[this.len++] = (n >> 8) | 0x40;
      this.buf[this.len++] = n & 0xff;
    } else if (n <= 0xffffffff) {
      this.buf[this.len++] = F.RDB_32BITLEN;
      this.buf.writeUInt32BE(n, this.len);
      this.len += 4;
    } else {
      this.buf[this.len++] = F.RDB_64BITLEN;
      this.buf.writeBigUInt64BE(BigInt(n), this.len);
      this.len += 8;
    }
  }

  /** rdbSaveRawString: integer encoding for short canonical integers, LZF for long strings. */
  string(s: string): void {
    const n = s.length;
    if (n <= 11 && n > 0) {
      const v = canonicalInt32(s);
      if (v !== null) {
        this.ensure(5);
        if (v >= -128 && v <= 127) {
          this.buf[this.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT8;
          this.buf.writeInt8(v, this.len);
          this.len += 1;
        } else if (v >= -32768 && v <= 32767) {
          this.buf[this.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT16;
          this.buf.writeInt16LE(v, this.len);
          this.len += 2;
        } else {
          this.buf[this.len++] = (F.RDB_ENCVAL << 6) | F.RDB_ENC_INT32;
          this.buf.writeInt32LE(v, this.len);
          this.len += 4;
        }
        return;
      }
    }
    if (this.opts.compress && n > 20) {
      const input = Buffer.from(s, 'latin1');
      const packed = lzfCompress(input, n - 4);
      if (packed) {
        this.u8((F.RDB_ENCVAL << 6) | F.RDB_ENC_LZF);
        this.length(packed.length);
        this.length(n);
        this.raw(packed);
        return;
      }
    }
    this.length(n);
    this.ensure(n);
    this.buf.latin1Write(s, this.len, n);
    this.len += n;
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

  /** One key: optional expiry opcode, type byte, key, value. */
  keyValue(key: string, value: RValue, expireMs: number): void {
    if (expireMs >= 0) {
      this.ensure(9);
      this.buf[this.len++] = F.RDB_OPCODE_EXPIRETIME_MS;
      this.buf.writeBigInt64LE(BigInt(expireMs), this.len);
      this.len += 8;
    }
    this.u8(objectType(value));
    this.string(key);
    this.object(value);
  }

  /** rdbSaveObject for a value, without the type byte (also the body of DUMP). */
  object(value: RValue): void {
    if (typeof value === 'string') {
      this.string(value);
      return;
    }
    switch (value.type) {
      case 'list': {
        this.length(value.length);
        for (const item of value.values()) this.string(item);
        return;
      }
      case 'set': {
        this.length(value.size);
        for (const m of value.members()) this.string(m);
        return;
      }
      case 'hash': {
        this.length(value.size);
        for (const [f, v] of value.entries()) {
          this.string(f);
          this.string(v);
        }
        return;
      }
      case 'zset': {
        // Redis writes ZSET_2 from the highest score down so loading appends cheaply.
        const entries = [...value.entries()];
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

/** The RDB type byte for a value in the encodings we write. */
export function objectType(value: RValue): number {
  if (typeof value === 'string') return F.RDB_TYPE_STRING;
  switch (value.type) {
    case 'list':
      return F.RDB_TYPE_LIST;
    case 'set':
      return F.RDB_TYPE_SET;
    case 'hash':
      return F.RDB_TYPE_HASH;
    case 'zset':
      return F.RDB_TYPE_ZSET_2;
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
