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
export const TIMEOUT_NOT_INTEGER = 'ERR timeout is not an integer or out of range';

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
/** execCommandAbort: a rejected EXEC names the rejection (its "ERR " dropped, other prefixes kept). */
export const execAbortBecause = (why: string): string => `EXECABORT Transaction discarded because of: ${why}`;

// --- pub/sub (pubsub.c) ---------------------------------------------------------------
export const SSUBSCRIBE_DENY_BLOCKING = "ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client";

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
export const DECR_OVERFLOW = 'ERR decrement would overflow';
export const LCS_NOT_STRINGS = 'ERR The specified keys must contain string values';
export const LCS_LEN_AND_IDX = 'ERR If you want both the length and indexes, please just use IDX.';
export const LCS_TOO_MUCH_MEMORY =
  'ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len';
export const BITFIELD_BAD_TYPE =
  'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';
export const BITFIELD_BAD_OVERFLOW = 'ERR Invalid OVERFLOW type specified';
export const BITFIELD_RO_GET_ONLY = 'ERR BITFIELD_RO only supports the GET subcommand';

// --- keys and expiry (db.c, expire.c) --------------------------------------------------
export const EXPIRE_FLAGS_NX_XX_GT_LT =
  'ERR NX and XX, GT or LT options at the same time are not compatible';
export const EXPIRE_FLAGS_GT_LT = 'ERR GT and LT options at the same time are not compatible';
export const unsupportedOption = (opt: string): string => `ERR Unsupported option ${opt}`;
export const INVALID_CURSOR = 'ERR invalid cursor';
export const VALUE_OUT_OF_INT_RANGE =
  'ERR value is out of range, value must between -2147483648 and 2147483647';
export const OBJECT_FREQ_NOT_LFU =
  'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';
export const OBJECT_IDLETIME_LFU =
  'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.';

// --- connection (server.c, networking.c) -----------------------------------------------
export const CLIENT_NAME_SPACES = 'ERR Client names cannot contain spaces, newlines or special characters.';
export const NO_SUCH_CLIENT = 'ERR No such client';
export const HELLO_PROTO = 'NOPROTO unsupported protocol version';
export const HELLO_PROTO_NOT_INTEGER = 'ERR Protocol version is not an integer or out of range';
export const helloSyntax = (opt: string): string => `ERR Syntax error in HELLO option '${opt}'`;
export const HELLO_NOAUTH =
  'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time';
export const RESET_NOT_NORMAL = 'ERR can only reset normal client connections';
/** addReplySubcommandSyntaxError: sub as typed (first 128 bytes), command upper-cased. */
export const subcommandSyntax = (sub: string, cmd: string): string =>
  `ERR unknown subcommand or wrong number of arguments for '${sub.slice(0, 128)}'. Try ${cmd.toUpperCase()} HELP.`;
export const unknownClientType = (type: string): string => `ERR Unknown client type '${type}'`;
export const INVALID_CLIENT_ID = 'ERR Invalid client ID';
export const CLIENT_ID_NOT_POSITIVE = 'ERR client-id should be greater than 0';
export const noSuchUser = (user: string): string => `ERR No such user '${user}'`;
export const CLIENT_PAUSE_MODE = 'ERR CLIENT PAUSE mode must be WRITE or ALL';
export const CLIENT_UNBLOCK_REASON = 'ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR';
export const CLIENT_CACHING_NOT_TRACKING =
  'ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled';
export const TRACKING_REDIRECT_TWICE = 'ERR A client can only redirect to a single other client';
export const TRACKING_REDIRECT_MISSING = 'ERR The client ID you want redirect to does not exist';
export const TRACKING_PREFIX_NEEDS_BCAST = 'ERR PREFIX option requires BCAST mode to be enabled';
export const TRACKING_BCAST_OPTIN_OPTOUT = 'ERR OPTIN and OPTOUT are not compatible with BCAST';
export const TRACKING_OPTIN_AND_OPTOUT = "ERR You can't specify both OPTIN mode and OPTOUT mode";
/** rctl-server does not implement client-side caching; no Redis text exists for this. */
export const TRACKING_UNSUPPORTED = 'ERR client-side caching (CLIENT TRACKING ON) is not supported by rctl-server';
/** CLIENT SETINFO (Redis 7.2): attr as typed. */
export const unrecognizedOption = (opt: string): string => `ERR Unrecognized option '${opt}'`;
export const clientAttrInvalid = (attr: string): string =>
  `ERR ${attr} cannot contain spaces, newlines or special characters.`;

