// Turns values decoded from an RDB (or a DUMP payload) into keyspace values with the
// encoding Redis 7.0's rdbLoadObject gives them for the same contents and config, and
// refuses what rdbLoadObject refuses (duplicate members or fields).

import { HashObject } from '../keyspace/values/hash.js';
import { ListObject } from '../keyspace/values/list.js';
import { SetObject } from '../keyspace/values/set.js';
import type { RValue } from '../keyspace/values/types.js';
import { ZSet } from '../keyspace/values/zset.js';
import type { ServerState } from '../state.js';
import type { DecodedValue } from './rdb-format.js';

/** A decoded value rdbLoadObject rejects (the message is Redis's words). */
export class BadValueError extends Error {}

/** An aggregate without elements: Redis skips such keys on load ("empty keys skipped"). */
export function isEmptyValue(d: DecodedValue): boolean {
  if (typeof d === 'string') return false;
  switch (d.type) {
    case 'list':
      return d.items.length === 0;
    case 'set':
      return d.members.length === 0;
    case 'hash':
    case 'zset':
      return d.entries.length === 0;
  }
}

export function buildValue(d: DecodedValue, s: ServerState): RValue {
  if (typeof d === 'string') return d;
  const cfg = s.config;
  switch (d.type) {
    case 'list':
      return ListObject.from(d.items);
    case 'hash': {
      // A ziplist/listpack hash stays compact unless it has too many entries: rdbLoadObject
      // does not rescan element sizes for those (an O(N) check it leaves to later writes).
      const maxValue = d.packed ? Infinity : cfg.num('hash-max-listpack-value');
      const h = HashObject.from(d.entries, cfg.num('hash-max-listpack-entries'), maxValue);
      if (h.size !== d.entries.length) throw new BadValueError('Duplicate hash fields detected');
      return h;
    }
    case 'set': {
      const set = SetObject.from(d.members, cfg.num('set-max-intset-entries'));
      if (set.size !== d.members.length) throw new BadValueError('Duplicate set members detected');
      return set;
    }
    case 'zset': {
      const maxValue = d.packed ? Infinity : cfg.num('zset-max-listpack-value');
      const z = ZSet.fromEntries(d.entries, cfg.num('zset-max-listpack-entries'), maxValue);
      if (z.size !== d.entries.length) throw new BadValueError('Duplicate zset fields detected');
      return z;
    }
  }
}
