// Reads RDB files (rdb.c rdbLoadRio / rdbLoadObject) up to version 12: every string,
// list, set, hash and sorted-set encoding Redis 7.0 to 7.4 write (plain, integer and LZF
// strings, ziplist, listpack, intset, zipmap, quicklist 1 and 2), expiry, LRU/LFU and aux
// opcodes; module aux and function records are skipped. Every error carries the byte
// offset where the bad data starts (for a compact blob: where its string starts).

import { Crc64 } from './crc64.js';
import { backlenSize } from './listpack.js';
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

/**
 * One key read from the file. The reader hands out the same object for every key (the
 * loader's hot path allocates nothing per key): its fields are valid until next().
 */
export interface RdbKeyRecord {
  kind: 'key';
  db: number;
  key: string;
  value: DecodedValue;
  /** Absolute expiry in ms, -1 without one. */
  expireMs: number;
  /** The exact int64 expiry when it is beyond 2^53 ms. */
  expireExact: bigint | undefined;
  /** Offset of the record's first byte (its expiry opcode or type). */
  at: number;
}

export type RdbRecord =
  | { kind: 'aux'; key: string; value: string }
  | { kind: 'selectdb'; db: number }
  | { kind: 'resizedb'; size: number; expires: number }
  | { kind: 'function'; code: string }
  | { kind: 'module-aux' }
  | RdbKeyRecord
  | { kind: 'eof' };

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/**
 * Thrown by a streaming reader whose data ends inside a record: the caller rewinds to
 * the record's start (rewind()) and tries again once feed() brought enough bytes.
 */
export const NEED_MORE: unique symbol = Symbol('rdb: need more data');

/** strtod as Redis applies it to scores stored as text ("inf", "-inf", "nan" included). */
export function parseScore(s: string): number {
  const t = s.toLowerCase();
  if (t === 'inf' || t === '+inf' || t === 'infinity' || t === '+infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan' || t === '-nan' || t === '+nan') return NaN;
  if (s.length === 0 || s.trim() !== s) return NaN;
  return Number(s);
}

export class RdbReader {
  /** Read position in the current buffer (the image offset is base + pos: see offset). */
  pos = 0;
  version = 0;
  db = 0;
  private buf: Latin1Buffer;
  private readonly crc = new Crc64();
  private crcPos = 0;
  /**
   * Streaming: the image arrives in chunks (a replica's full sync), so running out of
   * bytes means "wait" rather than "truncated" until finish(). The buffer then holds the
   * image from offset `base`; chunks fed meanwhile wait in `pending`.
   */
  private partial = false;
  private base = 0;
  private readonly pending: Buffer[] = [];
  private pendingBytes = 0;
  /** Where the record being read by next() starts (the rewind point). */
  private recStart = 0;
  private readonly keyRec: RdbKeyRecord = { kind: 'key', db: 0, key: '', value: '', expireMs: -1, expireExact: undefined, at: 0 };

  constructor(
    buf: Buffer,
    private readonly verifyChecksum = true,
  ) {
    this.buf = buf as Latin1Buffer;
  }

  /** A reader of an image that will be fed chunk by chunk (feed, then finish). */
  static streaming(verifyChecksum = true): RdbReader {
    const r = new RdbReader(Buffer.alloc(0), verifyChecksum);
    r.partial = true;
    return r;
  }

  /** Size of the image seen so far (the whole image unless streaming). */
  get size(): number {
    return this.base + this.buf.length + this.pendingBytes;
  }

