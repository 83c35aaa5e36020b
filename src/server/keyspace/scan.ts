// Cursor iteration for SCAN, HSCAN, SSCAN and ZSCAN. Redis walks its hash tables with a
// reverse-binary cursor; we keep a live Map/Set iterator per cursor instead. JS
// iterators of Map and Set keep their place across inserts and deletes, which gives
// SCAN's guarantee: an element present for the whole scan is returned at least once.

interface Open {
  owner: object;
  iter: Iterator<unknown>;
  lastUsed: number;
}

const open = new Map<number, Open>();
let nextCursor = 1;
const MAX_OPEN = 4096;

function evictOldest(): void {
  let oldestKey = -1;
  let oldest = Infinity;
  for (const [k, v] of open) {
    if (v.lastUsed < oldest) {
      oldest = v.lastUsed;
      oldestKey = k;
    }
  }
  open.delete(oldestKey);
}

export interface ScanStep<T> {
  /** The cursor to return: "0" when the iteration is complete. */
  cursor: string;
  items: T[];
}

/**
 * One SCAN step over source (a live iterable of the collection, e.g. map.keys()).
 * `owner` identifies the collection so a cursor is not resumed on another one. An unknown
 * or evicted cursor restarts from the beginning, which may repeat elements (allowed).
 * Visits up to `count` elements (Redis's COUNT is a hint of work, not of results).
 */
export function scanStep<T>(owner: object, source: () => Iterator<T>, cursor: number, count: number): ScanStep<T> {
  let entry = cursor === 0 ? undefined : open.get(cursor);
  if (entry && entry.owner !== owner) entry = undefined;
  if (entry) open.delete(cursor);
  const iter = (entry?.iter as Iterator<T> | undefined) ?? source();
  const items: T[] = [];
  const want = Math.max(1, count);
  for (let i = 0; i < want; i++) {
    const r = iter.next();
    if (r.done) return { cursor: '0', items };
    items.push(r.value);
  }
  if (open.size >= MAX_OPEN) evictOldest();
  const id = nextCursor++;
  if (nextCursor > 0x7fffffff) nextCursor = 1;
  open.set(id, { owner, iter, lastUsed: Date.now() });
  return { cursor: String(id), items };
}

const ULONG_MAX = 18446744073709551615n;

/**
 * parseScanCursorOrReply: strtoul in base 10 over the whole argument (an optional sign,
 * a negative value wraps modulo 2^64, "" is cursor 0), but no leading whitespace and
 * nothing above 2^64-1. Returns null where Redis replies "invalid cursor".
 */
export function parseScanCursor(s: string): number | null {
  const n = s.length;
  if (n === 1 && s.charCodeAt(0) === 0x30) return 0;
  if (n === 0) return 0;
  let i = 0;
  const first = s.charCodeAt(0);
  const neg = first === 0x2d;
  if (neg || first === 0x2b) i = 1;
  if (i === n) return null;
  for (let j = i; j < n; j++) {
    const c = s.charCodeAt(j);
    if (c < 0x30 || c > 0x39) return null;
  }
  if (n - i < 16) {
    const v = Number(s.slice(i));
    return neg && v !== 0 ? Number(ULONG_MAX + 1n - BigInt(v)) : v;
  }
  const v = BigInt(s.slice(i));
  if (v > ULONG_MAX) return null;
  return Number(neg && v !== 0n ? ULONG_MAX + 1n - v : v);
}
