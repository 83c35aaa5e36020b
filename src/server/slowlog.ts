// The slow log (slowlog.c): commands that ran longer than slowlog-log-slower-than
// microseconds, newest first, at most slowlog-max-len entries, with Redis's argument
// trimming (32 arguments, 128 bytes each) so a huge command cannot bloat the log.

import type { Client } from './client.js';

/** SLOWLOG_ENTRY_MAX_ARGC / SLOWLOG_ENTRY_MAX_STRING. */
const MAX_ARGC = 32;
const MAX_STRING = 128;

export interface SlowlogEntry {
  id: number;
  /** Unix time in seconds when the command ran. */
  time: number;
  /** Execution time in microseconds. */
  duration: number;
  argv: string[];
  peerId: string;
  clientName: string;
}

export class Slowlog {
  /** Newest first. */
  entries: SlowlogEntry[] = [];
  private nextId = 0;
  /** slowlog-log-slower-than (us); negative disables the log. */
  slowerThan = 10000;
  maxLen = 128;

  /** slowlogPushEntryIfNeeded: records the command when it was slow enough. */
  pushIfNeeded(c: Client, argv: readonly string[], durationUs: number, nowSec: number): void {
    if (this.slowerThan < 0 || durationUs < this.slowerThan) return;
    const argc = Math.min(argv.length, MAX_ARGC);
    const kept: string[] = new Array<string>(argc);
    for (let i = 0; i < argc; i++) {
      if (argc !== argv.length && i === argc - 1) {
        kept[i] = `... (${argv.length - argc + 1} more arguments)`;
        break;
      }
      const a = argv[i]!;
      kept[i] = a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a;
    }
    this.entries.unshift({
      id: this.nextId++,
      time: nowSec,
      duration: durationUs,
      argv: kept,
      peerId: c.conn.remoteAddress,
      clientName: c.name,
    });
    this.trim();
  }

  /** Drops the oldest entries beyond slowlog-max-len. */
  trim(): void {
    if (this.entries.length > this.maxLen) this.entries.length = this.maxLen;
  }

  reset(): void {
    this.entries = [];
  }
}
