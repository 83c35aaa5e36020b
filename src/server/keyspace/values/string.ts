// String values: the encoding Redis 7.0 would report for them (object.c tryObjectEncoding,
// dbUnshareStringValue) and an exact emulation of x86-64 80-bit long double arithmetic for
// INCRBYFLOAT / HINCRBYFLOAT (util.c string2ld, ld2string with LD_STR_HUMAN).

import * as E from '../../errors.js';
import { ReplyError } from '../../errors.js';
import type { Db } from '../keyspace.js';

// --- OBJECT ENCODING -------------------------------------------------------------------

export type StringEncoding = 'int' | 'embstr' | 'raw';

/** OBJ_ENCODING_EMBSTR_SIZE_LIMIT: longer strings are always "raw". */
export const EMBSTR_SIZE_LIMIT = 44;

/** string2l on a value of at most 20 bytes: what makes tryObjectEncoding choose "int". */
function looksLikeLong(s: string): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let i = 0;
  if (s.charCodeAt(0) === 0x2d) {
    if (n === 1) return false;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 0x30) return n === 1;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return false;
  }
  if (n - i < 19) return true;
  const v = BigInt(s);
  return v >= -9223372036854775808n && v <= 9223372036854775807n;
}

/** The encoding tryObjectEncoding gives a freshly stored value (SET, MSET, APPEND to a new key ...). */
export function stringEncoding(s: string): StringEncoding {
  if (looksLikeLong(s)) return 'int';
  return s.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw';
}

/**
 * Values are plain JS strings, so the few writes after which Redis reports an encoding
 * that differs from stringEncoding(value) leave a mark here: APPEND/SETRANGE/SETBIT/
 * BITFIELD/BITOP make short strings "raw" (dbUnshareStringValue), and INCRBYFLOAT stores an
 * integer-looking result as "embstr" (createStringObject skips tryObjectEncoding). A mark
 * only counts while the key still holds the value it was made for, so a later write by
 * another family (which never clears marks) is reported by its content again.
 */
interface EncodingMark {
  value: string;
  encoding: StringEncoding;
}
const MARKS = new WeakMap<Db, Map<string, EncodingMark>>();
/** Stale marks are pruned past this many, so deleted keys cannot pile them up. */
const MAX_MARKS = 65536;

/** Records the encoding Redis gives `value` after a command that skipped tryObjectEncoding. */
export function markStringEncoding(db: Db, key: string, value: string, encoding: StringEncoding): void {
  let marks = MARKS.get(db);
  if (encoding === stringEncoding(value)) {
    if (marks !== undefined && marks.size > 0) marks.delete(key);
    return;
  }
  if (marks === undefined) {
    marks = new Map();
    MARKS.set(db, marks);
  } else if (marks.size >= MAX_MARKS) {
    for (const [k, m] of marks) if (db.peek(k) !== m.value) marks.delete(k);
    if (marks.size >= MAX_MARKS) marks.clear();
  }
  marks.set(key, { value, encoding });
}

/** Forgets a mark after a write that re-encodes the value the usual way (SET, INCR ...). */
export function clearStringEncoding(db: Db, key: string): void {
  const marks = MARKS.get(db);
  if (marks !== undefined && marks.size > 0) marks.delete(key);
}

/**
 * Forgets every mark of a database, for code that replaces its contents wholesale
 * (loading a snapshot re-encodes values with tryObjectEncoding, as rdbLoad does).
 */
export function forgetStringEncodings(db: Db): void {
  MARKS.delete(db);
}

/** OBJECT ENCODING for the string value stored at key. */
export function storedStringEncoding(db: Db, key: string, value: string): StringEncoding {
  const mark = MARKS.get(db)?.get(key);
  if (mark !== undefined && mark.value === value) return mark.encoding;
  return stringEncoding(value);
}

// --- 80-bit long double ------------------------------------------------------------------
//
// x87 extended precision: a 64-bit significand with an explicit integer bit and exponents
// down to 2^-16445 (subnormals). A finite value is (-1)^neg * mant * 2^exp with mant < 2^64.
// Every operation is done exactly in BigInt and rounded once to nearest-even, which is what
// glibc's strtold and the FPU's fadd do, so results match Redis digit for digit.

const MANT_BITS = 64;
/** Exponent of the lowest significand bit of the smallest subnormal. */
const EXP_MIN = -16445;
/** Largest exponent with a 64-bit significand: values stay below 2^16384. */
const EXP_MAX = 16320;

export interface LongDouble {
  /** 'finite', or the IEEE specials (strtold accepts "inf"; sums may give NaN). */
  kind: 'finite' | 'inf' | 'nan';
  neg: boolean;
  mant: bigint;
  exp: number;
}

