// The value union stored in the keyspace. A Redis string is a byte string (one JS char
// per byte, values 0-255): binary-safe and compact in V8. Aggregates are classes that
// carry their Redis type name and encoding, and expose their contents in a common shape
// so generic code (COPY, DEBUG DIGEST, RDB, SORT, TYPE, OBJECT) needs no per-type switch.

export interface ListValue {
  readonly type: 'list';
  encoding(): string;
  readonly length: number;
  /** Elements head to tail. */
  values(): Iterable<string>;
  clone(): ListValue;
}

export interface HashValue {
  readonly type: 'hash';
  encoding(): string;
  readonly size: number;
  /** Field/value pairs in the order Redis would iterate them for this encoding. */
  entries(): Iterable<[string, string]>;
  clone(): HashValue;
}

export interface SetValue {
  readonly type: 'set';
  encoding(): string;
  readonly size: number;
  members(): Iterable<string>;
  clone(): SetValue;
}

export interface ZSetValue {
  readonly type: 'zset';
  encoding(): string;
  readonly size: number;
  /** Member/score pairs in ascending (score, member) order. */
  entries(): Iterable<[string, number]>;
  clone(): ZSetValue;
}

export type AggregateValue = ListValue | HashValue | SetValue | ZSetValue;

export type RValue = string | AggregateValue;

/** TYPE's answer for a stored value. */
export const typeName = (v: RValue): string => (typeof v === 'string' ? 'string' : v.type);
