// Counters behind INFO stats, commandstats and errorstats (server.h struct redisServer
// stat_* fields). Reset by CONFIG RESETSTAT.

export interface CommandStat {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
}

export class Stats {
  connectionsReceived = 0;
  commandsProcessed = 0;
  rejectedConnections = 0;
  expiredKeys = 0;
  expiredStalePerc = 0;
  expiredTimeCapReachedCount = 0;
  expireCycleCpuMs = 0;
  evictedKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  pubsubChannels = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  netReplInputBytes = 0;
  netReplOutputBytes = 0;
  syncFull = 0;
  syncPartialOk = 0;
  syncPartialErr = 0;
  totalErrorReplies = 0;
  /** incrCommandStatsOnError's prev_err_count: errors counted when the last call began or ended. */
  prevErrorReplies = 0;
  unexpectedErrorReplies = 0;
  dumpPayloadSanitizations = 0;
  totalReadsProcessed = 0;
  totalWritesProcessed = 0;
  ioThreadedReadsProcessed = 0;
  ioThreadedWritesProcessed = 0;
  clientQueryBufferLimitDisconnections = 0;
  clientOutputBufferLimitDisconnections = 0;
  readonly errors = new Map<string, number>();
  readonly commands = new Map<string, CommandStat>();
  /** Bumped by reset(): callers that cache CommandStat objects refetch them. */
  epoch = 0;
  // The last entry looked up: call() and the after-call hook ask for the same one in a row.
  private lastName = '';
  private lastStat: CommandStat | null = null;

  /** Counts an error reply under its prefix (the first word), as INFO errorstats shows. */
  countError(msg: string): void {
    this.totalErrorReplies++;
    const sp = msg.indexOf(' ');
    const prefix = sp < 0 ? msg : msg.slice(0, sp);
    // Redis caps distinct error names at 128 and folds the rest into a flag; we do the same.
    if (this.errors.size >= 128 && !this.errors.has(prefix)) return;
    this.errors.set(prefix, (this.errors.get(prefix) ?? 0) + 1);
  }

  commandStat(name: string): CommandStat {
    if (name === this.lastName && this.lastStat !== null) return this.lastStat;
    let s = this.commands.get(name);
    if (!s) {
      s = { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 };
      this.commands.set(name, s);
    }
    this.lastName = name;
    this.lastStat = s;
    return s;
  }

  reset(): void {
    const fresh = new Stats();
    for (const k of Object.keys(fresh) as Array<keyof Stats>) {
      if (k === 'errors' || k === 'commands' || k === 'epoch') continue;
      (this as Record<string, unknown>)[k] = fresh[k];
    }
    this.errors.clear();
    this.commands.clear();
    this.lastStat = null;
    this.epoch++;
  }
}
