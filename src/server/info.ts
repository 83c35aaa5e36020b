// The INFO text (server.c genRedisInfoString): sections in Redis 7.0.15's order with its
// field names, the section words INFO accepts (all, everything, default), and a registry
// through which subsystems (replication, persistence) supply their own section bodies.

import { pausedClientsCount } from './commands/connection.js';
import { pubsubChannelCount, pubsubPatternCount, pubsubShardChannelCount } from './pubsub.js';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { resolve } from 'node:path';
import { blockedClientsCount, clientsInTimeoutTable } from './blocking.js';
import { findDirective } from './config/directives.js';
import { infoExpireStats, infoKeyspace } from './keyspace/expire.js';
import type { LatencyHistogram } from './latency.js';
import { perServer } from './per-server.js';
import { persistenceInfo } from './persistence/info.js';
import type { ServerState } from './state.js';
import type { CommandStat } from './stats.js';
import { RCTL_VERSION, REDIS_VERSION } from './version.js';

/** Builds a section body: `field:value\r\n` lines, without the `# Title` header. */
export type InfoSectionBuilder = (s: ServerState) => string;

interface SectionDef {
  name: string;
  title: string;
  /** Part of plain INFO / INFO default. */
  inDefault: boolean;
  build: InfoSectionBuilder;
}

// --- formatting helpers (printf as Redis uses it) -------------------------------------

/** printf("%.<d>f"): like toFixed, but exact ties round to even as glibc does. */
export function printfFixed(x: number, d: number): string {
  const scale = 10 ** d;
  const scaled = x * scale;
  if (Number.isFinite(scaled) && Math.abs(scaled % 1) === 0.5) {
    const floor = Math.floor(scaled);
    const even = floor % 2 === 0 ? floor : floor + 1;
    return (even / scale).toFixed(d);
  }
  return x.toFixed(d);
}

/** bytesToHuman: 1023B, 894.86K, 11.71M, 1.00G ... (bytes beyond the P range as a plain count). */
export function bytesToHuman(n: number): string {
  if (n < 1024) return `${n}B`;
  let div = 1024;
  for (const unit of ['K', 'M', 'G', 'T', 'P']) {
    if (n < div * 1024) return `${printfFixed(n / div, 2)}${unit}`;
    div *= 1024;
  }
  return `${n}B`;
}

