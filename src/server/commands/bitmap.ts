// Bitmap commands (Redis group "bitmap"): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD
// and BITFIELD_RO over byte strings, bit 0 being the most significant bit of byte 0.
// Follows Redis 7.0 bitops.c, including its argument order and dirty accounting.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { markStringEncoding } from '../keyspace/values/string.js';
import { NOTIFY_GENERIC, NOTIFY_STRING, notifyKeyspaceEvent } from '../notify.js';
import { getInteger, parseInt64, parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';

/** Bits set in each byte value. */
const POPCOUNT = new Uint8Array(256);
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]!;

function lookupStringRead(c: Client, key: string): string | undefined {
  const o = c.db.lookupRead(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.WRONGTYPE);
  return o;
}

/**
 * getBitOffsetFromArgument: a bit offset below proto-max-bulk-len bytes. With `bits`
 * (BITFIELD), "#n" means n * bits, multiplied in int64 with C's wrap-around.
 */
function getBitOffset(c: Client, arg: string, bits = 0): number {
  const useHash = bits > 0 && arg.charCodeAt(0) === 0x23;
  const text = useHash ? arg.slice(1) : arg;
  let offset: number;
  if (text.length < 16 && !useHash) {
    const v = parseInteger(text);
    if (v === null) throw new ReplyError(E.BIT_OFFSET_INVALID);
    offset = v;
  } else {
    let v = parseInt64(text);
    if (v === null) throw new ReplyError(E.BIT_OFFSET_INVALID);
    if (useHash) v = BigInt.asIntN(64, v * BigInt(bits));
    if (v < 0n) throw new ReplyError(E.BIT_OFFSET_INVALID);
    offset = Number(v);
  }
  if (offset < 0 || (!c.isMaster && Math.floor(offset / 8) >= c.server.config.num('proto-max-bulk-len'))) {
    throw new ReplyError(E.BIT_OFFSET_INVALID);
  }
  return offset;
}

/**
 * Runs a string-building step; V8's string size cap (just under 512MB, which Redis can
 * still hold) surfaces as Redis's size error instead of an internal one.
 */
function buildString(f: () => string): string {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_STRING_TOO_LONG') {
      throw new ReplyError(E.STRING_TOO_LONG);
    }
    throw e;
  }
}

// --- SETBIT / GETBIT ------------------------------------------------------------------------

/** Counts a write only when the string grew or the bit flipped (7.0 dirty accounting). */
function setbitCommand(c: Client, argv: string[]): void {
  const key = argv[1]!;
  const offset = getBitOffset(c, argv[2]!);
  const on = parseInteger(argv[3]!);
  if (on === null || (on !== 0 && on !== 1)) throw new ReplyError(E.BIT_NOT_INTEGER);
  const db = c.db;
  const o = db.lookupWrite(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.WRONGTYPE);
  const byte = Math.floor(offset / 8);
  const shift = 7 - (offset & 7);
  let cur = o ?? '';
  const grow = o === undefined || cur.length <= byte;
  if (grow) {
    const base = cur;
    cur = buildString(() => base + '\0'.repeat(byte + 1 - base.length));
  }
  const byteval = cur.charCodeAt(byte);
  const bitval = (byteval >> shift) & 1;
  if (grow || bitval !== on) {
    const next = (byteval & ~(1 << shift)) | (on << shift);
    cur = cur.slice(0, byte) + String.fromCharCode(next) + cur.slice(byte + 1);
    db.set(key, cur, true);
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setbit', key, db.id);
    c.server.dirty++;
  }
  markStringEncoding(db, key, cur, 'raw');
  c.addReply(bitval ? ':1\r\n' : ':0\r\n');
}

function getbitCommand(c: Client, argv: string[]): void {
  const offset = getBitOffset(c, argv[2]!);
  const v = lookupStringRead(c, argv[1]!);
  const byte = Math.floor(offset / 8);
  const bit = v !== undefined && byte < v.length ? (v.charCodeAt(byte) >> (7 - (offset & 7))) & 1 : 0;
  c.addReply(bit ? ':1\r\n' : ':0\r\n');
}

// --- BITCOUNT / BITPOS ----------------------------------------------------------------------

/** BIT or BYTE unit word; anything else is a syntax error. */
function isBitUnit(arg: string): boolean {
  const u = arg.toLowerCase();
  if (u === 'bit') return true;
  if (u === 'byte') return false;
  throw new ReplyError(E.SYNTAX);
}

/**
 * Redis 7.0 looks the key up before parsing the range, so a missing key answers 0 even
 * to malformed arguments.
 */
