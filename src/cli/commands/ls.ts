// `rctl ls`: every set under --dir with its nodes, how many run, and where its master is.

import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { listSets } from '../state.js';
import { identityOf } from '../status.js';
import { livePid } from '../supervise/pidfile.js';
import { formatTable } from '../ui.js';

export interface ListedSetSummary {
  name: string;
  setDir: string;
  nodes: number;
  running: number;
  master: { name: string; port: number } | null;
  server: string | null;
  createdAt: string | null;
  error?: string;
}

/** Sets under dir with how many of their node processes are alive. */
export function summarizeSets(dir: string): ListedSetSummary[] {
  return listSets(dir).map((s) => {
    if (!s.state) return { name: s.name, setDir: s.setDir, nodes: 0, running: 0, master: null, server: null, createdAt: null, error: s.error ?? 'unreadable state' };
    const st = s.state;
    const running = st.nodes.filter((n) => livePid(n.pid, n.pidfile, identityOf(n)) !== null).length;
    const m = st.nodes.find((n) => n.role === 'master');
    return { name: st.name, setDir: s.setDir, nodes: st.nodes.length, running, master: m ? { name: m.name, port: m.port } : null, server: st.server, createdAt: st.createdAt };
  });
}

export function lsCommand(): Command {
  return new Command('ls')
    .summary('list the sets under --dir')
    .description('List every set under --dir (default ./.rctl): its nodes, how many of their processes run, its master\'s port and the server binary.')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl ls
  $ rctl ls --dir /tmp/rctl --json`,
    )
    .action(async (_opts: unknown, cmd: Command) => {
      const { settings, ui } = await setupCommand(cmd);
      const sets = summarizeSets(settings.dir);
      if (ui.json) {
        ui.outJson({ dir: settings.dir, sets });
        return;
      }
      if (sets.length === 0) {
        ui.log.info(`no sets under ${settings.dir}; start one with \`rctl up 1-master-2-replicas\``);
        return;
      }
      const c = ui.color;
      const rows = sets.map((s) => [
        s.name,
        s.error ? c.error('broken') : s.running === 0 ? c.dim('stopped') : s.running === s.nodes ? c.ok('running') : c.warn('degraded'),
        s.error ? '-' : `${s.running}/${s.nodes}`,
        s.master ? String(s.master.port) : '-',
        s.server === null ? (s.error ?? '-') : s.server,
      ]);
      for (const l of formatTable(['NAME', 'STATE', 'UP', 'MASTER', 'SERVER'], rows, { alignRight: [2, 3], header: (h) => c.bold(h) })) ui.out(l);
    });
}