const ZERO: LongDouble = { kind: 'finite', neg: false, mant: 0n, exp: 0 };
const NEG_ZERO: LongDouble = { kind: 'finite', neg: true, mant: 0n, exp: 0 };
const POS_INF: LongDouble = { kind: 'inf', neg: false, mant: 0n, exp: 0 };
const NEG_INF: LongDouble = { kind: 'inf', neg: true, mant: 0n, exp: 0 };
const NAN: LongDouble = { kind: 'nan', neg: false, mant: 0n, exp: 0 };

function bitLength(n: bigint): number {
  if (n < 0x100000000n) return 32 - Math.clz32(Number(n));
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0]!, 16)));
}

/**
 * Rounds (-1)^neg * (n + sticky·ε) * 2^e to the nearest long double, ties to even;
 * `sticky` says nonzero bits were dropped below n's last bit. Overflow gives infinity.
 */
function roundLongDouble(neg: boolean, n: bigint, e: number, sticky: boolean): LongDouble {
  if (n === 0n) return neg ? NEG_ZERO : ZERO;
  let shift = bitLength(n) - MANT_BITS;
  if (e + shift < EXP_MIN) shift = EXP_MIN - e;
  let mant: bigint;
  if (shift <= 0) {
    mant = n << BigInt(-shift);
  } else {
    const sb = BigInt(shift);
    mant = n >> sb;
    const rem = n - (mant << sb);
    const half = 1n << (sb - 1n);
    if (rem > half || (rem === half && (sticky || (mant & 1n) === 1n))) mant += 1n;
  }
  let exp = e + shift;
  if (mant === 1n << 64n) {
    mant >>= 1n;
    exp += 1;
  }
  if (exp > EXP_MAX) return neg ? NEG_INF : POS_INF;
  if (mant === 0n) return neg ? NEG_ZERO : ZERO;
  return { kind: 'finite', neg, mant, exp };
}

const POW10: bigint[] = [1n];
function pow10(k: number): bigint {
  if (k < 64) {
    while (POW10.length <= k) POW10.push(POW10[POW10.length - 1]! * 10n);
    return POW10[k]!;
  }
  return 10n ** BigInt(k);
}

/** MAX_LONG_DOUBLE_CHARS: string2ld refuses inputs of this length or more. */
const MAX_LONG_DOUBLE_CHARS = 5 * 1024;

const DEC_RE = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const HEX_RE = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/;
const INF_RE = /^([+-]?)inf(?:inity)?$/i;

/** An exponent written with many digits saturates: the value is then 0 or infinite anyway. */
function clampExponent(s: string | undefined): number {
  if (s === undefined) return 0;
  const v = Number(s);
  return v > 1e7 ? 1e7 : v < -1e7 ? -1e7 : v;
}

/** Decimal digits to the nearest long double; null on overflow or on underflow to zero (ERANGE). */
function parseDecimal(neg: boolean, intDigits: string, fracDigits: string, expText: string | undefined): LongDouble | null {
  let digits = intDigits + fracDigits;
  let exp10 = clampExponent(expText) - fracDigits.length;
  let start = 0;
  while (start < digits.length && digits.charCodeAt(start) === 0x30) start++;
  let end = digits.length;
  while (end > start && digits.charCodeAt(end - 1) === 0x30) end--;
  if (start === end) return neg ? NEG_ZERO : ZERO;
  exp10 += digits.length - end;
  digits = digits.slice(start, end);
  // The value lies in [10^(mag-1), 10^mag): far outside the format it is simply 0 or inf.
  const mag = exp10 + digits.length;
  if (mag > 4934 || mag < -4952) return null;
  const d = BigInt(digits);
  if (exp10 >= 0) return inRange(roundLongDouble(neg, d * pow10(exp10), 0, false));
  const den = pow10(-exp10);
  // Enough quotient bits for a 64-bit significand plus guard bits; the rest is sticky.
  const s = Math.max(0, bitLength(den) - bitLength(d) + MANT_BITS + 3);
  const num = d << BigInt(s);
  const q = num / den;
  return inRange(roundLongDouble(neg, q, -s, q * den !== num));
}

/** Hex float digits (exact unless they exceed 64 bits); null on overflow or underflow to zero. */
function parseHex(neg: boolean, intDigits: string, fracDigits: string, expText: string | undefined): LongDouble | null {
  const all = (intDigits + fracDigits).replace(/^0+/, '');
  if (all.length === 0) return neg ? NEG_ZERO : ZERO;
  const e = clampExponent(expText) - 4 * fracDigits.length;
  const n = BigInt('0x' + all);
  const top = bitLength(n) + e;
  if (top > 16385 || top < EXP_MIN - 2) return null;
  return inRange(roundLongDouble(neg, n, e, false));
}

