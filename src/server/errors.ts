// Every client-visible error text of the server, byte for byte as Redis 7.0 writes them
// (server.c createSharedObjects, processCommand, and the per-command files).
// Texts carry their prefix ("ERR ", "WRONGTYPE " ...); the writer adds '-' and CRLF.

/** An error reply: deep code throws it, dispatch writes it as `-<message>\r\n`. */
export class ReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

/** A request the parser cannot accept: reply with the text, then close that connection. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

// --- protocol (networking.c) --------------------------------------------------------
export const PROTO_TOO_BIG_INLINE = 'ERR Protocol error: too big inline request';
export const PROTO_UNBALANCED_QUOTES = 'ERR Protocol error: unbalanced quotes in request';
export const PROTO_TOO_BIG_MBULK = 'ERR Protocol error: too big mbulk count string';
export const PROTO_INVALID_MBULK = 'ERR Protocol error: invalid multibulk length';
export const PROTO_UNAUTH_MBULK = 'ERR Protocol error: unauthenticated multibulk length';
export const PROTO_TOO_BIG_BULK = 'ERR Protocol error: too big bulk count string';
export const PROTO_INVALID_BULK = 'ERR Protocol error: invalid bulk length';
export const PROTO_UNAUTH_BULK = 'ERR Protocol error: unauthenticated bulk length';
export const protoExpectedDollar = (got: string): string =>
  `ERR Protocol error: expected '$', got '${got}'`;

// --- shared objects (server.c createSharedObjects) ------------------------------------
export const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';
export const SYNTAX = 'ERR syntax error';
export const NOT_INTEGER = 'ERR value is not an integer or out of range';
export const NOT_FLOAT = 'ERR value is not a valid float';
export const NO_SUCH_KEY = 'ERR no such key';
export const OUT_OF_RANGE = 'ERR index out of range';
export const DB_INDEX_OUT_OF_RANGE = 'ERR DB index is out of range';
export const INVALID_DB_INDEX = NOT_INTEGER;
export const NOAUTH = 'NOAUTH Authentication required.';
export const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
export const AUTH_NO_PASSWORD =
  'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?';
export const READONLY = "READONLY You can't write against a read only replica.";
export const MASTERDOWN =
  "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.";
export const LOADING = 'LOADING Redis is loading the dataset in memory';
export const NOREPLICAS = 'NOREPLICAS Not enough good replicas to write.';
export const OOM = "OOM command not allowed when used memory > 'maxmemory'.";
export const EXECABORT = 'EXECABORT Transaction discarded because of previous errors.';
export const BUSYKEY = 'BUSYKEY Target key name already exists.';
export const SAME_OBJECT = 'ERR source and destination objects are the same';
export const MISCONF =
  'MISCONF Redis is configured to save RDB snapshots, but it\'s currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.';
export const TIMEOUT_NOT_FLOAT = 'ERR timeout is not a float or out of range';
export const TIMEOUT_NEGATIVE = 'ERR timeout is negative';
export const TIMEOUT_OUT_OF_RANGE = 'ERR timeout is out of range';

// --- dispatch (server.c processCommand) --------------------------------------------
export const unknownCommand = (name: string, argsPreview: string): string =>
  `ERR unknown command '${name}', with args beginning with: ${argsPreview}`;
export const unknownSubcommand = (sub: string, cmd: string): string =>
  `ERR unknown subcommand '${sub}'. Try ${cmd} HELP.`;
export const wrongArity = (name: string): string =>
  `ERR wrong number of arguments for '${name}' command`;
export const NOT_ALLOWED_IN_MULTI = 'ERR Command not allowed inside a transaction';
export const pubsubContext = (name: string): string =>
  `ERR Can't execute '${name}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`;
export const DEBUG_NOT_ALLOWED =
  'ERR DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.';
export const internalError = (what: string): string => `ERR internal error: ${what}`;

// --- transactions (multi.c) ----------------------------------------------------------
export const MULTI_NESTED = 'ERR MULTI calls can not be nested';
export const EXEC_WITHOUT_MULTI = 'ERR EXEC without MULTI';
export const DISCARD_WITHOUT_MULTI = 'ERR DISCARD without MULTI';
export const WATCH_IN_MULTI = 'ERR WATCH inside MULTI is not allowed';

// --- strings (t_string.c) ------------------------------------------------------------
export const invalidExpireTime = (cmd: string): string =>
  `ERR invalid expire time in '${cmd}' command`;
export const STRING_TOO_LONG = 'ERR string exceeds maximum allowed size (proto-max-bulk-len)';
export const INCR_OVERFLOW = 'ERR increment or decrement would overflow';
export const INCR_NAN_OR_INF = 'ERR increment would produce NaN or Infinity';
export const OFFSET_OUT_OF_RANGE = 'ERR offset is out of range';
export const BIT_OFFSET_INVALID = 'ERR bit offset is not an integer or out of range';
export const BIT_NOT_INTEGER = 'ERR bit is not an integer or out of range';
export const BITOP_NOT_SINGLE = 'ERR BITOP NOT must be called with a single source key.';
export const BITPOS_BIT = 'ERR The bit argument must be 1 or 0.';

// --- keys and expiry (db.c, expire.c) --------------------------------------------------
export const EXPIRE_FLAGS_NX_XX_GT_LT =
  'ERR NX and XX, GT or LT options at the same time are not compatible';
export const EXPIRE_FLAGS_GT_LT = 'ERR GT and LT options at the same time are not compatible';
export const unsupportedOption = (opt: string): string => `ERR Unsupported option ${opt}`;

// --- connection (server.c, networking.c) -----------------------------------------------
export const CLIENT_NAME_SPACES = 'ERR Client names cannot contain spaces, newlines or special characters.';
export const NO_SUCH_CLIENT = 'ERR No such client';
export const HELLO_PROTO = 'NOPROTO unsupported protocol version';

// --- config (config.c) -------------------------------------------------------------------
export const unknownConfigParam = (name: string): string =>
  `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
export const configSetFailed = (name: string, reason: string): string =>
  `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;
export const CONFIG_REWRITE_NO_FILE = 'ERR The server is running without a config file';

// --- replication (replication.c) ----------------------------------------------------------
export const REPLICAOF_INVALID_PORT = 'ERR Invalid master port';
export const REPLICAOF_FROM_REPLICA = 'ERR Command is not valid when client is a replica.';
export const WAIT_ON_REPLICA = 'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.';

// --- networking (networking.c acceptCommonHandler, server.c) -----------------------------
export const MAX_CLIENTS = 'ERR max number of clients reached';
export const PROTECTED_MODE =
  "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";
