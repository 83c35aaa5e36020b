// SORT and SORT_RO (Redis group "generic"), following sort.c as of Redis 7.0: BY and GET
// patterns (with "#" and hash "->field"), LIMIT, ASC/DESC, ALPHA and STORE over lists,
// sets and sorted sets, including the quirks (SORT turns a listpack sorted set into a skiplist).

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import type { Db } from '../keyspace/keyspace.js';
import { ListObject } from '../keyspace/values/list.js';
import type { HashValue, ListValue, SetValue } from '../keyspace/values/types.js';
import { ZSet, strtod } from '../keyspace/values/zset.js';
import { NOTIFY_GENERIC, NOTIFY_KEY_MISS, NOTIFY_LIST, notifyKeyspaceEvent } from '../notify.js';
import { getInteger, isOpt } from './args.js';
import type { CommandSpec } from './spec.js';

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

/** The part of a byte string C code sees: up to the first NUL. */
function cString(s: string): string {
  const i = s.indexOf('\0');
  return i < 0 ? s : s.slice(0, i);
}

/**
 * lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by
 * the element and the key read as a string, or as a hash field after "->". A pattern
 * without '*' names nothing.
 */
function lookupKeyByPattern(db: Db, pattern: string, subst: string): string | null {
  if (pattern.charCodeAt(0) === 0x23 && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) return subst;
  const visible = cString(pattern);
  const star = visible.indexOf('*');
  if (star < 0) return null;
  const arrow = visible.indexOf('->', star + 1);
  let fieldLen = 0;
  let field: string | null = null;
  if (arrow >= 0 && arrow + 2 < visible.length) {
    fieldLen = pattern.length - arrow - 2;
    field = pattern.slice(arrow + 2);
  }
  const postfixEnd = pattern.length - (field !== null ? fieldLen + 2 : 0);
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, postfixEnd);
  const v = db.lookupRead(key);
  if (v === undefined) return null;
  if (field !== null) {
    if (typeof v === 'string' || v.type !== 'hash') return null;
    return (v as HashValue & { get(f: string): string | undefined }).get(field) ?? null;
  }
  return typeof v === 'string' ? v : null;
}

/** compareStringObjects: memcmp order, the shorter string first on a common prefix. */
const cmpBinary = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * strcoll as redis-server runs it (setlocale LC_COLLATE from the environment): under
 * C or C.UTF-8 that is byte order of the C strings, which end at the first NUL.
 */
const cmpCollate = (a: string, b: string): number => cmpBinary(cString(a), cString(b));

/**
 * pqsort.c: the NetBSD quicksort (median-of-three pivots, three-way partitioning, an
 * insertion sort for small or already ordered runs) that skips partitions lying wholly
 * outside positions [lrange, rrange]. Reproduced step for step so that elements which
 * compare equal land where Redis puts them.
 */
function pqsort(a: number[], cmp: (x: number, y: number) => number, lrange: number, rrange: number): void {
  const swap = (i: number, j: number): void => {
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  };
  const c = (i: number, j: number): number => cmp(a[i]!, a[j]!);
  const med3 = (x: number, y: number, z: number): number =>
    c(x, y) < 0 ? (c(y, z) < 0 ? y : c(x, z) < 0 ? z : x) : c(y, z) > 0 ? y : c(x, z) < 0 ? x : z;
  const insertionSort = (base: number, n: number): void => {
    for (let m = base + 1; m < base + n; m++) for (let l = m; l > base && c(l - 1, l) > 0; l--) swap(l, l - 1);
  };
  const outside = (first: number, last: number): boolean =>
    (lrange < first && rrange < first) || (lrange > last && rrange > last);
  const sortRun = (base: number, n: number): void => {
    for (;;) {
      if (n < 7) return insertionSort(base, n);
      let pm = base + (n >> 1);
      if (n > 7) {
        let pl = base;
        let pn = base + n - 1;
        if (n > 40) {
          const d = Math.floor(n / 8);
          pl = med3(pl, pl + d, pl + 2 * d);
          pm = med3(pm - d, pm, pm + d);
          pn = med3(pn - 2 * d, pn - d, pn);
        }
        pm = med3(pl, pm, pn);
      }
      swap(base, pm);
      let swapped = false;
      let pa = base + 1;
      let pb = pa;
      let pc = base + n - 1;
      let pd = pc;
      for (;;) {
        let r = 0;
        while (pb <= pc && (r = c(pb, base)) <= 0) {
          if (r === 0) {
            swapped = true;
            swap(pa++, pb);
          }
          pb++;
        }
        while (pb <= pc && (r = c(pc, base)) >= 0) {
          if (r === 0) {
            swapped = true;
            swap(pc, pd--);
          }
          pc--;
        }
        if (pb > pc) break;
        swap(pb++, pc--);
        swapped = true;
      }
      if (!swapped) return insertionSort(base, n);
      const pn = base + n;
      let r = Math.min(pa - base, pb - pa);
      for (let k = 0; k < r; k++) swap(base + k, pb - r + k);
      r = Math.min(pd - pc, pn - pd - 1);
      for (let k = 0; k < r; k++) swap(pb + k, pn - r + k);
      if ((r = pb - pa) > 1 && !outside(base, base + r - 1)) sortRun(base, r);
      if ((r = pd - pc) <= 1) return;
      base = pn - r;
      n = r;
      if (outside(base, base + r - 1)) return;
    }
  };
  sortRun(0, a.length);
}

