// Reply encoders. Replies are byte strings (one char per byte) concatenated into a
// connection's output and written once per batch; RESP3 forms follow the RESP3 spec,
// RESP2 downgrades follow Redis's networking.c (maps as flat arrays, doubles as bulks).

export const CRLF = '\r\n';
export const OK = '+OK\r\n';
export const PONG = '+PONG\r\n';
export const QUEUED = '+QUEUED\r\n';
export const NULL_BULK_RESP2 = '$-1\r\n';
export const NULL_ARRAY_RESP2 = '*-1\r\n';
export const NULL_RESP3 = '_\r\n';
export const EMPTY_ARRAY = '*0\r\n';
export const EMPTY_BULK = '$0\r\n\r\n';
export const ZERO = ':0\r\n';
export const ONE = ':1\r\n';

// Small integers are the most common replies; cache their encodings.
const SMALL_INTS: string[] = [];
for (let i = 0; i < 10000; i++) SMALL_INTS.push(`:${i}\r\n`);

export const encodeInteger = (n: number | bigint): string =>
  typeof n === 'number' && n >= 0 && n < 10000 && Number.isInteger(n) ? SMALL_INTS[n]! : `:${n}\r\n`;

/** `$<n>\r\n` for the common short lengths, built once. */
export const BULK_HEADERS: readonly string[] = Array.from({ length: 1024 }, (_, n) => `$${n}\r\n`);

export const encodeBulk = (s: string): string => {
  const n = s.length;
  return n < 1024 ? BULK_HEADERS[n]! + s + CRLF : `$${n}\r\n${s}\r\n`;
};

export const encodeStatus = (s: string): string => `+${s}\r\n`;

/** Error replies never carry raw newlines (Redis maps them to spaces). */
export const encodeError = (msg: string): string => {
  const clean = msg.indexOf('\r') >= 0 || msg.indexOf('\n') >= 0 ? msg.replace(/[\r\n]/g, ' ') : msg;
  return `-${clean}\r\n`;
};

export const encodeArrayHeader = (n: number): string => `*${n}\r\n`;

/** A command as a multibulk array of bulk strings: what replicas and MONITOR-less peers read. */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    out += `$${a.length}\r\n${a}\r\n`;
  }
  return out;
}

/**
 * Formats a double as C's printf("%.17g"), which Redis 7.0 uses for double replies and
 * sorted-set scores (7.2 switched to shortest round-trip). inf and -inf as Redis spells them.
 */
export function formatDouble17g(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // Integers below 2^53 have at most 16 digits: %.17g prints them exactly.
  if (Number.isInteger(d) && d > -9007199254740992 && d < 9007199254740992) return String(d);
  const neg = d < 0;
  // toExponential rounds the exact binary value to 17 significant digits, as printf does.
  let e = d.toExponential(16);
  // ...except on an exact tie, which printf rounds to even and JavaScript away from zero.
  // A tie needs a value with at most 25 fractional bits (see roundTieToEven).
  if (!Number.isInteger(d) && Number.isInteger(d * 33554432)) e = roundTieToEven(d, e);
  const ePos = e.indexOf('e');
  const x = Number(e.slice(ePos + 1));
  let digits = e.slice(neg ? 1 : 0, ePos).replace('.', '');
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 0x30) end--;
  digits = digits.slice(0, end);
  let out: string;
  if (x < -4 || x >= 17) {
    const ax = Math.abs(x);
    out = `${digits[0]}${digits.length > 1 ? '.' + digits.slice(1) : ''}e${x < 0 ? '-' : '+'}${ax < 10 ? '0' : ''}${ax}`;
  } else if (x < 0) {
    out = '0.' + '0'.repeat(-x - 1) + digits;
  } else if (digits.length <= x + 1) {
    out = digits + '0'.repeat(x + 1 - digits.length);
  } else {
    out = digits.slice(0, x + 1) + '.' + digits.slice(x + 1);
  }
  return neg ? '-' + out : out;
}

/**
 * When d's exact decimal expansion has exactly 18 significant digits ending in 5, the
 * 17-digit rounding is a tie: glibc keeps an even last digit where toExponential rounds
 * up. (Such a value is k/2^j with j <= 25; integers past 2^53 can never tie.)
 */
function roundTieToEven(d: number, e17: string): string {
  const t = d.toExponential(17);
  const ePos = t.indexOf('e');
  if (t.charCodeAt(ePos - 1) !== 0x35) return e17;
  const neg = d < 0;
  const mant = t.slice(neg ? 1 : 0, ePos).replace('.', '');
  const k = Number(t.slice(ePos + 1)) - 17;
  // Exact comparison of |d| = m * 2^q with mant * 10^k.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(d));
  const hi = view.getUint32(0);
  const biased = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  let q = -1074;
  if (biased !== 0) {
    m |= 1n << 52n;
    q = biased - 1075;
  }
  let l = m;
  let r = BigInt(mant);
  if (q >= 0) l <<= BigInt(q);
  else r <<= BigInt(-q);
  if (k >= 0) r *= 10n ** BigInt(k);
  else l *= 10n ** BigInt(-k);
  if (l !== r) return e17;
  // A tie: keep the 17 leading digits when the last one is even.
  if ((mant.charCodeAt(16) - 0x30) % 2 !== 0) return e17;
  return `${neg ? '-' : ''}${mant[0]}.${mant.slice(1, 17)}${t.slice(ePos)}`;
}
