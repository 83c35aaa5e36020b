// Settings for every rctl command: built-in defaults < config file (found by cosmiconfig)
// < environment (RCTL_*) < explicit flags, validated once with zod. Every problem is
// reported with its path (`nodes[2].replicaOf: unknown node 'foo'`, `--port: ...`).

import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cosmiconfig } from 'cosmiconfig';
import { z } from 'zod';
import { CliError } from './errors.js';
import { checkTopology, editDistance, MANAGED_DIRECTIVES, NODE_NAME_RE, parseShorthand, SHORTHAND_HINT, type NodeSpec, type TopologySpec } from './topology.js';

export interface Settings {
  /** Absolute; --dir, RCTL_DIR, default './.rctl'. */
  dir: string;
  /** --name, RCTL_NAME, default 'default'. */
  name: string;
  /** First port (nodes take consecutive ports, the master first) or 'auto'; default 6379. */
  port: number | 'auto';
  /** requirepass on every node, masterauth on replicas. */
  password?: string;
  /**
   * The server to run: an absolute path (a `.js` file is run with process.execPath) or a
   * bare command name looked up on PATH (`redis-server`). Default: the bundled rctl-server.
   */
  server: string;
  /** Absolute path of a template replacing templates/node.conf.tmpl. */
  template?: string;
  /** Keep Redis's save points (the default profile renders `save ""`). */
  persist: boolean;
  /** Budget for readiness and sync waits; --timeout is in seconds, default 30. */
  timeoutMs: number;
  json: boolean;
  debug: boolean;
  /** From the config file (`topology` shorthand or `nodes`), if any. */
  topology?: TopologySpec;
  /** Absolute path of the config file that was loaded, if any. */
  configFile?: string;
}

/** Options as commander hands them over (strings), none defaulted by commander. */
export interface SettingsFlags {
  dir?: string;
  name?: string;
  port?: string | number;
  password?: string;
  server?: string;
  template?: string;
  persist?: boolean;
  timeout?: string | number;
  json?: boolean;
  debug?: boolean;
  config?: string;
}

export interface LoadOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** --config: load exactly this file instead of searching. */
  configFile?: string;
}

/** The bundled server: bin/rctl-server.js, two levels up from src/cli or dist/cli. */
export const BUNDLED_SERVER = fileURLToPath(new URL('../../bin/rctl-server.js', import.meta.url));

export const DEFAULTS = {
  dir: './.rctl',
  name: 'default',
  port: 6379,
  persist: false,
  timeoutSeconds: 30,
} as const;

export const MODULE_NAME = 'rctl';
export const SEARCH_PLACES = [
  'package.json',
  '.rctlrc',
  '.rctlrc.json',
  '.rctlrc.yaml',
  '.rctlrc.yml',
  'rctl.config.json',
  'rctl.config.yaml',
  'rctl.config.yml',
  'rctl.config.js',
  'rctl.config.mjs',
  'rctl.config.cjs',
  'rctl.config.ts',
];

/** Environment variables and the setting each one sets. */
export const ENV_VARS = {
  RCTL_DIR: 'dir',
  RCTL_NAME: 'name',
  RCTL_PORT: 'port',
  RCTL_PASSWORD: 'password',
  RCTL_SERVER: 'server',
} as const;

const SET_NAME_RE = NODE_NAME_RE;
const DIRECTIVE_NAME_RE = /^[a-z][a-z0-9-]*$/i;
const MAX_TIMEOUT_S = 3600;

const PORT_MSG = 'expected a port 1-65535 or "auto"';
const portSchema = z.union([z.number().int(PORT_MSG).min(1, PORT_MSG).max(65535, PORT_MSG), z.literal('auto')], { error: PORT_MSG });

const nodeSchema = z.strictObject({
  name: z.string().regex(NODE_NAME_RE, 'letters, digits, ".", "_" and "-" only, at most 64, starting with a letter or digit'),
  role: z.enum(['master', 'replica']).optional(),
  replicaOf: z.string().optional(),
  directives: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'expected a string, number or boolean' })).optional(),
});

/** The config file's shape (also the `rctl` key of package.json). */
export const fileSchema = z.strictObject({
  topology: z.string().optional(),
  nodes: z.array(nodeSchema).optional(),
  dir: z.string().min(1).optional(),
  name: z.string().regex(SET_NAME_RE, 'letters, digits, ".", "_" and "-" only, starting with a letter or digit').optional(),
  port: portSchema.optional(),
  password: z.string().min(1, 'must not be empty').optional(),
  persist: z.boolean().optional(),
  server: z.string().min(1).optional(),
  template: z.string().min(1).optional(),
  timeout: z.number().positive('expected seconds > 0').max(MAX_TIMEOUT_S, `at most ${MAX_TIMEOUT_S} seconds`).optional(),
});

