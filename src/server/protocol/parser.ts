// Incremental RESP parsers. RequestParser reads what clients send (multibulk and inline,
// networking.c processMultibulkBuffer / processInlineBuffer); ReplyParser reads what a
// server answers (RESP2 and RESP3). Short input is a state ("need more"), never an error.

import {
  ProtocolError,
  PROTO_INVALID_BULK,
  PROTO_INVALID_MBULK,
  PROTO_TOO_BIG_BULK,
  PROTO_TOO_BIG_INLINE,
  PROTO_TOO_BIG_MBULK,
  PROTO_UNAUTH_BULK,
  PROTO_UNAUTH_MBULK,
  PROTO_UNBALANCED_QUOTES,
  protoExpectedDollar,
} from '../errors.js';
import { splitArgs } from './split-args.js';
import { RespErrorReply, RespPush, RespStatus, type RespValue } from './types.js';

/** Longest inline request or count line accepted without a newline (PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
/** Bulk arguments this large are read into their own buffer (PROTO_MBULK_BIG_ARG). */
export const PROTO_MBULK_BIG_ARG = 32 * 1024;
const EMPTY = Buffer.alloc(0);
const EMPTY_ARGV: string[] = [];

type Latin1Buffer = Buffer & { latin1Slice(start: number, end: number): string };

/** Reads a byte range as a byte string: one char per byte, so any binary survives. */
export const bytesToString = (buf: Buffer, start: number, end: number): string =>
  (buf as Latin1Buffer).latin1Slice(start, end);

const fromCodes = String.fromCharCode;

/**
 * Recently read short arguments, direct-mapped by length and end bytes: a command name or
 * small value read again (SET ... xxx, INCR) comes back as the same string, so no string
 * is allocated, its hash is already known, and a stored copy is an old object that costs
 * the garbage collector nothing.
 */
const SHORT_CACHE: string[] = new Array<string>(9 * 32).fill('');

/**
 * A short argument (at most 8 bytes) as a byte string, built in JavaScript: cheaper than a
 * call into the native slice for a few bytes.
 */
function shortString(b: Buffer, s: number, n: number): string {
  if (n === 0) return '';
  const slot = (n << 5) | ((b[s]! ^ b[s + n - 1]!) & 31);
  const seen = SHORT_CACHE[slot]!;
  if (seen.length === n) {
    let i = 0;
    while (i < n && seen.charCodeAt(i) === b[s + i]) i++;
    if (i === n) return seen;
  }
  const str = newShortString(b, s, n);
  SHORT_CACHE[slot] = str;
  return str;
}

function newShortString(b: Buffer, s: number, n: number): string {
  switch (n) {
    case 1:
      return fromCodes(b[s]!);
    case 2:
      return fromCodes(b[s]!, b[s + 1]!);
    case 3:
      return fromCodes(b[s]!, b[s + 1]!, b[s + 2]!);
    case 4:
      return fromCodes(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!);
    case 5:
      return fromCodes(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!);
    case 6:
      return fromCodes(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!);
    case 7:
      return fromCodes(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!);
    default:
      return fromCodes(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!);
  }
}

/**
 * Parses a decimal integer the way Redis's string2ll does: optional '-', no '+', no
 * leading zeros, no spaces, must fit in a signed 64-bit integer. Returns null otherwise.
 * Numbers beyond 2^53 come back as bigint-checked but lossy numbers: callers that need
 * the full range use parseStrictBigInt.
 */
export function parseStrictInt(buf: Buffer, start: number, end: number): number | null {
  const len = end - start;
  if (len <= 0 || len > 20) return null;
  let i = start;
  let neg = false;
  if (buf[i] === 0x2d) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  if (buf[i] === 0x30) return i + 1 === end && !neg ? 0 : null;
  let v = 0;
  for (; i < end; i++) {
    const d = buf[i]! - 0x30;
    if (d < 0 || d > 9) return null;
    v = v * 10 + d;
  }
  if (v > 9223372036854775807) return null;
  return neg ? -v : v;
}

/** Limits and identity the request parser needs from its connection. */
export interface RequestLimits {
  /** proto-max-bulk-len; masters are exempt (CLIENT_MASTER). */
  maxBulkLen: number;
  /** True while the connection has not authenticated and a password is required. */
  unauthenticated: boolean;
}

/**
 * One connection's request parser. feed() appends bytes, next() returns one command's
 * argv, [] for an empty command (blank inline line, `*0`), or null when more bytes are
 * needed. Faults throw ProtocolError with Redis's text. After next() returns a command,
 * lastCommandBytes is its exact size on the wire (the replica offset counts these).
 */
