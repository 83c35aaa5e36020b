// The programmatic API (`import { up } from 'rctl'`, the built package): the README's
// globalSetup, failover and fault injection through the handle, teardown with no process
// left, and the watchdog killing the nodes when the owning process dies.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { attach, CliError, up } from 'rctl';
import { RespClient } from '../../../src/shared/resp-client.js';
import { ROOT, tempDir, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';
import { setup, teardown } from './global-setup.js';
import { isAlive, readState, recordedPids, tryReadState } from './helpers.js';

useProcessCleanup();

async function call(port: number, ...args: string[]): Promise<unknown> {
  const c = await RespClient.connect({ port });
  try {
    return await c.call(...args);
  } finally {
    c.close();
  }
}

describe('programmatic API', () => {
  it('runs the README globalSetup: a set on free ports, provided to tests, torn down', async () => {
    const provided = new Map<string, unknown>();
    await setup({ provide: ((k: string, v: unknown) => provided.set(k, v)) as never });
    const redis = provided.get('redis') as { dir: string; master: number; replicas: number[] };
    let pids: number[] = [];
    try {
      expect(redis.replicas).toHaveLength(2);
      await call(redis.master, 'SET', 'k', 'v');
      const set = attach({ dir: redis.dir });
      await set.waitForSync();
      for (const p of redis.replicas) expect(await call(p, 'GET', 'k')).toBe('v');
      pids = recordedPids(readState(redis.dir));
      expect(pids).toHaveLength(4); // three nodes and the watchdog
    } finally {
      await teardown();
    }
    for (const pid of pids) await waitFor(() => !isAlive(pid), { timeoutMs: 5000, what: `pid ${pid} gone` });
    expect(existsSync(redis.dir)).toBe(false);
  });

  it('promotes, injects faults and reports status through the handle', async () => {
    const dir = tempDir('rctl-api-');
    const set = await up('1-master-2-replicas', { dir, name: 'api', password: 'pw' });
    try {
      expect(set.setDir).toBe(join(dir, 'api'));
      expect(set.master.name).toBe('master');
      expect(set.master.url).toBe(`redis://:pw@127.0.0.1:${set.master.port}`);
      const [r1, r2] = set.replicas;
      const result = await set.promote(r1!.port);
      expect(result.mode).toBe('coordinated');
      expect(set.master.name).toBe('replica-1');
      expect(set.replicas.map((r) => r.replicaOf)).toEqual(['replica-1', 'replica-1']);

      await set.kill(r2!.port);
      expect((await set.status()).find((s) => s.name === 'replica-2')!.health).toBe('down');
      await set.start('replica-2');
      await set.pause('master');
      expect((await set.status()).find((s) => s.name === 'master')!.health).toBe('paused');
      await set.resume('master');
      await set.waitForSync();
      const rows = await set.status();
      expect(rows.map((r) => [r.name, r.role, r.link])).toEqual([
        ['master', 'replica', 'up'],
        ['replica-1', 'master', null],
        ['replica-2', 'replica', 'up'],
      ]);
      await set.restart('master');
      expect(set.node('master').pid).not.toBe(rows[0]!.pid);
    } finally {
      await set.down();
    }
    const state = readState(dir, 'api');
    expect(state.nodes.every((n) => n.pid === null)).toBe(true);
    expect(state.watchdogPid).toBeUndefined();
  });

  it('throws a CliError naming the problem', async () => {
    const err = await up('3-masters', { dir: tempDir('rctl-api-') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('E_USAGE');
    expect((err as CliError).exitCode).toBe(2);
  });

  it('kills the nodes when the process that started them dies (watchdog)', async () => {
    const dir = tempDir('rctl-api-');
    const script = `
      import { up } from 'rctl';
      const set = await up('1-master-1-replica', { dir: ${JSON.stringify(dir)} });
      console.log(JSON.stringify(set.nodes.map((n) => n.pid)));
      setInterval(() => {}, 1000);
    `;
    const child = execa(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, reject: false });
    const pids = await new Promise<number[]>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => resolve(JSON.parse(d.toString()) as number[]));
      void child.then((r) => reject(new Error(`child exited: ${r.stderr}`)));
    });
    const watchdog = tryReadState(dir)!.watchdogPid!;
    for (const pid of [...pids, watchdog]) expect(isAlive(pid)).toBe(true);
    child.kill('SIGKILL');
    await child;
    for (const pid of [...pids, watchdog]) await waitFor(() => !isAlive(pid), { timeoutMs: 5000, what: `pid ${pid} killed by the watchdog` });
  });
});
