import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const field = (info: string, name: string): string | undefined => new RegExp(`\\r\\n${name}:([^\\r]*)\\r\\n`).exec(`\r\n${info}`)?.[1];

describe('server commands on a running rctl-server', () => {
  it('reports its bound port, pid and a fresh run id in INFO server', async () => {
    const a = await startRctlServer();
    const b = await startRctlServer();
    const ca = await a.client();
    const infoA = String(await ca.call('INFO', 'server'));
    expect(field(infoA, 'tcp_port')).toBe(String(a.port));
    expect(field(infoA, 'process_id')).toBe(String(a.pid));
    expect(field(infoA, 'redis_version')).toBe('7.0.15');
    const infoB = String(await (await b.client()).call('INFO', 'server'));
    expect(field(infoA, 'run_id')).toMatch(/^[0-9a-f]{40}$/);
    expect(field(infoB, 'run_id')).not.toBe(field(infoA, 'run_id'));
  });

  it('counts ops per second once the metrics sampler runs', async () => {
    const s = await startRctlServer();
    const c = await s.client();
    await waitFor(async () => {
      await Promise.all(Array.from({ length: 50 }, () => c.call('PING')));
      return Number(field(String(await c.call('INFO', 'stats')), 'instantaneous_ops_per_sec')) > 0;
    }, { timeoutMs: 10_000, what: 'instantaneous_ops_per_sec > 0' });
  });

  it('records slow commands in the slow log', async () => {
    const s = await startRctlServer({ args: ['--enable-debug-command', 'yes', '--slowlog-log-slower-than', '1000'] });
    const c = await s.client();
    await c.call('DEBUG', 'SLEEP', '0.01');
    const log = (await c.call('SLOWLOG', 'GET')) as unknown[][];
    expect(log).toHaveLength(1);
    expect(log[0]![3]).toEqual(['DEBUG', 'SLEEP', '0.01']);
    expect(Number(log[0]![2])).toBeGreaterThanOrEqual(10_000);
  });

  it('exits on SHUTDOWN NOSAVE without writing a snapshot', async () => {
    const s = await startRctlServer();
    const c = await s.client();
    await c.call('SET', 'k', 'v');
    const reply = c.send('SHUTDOWN', 'NOSAVE').catch((e: Error) => e);
    expect(await s.exited).toBe(0);
    expect(await reply).toBeInstanceOf(Error);
    expect(existsSync(join(s.dir, 'dump.rdb'))).toBe(false);
    expect(s.output()).toContain('User requested shutdown...');
  });

  it('saves before exiting on SHUTDOWN SAVE', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    await c.call('SET', 'k', 'v');
    void c.send('SHUTDOWN', 'SAVE').catch(() => null);
    expect(await s.exited).toBe(0);
    expect(existsSync(join(s.dir, 'dump.rdb'))).toBe(true);
  });

  it('streams other clients\u2019 commands to MONITOR', async () => {
    const s = await startRctlServer();
    const m = await s.client();
    const c = await s.client();
    expect(String(await m.call('MONITOR'))).toBe('OK');
    await c.call('SET', 'a', 'b');
    const line = String(await m.nextPush());
    expect(line).toMatch(/^\d+\.\d{6} \[0 127\.0\.0\.1:\d+\] "SET" "a" "b"$/);
  });
});