export class RequestParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private multibulkLen = 0; // arguments still to read in the current multibulk
  private bulkLen = -1; // length of the bulk being read, -1 before its header
  private argv: string[] = EMPTY_ARGV;
  private argc = 0;
  private bytesSoFar = 0;
  private big: Buffer | null = null; // dedicated buffer for a large bulk argument
  private bigFill = 0;
  /** Wire size of the command last returned by next(). */
  lastCommandBytes = 0;
  /** True when the command last returned was an inline request. */
  lastWasInline = false;
  /** Total wire bytes of every result returned so far, empty commands included. */
  consumed = 0;

  /** Bytes received and not yet consumed. */
  get pendingBytes(): number {
    return this.buf.length - this.pos + (this.big ? this.bigFill : 0);
  }

  /** True when a command has been started but not completed. */
  get midCommand(): boolean {
    return this.multibulkLen > 0 || this.pos < this.buf.length || this.big !== null;
  }

  feed(chunk: Buffer): void {
    if (this.big) {
      const room = this.big.length - this.bigFill;
      const take = Math.min(room, chunk.length);
      chunk.copy(this.big, this.bigFill, 0, take);
      this.bigFill += take;
      if (take === chunk.length) return;
      chunk = chunk.subarray(take);
    }
    if (this.pos >= this.buf.length) {
      this.buf = chunk;
    } else {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    }
    this.pos = 0;
  }

  /**
   * Copies the unread input into a buffer of its own, for callers that reuse the buffer
   * they fed (one read buffer shared by every connection).
   */
  detachInput(): void {
    if (this.pos < this.buf.length) this.buf = Buffer.from(this.buf.subarray(this.pos));
    else this.buf = EMPTY;
    this.pos = 0;
  }

  next(limits: RequestLimits): string[] | null {
    const r = this.parseNext(limits);
    if (r !== null) this.consumed += this.lastCommandBytes;
    return r;
  }

  private parseNext(limits: RequestLimits): string[] | null {
    if (this.big) return this.finishBigArg(limits);
    if (this.multibulkLen === 0) {
      if (this.pos >= this.buf.length) return null;
      if (this.buf[this.pos] !== 0x2a) return this.parseInline();
      const header = this.parseMultibulkHeader(limits);
      if (header !== 'ok') return header;
    }
    return this.parseBulks(limits);
  }

  private parseInline(): string[] | null {
    const buf = this.buf;
    const nl = buf.indexOf(0x0a, this.pos);
    if (nl < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(PROTO_TOO_BIG_INLINE);
      return null;
    }
    let end = nl;
    if (end > this.pos && buf[end - 1] === 0x0d) end--;
    const line = bytesToString(buf, this.pos, end);
    const size = nl + 1 - this.pos;
    this.pos = nl + 1;
    const argv = splitArgs(line);
    if (argv === null) throw new ProtocolError(PROTO_UNBALANCED_QUOTES);
    this.lastCommandBytes = size;
    this.lastWasInline = true;
    return argv;
  }

  /** Reads `*<n>\r\n`; returns 'ok' to go on reading bulks, or a result to return. */
  private parseMultibulkHeader(limits: RequestLimits): 'ok' | string[] | null {
    const buf = this.buf;
    const cr = buf.indexOf(0x0d, this.pos);
    if (cr < 0 || cr + 1 >= buf.length) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(PROTO_TOO_BIG_MBULK);
      return null;
    }
    if (cr - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(PROTO_TOO_BIG_MBULK);
    const n = parseStrictInt(buf, this.pos + 1, cr);
    if (n === null || n > 2147483647) throw new ProtocolError(PROTO_INVALID_MBULK);
    if (n > 10 && limits.unauthenticated) throw new ProtocolError(PROTO_UNAUTH_MBULK);
    const headerBytes = cr + 2 - this.pos;
    this.pos = cr + 2;
    if (n <= 0) {
      this.lastCommandBytes = headerBytes;
      this.lastWasInline = false;
      return [];
    }
    this.multibulkLen = n;
    this.bytesSoFar = headerBytes;
    // Sized up front like Redis's argv (at most 1024 slots before the arguments arrive).
    this.argv = n <= 1024 ? new Array<string>(n) : [];
    this.argc = 0;
    return 'ok';
  }

  private parseBulks(limits: RequestLimits): string[] | null {
    const buf = this.buf;
    const end = buf.length;
    let pos = this.pos;
    while (this.multibulkLen > 0) {
      if (this.bulkLen === -1) {
        if (pos >= end) break;
        // Fast path for the usual short `$<digits>\r`: digits read in place, no search;
        // anything else (errors, large arguments) takes parseBulkHeader.
        let len = -1;
        let i = pos + 1;
        if (buf[pos] === 0x24 && i < end) {
          let d = buf[i]! - 0x30;
          if (d > 0 && d <= 9) {
            let v = d;
            i++;
            while (i < end && i - pos < 16) {
              d = buf[i]! - 0x30;
              if (d < 0 || d > 9) break;
              v = v * 10 + d;
              i++;
            }
            if (i + 1 < end && buf[i] === 0x0d) len = v;
          } else if (d === 0 && i + 2 < end && buf[i + 1] === 0x0d) {
            len = 0;
            i++;
          }
        }
        if (len >= 0 && len < PROTO_MBULK_BIG_ARG) {
          if (len > limits.maxBulkLen) {
            this.pos = pos;
            throw new ProtocolError(PROTO_INVALID_BULK);
          }
          if (len > 16384 && limits.unauthenticated) {
            this.pos = pos;
            throw new ProtocolError(PROTO_UNAUTH_BULK);
          }
          this.bytesSoFar += i + 2 - pos;
          pos = i + 2;
          this.bulkLen = len;
        } else {
          this.pos = pos;
          if (!this.parseBulkHeader(limits)) return null;
          pos = this.pos;
          if (this.big) return null;
        }
      }
      const len = this.bulkLen;
      if (end - pos < len + 2) break;
      this.argv[this.argc++] = len <= 8 ? shortString(buf, pos, len) : bytesToString(buf, pos, pos + len);
      pos += len + 2;
      this.bytesSoFar += len + 2;
      this.bulkLen = -1;
      this.multibulkLen--;
    }
    this.pos = pos;
    if (this.multibulkLen > 0) return null;
    return this.complete();
  }

  /**
   * Reads a `$<len>` header the general way, with every check and error of
   * processMultibulkBuffer. Returns false when more bytes are needed; may switch to the
   * dedicated buffer of a large argument.
   */
  private parseBulkHeader(limits: RequestLimits): boolean {
    const buf = this.buf;
    const cr = buf.indexOf(0x0d, this.pos);
    if (cr < 0 || cr + 1 >= buf.length) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(PROTO_TOO_BIG_BULK);
      return false;
    }
    if (cr - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(PROTO_TOO_BIG_BULK);
    if (buf[this.pos] !== 0x24) throw new ProtocolError(protoExpectedDollar(String.fromCharCode(buf[this.pos]!)));
    const len = parseStrictInt(buf, this.pos + 1, cr);
    if (len === null || len < 0 || len > limits.maxBulkLen) throw new ProtocolError(PROTO_INVALID_BULK);
    if (len > 16384 && limits.unauthenticated) throw new ProtocolError(PROTO_UNAUTH_BULK);
    this.bytesSoFar += cr + 2 - this.pos;
    this.pos = cr + 2;
    this.bulkLen = len;
    if (len >= PROTO_MBULK_BIG_ARG && buf.length - this.pos < len + 2) {
      // Large argument not yet complete: collect it in its own buffer so each chunk
      // is copied once instead of re-concatenating the whole query buffer.
      this.big = Buffer.allocUnsafe(len + 2);
      this.bigFill = buf.copy(this.big, 0, this.pos);
      this.buf = EMPTY;
      this.pos = 0;
    }
    return true;
  }

  private finishBigArg(limits: RequestLimits): string[] | null {
    const big = this.big!;
    if (this.bigFill < big.length) return null;
    this.argv[this.argc++] = bytesToString(big, 0, big.length - 2);
    this.bytesSoFar += big.length;
    this.big = null;
    this.bigFill = 0;
    this.bulkLen = -1;
    this.multibulkLen--;
    if (this.multibulkLen > 0) return this.parseBulks(limits);
    return this.complete();
  }

  private complete(): string[] {
    const argv = this.argv;
    this.argv = EMPTY_ARGV;
    this.lastCommandBytes = this.bytesSoFar;
    this.lastWasInline = false;
    this.bytesSoFar = 0;
    return argv;
  }
}

