// What a command's action needs from the outside world (cwd, env, streams), attached once
// to the root program by main.ts, so nothing below commands/ reads process.env or argv.

import type { Command } from 'commander';
import { loadSettings, type Settings, type SettingsFlags } from './settings.js';
import { createUi, type OutStream, type Ui } from './ui.js';

export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: OutStream;
  stderr: OutStream;
}

const contexts = new WeakMap<Command, CliContext>();

export function attachContext(program: Command, ctx: CliContext): void {
  contexts.set(program, ctx);
}

/** The context attached to the root of cmd's command tree. */
export function contextOf(cmd: Command): CliContext {
  let root = cmd;
  while (root.parent) root = root.parent;
  const ctx = contexts.get(root);
  if (!ctx) throw new Error('rctl: command run without a CliContext (create the program with createProgram())');
  return ctx;
}

export interface CommandSetup {
  ctx: CliContext;
  ui: Ui;
  settings: Settings;
}

/**
 * For an action handler: merges the command's and the global options with the config file
 * and the environment. Call as `const { settings, ui } = await setupCommand(cmd)`.
 */
export async function setupCommand(cmd: Command): Promise<CommandSetup> {
  const ctx = contextOf(cmd);
  const flags = cmd.optsWithGlobals<SettingsFlags>();
  const ui = createUi({ env: ctx.env, stdout: ctx.stdout, stderr: ctx.stderr, debug: flags.debug, json: flags.json });
  const settings = await loadSettings(flags, { cwd: ctx.cwd, env: ctx.env, configFile: flags.config });
  ui.log.debug(`settings: ${JSON.stringify({ ...settings, password: settings.password === undefined ? undefined : '***' })}`);
  return { ctx, ui, settings };
}
