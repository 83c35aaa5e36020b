// Planned node -> redis.conf text through an eta template (templates/node.conf.tmpl or
// --template). Rendering is pure, so `rctl render` output doubles as a test fixture; values
// are quoted the way redis.conf's parser (sdssplitargs in sds.c) reads them back.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import { CliError } from './errors.js';
import type { PlannedNode } from './topology.js';

/** templates/node.conf.tmpl in the package, two levels up from src/cli or dist/cli. */
export const DEFAULT_TEMPLATE_PATH = fileURLToPath(new URL('../../templates/node.conf.tmpl', import.meta.url));

export interface RenderContext {
  password?: string;
  persist: boolean;
  /** Upstream port override (e.g. after a promotion); defaults to node.upstreamPort. */
  masterPort?: number;
  /** Only named in error messages. */
  templatePath?: string;
}

/** What a template sees as `it`. */
export interface TemplateData {
  node: PlannedNode;
  /** Set for replicas: the host and port of the node it replicates from. */
  upstream?: { host: string; port: number };
  password?: string;
  persist: boolean;
  /** The node's own directives as [name, value] pairs, in file order. */
  directives: Array<[string, string]>;
  /** Quotes a value for redis.conf when it needs it (spaces, quotes, control bytes). */
  q: (value: string) => string;
}

// autoEscape off: this is redis.conf, not HTML. autoTrim off so `<%= x %>` keeps its line
// break; control lines end in `-%>` to drop theirs.
const eta = new Eta({ autoEscape: false, autoTrim: false, cache: false, useWith: false, varName: 'it' });

/**
 * A value as one redis.conf argument: bare when it is plain printable ASCII, otherwise in
 * double quotes with \\ \" \n \r \t and \xHH (control bytes) escapes, which sdssplitargs decodes.
 */
export function confQuote(value: string): string {
  if (value !== '' && /^[\x21-\x7e]+$/.test(value) && !/["'\\]/.test(value)) return value;
  let s = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const c = value.charCodeAt(i);
    if (ch === '\\') s += '\\\\';
    else if (ch === '"') s += '\\"';
    else if (ch === '\n') s += '\\n';
    else if (ch === '\r') s += '\\r';
    else if (ch === '\t') s += '\\t';
    else if (c < 0x20 || c === 0x7f) s += '\\x' + c.toString(16).padStart(2, '0');
    // Non-ASCII stays as is: the file is written as UTF-8 and redis reads quoted bytes raw.
    else s += ch;
  }
  return s + '"';
}

export function templateData(node: PlannedNode, ctx: RenderContext): TemplateData {
  const data: TemplateData = {
    node,
    persist: ctx.persist,
    directives: Object.entries(node.directives),
    q: confQuote,
  };
  const upstreamPort = ctx.masterPort ?? node.upstreamPort;
  if (node.role === 'replica' && upstreamPort !== undefined) data.upstream = { host: node.host, port: upstreamPort };
  if (ctx.password !== undefined) data.password = ctx.password;
  return data;
}

/** Renders one node's redis.conf. Template faults become CliError('E_TEMPLATE'). */
export function renderNodeConf(template: string, node: PlannedNode, ctx: RenderContext): string {
  let text: string;
  try {
    text = eta.renderString(template, templateData(node, ctx));
  } catch (e) {
    const which = ctx.templatePath ?? 'the template';
    const first = ((e as Error).message ?? String(e)).split('\n')[0];
    throw new CliError('E_TEMPLATE', `cannot render ${which} for node '${node.name}': ${first}`, 'fix the template (eta syntax, data in `it`) or drop --template to use the built-in one', { cause: e });
  }
  return text.endsWith('\n') ? text : text + '\n';
}

/** Reads --template (or the built-in template). */
export function loadTemplate(path?: string): { path: string; text: string } {
  const p = path ?? DEFAULT_TEMPLATE_PATH;
  try {
    return { path: p, text: readFileSync(p, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(
      'E_TEMPLATE',
      `cannot read template ${p}${code ? ` (${code})` : ''}`,
      path === undefined ? 'the rctl installation is incomplete; reinstall the package' : 'check the path given to --template or the config file\'s "template"',
      { cause: e },
    );
  }
}

/**
 * Writes a rendered conf (creating its directory) through a temp file and a rename, so a
 * node never reads half a file. Secret-holding files are created with mode 600 and chmod-ed
 * in case a wider file already existed.
 */
export async function writeNodeConf(path: string, text: string, secret: boolean): Promise<void> {
  const mode = secret ? 0o600 : 0o644;
  const tmp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(tmp, text, { mode });
    await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => {});
    throw new CliError('E_IO', `cannot write ${path}: ${(e as Error).message}`, 'check that --dir is writable', { cause: e });
  }
}