function bitcountCommand(c: Client, argv: string[]): void {
  const v = lookupStringRead(c, argv[1]!);
  if (v === undefined) {
    c.addReply(':0\r\n');
    return;
  }
  const len = v.length;
  let start: number;
  let end: number;
  let firstMask = 0;
  let lastMask = 0;
  if (argv.length === 4 || argv.length === 5) {
    start = getInteger(argv[2]!);
    end = getInteger(argv[3]!);
    const isbit = argv.length === 5 && isBitUnit(argv[4]!);
    if (start < 0 && end < 0 && start > end) {
      c.addReply(':0\r\n');
      return;
    }
    const total = isbit ? len * 8 : len;
    if (start < 0) start = total + start;
    if (end < 0) end = total + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
    if (isbit && start <= end) {
      // Bits of the edge bytes outside [start, end] are subtracted after counting bytes.
      firstMask = ~((1 << (8 - (start & 7))) - 1) & 0xff;
      lastMask = (1 << (7 - (end & 7))) - 1;
      start = Math.floor(start / 8);
      end = Math.floor(end / 8);
    }
  } else if (argv.length === 2) {
    start = 0;
    end = len - 1;
  } else {
    throw new ReplyError(E.SYNTAX);
  }
  if (start > end) {
    c.addReply(':0\r\n');
    return;
  }
  let count = 0;
  for (let i = start; i <= end; i++) count += POPCOUNT[v.charCodeAt(i)]!;
  if (firstMask !== 0) count -= POPCOUNT[v.charCodeAt(start) & firstMask]!;
  if (lastMask !== 0) count -= POPCOUNT[v.charCodeAt(end) & lastMask]!;
  c.addInt(count);
}

/**
 * BITPOS key bit [start [end [BYTE|BIT]]]. Without an explicit end, a search for 0 in
 * an all-ones string answers the first bit past the string (zero padding on the right);
 * with one it answers -1.
 */
function bitposCommand(c: Client, argv: string[]): void {
  const bitArg = parseInteger(argv[2]!);
  if (bitArg === null) throw new ReplyError(E.NOT_INTEGER);
  if (bitArg !== 0 && bitArg !== 1) throw new ReplyError(E.BITPOS_BIT);
  const bit = bitArg;
  const v = lookupStringRead(c, argv[1]!);
  if (v === undefined) {
    c.addReply(bit ? ':-1\r\n' : ':0\r\n');
    return;
  }
  const len = v.length;
  let start: number;
  let end: number;
  let isbit = false;
  let endGiven = false;
  if (argv.length >= 4 && argv.length <= 6) {
    start = getInteger(argv[3]!);
    if (argv.length === 6) isbit = isBitUnit(argv[5]!);
    if (argv.length >= 5) {
      end = getInteger(argv[4]!);
      endGiven = true;
    } else {
      end = len - 1;
    }
    const total = isbit ? len * 8 : len;
    if (start < 0) start = total + start;
    if (end < 0) end = total + end;
    if (start < 0) start = 0;
    if (end < 0) end = 0;
    if (end >= total) end = total - 1;
  } else if (argv.length === 3) {
    start = 0;
    end = len - 1;
  } else {
    throw new ReplyError(E.SYNTAX);
  }
  if (start > end) {
    c.addReply(':-1\r\n');
    return;
  }
  const firstBit = isbit ? start : start * 8;
  const lastBit = isbit ? end : end * 8 + 7;
  const pos = findBit(v, firstBit, lastBit, bit);
  if (pos >= 0) c.addInt(pos);
  else if (bit === 1 || endGiven) c.addReply(':-1\r\n');
  else c.addInt(lastBit + 1);
}

/** First bit equal to `bit` within bits [from, to] of s, or -1. */
function findBit(s: string, from: number, to: number, bit: number): number {
  const skip = bit ? 0 : 0xff;
  let pos = from;
  while (pos <= to) {
    // Offsets reach 2^32 bits, past what JS bitwise operators keep: divide instead.
    const byte = s.charCodeAt(Math.floor(pos / 8));
    const inByte = pos % 8;
    if (inByte === 0 && pos + 7 <= to && byte === skip) {
      pos += 8;
      continue;
    }
    if (((byte >> (7 - inByte)) & 1) === bit) return pos;
    pos++;
  }
  return -1;
}

// --- BITOP --------------------------------------------------------------------------------

