import { describe, expect, it } from 'vitest';
import {
  bytesToHuman,
  genInfoString,
  infoSectionBuilder,
  printfFixed,
  runId,
  selectSections,
  setHistogram,
  setInfoSection,
} from '../../../src/server/info.js';
import { LatencyHistogram } from '../../../src/server/latency.js';
import { makeServer } from '../../helpers/harness.js';

/** Field names of an INFO text, with `# Title` headers and blank separators kept. */
const fieldsOf = (text: string): string[] => text.split('\r\n').map((l) => (l.startsWith('#') ? l : l.split(':')[0]!));

// Field names and order of `INFO everything` on redis-server 7.0.15 (values differ).
const REDIS_SERVER_FIELDS = [
  'redis_version', 'redis_git_sha1', 'redis_git_dirty', 'redis_build_id', 'redis_mode', 'os', 'arch_bits',
  'monotonic_clock', 'multiplexing_api', 'atomicvar_api', 'gcc_version', 'process_id', 'process_supervised',
  'run_id', 'tcp_port', 'server_time_usec', 'uptime_in_seconds', 'uptime_in_days', 'hz', 'configured_hz',
  'lru_clock', 'executable', 'config_file', 'io_threads_active',
];
const REDIS_CLIENTS_FIELDS = [
  'connected_clients', 'cluster_connections', 'maxclients', 'client_recent_max_input_buffer',
  'client_recent_max_output_buffer', 'blocked_clients', 'tracking_clients', 'clients_in_timeout_table',
];
const REDIS_MEMORY_FIELDS = [
  'used_memory', 'used_memory_human', 'used_memory_rss', 'used_memory_rss_human', 'used_memory_peak',
  'used_memory_peak_human', 'used_memory_peak_perc', 'used_memory_overhead', 'used_memory_startup',
  'used_memory_dataset', 'used_memory_dataset_perc', 'allocator_allocated', 'allocator_active',
  'allocator_resident', 'total_system_memory', 'total_system_memory_human', 'used_memory_lua',
  'used_memory_vm_eval', 'used_memory_lua_human', 'used_memory_scripts_eval', 'number_of_cached_scripts',
  'number_of_functions', 'number_of_libraries', 'used_memory_vm_functions', 'used_memory_vm_total',
  'used_memory_vm_total_human', 'used_memory_functions', 'used_memory_scripts', 'used_memory_scripts_human',
  'maxmemory', 'maxmemory_human', 'maxmemory_policy', 'allocator_frag_ratio', 'allocator_frag_bytes',
  'allocator_rss_ratio', 'allocator_rss_bytes', 'rss_overhead_ratio', 'rss_overhead_bytes',
  'mem_fragmentation_ratio', 'mem_fragmentation_bytes', 'mem_not_counted_for_evict', 'mem_replication_backlog',
  'mem_total_replication_buffers', 'mem_clients_slaves', 'mem_clients_normal', 'mem_cluster_links',
  'mem_aof_buffer', 'mem_allocator', 'active_defrag_running', 'lazyfree_pending_objects', 'lazyfreed_objects',
];
const REDIS_STATS_FIELDS = [
  'total_connections_received', 'total_commands_processed', 'instantaneous_ops_per_sec', 'total_net_input_bytes',
  'total_net_output_bytes', 'total_net_repl_input_bytes', 'total_net_repl_output_bytes',
  'instantaneous_input_kbps', 'instantaneous_output_kbps', 'instantaneous_input_repl_kbps',
  'instantaneous_output_repl_kbps', 'rejected_connections', 'sync_full', 'sync_partial_ok', 'sync_partial_err',
  'expired_keys', 'expired_stale_perc', 'expired_time_cap_reached_count', 'expire_cycle_cpu_milliseconds',
  'evicted_keys', 'evicted_clients', 'total_eviction_exceeded_time', 'current_eviction_exceeded_time',
  'keyspace_hits', 'keyspace_misses', 'pubsub_channels', 'pubsub_patterns', 'pubsubshard_channels',
  'latest_fork_usec', 'total_forks', 'migrate_cached_sockets', 'slave_expires_tracked_keys', 'active_defrag_hits',
  'active_defrag_misses', 'active_defrag_key_hits', 'active_defrag_key_misses', 'total_active_defrag_time',
  'current_active_defrag_time', 'tracking_total_keys', 'tracking_total_items', 'tracking_total_prefixes',
  'unexpected_error_replies', 'total_error_replies', 'dump_payload_sanitizations', 'total_reads_processed',
  'total_writes_processed', 'io_threaded_reads_processed', 'io_threaded_writes_processed', 'reply_buffer_shrinks',
  'reply_buffer_expands',
];
const REDIS_CPU_FIELDS = [
  'used_cpu_sys', 'used_cpu_user', 'used_cpu_sys_children', 'used_cpu_user_children', 'used_cpu_sys_main_thread',
  'used_cpu_user_main_thread',
];

