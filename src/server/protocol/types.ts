// RESP type bytes (RESP2 and RESP3) and the decoded reply value used by clients of the
// protocol: the replica link and src/shared/resp-client.ts. Spec: redis.io/docs/reference/protocol-spec

export const RESP_STATUS = 0x2b; // '+'
export const RESP_ERROR = 0x2d; // '-'
export const RESP_INTEGER = 0x3a; // ':'
export const RESP_BULK = 0x24; // '$'
export const RESP_ARRAY = 0x2a; // '*'
export const RESP_NULL = 0x5f; // '_'
export const RESP_DOUBLE = 0x2c; // ','
export const RESP_BOOLEAN = 0x23; // '#'
export const RESP_BLOB_ERROR = 0x21; // '!'
export const RESP_VERBATIM = 0x3d; // '='
export const RESP_BIG_NUMBER = 0x28; // '('
export const RESP_MAP = 0x25; // '%'
export const RESP_SET = 0x7e; // '~'
export const RESP_ATTRIBUTE = 0x7c; // '|'
export const RESP_PUSH = 0x3e; // '>'

/** A status reply (`+OK`): kept apart from bulk strings so callers can tell them apart. */
export class RespStatus {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

/** An error reply (`-ERR ...` or `!`), returned as a value, never thrown by the parser. */
export class RespErrorReply {
  constructor(readonly message: string) {}
  toString(): string {
    return this.message;
  }
}

/** A RESP3 push frame (`>`): pub/sub messages and invalidations. */
export class RespPush {
  constructor(readonly items: RespValue[]) {}
}

/**
 * A decoded reply. Bulk strings are byte strings (latin1: one char per byte), so binary
 * values survive; maps decode to Map, sets to Set-like arrays tagged by RespSet.
 */
export type RespValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | RespStatus
  | RespErrorReply
  | RespPush
  | RespValue[]
  | Map<RespValue, RespValue>;
