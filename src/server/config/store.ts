// Current configuration values, typed by the directive table (config.c set/get of each
// config type): yes/no, memtoull memory units, percent and octal numbers, enums and the
// special directives. Formats values as CONFIG GET prints them, runs CONFIG SET atomically
// with Redis's restore-on-failure, and tells subsystems about changes.

import { statSync } from 'node:fs';
import * as E from '../errors.js';
import { parseFloatStrict, parseInt64 } from '../commands/args.js';
import { strerror } from '../log.js';
import { splitArgs } from '../protocol/split-args.js';
import { DIRECTIVES, findDirective, type ConfigValue, type Directive } from './directives.js';

/** A value a directive cannot take; the message is Redis's reason (FATAL block and CONFIG SET). */
export class ConfigValueError extends Error {}

const U64 = 1n << 64n;
const ULLONG_MAX = U64 - 1n;
const LOADBUF_SIZE = 256;
const CONFIG_BINDADDR_MAX = 16;

export const WRONG_ARGS = 'wrong number of arguments';
export const BAD_DIRECTIVE = 'Bad directive or wrong number of arguments';

// --- number parsing as util.c / libc do it ------------------------------------------------

/** util.c memtoull: digits + optional unit (b k kb m mb g gb, any case); null on error. Wraps like C. */
export function memtoull(text: string): bigint | null {
  if (text.charCodeAt(0) === 0x2d) return null;
  let i = 0;
  while (i < text.length && text.charCodeAt(i) >= 0x30 && text.charCodeAt(i) <= 0x39) i++;
  let mul: bigint;
  switch (text.slice(i).toLowerCase()) {
    case '':
    case 'b':
      mul = 1n;
      break;
    case 'k':
      mul = 1000n;
      break;
    case 'kb':
      mul = 1024n;
      break;
    case 'm':
      mul = 1000n * 1000n;
      break;
    case 'mb':
      mul = 1024n * 1024n;
      break;
    case 'g':
      mul = 1000n * 1000n * 1000n;
      break;
    case 'gb':
      mul = 1024n * 1024n * 1024n;
      break;
    default:
      return null;
  }
  if (i >= 128) return null;
  // strtoull of an empty digit run is 0 and saturates on overflow; the product wraps.
  let v = i === 0 ? 0n : BigInt(text.slice(0, i));
  if (v > ULLONG_MAX) v = ULLONG_MAX;
  return (v * mul) % U64;
}

/** memtoull for callers that want a JS number ("1gb" -> 1073741824); null when not a memory value. */
export function parseMemory(text: string): number | null {
  const v = memtoull(text);
  return v === null ? null : Number(v);
}

/** strtoll(s, &end, base) with Redis's usual "*end == '\0'" check; null when junk remains or it overflows. */
function strtollWhole(s: string, base: 8 | 10, checkOverflow: boolean): bigint | null {
  const m = (base === 8 ? /^[ \t\n\v\f\r]*([+-]?)([0-7]+)$/ : /^[ \t\n\v\f\r]*([+-]?)([0-9]+)$/).exec(s);
  if (!m) {
    // No digits at all: strtoll stops at the start, which is the end only for "".
    return s.length === 0 ? 0n : null;
  }
  let v = BigInt((base === 8 ? '0o' : '') + m[2]!);
  if (m[1] === '-') v = -v;
  const max = (1n << 63n) - 1n;
  const min = -(1n << 63n);
  if (v > max) return checkOverflow ? null : max;
  if (v < min) return checkOverflow ? null : min;
  return v;
}

const toSigned64 = (v: bigint): bigint => BigInt.asIntN(64, v);
const toUnsigned64 = (v: bigint): bigint => BigInt.asUintN(64, v);

/** rewriteConfigFormatMemory: the largest exact gb/mb/kb unit, for CONFIG REWRITE. */
export function formatMemoryForConf(bytes: bigint): string {
  const gb = 1024n * 1024n * 1024n;
  const mb = 1024n * 1024n;
  const kb = 1024n;
  if (bytes !== 0n && bytes % gb === 0n) return `${bytes / gb}gb`;
  if (bytes !== 0n && bytes % mb === 0n) return `${bytes / mb}mb`;
  if (bytes !== 0n && bytes % kb === 0n) return `${bytes / kb}kb`;
  return String(bytes);
}