/** sortCommandGeneric. */
function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontsort = false;
  let sortby: string | null = null;
  let storekey: string | null = null;
  const gets: string[] = [];
  for (let j = 2; j < argv.length; j++) {
    const a = argv[j]!;
    const left = argv.length - j - 1;
    if (isOpt(a, 'asc')) {
      desc = false;
    } else if (isOpt(a, 'desc')) {
      desc = true;
    } else if (isOpt(a, 'alpha')) {
      alpha = true;
    } else if (isOpt(a, 'limit') && left >= 2) {
      limitStart = getInteger(argv[j + 1]!);
      limitCount = getInteger(argv[j + 2]!);
      j += 2;
    } else if (!readonly && isOpt(a, 'store') && left >= 1) {
      storekey = argv[++j]!;
    } else if (isOpt(a, 'by') && left >= 1) {
      sortby = argv[++j]!;
      // A constant BY pattern means "don't sort"; a later pattern does not undo it.
      if (!cString(sortby).includes('*')) dontsort = true;
    } else if (isOpt(a, 'get') && left >= 1) {
      gets.push(argv[++j]!);
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }

  const db = c.db;
  const v = db.lookupRead(argv[1]!);
  if (v !== undefined && (typeof v === 'string' || (v.type !== 'set' && v.type !== 'list' && v.type !== 'zset'))) {
    throw new ReplyError(E.WRONGTYPE);
  }
  const type = v === undefined ? 'list' : v.type;
  // Stored results must not depend on a set's internal order: force an ALPHA sort.
  if (dontsort && type === 'set' && storekey !== null) {
    dontsort = false;
    alpha = true;
    sortby = null;
  }
  if (v instanceof ZSet) v.convertToSkiplist();

  let vectorlen = v === undefined ? 0 : type === 'list' ? (v as ListValue).length : (v as SetValue).size;
  let start = limitStart < 0 ? 0 : limitStart;
  let end = limitCount < 0 ? vectorlen - 1 : start + limitCount - 1;
  if (start >= vectorlen) {
    start = vectorlen - 1;
    end = vectorlen - 2;
  }
  if (end >= vectorlen) end = vectorlen - 1;
  if ((type === 'zset' || type === 'list') && dontsort && (start !== 0 || end !== vectorlen - 1)) {
    vectorlen = end - start + 1;
  }

  let objs: string[];
  if (v === undefined) {
    objs = [];
  } else if (type === 'list' && dontsort) {
    objs = [];
    if (end >= start) {
      const l = v instanceof ListObject ? v : ListObject.from((v as ListValue).values());
      if (desc) for (let i = l.length - start - 1; i >= 0 && objs.length < vectorlen; i--) objs.push(l.get(i));
      else for (let i = start; i < l.length && objs.length < vectorlen; i++) objs.push(l.get(i));
      end -= start;
      start = 0;
    }
  } else if (type === 'list') {
    objs = [...(v as ListValue).values()];
  } else if (type === 'set') {
    objs = [...(v as SetValue).members()];
  } else if (dontsort) {
    const zs = v as ZSet;
    objs = [];
    const cur = zs.at(desc ? zs.size - 1 - start : start);
    if (cur !== null && vectorlen > 0) {
      do objs.push(cur.member);
      while (objs.length < vectorlen && (desc ? cur.prev() : cur.next()));
    }
    end -= start;
    start = 0;
  } else {
    objs = [...(v as ZSet).dict.keys()];
  }

  let conversionError = false;
  if (!dontsort) {
    const n = objs.length;
    const scores = new Float64Array(n);
    const cmpObjs: Array<string | null> = new Array<string | null>(n).fill(null);
    for (let j = 0; j < n; j++) {
      let byval: string | null;
      if (sortby !== null) {
        byval = lookupKeyByPattern(db, sortby, objs[j]!);
        if (byval === null) continue;
      } else {
        byval = objs[j]!;
      }
      if (alpha) {
        if (sortby !== null) cmpObjs[j] = byval;
      } else {
        const p = strtod(byval);
        if ((p.end !== byval.length && byval.charCodeAt(p.end) !== 0) || p.erange || Number.isNaN(p.value)) {
          conversionError = true;
        }
        scores[j] = p.value;
      }
    }
    const store = storekey !== null;
    const order = Array.from({ length: n }, (_, i) => i);
    const sign = desc ? -1 : 1;
    let cmp: (a: number, b: number) => number;
    if (!alpha) {
      cmp = (a, b) => {
        const sa = scores[a]!;
        const sb = scores[b]!;
        return sign * (sa > sb ? 1 : sa < sb ? -1 : cmpBinary(objs[a]!, objs[b]!));
      };
    } else if (sortby !== null) {
      cmp = (a, b) => {
        const oa = cmpObjs[a]!;
        const ob = cmpObjs[b]!;
        let r: number;
        if (oa === null || ob === null) r = oa === ob ? 0 : oa === null ? -1 : 1;
        else r = store ? cmpBinary(oa, ob) : cmpCollate(oa, ob);
        return sign * r;
      };
    } else {
      cmp = (a, b) => sign * (store ? cmpBinary(objs[a]!, objs[b]!) : cmpCollate(objs[a]!, objs[b]!));
    }
    // Redis sorts BY a pattern with a LIMIT using its partial quicksort; ties between equal
    // weights come out in that algorithm's order. Otherwise glibc's qsort, a stable merge sort.
    if (sortby !== null && (start !== 0 || end !== n - 1)) pqsort(order, cmp, start, end);
    else order.sort(cmp);
    const sorted = new Array<string>(n);
    for (let i = 0; i < n; i++) sorted[i] = objs[order[i]!]!;
    objs = sorted;
  }

  const outputlen = gets.length > 0 ? gets.length * (end - start + 1) : end - start + 1;
  if (conversionError) throw new ReplyError(E.SORT_NOT_DOUBLE);
  if (storekey === null) {
    let out = `*${outputlen}\r\n`;
    const nullReply = c.resp === 2 ? '$-1\r\n' : '_\r\n';
    // GET lookups run while Redis writes the reply: keymiss events land between elements.
    const streamed = gets.length > 0 && (c.server.config.notifyKeyspaceEvents & NOTIFY_KEY_MISS) !== 0;
    for (let j = start; j <= end; j++) {
      const obj = objs[j]!;
      if (gets.length === 0) out += bulk(obj);
      for (const g of gets) {
        if (streamed) {
          c.addReply(out);
          out = '';
        }
        const val = lookupKeyByPattern(db, g, obj);
        out += val === null ? nullReply : bulk(val);
      }
    }
    c.addReply(out);
    return;
  }
  const values: string[] = [];
  for (let j = start; j <= end; j++) {
    const obj = objs[j]!;
    if (gets.length === 0) values.push(obj);
    for (const g of gets) values.push(lookupKeyByPattern(db, g, obj) ?? '');
  }
  if (outputlen > 0) {
    db.set(storekey, ListObject.from(values));
    notifyKeyspaceEvent(c.server, NOTIFY_LIST, 'sortstore', storekey, db.id);
    c.server.dirty += outputlen;
  } else if (db.delete(storekey)) {
    notifyKeyspaceEvent(c.server, NOTIFY_GENERIC, 'del', storekey, db.id);
    c.server.dirty++;
  }
  c.addInt(outputlen);
}

