// The rctl program: commander wiring of every command, the global options and the single
// top-level error handler (CliError -> `rctl: message` + `hint:`, exit code from errors.ts).

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { renderCommand } from './commands/render.js';
import { upCommand } from './commands/up.js';
import { downCommand } from './commands/down.js';
import { statusCommand } from './commands/status.js';
import { nodeCommands } from './commands/node.js';
import { promoteCommand } from './commands/promote.js';
import { logsCommand } from './commands/logs.js';
import { cliCommand } from './commands/cli.js';
import { lsCommand } from './commands/ls.js';
import { attachContext, type CliContext } from './context.js';
import { CliError, EXIT_CODES } from './errors.js';
import { createUi, formatError } from './ui.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/**
 * Every command, in the order `rctl --help` lists them. A command module exports
 * `<name>Command(): Command` (node ops: `nodeCommands(): Command[]`); its action calls
 * `setupCommand(cmd)` from context.ts for settings and ui, and throws CliError on failure.
 */
function commands(): Command[] {
  return [renderCommand(), upCommand(), statusCommand(), promoteCommand(), downCommand(), ...nodeCommands(), logsCommand(), cliCommand(), lsCommand()];
}

function exitCodeHelp(): string {
  const byExit = new Map<number, string[]>();
  for (const [code, exit] of Object.entries(EXIT_CODES)) byExit.set(exit, [...(byExit.get(exit) ?? []), code]);
  return [...byExit].map(([exit, codes]) => `  ${String(exit).padStart(3)}  ${codes.join(', ')}`).join('\n');
}

/** Settings that addCommand() does not pass on: error handling, output, help layout. */
function inherit(cmd: Command, from: Command): void {
  cmd.copyInheritedSettings(from);
  for (const sub of cmd.commands) inherit(sub, cmd);
}

export function createProgram(ctx: CliContext): Command {
  const program = new Command('rctl')
    .description('Launch, wire, inspect, promote and tear down local Redis master/replica sets for development and CI.')
    .version(packageVersion(), '-V, --version', 'print the rctl version')
    .helpOption('-h, --help', 'show help (every command has its own, with examples)')
    .option('--dir <dir>', 'where sets keep their state and node files (default ./.rctl, env RCTL_DIR)')
    .option('--name <name>', 'the set to act on, so several sets live side by side (default "default", env RCTL_NAME)')
    .option('--config <file>', 'load this config file instead of searching for rctl.config.* / .rctlrc / package.json "rctl"')
    .option('--json', 'machine-readable output on stdout')
    .option('--debug', 'debug logging, and stack traces on errors')
    .exitOverride()
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      // Parse errors are printed by the top-level handler, in the same shape as any other.
      outputError: () => {},
    })
    .addHelpText(
      'after',
      `
Examples:
  $ rctl render 1-master-2-replicas            print each node's redis.conf
  $ rctl up 1-master-2-replicas --port auto    start a set on free ports
  $ rctl status --json
  $ rctl promote 6380
  $ rctl down --purge

Settings come from built-in defaults, then a config file (rctl.config.{json,yaml,yml,js,mjs,cjs,ts},
.rctlrc[.json|.yaml], package.json "rctl"), then RCTL_DIR, RCTL_NAME, RCTL_PORT, RCTL_PASSWORD,
RCTL_SERVER, then the options given.

Exit codes:
    0  success
${exitCodeHelp()}`,
    );
  for (const cmd of commands()) program.addCommand(cmd);
  inherit(program, program);
  attachContext(program, ctx);
  return program;
}

function usageError(e: CommanderError, argv: readonly string[]): CliError {
  const msg = e.message.replace(/^error: /, '');
  const sub = argv.slice(2).find((a) => !a.startsWith('-'));
  const hint = sub && e.code !== 'commander.unknownCommand' ? `run \`rctl ${sub} --help\`` : 'run `rctl --help`';
  return new CliError('E_USAGE', msg, hint);
}

/** Runs rctl with argv (process.argv layout) and returns the exit code; never throws. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = createProgram(ctx);
  const debug = argv.includes('--debug');
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return EXIT_CODES.E_USAGE;
    }
    await program.parseAsync([...argv]);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError && (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help')) {
      return e.exitCode;
    }
    const err = e instanceof CommanderError ? usageError(e, argv) : e;
    const ui = createUi({ env: ctx.env, stdout: ctx.stdout, stderr: ctx.stderr, debug });
    const { lines, exitCode } = formatError(err, ui.color, debug);
    ctx.stderr.write(lines.join('\n') + '\n');
    return exitCode;
  }
}

// `rctl status | head -1`: a reader that went away is not an error worth a stack trace.
for (const s of [process.stdout, process.stderr]) {
  s.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const code = await runCli(process.argv, { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr });
// Exit explicitly, so a socket or timer a command left behind cannot keep rctl alive; first
// let stdout/stderr drain (pipes are asynchronous on macOS).
await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((r) => s.write('', () => r()))));
process.exit(code);