// --- keyspace notification classes (notify.c) -----------------------------------------------

export const NOTIFY_KEYSPACE = 1 << 0;
export const NOTIFY_KEYEVENT = 1 << 1;
export const NOTIFY_GENERIC = 1 << 2;
export const NOTIFY_STRING = 1 << 3;
export const NOTIFY_LIST = 1 << 4;
export const NOTIFY_SET = 1 << 5;
export const NOTIFY_HASH = 1 << 6;
export const NOTIFY_ZSET = 1 << 7;
export const NOTIFY_EXPIRED = 1 << 8;
export const NOTIFY_EVICTED = 1 << 9;
export const NOTIFY_STREAM = 1 << 10;
export const NOTIFY_KEY_MISS = 1 << 11;
export const NOTIFY_LOADED = 1 << 12;
export const NOTIFY_MODULE = 1 << 13;
export const NOTIFY_NEW = 1 << 14;
/** 'A': every class except key-miss and new (which must be asked for by name). */
export const NOTIFY_ALL =
  NOTIFY_GENERIC | NOTIFY_STRING | NOTIFY_LIST | NOTIFY_SET | NOTIFY_HASH | NOTIFY_ZSET | NOTIFY_EXPIRED | NOTIFY_EVICTED | NOTIFY_STREAM | NOTIFY_MODULE;

const NOTIFY_CHARS: Record<string, number> = {
  A: NOTIFY_ALL,
  g: NOTIFY_GENERIC,
  $: NOTIFY_STRING,
  l: NOTIFY_LIST,
  s: NOTIFY_SET,
  h: NOTIFY_HASH,
  z: NOTIFY_ZSET,
  x: NOTIFY_EXPIRED,
  e: NOTIFY_EVICTED,
  K: NOTIFY_KEYSPACE,
  E: NOTIFY_KEYEVENT,
  t: NOTIFY_STREAM,
  m: NOTIFY_KEY_MISS,
  d: NOTIFY_MODULE,
  n: NOTIFY_NEW,
};

