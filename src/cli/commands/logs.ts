// `rctl logs [node] [-f] [-n lines]`: a node's logfile (every node's, prefixed, without one);
// -f keeps printing what is appended until interrupted.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { findNode, requireState, type NodeState } from '../state.js';
import { logTail, readLogSince } from '../supervise/ready.js';

interface LogsFlags {
  follow?: boolean;
  lines?: string;
  interval?: string;
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function readRange(path: string, from: number, to: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(to - from);
    const n = readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

export function logsCommand(): Command {
  return new Command('logs')
    .summary('print (and with -f follow) a node\'s log')
    .description('Print the logfile of one node, or of every node (each line prefixed with the node\'s name) when none is given. -f keeps printing new lines until Ctrl-C.')
    .argument('[node]', 'port (e.g. 6380) or name (e.g. replica-1); default: every node')
    .option('-f, --follow', 'keep printing appended lines until interrupted')
    .option('-n, --lines <n>', 'only the last n lines (default: the whole log for one node, 20 per node for all)')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl logs 6379
  $ rctl logs replica-1 -n 50
  $ rctl logs -f`,
    )
    .action(async (ref: string | undefined, flags: LogsFlags, cmd: Command) => {
      const { settings, ui, ctx } = await setupCommand(cmd);
      const state = requireState(settings);
      const nodes: NodeState[] = ref === undefined ? state.nodes : [findNode(state, ref)];
      let lines: number | undefined;
      if (flags.lines !== undefined) {
        lines = Number(flags.lines);
        if (!Number.isInteger(lines) || lines < 0) throw new CliError('E_USAGE', `--lines: expected a whole number, got '${flags.lines}'`, 'e.g. -n 50');
      } else if (nodes.length > 1) {
        lines = 20;
      }
      const prefixed = nodes.length > 1;
      const width = Math.max(...nodes.map((n) => n.name.length));
      const emit = (n: NodeState, text: string): void => {
        if (text === '') return;
        if (!prefixed) {
          ctx.stdout.write(text);
          return;
        }
        const tag = ui.color.accent(n.name.padEnd(width)) + ' | ';
        const body = text.endsWith('\n') ? text.slice(0, -1) : text;
        ctx.stdout.write(body.split('\n').map((l) => tag + l).join('\n') + '\n');
      };
      const offsets = new Map<string, number>();
      for (const n of nodes) {
        const size = fileSize(n.logfile);
        offsets.set(n.name, size);
        const text = lines === undefined ? readLogSince(n.logfile, 0) : logTail(n.logfile, lines);
        if (text === '' && !flags.follow && !prefixed) ui.log.warn(`${n.logfile} is empty`);
        emit(n, text === '' || text.endsWith('\n') ? text : text + '\n');
      }
      if (!flags.follow) return;
      // Follow until interrupted; a log that shrinks (rotated or recreated) is read from its start.
      await new Promise<never>(() => {
        setInterval(() => {
          for (const n of nodes) {
            const from = offsets.get(n.name)!;
            const size = fileSize(n.logfile);
            if (size === from) continue;
            const start = size < from ? 0 : from;
            emit(n, readRange(n.logfile, start, size));
            offsets.set(n.name, size);
          }
        }, 200);
      });
    });
}
