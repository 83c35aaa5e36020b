// `rctl status [--json] [--watch]`: one row per node (port, pid, alive, role, master, link,
// offset, lag, replid), nodes that died shown as down; --watch redraws until interrupted.

import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { passwordFor, requireState, type SetLocation } from '../state.js';
import { collectStatus, formatStatusTable, NodeClients, statusProblems, statusReport } from '../status.js';

interface StatusFlags {
  watch?: boolean;
  interval?: string;
  count?: string;
  password?: string;
}

function positiveInt(v: string | undefined, flag: string, dflt: number): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new CliError('E_USAGE', `${flag}: expected a whole number > 0, got '${v}'`, `e.g. ${flag} 500`);
  return n;
}

export function statusCommand(): Command {
  return new Command('status')
    .summary('show every node: role, upstream, link, offset, lag, replid')
    .description(
      'Ask every node of the set for INFO replication and print one row per node: port, pid, whether the process is alive, ' +
        'its role, its master, the link status, its replication offset, the lag its upstream reports and the replication id. ' +
        'Nodes whose process died are shown as down, paused ones as paused. --json prints the same as an object for scripts; ' +
        '--watch redraws every --interval ms until interrupted (with --json: one JSON object per line).',
    )
    .option('--watch', 'keep polling and redraw until Ctrl-C')
    .option('--interval <ms>', 'poll interval for --watch (default 1000)')
    .option('--count <n>', 'with --watch: stop after n polls')
    .option('--password <password>', 'the set\'s password (default: read from the nodes\' confs)')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl status
  $ rctl status --json | jq '.nodes[] | select(.role == "master") | .port'
  $ rctl status --watch --interval 500
  $ rctl --name ci-1 status --json`,
    )
    .action(async (flags: StatusFlags, cmd: Command) => {
      const { settings, ui, ctx } = await setupCommand(cmd);
      const loc: SetLocation = settings;
      const interval = positiveInt(flags.interval, '--interval', 1000);
      const count = flags.watch ? positiveInt(flags.count, '--count', Number.POSITIVE_INFINITY) : 1;
      const first = requireState(loc);
      const clients = new NodeClients(passwordFor(first, settings.password), 1000);
      try {
        for (let i = 0; i < count; i++) {
          if (i > 0) await new Promise((r) => setTimeout(r, interval));
          // Re-read each round: promote, start and stop change the set under a running --watch.
          const state = i === 0 ? first : requireState(loc);
          const rows = await collectStatus(state, { clients });
          if (ui.json) {
            const report = statusReport(state, rows);
            if (flags.watch) ctx.stdout.write(JSON.stringify({ ...report, time: new Date().toISOString() }) + '\n');
            else ui.outJson(report);
            continue;
          }
          const lines = formatStatusTable(rows, ui);
          const problems = statusProblems(rows);
          if (flags.watch && ui.interactive) ctx.stdout.write('\x1b[H\x1b[2J');
          else if (i > 0) ui.out('');
          if (flags.watch) ui.out(ui.color.dim(`set '${state.name}' at ${new Date().toLocaleTimeString()} (every ${interval} ms, Ctrl-C to stop)`));
          for (const l of lines) ui.out(l);
          for (const p of problems) ui.out(ui.color.warn(`! ${p}`));
        }
      } finally {
        clients.close();
      }
    });
}
