// Current configuration values, typed by the directive table. Parses conf spellings
// (yes/no, memory units as config.c memtoull: 1k=1000, 1kb=1024), formats values back
// the way CONFIG GET prints them, and tells listeners about run-time changes.

import { DIRECTIVES, findDirective, type ConfigValue, type Directive } from './directives.js';

/** A value a directive cannot take; `reason` is Redis's wording for the FATAL block and CONFIG SET. */
export class ConfigValueError extends Error {}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1000,
  kb: 1024,
  m: 1000 * 1000,
  mb: 1024 * 1024,
  g: 1000 * 1000 * 1000,
  gb: 1024 * 1024 * 1024,
};

/** memtoull: "1gb" -> 1073741824; null when not a memory value. */
export function parseMemory(text: string): number | null {
  const m = /^(-?\d+)([a-z]*)$/i.exec(text);
  if (!m) return null;
  const unit = MEMORY_UNITS[m[2]!.toLowerCase()];
  if (unit === undefined) return null;
  return Number(m[1]) * unit;
}

/** Parses the argument words of a directive into its typed value, or throws ConfigValueError. */
export function parseDirectiveValue(dir: Directive, args: readonly string[]): ConfigValue {
  if (dir.kind === 'args') return args.join(' ').split(' ').filter((w) => w.length > 0);
  if (args.length !== 1) throw new ConfigValueError('wrong number of arguments');
  const raw = args[0]!;
  switch (dir.kind) {
    case 'bool': {
      const v = raw.toLowerCase();
      if (v === 'yes') return true;
      if (v === 'no') return false;
      throw new ConfigValueError('argument must be \'yes\' or \'no\'');
    }
    case 'int':
    case 'memory': {
      const n = dir.kind === 'memory' ? parseMemory(raw) : /^-?\d+$/.test(raw) ? Number(raw) : null;
      if (n === null || !Number.isFinite(n)) {
        throw new ConfigValueError(dir.kind === 'memory' ? 'argument must be a memory value' : 'argument couldn\'t be parsed into an integer');
      }
      if ((dir.min !== undefined && n < dir.min) || (dir.max !== undefined && n > dir.max)) {
        throw new ConfigValueError(`argument must be between ${dir.min} and ${dir.max} inclusive`);
      }
      return n;
    }
    case 'enum': {
      const v = raw.toLowerCase();
      if (!dir.values!.includes(v)) throw new ConfigValueError(`argument(s) must be one of the following: ${dir.values!.join(', ')}`);
      return v;
    }
    default:
      return raw;
  }
}

/** CONFIG GET spelling of a value. */
export function formatDirectiveValue(dir: Directive, v: ConfigValue): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.join(' ');
  return String(v);
}

export type ConfigListener = (name: string, value: ConfigValue) => void;

export class ConfigStore {
  private readonly values = new Map<string, ConfigValue>();
  private readonly listeners: ConfigListener[] = [];
  /** Absolute path of the config file the server started with, if any. */
  configFile: string | null = null;

  constructor() {
    for (const dir of DIRECTIVES) this.values.set(dir.name, parseDirectiveValue(dir, dir.default === '' && dir.kind === 'args' ? [] : [dir.default]));
  }

  get(name: string): ConfigValue {
    const dir = findDirective(name);
    if (!dir) throw new Error(`unknown directive ${name}`);
    return this.values.get(dir.name)!;
  }

  num(name: string): number {
    return this.get(name) as number;
  }

  bool(name: string): boolean {
    return this.get(name) as boolean;
  }

  str(name: string): string {
    return this.get(name) as string;
  }

  list(name: string): string[] {
    return this.get(name) as string[];
  }

  /** Sets a directive from its argument words; throws ConfigValueError on a bad value. */
  set(name: string, args: readonly string[]): void {
    const dir = findDirective(name);
    if (!dir) throw new ConfigValueError('Bad directive or wrong number of arguments');
    const v = parseDirectiveValue(dir, args);
    this.values.set(dir.name, v);
    for (const l of this.listeners) l(dir.name, v);
  }

  /** Runs fn whenever a directive changes (CONFIG SET). */
  onChange(fn: ConfigListener): void {
    this.listeners.push(fn);
  }

  format(name: string): string {
    const dir = findDirective(name)!;
    return formatDirectiveValue(dir, this.values.get(dir.name)!);
  }
}
