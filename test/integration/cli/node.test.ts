// Fault injection and inspection on one node: rctl stop/start/restart/kill/pause/resume,
// rctl logs, rctl cli (redis-cli style replies) and rctl ls, against real rctl-server nodes.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive, nodeByName, ok, project, rctl, readState, useSetCleanup } from './helpers.js';
import { useProcessCleanup } from '../../helpers/processes.js';

useProcessCleanup();
useSetCleanup();

function procState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

describe('rctl stop|start|restart|kill|pause|resume', () => {
  it('injects faults on one node and brings it back in sync', async () => {
    const cwd = project('rctl-cli-node-');
    ok(await rctl(cwd, ['up', '1-master-2-replicas', '--port', 'auto']));
    const dir = join(cwd, '.rctl');
    const s0 = readState(dir);
    const r1 = nodeByName(s0, 'replica-1');
    ok(await rctl(cwd, ['cli', 'master', 'SET', 'before', '1']));

    const kill = ok(await rctl(cwd, ['kill', String(r1.port)]));
    expect(kill.stdout).toBe(`replica-1 (port ${r1.port}): killed (SIGKILL, pid ${r1.pid})`);
    expect(isAlive(r1.pid!)).toBe(false);
    expect(readState(dir).nodes[1]!.pid).toBeNull();
    ok(await rctl(cwd, ['cli', 'master', 'SET', 'while-down', '1']));

    const start = ok(await rctl(cwd, ['start', 'replica-1']));
    expect(start.stdout).toMatch(new RegExp(`^replica-1 \\(port ${r1.port}\\): started \\(pid \\d+\\), in sync$`));
    const pid = readState(dir).nodes[1]!.pid!;
    expect(isAlive(pid)).toBe(true);
    expect(ok(await rctl(cwd, ['cli', 'replica-1', 'GET', 'while-down'])).stdout).toBe('1');
    expect(ok(await rctl(cwd, ['start', 'replica-1'])).stdout).toContain(`already running (pid ${pid})`);

    const pause = ok(await rctl(cwd, ['pause', 'replica-2']));
    const r2 = nodeByName(readState(dir), 'replica-2');
    expect(pause.stdout).toBe(`replica-2 (port ${r2.port}): paused (SIGSTOP, pid ${r2.pid})`);
    expect(procState(r2.pid!)).toBe('T');
    const st = JSON.parse(ok(await rctl(cwd, ['status', '--json'])).stdout) as { nodes: Array<{ name: string; health: string }> };
    expect(st.nodes.find((n) => n.name === 'replica-2')!.health).toBe('paused');
    ok(await rctl(cwd, ['resume', String(r2.port)]));
    expect(procState(r2.pid!)).not.toBe('T');

    const stop = ok(await rctl(cwd, ['stop', 'master']));
    expect(stop.stdout).toBe(`master (port ${s0.nodes[0]!.port}): stopped (shutdown)`);
    expect(isAlive(s0.nodes[0]!.pid!)).toBe(false);
    expect(existsSync(s0.nodes[0]!.pidfile)).toBe(false);
    const restart = ok(await rctl(cwd, ['restart', 'master']));
    expect(restart.stdout).toMatch(/^master \(port \d+\): started \(pid \d+\), in sync$/);
    const rs = ok(await rctl(cwd, ['restart', 'replica-2', '--json']));
    expect(JSON.parse(rs.stdout)).toMatchObject({ action: 'restart', name: 'replica-2', port: r2.port });
    expect(isAlive(r2.pid!)).toBe(false);
  });

  it('explains what to do for a node that is not running or not in the set', async () => {
    const cwd = project('rctl-cli-node-');
    ok(await rctl(cwd, ['up', '1-master-0-replicas', '--port', 'auto']));
    ok(await rctl(cwd, ['kill', 'master']));
    const p = await rctl(cwd, ['pause', 'master']);
    expect(p.exitCode).toBe(4);
    expect(p.stderr).toMatch(/rctl: node master \(port \d+\) is not running\nhint: start it with `rctl start \d+`/);
    const u = await rctl(cwd, ['stop', 'nope']);
    expect(u.exitCode).toBe(4);
    expect(u.stderr).toContain("rctl: no node nope in set 'default'");
  });
});

describe('rctl cli, logs, ls', () => {
  it('prints replies like redis-cli does (raw when piped, formatted with --no-raw)', async () => {
    const cwd = project('rctl-cli-node-');
    ok(await rctl(cwd, ['up', '1-master-1-replica', '--port', 'auto', '--password', 's3cret']));
    expect(ok(await rctl(cwd, ['cli', 'master', 'SET', 'k', 'v'])).stdout).toBe('OK');
    expect(ok(await rctl(cwd, ['cli', 'master', 'RPUSH', 'l', 'a', 'b c'])).stdout).toBe('2');
    expect(ok(await rctl(cwd, ['cli', 'master', 'LRANGE', 'l', '0', '-1'])).stdout).toBe('a\nb c');
    expect(ok(await rctl(cwd, ['cli', 'master', '--no-raw', 'LRANGE', 'l', '0', '-1'])).stdout).toBe('1) "a"\n2) "b c"');
    expect(ok(await rctl(cwd, ['cli', 'master', '--no-raw', 'GET', 'missing'])).stdout).toBe('(nil)');
    expect(ok(await rctl(cwd, ['cli', 'master', '--no-raw', 'INCRBY', 'n', '-5'])).stdout).toBe('(integer) -5');
    expect(ok(await rctl(cwd, ['cli', 'master', '--', 'INCRBY', 'n', '-5'])).stdout).toBe('-10');
    const err = await rctl(cwd, ['cli', 'replica-1', 'SET', 'k', 'w']);
    expect(err.exitCode).toBe(11);
    expect(err.stderr).toMatch(/rctl: replica-1 \(port \d+\) replied to SET: READONLY You can't write against a read only replica\./);
  });

  it('shows logs of one node or all of them, and lists sets', async () => {
    const cwd = project('rctl-cli-node-');
    ok(await rctl(cwd, ['up', '1-master-1-replica', '--port', 'auto']));
    const one = ok(await rctl(cwd, ['logs', 'replica-1', '-n', '3']));
    expect(one.stdout.split('\n')).toHaveLength(3);
    const whole = ok(await rctl(cwd, ['logs', 'master']));
    expect(whole.stdout).toContain('Ready to accept connections');
    const all = ok(await rctl(cwd, ['logs', '-n', '2']));
    const lines = all.stdout.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines.filter((l) => l.startsWith('master    | '))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('replica-1 | '))).toHaveLength(2);

    ok(await rctl(cwd, ['--name', 'second', 'up', '1-master-0-replicas', '--port', 'auto']));
    ok(await rctl(cwd, ['--name', 'second', 'kill', 'master']));
    const ls = ok(await rctl(cwd, ['ls']));
    expect(ls.stdout.split('\n')[0]).toMatch(/^NAME\s+STATE\s+UP\s+MASTER\s+SERVER$/);
    expect(ls.stdout).toMatch(/^default\s+running\s+2\/2\s+\d+\s+\S+rctl-server\.js$/m);
    expect(ls.stdout).toMatch(/^second\s+stopped\s+0\/1\s+\d+/m);
    const js = JSON.parse(ok(await rctl(cwd, ['ls', '--json'])).stdout) as { sets: Array<{ name: string; running: number; nodes: number }> };
    expect(js.sets.map((s) => [s.name, s.running, s.nodes])).toEqual([
      ['default', 2, 2],
      ['second', 0, 1],
    ]);
  });
});
