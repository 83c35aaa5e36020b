// INFO replication, field for field as Redis 7.0 genRedisInfoString prints it.

import type { ServerState } from '../state.js';
import { replicationOf } from './subsystem.js';

/** Whole seconds between two ms times, as Redis subtracts its cached unixtime seconds. */
export const secondsSince = (now: number, then: number): number => Math.floor(now / 1000) - Math.floor(then / 1000);

/** printf("%.2f") including C's "-0.00" for a negative zero. */
const percent = (v: number): string => (v < 0 || Object.is(v, -0) ? `-${Math.abs(v).toFixed(2)}` : v.toFixed(2));

export function replicationInfo(s: ServerState): string {
  const { repl, replica } = replicationOf(s);
  repl.flushStream();
  const lines: string[] = [];
  const now = Date.now();
  if (s.masterHost === null) {
    lines.push('role:master');
  } else {
    lines.push('role:slave', `master_host:${s.masterHost}`, `master_port:${s.masterPort}`);
    lines.push(`master_link_status:${replica.connected ? 'up' : 'down'}`);
    lines.push(`master_last_io_seconds_ago:${replica.connected ? secondsSince(now, replica.lastIo) : -1}`);
    const syncing = replica.state === 'sync';
    lines.push(`master_sync_in_progress:${syncing ? 1 : 0}`);
    // The live master link's offsets, else the cached master's, else 1 (genRedisInfoString).
    const cached = replica.cached;
    const readOff = replica.connected ? replica.readOffset : cached ? cached.offset : 1;
    const applied = replica.connected ? replica.reploff : cached ? cached.offset : 1;
    lines.push(`slave_read_repl_offset:${readOff}`);
    lines.push(`slave_repl_offset:${applied}`);
    if (syncing) {
      // Size -1 until the bulk header arrives, 0 for an EOF-marked (diskless) transfer.
      const total = replica.syncTotal;
      const read = replica.syncRead;
      lines.push(`master_sync_total_bytes:${total}`);
      lines.push(`master_sync_read_bytes:${read}`);
      lines.push(`master_sync_left_bytes:${total - read}`);
      lines.push(`master_sync_perc:${percent(total !== 0 ? (read / total) * 100 : 0)}`);
      lines.push(`master_sync_last_io_seconds_ago:${secondsSince(now, replica.syncLastIo)}`);
    }
    if (!replica.connected) {
      lines.push(`master_link_down_since_seconds:${replica.linkDownSince < 0 ? -1 : secondsSince(now, replica.linkDownSince)}`);
    }
    lines.push(`slave_priority:${s.config.num('replica-priority')}`);
    lines.push(`slave_read_only:${s.config.bool('replica-read-only') ? 1 : 0}`);
    lines.push(`replica_announced:${s.config.bool('replica-announced') ? 1 : 0}`);
  }
  lines.push(`connected_slaves:${repl.replicas.length}`);
  lines.push(...repl.replicaInfoLines());
  if (s.config.num('min-replicas-to-write') > 0 && s.config.num('min-replicas-max-lag') > 0) lines.push(`min_slaves_good_slaves:${repl.goodReplicasCount()}`);
  lines.push(`master_failover_state:${repl.failoverState}`);
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