function sortCommand(c: Client, argv: string[]): void {
  sortGeneric(c, argv, false);
}

function sortroCommand(c: Client, argv: string[]): void {
  sortGeneric(c, argv, true);
}

/** sortGetKeys: the sorted key, plus the last STORE destination (LIMIT/GET/BY arguments skipped). */
function sortKeys(argv: string[]): number[] {
  const keys = [1];
  let store = -1;
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i]!;
    if (isOpt(a, 'limit')) i += 2;
    else if (isOpt(a, 'get') || isOpt(a, 'by')) i += 1;
    else if (isOpt(a, 'store') && i + 1 < argv.length) store = i + 1;
  }
  if (store > 0) keys.push(store);
  return keys;
}

export const sortCommands = [
  {
    name: 'sort',
    arity: -2,
    flags: ['write', 'denyoom', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'generic',
    summary: 'Sorts the elements of a list, set or sorted set, optionally storing the result.',
    since: '1.0.0',
    acl: ['write', 'set', 'sortedset', 'list', 'slow', 'dangerous'],
    handler: sortCommand,
    getKeys: sortKeys,
  },
  {
    name: 'sort_ro',
    arity: -2,
    flags: ['readonly', 'movablekeys'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'generic',
    summary: 'Sorts the elements of a list, set or sorted set without storing anything.',
    since: '7.0.0',
    acl: ['read', 'set', 'sortedset', 'list', 'slow', 'dangerous'],
    handler: sortroCommand,
    getKeys: () => [1],
  },
] satisfies CommandSpec[];
