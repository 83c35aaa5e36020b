// The command registry: every family file's specs, looked up by name in any case, and
// container commands (CONFIG, CLIENT ...) resolved to their subcommand spec.

import type { CommandSpec } from './spec.js';
import { familySpecs } from './families.js';

const TABLE = new Map<string, CommandSpec>();
const SUBS = new Map<CommandSpec, Map<string, CommandSpec>>();

function register(spec: CommandSpec): void {
  TABLE.set(spec.name, spec);
  TABLE.set(spec.name.toUpperCase(), spec);
  if (spec.subcommands) {
    const m = new Map<string, CommandSpec>();
    for (const sub of spec.subcommands) m.set(sub.name.slice(spec.name.length + 1), sub);
    SUBS.set(spec, m);
  }
}

// Filled on first use: family files may import this module (COMMAND lists the table),
// so registering at import time would run before they finished loading.
let ready = false;
function ensureTable(): void {
  if (ready) return;
  ready = true;
  for (const spec of familySpecs()) register(spec);
}

/** The top-level spec for a command name, in any letter case. */
export function lookupCommand(name: string): CommandSpec | undefined {
  if (!ready) ensureTable();
  return TABLE.get(name) ?? TABLE.get(name.toLowerCase());
}

/** The subcommand spec of a container, or undefined. */
export function lookupSubcommand(container: CommandSpec, sub: string): CommandSpec | undefined {
  return SUBS.get(container)?.get(sub.toLowerCase());
}

/** Every top-level command, for COMMAND / COMMAND COUNT / COMMAND LIST. */
export function allCommands(): CommandSpec[] {
  ensureTable();
  const seen = new Set<CommandSpec>();
  for (const spec of TABLE.values()) seen.add(spec);
  return [...seen];
}