// --- config (config.c) -------------------------------------------------------------------
export const unknownConfigParam = (name: string): string =>
  `ERR Unknown option or number of arguments for CONFIG SET - '${name}'`;
export const configSetFailed = (name: string, reason: string): string =>
  `ERR CONFIG SET failed (possibly related to argument '${name}') - ${reason}`;
export const CONFIG_REWRITE_NO_FILE = 'ERR The server is running without a config file';
export const CONFIG_SET_IMMUTABLE = "can't set immutable config";
export const CONFIG_SET_PROTECTED = "can't set protected config";
export const CONFIG_SET_DUPLICATE = 'duplicate parameter';
/** Reasons of a listener change CONFIG SET could not apply (config.c updatePort, applyBind, applyTLSPort). */
export const CONFIG_SET_LISTEN_PORT = 'Unable to listen on this port. Check server logs.';
export const CONFIG_SET_BIND = 'Failed to bind to specified addresses.';
export const CONFIG_SET_TLS = 'Unable to update TLS configuration. Check server logs.';
export const configRewriteFailed = (why: string): string => `ERR Rewriting config file: ${why}`;

// --- replication (replication.c) ----------------------------------------------------------
export const REPLICAOF_INVALID_PORT = 'ERR Invalid master port';
export const REPLICAOF_FROM_REPLICA = 'ERR Command is not valid when client is a replica.';
export const WAIT_ON_REPLICA = 'ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.';

// --- networking (networking.c acceptCommonHandler, server.c) -----------------------------
export const MAX_CLIENTS = 'ERR max number of clients reached';
export const PROTECTED_MODE =
  "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";

// --- persistence (rdb.c, cluster.c DUMP/RESTORE) --------------------------------------------
export const BGSAVE_IN_PROGRESS = 'ERR Background save already in progress';
export const GENERIC_ERR = 'ERR';
export const DUMP_PAYLOAD_BAD = 'ERR DUMP payload version or checksum are wrong';
export const BAD_DATA_FORMAT = 'ERR Bad data format';
export const INVALID_TTL = 'ERR Invalid TTL value, must be >= 0';
export const INVALID_IDLETIME = 'ERR Invalid IDLETIME value, must be >= 0';
export const INVALID_FREQ = 'ERR Invalid FREQ value, must be >= 0 and <= 255';
export const BGSAVE_SCHEDULE_AOF = 'ERR An AOF log rewriting in progress: can\'t BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.';
export const SHUTDOWN_FAILED = 'ERR Errors trying to SHUTDOWN. Check logs.';
export const DEBUG_RELOAD_FAILED = 'ERR Error trying to load the RDB dump';

// --- lists (t_list.c) and shared *MPOP argument errors ---------------------------------------
export const VALUE_MUST_BE_POSITIVE = 'ERR value is out of range, must be positive';
export const NUMKEYS_NOT_POSITIVE = 'ERR numkeys should be greater than 0';
export const COUNT_NOT_POSITIVE = 'ERR count should be greater than 0';
export const LPOS_RANK_ZERO =
  "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";
export const LPOS_COUNT_NEGATIVE = "ERR COUNT can't be negative";
export const LPOS_MAXLEN_NEGATIVE = "ERR MAXLEN can't be negative";
export const UNBLOCKED_CLIENT_UNBLOCK = 'UNBLOCKED client unblocked via CLIENT UNBLOCK';
export const UNBLOCKED_ROLE_CHANGE =
  'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)';

// --- replication (replication.c) -----------------------------------------------------------
export const NOMASTERLINK_NOT_CONNECTED = "NOMASTERLINK Can't SYNC while not connected with my master";
export const NOMASTERLINK_FAILING_OVER = "NOMASTERLINK Can't SYNC while failing over";
export const SYNC_PENDING_OUTPUT = 'ERR SYNC and PSYNC are invalid with pending output';
export const unrecognizedReplconf = (opt: string): string => `ERR Unrecognized REPLCONF option: ${opt}`;
export const REPLCONF_RDB_ONLY_RANGE = 'ERR value is out of range, value must between 0 and 1';
export const REPLICAOF_FAILING_OVER = 'ERR REPLICAOF not allowed while failing over.';
export const PSYNC_FAILOVER_MASTER = "ERR PSYNC FAILOVER can't be sent to a master.";
export const PSYNC_FAILOVER_REPLID = 'ERR PSYNC FAILOVER replid must match my replid.';
export const FAILOVER_NO_REPLICAS = 'ERR FAILOVER requires connected replicas.';
export const FAILOVER_ON_REPLICA = 'ERR FAILOVER is not valid when server is a replica.';
export const FAILOVER_IN_PROGRESS = 'ERR FAILOVER already in progress.';
export const FAILOVER_FORCE_ARGS = 'ERR FAILOVER with force option requires both a timeout and target HOST and IP.';
export const FAILOVER_NOT_A_REPLICA = 'ERR FAILOVER target HOST and PORT is not a replica.';
export const FAILOVER_TARGET_NOT_ONLINE = 'ERR FAILOVER target replica is not online.';
export const FAILOVER_TIMEOUT_POSITIVE = 'ERR FAILOVER timeout must be greater than 0';
export const FAILOVER_NONE = 'ERR No failover in progress.';

