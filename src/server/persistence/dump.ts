// DUMP payloads (cluster.c createDumpPayload / verifyDumpPayload): one value in RDB
// object format, then the 2-byte RDB version and a CRC-64 of everything before it, so
// payloads move between real Redis 7.0 and rctl-server in both directions.

import type { RValue } from '../keyspace/values/types.js';
import { RDB_WRITE_VERSION } from '../version.js';
import { crc64, Crc64 } from './crc64.js';
import type { DecodedValue } from './rdb-format.js';
import { RDB_MAX_READ_VERSION } from './rdb-format.js';
import { RdbReader } from './rdb-reader.js';
import { objectType, RdbWriter } from './rdb-writer.js';

/**
 * The DUMP payload of a value, as a byte string: the same bytes Redis 7.0 produces for
 * compact encodings (hashtable orders differ, as they do between two Redis processes).
 */
export function createDumpPayload(value: RValue, compress: boolean, listFill = -2): string {
  const w = new RdbWriter({ compress, checksum: true, listFill });
  w.u8(objectType(value));
  w.object(value);
  const body = w.take();
  const ver = Buffer.from([RDB_WRITE_VERSION & 0xff, (RDB_WRITE_VERSION >> 8) & 0xff]);
  const crc = new Crc64().update(body).update(ver).bytes();
  return Buffer.concat([body, ver, crc]).toString('latin1');
}

/** Checks footer version and checksum; false when the payload must be refused. */
export function verifyDumpPayload(payload: Buffer): boolean {
  if (payload.length < 10) return false;
  const ver = payload.readUInt16LE(payload.length - 10);
  if (ver > RDB_MAX_READ_VERSION) return false;
  const stored = payload.readBigUInt64LE(payload.length - 8);
  return crc64(payload.subarray(0, payload.length - 8)) === stored;
}

/** Decodes a verified payload's value; null when it is not a well-formed object. */
export function decodeDumpPayload(payload: Buffer): DecodedValue | null {
  const body = payload.subarray(0, payload.length - 10);
  const reader = new RdbReader(body, false);
  try {
    const type = body[0]!;
    reader.pos = 1;
    // Bytes after the object are ignored, as rdbLoadObject reading from the payload does.
    return reader.readObject(type, '', 0);
  } catch {
    return null;
  }
}
