// The hash type with Redis 7.0's two encodings (t_hash.c): "listpack" until it holds more
// than hash-max-listpack-entries fields or a field or value longer than
// hash-max-listpack-value bytes, then "hashtable" for good. Both are one insertion-ordered
// Map; a listpack's order is what Redis shows (an update keeps the field's place).

import type { HashValue } from './types.js';

export class HashObject implements HashValue {
  readonly type = 'hash' as const;
  private readonly map = new Map<string, string>();
  private listpack = true;
  /**
   * Field names for O(1) random picks (HRANDFIELD), built on first use, appended to by
   * inserts and dropped by deletes (hashes have no random-delete command to keep cheap).
   */
  private sample: string[] | null = null;

  /**
   * A hash of the given pairs with the encoding Redis reaches by setting them one by one
   * on a new listpack hash (RDB load, tests).
   */
  static from(entries: Iterable<readonly [string, string]>, maxEntries: number, maxValue: number): HashObject {
    const h = new HashObject();
    for (const [f, v] of entries) h.set(f, v, maxEntries, maxValue);
    return h;
  }

  encoding(): string {
    return this.listpack ? 'listpack' : 'hashtable';
  }

  get size(): number {
    return this.map.size;
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  fields(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.values();
  }

  clone(): HashObject {
    const h = new HashObject();
    for (const [f, v] of this.map) h.map.set(f, v);
    h.listpack = this.listpack;
    return h;
  }

  get(field: string): string | undefined {
    return this.map.get(field);
  }

  has(field: string): boolean {
    return this.map.has(field);
  }

  /**
   * hashTypeSet: true when the field is new. A field or value over maxValue bytes, or a
   * field count over maxEntries, turns a listpack into a hashtable.
   */
  set(field: string, value: string, maxEntries: number, maxValue: number): boolean {
    if (this.listpack && (field.length > maxValue || value.length > maxValue)) this.listpack = false;
    const map = this.map;
    const before = map.size;
    map.set(field, value);
    if (map.size === before) return false;
    if (this.sample !== null) this.sample.push(field);
    if (this.listpack && map.size > maxEntries) this.listpack = false;
    return true;
  }

  /** hashTypeDelete: true when the field existed. The encoding never changes back. */
  delete(field: string): boolean {
    if (!this.map.delete(field)) return false;
    this.sample = null;
    return true;
  }

  /** Field names indexable by position, in iteration order when freshly built. */
  fieldArray(): readonly string[] {
    if (this.sample === null) this.sample = Array.from(this.map.keys());
    return this.sample;
  }

  /** A uniformly random field; the hash must not be empty. */
  randomField(): string {
    const arr = this.fieldArray();
    return arr[Math.floor(Math.random() * arr.length)]!;
  }

  /** True while listpack-encoded: small encodings answer HSCAN in one call. */
  isListpack(): boolean {
    return this.listpack;
  }
}