// --- replies ------------------------------------------------------------------------

interface Frame {
  kind: 'array' | 'map' | 'set' | 'push' | 'attr';
  remaining: number;
  items: RespValue[];
}

/**
 * Resumable reply parser for RESP2 and RESP3. feed() bytes, then call next() until it
 * returns undefined (need more). Aggregates in progress stay on a stack, so a large
 * reply arriving in many chunks is parsed once, not re-scanned.
 */
export class ReplyParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  private stack: Frame[] = [];

  feed(chunk: Buffer): void {
    this.buf = this.pos >= this.buf.length ? chunk : Buffer.concat([this.buf.subarray(this.pos), chunk]);
    this.pos = 0;
  }

  /** Bytes received and not yet consumed. */
  get pendingBytes(): number {
    return this.buf.length - this.pos;
  }

  /** Takes the unconsumed bytes out (used when a stream switches to raw payload). */
  takeRest(): Buffer {
    const rest = this.buf.subarray(this.pos);
    this.buf = EMPTY;
    this.pos = 0;
    return rest;
  }

  /** Next complete reply, or undefined when more bytes are needed. */
  next(): RespValue | undefined {
    for (;;) {
      const value = this.scalarOrOpen();
      if (value === undefined) return undefined;
      if (value === OPENED) {
        // An aggregate with zero elements completes at once.
        const top = this.stack[this.stack.length - 1]!;
        if (top.remaining > 0) continue;
        const done = this.closeFrames(this.popFrame());
        if (done !== PENDING) return done;
        continue;
      }
      const done = this.closeFrames(value);
      if (done !== PENDING) return done;
    }
  }

  private popFrame(): RespValue {
    const f = this.stack.pop()!;
    return frameValue(f);
  }

  /** Appends a finished value to the open aggregates, closing those that fill up. */
  private closeFrames(value: RespValue): RespValue | typeof PENDING {
    let v = value;
    while (this.stack.length > 0) {
      const top = this.stack[this.stack.length - 1]!;
      top.items.push(v);
      top.remaining--;
      if (top.remaining > 0) return PENDING;
      v = this.popFrame();
    }
    return v;
  }

  private line(): [number, number] | undefined {
    const cr = this.buf.indexOf(0x0d, this.pos);
    if (cr < 0 || cr + 1 >= this.buf.length) return undefined;
    return [this.pos + 1, cr];
  }

  private scalarOrOpen(): RespValue | typeof OPENED | undefined {
    const buf = this.buf;
    if (this.pos >= buf.length) return undefined;
    const type = buf[this.pos]!;
    const l = this.line();
    if (!l) return undefined;
    const [s, e] = l;
    const text = (): string => bytesToString(buf, s, e);
    const after = e + 2;
    switch (type) {
      case 0x2b: // + status
        this.pos = after;
        return new RespStatus(text());
      case 0x2d: // - error
        this.pos = after;
        return new RespErrorReply(text());
      case 0x3a: {
        // : integer
        this.pos = after;
        const t = text();
        const n = Number(t);
        return Number.isSafeInteger(n) ? n : BigInt(t);
      }
      case 0x28: // ( big number
        this.pos = after;
        return BigInt(text());
      case 0x2c: {
        // , double
        this.pos = after;
        const t = text();
        return t === 'inf' ? Infinity : t === '-inf' ? -Infinity : Number(t);
      }
      case 0x23: // # boolean
        this.pos = after;
        return buf[s] === 0x74;
      case 0x5f: // _ null
        this.pos = after;
        return null;
      case 0x24: // $ bulk
      case 0x21: // ! blob error
      case 0x3d: {
        // = verbatim
        const len = Number(text());
        if (len < 0) {
          this.pos = after;
          return null;
        }
        if (buf.length < after + len + 2) return undefined;
        this.pos = after + len + 2;
        const body = bytesToString(buf, after, after + len);
        if (type === 0x21) return new RespErrorReply(body);
        return type === 0x3d ? body.slice(4) : body;
      }
      case 0x2a: // * array
      case 0x25: // % map
      case 0x7e: // ~ set
      case 0x3e: // > push
      case 0x7c: {
        // | attribute
        const n = Number(text());
        this.pos = after;
        if (n < 0) return null;
        const kind = type === 0x2a ? 'array' : type === 0x25 ? 'map' : type === 0x7e ? 'set' : type === 0x3e ? 'push' : 'attr';
        this.stack.push({ kind, remaining: kind === 'map' || kind === 'attr' ? n * 2 : n, items: [] });
        return OPENED;
      }
      default:
        throw new ProtocolError(`ERR Protocol error: unexpected reply type byte ${type}`);
    }
  }
}

const OPENED = Symbol('opened');
const PENDING = Symbol('pending');

function frameValue(f: Frame): RespValue {
  switch (f.kind) {
    case 'map':
    case 'attr': {
      const m = new Map<RespValue, RespValue>();
      for (let i = 0; i < f.items.length; i += 2) m.set(f.items[i]!, f.items[i + 1]!);
      return m;
    }
    case 'push':
      return new RespPush(f.items);
    default:
      return f.items;
  }
}
