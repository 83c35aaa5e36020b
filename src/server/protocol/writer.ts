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

export const encodeBulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

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
  const exp = Math.floor(Math.log10(Math.abs(d)));
  // toExponential gives the exact %.16e digits; its exponent settles rounding edge cases.
  const e = d.toExponential(16);
  const [mant, expPart] = e.split('e') as [string, string];
  const x = Number(expPart);
  void exp;
  if (x < -4 || x >= 17) {
    let m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant;
    if (m === '-') m = '-0';
    const sign = x < 0 ? '-' : '+';
    const ax = Math.abs(x);
    return `${m}e${sign}${ax < 10 ? '0' + ax : ax}`;
  }
  let f = d.toFixed(Math.max(0, 16 - x));
  if (f.includes('.')) f = f.replace(/0+$/, '').replace(/\.$/, '');
  return f;
}