/**
 * string2ld: strtold over the whole string. Null when Redis would refuse it: empty or
 * too long, leading space, trailing bytes, NaN, or out of range (overflow to ±inf, or a
 * nonzero number that underflows to 0). A literal "inf"/"infinity" is accepted.
 */
export function parseLongDouble(s: string): LongDouble | null {
  const n = s.length;
  if (n === 0 || n >= MAX_LONG_DOUBLE_CHARS) return null;
  const c0 = s.charCodeAt(0);
  // Fast reject of anything that cannot start a number (also covers leading spaces).
  if (!((c0 >= 0x30 && c0 <= 0x39) || c0 === 0x2b || c0 === 0x2d || c0 === 0x2e || c0 === 0x69 || c0 === 0x49)) {
    return null;
  }
  let m = HEX_RE.exec(s);
  if (m !== null) {
    const intDigits = m[2]!;
    const fracDigits = m[3] ?? '';
    if (intDigits.length + fracDigits.length === 0) return null;
    return parseHex(m[1] === '-', intDigits, fracDigits, m[4]);
  }
  m = DEC_RE.exec(s);
  if (m !== null) {
    const intDigits = m[2]!;
    const fracDigits = m[3] ?? '';
    if (intDigits.length + fracDigits.length === 0) return null;
    return parseDecimal(m[1] === '-', intDigits, fracDigits, m[4]);
  }
  m = INF_RE.exec(s);
  if (m !== null) return m[1] === '-' ? NEG_INF : POS_INF;
  return null;
}

/** Nonzero digits that overflowed, or underflowed to zero, are ERANGE results: refused. */
function inRange(v: LongDouble): LongDouble | null {
  return v.kind === 'inf' || v.mant === 0n ? null : v;
}

/** Exact x + y rounded once, as the FPU does. */
export function addLongDouble(x: LongDouble, y: LongDouble): LongDouble {
  if (x.kind === 'nan' || y.kind === 'nan') return NAN;
  if (x.kind === 'inf' || y.kind === 'inf') {
    if (x.kind === 'inf' && y.kind === 'inf' && x.neg !== y.neg) return NAN;
    return x.kind === 'inf' ? x : y;
  }
  if (x.mant === 0n) return y.mant === 0n ? (x.neg && y.neg ? NEG_ZERO : ZERO) : y;
  if (y.mant === 0n) return x;
  const e = Math.min(x.exp, y.exp);
  const a = x.mant << BigInt(x.exp - e);
  const b = y.mant << BigInt(y.exp - e);
  const sum = (x.neg ? -a : a) + (y.neg ? -b : b);
  if (sum === 0n) return ZERO;
  return sum < 0n ? roundLongDouble(true, -sum, e, false) : roundLongDouble(false, sum, e, false);
}

const FRACTION_DIGITS = 17;
const SCALE = 10n ** BigInt(FRACTION_DIGITS);

/**
 * ld2string(LD_STR_HUMAN): printf("%.17Lf") of the exact binary value (rounded half to
 * even), trailing zeros and a trailing '.' removed, and "-0" written as "0".
 */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.kind === 'inf') return v.neg ? '-inf' : 'inf';
  if (v.kind === 'nan') return v.neg ? '-nan' : 'nan';
  if (v.mant === 0n) return '0';
  const sign = v.neg ? '-' : '';
  if (v.exp >= 0) return sign + (v.mant << BigInt(v.exp)).toString();
  const k = BigInt(-v.exp);
  const scaled = v.mant * SCALE;
  let q = scaled >> k;
  const rem = scaled - (q << k);
  const half = 1n << (k - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  const intPart = (q / SCALE).toString();
  let frac = (q % SCALE).toString().padStart(FRACTION_DIGITS, '0');
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 0x30) end--;
  frac = frac.slice(0, end);
  const out = sign + intPart + (frac.length > 0 ? '.' + frac : '');
  return out === '-0' ? '0' : out;
}

/**
 * INCRBYFLOAT / HINCRBYFLOAT arithmetic: current + incr in long double, formatted as
 * Redis stores the result. The increment is parsed first (hash order; the string family
 * uses one text for both). `currentNotFloat` is the error for a current value that is
 * not a float ("ERR hash value is not a float" for hashes).
 */
export function incrByFloat(current: string, incr: string, currentNotFloat: string = E.NOT_FLOAT): string {
  const by = parseLongDouble(incr);
  if (by === null) throw new ReplyError(E.NOT_FLOAT);
  const value = parseLongDouble(current);
  if (value === null) throw new ReplyError(currentNotFloat);
  const sum = addLongDouble(value, by);
  if (sum.kind !== 'finite') throw new ReplyError(E.INCR_NAN_OR_INF);
  return formatLongDoubleHuman(sum);
}