/** keyspaceEventsStringToFlags: -1 when a character names no class. */
export function keyspaceEventsStringToFlags(classes: string): number {
  let flags = 0;
  for (const ch of classes) {
    const f = NOTIFY_CHARS[ch];
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/** keyspaceEventsFlagsToString: the canonical spelling CONFIG GET prints. */
export function keyspaceEventsFlagsToString(flags: number): string {
  let s = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) s += 'A';
  else {
    if (flags & NOTIFY_GENERIC) s += 'g';
    if (flags & NOTIFY_STRING) s += '$';
    if (flags & NOTIFY_LIST) s += 'l';
    if (flags & NOTIFY_SET) s += 's';
    if (flags & NOTIFY_HASH) s += 'h';
    if (flags & NOTIFY_ZSET) s += 'z';
    if (flags & NOTIFY_EXPIRED) s += 'x';
    if (flags & NOTIFY_EVICTED) s += 'e';
    if (flags & NOTIFY_STREAM) s += 't';
    if (flags & NOTIFY_MODULE) s += 'd';
    if (flags & NOTIFY_NEW) s += 'n';
  }
  if (flags & NOTIFY_KEYSPACE) s += 'K';
  if (flags & NOTIFY_KEYEVENT) s += 'E';
  if (flags & NOTIFY_KEY_MISS) s += 'm';
  return s;
}

// --- client output buffer limits (config.c updateClientOutputBufferLimit) --------------------

/** One class of client-output-buffer-limit, in bytes and seconds. */
export interface OutputBufferLimit {
  hard: bigint;
  soft: bigint;
  softSeconds: number;
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const;
export type OutputBufferClass = (typeof OBUF_CLASSES)[number];

function obufClassIndex(name: string): number {
  switch (name.toLowerCase()) {
    case 'normal':
      return 0;
    case 'slave':
    case 'replica':
      return 1;
    case 'pubsub':
      return 2;
    default:
      return -1; // "master" is a client type too, but has no limit
  }
}

// --- enums ----------------------------------------------------------------------------------

/** Enum word -> value; bit-flag enums give each word after the first ("default") its own bit. */
function enumIds(dir: Directive): number[] {
  const vals = dir.values!;
  if (dir.bitflags) return vals.map((_, i) => (i === 0 ? 0 : 1 << (i - 1)));
  // oom-score-adj: "yes" and "relative" are one value (config.c oom_score_adj_enum).
  if (dir.name === 'oom-score-adj') return [0, 1, 1, 2];
  return vals.map((_, i) => i);
}

function enumError(dir: Directive): string {
  const msg = `argument(s) must be one of the following: ${dir.values!.join(', ')}`;
  return msg.length > LOADBUF_SIZE - 1 ? msg.slice(0, LOADBUF_SIZE - 1) : msg;
}

/** configEnumGetName: exact match first, else the bit-flag words in table order, else "unknown". */
function enumName(dir: Directive, value: number): string {
  const ids = enumIds(dir);
  const vals = dir.values!;
  let names: string[] = [];
  let unmatched = value;
  for (let i = 0; i < vals.length; i++) {
    if (ids[i] === value) return vals[i]!;
    const id = ids[i]!;
    if (dir.bitflags && id !== 0 && (unmatched & id) === id) {
      names.push(vals[i]!);
      unmatched &= ~id;
    }
  }
  if (names.length === 0 || unmatched !== 0) names = ['unknown'];
  return names.join(' ');
}

// --- parsed values --------------------------------------------------------------------------

/** What a set produced: the typed value, the exact number for numeric kinds, CONFIG GET text. */
interface Parsed {
  value: ConfigValue;
  exact: bigint | null;
  text: string;
  /** Numeric enum value (bit flags combined), for enum kinds. */
  enumValue?: number;
  obuf?: OutputBufferLimit[];
  notify?: number;
}

function numericError(dir: Directive): string {
  if (dir.kind === 'memory' && dir.percent) return 'argument must be a memory or percent value';
  if (dir.kind === 'memory') return 'argument must be a memory value';
  if (dir.octal) return "argument couldn't be parsed as an octal number";
  return "argument couldn't be parsed into an integer";
}

/** numericParseString + numericBoundaryCheck: the stored C value (unsigned types kept unsigned). */
function parseNumeric(dir: Directive, raw: string): bigint {
  let ll: bigint | null = null;
  if (dir.kind === 'memory') {
    const m = memtoull(raw);
    if (m !== null) ll = toSigned64(m);
  }
  if (ll === null && dir.percent && raw.length > 1 && raw.endsWith('%')) {
    const p = parseInt64(raw.slice(0, -1));
    if (p !== null && p >= 0n) ll = -p;
  }
  if (ll === null && dir.octal) ll = strtollWhole(raw, 8, true);
  if (ll === null && dir.kind === 'int' && !dir.octal) ll = parseInt64(raw);
  if (ll === null) throw new ConfigValueError(numericError(dir));

  const min = dir.min!;
  const max = dir.max!;
  if (dir.unsigned) {
    const ull = toUnsigned64(ll);
    if (ull > max || ull < min) {
      const f = (n: bigint): string => (dir.octal ? n.toString(8) : n.toString());
      throw new ConfigValueError(`argument must be between ${f(min)} and ${f(max)} inclusive`);
    }
    return ull;
  }
  if (dir.percent && ll < 0n) {
    if (ll < min) throw new ConfigValueError(`percentage argument must be less or equal to ${-min}`);
  } else if (ll > max || ll < min) {
    throw new ConfigValueError(`argument must be between ${min} and ${max} inclusive`);
  }
  return ll;
}

function formatNumeric(dir: Directive, v: bigint): string {
  if (dir.percent && v < 0n) return `${-v}%`;
  if (dir.kind === 'memory') return toUnsigned64(v).toString();
  if (dir.octal) return v.toString(8);
  return v.toString();
}

/** "%f" with trailing zeros (and a bare dot) removed, as util.c trimDoubleString. */
function formatPercentile(p: number): string {
  const s = p.toFixed(6);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** Reading-state the special "save" rule needs (config.c reading_config_file, save_loaded). */
interface SetContext {
  readingFile: boolean;
  /** The stored value before this set (client-output-buffer-limit merges into it); null for defaults. */
  prev: Slot | null;
  live: boolean;
}

function parseSpecial(dir: Directive, args: readonly string[], ctx: SetContext, store: ConfigStore): Parsed {
  switch (dir.special!) {
    case 'save': {
      // `save ""` is the empty list.
      const emptied = args.length === 1 && args[0] === '';
      const argv = emptied ? [] : args;
      if (argv.length % 2 !== 0) throw new ConfigValueError('Invalid save parameters');
      const nums: bigint[] = [];
      for (let j = 0; j < argv.length; j++) {
        const v = strtollWhole(argv[j]!, 10, false);
        if (v === null || (j % 2 === 0 && v < 1n) || (j % 2 === 1 && v < 0n)) throw new ConfigValueError('Invalid save parameters');
        // changes is a C int: larger values wrap.
        nums.push(j % 2 === 0 ? v : BigInt.asIntN(32, v));
      }
      // In a conf file the first save line replaces the defaults and later ones append;
      // `save ""` empties the list wherever it appears (Redis 7.0.15 behaviour).
      const base = !emptied && ctx.readingFile && store.saveLoaded && ctx.prev ? (ctx.prev.value as string[]) : [];
      if (ctx.readingFile) store.saveLoaded = true;
      const value = [...base, ...nums.map(String)];
      return { value, exact: null, text: value.join(' ') };
    }
    case 'bind': {
      if (args.length > CONFIG_BINDADDR_MAX) throw new ConfigValueError('Too many bind addresses specified.');
      const value = args.length === 1 && args[0] === '' ? [] : [...args];
      return { value, exact: null, text: value.join(' ') };
    }
    case 'replicaof': {
      if (args.length !== 2) throw new ConfigValueError(WRONG_ARGS);
      if (args[0]!.toLowerCase() === 'no' && args[1]!.toLowerCase() === 'one') return { value: [], exact: null, text: '' };
      const port = strtollWhole(args[1]!, 10, false);
      if (port === null || port < 0n || port > 65535n) throw new ConfigValueError('Invalid master port');
      const value = [args[0]!, String(port)];
      return { value, exact: null, text: value.join(' ') };
    }
    case 'client-output-buffer-limit': {
      if (args.length % 4 !== 0) throw new ConfigValueError('Wrong number of arguments in buffer limit configuration.');
      const limits = (ctx.prev?.obuf ?? []).map((l) => ({ ...l }));
      const next: Array<OutputBufferLimit | null> = [null, null, null];
      for (let j = 0; j < args.length; j += 4) {
        const cls = obufClassIndex(args[j]!);
        if (cls < 0) throw new ConfigValueError('Invalid client class specified in buffer limit configuration.');
        const hard = memtoull(args[j + 1]!);
        const soft = memtoull(args[j + 2]!);
        const secs = strtollWhole(args[j + 3]!, 10, false);
        const softSeconds = secs === null ? -1 : Number(BigInt.asIntN(32, secs));
        if (hard === null || soft === null || secs === null || softSeconds < 0) {
          throw new ConfigValueError('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
        }
        next[cls] = { hard, soft, softSeconds };
      }
      for (let k = 0; k < 3; k++) if (next[k]) limits[k] = next[k]!;
      const value = limits.flatMap((l, k) => [OBUF_CLASSES[k]!, String(l.hard), String(l.soft), String(l.softSeconds)]);
      return { value, exact: null, text: value.join(' '), obuf: limits };
    }
    case 'oom-score-adj-values': {
      if (args.length !== 3) throw new ConfigValueError(WRONG_ARGS);
      const value: string[] = [];
      for (const a of args) {
        const v = strtollWhole(a, 10, false);
        if (v === null || v < -2000n || v > 2000n) {
          throw new ConfigValueError('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
        }
        value.push(String(v));
      }
      return { value, exact: null, text: value.join(' ') };
    }
    case 'notify-keyspace-events': {
      if (args.length !== 1) throw new ConfigValueError(WRONG_ARGS);
      const flags = keyspaceEventsStringToFlags(args[0]!);
      if (flags === -1) throw new ConfigValueError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
      const text = keyspaceEventsFlagsToString(flags);
      return { value: text, exact: null, text, notify: flags };
    }
    case 'dir': {
      if (args.length !== 1) throw new ConfigValueError(WRONG_ARGS);
      const path = args[0]!;
      try {
        if (ctx.live) process.chdir(path);
        else if (!statSync(path).isDirectory()) throw Object.assign(new Error('not a dir'), { code: 'ENOTDIR' });
      } catch (e) {
        throw new ConfigValueError(strerror(e));
      }
      const value = ctx.live ? process.cwd() : path;
      return { value, exact: null, text: value };
    }
    case 'latency-tracking-info-percentiles': {
      const words = args.length === 1 && args[0] === '' ? [] : args;
      const value: string[] = [];
      for (const w of words) {
        const p = parseFloatStrict(w);
        if (p === null || Number.isNaN(p) || /^[ \t\n\v\f\r]/.test(w)) {
          throw new ConfigValueError('Invalid latency-tracking-info-percentiles parameters');
        }
        if (p > 100 || p < 0) throw new ConfigValueError('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
        value.push(formatPercentile(p));
      }
      return { value, exact: null, text: value.join(' ') };
    }
  }
}

/** The typed value for a directive from its argument words (config.c interface.set). */
function parseValue(dir: Directive, args: readonly string[], ctx: SetContext, store: ConfigStore): Parsed {
  if (dir.special) return parseSpecial(dir, args, ctx, store);
  if (dir.kind === 'enum' && dir.bitflags) {
    const ids = enumIds(dir);
    if (args.length === 0) throw new ConfigValueError(enumError(dir));
    let v = 0;
    for (const a of args) {
      const i = dir.values!.findIndex((w) => w === a.toLowerCase());
      if (i < 0) throw new ConfigValueError(enumError(dir));
      v |= ids[i]!;
    }
    // isValidShutdownOnSigFlags
    if (v & ids[1]! && v & ids[2]!) throw new ConfigValueError("shutdown options SAVE and NOSAVE can't be used simultaneously");
    const text = enumName(dir, v);
    return { value: text, exact: null, text, enumValue: v };
  }
  if (args.length !== 1) throw new ConfigValueError(WRONG_ARGS);
  const raw = args[0]!;
  let parsed: Parsed;
  switch (dir.kind) {
    case 'bool': {
      const w = raw.toLowerCase();
      if (w !== 'yes' && w !== 'no') throw new ConfigValueError("argument must be 'yes' or 'no'");
      parsed = { value: w === 'yes', exact: null, text: w };
      break;
    }
    case 'int':
    case 'memory': {
      let exact = parseNumeric(dir, raw);
      if (dir.clamp) {
        const [lo, hi] = dir.clamp;
        if (exact < BigInt(lo)) exact = BigInt(lo);
        if (exact > BigInt(hi)) exact = BigInt(hi);
      }
      parsed = { value: Number(exact), exact, text: formatNumeric(dir, exact) };
      break;
    }
    case 'enum': {
      const i = dir.values!.findIndex((w) => w === raw.toLowerCase());
      if (i < 0) throw new ConfigValueError(enumError(dir));
      const id = enumIds(dir)[i]!;
      const text = enumName(dir, id);
      parsed = { value: text, exact: null, text, enumValue: id };
      break;
    }
    default:
      parsed = { value: raw, exact: null, text: raw };
  }
  if (dir.validate) {
    const why = dir.validate(parsed.value);
    if (why !== null) throw new ConfigValueError(why);
  }
  return parsed;
}

// --- the store ------------------------------------------------------------------------------

interface Slot extends Parsed {
  dir: Directive;
}

export type ConfigListener = (name: string, value: ConfigValue) => void;

/**
 * config.c apply_fn: makes a change take effect; returns Redis's error reason or null.
 * Listener changes answer with a promise: Node binds sockets asynchronously.
 */
export type ApplyFn = () => string | null | Promise<string | null>;

/** CONFIG SET's outcome: the error reply or null, later when an apply function is asynchronous. */
export type ConfigSetResult = string | null | Promise<string | null>;

/** The apply function that refused a change, and why. */
interface ApplyFailure {
  index: number;
  why: string;
}

export interface ConfigSetOptions {
  /** enable-protected-configs allows this client (yes, or local and the client is local). */
  allowProtected: boolean;
  /** A dataset is loading (DENY_LOADING_CONFIG directives answer LOADING). */
  loading: boolean;
}

export interface StoreOptions {
  /**
   * The store of a running process: `dir` changes the working directory and reads it back
   * (Redis keeps no copy). Unit tests use a detached store.
   */
  live?: boolean;
}

const DEFAULT_TEXT = new Map<Directive, string>();

export class ConfigStore {
  private readonly slots = new Map<string, Slot>();
  private readonly listeners: ConfigListener[] = [];
  private readonly applies = new Map<Directive, ApplyFn[]>();
  private readonly live: boolean;
  /** Absolute path of the config file the server started with, if any. */
  configFile: string | null = null;
  /** True while a conf file is being read (config.c reading_config_file). */
  readingFile = false;
  /** A save line was already read from a conf file (the defaults are gone). */
  saveLoaded = false;
  /** notify-keyspace-events as flags, kept current for the keyspace hot path. */
  notifyKeyspaceEvents = 0;
  /** Where Redis's warnings about failed CONFIG SET applies go (the server log). */
  warn: (msg: string) => void = () => {};
  /** The CONFIG SET still applying asynchronously; the next one waits for it, as Redis runs them one by one. */
  private applying: Promise<unknown> | null = null;

  constructor(opts: StoreOptions = {}) {
    this.live = opts.live ?? false;
    for (const dir of DIRECTIVES) {
      const slot = this.defaultSlot(dir);
      this.slots.set(dir.name, slot);
      if (dir.alias) this.slots.set(dir.alias, slot);
    }
  }

  /** The slot a directive holds at start, parsed from its compiled default. */
  defaultSlot(dir: Directive): Slot {
    if (dir.special === 'dir') {
      const cwd = process.cwd();
      return { dir, value: cwd, exact: null, text: cwd };
    }
    if (dir.special === 'replicaof') return { dir, value: [], exact: null, text: '' };
    const args = dir.kind === 'args' ? (dir.default === '' ? [] : dir.default.split(' ')) : [dir.default];
    return { dir, ...parseValue(dir, args, { readingFile: false, prev: null, live: false }, this) };
  }

  private slot(name: string): Slot {
    const s = this.slots.get(name) ?? this.slots.get(name.toLowerCase());
    if (!s) throw new Error(`unknown directive ${name}`);
    return s;
  }

  get(name: string): ConfigValue {
    const s = this.slot(name);
    if (s.dir.special === 'dir' && this.live) return process.cwd();
    return s.value;
  }

  num(name: string): number {
    return this.slot(name).value as number;
  }

  /** The exact C value of a numeric directive (maxmemory can exceed 2^53). */
  exact(name: string): bigint {
    return this.slot(name).exact!;
  }

  bool(name: string): boolean {
    return this.slot(name).value as boolean;
  }

  str(name: string): string {
    return this.get(name) as string;
  }

  list(name: string): string[] {
    return this.slot(name).value as string[];
  }

  /** client-output-buffer-limit for one client class. */
  outputBufferLimit(cls: OutputBufferClass): OutputBufferLimit {
    return this.slot('client-output-buffer-limit').obuf![OBUF_CLASSES.indexOf(cls)]!;
  }

  /** CONFIG GET spelling of the current value. */
  format(name: string): string {
    const s = this.slot(name);
    if (s.dir.special === 'dir' && this.live) return process.cwd();
    return s.text;
  }

  /** CONFIG GET spelling of a directive's compiled default. */
  formatDefault(dir: Directive): string {
    if (dir.special === 'dir') return process.cwd();
    let t = DEFAULT_TEXT.get(dir);
    if (t === undefined) {
      t = this.defaultSlot(dir).text;
      DEFAULT_TEXT.set(dir, t);
    }
    return t;
  }

  /** True when the directive holds its compiled default. */
  isDefault(name: string): boolean {
    const s = this.slot(name);
    return this.format(name) === this.formatDefault(s.dir);
  }

  /**
   * Sets a directive from the words after its name on a conf line (or `--name` option):
   * one argument for plain directives; several for multi-word ones, where a single word
   * holding spaces is split again ("--replicaof '127.0.0.1 6379'"). Throws ConfigValueError.
   */
  set(name: string, args: readonly string[]): void {
    const dir = findDirective(name);
    if (!dir) throw new ConfigValueError(BAD_DIRECTIVE);
    this.setDirective(dir, args, true);
  }

  /** Runtime change made by the server itself (REPLICAOF updating replicaof); no apply hooks. */
  setInternal(name: string, args: readonly string[]): void {
    const dir = findDirective(name);
    if (!dir) throw new Error(`unknown directive ${name}`);
    this.assign(dir, parseValue(dir, args, this.context(dir), this));
  }

  private context(dir: Directive): SetContext {
    return { readingFile: this.readingFile, prev: this.slots.get(dir.name)!, live: this.live };
  }

  private setDirective(dir: Directive, args: readonly string[], confLine: boolean): boolean {
    const multi = dir.kind === 'args' || dir.bitflags === true;
    let argv = args;
    if (!multi && argv.length !== 1) throw new ConfigValueError(WRONG_ARGS);
    if (multi && confLine && argv.length === 1 && argv[0]!.length > 0) argv = splitConfArgs(argv[0]!);
    const before = this.slots.get(dir.name)!.text;
    const parsed = parseValue(dir, argv, this.context(dir), this);
    this.assign(dir, parsed);
    // Special directives always count as changed (config.c returns 1 from their setters).
    return dir.special !== undefined || parsed.text !== before;
  }

  private assign(dir: Directive, parsed: Parsed): void {
    const slot: Slot = { dir, ...parsed };
    if (dir.special === 'client-output-buffer-limit' && !slot.obuf) slot.obuf = this.slots.get(dir.name)!.obuf!;
    this.slots.set(dir.name, slot);
    if (dir.alias) this.slots.set(dir.alias, slot);
    if (parsed.notify !== undefined) this.notifyKeyspaceEvents = parsed.notify;
    for (const l of this.listeners) l(dir.name, slot.value);
  }

  /** Runs fn whenever a directive changes (conf file, CONFIG SET, restore after a failed SET). */
  onChange(fn: ConfigListener): void {
    this.listeners.push(fn);
  }

  /**
   * Registers what makes a CONFIG SET change take effect (config.c apply functions). It runs
   * once per CONFIG SET even when several of its directives changed; a returned reason
   * fails the command and restores every value of that CONFIG SET.
   */
  onApply(names: string | readonly string[], fn: ApplyFn): void {
    for (const n of typeof names === 'string' ? [names] : names) {
      const dir = findDirective(n);
      if (!dir) throw new Error(`unknown directive ${n}`);
      const list = this.applies.get(dir) ?? [];
      list.push(fn);
      this.applies.set(dir, list);
    }
  }

  /**
   * CONFIG SET name value [name value ...] (config.c configSetCommand): all or nothing.
   * Returns the error reply text, or null when every value was set and applied; a promise
   * of that when an apply function (a listener change) finishes later. A CONFIG SET that
   * arrives meanwhile runs after it, so a rollback never undoes a later change.
   */
  configSet(pairs: ReadonlyArray<readonly [string, string]>, opts: ConfigSetOptions): ConfigSetResult {
    if (this.applying !== null) {
      const next = (): ConfigSetResult => this.configSet(pairs, opts);
      return this.applying.then(next, next);
    }
    const result = this.configSetNow(pairs, opts);
    if (!(result instanceof Promise)) return result;
    const done = result.finally(() => {
      if (this.applying === done) this.applying = null;
    });
    this.applying = done;
    return done;
  }

  private configSetNow(pairs: ReadonlyArray<readonly [string, string]>, opts: ConfigSetOptions): ConfigSetResult {
    // Same scan as config.c: the first problem decides the reply, but an unknown name
    // seen first wins over everything except LOADING.
    let invalid = false;
    let invalidName: string | null = null;
    let errName: string | null = null;
    let errReason: string | null = null;
    let denyLoading = false;
    const dirs: Directive[] = [];
    const entries: string[] = [];
    for (const [name] of pairs) {
      const dir = findDirective(name);
      if (!dir) {
        if (!invalid) {
          invalidName = name;
          invalid = true;
        }
        continue;
      }
      if (invalid) continue;
      if (!dir.mutable || (dir.protected && !opts.allowProtected)) {
        errReason = !dir.mutable ? E.CONFIG_SET_IMMUTABLE : E.CONFIG_SET_PROTECTED;
        errName = name;
        invalid = true;
        continue;
      }
      if (opts.loading && dir.denyLoading) {
        denyLoading = true;
        invalid = true;
        continue;
      }
      // An alias and its name are separate entries in Redis's table: only a repeated
      // spelling of the same entry is a duplicate.
      const entry = this.entryKey(dir, name);
      if (entries.includes(entry)) {
        errReason = E.CONFIG_SET_DUPLICATE;
        errName = name;
        invalid = true;
        continue;
      }
      dirs.push(dir);
      entries.push(entry);
    }
    if (invalid) {
      if (denyLoading) return E.LOADING;
      if (invalidName !== null) return E.unknownConfigParam(invalidName);
      return E.configSetFailed(errName!, errReason!);
    }

    const old = dirs.map((dir) => this.format(dir.name));
    const applyFns: Array<{ fn: ApplyFn; name: string }> = [];
    for (let i = 0; i < dirs.length; i++) {
      const dir = dirs[i]!;
      const value = pairs[i]![1];
      let changed: boolean;
      try {
        changed = this.setDirective(dir, splitSetValue(dir, value), false);
      } catch (e) {
        if (!(e instanceof ConfigValueError)) throw e;
        this.restore(dirs.slice(0, i + 1), old, []);
        return E.configSetFailed(entries[i]!, e.message);
      }
      if (!changed) continue;
      for (const fn of this.applies.get(dir) ?? []) {
        if (!applyFns.some((a) => a.fn === fn)) applyFns.push({ fn, name: entries[i]! });
      }
    }
    const failure = this.runApplies(applyFns, 0);
    if (failure instanceof Promise) return failure.then((f) => this.afterApplies(f, dirs, old, applyFns));
    return this.afterApplies(failure, dirs, old, applyFns);
  }

  /** Runs apply functions in order until one refuses; asynchronous from the first that answers with a promise. */
  private runApplies(fns: ReadonlyArray<{ fn: ApplyFn }>, from: number): ApplyFailure | null | Promise<ApplyFailure | null> {
    for (let i = from; i < fns.length; i++) {
      const why = fns[i]!.fn();
      if (why instanceof Promise) return why.then((w) => (w !== null ? { index: i, why: w } : this.runApplies(fns, i + 1)));
      if (why !== null) return { index: i, why };
    }
    return null;
  }

  /** A refused apply restores every value of the CONFIG SET (and re-applies them) before the error is told. */
  private afterApplies(
    failure: ApplyFailure | null,
    dirs: Directive[],
    old: string[],
    applyFns: Array<{ fn: ApplyFn; name: string }>,
  ): ConfigSetResult {
    if (failure === null) return null;
    const name = applyFns[failure.index]!.name;
    this.warn(`Failed applying new configuration. Possibly related to new ${name} setting. Restoring previous settings.`);
    const err = E.configSetFailed(name, failure.why);
    const restored = this.restore(dirs, old, applyFns);
    return restored instanceof Promise ? restored.then(() => err) : err;
  }

  /** restoreBackupConfig: puts old values back (parsing their CONFIG GET text) and re-applies. */
  private restore(dirs: Directive[], old: string[], applyFns: ReadonlyArray<{ fn: ApplyFn }>): void | Promise<void> {
    for (let i = 0; i < dirs.length; i++) {
      try {
        this.setDirective(dirs[i]!, splitSetValue(dirs[i]!, old[i]!), false);
      } catch (e) {
        // Redis only logs a failed restore; the value stays as the failed set left it.
        this.warn(`Failed restoring failed CONFIG SET command. Error setting ${dirs[i]!.name} to '${old[i]}': ${(e as Error).message}`);
      }
    }
    return this.reapply(applyFns, 0);
  }

  /** Re-runs every apply function of a failed CONFIG SET; a refusal now is only logged. */
  private reapply(fns: ReadonlyArray<{ fn: ApplyFn }>, from: number): void | Promise<void> {
    for (let i = from; i < fns.length; i++) {
      const why = fns[i]!.fn();
      if (why instanceof Promise) {
        return why.then((w) => {
          if (w !== null) this.warn(`Failed applying restored failed CONFIG SET command: ${w}`);
          return this.reapply(fns, i + 1);
        });
      }
      if (why !== null) this.warn(`Failed applying restored failed CONFIG SET command: ${why}`);
    }
  }

  /** The table entry a user spelling names: Redis registers an alias as its own entry. */
  private entryKey(dir: Directive, spelling: string): string {
    return dir.alias !== undefined && spelling.toLowerCase() === dir.alias ? dir.alias : dir.name;
  }
}

/** CONFIG SET splits a multi-word value on single spaces (sdssplitlen), keeping empty words. */
function splitSetValue(dir: Directive, value: string): string[] {
  if (dir.kind !== 'args' && !dir.bitflags) return [value];
  if (value.length === 0) return [];
  return value.split(' ');
}

/** A quoted multi-word option ("--save '900 1'") is split again with conf quoting rules. */
function splitConfArgs(word: string): string[] {
  return splitArgs(word) ?? [];
}
