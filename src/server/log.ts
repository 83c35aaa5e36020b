// Redis's log-line format (server.c serverLogRaw, serverLogFromHandler): "pid:role dd Mon yyyy
// hh:mm:ss.mmm <mark> msg", role C (before the server is set up), S (replica), M (master);
// marks . - * # by level. Signal handlers write "pid:signal-handler (unixtime) msg".

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

// C library strerror() texts for the errno codes Node reports, so lines such as
// "bind: Address already in use" read as Redis writes them.
const STRERROR: Record<string, string> = {
  EADDRINUSE: 'Address already in use',
  EADDRNOTAVAIL: 'Cannot assign requested address',
  EAFNOSUPPORT: 'Address family not supported by protocol',
  ECONNREFUSED: 'Connection refused',
  ECONNRESET: 'Connection reset by peer',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
  ENETUNREACH: 'Network is unreachable',
  EPIPE: 'Broken pipe',
  ENOTFOUND: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EISDIR: 'Is a directory',
  ENOTEMPTY: 'Directory not empty',
  EEXIST: 'File exists',
  EROFS: 'Read-only file system',
  ENOSPC: 'No space left on device',
  EDQUOT: 'Disk quota exceeded',
  EFBIG: 'File too large',
  EIO: 'Input/output error',
  EINVAL: 'Invalid argument',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EMFILE: 'Too many open files',
  ENFILE: 'Too many open files in system',
  EBUSY: 'Device or resource busy',
  EXDEV: 'Invalid cross-device link',
};

/** The strerror() text of a Node system error (its message when the code is unknown). */
export function strerror(e: unknown): string {
  const err = e as NodeJS.ErrnoException | null;
  return (err?.code !== undefined && STRERROR[err.code]) || err?.message || String(e);
}

// Redis ignores SIGPIPE and failed log writes; a reader closing our stdout (`| head`, a
// supervisor going away) must not crash the server with EPIPE.
let stdoutGuarded = false;
function writeStdout(text: string): void {
  if (!stdoutGuarded) {
    stdoutGuarded = true;
    process.stdout.on('error', () => {});
  }
  if (!process.stdout.destroyed) process.stdout.write(Buffer.from(text, 'latin1'));
}

export class Logger {
  level: LogLevel = 'notice';
  /** Empty: standard output, as Redis's `logfile ""`. */
  file = '';
  /** 'C' until the server is set up (Redis: server.pid not set yet), then 'M' or 'S' by role. */
  role: 'C' | 'M' | 'S' = 'M';

  /** True when lines of this level are written (serverLog's verbosity filter). */
  enabled(level: LogLevel): boolean {
    return LEVELS[level] >= LEVELS[this.level];
  }

  log(level: LogLevel, msg: string): void {
    if (LEVELS[level] < LEVELS[this.level]) return;
    this.raw(`${process.pid}:${this.role} ${formatLogTime(Date.now())} ${MARKS[LEVELS[level]]} ${msg}\n`);
  }

  /** A line as Redis's signal handlers write it (serverLogFromHandler, warning level). */
  fromHandler(msg: string): void {
    this.raw(`${process.pid}:signal-handler (${Math.floor(Date.now() / 1000)}) ${msg}\n`);
  }

  /** Writes text as is (the start banner); message bytes are byte strings (latin1). */
  raw(text: string): void {
    if (this.file) {
      try {
        appendFileSync(this.file, text, 'latin1');
        return;
      } catch {
        // Fall through to stdout when the log file cannot be written, so nothing is lost.
      }
    }
    writeStdout(text);
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