  /** Offset in the image of the read position. */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Streaming: appends bytes of the image. */
  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
  }

  /** Streaming: no more bytes will come; running out now means a truncated image. */
  finish(): void {
    this.partial = false;
    this.compact();
  }

  /**
   * Streaming: true when a record that ran out of data is worth retrying, i.e. the bytes
   * fed since at least match what it had (so a huge record is re-read O(log n) times).
   */
  canRetry(): boolean {
    return !this.partial || this.pendingBytes >= Math.max(1, this.buf.length - this.recStart);
  }

  /** Streaming: back to the start of the record that ran out of data, pending bytes appended. */
  rewind(): void {
    this.pos = this.recStart;
    this.compact();
  }

  /** Drops the bytes before the current record and appends the pending chunks. */
  private compact(): void {
    if (this.pendingBytes === 0) return;
    const keep = this.recStart;
    this.updateCrc(keep);
    const parts = [this.buf.subarray(keep), ...this.pending];
    this.buf = Buffer.concat(parts, this.buf.length - keep + this.pendingBytes) as Latin1Buffer;
    this.pending.length = 0;
    this.pendingBytes = 0;
    this.base += keep;
    this.pos -= keep;
    this.crcPos = Math.max(0, this.crcPos - keep);
    this.recStart = 0;
  }

  private fail(msg: string, at = this.pos): never {
    throw new RdbError(msg, this.base + at);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      if (this.partial) throw NEED_MORE;
      this.fail(`unexpected end of file (needed ${n} more bytes, ${this.buf.length - this.pos} left)`);
    }
  }

  private u8(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  /** Checks "REDIS" and the version; must be called first. */
  readHeader(): number {
    this.recStart = 0;
    if (this.partial && this.buf.length < 9) throw NEED_MORE;
    if (this.buf.length < 9 || this.buf.toString('latin1', 0, 5) !== 'REDIS') this.fail('wrong signature trying to load DB from file (not an RDB file)', 0);
    const v = this.buf.toString('latin1', 5, 9);
    if (!/^\d{4}$/.test(v)) this.fail(`wrong signature trying to load DB from file (bad version '${v}')`, 5);
    this.version = Number(v);
    if (this.version < 1 || this.version > F.RDB_MAX_READ_VERSION) this.fail(`can't handle RDB format version ${this.version} (newest supported: ${F.RDB_MAX_READ_VERSION})`, 5);
    this.pos = 9;
    return this.version;
  }

  /**
   * The checksum is computed elsewhere (a worker reading the same file): the reader only
   * records the trailer (see `trailer`) and the caller compares.
   */
  externalChecksum = false;
  /** With externalChecksum: the image offset the checksum covers up to, and the stored value. */
  trailer: { end: number; stored: Buffer } | null = null;

  /** Feeds bytes consumed so far into the running checksum. */
  private updateCrc(upTo: number): void {
    if (this.externalChecksum || !this.verifyChecksum) return;
    if (upTo > this.crcPos) {
      this.crc.update(this.buf, this.crcPos, upTo);
      this.crcPos = upTo;
    }
  }

  /** rdbLoadLen: returns [value, isEncoded]. */
  readLen(): [number, boolean] {
    const at = this.pos;
    const first = this.u8();
    const type = first >> 6;
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
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.fail(`length ${v} out of range`, at);
      return [Number(v), false];
    }
    return this.fail(`unknown length encoding 0x${first.toString(16)}`, at);
  }

  length(): number {
    const at = this.pos;
    const [v, enc] = this.readLen();
    if (enc) this.fail('unexpected encoded length', at);
    return v;
  }

  /** rdbGenericLoadStringObject as raw bytes (a view into the file for plain strings). */
  readBytes(): Buffer {
    const start = this.pos;
    const [len, encoded] = this.readLen();
    if (encoded) {
      if (len === F.RDB_ENC_LZF) return this.readLzf(start);
      return Buffer.from(this.readEncodedInt(len, start), 'latin1');
    }
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  private readEncodedInt(enc: number, start: number): string {
    switch (enc) {
      case F.RDB_ENC_INT8: {
        this.need(1);
        const v = this.buf.readInt8(this.pos);
        this.pos += 1;
        return String(v);
      }
      case F.RDB_ENC_INT16: {
        this.need(2);
        const v = this.buf.readInt16LE(this.pos);
        this.pos += 2;
        return String(v);
      }
      case F.RDB_ENC_INT32: {
        this.need(4);
        const v = this.buf.readInt32LE(this.pos);
        this.pos += 4;
        return String(v);
      }
      default:
        return this.fail(`unknown string encoding ${enc}`, start);
    }
  }

  private readLzf(start: number): Buffer {
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

  /** A string as a byte string; the common short plain case avoids any copy. */
  readString(): string {
    const b = this.buf;
    const p = this.pos;
    if (p < b.length) {
      const first = b[p]!;
      let len = -1;
      let q = p;
      if (first < 0x40) {
        len = first;
        q = p + 1;
      } else if (first < 0x80 && p + 1 < b.length) {
        len = ((first & 0x3f) << 8) | b[p + 1]!;
        q = p + 2;
      }
      if (len >= 0 && q + len <= b.length) {
        this.pos = q + len;
        return b.latin1Slice(q, q + len);
      }
    }
    const start = this.pos;
    const [len, encoded] = this.readLen();
    if (encoded) {
      if (len === F.RDB_ENC_LZF) return this.readLzf(start).toString('latin1');
      return this.readEncodedInt(len, start);
    }
    this.need(len);
    const s = b.latin1Slice(this.pos, this.pos + len);
    this.pos += len;
    return s;
  }

  /** Old-style string-encoded double (RDB_TYPE_ZSET, rdbLoadDoubleValue). */
  private readStringDouble(): number {
    const len = this.u8();
    if (len === 253) return NaN;
    if (len === 254) return Infinity;
    if (len === 255) return -Infinity;
    this.need(len);
    const v = parseScore(this.buf.toString('latin1', this.pos, this.pos + len));
    this.pos += len;
    return v;
  }

  private readBinaryDouble(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Next record; the caller stops at { kind: 'eof' }. Key records are reused (see RdbKeyRecord). */
  next(): RdbRecord {
    let expireMs = -1;
    let expireExact: bigint | undefined;
    const recStart = this.pos;
    this.recStart = recStart;
    for (;;) {
      const at = this.pos;
      if (at >= this.buf.length) {
        if (this.partial) throw NEED_MORE;
        this.fail('unexpected end of file (no EOF marker)');
      }
      const type = this.buf[this.pos++]!;
      switch (type) {
        case F.RDB_OPCODE_EXPIRETIME: {
          this.need(4);
          expireMs = this.buf.readInt32LE(this.pos) * 1000;
          this.pos += 4;
          continue;
        }
        case F.RDB_OPCODE_EXPIRETIME_MS: {
          this.need(8);
          const big = this.buf.readBigInt64LE(this.pos);
          expireMs = Number(big);
          // Beyond 2^53 ms the keyspace keeps the exact int64 next to the rounded number.
          expireExact = Number.isSafeInteger(expireMs) ? undefined : big;
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
          this.updateCrc(this.pos);
          return { kind: 'module-aux' };
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
          if (!isObjectType(type)) this.fail(`unknown RDB object type ${type}`, at);
          const key = this.readString();
          const value = type === F.RDB_TYPE_STRING ? this.readString() : this.readObject(type, key, at);
          if (this.pos - this.crcPos > 65536) this.updateCrc(this.pos);
          const rec = this.keyRec;
          rec.db = this.db;
          rec.key = key;
          rec.value = value;
          rec.expireMs = expireMs;
          rec.expireExact = expireExact;
          rec.at = this.base + recStart;
          return rec;
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
    if (this.externalChecksum) {
      this.trailer = { end: this.base + eofAt + 1, stored: Buffer.from(stored) };
      return;
    }
    const computed = this.crc.bytes();
    if (!computed.equals(stored)) {
      this.fail(
        `wrong RDB checksum (expected ${computed.readBigUInt64LE(0).toString(16)}, the file has ${stored.readBigUInt64LE(0).toString(16)})`,
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
      const at = this.pos;
      const op = this.length();
      if (op === F.RDB_MODULE_OPCODE_EOF) return;
      if (op === F.RDB_MODULE_OPCODE_SINT || op === F.RDB_MODULE_OPCODE_UINT) this.length();
      else if (op === F.RDB_MODULE_OPCODE_FLOAT) {
        this.need(4);
        this.pos += 4;
      } else if (op === F.RDB_MODULE_OPCODE_DOUBLE) {
        this.need(8);
        this.pos += 8;
      } else if (op === F.RDB_MODULE_OPCODE_STRING) this.readBytes();
      else this.fail(`unknown module aux value opcode ${op}`, at);
    }
  }

  /** rdbLoadObject for one value of the given type; at is where its record starts. */
  readObject(type: number, key: string, at: number): DecodedValue {
    switch (type) {
      case F.RDB_TYPE_STRING:
        return this.readString();
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
          const scoreAt = this.pos;
          const score = type === F.RDB_TYPE_ZSET ? this.readStringDouble() : this.readBinaryDouble();
          if (Number.isNaN(score)) this.fail(`zset '${key}' has a NaN score`, scoreAt);
          entries.push([m, score]);
        }
        return { type: 'zset', entries, packed: false };
      }
      case F.RDB_TYPE_HASH: {
        const n = this.length();
        const entries: Array<[string, string]> = [];
        for (let i = 0; i < n; i++) entries.push([this.readString(), this.readString()]);
        return { type: 'hash', entries, packed: false };
      }
      case F.RDB_TYPE_LIST_QUICKLIST:
      case F.RDB_TYPE_LIST_QUICKLIST_2: {
        const nodes = this.length();
        const items: string[] = [];
        for (let i = 0; i < nodes; i++) {
          let container = F.QUICKLIST_NODE_CONTAINER_PACKED;
          if (type === F.RDB_TYPE_LIST_QUICKLIST_2) {
            const cAt = this.pos;
            container = this.length();
            if (container !== F.QUICKLIST_NODE_CONTAINER_PACKED && container !== F.QUICKLIST_NODE_CONTAINER_PLAIN) {
              this.fail(`corrupt quicklist in '${key}': unknown node container ${container}`, cAt);
            }
          }
          const blobAt = this.pos;
          const blob = this.readBytes();
          if (blob.length === 0) this.fail(`corrupt quicklist in '${key}': empty node`, blobAt);
          if (container === F.QUICKLIST_NODE_CONTAINER_PLAIN) {
            items.push(blob.toString('latin1'));
          } else if (type === F.RDB_TYPE_LIST_QUICKLIST) {
            this.decodeZiplist(blob, key, blobAt, items);
          } else {
            this.decodeListpack(blob, key, blobAt, items);
          }
        }
        return { type: 'list', items };
      }
      case F.RDB_TYPE_LIST_ZIPLIST: {
        const blobAt = this.pos;
        return { type: 'list', items: this.decodeZiplist(this.readBytes(), key, blobAt, []) };
      }
      case F.RDB_TYPE_SET_INTSET: {
        const blobAt = this.pos;
        return { type: 'set', members: this.decodeIntset(this.readBytes(), key, blobAt) };
      }
      case F.RDB_TYPE_SET_LISTPACK: {
        const blobAt = this.pos;
        return { type: 'set', members: this.decodeListpack(this.readBytes(), key, blobAt, []) };
      }
      case F.RDB_TYPE_ZSET_ZIPLIST:
      case F.RDB_TYPE_ZSET_LISTPACK: {
        const blobAt = this.pos;
        const blob = this.readBytes();
        const flat = type === F.RDB_TYPE_ZSET_ZIPLIST ? this.decodeZiplist(blob, key, blobAt, []) : this.decodeListpack(blob, key, blobAt, []);
        if (flat.length % 2 !== 0) this.fail(`corrupt zset '${key}': odd number of entries in its ${type === F.RDB_TYPE_ZSET_ZIPLIST ? 'ziplist' : 'listpack'}`, blobAt);
        const entries: Array<[string, number]> = [];
        for (let i = 0; i < flat.length; i += 2) {
          const score = parseScore(flat[i + 1]!);
          if (Number.isNaN(score)) this.fail(`corrupt zset '${key}': invalid score '${flat[i + 1]}'`, blobAt);
          entries.push([flat[i]!, score]);
        }
        return { type: 'zset', entries, packed: true };
      }
      case F.RDB_TYPE_HASH_ZIPLIST:
      case F.RDB_TYPE_HASH_LISTPACK: {
        const blobAt = this.pos;
        const blob = this.readBytes();
        const flat = type === F.RDB_TYPE_HASH_ZIPLIST ? this.decodeZiplist(blob, key, blobAt, []) : this.decodeListpack(blob, key, blobAt, []);
        if (flat.length % 2 !== 0) this.fail(`corrupt hash '${key}': odd number of entries in its ${type === F.RDB_TYPE_HASH_ZIPLIST ? 'ziplist' : 'listpack'}`, blobAt);
        const entries: Array<[string, string]> = [];
        for (let i = 0; i < flat.length; i += 2) entries.push([flat[i]!, flat[i + 1]!]);
        return { type: 'hash', entries, packed: true };
      }
      case F.RDB_TYPE_HASH_ZIPMAP: {
        const blobAt = this.pos;
        return { type: 'hash', entries: this.decodeZipmap(this.readBytes(), key, blobAt), packed: false };
      }
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
  // Each walks the whole blob and checks what ziplistValidateIntegrity /
  // lpValidateIntegrity / intsetValidateIntegrity check in their deep mode: header
  // sizes and counts, every entry inside the blob, back-lengths, the end marker.

  /** ziplist.c: zlbytes, zltail, zllen, entries (prevlen, encoding, data), 0xFF. */
  decodeZiplist(b: Buffer, key: string, at: number, out: string[]): string[] {
    const bad = (why: string): never => this.fail(`corrupt ziplist in '${key}': ${why}`, at);
    if (b.length < 11) bad('too short');
    if (b.readUInt32LE(0) !== b.length) bad(`header says ${b.readUInt32LE(0)} bytes, the blob has ${b.length}`);
    if (b[b.length - 1] !== 0xff) bad('missing end marker');
    const tail = b.readUInt32LE(4);
    const count = b.readUInt16LE(8);
    const first = out.length;
    let p = 10;
    let prevLen = 0;
    let lastEntry = 10;
    const str = (s: number, e: number): void => {
      if (e > b.length - 1) bad('string runs past the end');
      out.push((b as Latin1Buffer).latin1Slice(s, e));
    };
    while (b[p] !== 0xff) {
      const entryStart = p;
      let prevlen: number;
      if (b[p]! < 0xfe) {
        prevlen = b[p]!;
        p += 1;
      } else {
        if (p + 5 >= b.length) bad('truncated prevlen');
        prevlen = b.readUInt32LE(p + 1);
        p += 5;
      }
      if (prevlen !== prevLen) bad(`entry ${out.length - first} has prevlen ${prevlen}, the previous entry is ${prevLen} bytes`);
      if (p >= b.length - 1) bad('truncated entry');
      const enc = b[p]!;
      const kind = enc >> 6;
      if (kind === 0) {
        const len = enc & 0x3f;
        str(p + 1, p + 1 + len);
        p += 1 + len;
      } else if (kind === 1) {
        if (p + 2 > b.length - 1) bad('truncated entry');
        const len = ((enc & 0x3f) << 8) | b[p + 1]!;
        str(p + 2, p + 2 + len);
        p += 2 + len;
      } else if (kind === 2) {
        if (p + 5 > b.length - 1) bad('truncated entry');
        const len = b.readUInt32BE(p + 1);
        str(p + 5, p + 5 + len);
        p += 5 + len;
      } else {
        const size = enc === 0xc0 ? 2 : enc === 0xd0 ? 4 : enc === 0xe0 ? 8 : enc === 0xf0 ? 3 : enc === 0xfe ? 1 : enc >= 0xf1 && enc <= 0xfd ? 0 : -1;
        if (size < 0) bad(`unknown entry encoding 0x${enc.toString(16)}`);
        if (p + 1 + size > b.length - 1) bad('integer runs past the end');
        const d = p + 1;
        if (enc === 0xc0) out.push(String(b.readInt16LE(d)));
        else if (enc === 0xd0) out.push(String(b.readInt32LE(d)));
        else if (enc === 0xe0) out.push(String(b.readBigInt64LE(d)));
        else if (enc === 0xf0) out.push(String(b.readIntLE(d, 3)));
        else if (enc === 0xfe) out.push(String(b.readInt8(d)));
        else out.push(String((enc & 0x0f) - 1));
        p = d + size;
      }
      prevLen = p - entryStart;
      lastEntry = entryStart;
      if (p >= b.length) bad('missing end marker');
    }
    if (p !== b.length - 1) bad('data after the end marker');
    const n = out.length - first;
    if (count !== 0xffff && count !== n) bad(`header counts ${count} entries, found ${n}`);
    if (tail !== (n === 0 ? 10 : lastEntry)) bad(`tail offset ${tail} does not point at the last entry`);
    return out;
  }

  /** listpack.c: total bytes, count, entries (encoding, data, back-length), 0xFF. */
  decodeListpack(b: Buffer, key: string, at: number, out: string[]): string[] {
    const bad = (why: string): never => this.fail(`corrupt listpack in '${key}': ${why}`, at);
    if (b.length < 7) bad('too short');
    if (b.readUInt32LE(0) !== b.length) bad(`header says ${b.readUInt32LE(0)} bytes, the blob has ${b.length}`);
    if (b[b.length - 1] !== 0xff) bad('missing end marker');
    const count = b.readUInt16LE(4);
    const end = b.length - 1;
    const first = out.length;
    let p = 6;
    while (p < end) {
      const enc = b[p]!;
      let size: number; // encoding + data
      if ((enc & 0x80) === 0) {
        out.push(String(enc & 0x7f));
        size = 1;
      } else if ((enc & 0xc0) === 0x80) {
        const len = enc & 0x3f;
        size = 1 + len;
        if (p + size > end) bad('string runs past the end');
        out.push((b as Latin1Buffer).latin1Slice(p + 1, p + size));
      } else if ((enc & 0xe0) === 0xc0) {
        if (p + 2 > end) bad('integer runs past the end');
        let v = ((enc & 0x1f) << 8) | b[p + 1]!;
        if (v >= 1 << 12) v -= 1 << 13;
        out.push(String(v));
        size = 2;
      } else if ((enc & 0xf0) === 0xe0) {
        if (p + 2 > end) bad('string header runs past the end');
        const len = ((enc & 0x0f) << 8) | b[p + 1]!;
        size = 2 + len;
        if (p + size > end) bad('string runs past the end');
        out.push((b as Latin1Buffer).latin1Slice(p + 2, p + size));
      } else if (enc === 0xf0) {
        if (p + 5 > end) bad('string header runs past the end');
        const len = b.readUInt32LE(p + 1);
        size = 5 + len;
        if (p + size > end) bad('string runs past the end');
        out.push((b as Latin1Buffer).latin1Slice(p + 5, p + size));
      } else {
        size = enc === 0xf1 ? 3 : enc === 0xf2 ? 4 : enc === 0xf3 ? 5 : enc === 0xf4 ? 9 : -1;
        if (size < 0) bad(`unknown entry encoding 0x${enc.toString(16)} at blob offset ${p}`);
        if (p + size > end) bad('integer runs past the end');
        if (enc === 0xf1) out.push(String(b.readInt16LE(p + 1)));
        else if (enc === 0xf2) out.push(String(b.readIntLE(p + 1, 3)));
        else if (enc === 0xf3) out.push(String(b.readInt32LE(p + 1)));
        else out.push(String(b.readBigInt64LE(p + 1)));
      }
      const bl = backlenSize(size);
      if (p + size + bl > end) bad('back-length runs past the end');
      if (decodeBacklen(b, p + size + bl - 1) !== size) bad(`entry ${out.length - first - 1} has a wrong back-length`);
      p += size + bl;
    }
    const n = out.length - first;
    if (count !== 65535 && count !== n) bad(`header counts ${count} entries, found ${n}`);
    return out;
  }

  /** intset.c: encoding (2, 4 or 8), length, then strictly ascending little-endian integers. */
  decodeIntset(b: Buffer, key: string, at: number): string[] {
    const bad = (why: string): never => this.fail(`corrupt intset in '${key}': ${why}`, at);
    if (b.length < 8) bad('too short');
    const enc = b.readUInt32LE(0);
    const n = b.readUInt32LE(4);
    if (enc !== 2 && enc !== 4 && enc !== 8) bad(`unknown encoding ${enc}`);
    if (8 + n * enc !== b.length) bad(`header counts ${n} integers of ${enc} bytes, the blob has ${b.length} bytes`);
    const out: string[] = [];
    let prev: bigint | null = null;
    for (let i = 0; i < n; i++) {
      const p = 8 + i * enc;
      const v = enc === 2 ? BigInt(b.readInt16LE(p)) : enc === 4 ? BigInt(b.readInt32LE(p)) : b.readBigInt64LE(p);
      if (prev !== null && v <= prev) bad('integers not in ascending order');
      prev = v;
      out.push(String(v));
    }
    return out;
  }

  /** zipmap.c (RDB versions before 4): len, then key/value pairs with free bytes. */
  decodeZipmap(b: Buffer, key: string, at: number): Array<[string, string]> {
    const bad = (why: string): never => this.fail(`corrupt zipmap in '${key}': ${why}`, at);
    const out: Array<[string, string]> = [];
    let p = 1;
    const readLen = (): number => {
      if (p >= b.length) bad('truncated length');
      const first = b[p]!;
      if (first < 254) {
        p += 1;
        return first;
      }
      if (first === 254) {
        if (p + 5 > b.length) bad('truncated length');
        const v = b.readUInt32LE(p + 1);
        p += 5;
        return v;
      }
      return bad('unexpected end marker');
    };
    for (;;) {
      if (p >= b.length) bad('missing end marker');
      if (b[p] === 0xff) break;
      const klen = readLen();
      if (p + klen > b.length) bad('field runs past the end');
      const field = b.toString('latin1', p, p + klen);
      p += klen;
      const vlen = readLen();
      if (p >= b.length) bad('truncated free byte count');
      const free = b[p]!;
      p += 1;
      if (p + vlen + free > b.length) bad('value runs past the end');
      const value = b.toString('latin1', p, p + vlen);
      p += vlen + free;
      out.push([field, value]);
    }
    return out;
  }
}

/** lpDecodeBacklen: reads the back-length whose last byte is at p, going backwards. */
function decodeBacklen(b: Buffer, p: number): number {
  let val = 0;
  let shift = 0;
  for (let i = 0; i < 5; i++) {
    const byte = b[p - i]!;
    val += (byte & 127) * 2 ** shift;
    if ((byte & 128) === 0) return val;
    shift += 7;
  }
  return -1;
}

/** Type bytes that introduce a key (every RDB_TYPE_* up to 7.4). */
function isObjectType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 25);
}
