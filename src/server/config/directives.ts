// The one table of configuration directives: Redis 7.0.15's config.c static_configs[]
// (name, alias, kind, compiled default, bounds, mutability, flags). The conf parser,
// `--name value` overrides, CONFIG GET/SET/REWRITE and INFO all read this table.

export type DirectiveKind = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'args';

export type ConfigValue = string | number | boolean | string[];

/** Directives with their own set/get/rewrite rules (config.c createSpecialConfig). */
export type SpecialDirective =
  | 'save'
  | 'bind'
  | 'replicaof'
  | 'client-output-buffer-limit'
  | 'oom-score-adj-values'
  | 'notify-keyspace-events'
  | 'dir'
  | 'latency-tracking-info-percentiles';

export interface Directive {
  /** redis.conf spelling. */
  name: string;
  /** Old name accepted in files and CONFIG (slaveof for replicaof ...). */
  alias?: string;
  /** 'args' takes several words (config.c MULTI_ARG_CONFIG). */
  kind: DirectiveKind;
  /** Compiled default, spelled as CONFIG GET prints it on a fresh server. */
  default: string;
  /** Inclusive bounds of int and memory kinds (C long long / unsigned long long). */
  min?: bigint;
  max?: bigint;
  /** Allowed words for enum kinds, in Redis's order (its error text lists them so). */
  values?: readonly string[];
  /** CONFIG SET may change it at run time (false: IMMUTABLE_CONFIG). */
  mutable: boolean;
  /** False: accepted and kept for CONFIG GET, logged once as not supported by rctl. */
  supported: boolean;
  /** Numeric bounds compared as unsigned and printed with %llu (C unsigned types). */
  unsigned?: boolean;
  /** memory kind also takes "N%", kept negative as config.c PERCENT_CONFIG does. */
  percent?: boolean;
  /** int kind read and printed in octal (unixsocketperm). */
  octal?: boolean;
  /** enum kind where several words combine as bit flags (shutdown-on-sigterm). */
  bitflags?: boolean;
  /** PROTECTED_CONFIG: CONFIG SET only when enable-protected-configs allows it. */
  protected?: boolean;
  /** HIDDEN_CONFIG: CONFIG GET returns it only for its exact name. */
  hidden?: boolean;
  /** DENY_LOADING_CONFIG: CONFIG SET answers LOADING while a dataset loads. */
  denyLoading?: boolean;
  /** SENSITIVE_CONFIG: the value is a secret (kept out of logs). */
  sensitive?: boolean;
  /** string kind where "" means unset (EMPTY_STRING_IS_NULL): CONFIG REWRITE drops it. */
  emptyIsNull?: boolean;
  /** Accepted range the value is clamped to after validation (hz: 1..500). */
  clamp?: readonly [number, number];
  /** config.c is_valid_fn: Redis's reason when the parsed value is refused, else null. */
  validate?: (value: ConfigValue) => string | null;
  special?: SpecialDirective;
}

const d = (x: Directive): Directive => x;

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const UINT_MAX = 4294967295n;
const LONG_MAX = 9223372036854775807n;
const LLONG_MAX = LONG_MAX;
const ULLONG_MAX = 18446744073709551615n;
const SSIZE_MAX = LONG_MAX;

/** config.c pathIsBaseName: no '/' anywhere. */
const isBaseName = (v: string): boolean => !v.includes('/');

const PROC_TITLE_VARS = new Set(['title', 'listen-addr', 'server-mode', 'port', 'tls-port', 'unixsocket', 'config-file']);

/**
 * server.c validateProcTitleTemplate: expands the template as sdstemplate does ("{{" is a
 * literal brace, every {name} must be known) and refuses a result that is blank.
 */
function validProcTitleTemplate(t: string): boolean {
  let out = '';
  let p = 0;
  while (p < t.length) {
    const sv = t.indexOf('{', p);
    if (sv < 0) {
      out += t.slice(p);
      break;
    }
    out += t.slice(p, sv);
    if (sv + 1 >= t.length) return false;
    if (t[sv + 1] === '{') {
      out += '{';
      p = sv + 2;
      continue;
    }
    const ev = t.indexOf('}', sv + 1);
    if (ev < 0) return false;
    const name = t.slice(sv + 1, ev);
    if (!PROC_TITLE_VARS.has(name)) return false;
    // Only the title can expand to nothing at validation time (Redis passes "").
    if (name !== 'title' && name !== 'server-mode') out += 'x';
    p = ev + 1;
  }
  return out.replace(/^ +| +$/g, '').length > 0;
}

