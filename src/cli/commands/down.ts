// `rctl down [--purge]`: stop every node of a set (SHUTDOWN, SIGTERM, then SIGKILL; paused
// nodes are resumed first), verify by pid that no process is left, and with --purge remove
// the set's directory.

import { rmSync } from 'node:fs';
import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { loadState, passwordFor, saveState, type SetState } from '../state.js';
import { identityOf } from '../status.js';
import { isOurNode, livePid } from '../supervise/pidfile.js';
import { stopNode, StopError, type StopOutcome } from '../supervise/stop.js';
import { stopWatchdog } from '../supervise/watchdog.js';

export interface DownResult {
  name: string;
  port: number;
  pid: number | null;
  outcome: StopOutcome;
}

export interface DownOptions {
  password?: string;
  purge?: boolean;
  graceMs?: number;
}

/**
 * Stops every node (in parallel) and checks each recorded pid is gone. Throws E_STOP naming
 * the nodes whose process survived.
 */
export async function teardownSet(state: SetState, opts: DownOptions = {}): Promise<DownResult[]> {
  const password = passwordFor(state, opts.password);
  stopWatchdog(state.watchdogPid);
  const results = await Promise.all(
    state.nodes.map(async (n): Promise<DownResult> => {
      const pid = livePid(n.pid, n.pidfile, identityOf(n));
      try {
        const outcome = await stopNode({
          pid,
          port: n.port,
          identity: identityOf(n),
          save: state.persist,
          now: true,
          pidfile: n.pidfile,
          ...(password !== undefined ? { password } : {}),
          ...(opts.graceMs !== undefined ? { graceMs: opts.graceMs } : {}),
        });
        return { name: n.name, port: n.port, pid, outcome };
      } catch (e) {
        if (e instanceof StopError) return { name: n.name, port: n.port, pid, outcome: 'sigkill' };
        throw e;
      }
    }),
  );
  const left = results.filter((r) => r.pid !== null && isOurNode(r.pid, identityOf(state.nodes.find((n) => n.name === r.name)!)));
  if (left.length > 0) {
    throw new CliError(
      'E_STOP',
      `could not stop ${left.map((r) => `${r.name} (port ${r.port}, pid ${r.pid})`).join(', ')}`,
      `kill the process by hand (kill -9 <pid>) and run \`rctl down\` again`,
    );
  }
  if (opts.purge) {
    rmSync(state.setDir, { recursive: true, force: true });
  } else {
    for (const n of state.nodes) n.pid = null;
    delete state.watchdogPid;
    saveState(state);
  }
  return results;
}

const OUTCOME_TEXT: Record<StopOutcome, string> = {
  'not-running': 'was not running',
  shutdown: 'stopped (SHUTDOWN)',
  sigterm: 'stopped (SIGTERM)',
  sigkill: 'killed (SIGKILL)',
};

export function downCommand(): Command {
  return new Command('down')
    .summary('stop every node of the set (no process left behind)')
    .description(
      'Stop every node of the set: SHUTDOWN over the wire, then SIGTERM, then SIGKILL after a grace period; ' +
        'paused (SIGSTOP) nodes are resumed first and hung ones killed. Checks by pid that no node process is left. ' +
        'The set\'s files stay (rctl logs still works) unless --purge removes its directory.',
    )
    .option('--purge', 'also remove the set\'s directory (<dir>/<name>: confs, logs, dumps, state)')
    .option('--password <password>', 'the set\'s password (default: read from the nodes\' confs)')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl down
  $ rctl down --purge
  $ rctl --name ci-1 --dir /tmp/rctl down --purge --json`,
    )
    .action(async (opts: { purge?: boolean }, cmd: Command) => {
      const { settings, ui } = await setupCommand(cmd);
      const state = loadState(settings);
      if (!state) {
        // Idempotent for CI teardown: nothing to stop is not a failure.
        if (ui.json) ui.outJson({ name: settings.name, nodes: [], purged: false });
        else ui.log.info(`no set '${settings.name}' under ${settings.dir}: nothing to stop`);
        return;
      }
      const results = await teardownSet(state, { purge: opts.purge === true, ...(settings.password !== undefined ? { password: settings.password } : {}) });
      if (ui.json) {
        ui.outJson({ name: state.name, nodes: results, purged: opts.purge === true });
        return;
      }
      for (const r of results) {
        const text = OUTCOME_TEXT[r.outcome];
        ui.out(`${r.name.padEnd(12)} ${String(r.port).padStart(5)}  ${r.outcome === 'sigkill' ? ui.color.warn(text) : r.outcome === 'not-running' ? ui.color.dim(text) : ui.color.ok(text)}`);
      }
      if (opts.purge) ui.log.info(ui.color.dim(`removed ${state.setDir}`));
    });
}
