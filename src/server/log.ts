// Redis's log-line format (server.c serverLogRaw): "pid:role dd Mon yyyy hh:mm:ss.mmm <mark> msg",
// role C (child), S (replica), M (master), X (sentinel); marks . - * # by level.

import { appendFileSync } from 'node:fs';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';
const LEVELS: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };
const MARKS = ['.', '-', '*', '#'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** Formats a timestamp as Redis does: "25 Nov 2026 12:00:00.123" (local time). */
export function formatLogTime(ms: number): string {
  const t = new Date(ms);
  return `${pad(t.getDate())} ${MONTHS[t.getMonth()]} ${t.getFullYear()} ${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}.${pad(t.getMilliseconds(), 3)}`;
}

export class Logger {
  level: LogLevel = 'notice';
  /** Empty: standard output, as Redis's `logfile ""`. */
  file = '';
  /** 'M' or 'S', following the node's current role. */
  role: 'M' | 'S' = 'M';

  log(level: LogLevel, msg: string): void {
    if (LEVELS[level] < LEVELS[this.level]) return;
    this.raw(`${process.pid}:${this.role} ${formatLogTime(Date.now())} ${MARKS[LEVELS[level]]} ${msg}\n`);
  }

  /** Writes text as is (the start banner). */
  raw(text: string): void {
    if (this.file) {
      try {
        appendFileSync(this.file, text);
        return;
      } catch {
        // Fall through to stdout when the log file cannot be written, so nothing is lost.
      }
    }
    process.stdout.write(text);
  }

  debug(msg: string): void {
    this.log('debug', msg);
  }
  verbose(msg: string): void {
    this.log('verbose', msg);
  }
  notice(msg: string): void {
    this.log('notice', msg);
  }
  warning(msg: string): void {
    this.log('warning', msg);
  }
}
