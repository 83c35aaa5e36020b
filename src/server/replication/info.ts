// INFO replication, field for field as Redis 7.0 genRedisInfoString prints it.

import type { ServerState } from '../state.js';
import { replicationOf } from './subsystem.js';

export function replicationInfo(s: ServerState): string {
  const { repl, replica } = replicationOf(s);
  const lines: string[] = [];
  const now = Date.now();
  if (s.masterHost === null) {
    lines.push('role:master');
  } else {
    lines.push('role:slave', `master_host:${s.masterHost}`, `master_port:${s.masterPort}`);
    lines.push(`master_link_status:${replica.connected ? 'up' : 'down'}`);
    lines.push(`master_last_io_seconds_ago:${replica.connected ? Math.floor((now - replica.lastIo) / 1000) : -1}`);
    const syncing = replica.state === 'sync';
    lines.push(`master_sync_in_progress:${syncing ? 1 : 0}`);
    lines.push(`slave_read_repl_offset:${replica.connected ? replica.readOffset : repl.offset}`);
    lines.push(`slave_repl_offset:${replica.connected ? replica.reploff : repl.offset}`);
    if (syncing) {
      const total = replica.syncTotal;
      const read = replica.syncRead;
      lines.push(`master_sync_total_bytes:${total || -1}`);
      lines.push(`master_sync_read_bytes:${read}`);
      lines.push(`master_sync_left_bytes:${total ? total - read : -1}`);
      lines.push(`master_sync_perc:${total ? ((read / total) * 100).toFixed(2) : '0.00'}`);
      lines.push(`master_sync_last_io_seconds_ago:${Math.floor((now - replica.syncLastIo) / 1000)}`);
    }
    if (!replica.connected) {
      lines.push(`master_link_down_since_seconds:${replica.linkDownSince < 0 ? -1 : Math.floor((now - replica.linkDownSince) / 1000)}`);
    }
    lines.push(`slave_priority:${s.config.num('replica-priority')}`);
    lines.push(`slave_read_only:${s.config.bool('replica-read-only') ? 1 : 0}`);
    lines.push(`replica_announced:${s.config.bool('replica-announced') ? 1 : 0}`);
  }
  lines.push(`connected_slaves:${repl.replicas.length}`);
  lines.push(...repl.replicaInfoLines());
  const need = s.config.num('min-replicas-to-write');
  if (need > 0 && s.masterHost === null) lines.push(`min_slaves_good_slaves:${repl.goodReplicasCount()}`);
  lines.push('master_failover_state:no-failover');
  lines.push(`master_replid:${repl.ids.replid}`, `master_replid2:${repl.ids.replid2}`);
  lines.push(`master_repl_offset:${repl.offset}`, `second_repl_offset:${repl.ids.secondReplidOffset}`);
  const b = repl.backlog;
  lines.push(`repl_backlog_active:${b ? 1 : 0}`);
  lines.push(`repl_backlog_size:${s.config.num('repl-backlog-size')}`);
  lines.push(`repl_backlog_first_byte_offset:${b ? b.offset : 0}`);
  lines.push(`repl_backlog_histlen:${b ? b.histlen : 0}`);
  // Not a Redis field: why the link to the master is down, when we know.
  if (s.masterHost !== null && !replica.connected && replica.lastError) lines.push(`rctl_master_link_error:${replica.lastError.replace(/[\r\n]/g, ' ')}`);
  return lines.join('\r\n');
}
