// Terminal output for rctl: a chalk palette that honours FORCE_COLOR, NO_COLOR and non-TTY
// streams (https://no-color.org, Node's FORCE_COLOR rules), a stderr logger with --debug,
// and a table formatter for status rows. Results go to stdout, everything else to stderr.

import { stripVTControlCharacters } from 'node:util';
import { Chalk, type ChalkInstance } from 'chalk';
import { EXIT_CODES, isCliError } from './errors.js';

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export type ColorLevel = 0 | 1 | 2 | 3;

/**
 * FORCE_COLOR wins (as in Node: '0'/'false' off, '' or 'true' basic, 1-3 that level), then
 * a non-empty NO_COLOR turns colour off, then non-TTY streams and TERM=dumb get none.
 */
export function colorLevel(env: NodeJS.ProcessEnv, isTTY: boolean): ColorLevel {
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '' || force === 'true') return 1;
    if (force === 'false') return 0;
    const n = Number.parseInt(force, 10);
    if (Number.isNaN(n)) return 1;
    return Math.max(0, Math.min(3, n)) as ColorLevel;
  }
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (!isTTY || env.TERM === 'dumb') return 0;
  if (env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit') return 3;
  if (env.TERM !== undefined && /-256(color)?$/i.test(env.TERM)) return 2;
  return 1;
}

export interface Palette {
  ok(s: string): string;
  warn(s: string): string;
  error(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
  /** Names of nodes, ports, files and flags inside messages. */
  accent(s: string): string;
  master(s: string): string;
  replica(s: string): string;
}

function makePalette(chalk: ChalkInstance): Palette {
  return {
    ok: (s) => chalk.green(s),
    warn: (s) => chalk.yellow(s),
    error: (s) => chalk.red(s),
    dim: (s) => chalk.dim(s),
    bold: (s) => chalk.bold(s),
    accent: (s) => chalk.cyan(s),
    master: (s) => chalk.bold.magenta(s),
    replica: (s) => chalk.blue(s),
  };
}

export interface Logger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  /** Only with --debug. */
  debug(msg: string): void;
}

export interface Ui {
  chalk: ChalkInstance;
  color: Palette;
  log: Logger;
  /** Whether stdout is an interactive terminal (listr2 renderers, --watch). */
  interactive: boolean;
  debugEnabled: boolean;
  json: boolean;
  /** A result line on stdout. */
  out(text: string): void;
  /** A value as pretty JSON on stdout. */
  outJson(value: unknown): void;
}

export interface UiOptions {
  env: NodeJS.ProcessEnv;
  stdout: OutStream;
  stderr: OutStream;
  debug?: boolean;
  json?: boolean;
}

export function createUi(opts: UiOptions): Ui {
  const interactive = opts.stdout.isTTY === true && opts.env.CI === undefined;
  // One level for both streams: messages on stderr and tables on stdout look alike.
  const chalk = new Chalk({ level: colorLevel(opts.env, opts.stderr.isTTY === true || opts.stdout.isTTY === true) });
  const color = makePalette(chalk);
  const debug = opts.debug === true;
  const line = (s: OutStream, text: string) => s.write(text.endsWith('\n') ? text : text + '\n');
  return {
    chalk,
    color,
    interactive,
    debugEnabled: debug,
    json: opts.json === true,
    out: (text) => line(opts.stdout, text),
    outJson: (value) => line(opts.stdout, JSON.stringify(value, null, 2)),
    log: {
      info: (msg) => line(opts.stderr, msg),
      warn: (msg) => line(opts.stderr, `${color.warn('warning:')} ${msg}`),
      error: (msg) => line(opts.stderr, `${color.error('rctl:')} ${msg}`),
      debug: (msg) => {
        if (debug) line(opts.stderr, color.dim(`debug: ${msg}`));
      },
    },
  };
}

/** Display width of a string that may hold ANSI colour codes. */
export function visibleLength(s: string): number {
  return stripVTControlCharacters(s).length;
}

export interface TableOptions {
  /** Column indexes aligned right (numbers: ports, pids, offsets, lag). */
  alignRight?: readonly number[];
  /** Colours the header row; defaults to plain. */
  header?: (s: string) => string;
  /** Between columns; two spaces by default. */
  gap?: string;
}

/**
 * Formats rows under headers with columns padded to their widest cell; cells may already be
 * coloured (widths ignore ANSI codes). Returns lines without trailing spaces.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[], opts: TableOptions = {}): string[] {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const right = new Set(opts.alignRight ?? []);
  const gap = opts.gap ?? '  ';
  const fmt = (cells: readonly string[], colorHeader: boolean): string =>
    widths
      .map((w, i) => {
        const raw = cells[i] ?? '';
        const pad = ' '.repeat(Math.max(0, w - visibleLength(raw)));
        const cell = colorHeader && opts.header ? opts.header(raw) : raw;
        return right.has(i) ? pad + cell : cell + pad;
      })
      .join(gap)
      .trimEnd();
  return [fmt(headers, true), ...rows.map((r) => fmt(r, false))];
}

/** Lines for a failure and the exit code; main.ts prints them (see errors.ts EXIT_CODES). */
export function formatError(e: unknown, color: Palette, debug: boolean): { lines: string[]; exitCode: number } {
  const lines: string[] = [];
  if (isCliError(e)) {
    lines.push(`${color.error('rctl:')} ${e.message}`);
    if (e.details) for (const l of e.details.split('\n')) lines.push(`  ${l}`);
    if (e.hint) lines.push(`${color.warn('hint:')} ${e.hint}`);
    if (debug) {
      lines.push(color.dim(`code: ${e.code} (exit ${e.exitCode})`));
      if (e.cause instanceof Error && e.cause.stack) lines.push(color.dim(e.cause.stack));
    }
    return { lines, exitCode: e.exitCode };
  }
  const err = e instanceof Error ? e : new Error(String(e));
  lines.push(`${color.error('rctl:')} unexpected error: ${err.message.split('\n')[0]}`);
  if (debug) lines.push(color.dim(err.stack ?? String(err)));
  else lines.push(`${color.warn('hint:')} rerun with --debug for the stack trace, and report it if it persists`);
  return { lines, exitCode: EXIT_CODES.E_INTERNAL };
}
