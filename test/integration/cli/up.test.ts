// rctl up / status / down against real rctl-server processes: shorthand, config file and
// chained topologies on free ports, the text and JSON status, teardown with no process left
// (checked by pid), and the failure paths (busy port, bad topology, crashing node, sync timeout).

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RespClient } from '../../../src/shared/resp-client.js';
import { useProcessCleanup } from '../../helpers/processes.js';
import { isAlive, nodeByName, ok, project, rctl, readState, recordedPids, tryReadState, useSetCleanup } from './helpers.js';

useProcessCleanup();
useSetCleanup();

async function get(port: number, ...args: string[]): Promise<unknown> {
  const c = await RespClient.connect({ port });
  try {
    return await c.call(...args);
  } finally {
    c.close();
  }
}

describe('rctl up', () => {
  it('starts 1-master-2-replicas on free ports, prints the nodes and writes the state file', async () => {
    const cwd = project();
    const started = Date.now();
    const r = await rctl(cwd, ['up', '1-master-2-replicas', '--port', 'auto']);
    const wall = Date.now() - started;
    expect(r.stderr).toContain('Wait until every link is up');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^NAME\s+PORT\s+PID\s+ALIVE\s+ROLE\s+MASTER\s+LINK\s+OFFSET\s+LAG\s+REPLID$/);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(['master', 'replica-1', 'replica-2']);
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).not.toContain('\x1b[');

    const state = readState(join(cwd, '.rctl'));
    expect(state.nodes.map((n) => [n.name, n.role, n.replicaOf ?? null])).toEqual([
      ['master', 'master', null],
      ['replica-1', 'replica', 'master'],
      ['replica-2', 'replica', 'master'],
    ]);
    const master = nodeByName(state, 'master');
    for (const n of state.nodes) {
      expect(isAlive(n.pid!)).toBe(true);
      expect(n.dir).toBe(join(cwd, '.rctl', 'default', n.name));
      expect(readFileSync(n.pidfile, 'utf8').trim()).toBe(String(n.pid));
      const conf = readFileSync(n.confPath, 'utf8');
      expect(conf).toContain(`\nport ${n.port}\n`);
      if (n.role === 'replica') expect(conf).toContain(`\nreplicaof 127.0.0.1 ${master.port}\n`);
      expect(lines.some((l) => l.startsWith(n.name) && l.includes(` ${n.port} `) && l.includes(String(n.pid)))).toBe(true);
    }
    // Replication works end to end.
    await get(master.port, 'SET', 'k', 'v');
    const info = String(await get(master.port, 'INFO', 'replication'));
    expect(info.match(/state=online/g)).toHaveLength(2);
    // A budget, not the 1 s target: CI machines run many tests at once.
    expect(wall).toBeLessThan(10_000);
  });

  it('takes consecutive ports from --port, the master first', async () => {
    const cwd = project();
    const first = await freeRange(3);
    const r = await rctl(cwd, ['up', '1-master-2-replicas', '--port', String(first)]);
    ok(r);
    const state = readState(join(cwd, '.rctl'));
    expect(state.nodes.map((n) => n.port)).toEqual([first, first + 1, first + 2]);
    expect(state.nodes.map((n) => n.dir)).toEqual([0, 1, 2].map((i) => join(cwd, '.rctl', 'default', String(first + i))));
  });

  it('starts a chained tree from a config file, with a password (confs mode 600)', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'rctl.config.json'),
      JSON.stringify({
        port: 'auto',
        password: 'p w"1',
        nodes: [
          { name: 'main' },
          { name: 'r1', replicaOf: 'main' },
          { name: 'r2', replicaOf: 'r1', directives: { 'replica-priority': 50 } },
        ],
      }),
    );
    const r = ok(await rctl(cwd, ['up', '--json']));
    const report = JSON.parse(r.stdout) as { nodes: Array<{ name: string; role: string; masterName: string | null; link: string | null }>; elapsedMs: number };
    expect(report.nodes.map((n) => [n.name, n.role, n.masterName, n.link])).toEqual([
      ['main', 'master', null, null],
      ['r1', 'replica', 'main', 'up'],
      ['r2', 'replica', 'r1', 'up'],
    ]);
    const state = readState(join(cwd, '.rctl'));
    for (const n of state.nodes) expect(statSync(n.confPath).mode & 0o777).toBe(0o600);
    expect(readFileSync(nodeByName(state, 'r2').confPath, 'utf8')).toContain('\nreplica-priority 50\n');
    expect(readFileSync(join(cwd, '.rctl', 'default', 'state.json'), 'utf8')).not.toContain('p w');
    // Later commands find the password in the confs.
    const st = await rctl(cwd, ['status', '--json']);
    expect(st.exitCode).toBe(0);
    expect((JSON.parse(st.stdout) as { nodes: Array<{ link: string | null }> }).nodes.map((n) => n.link)).toEqual([null, 'up', 'up']);
  });

  it('refuses to start a set that is already running', async () => {
    const cwd = project();
    ok(await rctl(cwd, ['up', '1-master-0-replicas', '--port', 'auto']));
    const r = await rctl(cwd, ['up', '1-master-0-replicas', '--port', 'auto']);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain("rctl: set 'default' under");
    expect(r.stderr).toContain('hint: stop it with `rctl down`, or start another set next to it with --name <other>');
    // Another name lives side by side.
    ok(await rctl(cwd, ['--name', 'other', 'up', '1-master-0-replicas', '--port', 'auto']));
    const ls = await rctl(cwd, ['ls']);
    expect(ls.stdout).toMatch(/^default\s+running\s+1\/1/m);
    expect(ls.stdout).toMatch(/^other\s+running\s+1\/1/m);
  });
});

