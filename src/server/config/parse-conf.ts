// Reads redis.conf text into a ConfigStore (config.c loadServerConfigFromString): one
// directive per line, '#' comments, sdssplitargs quoting, `include` of other files, and
// Redis's FATAL CONFIG FILE ERROR report for the first bad line.

import { readFileSync } from 'node:fs';
import { splitArgs } from '../protocol/split-args.js';
import { findDirective } from './directives.js';
import { ConfigValueError, type ConfigStore } from './store.js';

/** A bad line: main prints it in Redis's FATAL CONFIG FILE ERROR block and exits 1. */
export class ConfigFileError extends Error {
  constructor(
    readonly lineNumber: number,
    readonly lineText: string,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** Directives a file set but rctl does not implement (logged once at start). */
export interface LoadReport {
  unsupported: string[];
}

/**
 * Applies every line of text to store. Lines are applied in order, so a later line wins
 * (as `--name value` overrides appended after the file do). Throws ConfigFileError.
 */
export function loadConfigText(text: string, store: ConfigStore, report: LoadReport = { unsupported: [] }, depth = 0): LoadReport {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    const argv = splitArgs(line);
    if (argv === null) throw new ConfigFileError(i + 1, line, 'Unbalanced quotes in configuration line');
    if (argv.length === 0) continue;
    const name = argv[0]!.toLowerCase();
    if (name === 'include' && argv.length === 2) {
      if (depth > 16) throw new ConfigFileError(i + 1, line, 'Too many nested includes');
      let included: string;
      try {
        included = readFileSync(argv[1]!, 'latin1');
      } catch (e) {
        throw new ConfigFileError(i + 1, line, `Fatal error, can't open config file '${argv[1]}': ${(e as Error).message}`);
      }
      loadConfigText(included, store, report, depth + 1);
      continue;
    }
    const dir = findDirective(name);
    if (!dir || (argv.length < 2 && dir.kind !== 'args')) {
      throw new ConfigFileError(i + 1, line, 'Bad directive or wrong number of arguments');
    }
    try {
      store.set(name, argv.slice(1));
    } catch (e) {
      if (e instanceof ConfigValueError) throw new ConfigFileError(i + 1, line, e.message);
      throw e;
    }
    if (!dir.supported && !report.unsupported.includes(dir.name)) report.unsupported.push(dir.name);
  }
  return report;
}

/**
 * Turns `--name value ...` command-line options into conf lines, as redis-server does:
 * each `--name` starts a line, the following words are quoted arguments.
 */
export function optionsToConfText(args: readonly string[]): string {
  let out = '';
  for (const a of args) {
    if (a.startsWith('--') && a.length > 2) out += `\n${a.slice(2)} `;
    else out += `${quoteArg(a)} `;
  }
  return out;
}

function quoteArg(a: string): string {
  let s = '"';
  for (const ch of a) {
    if (ch === '"' || ch === '\\') s += '\\' + ch;
    else if (ch === '\n') s += '\\n';
    else if (ch === '\r') s += '\\r';
    else s += ch;
  }
  return s + '"';
}

/** The FATAL CONFIG FILE ERROR block, exactly as Redis prints it to stderr. */
export function formatConfigError(err: ConfigFileError, redisVersion: string): string {
  return `\n*** FATAL CONFIG FILE ERROR (Redis ${redisVersion}) ***\nReading the configuration file, at line ${err.lineNumber}\n>>> '${err.lineText}'\n${err.reason}\n`;
}
