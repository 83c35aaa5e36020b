// rctl promote with writes running: a coordinated failover loses no acknowledged write, and a
// forced one (master dead, or --force) loses none that WAIT confirmed on every replica. The new
// roles land in the state file and the confs; each node's resync is reported.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RespClient, RespReplyError } from '../../../src/shared/resp-client.js';
import { useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';
import { nodeByName, ok, project, rctl, readState, useSetCleanup } from './helpers.js';

useProcessCleanup();
useSetCleanup();

function timeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, rej) => (t = setTimeout(() => rej(new Error(`${what}: no reply in ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

/**
 * Writes SET k:<i> v<i> in a loop to whichever node the state file names as master. A write
 * counts as acknowledged on OK; on the original master with `waitAll`, only once WAIT says
 * every replica has it (what a forced failover can promise).
 */
class Writer {
  readonly acked = new Map<string, string>();
  readonly ackedAfter = new Map<string, string>();
  readonly errors: string[] = [];
  private running = true;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly originalMaster: number,
    private readonly waitAll: number | null,
  ) {}

  start(): void {
    this.done = this.loop();
  }

  private masterPort(): number {
    try {
      return readState(this.dir).nodes.find((n) => n.role === 'master')!.port;
    } catch {
      return this.originalMaster;
    }
  }

  private async loop(): Promise<void> {
    let c: RespClient | null = null;
    let port = 0;
    for (let i = 0; this.running; ) {
      try {
        const mp = this.masterPort();
        if (!c || c.isClosed || mp !== port) {
          c?.close();
          c = null;
          c = await RespClient.connect({ port: mp, timeoutMs: 500 });
          port = mp;
        }
        const key = `k:${i}`;
        const val = `v${i}`;
        i++;
        await timeout(c.call('SET', key, val), 10_000, 'SET');
        if (port === this.originalMaster && this.waitAll !== null) {
          const n = Number(await timeout(c.call('WAIT', this.waitAll, 1000), 5000, 'WAIT'));
          if (n < this.waitAll) continue;
        }
        (port === this.originalMaster ? this.acked : this.ackedAfter).set(key, val);
      } catch (e) {
        this.errors.push(e instanceof RespReplyError ? e.reply.split(' ')[0]! : (e as Error).message);
        c?.close();
        c = null;
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    c?.close();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}

async function checkAllPresent(port: number, expected: Map<string, string>): Promise<string[]> {
  const c = await RespClient.connect({ port });
  try {
    const keys = [...expected.keys()];
    const missing: string[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const chunk = keys.slice(i, i + 500);
      const vals = (await c.call('MGET', ...chunk)) as Array<string | null>;
      chunk.forEach((k, j) => {
        if (vals[j] !== expected.get(k)) missing.push(`${k}=${String(vals[j])}`);
      });
    }
    return missing;
  } finally {
    c.close();
  }
}

async function upWithWriter(waitAll: number | null) {
  const cwd = project('rctl-cli-promote-');
  ok(await rctl(cwd, ['up', '1-master-2-replicas', '--port', 'auto']));
  const dir = join(cwd, '.rctl');
  const state = readState(dir);
  const writer = new Writer(dir, nodeByName(state, 'master').port, waitAll);
  writer.start();
  await waitFor(() => writer.acked.size >= 100, { timeoutMs: 20_000, what: '100 acknowledged writes' });
  return { cwd, dir, state, writer };
}

describe('rctl promote', () => {
  it('fails over without losing an acknowledged write while writes are running (coordinated)', async () => {
    const { cwd, dir, state, writer } = await upWithWriter(null);
    const r1 = nodeByName(state, 'replica-1');
    const r = ok(await rctl(cwd, ['promote', String(r1.port), '--json']));
    const result = JSON.parse(r.stdout) as { mode: string; newMaster: string; pausedMs: number; nodes: Array<{ name: string; role: string; replicaOf: string | null; resync: string }> };
    await waitFor(() => writer.ackedAfter.size >= 100, { timeoutMs: 20_000, what: '100 writes on the new master' });
    await writer.stop();

    expect(result.mode).toBe('coordinated');
    expect(result.newMaster).toBe('replica-1');
    expect(result.nodes).toEqual([
      { name: 'master', port: nodeByName(state, 'master').port, role: 'replica', replicaOf: 'replica-1', resync: 'partial' },
      { name: 'replica-1', port: r1.port, role: 'master', replicaOf: null, resync: 'none' },
      { name: 'replica-2', port: nodeByName(state, 'replica-2').port, role: 'replica', replicaOf: 'replica-1', resync: 'partial' },
    ]);
    // Writes held by the pause failed as READONLY on the demoted master, none vanished.
    expect(await checkAllPresent(r1.port, writer.acked)).toEqual([]);
    expect(await checkAllPresent(r1.port, writer.ackedAfter)).toEqual([]);
    expect(writer.errors.every((e) => e === 'READONLY' || e.includes('closed') || e.includes('ECONNREFUSED'))).toBe(true);

    // The new roles are persisted in the state file and every conf.
    const after = readState(dir);
    expect(after.nodes.map((n) => [n.name, n.role, n.replicaOf ?? null])).toEqual([
      ['master', 'replica', 'replica-1'],
      ['replica-1', 'master', null],
      ['replica-2', 'replica', 'replica-1'],
    ]);
    expect(readFileSync(nodeByName(after, 'master').confPath, 'utf8')).toContain(`\nreplicaof 127.0.0.1 ${r1.port}\n`);
    expect(readFileSync(r1.confPath, 'utf8')).not.toMatch(/^replicaof /m);

    // Replicas converge on the same data.
    const st = ok(await rctl(cwd, ['status', '--json']));
    const rows = (JSON.parse(st.stdout) as { nodes: Array<{ name: string; role: string; link: string | null; masterName: string | null }> }).nodes;
    expect(rows.map((n) => [n.name, n.role, n.link, n.masterName])).toEqual([
      ['master', 'replica', 'up', 'replica-1'],
      ['replica-1', 'master', null, null],
      ['replica-2', 'replica', 'up', 'replica-1'],
    ]);
  });

  it('prints the resync of every node as a table', async () => {
    const cwd = project('rctl-cli-promote-');
    ok(await rctl(cwd, ['up', '1-master-1-replica', '--port', 'auto']));
    const r = ok(await rctl(cwd, ['promote', 'replica-1']));
    expect(r.stdout.split('\n')[0]).toMatch(/^NAME\s+PORT\s+ROLE\s+REPLICA OF\s+RESYNC$/);
    expect(r.stdout).toMatch(/^master\s+\d+\s+replica\s+replica-1\s+partial$/m);
    expect(r.stdout).toMatch(/^replica-1\s+\d+\s+master\s+-\s+none$/m);
    expect(r.stderr).toMatch(/coordinated promotion of replica-1 in \d+ ms; writes paused for \d+ ms/);
    // Promoting the master again is a no-op.
    const again = ok(await rctl(cwd, ['promote', 'replica-1', '--json']));
    expect(JSON.parse(again.stdout)).toMatchObject({ mode: 'noop', newMaster: 'replica-1' });
  });

  it('promotes when the master is dead, losing no write every replica confirmed (forced)', async () => {
    const { cwd, dir, state, writer } = await upWithWriter(2);
    const master = nodeByName(state, 'master');
    const r2 = nodeByName(state, 'replica-2');
    ok(await rctl(cwd, ['kill', 'master']));
    const r = ok(await rctl(cwd, ['promote', String(r2.port), '--json']));
    const result = JSON.parse(r.stdout) as { mode: string; nodes: Array<{ name: string; resync: string; role: string }> };
    await waitFor(() => writer.ackedAfter.size >= 100, { timeoutMs: 20_000, what: '100 writes on the new master' });
    await writer.stop();
    expect(result.mode).toBe('forced');
    expect(Object.fromEntries(result.nodes.map((n) => [n.name, [n.role, n.resync]]))).toEqual({
      master: ['replica', 'down'],
      'replica-1': ['replica', 'partial'],
      'replica-2': ['master', 'none'],
    });
    expect(await checkAllPresent(r2.port, writer.acked)).toEqual([]);
    expect(await checkAllPresent(r2.port, writer.ackedAfter)).toEqual([]);
    // The dead master's conf now follows the new master, so starting it rejoins the set.
    expect(readFileSync(master.confPath, 'utf8')).toContain(`\nreplicaof 127.0.0.1 ${r2.port}\n`);
    ok(await rctl(cwd, ['start', 'master']));
    const st = JSON.parse(ok(await rctl(cwd, ['status', '--json'])).stdout) as { nodes: Array<{ name: string; link: string | null; masterName: string | null }> };
    expect(st.nodes.find((n) => n.name === 'master')).toMatchObject({ link: 'up', masterName: 'replica-2' });
    expect(await checkAllPresent(master.port, writer.ackedAfter)).toEqual([]);
    expect(readState(dir).nodes.find((n) => n.role === 'master')!.name).toBe('replica-2');
  });

  it('promotes with --force while the master is alive', async () => {
    const { cwd, state, writer } = await upWithWriter(2);
    const r1 = nodeByName(state, 'replica-1');
    const r = ok(await rctl(cwd, ['promote', String(r1.port), '--force', '--json']));
    await waitFor(() => writer.ackedAfter.size >= 50, { timeoutMs: 20_000, what: '50 writes on the new master' });
    await writer.stop();
    const result = JSON.parse(r.stdout) as { mode: string; pausedMs: number | null; nodes: Array<{ name: string; resync: string }> };
    expect(result.mode).toBe('forced');
    expect(result.pausedMs).toBeNull();
    for (const n of result.nodes) expect(['partial', 'full', 'none']).toContain(n.resync);
    expect(await checkAllPresent(r1.port, writer.acked)).toEqual([]);
    expect(await checkAllPresent(r1.port, writer.ackedAfter)).toEqual([]);
  });

  it('keeps the chains of a tree and reports the resync of the promoted node\'s own replicas', async () => {
    const cwd = project('rctl-cli-promote-');
    writeFileSync(join(cwd, 'rctl.config.json'), JSON.stringify({ nodes: [{ name: 'm' }, { name: 'r1', replicaOf: 'm' }, { name: 'r2', replicaOf: 'r1' }, { name: 'r3', replicaOf: 'm' }] }));
    ok(await rctl(cwd, ['up', '--port', 'auto']));
    ok(await rctl(cwd, ['cli', 'm', 'SET', 'k', 'v']));
    const r = JSON.parse(ok(await rctl(cwd, ['promote', 'r1', '--json'])).stdout) as { nodes: Array<{ name: string; role: string; replicaOf: string | null; resync: string }> };
    expect(r.nodes.map((n) => [n.name, n.role, n.replicaOf, n.resync])).toEqual([
      ['m', 'replica', 'r1', 'partial'],
      ['r1', 'master', null, 'none'],
      ['r2', 'replica', 'r1', 'partial'],
      ['r3', 'replica', 'r1', 'partial'],
    ]);
    for (const name of ['m', 'r2', 'r3']) expect(ok(await rctl(cwd, ['cli', name, 'GET', 'k'])).stdout).toBe('v');
  });

  it('refuses to promote a node that is down, and an unknown node', async () => {
    const cwd = project('rctl-cli-promote-');
    ok(await rctl(cwd, ['up', '1-master-1-replica', '--port', 'auto']));
    ok(await rctl(cwd, ['stop', 'replica-1']));
    const down = await rctl(cwd, ['promote', 'replica-1']);
    expect(down.exitCode).toBe(9);
    expect(down.stderr).toMatch(/rctl: cannot promote replica-1 \(port \d+\): it is not running/);
    expect(down.stderr).toContain('hint: start or resume it first');
    const unknown = await rctl(cwd, ['promote', '1']);
    expect(unknown.exitCode).toBe(4);
    expect(unknown.stderr).toContain("rctl: no node 1 in set 'default'");
    expect(unknown.stderr).toMatch(/hint: nodes of this set: \d+ \(master\), \d+ \(replica-1\)/);
  });
});
