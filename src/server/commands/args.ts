// Argument parsing with Redis's rules (util.c string2ll / string2ld, object.c
// getLongLongFromObjectOrReply ...): strict integers, strtod-style doubles, and the
// exact error text each caller expects when a value does not parse.

import * as E from '../errors.js';
import { ReplyError } from '../errors.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** string2ll: optional '-', digits without leading zeros, fits int64. Returns bigint or null. */
export function parseInt64(s: string): bigint | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  let i = 0;
  if (s.charCodeAt(0) === 0x2d) {
    if (n === 1) return null;
    i = 1;
  }
  const first = s.charCodeAt(i);
  if (first === 0x30) return n === 1 ? 0n : null;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
  }
  const v = BigInt(s);
  if (v > INT64_MAX || v < INT64_MIN) return null;
  return v;
}

/**
 * string2ll as a JS number: exact within ±2^53, lossy beyond (fine for counts, indexes
 * and times). Returns null when s is not a strict int64.
 */
export function parseInteger(s: string): number | null {
  const n = s.length;
  if (n === 0 || n > 20) return null;
  if (n < 16) {
    // Fast path: short strings cannot overflow; still strict about form.
    let i = 0;
    let neg = false;
    if (s.charCodeAt(0) === 0x2d) {
      if (n === 1) return null;
      neg = true;
      i = 1;
    }
    if (s.charCodeAt(i) === 0x30) return n === 1 ? 0 : null;
    let v = 0;
    for (; i < n; i++) {
      const d = s.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) return null;
      v = v * 10 + d;
    }
    return neg ? -v : v;
  }
  const b = parseInt64(s);
  return b === null ? null : Number(b);
}

/** getLongLongFromObjectOrReply: the integer or a ReplyError (default "value is not an integer or out of range"). */
export function getInteger(s: string, msg: string = E.NOT_INTEGER): number {
  const v = parseInteger(s);
  if (v === null) throw new ReplyError(msg);
  return v;
}

/** Full-precision int64 for arithmetic (INCR family). */
export function getInt64(s: string, msg: string = E.NOT_INTEGER): bigint {
  const v = parseInt64(s);
  if (v === null) throw new ReplyError(msg);
  return v;
}

/** getRangeLongFromObjectOrReply: an integer within [min, max]. */
export function getIntegerInRange(s: string, min: number, max: number, msg: string = E.NOT_INTEGER): number {
  const v = getInteger(s, msg);
  if (v < min || v > max) throw new ReplyError(msg);
  return v;
}

/** getPositiveLongFromObjectOrReply: >= 0, with Redis's default text for negatives. */
export function getNonNegativeInteger(s: string, msg: string = E.VALUE_MUST_BE_POSITIVE): number {
  // Redis passes the same message for "not an integer" and "negative" here.
  const v = parseInteger(s);
  if (v === null || v < 0) throw new ReplyError(msg);
  return v;
}

// strtod accepts decimal and hex floats, inf/infinity and nan (case-insensitive).
const FLOAT_RE = /^[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|inf(?:inity)?|nan)$/i;

function parseHexFloat(s: string): number {
  const m = /^([+-]?)0x([0-9a-f]*)\.?([0-9a-f]*)(?:p([+-]?\d+))?$/i.exec(s)!;
  const intPart = m[2] || '0';
  const frac = m[3] || '';
  let v = parseInt(intPart + frac || '0', 16) / Math.pow(16, frac.length);
  v *= Math.pow(2, Number(m[4] ?? 0));
  return m[1] === '-' ? -v : v;
}

/**
 * strtod over the whole string, as Redis's string2d: no leading space, no trailing
 * junk. Returns NaN for "nan" so callers can apply their own NaN rule; null if invalid.
 */
export function parseFloatStrict(s: string): number | null {
  // Fast path for plain decimal integers (the usual scores), which strtod reads as Number does.
  const n = s.length;
  if (n > 0 && n <= 15) {
    let i = s.charCodeAt(0) === 0x2d ? 1 : 0;
    if (i < n) {
      while (i < n && s.charCodeAt(i) >= 0x30 && s.charCodeAt(i) <= 0x39) i++;
      if (i === n) return Number(s);
    }
  }
  if (s.length === 0 || s.length > 5000 || !FLOAT_RE.test(s)) return null;
  const body = s.replace(/^[+-]/, '').toLowerCase();
  const neg = s.charCodeAt(0) === 0x2d;
  if (body.startsWith('inf')) return neg ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  if (body.startsWith('0x')) return parseHexFloat(s);
  return Number(s);
}

/**
 * getDoubleFromObjectOrReply: finite or infinite double, never NaN. strtod's ERANGE is
 * an error too when it overflowed to ±inf ("1e400") or underflowed to 0 ("1e-400").
 */
