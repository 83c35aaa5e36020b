// Turns values decoded from an RDB (or a DUMP payload) into keyspace values, letting
// each type pick the encoding Redis 7.0 would choose for the same contents.

import type { RValue } from '../keyspace/values/types.js';
import type { ServerState } from '../state.js';
import type { DecodedValue } from './rdb-format.js';

export function buildValue(d: DecodedValue, s: ServerState): RValue {
  void s;
  if (d.type === 'string') return d.value;
  throw new Error(`loading ${d.type} values is not wired yet`);
}
