// What a command is: name, arity, flags, key positions and handler, as in Redis's
// struct redisCommand (server.h) and src/commands/<name>.json. Flags are data: dispatch
// derives every gate (auth, read-only replica, stale data, loading, MULTI) from them.

import type { Client } from '../client.js';

/**
 * Redis command flags (server.h CMD_*), lower-case as in COMMAND INFO, plus two of ours:
 * `txn-control` runs immediately inside MULTI instead of being queued (Redis hard-codes
 * EXEC, DISCARD, MULTI, WATCH, QUIT, RESET), and `subscribe-context` is allowed while a
 * RESP2 client is subscribed (Redis hard-codes (P|S)SUBSCRIBE, PING, QUIT, RESET).
 */
export type CommandFlag =
  | 'write'
  | 'readonly'
  | 'denyoom'
  | 'admin'
  | 'pubsub'
  | 'noscript'
  | 'blocking'
  | 'loading'
  | 'stale'
  | 'skip_monitor'
  | 'skip_slowlog'
  | 'fast'
  | 'no_auth'
  | 'may_replicate'
  | 'no_mandatory_keys'
  | 'no_async_loading'
  | 'no_multi'
  | 'movablekeys'
  | 'allow_busy'
  | 'protected'
  | 'txn-control'
  | 'subscribe-context';

/** Command handler: reads argv (byte strings, argv[0] is the name) and writes replies on c. */
export type CommandHandler = (c: Client, argv: string[]) => void;

export interface CommandSpec {
  /** Lower-case name; subcommands are named `container|sub` as Redis reports them. */
  name: string;
  /** Redis rule: counts the name; positive is exact, negative is a minimum. */
  arity: number;
  flags: readonly CommandFlag[];
  /** First key argument index, 0 when the command takes no keys. */
  firstKey: number;
  /** Last key index; -1 means the last argument, -2 the one before it. */
  lastKey: number;
  step: number;
  /** Redis group for COMMAND DOCS: string, generic, list, hash, set, sorted-set, connection, server, transactions, pubsub, bitmap. */
  group: string;
  /** One line for COMMAND DOCS, in our own words. */
  summary: string;
  /** Redis version that introduced the command. */
  since: string;
  /** Redis ACL categories (without '@'), as COMMAND INFO reports them. */
  acl?: readonly string[];
  handler: CommandHandler;
  /** For container commands (CONFIG, CLIENT ...): the subcommands, each a full spec. */
  subcommands?: readonly CommandSpec[];
  /** For keys at variable positions (numkeys): returns the key argument indexes. */
  getKeys?: (argv: string[]) => number[];
  /**
   * Replaces the error reply when dispatch rejects this command (arity, auth, context
   * gates): EXEC answers EXECABORT and drops the transaction (multi.c execCommandAbort).
   */
  onReject?: (c: Client, msg: string) => void;
}
