// Reads redis.conf text into a ConfigStore (config.c loadServerConfigFromString and
// loadServerConfig, server.c main's option handling): one directive per line, sdssplitargs
// quoting, `include` (globs too), `--name value` options, and the FATAL CONFIG FILE ERROR block.

import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { globMatch } from '../keyspace/glob.js';
import { splitArgs } from '../protocol/split-args.js';
import { DEPRECATED_DIRECTIVES, findDirective } from './directives.js';
import { strerror } from '../log.js';
import { BAD_DIRECTIVE, ConfigValueError, WRONG_ARGS, type ConfigStore } from './store.js';

/** A bad line (or a bad final state, lineNumber null): printed as FATAL CONFIG FILE ERROR, exit 1. */
export class ConfigFileError extends Error {
  constructor(
    readonly lineNumber: number | null,
    readonly lineText: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A config file that cannot be read: Redis logs "Fatal error, can't open config file" and exits 1. */
export class ConfigOpenError extends Error {
  constructor(
    readonly path: string,
    readonly why: string,
  ) {
    super(`Fatal error, can't open config file '${path}': ${why}`);
  }
}

/** What a load met that rctl accepts without acting on it (logged once at start). */
export interface LoadReport {
  /** Directives set away from their default that rctl does not implement, plus file-only words. */
  unsupported: string[];
  /** loadmodule lines seen. */
  loadmodules: number;
  /** module.option lines (kept for modules that rctl never loads). */
  moduleConfigs: string[];
}

export interface LoadOptions {
  report?: LoadReport;
  /** True when a command of that name exists (rename-command checks). */
  commandExists?: (name: string) => boolean;
}

const newReport = (): LoadReport => ({ unsupported: [], loadmodules: 0, moduleConfigs: [] });

const note = (report: LoadReport, what: string): void => {
  if (!report.unsupported.includes(what)) report.unsupported.push(what);
};

/** sdstrim(line, " \t\r\n") */
const trimConfLine = (line: string): string => line.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');

/**
 * Applies every line of text to store, in order (a later line wins, and `--name value`
 * options are appended after the file). Throws ConfigFileError or ConfigOpenError.
 */
export function loadConfigText(text: string, store: ConfigStore, opts: LoadOptions = {}, depth = 0): LoadReport {
  const report = opts.report ?? newReport();
  const wasReading = store.readingFile;
  store.readingFile = true;
  try {
    loadLines(text, store, { ...opts, report }, depth);
  } finally {
    store.readingFile = wasReading;
  }
  return report;
}

function loadLines(text: string, store: ConfigStore, opts: LoadOptions & { report: LoadReport }, depth: number): void {
  const report = opts.report;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trimConfLine(lines[i]!);
    if (line.length === 0 || line.startsWith('#')) continue;
    const fail = (reason: string): never => {
      throw new ConfigFileError(i + 1, line, reason);
    };
    const argv = splitArgs(line);
    if (argv === null) fail('Unbalanced quotes in configuration line');
    if (argv!.length === 0) continue;
    const argc = argv!.length;
    const name = argv![0]!.toLowerCase();

    const dir = findDirective(name);
    if (dir) {
      const multi = dir.kind === 'args' || dir.bitflags === true;
      if (!multi && argc !== 2) fail(WRONG_ARGS);
      const wasDefault = store.isDefault(dir.name);
      try {
        store.set(dir.name, argv!.slice(1));
      } catch (e) {
        if (e instanceof ConfigValueError) fail(e.message);
        throw e;
      }
      if (!dir.supported && !(wasDefault && store.isDefault(dir.name))) note(report, dir.name);
      continue;
    }
    if ((DEPRECATED_DIRECTIVES as readonly string[]).includes(name) && argc === 2) continue;

    if (name === 'include' && argc === 2) {
      if (depth >= 32) fail('Too many nested includes');
      for (const file of expandInclude(argv![1]!)) {
        loadLines(readConfigFile(file), store, opts, depth + 1);
      }
    } else if (name === 'rename-command' && argc === 3) {
      const has = opts.commandExists;
      if (has && !has(argv![1]!)) fail('No such command in rename-command');
      if (has && argv![2]!.length > 0 && argv![2]!.toLowerCase() !== argv![1]!.toLowerCase() && has(argv![2]!)) {
        fail('Target command name already exists');
      }
      note(report, 'rename-command');
    } else if (name === 'user' && argc >= 2) {
      note(report, 'user');
    } else if (name === 'loadmodule' && argc >= 2) {
      report.loadmodules++;
      note(report, 'loadmodule');
    } else if (name.includes('.')) {
      if (argc !== 2) fail('Module config specified without value');
      report.moduleConfigs.push(name);
    } else if (name === 'sentinel') {
      // A bare "sentinel" only matters on the command line (sentinel mode); rctl has none.
      if (argc !== 1) fail('sentinel directive while not in sentinel mode');
    } else {
      fail(BAD_DIRECTIVE);
    }
  }

  // The end-of-file checks config.c makes after every loaded text.
  const logfile = store.str('logfile');
  if (logfile !== '') {
    try {
      appendFileSync(logfile, '');
    } catch (e) {
      throw new ConfigFileError(null, '', `Can't open the log file: ${strerror(e)}`);
    }
  }
  if (store.bool('cluster-enabled') && store.list('replicaof').length > 0) {
    throw new ConfigFileError(null, '', 'replicaof directive not allowed in cluster mode');
  }
}

/** Reads a whole config file as bytes (latin1), or throws ConfigOpenError. */
export function readConfigFile(path: string): string {
  try {
    return readFileSync(path, 'latin1');
  } catch (e) {
    throw new ConfigOpenError(path, strerror(e));
  }
}

/**
 * The files an include names: itself, or for a pattern with * ? [ the sorted matches
 * (glob(3)); a pattern matching nothing includes nothing, as Redis allows empty conf.d dirs.
 */
export function expandInclude(pattern: string): string[] {
  if (!/[*?[]/.test(pattern)) return [pattern];
  const absolute = pattern.startsWith('/');
  const parts = pattern.split('/').filter((p, i) => p.length > 0 || i === 0);
  let bases = [absolute ? '/' : ''];
  for (let k = absolute ? 1 : 0; k < parts.length; k++) {
    const part = parts[k]!;
    const next: string[] = [];
    for (const base of bases) {
      if (!/[*?[]/.test(part)) {
        next.push(base + part + (k < parts.length - 1 ? '/' : ''));
        continue;
      }
      let entries: string[];
      try {
        entries = readdirSync(base === '' ? '.' : base);
      } catch {
        continue;
      }
      for (const ent of entries.sort()) {
        if (ent.startsWith('.') && !part.startsWith('.')) continue;
        if (globMatch(part, ent)) next.push(base + ent + (k < parts.length - 1 ? '/' : ''));
      }
    }
    bases = next;
  }
  return bases.sort();
}

/** sdscatrepr quoting used for option values on the command line. */
function quoteOption(a: string): string {
  let s = '"';
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    switch (c) {
      case 0x5c:
        s += '\\\\';
        break;
      case 0x22:
        s += '\\"';
        break;
      case 0x0a:
        s += '\\n';
        break;
      case 0x0d:
        s += '\\r';
        break;
      case 0x09:
        s += '\\t';
        break;
      case 0x07:
        s += '\\a';
        break;
      case 0x08:
        s += '\\b';
        break;
      default:
        s += c >= 0x20 && c < 0x7f ? a[i] : '\\x' + c.toString(16).padStart(2, '0');
    }
  }
  return s + '"';
}

/** The command line after the config file, as server.c main reads it. */
export interface ParsedArgs {
  /** Conf text made of the `--name value` options (one directive per line). */
  options: string;
  /** A "-" first or last: read more config from standard input. */
  readStdin: boolean;
}

/**
 * Turns `--name value ...` options into conf lines as redis-server 7.0 does: each `--name`
 * starts a line and the following words are appended quoted. A `--name` right after an
 * option without a value is itself a value (`--masterauth --secret`), except that a bare
 * `--save` becomes `save ""`.
 */
export function parseOptions(args: readonly string[]): ParsedArgs {
  let options = '';
  let readStdin = false;
  let handledLast = true;
  for (let j = 0; j < args.length; j++) {
    const a = args[j]!;
    const first = j === 0;
    const last = j === args.length - 1;
    if (a === '-' && (first || last)) {
      readStdin = true;
    } else if (handledLast && a.startsWith('--')) {
      if (options.length > 0) options += '\n';
      options += a.slice(2) + ' ';
      const words = splitArgs(a);
      if (words !== null && words.length === 1) {
        handledLast = false;
        const nextIsOption = !last && args[j + 1]!.startsWith('--');
        if (a.toLowerCase() === '--save' && (nextIsOption || last)) {
          options += '""';
          handledLast = nextIsOption;
        } else if (a.toLowerCase() === '--sentinel' && nextIsOption) {
          handledLast = true;
        }
      } else {
        // "--port 6380" in one word: name and value together.
        handledLast = true;
      }
    } else {
      options += quoteOption(a) + ' ';
      handledLast = true;
    }
  }
  return { options, readStdin };
}

/** Kept for callers of the first draft: options text only. */
export function optionsToConfText(args: readonly string[]): string {
  return parseOptions(args).options;
}

/** The FATAL CONFIG FILE ERROR block, exactly as Redis prints it to stderr. */
export function formatConfigError(err: ConfigFileError, redisVersion: string): string {
  let out = `\n*** FATAL CONFIG FILE ERROR (Redis ${redisVersion}) ***\n`;
  if (err.lineNumber !== null) out += `Reading the configuration file, at line ${err.lineNumber}\n>>> '${err.lineText}'\n`;
  return out + `${err.reason}\n`;
}