describe('rctl up failures', () => {
  it('reports a busy port with the node, the port and the --port hint, starting nothing', async () => {
    const cwd = project();
    const first = await freeRange(3);
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(first + 1, '127.0.0.1', () => r()));
    try {
      const r = await rctl(cwd, ['up', '1-master-2-replicas', '--port', String(first)]);
      expect(r.exitCode).toBe(6);
      expect(r.stderr).toContain(`rctl: node replica-1: port ${first + 1} is already in use`);
      expect(r.stderr).toContain('hint: another process listens there: pick another first port with --port <n>, or use --port auto');
      expect(tryReadState(join(cwd, '.rctl'))).toBeNull();
    } finally {
      blocker.close();
    }
  });

  it.each([
    ['2-masters-1-replica', 2, "rctl: topology '2-masters-1-replica': rctl runs exactly one master per set"],
    ['1-master-x-replicas', 2, "rctl: unknown topology '1-master-x-replicas'"],
    ['1-master-2-replica', 2, "rctl: topology '1-master-2-replica': write '2-replicas'"],
  ])('rejects the bad topology %s', async (topo, code, msg) => {
    const cwd = project();
    const r = await rctl(cwd, ['up', topo, '--port', 'auto']);
    expect(r.exitCode).toBe(code);
    expect(r.stderr).toContain(msg);
    expect(r.stderr).toContain('hint: valid forms: 1-master-0-replicas');
  });

  it('reports every problem of a bad config-file tree', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'rctl.config.json'), JSON.stringify({ nodes: [{ name: 'a' }, { name: 'b', replicaOf: 'zz' }, { name: 'c', replicaOf: 'c' }] }));
    const r = await rctl(cwd, ['up', '--port', 'auto']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("nodes[1].replicaOf: unknown node 'zz'");
    expect(r.stderr).toContain('nodes[2].replicaOf: a node cannot replicate itself');
  });

  it('names a node that crashes while starting, shows its log and stops the others', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'rctl.config.json'),
      JSON.stringify({ nodes: [{ name: 'm' }, { name: 'bad', replicaOf: 'm', directives: { 'no-such-directive': 'x' } }, { name: 'ok', replicaOf: 'm' }] }),
    );
    const r = await rctl(cwd, ['up', '--port', 'auto']);
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toMatch(/rctl: node bad \(port auto\): process \d+ exited with code 1 before answering PING/);
    expect(r.stderr).toContain(`last lines of ${join(cwd, '.rctl', 'default', 'bad', 'redis.log')}:`);
    expect(r.stderr).toContain("'no-such-directive x'");
    expect(r.stderr).toContain('hint: see the log lines above');
    // Everything started was stopped and the set does not exist.
    expect(tryReadState(join(cwd, '.rctl'))).toBeNull();
    for (const name of ['m', 'ok']) {
      const pid = Number(readLog(join(cwd, '.rctl', 'default', name, 'redis.log')).match(/pid=(\d+)/)![1]);
      expect(isAlive(pid)).toBe(false);
    }
  });

  it('names the replica and the field that never became ready when sync times out', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'rctl.config.json'), JSON.stringify({ password: 'right', nodes: [{ name: 'm' }, { name: 'r', replicaOf: 'm', directives: { masterauth: 'wrong' } }] }));
    const r = await rctl(cwd, ['up', '--port', 'auto', '--timeout', '2']);
    expect(r.exitCode).toBe(8);
    expect(r.stderr).toMatch(/rctl: replication did not come up within 2 s: r \(port \d+\): master_link_status is down, waiting for up/);
    expect(r.stderr).toContain('WRONGPASS');
    expect(r.stderr).toContain('hint: raise --timeout, or check the log of r');
    expect(tryReadState(join(cwd, '.rctl'))).toBeNull();
  });

  it('reports a --server that does not exist', async () => {
    const cwd = project();
    const r = await rctl(cwd, ['up', '1-master-0-replicas', '--port', 'auto', '--server', 'no-such-redis-server-xyz']);
    expect(r.exitCode).toBe(7);
    expect(r.stderr).toContain("rctl: server 'no-such-redis-server-xyz' not found on PATH");
    expect(r.stderr).toContain('hint: pass --server <path>');
  });
});