export type FileSettings = z.infer<typeof fileSchema>;

/** `nodes[2].replicaOf` from a zod path. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s === '' ? String(p) : `.${String(p)}`;
  }
  return s;
}

function zodProblems(error: z.ZodError, raw: unknown): string[] {
  const out: string[] = [];
  for (const issue of error.issues) {
    const where = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      const known = issue.path.length === 0 ? Object.keys(fileSchema.shape) : Object.keys(nodeSchema.shape);
      for (const k of issue.keys) out.push(`${where === '' ? k : `${where}.${k}`}: unknown setting${suggestKey(k, known)}`);
      continue;
    }
    out.push(`${where === '' ? '(file)' : where}: ${issueMessage(issue, valueAt(raw, issue.path))}`);
  }
  return out;
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'object') return 'an object';
  return String(v);
}

function issueMessage(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'required';
    return `expected ${issue.expected}, got ${describe(value)}`;
  }
  if (issue.code === 'invalid_value') return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(value)}`;
  if ((issue.code === 'too_big' || issue.code === 'too_small') && typeof value === 'number') return `${issue.message}, got ${value}`;
  if (issue.code === 'invalid_union') return `${issue.message}, got ${describe(value)}`;
  return issue.message;
}

function suggestKey(k: string, known: string[]): string {
  const close = known.find((x) => editDistance(x.toLowerCase(), k.toLowerCase()) <= 2);
  return close ? ` (did you mean '${close}'?)` : ` (known: ${known.join(', ')})`;
}

/** Problems in file order of their paths (`nodes[2]` before `nodes[10]`, then `port`). */
function sortProblems(problems: string[]): string[] {
  const key = (p: string) => p.slice(0, p.indexOf(': ') >>> 0).replace(/\[(\d+)\]/g, (_, n: string) => `[${n.padStart(6, '0')}]`);
  return [...new Set(problems)].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Checks zod cannot express: directive names and values, the node tree. */
function fileExtraProblems(raw: unknown): string[] {
  if (raw === null || typeof raw !== 'object') return [];
  const r = raw as Record<string, unknown>;
  const out: string[] = [];
  if (r.topology !== undefined && r.nodes !== undefined) {
    out.push('topology: give either a topology shorthand or nodes, not both');
  }
  if (typeof r.topology === 'string') {
    try {
      parseShorthand(r.topology);
    } catch (e) {
      out.push(`topology: ${(e as Error).message}; ${SHORTHAND_HINT}`);
    }
  }
  if (Array.isArray(r.nodes)) {
    r.nodes.forEach((n: unknown, i) => {
      if (n === null || typeof n !== 'object') return;
      const d = (n as { directives?: unknown }).directives;
      if (d === null || typeof d !== 'object') return;
      for (const [k, v] of Object.entries(d)) {
        const p = `nodes[${i}].directives.${k}`;
        if (!DIRECTIVE_NAME_RE.test(k)) out.push(`${p}: not a redis.conf directive name`);
        else if (MANAGED_DIRECTIVES.has(k.toLowerCase())) out.push(`${p}: set by rctl itself (use --port, --dir or replicaOf instead)`);
        if (typeof v === 'string' && /[\r\n\0]/.test(v)) out.push(`${p}: value must be a single line`);
      }
    });
    out.push(...checkTopology(r.nodes as never));
  }
  return out;
}

function directiveText(v: string | number | boolean): string {
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return String(v);
}

function topologyFromFile(f: FileSettings): TopologySpec | undefined {
  if (f.topology !== undefined) return parseShorthand(f.topology);
  if (f.nodes === undefined) return undefined;
  const nodes: NodeSpec[] = f.nodes.map((n) => {
    const directives: Record<string, string> = {};
    for (const [k, v] of Object.entries(n.directives ?? {})) directives[k] = directiveText(v);
    const spec: NodeSpec = { name: n.name, role: n.replicaOf === undefined ? 'master' : 'replica', directives };
    if (n.replicaOf !== undefined) spec.replicaOf = n.replicaOf;
    return spec;
  });
  return { nodes };
}

interface LoadedFile {
  path: string;
  data: unknown;
}

async function readConfigFile(opts: LoadOptions): Promise<LoadedFile | null> {
  const explorer = cosmiconfig(MODULE_NAME, { searchPlaces: SEARCH_PLACES, searchStrategy: 'project', cache: false });
  if (opts.configFile !== undefined) {
    const path = resolve(opts.cwd, opts.configFile);
    if (!existsSync(path)) {
      throw new CliError('E_CONFIG', `config file not found: ${path}`, 'check the path given to --config');
    }
    try {
      const r = await explorer.load(path);
      // An explicit file that is empty is a configuration with no settings.
      return { path, data: r?.config ?? {} };
    } catch (e) {
      throw loadError(path, e);
    }
  }
  try {
    const r = await explorer.search(opts.cwd);
    if (!r || r.isEmpty) return null;
    return { path: r.filepath, data: r.config };
  } catch (e) {
    const m = /in (\S+):/.exec((e as Error).message);
    throw loadError(m?.[1] ?? opts.cwd, e);
  }
}

function loadError(path: string, e: unknown): CliError {
  const msg = (e as Error).message ?? String(e);
  const ts = path.endsWith('.ts') && /Cannot find (module|package) 'typescript'/.test(msg);
  return new CliError(
    'E_CONFIG',
    `cannot load config file ${path}`,
    ts ? 'rctl.config.ts needs the "typescript" package installed; or use rctl.config.json/.js' : 'fix the file\'s syntax, or point --config at another file',
    { details: msg.split('\n').slice(0, 6).join('\n'), cause: e },
  );
}

/** `redis-server` stays a command name for PATH lookup; anything with a slash is a path. */
function resolveServer(value: string, base: string): string {
  return value.includes('/') || value.includes('\\') || value.startsWith('.') ? resolve(base, value) : value;
}

function parsePortText(text: string, source: string, problems: string[]): number | 'auto' | undefined {
  const t = text.trim().toLowerCase();
  if (t === 'auto') return 'auto';
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n >= 1 && n <= 65535) return n;
  }
  problems.push(`${source}: expected a port 1-65535 or 'auto', got '${text}'`);
  return undefined;
}