export function getDouble(s: string, msg: string = E.NOT_FLOAT): number {
  const v = parseFloatStrict(s);
  if (v === null || Number.isNaN(v) || strtodOutOfRange(s, v)) throw new ReplyError(msg);
  return v;
}

function strtodOutOfRange(s: string, v: number): boolean {
  if (v === Infinity || v === -Infinity) return !/^[+-]?inf/i.test(s);
  if (v !== 0) return false;
  const hex = /^[+-]?0x/i.test(s);
  const mantissa = s.replace(/^[+-]?(0x)?/i, '').split(hex ? /p/i : /e/i)[0]!;
  return /[1-9a-f]/i.test(mantissa);
}

/**
 * Blocking-command timeout in seconds (possibly fractional) -> absolute ms deadline,
 * 0 for "forever" (timeout.c getTimeoutFromObjectOrReply, 7.0.8+ with UNIT_SECONDS:
 * ms = (long long)ceill(secs * 1000)). Quirks kept: a value whose ms do not fit an int64
 * (inf, 1e300) casts to LLONG_MIN and reads "timeout is negative"; tiny negatives
 * (-0.0001) ceil to 0 and block forever; a deadline past int64 wraps in Redis to a time
 * that never comes: Infinity here (a timeout that never fires, still counted in INFO
 * clients_in_timeout_table). unitMs parses integer milliseconds (WAIT, CLIENT PAUSE).
 */
export function getTimeoutDeadline(s: string, now: number, unitMs = false): number {
  let ms: number;
  if (unitMs) {
    const v = parseInteger(s);
    if (v === null) throw new ReplyError(E.TIMEOUT_NOT_INTEGER);
    ms = v;
  } else {
    const v = parseFloatStrict(s);
    if (v === null || Number.isNaN(v)) throw new ReplyError(E.TIMEOUT_NOT_FLOAT);
    const x = v * 1000;
    if (x >= 2 ** 62 && x < 2 ** 64) {
      // Near LLONG_MAX a double cannot tell 9223372036854775.807 s (fits) from .808 (does not).
      const exact = decimalTimesThousandCeil(s);
      if (exact !== null) {
        if (exact >= 2n ** 63n) throw new ReplyError(E.TIMEOUT_NEGATIVE);
        return BigInt(now) + exact >= 2n ** 63n ? Infinity : now + Number(exact);
      }
    }
    ms = Math.ceil(x);
    // long double keeps 1.1 * 1000 at 1100 where a double gives 1100.0000000000002.
    if (ms > 1 && ms - x > 1 - Math.abs(x) * 4e-16) ms--;
    if (!(ms < 2 ** 63)) throw new ReplyError(E.TIMEOUT_NEGATIVE);
  }
  if (ms < 0) throw new ReplyError(E.TIMEOUT_NEGATIVE);
  if (ms === 0) return 0;
  return now + ms >= 2 ** 63 ? Infinity : now + ms;
}

/** ceil(s * 1000) computed exactly for a plain positive decimal; null for other forms. */
function decimalTimesThousandCeil(s: string): bigint | null {
  const m = /^\+?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/.exec(s);
  if (m === null) return null;
  const frac = m[2] ?? '';
  const digits = BigInt((m[1] ?? '') + frac || '0');
  const exp = Number(m[3] ?? 0) - frac.length + 3;
  if (exp >= 0) return digits * 10n ** BigInt(exp);
  const div = 10n ** BigInt(-exp);
  return (digits + div - 1n) / div;
}

/** Case-insensitive comparison of an option word (strcasecmp). */
export const isOpt = (arg: string | undefined, word: string): boolean =>
  arg !== undefined && arg.length === word.length && arg.toLowerCase() === word;

export interface ScanOptions {
  count: number;
  /** null for no MATCH or MATCH "*". */
  pattern: string | null;
  /** SCAN's TYPE filter, lower-cased; null without one. */
  type: string | null;
}

/**
 * scanGenericCommand's option loop (from argv[start]): COUNT >= 1 and MATCH, the last of
 * each wins; TYPE only where `allowType` (SCAN), a syntax error for HSCAN/SSCAN/ZSCAN.
 */
export function parseScanOptions(argv: string[], start: number, allowType = false): ScanOptions {
  let count = 10;
  let pattern: string | null = null;
  let type: string | null = null;
  for (let i = start; i < argv.length; i += 2) {
    const opt = argv[i]!;
    const more = argv.length - i >= 2;
    if (more && isOpt(opt, 'count')) {
      count = getInteger(argv[i + 1]!);
      if (count < 1) throw new ReplyError(E.SYNTAX);
    } else if (more && isOpt(opt, 'match')) {
      const p = argv[i + 1]!;
      pattern = p === '*' ? null : p;
    } else if (more && allowType && isOpt(opt, 'type')) {
      type = argv[i + 1]!.toLowerCase();
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  return { count, pattern, type };
}
