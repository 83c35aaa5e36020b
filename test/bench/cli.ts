// CLI suite: wall time of `rctl up 1-master-2-replicas` until every link is up, and of
// `rctl promote`, with the bundled server and with --server redis-server (target: up
// under 1 s with the bundled server).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, printTable, type Row } from './lib.js';

const CLI = join(ROOT, 'bin/rctl.js');

function rctl(dir: string, args: string[]): { ms: number; out: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [CLI, ...args, '--dir', dir], {
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0', CI: '1' },
    timeout: 120_000,
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`rctl ${args.join(' ')} failed (${r.status}): ${r.stdout}\n${r.stderr}`);
  return { ms, out: r.stdout };
}

/** Median of `rounds` runs of up + promote + down for one server kind. */
function measure(server: string[], rounds: number): { up: number; promote: number } {
  const ups: number[] = [];
  const promotes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'rctl-bench-cli-'));
    try {
      ups.push(rctl(dir, ['up', '1-master-2-replicas', '--port', 'auto', ...server]).ms);
      rctl(dir, ['cli', 'master', 'SET', 'bench', 'value']);
      promotes.push(rctl(dir, ['promote', 'replica-1']).ms);
    } finally {
      try {
        rctl(dir, ['down', '--purge']);
      } catch {
        // best effort; the next line removes what is left
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { up: median(ups), promote: median(promotes) };
}

export async function cliSuite(quick: boolean): Promise<void> {
  const rounds = quick ? 1 : 3;
  const ours = measure([], rounds);
  const real = measure(['--server', 'redis-server'], rounds);
  const rows: Row[] = [
    { name: 'rctl up 1-master-2-replicas', redis: real.up, ours: ours.up, ratio: real.up / ours.up, target: 'rctl < 1000 ms', ok: ours.up < 1000, unit: 'ms' },
    { name: 'rctl promote replica-1', redis: real.promote, ours: ours.promote, ratio: real.promote / ours.promote, target: 'report', ok: true, unit: 'ms' },
  ];
  printTable('CLI wall time (median; "redis" = --server redis-server, ratio = redis/rctl)', rows);
}
