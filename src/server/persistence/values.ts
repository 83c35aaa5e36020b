// Turns values decoded from an RDB (or a DUMP payload) into keyspace values, letting
// each type pick the encoding Redis 7.0 would choose for the same contents and config.

import { HashObject } from '../keyspace/values/hash.js';
import { ListObject } from '../keyspace/values/list.js';
import { SetObject } from '../keyspace/values/set.js';
import type { RValue } from '../keyspace/values/types.js';
import { ZSet } from '../keyspace/values/zset.js';
import type { ServerState } from '../state.js';
import type { DecodedValue } from './rdb-format.js';

export function buildValue(d: DecodedValue, s: ServerState): RValue {
  const cfg = s.config;
  switch (d.type) {
    case 'string':
      return d.value;
    case 'list':
      return ListObject.from(d.items);
    case 'hash':
      return HashObject.from(d.entries, cfg.num('hash-max-listpack-entries'), cfg.num('hash-max-listpack-value'));
    case 'set':
      return SetObject.from(d.members, cfg.num('set-max-intset-entries'));
    case 'zset':
      return ZSet.fromEntries(d.entries, cfg.num('zset-max-listpack-entries'), cfg.num('zset-max-listpack-value'));
  }
}