const NET_HOST_STR_LEN = 256;

function validHostname(v: ConfigValue): string | null {
  const s = v as string;
  if (s.length >= NET_HOST_STR_LEN) return `Hostnames must be less than ${NET_HOST_STR_LEN} characters`;
  if (!/^[A-Za-z0-9.-]*$/.test(s)) return 'Hostnames may only contain alphanumeric characters, hyphens or dots';
  return null;
}

const PROTECTED_ACTION = ['no', 'yes', 'local'] as const;

export const DIRECTIVES: readonly Directive[] = [
  // --- bool configs
  d({ name: 'rdbchecksum', kind: 'bool', default: 'yes', mutable: false, supported: true }),
  d({ name: 'daemonize', kind: 'bool', default: 'no', mutable: false, supported: true }),
  d({ name: 'io-threads-do-reads', kind: 'bool', default: 'no', mutable: false, supported: false }),
  d({ name: 'always-show-logo', kind: 'bool', default: 'no', mutable: false, supported: true }),
  d({ name: 'protected-mode', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'rdbcompression', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'rdb-del-sync-files', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'activerehashing', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'stop-writes-on-bgsave-error', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'set-proc-title', kind: 'bool', default: 'yes', mutable: false, supported: false }),
  d({ name: 'dynamic-hz', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'lazyfree-lazy-eviction', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'lazyfree-lazy-expire', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'lazyfree-lazy-server-del', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'lazyfree-lazy-user-del', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'lazyfree-lazy-user-flush', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'repl-disable-tcp-nodelay', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'repl-diskless-sync', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'aof-rewrite-incremental-fsync', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'no-appendfsync-on-rewrite', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'cluster-require-full-coverage', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'rdb-save-incremental-fsync', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'aof-load-truncated', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'aof-use-rdb-preamble', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'aof-timestamp-enabled', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'cluster-replica-no-failover', alias: 'cluster-slave-no-failover', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'replica-lazy-flush', alias: 'slave-lazy-flush', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'replica-serve-stale-data', alias: 'slave-serve-stale-data', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'replica-read-only', alias: 'slave-read-only', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'replica-ignore-maxmemory', alias: 'slave-ignore-maxmemory', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'jemalloc-bg-thread', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({
    name: 'activedefrag',
    kind: 'bool',
    default: 'no',
    mutable: true,
    supported: false,
    // Like a Redis built without jemalloc (the 7.0.15 reference build): there is nothing to defragment.
    validate: (v) =>
      v === true
        ? 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
        : null,
  }),
  d({ name: 'syslog-enabled', kind: 'bool', default: 'no', mutable: false, supported: false }),
  d({ name: 'cluster-enabled', kind: 'bool', default: 'no', mutable: false, supported: false }),
  d({ name: 'appendonly', kind: 'bool', default: 'no', mutable: true, supported: false, denyLoading: true }),
  d({ name: 'cluster-allow-reads-when-down', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'cluster-allow-pubsubshard-when-down', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'crash-log-enabled', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'crash-memcheck-enabled', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'use-exit-on-panic', kind: 'bool', default: 'no', mutable: true, supported: false, hidden: true }),
  d({ name: 'disable-thp', kind: 'bool', default: 'yes', mutable: false, supported: false }),
  d({ name: 'cluster-allow-replica-migration', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'replica-announced', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'latency-tracking', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'aof-disable-auto-gc', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'replica-ignore-disk-write-errors', kind: 'bool', default: 'no', mutable: true, supported: false }),

  // --- string configs
  d({ name: 'aclfile', kind: 'string', default: '', mutable: false, supported: false }),
  d({ name: 'unixsocket', kind: 'string', default: '', mutable: false, supported: true, emptyIsNull: true }),
  d({ name: 'pidfile', kind: 'string', default: '', mutable: false, supported: true, emptyIsNull: true }),
  d({ name: 'replica-announce-ip', alias: 'slave-announce-ip', kind: 'string', default: '', mutable: true, supported: true, emptyIsNull: true }),
  d({ name: 'masteruser', kind: 'string', default: '', mutable: true, supported: true, emptyIsNull: true, sensitive: true }),
  d({ name: 'cluster-announce-ip', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'cluster-config-file', kind: 'string', default: 'nodes.conf', mutable: false, supported: false }),
  d({ name: 'cluster-announce-hostname', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true, validate: validHostname }),
  d({ name: 'syslog-ident', kind: 'string', default: 'redis', mutable: false, supported: false }),
  d({
    name: 'dbfilename',
    kind: 'string',
    default: 'dump.rdb',
    mutable: true,
    protected: true,
    supported: true,
    validate: (v) => (isBaseName(v as string) ? null : "dbfilename can't be a path, just a filename"),
  }),
  d({
    name: 'appendfilename',
    kind: 'string',
    default: 'appendonly.aof',
    mutable: false,
    supported: false,
    validate: (v) =>
      v === '' ? "appendfilename can't be empty" : isBaseName(v as string) ? null : "appendfilename can't be a path, just a filename",
  }),
  d({
    name: 'appenddirname',
    kind: 'string',
    default: 'appendonlydir',
    mutable: false,
    supported: false,
    validate: (v) =>
      v === '' ? "appenddirname can't be empty" : isBaseName(v as string) ? null : "appenddirname can't be a path, just a dirname",
  }),
  d({ name: 'server_cpulist', kind: 'string', default: '', mutable: false, supported: false, emptyIsNull: true }),
  d({ name: 'bio_cpulist', kind: 'string', default: '', mutable: false, supported: false, emptyIsNull: true }),
  d({ name: 'aof_rewrite_cpulist', kind: 'string', default: '', mutable: false, supported: false, emptyIsNull: true }),
  d({ name: 'bgsave_cpulist', kind: 'string', default: '', mutable: false, supported: false, emptyIsNull: true }),
  d({ name: 'ignore-warnings', kind: 'string', default: '', mutable: true, supported: false }),
  d({
    name: 'proc-title-template',
    kind: 'string',
    default: '{title} {listen-addr} {server-mode}',
    mutable: true,
    supported: false,
    validate: (v) => (validProcTitleTemplate(v as string) ? null : 'template format is invalid or contains unknown variables'),
  }),
  d({ name: 'bind-source-addr', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'logfile', kind: 'string', default: '', mutable: false, supported: true }),
  d({ name: 'masterauth', kind: 'string', default: '', mutable: true, supported: true, emptyIsNull: true, sensitive: true }),
  d({ name: 'requirepass', kind: 'string', default: '', mutable: true, supported: true, emptyIsNull: true, sensitive: true }),

  // --- enum configs
  d({ name: 'supervised', kind: 'enum', default: 'no', values: ['upstart', 'systemd', 'auto', 'no'], mutable: false, supported: false }),
  d({
    name: 'syslog-facility',
    kind: 'enum',
    default: 'local0',
    values: ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'],
    mutable: false,
    supported: false,
  }),
  d({ name: 'repl-diskless-load', kind: 'enum', default: 'disabled', values: ['disabled', 'on-empty-db', 'swapdb'], mutable: true, supported: true, denyLoading: true }),
  d({ name: 'loglevel', kind: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'], mutable: true, supported: true }),
  d({
    name: 'maxmemory-policy',
    kind: 'enum',
    default: 'noeviction',
    values: ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'],
    mutable: true,
    supported: true,
  }),
  d({ name: 'appendfsync', kind: 'enum', default: 'everysec', values: ['everysec', 'always', 'no'], mutable: true, supported: false }),
  // "yes" is an old spelling of "relative": both map to one value, printed as "yes" (first match).
  d({ name: 'oom-score-adj', kind: 'enum', default: 'no', values: ['no', 'yes', 'relative', 'absolute'], mutable: true, supported: false }),
  d({ name: 'acl-pubsub-default', kind: 'enum', default: 'resetchannels', values: ['allchannels', 'resetchannels'], mutable: true, supported: false }),
  d({ name: 'sanitize-dump-payload', kind: 'enum', default: 'no', values: ['no', 'yes', 'clients'], mutable: true, supported: false }),
  d({ name: 'enable-protected-configs', kind: 'enum', default: 'no', values: PROTECTED_ACTION, mutable: false, supported: true }),
  d({ name: 'enable-debug-command', kind: 'enum', default: 'no', values: PROTECTED_ACTION, mutable: false, supported: true }),
  d({ name: 'enable-module-command', kind: 'enum', default: 'no', values: PROTECTED_ACTION, mutable: false, supported: false }),
  d({ name: 'cluster-preferred-endpoint-type', kind: 'enum', default: 'ip', values: ['ip', 'hostname', 'unknown-endpoint'], mutable: true, supported: false }),
  d({ name: 'propagation-error-behavior', kind: 'enum', default: 'ignore', values: ['ignore', 'panic', 'panic-on-replicas'], mutable: true, supported: false }),
  d({ name: 'shutdown-on-sigint', kind: 'enum', default: 'default', values: ['default', 'save', 'nosave', 'now', 'force'], bitflags: true, mutable: true, supported: true }),
  d({ name: 'shutdown-on-sigterm', kind: 'enum', default: 'default', values: ['default', 'save', 'nosave', 'now', 'force'], bitflags: true, mutable: true, supported: true }),

  // --- integer configs
  d({ name: 'databases', kind: 'int', default: '16', min: 1n, max: INT_MAX, mutable: false, supported: true }),
  d({ name: 'port', kind: 'int', default: '6379', min: 0n, max: 65535n, mutable: true, supported: true }),
  d({ name: 'io-threads', kind: 'int', default: '1', min: 1n, max: 128n, mutable: false, supported: false }),
  d({ name: 'auto-aof-rewrite-percentage', kind: 'int', default: '100', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'cluster-replica-validity-factor', alias: 'cluster-slave-validity-factor', kind: 'int', default: '10', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'list-max-listpack-size', alias: 'list-max-ziplist-size', kind: 'int', default: '-2', min: INT_MIN, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'tcp-keepalive', kind: 'int', default: '300', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'cluster-migration-barrier', kind: 'int', default: '1', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'active-defrag-cycle-min', kind: 'int', default: '1', min: 1n, max: 99n, mutable: true, supported: false }),
  d({ name: 'active-defrag-cycle-max', kind: 'int', default: '25', min: 1n, max: 99n, mutable: true, supported: false }),
  d({ name: 'active-defrag-threshold-lower', kind: 'int', default: '10', min: 0n, max: 1000n, mutable: true, supported: false }),
  d({ name: 'active-defrag-threshold-upper', kind: 'int', default: '100', min: 0n, max: 1000n, mutable: true, supported: false }),
  d({ name: 'lfu-log-factor', kind: 'int', default: '10', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'lfu-decay-time', kind: 'int', default: '1', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'replica-priority', alias: 'slave-priority', kind: 'int', default: '100', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-diskless-sync-delay', kind: 'int', default: '5', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'maxmemory-samples', kind: 'int', default: '5', min: 1n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'maxmemory-eviction-tenacity', kind: 'int', default: '10', min: 0n, max: 100n, mutable: true, supported: false }),
  d({ name: 'timeout', kind: 'int', default: '0', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'replica-announce-port', alias: 'slave-announce-port', kind: 'int', default: '0', min: 0n, max: 65535n, mutable: true, supported: true }),
  d({ name: 'tcp-backlog', kind: 'int', default: '511', min: 0n, max: INT_MAX, mutable: false, supported: true }),
  d({ name: 'cluster-port', kind: 'int', default: '0', min: 0n, max: 65535n, mutable: false, supported: false }),
  d({ name: 'cluster-announce-bus-port', kind: 'int', default: '0', min: 0n, max: 65535n, mutable: true, supported: false }),
  d({ name: 'cluster-announce-port', kind: 'int', default: '0', min: 0n, max: 65535n, mutable: true, supported: false }),
  d({ name: 'cluster-announce-tls-port', kind: 'int', default: '0', min: 0n, max: 65535n, mutable: true, supported: false }),
  d({ name: 'repl-timeout', kind: 'int', default: '60', min: 1n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-ping-replica-period', alias: 'repl-ping-slave-period', kind: 'int', default: '10', min: 1n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'list-compress-depth', kind: 'int', default: '0', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'rdb-key-save-delay', kind: 'int', default: '0', min: INT_MIN, max: INT_MAX, mutable: true, supported: true, hidden: true }),
  d({ name: 'key-load-delay', kind: 'int', default: '0', min: INT_MIN, max: INT_MAX, mutable: true, supported: true, hidden: true }),
  d({ name: 'active-expire-effort', kind: 'int', default: '1', min: 1n, max: 10n, mutable: true, supported: false }),
  // Redis accepts any hz but runs (and reports) it clamped to CONFIG_MIN_HZ..CONFIG_MAX_HZ.
  d({ name: 'hz', kind: 'int', default: '10', min: 0n, max: INT_MAX, clamp: [1, 500], mutable: true, supported: true }),
  d({ name: 'min-replicas-to-write', alias: 'min-slaves-to-write', kind: 'int', default: '0', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'min-replicas-max-lag', alias: 'min-slaves-max-lag', kind: 'int', default: '10', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'watchdog-period', kind: 'int', default: '0', min: 0n, max: INT_MAX, mutable: true, supported: false, hidden: true }),
  d({ name: 'shutdown-timeout', kind: 'int', default: '10', min: 0n, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-diskless-sync-max-replicas', kind: 'int', default: '0', min: 0n, max: INT_MAX, mutable: true, supported: true }),

  // --- unsigned int configs
  d({ name: 'maxclients', kind: 'int', default: '10000', min: 1n, max: UINT_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'unixsocketperm', kind: 'int', default: '0', min: 0n, max: 0o777n, unsigned: true, octal: true, mutable: false, supported: true }),
  d({ name: 'socket-mark-id', kind: 'int', default: '0', min: 0n, max: UINT_MAX, unsigned: true, mutable: false, supported: false }),

  // --- unsigned long configs
  d({ name: 'active-defrag-max-scan-fields', kind: 'int', default: '1000', min: 1n, max: LONG_MAX, unsigned: true, mutable: true, supported: false }),
  d({ name: 'slowlog-max-len', kind: 'int', default: '128', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'acllog-max-len', kind: 'int', default: '128', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: false }),

  // --- long long configs
  d({ name: 'busy-reply-threshold', alias: 'lua-time-limit', kind: 'int', default: '5000', min: 0n, max: LONG_MAX, mutable: true, supported: false }),
  d({ name: 'cluster-node-timeout', kind: 'int', default: '15000', min: 0n, max: LLONG_MAX, mutable: true, supported: false }),
  d({ name: 'slowlog-log-slower-than', kind: 'int', default: '10000', min: -1n, max: LLONG_MAX, mutable: true, supported: true }),
  d({ name: 'latency-monitor-threshold', kind: 'int', default: '0', min: 0n, max: LLONG_MAX, mutable: true, supported: true }),
  d({ name: 'proto-max-bulk-len', kind: 'memory', default: '536870912', min: 1024n * 1024n, max: LONG_MAX, mutable: true, supported: true }),
  d({ name: 'stream-node-max-entries', kind: 'int', default: '100', min: 0n, max: LLONG_MAX, mutable: true, supported: false }),
  d({ name: 'repl-backlog-size', kind: 'memory', default: '1048576', min: 1n, max: LLONG_MAX, mutable: true, supported: true }),

  // --- unsigned long long configs
  d({ name: 'maxmemory', kind: 'memory', default: '0', min: 0n, max: ULLONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'cluster-link-sendbuf-limit', kind: 'memory', default: '0', min: 0n, max: ULLONG_MAX, unsigned: true, mutable: true, supported: false }),

  // --- size_t configs
  d({ name: 'hash-max-listpack-entries', alias: 'hash-max-ziplist-entries', kind: 'int', default: '512', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'set-max-intset-entries', kind: 'int', default: '512', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'zset-max-listpack-entries', alias: 'zset-max-ziplist-entries', kind: 'int', default: '128', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'active-defrag-ignore-bytes', kind: 'memory', default: '104857600', min: 1n, max: LLONG_MAX, unsigned: true, mutable: true, supported: false }),
  d({ name: 'hash-max-listpack-value', alias: 'hash-max-ziplist-value', kind: 'memory', default: '64', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'stream-node-max-bytes', kind: 'memory', default: '4096', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: false }),
  d({ name: 'zset-max-listpack-value', alias: 'zset-max-ziplist-value', kind: 'memory', default: '64', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'hll-sparse-max-bytes', kind: 'memory', default: '3000', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: false }),
  d({ name: 'tracking-table-max-keys', kind: 'int', default: '1000000', min: 0n, max: LONG_MAX, unsigned: true, mutable: true, supported: false }),
  d({ name: 'client-query-buffer-limit', kind: 'memory', default: '1073741824', min: 1024n * 1024n, max: LONG_MAX, unsigned: true, mutable: true, supported: true }),
  d({ name: 'maxmemory-clients', kind: 'memory', default: '0', min: -100n, max: SSIZE_MAX, percent: true, mutable: true, supported: false }),

  // --- time_t / off_t configs
  d({ name: 'repl-backlog-ttl', kind: 'int', default: '3600', min: 0n, max: LONG_MAX, mutable: true, supported: true }),
  d({ name: 'auto-aof-rewrite-min-size', kind: 'memory', default: '67108864', min: 0n, max: LLONG_MAX, mutable: true, supported: false }),
  d({ name: 'loading-process-events-interval-bytes', kind: 'int', default: '2097152', min: 1024n, max: INT_MAX, mutable: true, supported: false, hidden: true }),

  // --- TLS (the reference build has OpenSSL, so these exist; rctl has no TLS)
  d({ name: 'tls-port', kind: 'int', default: '0', min: 0n, max: 65535n, mutable: true, supported: false }),
  d({ name: 'tls-session-cache-size', kind: 'int', default: '20480', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'tls-session-cache-timeout', kind: 'int', default: '300', min: 0n, max: INT_MAX, mutable: true, supported: false }),
  d({ name: 'tls-cluster', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'tls-replication', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'tls-auth-clients', kind: 'enum', default: 'yes', values: ['no', 'yes', 'optional'], mutable: true, supported: false }),
  d({ name: 'tls-prefer-server-ciphers', kind: 'bool', default: 'no', mutable: true, supported: false }),
  d({ name: 'tls-session-caching', kind: 'bool', default: 'yes', mutable: true, supported: false }),
  d({ name: 'tls-cert-file', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-key-file', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-key-file-pass', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-client-cert-file', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-client-key-file', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-client-key-file-pass', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-dh-params-file', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-ca-cert-file', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-ca-cert-dir', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-protocols', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-ciphers', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),
  d({ name: 'tls-ciphersuites', kind: 'string', default: '', mutable: true, supported: false, emptyIsNull: true }),

  // --- special configs
  // dir's value is the process working directory; its default is wherever the server started.
  d({ name: 'dir', kind: 'string', special: 'dir', default: '', mutable: true, protected: true, denyLoading: true, supported: true }),
  d({ name: 'save', kind: 'args', special: 'save', default: '3600 1 300 100 60 10000', mutable: true, supported: true }),
  d({
    name: 'client-output-buffer-limit',
    kind: 'args',
    special: 'client-output-buffer-limit',
    default: 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    mutable: true,
    supported: true,
  }),
  d({ name: 'oom-score-adj-values', kind: 'args', special: 'oom-score-adj-values', default: '0 200 800', mutable: true, supported: false }),
  d({ name: 'notify-keyspace-events', kind: 'string', special: 'notify-keyspace-events', default: '', mutable: true, supported: true }),
  // rctl listens on loopback by default (Redis: "* -::*"), like the shipped redis.conf.
  d({ name: 'bind', kind: 'args', special: 'bind', default: '127.0.0.1 -::1', mutable: true, supported: true }),
  d({ name: 'replicaof', alias: 'slaveof', kind: 'args', special: 'replicaof', default: '', mutable: false, supported: true }),
  d({
    name: 'latency-tracking-info-percentiles',
    kind: 'args',
    special: 'latency-tracking-info-percentiles',
    default: '50 99 99.9',
    mutable: true,
    supported: false,
  }),
];

/** Directive words the conf parser handles itself (config.c loadServerConfigFromString). */
export const FILE_ONLY_DIRECTIVES = ['include', 'rename-command', 'user', 'loadmodule', 'sentinel'] as const;

/** Old directives a conf file may still carry with one argument; silently ignored. */
export const DEPRECATED_DIRECTIVES = ['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands'] as const;

const BY_NAME = new Map<string, Directive>();
for (const dir of DIRECTIVES) {
  BY_NAME.set(dir.name, dir);
  if (dir.alias) BY_NAME.set(dir.alias, dir);
}

/** Finds a directive by name or alias, case-insensitively. */
export const findDirective = (name: string): Directive | undefined => BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());

/** Every name CONFIG GET can match (primary names and aliases), in table order. */
export const ALL_CONFIG_NAMES: readonly string[] = [...BY_NAME.keys()];