describe('printf helpers', () => {
  it('rounds exact ties to even like glibc %.2f', () => {
    expect(printfFixed(0.125, 2)).toBe('0.12');
    expect(printfFixed(0.375, 2)).toBe('0.38');
    expect(printfFixed(1.5, 0)).toBe('2');
    expect(printfFixed(2.5, 0)).toBe('2');
    expect(printfFixed(894.859375, 2)).toBe('894.86');
  });

  it('formats byte counts as bytesToHuman does', () => {
    expect(bytesToHuman(0)).toBe('0B');
    expect(bytesToHuman(1023)).toBe('1023B');
    expect(bytesToHuman(1024)).toBe('1.00K');
    expect(bytesToHuman(916336)).toBe('894.86K');
    expect(bytesToHuman(12279808)).toBe('11.71M');
    expect(bytesToHuman(25276502016)).toBe('23.54G');
  });
});

describe('INFO section selection', () => {
  it('uses the default set without arguments', () => {
    const sel = selectSections([]);
    expect([...sel]).toEqual(['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'modules', 'errorstats', 'cluster', 'keyspace']);
  });

  it('adds commandstats and latencystats for all and everything', () => {
    for (const w of ['all', 'everything', 'ALL']) {
      const sel = selectSections([w]);
      expect(sel.has('commandstats')).toBe(true);
      expect(sel.has('latencystats')).toBe(true);
    }
  });

  it('lower-cases names and always prints in Redis order', () => {
    const s = makeServer().state;
    const text = genInfoString(s, selectSections(['CPU', 'server']));
    expect(text.startsWith('# Server\r\n')).toBe(true);
    expect(text).toContain('\r\n\r\n# CPU\r\n');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.endsWith('\r\n\r\n')).toBe(false);
  });

  it('selects nothing for unknown names', () => {
    const s = makeServer().state;
    expect(genInfoString(s, selectSections(['bogus']))).toBe('');
  });
});

describe('INFO sections', () => {
  it('has Redis 7.0.15 field names in order, plus rctl_version at the end of Server', () => {
    const s = makeServer().state;
    const text = genInfoString(s, selectSections(['everything']));
    const fields = fieldsOf(text);
    const section = (title: string): string[] => {
      const start = fields.indexOf(`# ${title}`);
      const end = fields.indexOf('', start);
      return fields.slice(start + 1, end);
    };
    expect(section('Server')).toEqual([...REDIS_SERVER_FIELDS, 'rctl_version']);
    expect(section('Clients')).toEqual(REDIS_CLIENTS_FIELDS);
    expect(section('Memory')).toEqual(REDIS_MEMORY_FIELDS);
    expect(section('Stats')).toEqual(REDIS_STATS_FIELDS);
    expect(section('CPU')).toEqual(REDIS_CPU_FIELDS);
    expect(fields.filter((f) => f.startsWith('#'))).toEqual([
      '# Server',
      '# Clients',
      '# Memory',
      '# Persistence',
      '# Stats',
      '# Replication',
      '# CPU',
      '# Modules',
      '# Commandstats',
      '# Errorstats',
      '# Latencystats',
      '# Cluster',
      '# Keyspace',
    ]);
  });

  it('reports the redis version, our version and a 40-hex run id', () => {
    const s = makeServer().state;
    s.boundPort = 7777;
    const text = genInfoString(s, selectSections(['server']));
    expect(text).toContain('redis_version:7.0.15\r\n');
    expect(text).toMatch(/\r\nrctl_version:\d+\.\d+\.\d+/);
    expect(text).toContain(`run_id:${runId(s)}\r\n`);
    expect(runId(s)).toMatch(/^[0-9a-f]{40}$/);
    expect(runId(makeServer().state)).not.toBe(runId(s));
    expect(text).toContain('tcp_port:7777\r\n');
    expect(text).toContain(`process_id:${process.pid}\r\n`);
  });

  it('describes a master without replicas until replication registers its section', () => {
    const s = makeServer().state;
    const text = genInfoString(s, selectSections(['replication']));
    expect(text).toMatch(
      /^# Replication\r\nrole:master\r\nconnected_slaves:0\r\nmaster_failover_state:no-failover\r\nmaster_replid:[0-9a-f]{40}\r\nmaster_replid2:0{40}\r\nmaster_repl_offset:0\r\nsecond_repl_offset:-1\r\nrepl_backlog_active:0\r\nrepl_backlog_size:1048576\r\nrepl_backlog_first_byte_offset:0\r\nrepl_backlog_histlen:0\r\n$/,
    );
  });

  it('lets a subsystem replace a section body', () => {
    const s = makeServer().state;
    const original = infoSectionBuilder('replication');
    try {
      setInfoSection('replication', () => 'role:slave\r\n');
      expect(genInfoString(s, selectSections(['replication']))).toBe('# Replication\r\nrole:slave\r\n');
    } finally {
      setInfoSection('replication', original);
    }
    expect(() => setInfoSection('nosuch', () => '')).toThrow();
  });

  it('formats commandstats, errorstats (sorted) and latencystats', () => {
    const s = makeServer().state;
    const get = s.stats.commandStat('get');
    get.calls = 3;
    get.usec = 10;
    get.failedCalls = 1;
    s.stats.commandStat('config|get').rejectedCalls = 2;
    s.stats.countError('WRONGTYPE Operation');
    s.stats.countError('ERR syntax error');
    s.stats.countError('ERR x');
    const h = new LatencyHistogram();
    h.record(5000);
    h.record(7000);
    setHistogram(get, h);
    const text = genInfoString(s, selectSections(['commandstats', 'errorstats', 'latencystats']));
    expect(text).toBe(
      '# Commandstats\r\n' +
        'cmdstat_get:calls=3,usec=10,usec_per_call=3.33,rejected_calls=0,failed_calls=1\r\n' +
        'cmdstat_config|get:calls=0,usec=0,usec_per_call=0.00,rejected_calls=2,failed_calls=0\r\n' +
        '\r\n# Errorstats\r\n' +
        'errorstat_ERR:count=2\r\n' +
        'errorstat_WRONGTYPE:count=1\r\n' +
        '\r\n# Latencystats\r\n' +
        'latency_percentiles_usec_get:p50=5.023,p99=7.007,p99.9=7.007\r\n',
    );
  });

  it('lists only non-empty databases in keyspace', () => {
    const s = makeServer().state;
    s.dbs[0]!.set('a', '1');
    s.dbs[2]!.set('b', '1');
    s.dbs[2]!.setExpire('b', s.clock.now() + 1000);
    expect(genInfoString(s, selectSections(['keyspace']))).toBe(
      '# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\ndb2:keys=1,expires=1,avg_ttl=0\r\n',
    );
  });

  it('reports dirty as rdb_changes_since_last_save', () => {
    const s = makeServer().state;
    s.dirty = 42;
    expect(genInfoString(s, selectSections(['persistence']))).toContain('\r\nrdb_changes_since_last_save:42\r\n');
  });
});
