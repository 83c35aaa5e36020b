// DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis 7.0's dataset signature (debug.c
// computeDatasetDigest, xorObjectDigest, mixDigest), so the same data gives the same
// 40 hex digits here and on a real Redis. Unordered things (keys, set members, hash
// fields, zset members) are combined with XOR; ordered ones (list items) are chained.

import { createHash } from 'node:crypto';
import { formatDouble17g } from '../protocol/writer.js';
import type { Db } from './keyspace.js';
import type { RValue } from './values/types.js';

const DIGEST_LEN = 20;

/** SHA1 of a byte string (one char per byte). */
function sha1(data: string | Uint8Array): Buffer {
  return createHash('sha1').update(typeof data === 'string' ? Buffer.from(data, 'latin1') : data).digest();
}

/** xorDigest: digest ^= SHA1(data). Order-independent accumulation. */
function xorDigest(digest: Uint8Array, data: string | Uint8Array): void {
  const h = sha1(data);
  for (let i = 0; i < DIGEST_LEN; i++) digest[i]! ^= h[i]!;
}

/** mixDigest: digest = SHA1(digest ^ SHA1(data)). Order-dependent accumulation. */
function mixDigest(digest: Uint8Array, data: string | Uint8Array): void {
  xorDigest(digest, data);
  digest.set(sha1(digest));
}

/** Redis object type codes (server.h OBJ_*), mixed in big-endian as htonl(o->type). */
const OBJ_TYPE: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4 };

function uint32BE(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n);
  return b;
}

/**
 * xorObjectDigest: mixes a value into digest by its type's rule; a key with an expiry
 * also XORs the literal "!!expire!!" (the time itself is not part of the digest).
 * Zset scores enter as %.17g text, as 7.0 formats them.
 */
export function xorObjectDigest(digest: Uint8Array, value: RValue, hasExpire: boolean): void {
  const type = typeof value === 'string' ? 'string' : value.type;
  mixDigest(digest, uint32BE(OBJ_TYPE[type]!));
  if (typeof value === 'string') {
    mixDigest(digest, value);
  } else if (value.type === 'list') {
    for (const item of value.values()) mixDigest(digest, item);
  } else if (value.type === 'set') {
    for (const member of value.members()) xorDigest(digest, member);
  } else if (value.type === 'zset') {
    const ele = new Uint8Array(DIGEST_LEN);
    for (const [member, score] of value.entries()) {
      ele.fill(0);
      mixDigest(ele, member);
      mixDigest(ele, formatDouble17g(score));
      xorDigest(digest, ele);
    }
  } else {
    const ele = new Uint8Array(DIGEST_LEN);
    for (const [field, v] of value.entries()) {
      ele.fill(0);
      mixDigest(ele, field);
      mixDigest(ele, v);
      xorDigest(digest, ele);
    }
  }
  if (hasExpire) xorDigest(digest, '!!expire!!');
}

const toHex = (d: Uint8Array): string => Buffer.from(d).toString('hex');

/**
 * computeDatasetDigest: for every non-empty db, chain its index, then XOR in one digest
 * per key (SHA1 of the key name chained with its value). Logically expired keys still in the dict
 * count, as in Redis. All zeros for an empty dataset.
 */
export function datasetDigest(dbs: readonly Db[]): string {
  const final = new Uint8Array(DIGEST_LEN);
  const keyDigest = new Uint8Array(DIGEST_LEN);
  for (const db of dbs) {
    if (db.dict.size === 0) continue;
    mixDigest(final, uint32BE(db.id));
    for (const [key, value] of db.dict) {
      keyDigest.fill(0);
      mixDigest(keyDigest, key);
      xorObjectDigest(keyDigest, value, db.expires.has(key));
      xorDigest(final, keyDigest);
    }
  }
  return toHex(final);
}

/** DEBUG DIGEST-VALUE for one key: the value's digest without the key name; zeros when missing. */
export function valueDigest(db: Db, key: string): string {
  const digest = new Uint8Array(DIGEST_LEN);
  const value = db.peek(key);
  if (value !== undefined) xorObjectDigest(digest, value, db.expires.has(key));
  return toHex(digest);
}
