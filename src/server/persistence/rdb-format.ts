// RDB file format constants, named as in Redis's src/rdb.h: opcodes, object types,
// length and string encodings. A file is "REDIS" + 4-digit version, then opcodes and
// key/value records, RDB_OPCODE_EOF, and an 8-byte CRC-64 (all zero: checksum disabled).

/** Newest RDB version we can read (Redis 7.4). */
export const RDB_MAX_READ_VERSION = 12;

export const RDB_TYPE_STRING = 0;
export const RDB_TYPE_LIST = 1;
export const RDB_TYPE_SET = 2;
export const RDB_TYPE_ZSET = 3;
export const RDB_TYPE_HASH = 4;
export const RDB_TYPE_ZSET_2 = 5;
export const RDB_TYPE_MODULE_PRE_GA = 6;
export const RDB_TYPE_MODULE_2 = 7;
export const RDB_TYPE_HASH_ZIPMAP = 9;
export const RDB_TYPE_LIST_ZIPLIST = 10;
export const RDB_TYPE_SET_INTSET = 11;
export const RDB_TYPE_ZSET_ZIPLIST = 12;
export const RDB_TYPE_HASH_ZIPLIST = 13;
export const RDB_TYPE_LIST_QUICKLIST = 14;
export const RDB_TYPE_STREAM_LISTPACKS = 15;
export const RDB_TYPE_HASH_LISTPACK = 16;
export const RDB_TYPE_ZSET_LISTPACK = 17;
export const RDB_TYPE_LIST_QUICKLIST_2 = 18;
export const RDB_TYPE_STREAM_LISTPACKS_2 = 19;
export const RDB_TYPE_SET_LISTPACK = 20;
export const RDB_TYPE_STREAM_LISTPACKS_3 = 21;
export const RDB_TYPE_HASH_METADATA_PRE_GA = 22;
export const RDB_TYPE_HASH_LISTPACK_EX_PRE_GA = 23;
export const RDB_TYPE_HASH_METADATA = 24;
export const RDB_TYPE_HASH_LISTPACK_EX = 25;

export const RDB_OPCODE_SLOT_INFO = 244;
export const RDB_OPCODE_FUNCTION2 = 245;
export const RDB_OPCODE_FUNCTION_PRE_GA = 246;
export const RDB_OPCODE_MODULE_AUX = 247;
export const RDB_OPCODE_IDLE = 248;
export const RDB_OPCODE_FREQ = 249;
export const RDB_OPCODE_AUX = 250;
export const RDB_OPCODE_RESIZEDB = 251;
export const RDB_OPCODE_EXPIRETIME_MS = 252;
export const RDB_OPCODE_EXPIRETIME = 253;
export const RDB_OPCODE_SELECTDB = 254;
export const RDB_OPCODE_EOF = 255;

// Length encoding: the two high bits of the first byte.
export const RDB_6BITLEN = 0;
export const RDB_14BITLEN = 1;
export const RDB_32BITLEN = 0x80;
export const RDB_64BITLEN = 0x81;
export const RDB_ENCVAL = 3;

// Special string encodings (RDB_ENCVAL low bits).
export const RDB_ENC_INT8 = 0;
export const RDB_ENC_INT16 = 1;
export const RDB_ENC_INT32 = 2;
export const RDB_ENC_LZF = 3;

// Quicklist 2 node containers.
export const QUICKLIST_NODE_CONTAINER_PLAIN = 1;
export const QUICKLIST_NODE_CONTAINER_PACKED = 2;

// Module aux value opcodes (rdbLoadCheckModuleValue).
export const RDB_MODULE_OPCODE_EOF = 0;
export const RDB_MODULE_OPCODE_SINT = 1;
export const RDB_MODULE_OPCODE_UINT = 2;
export const RDB_MODULE_OPCODE_FLOAT = 3;
export const RDB_MODULE_OPCODE_DOUBLE = 4;
export const RDB_MODULE_OPCODE_STRING = 5;

/**
 * A value as decoded from a file, before it becomes a keyspace value: a string is the
 * byte string itself. `packed` marks a hash or sorted set stored in a compact encoding
 * (ziplist/listpack), which Redis keeps compact on load unless it has too many entries
 * (element sizes are not rechecked).
 */
export type DecodedValue =
  | string
  | { type: 'list'; items: string[] }
  | { type: 'set'; members: string[] }
  | { type: 'hash'; entries: Array<[string, string]>; packed: boolean }
  | { type: 'zset'; entries: Array<[string, number]>; packed: boolean };

/** Auxiliary fields Redis writes (rdbSaveInfoAuxFields) that we act on. */
export interface RdbAux {
  'redis-ver'?: string;
  'repl-stream-db'?: string;
  'repl-id'?: string;
  'repl-offset'?: string;
  [k: string]: string | undefined;
}