describe('rctl status', () => {
  it('shows every node as text and JSON, dead nodes as down', async () => {
    const cwd = project();
    ok(await rctl(cwd, ['up', '1-master-2-replicas', '--port', 'auto']));
    const state = readState(join(cwd, '.rctl'));
    const master = nodeByName(state, 'master');
    const r1 = nodeByName(state, 'replica-1');

    const text = await rctl(cwd, ['status']);
    expect(text.exitCode).toBe(0);
    const row = text.stdout.split('\n').find((l) => l.startsWith('replica-1'))!;
    expect(row.split(/\s+/)).toEqual(['replica-1', String(r1.port), String(r1.pid), 'yes', 'replica', `127.0.0.1:${master.port}`, '(master)', 'up', expect.stringMatching(/^\d+$/), expect.stringMatching(/^\d+s$/), expect.stringMatching(/^[0-9a-f]{12}$/)]);

    process.kill(r1.pid!, 'SIGKILL');
    const js = await rctl(cwd, ['status', '--json']);
    expect(js.exitCode).toBe(0);
    const report = JSON.parse(js.stdout) as { name: string; nodes: Array<Record<string, unknown>> };
    expect(report.name).toBe('default');
    const byName = Object.fromEntries(report.nodes.map((n) => [n.name, n]));
    expect(byName['master']).toMatchObject({ port: master.port, pid: master.pid, alive: true, health: 'up', role: 'master', link: null });
    expect(byName['master']!['replid']).toMatch(/^[0-9a-f]{40}$/);
    expect(byName['replica-1']).toMatchObject({ port: r1.port, pid: null, alive: false, health: 'down', role: null });
    expect(byName['replica-2']).toMatchObject({ alive: true, role: 'replica', link: 'up', masterName: 'master' });

    const after = await rctl(cwd, ['status']);
    expect(after.stdout).toMatch(new RegExp(`^replica-1\\s+${r1.port}\\s+-\\s+no\\s+down`, 'm'));
    expect(after.stdout).toContain(`! replica-1 (port ${r1.port}) is down: start it with \`rctl start ${r1.port}\``);
  });

  it('says what to do when there is no set', async () => {
    const cwd = project();
    const r = await rctl(cwd, ['status']);
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toContain(`rctl: no set 'default' under ${join(cwd, '.rctl')}`);
    expect(r.stderr).toContain('hint: start one with `rctl up <topology>`');
  });

  it('polls repeatedly with --watch --count', async () => {
    const cwd = project();
    ok(await rctl(cwd, ['up', '1-master-0-replicas', '--port', 'auto']));
    const r = await rctl(cwd, ['status', '--watch', '--count', '2', '--interval', '50', '--json']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as { nodes: unknown[] }).nodes.length)).toEqual([1, 1]);
  });
});

