// The one table of configuration directives (config.c static_configs[]): name, alias,
// kind, default, bounds and whether CONFIG SET may change it. The conf parser,
// `--name value` overrides, CONFIG GET/SET/REWRITE and INFO all read this table.

export type DirectiveKind = 'bool' | 'int' | 'memory' | 'string' | 'enum' | 'args';

export type ConfigValue = string | number | boolean | string[];

export interface Directive {
  /** redis.conf spelling. */
  name: string;
  /** Old name accepted in files and CONFIG (slaveof for replicaof ...). */
  alias?: string;
  kind: DirectiveKind;
  /** Default in redis.conf spelling ('yes', '1mb', '3600 1 300 100 60 10000'). */
  default: string;
  /** Bounds for int and memory kinds. */
  min?: number;
  max?: number;
  /** Allowed words for enum kinds (case-insensitive on input). */
  values?: readonly string[];
  /** CONFIG SET may change it at run time. */
  mutable: boolean;
  /** False: accepted and kept for CONFIG GET, logged once as not supported by rctl. */
  supported: boolean;
}

const d = (x: Directive): Directive => x;
const INT_MAX = 2147483647;
const LLONG_MAX = Number.MAX_SAFE_INTEGER;

export const DIRECTIVES: readonly Directive[] = [
  // --- network
  d({ name: 'port', kind: 'int', default: '6379', min: 0, max: 65535, mutable: true, supported: true }),
  d({ name: 'bind', kind: 'args', default: '127.0.0.1 -::1', mutable: true, supported: true }),
  d({ name: 'protected-mode', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'unixsocket', kind: 'string', default: '', mutable: false, supported: true }),
  d({ name: 'unixsocketperm', kind: 'int', default: '0', min: 0, max: 0o777, mutable: false, supported: true }),
  d({ name: 'timeout', kind: 'int', default: '0', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'tcp-keepalive', kind: 'int', default: '300', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'maxclients', kind: 'int', default: '10000', min: 1, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'proto-max-bulk-len', kind: 'memory', default: '512mb', min: 1024 * 1024, max: LLONG_MAX, mutable: true, supported: true }),
  d({ name: 'client-query-buffer-limit', kind: 'memory', default: '1gb', min: 1024 * 1024, max: LLONG_MAX, mutable: true, supported: true }),
  // --- general
  d({ name: 'daemonize', kind: 'bool', default: 'no', mutable: false, supported: true }),
  d({ name: 'pidfile', kind: 'string', default: '', mutable: false, supported: true }),
  d({ name: 'loglevel', kind: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'], mutable: true, supported: true }),
  d({ name: 'logfile', kind: 'string', default: '', mutable: false, supported: true }),
  d({ name: 'databases', kind: 'int', default: '16', min: 1, max: INT_MAX, mutable: false, supported: true }),
  d({ name: 'always-show-logo', kind: 'bool', default: 'no', mutable: false, supported: true }),
  d({ name: 'enable-debug-command', kind: 'enum', default: 'no', values: ['no', 'yes', 'local'], mutable: false, supported: true }),
  d({ name: 'hz', kind: 'int', default: '10', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'requirepass', kind: 'string', default: '', mutable: true, supported: true }),
  // --- persistence
  d({ name: 'save', kind: 'args', default: '3600 1 300 100 60 10000', mutable: true, supported: true }),
  d({ name: 'dir', kind: 'string', default: '', mutable: true, supported: true }),
  d({ name: 'dbfilename', kind: 'string', default: 'dump.rdb', mutable: true, supported: true }),
  d({ name: 'appendonly', kind: 'bool', default: 'no', mutable: true, supported: false }),
  // --- replication
  d({ name: 'replicaof', alias: 'slaveof', kind: 'args', default: '', mutable: false, supported: true }),
  d({ name: 'masterauth', kind: 'string', default: '', mutable: true, supported: true }),
  d({ name: 'masteruser', kind: 'string', default: '', mutable: true, supported: true }),
  d({ name: 'replica-read-only', alias: 'slave-read-only', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'replica-serve-stale-data', alias: 'slave-serve-stale-data', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'replica-priority', alias: 'slave-priority', kind: 'int', default: '100', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-backlog-size', kind: 'memory', default: '1mb', min: 1, max: LLONG_MAX, mutable: true, supported: true }),
  d({ name: 'repl-backlog-ttl', kind: 'int', default: '3600', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-timeout', kind: 'int', default: '60', min: 1, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-ping-replica-period', alias: 'repl-ping-slave-period', kind: 'int', default: '10', min: 1, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'repl-diskless-sync', kind: 'bool', default: 'yes', mutable: true, supported: true }),
  d({ name: 'repl-diskless-sync-delay', kind: 'int', default: '5', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'min-replicas-to-write', alias: 'min-slaves-to-write', kind: 'int', default: '0', min: 0, max: INT_MAX, mutable: true, supported: true }),
  d({ name: 'min-replicas-max-lag', alias: 'min-slaves-max-lag', kind: 'int', default: '10', min: 0, max: INT_MAX, mutable: true, supported: true }),
  // --- memory
  d({ name: 'lazyfree-lazy-expire', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'lazyfree-lazy-user-del', kind: 'bool', default: 'no', mutable: true, supported: true }),
  d({ name: 'maxmemory', kind: 'memory', default: '0', min: 0, max: LLONG_MAX, mutable: true, supported: true }),
  // --- include is handled by the conf parser itself; listed so it is a known word.
  d({ name: 'include', kind: 'string', default: '', mutable: false, supported: true }),
];

const BY_NAME = new Map<string, Directive>();
for (const dir of DIRECTIVES) {
  BY_NAME.set(dir.name, dir);
  if (dir.alias) BY_NAME.set(dir.alias, dir);
}

/** Finds a directive by name or alias, case-insensitively. */
export const findDirective = (name: string): Directive | undefined => BY_NAME.get(name.toLowerCase());