/** trimDoubleString("%f"): 50 -> "50", 99.9 -> "99.9". */
function formatPercentileName(p: number): string {
  let s = p.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

/** A config value as INFO prints it, or the fallback when the directive is not in our table. */
function configWord(s: ServerState, name: string, fallback: string): string {
  return findDirective(name) ? s.config.format(name) : fallback;
}

function configNumber(s: ServerState, name: string, fallback: number): number {
  return findDirective(name) ? s.config.num(name) : fallback;
}

// --- per-server facts that INFO keeps -------------------------------------------------

interface InfoState {
  runId: string;
  replId: string;
  memoryStartup: number;
  memoryPeak: number;
  /** Instantaneous metrics sampled every 100 ms (serverCron trackInstantaneousMetric). */
  metrics: Map<string, { samples: number[]; idx: number; lastTime: number; lastCount: number }>;
}

const infoState = perServer(
  (): InfoState => ({
    runId: randomBytes(20).toString('hex'),
    replId: randomBytes(20).toString('hex'),
    memoryStartup: usedMemory(),
    memoryPeak: 0,
    metrics: new Map(),
  }),
);

/** run_id: 40 random hex characters, new on every start (server.runid). */
export function runId(s: ServerState): string {
  return infoState(s).runId;
}

/** The replication id INFO shows until the replication subsystem provides its section. */
export function defaultReplId(s: ServerState): string {
  return infoState(s).replId;
}

const METRIC_SAMPLES = 16;

/** trackInstantaneousMetric: one sample of a counter's rate per second. */
function trackMetric(st: InfoState, name: string, reading: number, now: number): void {
  let m = st.metrics.get(name);
  if (!m) {
    m = { samples: new Array<number>(METRIC_SAMPLES).fill(0), idx: 0, lastTime: now, lastCount: reading };
    st.metrics.set(name, m);
    return;
  }
  const t = now - m.lastTime;
  m.samples[m.idx] = t > 0 ? Math.floor(((reading - m.lastCount) * 1000) / t) : 0;
  m.idx = (m.idx + 1) % METRIC_SAMPLES;
  m.lastTime = now;
  m.lastCount = reading;
}

function metric(st: InfoState, name: string): number {
  const m = st.metrics.get(name);
  if (!m) return 0;
  let sum = 0;
  for (const v of m.samples) sum += v;
  return sum / METRIC_SAMPLES;
}

/** Samples ops/sec and network rates; the startup hook runs this every 100 ms. */
export function sampleInstantaneousMetrics(s: ServerState): void {
  const st = infoState(s);
  const now = Date.now();
  trackMetric(st, 'command', s.stats.commandsProcessed, now);
  trackMetric(st, 'net_input', s.stats.netInputBytes, now);
  trackMetric(st, 'net_output', s.stats.netOutputBytes, now);
  trackMetric(st, 'net_repl_input', s.stats.netReplInputBytes, now);
  trackMetric(st, 'net_repl_output', s.stats.netReplOutputBytes, now);
  const used = usedMemory();
  if (used > st.memoryPeak) st.memoryPeak = used;
}

/** Records the memory baseline (used_memory_startup) once the server is initialised. */
export function markMemoryStartup(s: ServerState): void {
  infoState(s).memoryStartup = usedMemory();
}

function usedMemory(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

// --- latency histograms (INFO latencystats) -------------------------------------------

/** Histograms by CommandStat object, so CONFIG RESETSTAT (new stat objects) resets them. */
const HISTOGRAMS = new WeakMap<CommandStat, LatencyHistogram>();

export function histogramOf(stat: CommandStat): LatencyHistogram | undefined {
  return HISTOGRAMS.get(stat);
}

export function setHistogram(stat: CommandStat, h: LatencyHistogram): void {
  HISTOGRAMS.set(stat, h);
}

// --- sections ---------------------------------------------------------------------------

function serverSection(s: ServerState): string {
  const now = Date.now();
  const uptime = Math.floor((now - s.startedAt) / 1000);
  const usec = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const platform = process.platform;
  const lines = [
    `redis_version:${REDIS_VERSION}`,
    'redis_git_sha1:00000000',
    'redis_git_dirty:0',
    `redis_build_id:${BUILD_ID}`,
    'redis_mode:standalone',
    `os:${os.type()} ${os.release()} ${os.machine()}`,
    'arch_bits:64',
    'monotonic_clock:POSIX clock_gettime',
    `multiplexing_api:${platform === 'linux' ? 'epoll' : platform === 'darwin' ? 'kqueue' : 'select'}`,
    'atomicvar_api:c11-builtin',
    'gcc_version:0.0.0',
    `process_id:${process.pid}`,
    'process_supervised:no',
    `run_id:${runId(s)}`,
    `tcp_port:${s.boundPort}`,
    `server_time_usec:${usec}`,
    `uptime_in_seconds:${uptime}`,
    `uptime_in_days:${Math.floor(uptime / 86400)}`,
    `hz:${configNumber(s, 'hz', 10)}`,
    `configured_hz:${configNumber(s, 'hz', 10)}`,
    `lru_clock:${Math.floor(now / 1000) & 0xffffff}`,
    `executable:${process.argv[1] ? resolve(process.argv[1]) : process.execPath}`,
    `config_file:${s.config.configFile ?? ''}`,
    'io_threads_active:0',
    `rctl_version:${RCTL_VERSION}`,
  ];
  return lines.join('\r\n') + '\r\n';
}

/** A stable per-release build id, as redis_build_id is per binary. */
const BUILD_ID = Buffer.from(`rctl-${RCTL_VERSION}`)
  .reduce((h, b) => (h * 31 + b) % 0xffffffffffff, 7)
  .toString(16)
  .padStart(12, '0');

function clientsSection(s: ServerState): string {
  let replicas = 0;
  let maxIn = 0;
  let maxOut = 0;
  for (const c of s.clients.values()) {
    if (c.isReplica) replicas++;
    const inBytes = c.parser.pendingBytes;
    if (inBytes > maxIn) maxIn = inBytes;
    if (c.out.length > maxOut) maxOut = c.out.length;
  }
  return (
    `connected_clients:${s.clients.size - replicas}\r\n` +
    'cluster_connections:0\r\n' +
    `maxclients:${configNumber(s, 'maxclients', 10000)}\r\n` +
    `client_recent_max_input_buffer:${maxIn}\r\n` +
    `client_recent_max_output_buffer:${maxOut}\r\n` +
    `blocked_clients:${blockedClientsCount(s) + pausedClientsCount(s)}\r\n` +
    'tracking_clients:0\r\n' +
    `clients_in_timeout_table:${clientsInTimeoutTable(s)}\r\n`
  );
}

function memorySection(s: ServerState): string {
  const st = infoState(s);
  const mu = process.memoryUsage();
  const used = mu.heapUsed + mu.external;
  if (used > st.memoryPeak) st.memoryPeak = used;
  const peak = st.memoryPeak;
  let clientBuffers = 0;
  let replicaBuffers = 0;
  for (const c of s.clients.values()) {
    const b = c.out.length + c.parser.pendingBytes;
    if (c.isReplica) replicaBuffers += b;
    else clientBuffers += b;
  }
  const startup = Math.min(st.memoryStartup, used);
  const overhead = Math.min(used, startup + clientBuffers + replicaBuffers);
  const dataset = used - overhead;
  const net = used - startup;
  const allocated = mu.heapUsed;
  const active = Math.max(mu.heapTotal, allocated);
  const resident = Math.max(mu.rss, active);
  const maxmemory = configNumber(s, 'maxmemory', 0);
  const total = os.totalmem();
  const ratio = (a: number, b: number): string => printfFixed(b > 0 ? a / b : 0, 2);
  const lines = [
    `used_memory:${used}`,
    `used_memory_human:${bytesToHuman(used)}`,
    `used_memory_rss:${mu.rss}`,
    `used_memory_rss_human:${bytesToHuman(mu.rss)}`,
    `used_memory_peak:${peak}`,
    `used_memory_peak_human:${bytesToHuman(peak)}`,
    `used_memory_peak_perc:${printfFixed(peak > 0 ? (used * 100) / peak : 0, 2)}%`,
    `used_memory_overhead:${overhead}`,
    `used_memory_startup:${startup}`,
    `used_memory_dataset:${dataset}`,
    `used_memory_dataset_perc:${printfFixed(net > 0 ? (dataset * 100) / net : 0, 2)}%`,
    `allocator_allocated:${allocated}`,
    `allocator_active:${active}`,
    `allocator_resident:${resident}`,
    `total_system_memory:${total}`,
    `total_system_memory_human:${bytesToHuman(total)}`,
    'used_memory_lua:0',
    'used_memory_vm_eval:0',
    'used_memory_lua_human:0B',
    'used_memory_scripts_eval:0',
    'number_of_cached_scripts:0',
    'number_of_functions:0',
    'number_of_libraries:0',
    'used_memory_vm_functions:0',
    'used_memory_vm_total:0',
    'used_memory_vm_total_human:0B',
    'used_memory_functions:0',
    'used_memory_scripts:0',
    'used_memory_scripts_human:0B',
    `maxmemory:${maxmemory}`,
    `maxmemory_human:${bytesToHuman(maxmemory)}`,
    `maxmemory_policy:${configWord(s, 'maxmemory-policy', 'noeviction')}`,
    `allocator_frag_ratio:${ratio(active, allocated)}`,
    `allocator_frag_bytes:${active - allocated}`,
    `allocator_rss_ratio:${ratio(resident, active)}`,
    `allocator_rss_bytes:${resident - active}`,
    `rss_overhead_ratio:${ratio(mu.rss, resident)}`,
    `rss_overhead_bytes:${mu.rss - resident}`,
    `mem_fragmentation_ratio:${ratio(mu.rss, used)}`,
    `mem_fragmentation_bytes:${mu.rss - used}`,
    'mem_not_counted_for_evict:0',
    'mem_replication_backlog:0',
    `mem_total_replication_buffers:${replicaBuffers}`,
    `mem_clients_slaves:${replicaBuffers}`,
    `mem_clients_normal:${clientBuffers}`,
    'mem_cluster_links:0',
    'mem_aof_buffer:0',
    'mem_allocator:libc',
    'active_defrag_running:0',
    'lazyfree_pending_objects:0',
    'lazyfreed_objects:0',
  ];
  return lines.join('\r\n') + '\r\n';
}

function statsSection(s: ServerState): string {
  const st = infoState(s);
  const t = s.stats;
  const kbps = (name: string): string => printfFixed(metric(st, name) / 1024, 2);
  const lines = [
    `total_connections_received:${t.connectionsReceived}`,
    `total_commands_processed:${t.commandsProcessed}`,
    `instantaneous_ops_per_sec:${Math.floor(metric(st, 'command'))}`,
    `total_net_input_bytes:${t.netInputBytes}`,
    `total_net_output_bytes:${t.netOutputBytes}`,
    `total_net_repl_input_bytes:${t.netReplInputBytes}`,
    `total_net_repl_output_bytes:${t.netReplOutputBytes}`,
    `instantaneous_input_kbps:${kbps('net_input')}`,
    `instantaneous_output_kbps:${kbps('net_output')}`,
    `instantaneous_input_repl_kbps:${kbps('net_repl_input')}`,
    `instantaneous_output_repl_kbps:${kbps('net_repl_output')}`,
    `rejected_connections:${t.rejectedConnections}`,
    `sync_full:${t.syncFull}`,
    `sync_partial_ok:${t.syncPartialOk}`,
    `sync_partial_err:${t.syncPartialErr}`,
    infoExpireStats(s).slice(0, -2),
    `evicted_keys:${t.evictedKeys}`,
    'evicted_clients:0',
    'total_eviction_exceeded_time:0',
    'current_eviction_exceeded_time:0',
    `keyspace_hits:${t.keyspaceHits}`,
    `keyspace_misses:${t.keyspaceMisses}`,
    `pubsub_channels:${pubsubChannelCount(s)}`,
    `pubsub_patterns:${pubsubPatternCount(s)}`,
    `pubsubshard_channels:${pubsubShardChannelCount(s)}`,
    'latest_fork_usec:0',
    'total_forks:0',
    'migrate_cached_sockets:0',
    'slave_expires_tracked_keys:0',
    'active_defrag_hits:0',
    'active_defrag_misses:0',
    'active_defrag_key_hits:0',
    'active_defrag_key_misses:0',
    'total_active_defrag_time:0',
    'current_active_defrag_time:0',
    'tracking_total_keys:0',
    'tracking_total_items:0',
    'tracking_total_prefixes:0',
    `unexpected_error_replies:${t.unexpectedErrorReplies}`,
    `total_error_replies:${t.totalErrorReplies}`,
    `dump_payload_sanitizations:${t.dumpPayloadSanitizations}`,
    `total_reads_processed:${t.totalReadsProcessed}`,
    `total_writes_processed:${t.totalWritesProcessed}`,
    `io_threaded_reads_processed:${t.ioThreadedReadsProcessed}`,
    `io_threaded_writes_processed:${t.ioThreadedWritesProcessed}`,
    'reply_buffer_shrinks:0',
    'reply_buffer_expands:0',
  ];
  return lines.join('\r\n') + '\r\n';
}

/** The replication section of a master without replicas, until replication registers its own. */
function replicationSection(s: ServerState): string {
  return (
    'role:master\r\n' +
    'connected_slaves:0\r\n' +
    'master_failover_state:no-failover\r\n' +
    `master_replid:${defaultReplId(s)}\r\n` +
    'master_replid2:0000000000000000000000000000000000000000\r\n' +
    'master_repl_offset:0\r\n' +
    'second_repl_offset:-1\r\n' +
    'repl_backlog_active:0\r\n' +
    `repl_backlog_size:${configNumber(s, 'repl-backlog-size', 1048576)}\r\n` +
    'repl_backlog_first_byte_offset:0\r\n' +
    'repl_backlog_histlen:0\r\n'
  );
}

/** "%ld.%06ld" of a microsecond count. */
const cpuSeconds = (us: number): string => `${Math.floor(us / 1e6)}.${String(Math.floor(us % 1e6)).padStart(6, '0')}`;

function cpuSection(): string {
  const u = process.cpuUsage();
  return (
    `used_cpu_sys:${cpuSeconds(u.system)}\r\n` +
    `used_cpu_user:${cpuSeconds(u.user)}\r\n` +
    'used_cpu_sys_children:0.000000\r\n' +
    'used_cpu_user_children:0.000000\r\n' +
    `used_cpu_sys_main_thread:${cpuSeconds(u.system)}\r\n` +
    `used_cpu_user_main_thread:${cpuSeconds(u.user)}\r\n`
  );
}

function commandstatsSection(s: ServerState): string {
  let out = '';
  for (const [name, st] of s.stats.commands) {
    if (st.calls === 0 && st.failedCalls === 0 && st.rejectedCalls === 0) continue;
    // usec_per_call is computed in single precision in Redis.
    const perCall = st.calls === 0 ? 0 : Math.fround(Math.fround(st.usec) / st.calls);
    out += `cmdstat_${name}:calls=${st.calls},usec=${st.usec},usec_per_call=${printfFixed(perCall, 2)},rejected_calls=${st.rejectedCalls},failed_calls=${st.failedCalls}\r\n`;
  }
  return out;
}

/** Errors are kept in a radix tree in Redis, so they come out in byte order. */
function errorstatsSection(s: ServerState): string {
  const names = [...s.stats.errors.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const name of names) out += `errorstat_${name}:count=${s.stats.errors.get(name)}\r\n`;
  return out;
}

function latencystatsSection(s: ServerState): string {
  const words = findDirective('latency-tracking-info-percentiles') ? s.config.list('latency-tracking-info-percentiles') : ['50', '99', '99.9'];
  const percentiles = words.map(Number).filter((n) => Number.isFinite(n));
  let out = '';
  for (const [name, st] of s.stats.commands) {
    const h = HISTOGRAMS.get(st);
    if (!h || h.totalCount === 0) continue;
    const parts = percentiles.map((p) => `p${formatPercentileName(p)}=${printfFixed(h.valueAtPercentile(p) / 1000, 3)}`);
    out += `latency_percentiles_usec_${name}:${parts.join(',')}\r\n`;
  }
  return out;
}

const SECTIONS: SectionDef[] = [
  { name: 'server', title: 'Server', inDefault: true, build: serverSection },
  { name: 'clients', title: 'Clients', inDefault: true, build: clientsSection },
  { name: 'memory', title: 'Memory', inDefault: true, build: memorySection },
  { name: 'persistence', title: 'Persistence', inDefault: true, build: persistenceInfo },
  { name: 'stats', title: 'Stats', inDefault: true, build: statsSection },
  { name: 'replication', title: 'Replication', inDefault: true, build: replicationSection },
  { name: 'cpu', title: 'CPU', inDefault: true, build: cpuSection },
  { name: 'modules', title: 'Modules', inDefault: true, build: () => '' },
  { name: 'commandstats', title: 'Commandstats', inDefault: false, build: commandstatsSection },
  { name: 'errorstats', title: 'Errorstats', inDefault: true, build: errorstatsSection },
  { name: 'latencystats', title: 'Latencystats', inDefault: false, build: latencystatsSection },
  { name: 'cluster', title: 'Cluster', inDefault: true, build: () => 'cluster_enabled:0\r\n' },
  { name: 'keyspace', title: 'Keyspace', inDefault: true, build: infoKeyspace },
];

/**
 * Replaces the body builder of a section: replication and persistence install theirs
 * when they start (the built-in ones describe a master without replicas or saves).
 */
export function setInfoSection(name: string, build: InfoSectionBuilder): void {
  const def = SECTIONS.find((d) => d.name === name);
  if (!def) throw new Error(`unknown INFO section ${name}`);
  def.build = build;
}

/** The current body builder of a section (to wrap or restore it). */
export function infoSectionBuilder(name: string): InfoSectionBuilder {
  const def = SECTIONS.find((d) => d.name === name);
  if (!def) throw new Error(`unknown INFO section ${name}`);
  return def.build;
}

/**
 * genInfoSectionDict: the sections named by INFO's arguments, lower-cased; no argument
 * means `default`, `all` and `everything` mean every section. Unknown words select nothing.
 */
export function selectSections(args: readonly string[]): Set<string> {
  const out = new Set<string>();
  const words = args.length === 0 ? ['default'] : args.map((a) => a.toLowerCase());
  for (const w of words) {
    if (w === 'all' || w === 'everything') {
      for (const d of SECTIONS) out.add(d.name);
    } else if (w === 'default') {
      for (const d of SECTIONS) if (d.inDefault) out.add(d.name);
    } else if (w === 'module_list') {
      out.add('modules');
    } else {
      out.add(w);
    }
  }
  return out;
}

/** The INFO text for the selected sections, always in Redis's section order. */
export function genInfoString(s: ServerState, sections: Set<string>): string {
  let out = '';
  let n = 0;
  for (const def of SECTIONS) {
    if (!sections.has(def.name)) continue;
    if (n++ > 0) out += '\r\n';
    out += `# ${def.title}\r\n${def.build(s)}`;
  }
  return out;
}