function checkSetName(name: string, source: string, problems: string[]): string | undefined {
  if (SET_NAME_RE.test(name)) return name;
  problems.push(`${source}: '${name}' is not a valid set name (letters, digits, ".", "_" and "-", starting with a letter or digit)`);
  return undefined;
}

function checkPassword(pw: string, source: string, problems: string[]): string | undefined {
  if (pw === '') problems.push(`${source}: must not be empty`);
  else if (/[\r\n\0]/.test(pw)) problems.push(`${source}: must be a single line`);
  else return pw;
  return undefined;
}

/**
 * Merges defaults, the config file, the environment and the flags, then validates. Throws a
 * single CliError('E_CONFIG') listing every problem found in any layer.
 */
export async function loadSettings(flags: SettingsFlags, opts: LoadOptions): Promise<Settings> {
  const problems: string[] = [];
  const filePrefixProblems: string[] = [];
  const file = await readConfigFile({ ...opts, configFile: opts.configFile ?? flags.config });

  const s: Settings = {
    dir: resolve(opts.cwd, DEFAULTS.dir),
    name: DEFAULTS.name,
    port: DEFAULTS.port,
    server: BUNDLED_SERVER,
    persist: DEFAULTS.persist,
    timeoutMs: DEFAULTS.timeoutSeconds * 1000,
    json: flags.json === true,
    debug: flags.debug === true,
  };

  if (file) {
    s.configFile = file.path;
    // package.json's "rctl" key and the other files share the schema.
    const data = file.data === null || file.data === undefined ? {} : file.data;
    const parsed = fileSchema.safeParse(data);
    const fileProblems = parsed.success ? [] : zodProblems(parsed.error, data);
    fileProblems.push(...fileExtraProblems(data));
    filePrefixProblems.push(...sortProblems(fileProblems));
    if (parsed.success && filePrefixProblems.length === 0) {
      const f = parsed.data;
      const base = dirname(file.path);
      if (f.dir !== undefined) s.dir = resolve(base, f.dir);
      if (f.name !== undefined) s.name = f.name;
      if (f.port !== undefined) s.port = f.port;
      if (f.password !== undefined) s.password = f.password;
      if (f.persist !== undefined) s.persist = f.persist;
      if (f.server !== undefined) s.server = resolveServer(f.server, base);
      if (f.template !== undefined) s.template = resolve(base, f.template);
      if (f.timeout !== undefined) s.timeoutMs = Math.round(f.timeout * 1000);
      const topology = topologyFromFile(f);
      if (topology) s.topology = topology;
    }
  }

  const env = opts.env;
  const envValue = (k: keyof typeof ENV_VARS): string | undefined => {
    const v = env[k];
    return v === undefined || v === '' ? undefined : v;
  };
  const eDir = envValue('RCTL_DIR');
  if (eDir !== undefined) s.dir = resolve(opts.cwd, eDir);
  const eName = envValue('RCTL_NAME');
  if (eName !== undefined) s.name = checkSetName(eName, 'RCTL_NAME', problems) ?? s.name;
  const ePort = envValue('RCTL_PORT');
  if (ePort !== undefined) s.port = parsePortText(ePort, 'RCTL_PORT', problems) ?? s.port;
  const ePw = envValue('RCTL_PASSWORD');
  if (ePw !== undefined) s.password = checkPassword(ePw, 'RCTL_PASSWORD', problems) ?? s.password;
  const eServer = envValue('RCTL_SERVER');
  if (eServer !== undefined) s.server = resolveServer(eServer, opts.cwd);

  if (flags.dir !== undefined) {
    if (flags.dir === '') problems.push('--dir: must not be empty');
    else s.dir = resolve(opts.cwd, flags.dir);
  }
  if (flags.name !== undefined) s.name = checkSetName(flags.name, '--name', problems) ?? s.name;
  if (flags.port !== undefined) s.port = parsePortText(String(flags.port), '--port', problems) ?? s.port;
  if (flags.password !== undefined) s.password = checkPassword(flags.password, '--password', problems) ?? s.password;
  if (flags.server !== undefined) {
    if (flags.server === '') problems.push('--server: must not be empty');
    else s.server = resolveServer(flags.server, opts.cwd);
  }
  if (flags.template !== undefined) {
    if (flags.template === '') problems.push('--template: must not be empty');
    else s.template = resolve(opts.cwd, flags.template);
  }
  if (flags.persist !== undefined) s.persist = flags.persist;
  if (flags.timeout !== undefined) {
    const t = String(flags.timeout).trim();
    const n = Number(t);
    if (t === '' || !Number.isFinite(n) || n <= 0 || n > MAX_TIMEOUT_S) problems.push(`--timeout: expected seconds (0 < n <= ${MAX_TIMEOUT_S}), got '${flags.timeout}'`);
    else s.timeoutMs = Math.round(n * 1000);
  }

  if (filePrefixProblems.length > 0 || problems.length > 0) throw settingsError(file?.path, filePrefixProblems, problems);
  return s;
}

