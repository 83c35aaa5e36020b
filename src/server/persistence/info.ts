// INFO persistence with Redis 7.0.15's fields in its order (server.c genRedisInfoString),
// including the loading_* block shown while a dataset is being loaded. AOF and module
// forks do not exist here, so their fields keep the values of a server without them.

import { printfFixed } from '../info.js';
import type { ServerState } from '../state.js';
import { SnapshotProducer } from './snapshot-producer.js';
import { persistenceOf } from './snapshot.js';

/** The snapshot INFO describes: our BGSAVE, else a replication full sync's. */
function runningSnapshot(s: ServerState): SnapshotProducer | null {
  const p = persistenceOf(s);
  if (p.bgsave !== null) return p.bgsave;
  for (const snap of s.snapshots) if (snap instanceof SnapshotProducer) return snap;
  return null;
}

export function persistenceInfo(s: ServerState): string {
  const p = persistenceOf(s);
  const snap = runningSnapshot(s);
  const nowSec = Math.floor(Date.now() / 1000);
  const processed = snap ? snap.keys : 0;
  const total = snap ? snap.keysTotal : 0;
  const perc = snap && total > 0 ? (processed / total) * 100 : 0;
  const lines = [
    `loading:${s.loading ? 1 : 0}`,
    `async_loading:${p.asyncLoading ? 1 : 0}`,
    `current_cow_peak:${snap ? snap.cowPeak : 0}`,
    `current_cow_size:${snap ? snap.cowBytes : 0}`,
    'current_cow_size_age:0',
    `current_fork_perc:${printfFixed(perc, 2)}`,
    `current_save_keys_processed:${processed}`,
    `current_save_keys_total:${total}`,
    `rdb_changes_since_last_save:${s.dirty}`,
    `rdb_bgsave_in_progress:${snap ? 1 : 0}`,
    `rdb_last_save_time:${p.lastSave}`,
    `rdb_last_bgsave_status:${p.lastBgsaveOk ? 'ok' : 'err'}`,
    `rdb_last_bgsave_time_sec:${p.lastBgsaveTimeSec}`,
    `rdb_current_bgsave_time_sec:${snap ? Math.floor((Date.now() - snap.startedAt) / 1000) : -1}`,
    `rdb_saves:${p.saves}`,
    `rdb_last_cow_size:${p.lastCowSize}`,
    `rdb_last_load_keys_expired:${p.lastLoadKeysExpired}`,
    `rdb_last_load_keys_loaded:${p.lastLoadKeysLoaded}`,
    'aof_enabled:0',
    'aof_rewrite_in_progress:0',
    'aof_rewrite_scheduled:0',
    'aof_last_rewrite_time_sec:-1',
    'aof_current_rewrite_time_sec:-1',
    'aof_last_bgrewrite_status:ok',
    'aof_rewrites:0',
    'aof_rewrites_consecutive_failures:0',
    'aof_last_write_status:ok',
    'aof_last_cow_size:0',
    'module_fork_in_progress:0',
    'module_fork_last_cow_size:0',
  ];
  if (s.loading) {
    let loadPerc = 0;
    let remaining = 1;
    if (p.loadingTotalBytes > 0) {
      loadPerc = (p.loadingLoadedBytes / p.loadingTotalBytes) * 100;
      remaining = p.loadingTotalBytes - p.loadingLoadedBytes;
    } else if (p.loadingRdbUsedMem > 0) {
      // used-mem only estimates the size of a streamed payload: never claim 100%.
      loadPerc = Math.min(99.99, (p.loadingLoadedBytes / p.loadingRdbUsedMem) * 100);
      remaining = Math.max(1, p.loadingRdbUsedMem - p.loadingLoadedBytes);
    }
    const elapsed = nowSec - p.loadingStart;
    const eta = elapsed === 0 ? 1 : Math.floor((elapsed * remaining) / (p.loadingLoadedBytes + 1));
    lines.push(
      `loading_start_time:${p.loadingStart}`,
      `loading_total_bytes:${p.loadingTotalBytes}`,
      `loading_rdb_used_mem:${p.loadingRdbUsedMem}`,
      `loading_loaded_bytes:${p.loadingLoadedBytes}`,
      `loading_loaded_perc:${printfFixed(loadPerc, 2)}`,
      `loading_eta_seconds:${eta}`,
    );
  }
  return lines.join('\r\n') + '\r\n';
}