// --- server (server.c, db.c, debug.c, slowlog.c, latency.c) ---------------------------------
export const SWAPDB_INVALID_FIRST = 'ERR invalid first DB index';
export const SWAPDB_INVALID_SECOND = 'ERR invalid second DB index';
export const SHUTDOWN_NOT_IN_PROGRESS = 'ERR No shutdown in progress.';
export const MONITOR_DENY_BLOCKING = "ERR MONITOR isn't allowed for DENY BLOCKING client";
export const REPLICA_KEYSPACE = "ERR Replica can't interact with the keyspace";
export const SLOWLOG_COUNT = 'ERR count should be greater than or equal to -1';
export const latencyNoSamples = (event: string): string => `ERR No samples available for event '${event}'`;
export const GETKEYS_INVALID_COMMAND = 'ERR Invalid command specified';
export const GETKEYS_NO_KEYS = 'ERR The command has no key arguments';
export const GETKEYS_BAD_ARITY = 'ERR Invalid number of arguments specified for command';
export const GETKEYS_BAD_ARGS = 'ERR Invalid arguments specified for command';
export const DEBUG_PROTOCOL_TYPE =
  'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false';
export const RESP2_NOT_SUPPORTED = 'ERR RESP2 is not supported by this command';
export const DEBUG_RELOAD_OPTIONS = 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.';
export const debugNotSupported = (sub: string): string => `ERR DEBUG ${sub} is not supported by rctl-server`;

// --- sorted sets (t_zset.c) and SORT (sort.c) --------------------------------------------------
export const ZSET_NAN_SCORE = 'ERR resulting score is not a number (NaN)';
export const ZADD_XX_NX = 'ERR XX and NX options at the same time are not compatible';
export const ZADD_GT_LT_NX = 'ERR GT, LT, and/or NX options at the same time are not compatible';
export const ZADD_INCR_SINGLE_PAIR = 'ERR INCR option supports a single increment-element pair';
export const ZSET_MIN_MAX_NOT_FLOAT = 'ERR min or max is not a float';
export const ZSET_MIN_MAX_NOT_LEX = 'ERR min or max not valid string range item';
export const ZRANGE_LIMIT_NEEDS_BY =
  'ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX';
export const ZRANGE_WITHSCORES_BYLEX = 'ERR syntax error, WITHSCORES not supported in combination with BYLEX';
export const zsetNeedsInputKey = (cmd: string): string => `ERR at least 1 input key is needed for '${cmd}' command`;
export const ZSET_WEIGHT_NOT_FLOAT = 'ERR weight value is not a float';
export const ZINTERCARD_LIMIT_NEGATIVE = "ERR LIMIT can't be negative";
export const ZRANDMEMBER_COUNT_RANGE =
  'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
export const VALUE_OUT_OF_RANGE = 'ERR value is out of range';
export const SORT_NOT_DOUBLE = "ERR One or more scores can't be converted into double";

// --- hashes and sets (t_hash.c, t_set.c) ---------------------------------------------------------
export const HASH_VALUE_NOT_INTEGER = 'ERR hash value is not an integer';
export const HASH_VALUE_NOT_FLOAT = 'ERR hash value is not a float';
export const VALUE_NAN_OR_INF = 'ERR value is NaN or Infinity';
export const NUMKEYS_OVER_ARGS = "ERR Number of keys can't be greater than number of args";
/** HRANDFIELD / SRANDMEMBER counts and SINTERCARD LIMIT share these texts with the zset family. */
export const COUNT_OUT_OF_LONG_RANGE = ZRANDMEMBER_COUNT_RANGE;
export const SINTERCARD_LIMIT_NEGATIVE = ZINTERCARD_LIMIT_NEGATIVE;
