// Reads RDB files (rdb.c rdbLoadRio / rdbLoadObject) up to version 12: every string,
// list, set, hash and sorted-set encoding Redis 7.0 to 7.4 write (plain, integer and LZF
// strings, ziplist, listpack, intset, zipmap, quicklist 1 and 2), expiry, LRU/LFU and aux
// opcodes; module aux and function records are skipped. Errors carry the byte offset.

import { Crc64 } from './crc64.js';
import { lzfDecompress } from './lzf.js';
import * as F from './rdb-format.js';
import type { DecodedValue } from './rdb-format.js';

/** A file we cannot load: the message names the problem, offset where it was found. */
export class RdbError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'RdbError';
  }
}

export type RdbRecord =
  | { kind: 'aux'; key: string; value: string }
  | { kind: 'selectdb'; db: number }
  | { kind: 'resizedb'; size: number; expires: number }
  | { kind: 'function'; code: string }
  | { kind: 'key'; db: number; key: string; value: DecodedValue; expireMs: number }
  | { kind: 'eof' };

const latin1 = (b: Uint8Array, s: number, e: number): string => Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');

export class RdbReader {
  pos = 0;
  version = 0;
  db = 0;
  private readonly crc = new Crc64();
  private crcPos = 0;

  constructor(
    readonly buf: Buffer,
    private readonly verifyChecksum = true,
  ) {}

  private fail(msg: string, at = this.pos): never {
    throw new RdbError(msg, at);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) this.fail(`unexpected end of file (needed ${n} more bytes)`);
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  /** Checks "REDIS" and the version; must be called first. */
  readHeader(): number {
    if (this.buf.length < 9 || this.buf.toString('latin1', 0, 5) !== 'REDIS') this.fail('wrong signature (not an RDB file)', 0);
    const v = this.buf.toString('latin1', 5, 9);
    if (!/^\d{4}$/.test(v)) this.fail('wrong signature (bad version digits)', 5);
    this.version = Number(v);
    if (this.version < 1 || this.version > F.RDB_MAX_READ_VERSION) this.fail(`can't handle RDB format version ${this.version}`, 5);
    this.pos = 9;
    return this.version;
  }

  /** Feeds bytes consumed so far into the running checksum. */
  private updateCrc(upTo: number): void {
    if (upTo > this.crcPos) {
      this.crc.update(this.buf, this.crcPos, upTo);
      this.crcPos = upTo;
    }
  }

  /** rdbLoadLen: returns [value, isEncoded]. */
  readLen(): [number, boolean] {
    const first = this.u8();
    const type = (first & 0xc0) >> 6;
    if (type === F.RDB_ENCVAL) return [first & 0x3f, true];
    if (type === F.RDB_6BITLEN) return [first & 0x3f, false];
    if (type === F.RDB_14BITLEN) return [((first & 0x3f) << 8) | this.u8(), false];
    if (first === F.RDB_32BITLEN) {
      this.need(4);
      const v = this.buf.readUInt32BE(this.pos);
      this.pos += 4;
      return [v, false];
    }
    if (first === F.RDB_64BITLEN) {
      this.need(8);
      const v = this.buf.readBigUInt64BE(this.pos);
      this.pos += 8;
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('length out of range');
      return [Number(v), false];
    }
    return this.fail(`unknown length encoding ${first}`, this.pos - 1);
  }

  length(): number {
    const [v, enc] = this.readLen();
    if (enc) this.fail('unexpected encoded length');
    return v;
  }