/** BITOP op dest key...: missing sources are zero bytes; an empty result deletes dest. */
function bitopCommand(c: Client, argv: string[]): void {
  const opname = argv[1]!.toLowerCase();
  if (opname !== 'and' && opname !== 'or' && opname !== 'xor' && opname !== 'not') {
    throw new ReplyError(E.SYNTAX);
  }
  if (opname === 'not' && argv.length !== 4) throw new ReplyError(E.BITOP_NOT_SINGLE);
  const db = c.db;
  const dest = argv[2]!;
  const srcs: Buffer[] = [];
  let maxlen = 0;
  for (let j = 3; j < argv.length; j++) {
    const v = lookupStringRead(c, argv[j]!);
    const b = v === undefined ? Buffer.alloc(0) : Buffer.from(v, 'latin1');
    srcs.push(b);
    if (b.length > maxlen) maxlen = b.length;
  }
  if (maxlen === 0) {
    if (db.delete(dest)) {
      notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', dest, db.id);
      c.server.dirty++;
    }
    c.addReply(':0\r\n');
    return;
  }
  const res = Buffer.alloc(maxlen);
  const first = srcs[0]!;
  first.copy(res);
  if (opname === 'not') {
    for (let i = 0; i < maxlen; i++) res[i] = ~res[i]! & 0xff;
  } else {
    for (let k = 1; k < srcs.length; k++) {
      const s = srcs[k]!;
      const n = s.length;
      if (opname === 'and') {
        for (let i = 0; i < n; i++) res[i]! &= s[i]!;
        res.fill(0, n);
      } else if (opname === 'or') {
        for (let i = 0; i < n; i++) res[i]! |= s[i]!;
      } else {
        for (let i = 0; i < n; i++) res[i]! ^= s[i]!;
      }
    }
  }
  const out = res.toString('latin1');
  db.set(dest, out);
  markStringEncoding(db, dest, out, 'raw');
  notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'set', dest, db.id);
  c.server.dirty++;
  c.addInt(maxlen);
}

// --- BITFIELD -------------------------------------------------------------------------------

const BFOVERFLOW_WRAP = 0;
const BFOVERFLOW_SAT = 1;
const BFOVERFLOW_FAIL = 2;

const OP_GET = 0;
const OP_SET = 1;
const OP_INCRBY = 2;

interface BitfieldOp {
  offset: number;
  /** SET value or INCRBY increment (int64). */
  value: bigint;
  opcode: number;
  owtype: number;
  bits: number;
  signed: boolean;
}

const INT64_MAX = 9223372036854775807n;

/** getBitfieldTypeFromArgument: i1..i64 or u1..u63 (lower-case sign letter only). */
function parseBitfieldType(arg: string): { signed: boolean; bits: number } {
  const sign = arg.charCodeAt(0);
  if (sign !== 0x69 && sign !== 0x75) throw new ReplyError(E.BITFIELD_BAD_TYPE);
  const signed = sign === 0x69;
  const bits = parseInteger(arg.slice(1));
  if (bits === null || bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) {
    throw new ReplyError(E.BITFIELD_BAD_TYPE);
  }
  return { signed, bits };
}

/** The unsigned field of `bits` bits at bit `offset` (bytes past the end read as zero). */
function readField(bytes: Buffer | string, offset: number, bits: number): bigint {
  const first = Math.floor(offset / 8);
  const lastBit = offset + bits - 1;
  const last = Math.floor(lastBit / 8);
  const len = bytes.length;
  let acc = 0n;
  for (let i = first; i <= last; i++) {
    const b = i < len ? (typeof bytes === 'string' ? bytes.charCodeAt(i) : bytes[i]!) : 0;
    acc = (acc << 8n) | BigInt(b);
  }
  const tail = BigInt(7 - (lastBit & 7));
  return (acc >> tail) & ((1n << BigInt(bits)) - 1n);
}

/** Writes the low `bits` bits of value at bit `offset`; the buffer already covers them. */
function writeField(buf: Buffer, offset: number, bits: number, value: bigint): void {
  const first = Math.floor(offset / 8);
  const lastBit = offset + bits - 1;
  const last = Math.floor(lastBit / 8);
  let acc = 0n;
  for (let i = first; i <= last; i++) acc = (acc << 8n) | BigInt(buf[i]!);
  const tail = BigInt(7 - (lastBit & 7));
  const mask = ((1n << BigInt(bits)) - 1n) << tail;
  acc = (acc & ~mask) | ((BigInt.asUintN(bits, value) << tail) & mask);
  for (let i = last; i >= first; i--) {
    buf[i] = Number(acc & 0xffn);
    acc >>= 8n;
  }
}

function toSigned(u: bigint, bits: number): bigint {
  return BigInt.asIntN(bits, u);
}

/** Result of an overflow check: 0 fits, 1 overflow, -1 underflow, with the WRAP/SAT value. */
interface OverflowCheck {
  overflow: number;
  limit: bigint;
}