function settingsError(path: string | undefined, fileProblems: string[], otherProblems: string[]): CliError {
  const total = fileProblems.length + otherProblems.length;
  const fileOnly = otherProblems.length === 0 && path !== undefined;
  const lines = fileOnly || path === undefined ? [...fileProblems, ...otherProblems] : [...fileProblems.map((p) => `${basename(path)}: ${p}`), ...otherProblems];
  const what = fileOnly ? `invalid config file ${path}` : total === 1 ? 'invalid setting' : 'invalid settings';
  const hint = fileOnly
    ? `fix the listed fields in ${basename(path)}`
    : otherProblems.some((p) => p.startsWith('RCTL_'))
      ? 'fix the listed options or environment variables (see rctl --help)'
      : 'fix the listed options (see rctl --help)';
  // One problem fits on the message line; several are listed under it.
  if (total === 1) return new CliError('E_CONFIG', `${what}: ${lines[0]}`, hint);
  return new CliError('E_CONFIG', `${what} (${total} problems)`, hint, { details: lines.join('\n') });
}

/**
 * The topology a command works on: the positional shorthand if given, else the config
 * file's. Throws E_USAGE when neither exists.
 */
export function resolveTopology(arg: string | undefined, settings: Pick<Settings, 'topology' | 'configFile'>): TopologySpec {
  if (arg !== undefined && arg !== '') return parseShorthand(arg);
  if (settings.topology) return settings.topology;
  throw new CliError(
    'E_USAGE',
    settings.configFile ? `no topology given and ${settings.configFile} has none` : 'no topology given',
    `pass one (e.g. 1-master-2-replicas) or describe nodes in a config file (rctl.config.json, --config <file>)`,
  );
}

/** True when a path names a JavaScript file to run with Node (the bundled server). */
export function isNodeScript(server: string): boolean {
  return isAbsolute(server) && /\.(c|m)?js$/.test(server);
}
