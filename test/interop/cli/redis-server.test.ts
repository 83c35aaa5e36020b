// The main rctl flow (up, status, promote with writes running, down) with --server pointing at
// a real redis-server 7.0, using the same rendered confs as the bundled server.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { RespClient, RespReplyError } from '../../../src/shared/resp-client.js';
import { describeInterop } from '../../helpers/interop.js';
import { useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';
import { isAlive, nodeByName, ok, project, rctl, readState, recordedPids, useSetCleanup } from '../../integration/cli/helpers.js';

useProcessCleanup();
useSetCleanup();

describeInterop('rctl with --server redis-server', () => {
  it('starts, reports, fails over with writes running and tears down real redis-server nodes', async () => {
    const cwd = project('rctl-interop-cli-');
    const up = ok(await rctl(cwd, ['up', '1-master-2-replicas', '--port', 'auto', '--server', 'redis-server', '--password', 'pw']));
    expect(up.stdout).toMatch(/^replica-2\s+\d+\s+\d+\s+yes\s+replica\s+127\.0\.0\.1:\d+ \(master\)\s+up/m);
    const dir = join(cwd, '.rctl');
    const state = readState(dir);
    expect(state.server).toBe('redis-server');
    for (const n of state.nodes) {
      // The real server runs: its INFO says so.
      const c = await RespClient.connect({ port: n.port });
      await c.call('AUTH', 'pw');
      expect(String(await c.call('INFO', 'server'))).toMatch(/redis_version:7\./);
      c.close();
      expect(readFileSync(n.logfile, 'utf8')).toContain('Ready to accept connections');
    }

    const st = JSON.parse(ok(await rctl(cwd, ['status', '--json'])).stdout) as { nodes: Array<{ name: string; role: string; link: string | null; replid: string }> };
    expect(st.nodes.map((n) => [n.name, n.role, n.link])).toEqual([
      ['master', 'master', null],
      ['replica-1', 'replica', 'up'],
      ['replica-2', 'replica', 'up'],
    ]);
    expect(new Set(st.nodes.map((n) => n.replid)).size).toBe(1);

    // Writes run during the coordinated failover; every acknowledged one must survive.
    const acked = new Map<string, string>();
    let running = true;
    const writer = (async () => {
      let c: RespClient | null = null;
      let port = 0;
      for (let i = 0; running; ) {
        try {
          const mp = readState(dir).nodes.find((n) => n.role === 'master')!.port;
          if (!c || c.isClosed || mp !== port) {
            c?.close();
            c = await RespClient.connect({ port: mp, timeoutMs: 500 });
            await c.call('AUTH', 'pw');
            port = mp;
          }
          const k = `k:${i++}`;
          await c.call('SET', k, k);
          acked.set(k, k);
        } catch (e) {
          if (!(e instanceof RespReplyError) || !e.reply.startsWith('READONLY')) c = null;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
      c?.close();
    })();
    await waitFor(() => acked.size >= 100, { timeoutMs: 20_000 });
    const r1 = nodeByName(state, 'replica-1');
    const pr = JSON.parse(ok(await rctl(cwd, ['promote', 'replica-1', '--json'])).stdout) as { mode: string; nodes: Array<{ name: string; resync: string }> };
    const mark = acked.size;
    await waitFor(() => acked.size >= mark + 100, { timeoutMs: 20_000 });
    running = false;
    await writer;
    expect(pr.mode).toBe('coordinated');
    expect(Object.fromEntries(pr.nodes.map((n) => [n.name, n.resync]))).toEqual({ master: 'partial', 'replica-1': 'none', 'replica-2': 'partial' });
    const c = await RespClient.connect({ port: r1.port });
    await c.call('AUTH', 'pw');
    const keys = [...acked.keys()];
    const vals = (await c.call('MGET', ...keys)) as Array<string | null>;
    c.close();
    expect(keys.filter((k, i) => vals[i] !== k)).toEqual([]);

    const pids = recordedPids(readState(dir));
    ok(await rctl(cwd, ['down']));
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });
});