/** checkUnsignedBitfieldOverflow, with C's uint64/int64 conversions made explicit. */
function checkUnsigned(value: bigint, incr: bigint, bits: number, owtype: number): OverflowCheck {
  const max = (1n << BigInt(bits)) - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, -value);
  const wrapped = BigInt.asUintN(bits, value + incr);
  if (value > max || (incr > 0n && incr > maxincr)) {
    return { overflow: 1, limit: owtype === BFOVERFLOW_SAT ? max : wrapped };
  }
  if (incr < 0n && incr < minincr) {
    return { overflow: -1, limit: owtype === BFOVERFLOW_SAT ? 0n : wrapped };
  }
  return { overflow: 0, limit: 0n };
}

/** checkSignedBitfieldOverflow, same conventions. */
function checkSigned(value: bigint, incr: bigint, bits: number, owtype: number): OverflowCheck {
  const max = bits === 64 ? INT64_MAX : (1n << BigInt(bits - 1)) - 1n;
  const min = -max - 1n;
  const maxincr = BigInt.asIntN(64, max - value);
  const minincr = BigInt.asIntN(64, min - value);
  const wrapped = BigInt.asIntN(bits, value + incr);
  if (value > max || (bits !== 64 && incr > maxincr) || (value >= 0n && incr > 0n && incr > maxincr)) {
    return { overflow: 1, limit: owtype === BFOVERFLOW_SAT ? max : wrapped };
  }
  if (value < min || (bits !== 64 && incr < minincr) || (value < 0n && incr < 0n && incr < minincr)) {
    return { overflow: -1, limit: owtype === BFOVERFLOW_SAT ? min : wrapped };
  }
  return { overflow: 0, limit: 0n };
}

/**
 * BITFIELD / BITFIELD_RO. All subcommands are parsed (and every argument error reported)
 * before the key is touched. Writes grow the string up to the farthest bit written even
 * when every write then fails with OVERFLOW FAIL; dirty counts only ops that changed bits.
 */
function bitfieldGeneric(c: Client, argv: string[], readonlyCmd: boolean): void {
  const ops: BitfieldOp[] = [];
  let owtype = BFOVERFLOW_WRAP;
  let readonly = true;
  let highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const remargs = argv.length - j - 1;
    const sub = argv[j]!.toLowerCase();
    let opcode: number;
    if (sub === 'get' && remargs >= 2) opcode = OP_GET;
    else if (sub === 'set' && remargs >= 3) opcode = OP_SET;
    else if (sub === 'incrby' && remargs >= 3) opcode = OP_INCRBY;
    else if (sub === 'overflow' && remargs >= 1) {
      const t = argv[++j]!.toLowerCase();
      if (t === 'wrap') owtype = BFOVERFLOW_WRAP;
      else if (t === 'sat') owtype = BFOVERFLOW_SAT;
      else if (t === 'fail') owtype = BFOVERFLOW_FAIL;
      else throw new ReplyError(E.BITFIELD_BAD_OVERFLOW);
      continue;
    } else {
      throw new ReplyError(E.SYNTAX);
    }
    const { signed, bits } = parseBitfieldType(argv[j + 1]!);
    const offset = getBitOffset(c, argv[j + 2]!, bits);
    let value = 0n;
    if (opcode !== OP_GET) {
      readonly = false;
      if (highest < offset + bits - 1) highest = offset + bits - 1;
      const v = parseInt64(argv[j + 3]!);
      if (v === null) throw new ReplyError(E.NOT_INTEGER);
      value = v;
    }
    ops.push({ offset, value, opcode, owtype, bits, signed });
    j += opcode === OP_GET ? 2 : 3;
  }

  const db = c.db;
  const key = argv[1]!;
  if (readonly) {
    const v = lookupStringRead(c, key);
    let out = `*${ops.length}\r\n`;
    for (const op of ops) {
      const u = v === undefined ? 0n : readField(v, op.offset, op.bits);
      out += `:${op.signed ? toSigned(u, op.bits) : u}\r\n`;
    }
    c.addReply(out);
    return;
  }
  if (readonlyCmd) throw new ReplyError(E.BITFIELD_RO_GET_ONLY);

  // lookupStringForBitCommand: create or zero-pad up to the highest bit written.
  const o = db.lookupWrite(key);
  if (o !== undefined && typeof o !== 'string') throw new ReplyError(E.WRONGTYPE);
  const need = Math.floor(highest / 8) + 1;
  const oldLen = o === undefined ? 0 : o.length;
  const grow = o === undefined || oldLen < need;
  const buf = Buffer.alloc(Math.max(oldLen, need));
  if (o !== undefined) buf.write(o, 0, 'latin1');

  let changes = 0;
  let out = `*${ops.length}\r\n`;
  for (const op of ops) {
    if (op.opcode === OP_GET) {
      const u = readField(buf, op.offset, op.bits);
      out += `:${op.signed ? toSigned(u, op.bits) : u}\r\n`;
      continue;
    }
    const oldU = readField(buf, op.offset, op.bits);
    let oldval: bigint;
    let newval: bigint;
    let retval: bigint;
    let check: OverflowCheck;
    if (op.signed) {
      oldval = toSigned(oldU, op.bits);
      if (op.opcode === OP_INCRBY) {
        check = checkSigned(oldval, op.value, op.bits, op.owtype);
        newval = check.overflow ? check.limit : oldval + op.value;
        retval = newval;
      } else {
        newval = op.value;
        check = checkSigned(newval, 0n, op.bits, op.owtype);
        if (check.overflow) newval = check.limit;
        retval = oldval;
      }
    } else {
      oldval = oldU;
      if (op.opcode === OP_INCRBY) {
        check = checkUnsigned(oldval, op.value, op.bits, op.owtype);
        newval = check.overflow ? check.limit : BigInt.asUintN(64, oldval + op.value);
        retval = newval;
      } else {
        newval = BigInt.asUintN(64, op.value);
        check = checkUnsigned(newval, 0n, op.bits, op.owtype);
        if (check.overflow) newval = check.limit;
        retval = oldval;
      }
    }
    if (check.overflow && op.owtype === BFOVERFLOW_FAIL) {
      out += c.resp === 2 ? '$-1\r\n' : '_\r\n';
      continue;
    }
    out += `:${retval}\r\n`;
    writeField(buf, op.offset, op.bits, newval);
    if (grow || oldval !== newval) changes++;
  }
  const value = buildString(() => buf.toString('latin1'));
  if (changes > 0) {
    db.set(key, value, true);
  } else if (grow) {
    // Redis has already created or padded the string, silently (no dirty, no signal).
    if (o === undefined) db.add(key, value);
    else db.overwrite(key, value);
  }
  markStringEncoding(db, key, changes > 0 || grow || o === undefined ? value : o, 'raw');
  c.addReply(out);
  if (changes > 0) {
    notifyKeyspaceEvent(c.server, NOTIFY_STRING, 'setbit', key, db.id);
    c.server.dirty += changes;
  }
}

function bitfieldCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, false);
}

function bitfieldRoCommand(c: Client, argv: string[]): void {
  bitfieldGeneric(c, argv, true);
}

// --- table -------------------------------------------------------------------------------

export const bitmapCommands = [
  {
    name: 'setbit', arity: 4, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: 'bitmap', summary: 'Set or clear one bit of a string value, growing it as needed', since: '2.2.0',
    acl: ['write', 'bitmap', 'slow'], handler: setbitCommand,
  },
  {
    name: 'getbit', arity: 3, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'bitmap', summary: 'Read one bit of a string value', since: '2.2.0',
    acl: ['read', 'bitmap', 'fast'], handler: getbitCommand,
  },
  {
    name: 'bitcount', arity: -2, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: 'bitmap', summary: 'Count the set bits of a string value, optionally in a byte or bit range', since: '2.6.0',
    acl: ['read', 'bitmap', 'slow'], handler: bitcountCommand,
  },
  {
    name: 'bitpos', arity: -3, flags: ['readonly'], firstKey: 1, lastKey: 1, step: 1,
    group: 'bitmap', summary: 'Position of the first set or clear bit of a string value', since: '2.8.7',
    acl: ['read', 'bitmap', 'slow'], handler: bitposCommand,
  },
  {
    name: 'bitop', arity: -4, flags: ['write', 'denyoom'], firstKey: 2, lastKey: -1, step: 1,
    group: 'bitmap', summary: 'Store the AND, OR, XOR or NOT of string values at a key', since: '2.6.0',
    acl: ['write', 'bitmap', 'slow'], handler: bitopCommand,
  },
  {
    name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], firstKey: 1, lastKey: 1, step: 1,
    group: 'bitmap', summary: 'Read, write and increment integers of any width packed in a string value', since: '3.2.0',
    acl: ['write', 'bitmap', 'slow'], handler: bitfieldCommand,
  },
  {
    name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], firstKey: 1, lastKey: 1, step: 1,
    group: 'bitmap', summary: 'Read integers packed in a string value (read-only BITFIELD)', since: '6.0.0',
    acl: ['read', 'bitmap', 'fast'], handler: bitfieldRoCommand,
  },
] satisfies CommandSpec[];