describe('rctl down', () => {
  it('leaves no process behind, also for paused and hung nodes', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'rctl.config.json'),
      JSON.stringify({ nodes: [{ name: 'master' }, { name: 'replica-1', replicaOf: 'master' }, { name: 'replica-2', replicaOf: 'master', directives: { 'enable-debug-command': 'yes' } }] }),
    );
    ok(await rctl(cwd, ['up', '--port', 'auto']));
    const state = readState(join(cwd, '.rctl'));
    const pids = recordedPids(state);
    expect(pids).toHaveLength(3);
    // replica-1 paused (SIGSTOP); replica-2 hung in a DEBUG SLEEP that outlasts the grace period.
    ok(await rctl(cwd, ['pause', 'replica-1']));
    const r2 = nodeByName(state, 'replica-2');
    const c = await RespClient.connect({ port: r2.port });
    void c.send('DEBUG', 'SLEEP', '30').catch(() => {});
    // The node stops answering once the sleep started.
    const probe = await RespClient.connect({ port: r2.port });
    const answered = await Promise.race([probe.call('PING').then(() => true), new Promise((r) => setTimeout(() => r(false), 300))]);
    probe.close();
    expect(answered).toBe(false);
    const r = await rctl(cwd, ['down']);
    c.close();
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^master\s+\d+\s+stopped \(SHUTDOWN\)$/m);
    expect(r.stdout).toMatch(/^replica-1\s+\d+\s+stopped/m);
    expect(r.stdout).toMatch(/^replica-2\s+\d+\s+killed \(SIGKILL\)$/m);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    for (const n of state.nodes) expect(existsSync(n.pidfile)).toBe(false);
    // Files stay; the state records nothing running.
    expect(readState(join(cwd, '.rctl')).nodes.every((n) => n.pid === null)).toBe(true);
    expect(existsSync(state.nodes[0]!.logfile)).toBe(true);
  }, 90_000);

  it('removes the set directory with --purge and is a no-op when nothing runs', async () => {
    const cwd = project();
    ok(await rctl(cwd, ['up', '1-master-1-replica', '--port', 'auto']));
    const pids = recordedPids(readState(join(cwd, '.rctl')));
    const r = await rctl(cwd, ['down', '--purge', '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ name: 'default', purged: true });
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(cwd, '.rctl', 'default'))).toBe(false);
    const again = await rctl(cwd, ['down']);
    expect(again.exitCode).toBe(0);
    expect(again.stderr).toContain("no set 'default'");
  });
});

function readLog(path: string): string {
  return readFileSync(path, 'utf8');
}

/** n consecutive ports that are free right now (probing each, retrying from another base). */
async function freeRange(n: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    let ok = true;
    for (let i = 0; i < n && ok; i++) ok = await canListen(base + i);
    if (ok) return base;
  }
  throw new Error('no free port range');
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}