  /** rdbGenericLoadStringObject as raw bytes. */
  readBytes(): Buffer {
    const start = this.pos;
    const [len, encoded] = this.readLen();
    if (encoded) {
      switch (len) {
        case F.RDB_ENC_INT8: {
          this.need(1);
          const v = this.buf.readInt8(this.pos);
          this.pos += 1;
          return Buffer.from(String(v), 'latin1');
        }
        case F.RDB_ENC_INT16: {
          this.need(2);
          const v = this.buf.readInt16LE(this.pos);
          this.pos += 2;
          return Buffer.from(String(v), 'latin1');
        }
        case F.RDB_ENC_INT32: {
          this.need(4);
          const v = this.buf.readInt32LE(this.pos);
          this.pos += 4;
          return Buffer.from(String(v), 'latin1');
        }
        case F.RDB_ENC_LZF: {
          const clen = this.length();
          const ulen = this.length();
          this.need(clen);
          const data = this.buf.subarray(this.pos, this.pos + clen);
          this.pos += clen;
          try {
            return lzfDecompress(data, ulen);
          } catch (e) {
            return this.fail(`invalid LZF compressed string: ${(e as Error).message}`, start);
          }
        }
        default:
          return this.fail(`unknown string encoding ${len}`, start);
      }
    }
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  readString(): string {
    const b = this.readBytes();
    return b.toString('latin1');
  }

  /** Old-style string-encoded double (RDB_TYPE_ZSET). */
  private readStringDouble(): number {
    const len = this.u8();
    if (len === 253) return NaN;
    if (len === 254) return Infinity;
    if (len === 255) return -Infinity;
    this.need(len);
    const v = Number(this.buf.toString('latin1', this.pos, this.pos + len));
    this.pos += len;
    return v;
  }

  private readBinaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Next record; the caller stops at { kind: 'eof' }. */
  next(): RdbRecord {
    let expireMs = -1;
    for (;;) {
      const at = this.pos;
      if (at >= this.buf.length) this.fail('unexpected end of file (no EOF marker)');
      const type = this.u8();
      switch (type) {
        case F.RDB_OPCODE_EXPIRETIME: {
          this.need(4);
          expireMs = this.buf.readInt32LE(this.pos) * 1000;
          this.pos += 4;
          continue;
        }
        case F.RDB_OPCODE_EXPIRETIME_MS: {
          this.need(8);
          expireMs = Number(this.buf.readBigInt64LE(this.pos));
          this.pos += 8;
          continue;
        }
        case F.RDB_OPCODE_IDLE:
          this.length();
          continue;
        case F.RDB_OPCODE_FREQ:
          this.u8();
          continue;
        case F.RDB_OPCODE_SELECTDB:
          this.db = this.length();
          this.updateCrc(this.pos);
          return { kind: 'selectdb', db: this.db };
        case F.RDB_OPCODE_RESIZEDB: {
          const size = this.length();
          const expires = this.length();
          this.updateCrc(this.pos);
          return { kind: 'resizedb', size, expires };
        }
        case F.RDB_OPCODE_AUX: {
          const key = this.readString();
          const value = this.readString();
          this.updateCrc(this.pos);
          return { kind: 'aux', key, value };
        }
        case F.RDB_OPCODE_SLOT_INFO:
          this.length();
          this.length();
          this.length();
          continue;
        case F.RDB_OPCODE_MODULE_AUX:
          this.skipModuleAux();
          continue;
        case F.RDB_OPCODE_FUNCTION2: {
          const code = this.readString();
          this.updateCrc(this.pos);
          return { kind: 'function', code };
        }
        case F.RDB_OPCODE_FUNCTION_PRE_GA:
          return this.fail('pre-release function format (Redis 7.0 RC) is not supported', at);
        case F.RDB_OPCODE_EOF:
          this.checkTrailer(at);
          return { kind: 'eof' };
        default: {
          const key = this.readString();
          const value = this.readObject(type, key, at);
          this.updateCrc(this.pos);
          return { kind: 'key', db: this.db, key, value, expireMs };
        }
      }
    }
  }

  private checkTrailer(eofAt: number): void {
    this.updateCrc(eofAt + 1);
    if (this.version < 5) return;
    this.need(8);
    const stored = this.buf.subarray(this.pos, this.pos + 8);
    this.pos += 8;
    if (!this.verifyChecksum || stored.every((b) => b === 0)) return;
    const computed = this.crc.bytes();
    if (!computed.equals(stored)) {
      this.fail(
        `wrong RDB checksum (expected ${stored.readBigUInt64LE(0).toString(16)}, got ${computed.readBigUInt64LE(0).toString(16)})`,
        eofAt + 1,
      );
    }
  }

  /** Skips a module aux record (rdbLoadCheckModuleValue). */
  private skipModuleAux(): void {
    this.length(); // module id
    this.length(); // when opcode
    this.length(); // when
    for (;;) {
      const op = this.length();
      if (op === F.RDB_MODULE_OPCODE_EOF) return;
      if (op === F.RDB_MODULE_OPCODE_SINT || op === F.RDB_MODULE_OPCODE_UINT) this.length();
      else if (op === F.RDB_MODULE_OPCODE_FLOAT) this.pos += 4;
      else if (op === F.RDB_MODULE_OPCODE_DOUBLE) this.pos += 8;
      else if (op === F.RDB_MODULE_OPCODE_STRING) this.readBytes();
      else this.fail(`unknown module aux value opcode ${op}`);
    }
  }

  /** rdbLoadObject for one value of the given type. */
  readObject(type: number, key: string, at: number): DecodedValue {
    switch (type) {
      case F.RDB_TYPE_STRING:
        return { type: 'string', value: this.readString() };
      case F.RDB_TYPE_LIST: {
        const n = this.length();
        const items: string[] = [];
        for (let i = 0; i < n; i++) items.push(this.readString());
        return { type: 'list', items };
      }
      case F.RDB_TYPE_SET: {
        const n = this.length();
        const members: string[] = [];
        for (let i = 0; i < n; i++) members.push(this.readString());
        return { type: 'set', members };
      }
      case F.RDB_TYPE_ZSET:
      case F.RDB_TYPE_ZSET_2: {
        const n = this.length();
        const entries: Array<[string, number]> = [];
        for (let i = 0; i < n; i++) {
          const m = this.readString();
          const score = type === F.RDB_TYPE_ZSET ? this.readStringDouble() : this.readBinaryDouble();
          if (Number.isNaN(score)) this.fail(`zset '${key}' has a NaN score`);
          entries.push([m, score]);
        }
        return { type: 'zset', entries };
      }
      case F.RDB_TYPE_HASH: {
        const n = this.length();
        const entries: Array<[string, string]> = [];
        for (let i = 0; i < n; i++) entries.push([this.readString(), this.readString()]);
        return { type: 'hash', entries };
      }
      case F.RDB_TYPE_LIST_QUICKLIST:
      case F.RDB_TYPE_LIST_QUICKLIST_2: {
        const nodes = this.length();
        const items: string[] = [];
        for (let i = 0; i < nodes; i++) {
          let container = F.QUICKLIST_NODE_CONTAINER_PACKED;
          if (type === F.RDB_TYPE_LIST_QUICKLIST_2) container = this.length();
          const blob = this.readBytes();
          if (container === F.QUICKLIST_NODE_CONTAINER_PLAIN) {
            items.push(blob.toString('latin1'));
          } else if (type === F.RDB_TYPE_LIST_QUICKLIST) {
            items.push(...this.decodeZiplist(blob, key));
          } else {
            items.push(...this.decodeListpack(blob, key));
          }
        }
        return { type: 'list', items };
      }
      case F.RDB_TYPE_LIST_ZIPLIST:
        return { type: 'list', items: this.decodeZiplist(this.readBytes(), key) };
      case F.RDB_TYPE_SET_INTSET:
        return { type: 'set', members: this.decodeIntset(this.readBytes(), key) };
      case F.RDB_TYPE_SET_LISTPACK:
        return { type: 'set', members: this.decodeListpack(this.readBytes(), key) };
      case F.RDB_TYPE_ZSET_ZIPLIST:
      case F.RDB_TYPE_ZSET_LISTPACK: {
        const flat = type === F.RDB_TYPE_ZSET_ZIPLIST ? this.decodeZiplist(this.readBytes(), key) : this.decodeListpack(this.readBytes(), key);
        if (flat.length % 2 !== 0) this.fail(`zset '${key}' has an odd number of listpack entries`, at);
        const entries: Array<[string, number]> = [];
        for (let i = 0; i < flat.length; i += 2) {
          const score = Number(flat[i + 1]);
          if (Number.isNaN(score)) this.fail(`zset '${key}' has an invalid score`, at);
          entries.push([flat[i]!, score]);
        }
        return { type: 'zset', entries };
      }
      case F.RDB_TYPE_HASH_ZIPLIST:
      case F.RDB_TYPE_HASH_LISTPACK: {
        const flat = type === F.RDB_TYPE_HASH_ZIPLIST ? this.decodeZiplist(this.readBytes(), key) : this.decodeListpack(this.readBytes(), key);
        if (flat.length % 2 !== 0) this.fail(`hash '${key}' has an odd number of listpack entries`, at);
        const entries: Array<[string, string]> = [];
        for (let i = 0; i < flat.length; i += 2) entries.push([flat[i]!, flat[i + 1]!]);
        return { type: 'hash', entries };
      }
      case F.RDB_TYPE_HASH_ZIPMAP:
        return { type: 'hash', entries: this.decodeZipmap(this.readBytes(), key) };
      case F.RDB_TYPE_STREAM_LISTPACKS:
      case F.RDB_TYPE_STREAM_LISTPACKS_2:
      case F.RDB_TYPE_STREAM_LISTPACKS_3:
        return this.fail(`key '${key}' holds a stream, which rctl-server does not support yet`, at);
      case F.RDB_TYPE_MODULE_PRE_GA:
      case F.RDB_TYPE_MODULE_2:
        return this.fail(`key '${key}' holds a module data type, which rctl-server cannot load`, at);
      case F.RDB_TYPE_HASH_METADATA_PRE_GA:
      case F.RDB_TYPE_HASH_LISTPACK_EX_PRE_GA:
      case F.RDB_TYPE_HASH_METADATA:
      case F.RDB_TYPE_HASH_LISTPACK_EX:
        return this.fail(`key '${key}' holds a hash with field expiration (Redis 7.4), which rctl-server does not support`, at);
      default:
        return this.fail(`unknown RDB object type ${type}`, at);
    }
  }

  // --- compact encodings ---------------------------------------------------------

  /** ziplist.c: zlbytes, zltail, zllen, entries (prevlen, encoding, data), 0xFF. */
  decodeZiplist(b: Buffer, key: string): string[] {
    const bad = (why: string): never => this.fail(`corrupt ziplist in '${key}': ${why}`);
    if (b.length < 11) bad('too short');
    if (b.readUInt32LE(0) !== b.length) bad('header length mismatch');
    const out: string[] = [];
    let p = 10;
    for (;;) {
      if (p >= b.length) bad('missing end marker');
      if (b[p] === 0xff) break;
      p += b[p] === 0xfe ? 5 : 1; // prevlen
      if (p >= b.length) bad('truncated entry');
      const enc = b[p]!;
      const kind = enc >> 6;
      if (kind === 0) {
        const len = enc & 0x3f;
        p += 1;
        if (p + len > b.length) bad('string out of bounds');
        out.push(latin1(b, p, p + len));
        p += len;
      } else if (kind === 1) {
        const len = ((enc & 0x3f) << 8) | b[p + 1]!;
        p += 2;
        if (p + len > b.length) bad('string out of bounds');
        out.push(latin1(b, p, p + len));
        p += len;
      } else if (kind === 2) {
        const len = b.readUInt32BE(p + 1);
        p += 5;
        if (p + len > b.length) bad('string out of bounds');
        out.push(latin1(b, p, p + len));
        p += len;
      } else {
        p += 1;
        switch (enc) {
          case 0xc0:
            out.push(String(b.readInt16LE(p)));
            p += 2;
            break;
          case 0xd0:
            out.push(String(b.readInt32LE(p)));
            p += 4;
            break;
          case 0xe0:
            out.push(String(b.readBigInt64LE(p)));
            p += 8;
            break;
          case 0xf0:
            out.push(String(b.readIntLE(p, 3)));
            p += 3;
            break;
          case 0xfe:
            out.push(String(b.readInt8(p)));
            p += 1;
            break;
          default:
            if (enc >= 0xf1 && enc <= 0xfd) out.push(String((enc & 0x0f) - 1));
            else bad(`unknown entry encoding ${enc}`);
        }
      }
    }
    return out;
  }

  /** listpack.c: total bytes, count, entries (encoding, data, backlen), 0xFF. */
  decodeListpack(b: Buffer, key: string): string[] {
    const bad = (why: string): never => this.fail(`corrupt listpack in '${key}': ${why}`);
    if (b.length < 7) bad('too short');
    if (b.readUInt32LE(0) !== b.length) bad('header length mismatch');
    const out: string[] = [];
    let p = 6;
    for (;;) {
      if (p >= b.length) bad('missing end marker');
      const enc = b[p]!;
      if (enc === 0xff) break;
      let entryLen: number;
      if ((enc & 0x80) === 0) {
        out.push(String(enc & 0x7f));
        entryLen = 1;
      } else if ((enc & 0xc0) === 0x80) {
        const len = enc & 0x3f;
        if (p + 1 + len > b.length) bad('string out of bounds');
        out.push(latin1(b, p + 1, p + 1 + len));
        entryLen = 1 + len;
      } else if ((enc & 0xe0) === 0xc0) {
        let v = ((enc & 0x1f) << 8) | b[p + 1]!;
        if (v >= 1 << 12) v -= 1 << 13;
        out.push(String(v));
        entryLen = 2;
      } else if ((enc & 0xf0) === 0xe0) {
        const len = ((enc & 0x0f) << 8) | b[p + 1]!;
        if (p + 2 + len > b.length) bad('string out of bounds');
        out.push(latin1(b, p + 2, p + 2 + len));
        entryLen = 2 + len;
      } else if (enc === 0xf0) {
        const len = b.readUInt32LE(p + 1);
        if (p + 5 + len > b.length) bad('string out of bounds');
        out.push(latin1(b, p + 5, p + 5 + len));
        entryLen = 5 + len;
      } else if (enc === 0xf1) {
        out.push(String(b.readInt16LE(p + 1)));
        entryLen = 3;
      } else if (enc === 0xf2) {
        out.push(String(b.readIntLE(p + 1, 3)));
        entryLen = 4;
      } else if (enc === 0xf3) {
        out.push(String(b.readInt32LE(p + 1)));
        entryLen = 5;
      } else if (enc === 0xf4) {
        out.push(String(b.readBigInt64LE(p + 1)));
        entryLen = 9;
      } else {
        return bad(`unknown entry encoding ${enc}`);
      }
      // The back-length field that follows takes 1..5 bytes depending on entryLen.
      const backlen = entryLen < 128 ? 1 : entryLen < 16384 ? 2 : entryLen < 2097152 ? 3 : entryLen < 268435456 ? 4 : 5;
      p += entryLen + backlen;
    }
    return out;
  }

  /** intset.c: encoding (2, 4 or 8), length, then little-endian integers. */
  decodeIntset(b: Buffer, key: string): string[] {
    if (b.length < 8) this.fail(`corrupt intset in '${key}': too short`);
    const enc = b.readUInt32LE(0);
    const n = b.readUInt32LE(4);
    if ((enc !== 2 && enc !== 4 && enc !== 8) || 8 + n * enc !== b.length) this.fail(`corrupt intset in '${key}': bad header`);
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const p = 8 + i * enc;
      out.push(enc === 2 ? String(b.readInt16LE(p)) : enc === 4 ? String(b.readInt32LE(p)) : String(b.readBigInt64LE(p)));
    }
    return out;
  }

  /** zipmap.c (RDB versions before 4): len, then key/value pairs with free bytes. */
  decodeZipmap(b: Buffer, key: string): Array<[string, string]> {
    const bad = (why: string): never => this.fail(`corrupt zipmap in '${key}': ${why}`);
    const out: Array<[string, string]> = [];
    let p = 1;
    const readLen = (): number => {
      const first = b[p]!;
      if (first < 254) {
        p += 1;
        return first;
      }
      if (first === 254) {
        const v = b.readUInt32LE(p + 1);
        p += 5;
        return v;
      }
      return -1;
    };
    for (;;) {
      if (p >= b.length) bad('missing end marker');
      if (b[p] === 0xff) break;
      const klen = readLen();
      const field = latin1(b, p, p + klen);
      p += klen;
      const vlen = readLen();
      const free = b[p]!;
      p += 1;
      const value = latin1(b, p, p + vlen);
      p += vlen + free;
      out.push([field, value]);
    }
    return out;
  }
}
