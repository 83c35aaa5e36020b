import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { CLI_BIN, freePort, startRctlServer, tempDir, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';
import { canBind } from '../../../src/cli/supervise/ports.js';

useProcessCleanup();

/** Runs the built CLI in cwd with plain output and no RCTL_* from the outer environment. */
async function rctl(cwd: string, args: string[], env: Record<string, string> = {}) {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('RCTL_') && k !== 'NO_COLOR'));
  return execa(process.execPath, [CLI_BIN, ...args], { cwd, env: { ...base, FORCE_COLOR: '0', CI: '1', ...env }, extendEnv: false, reject: false });
}

/** A temp dir with a package.json, so config search stops there. */
function project(): string {
  const d = tempDir('rctl-cli-render-');
  writeFileSync(join(d, 'package.json'), '{"name":"fixture"}');
  return d;
}

describe('rctl render', () => {
  it('prints every node after a header line, starting nothing', async () => {
    const cwd = project();
    const r = await rctl(cwd, ['render', '1-master-2-replicas', '--port', '7100']);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const headers = r.stdout.split('\n').filter((l) => l.startsWith('# ==> '));
    expect(headers).toEqual([
      `# ==> master (master) 127.0.0.1:7100 ${cwd}/.rctl/default/7100/redis.conf <==`,
      `# ==> replica-1 (replica of master) 127.0.0.1:7101 ${cwd}/.rctl/default/7101/redis.conf <==`,
      `# ==> replica-2 (replica of master) 127.0.0.1:7102 ${cwd}/.rctl/default/7102/redis.conf <==`,
    ]);
    expect(r.stdout.match(/^replicaof 127\.0\.0\.1 7100$/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/^save ""$/m);
    expect(r.stdout).not.toContain('\x1b[');
    expect(() => statSync(join(cwd, '.rctl'))).toThrow();
  });

  it('accepts the global options before or after the command', async () => {
    const cwd = project();
    for (const args of [
      ['--dir', 'state', '--name', 'ci', 'render', '1-master-0-replicas'],
      ['render', '1-master-0-replicas', '--dir', 'state', '--name', 'ci'],
    ]) {
      const r = await rctl(cwd, args);
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(`\ndir ${cwd}/state/ci/6379\n`);
    }
  });

  it('writes the files with --out, mode 600 when they hold a password', async () => {
    const cwd = project();
    const r = await rctl(cwd, ['render', '1-master-1-replica', '--port', '7200', '--password', 'p w', '--out', 'confs']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split('\n')).toEqual([`wrote ${cwd}/confs/7200/redis.conf  (master, port 7200)`, `wrote ${cwd}/confs/7201/redis.conf  (replica-1, port 7201)`]);
    for (const port of [7200, 7201]) {
      const path = join(cwd, 'confs', String(port), 'redis.conf');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      const lines = readFileSync(path, 'utf8').split('\n');
      expect(lines).toContain('requirepass "p w"');
      expect(lines).toContain('masterauth "p w"');
    }
  });

  it('renders the same text it prints (a fixture)', async () => {
    const cwd = project();
    const printed = await rctl(cwd, ['render', '1-master-1-replica', '--json']);
    expect(printed.exitCode).toBe(0);
    const json = JSON.parse(printed.stdout) as { name: string; nodes: Array<{ name: string; port: number; conf: string }> };
    expect(json.name).toBe('default');
    expect(json.nodes.map((n) => [n.name, n.port])).toEqual([
      ['master', 6379],
      ['replica-1', 6380],
    ]);
    await rctl(cwd, ['render', '1-master-1-replica', '--out', 'out']);
    expect(readFileSync(join(cwd, 'out/6380/redis.conf'), 'utf8')).toBe(json.nodes[1]!.conf);
  });

  it('uses the config file topology, directives and settings', async () => {
    const cwd = project();
    writeFileSync(
      join(cwd, 'rctl.config.yaml'),
      ['port: 7300', 'persist: true', 'nodes:', '  - name: main', '  - name: r1', '    replicaOf: main', '  - name: r2', '    replicaOf: r1', '    directives:', '      maxmemory: 10mb', ''].join('\n'),
    );
    const r = await rctl(cwd, ['render']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('# ==> r2 (replica of r1) 127.0.0.1:7302');
    expect(r.stdout).toMatch(/replicaof 127\.0\.0\.1 7301\n\n# --- node directives from the rctl config file ---\nmaxmemory 10mb$/);
    expect(r.stdout).toMatch(/^save 3600 1 300 100 60 10000$/m);
  });

  it('lets --template replace the built-in template', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'mini.tmpl'), 'port <%= it.node.port %>\n');
    const r = await rctl(cwd, ['render', '1-master-0-replicas', '--template', 'mini.tmpl', '--port', '7400']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`# ==> master (master) 127.0.0.1:7400 ${cwd}/.rctl/default/7400/redis.conf <==\nport 7400`);
  });

  it.each([
    [['render', '1-master-2-replica'], 2, "rctl: topology '1-master-2-replica': write '2-replicas'", 'hint: valid forms: 1-master-0-replicas, 1-master-1-replica'],
    [['render', 'three-nodes'], 2, "rctl: unknown topology 'three-nodes'", 'hint: valid forms:'],
    [['render'], 2, 'rctl: no topology given', 'hint: pass one (e.g. 1-master-2-replicas)'],
    [['render', '1-master-0-replicas', '--bogus'], 2, "rctl: unknown option '--bogus'", 'hint: run `rctl render --help`'],
    [['frobnicate'], 2, "rctl: unknown command 'frobnicate'", 'hint: run `rctl --help`'],
    [['render', '1-master-0-replicas', '--port', 'abc'], 3, "rctl: invalid setting: --port: expected a port 1-65535 or 'auto', got 'abc'", 'hint: fix the listed options'],
    [['render', '1-master-2-replicas', '--port', '65534'], 3, 'rctl: --port 65534: 3 nodes need ports 65534-65536, beyond 65535', 'hint: pass a lower --port or --port auto'],
    [['render', '1-master-0-replicas', '--template', 'missing.tmpl'], 3, 'rctl: cannot read template', 'hint: check the path given to --template'],
  ])('fails for %j with exit %i and a hint', async (args, code, message, hint) => {
    const r = await rctl(project(), args);
    expect(r.exitCode).toBe(code);
    expect(r.stdout).toBe('');
    const lines = r.stderr.split('\n');
    expect(lines[0]).toContain(message);
    expect(lines.at(-1)).toContain(hint);
  });

  it('lists every config problem with its path', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'rctl.config.json'), JSON.stringify({ port: 'x', nodes: [{ name: 'm' }, { name: 'a', replicaOf: 'foo' }, { name: 'b', replicaOf: 'b' }] }));
    const r = await rctl(cwd, ['render']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr.split('\n')).toEqual([
      `rctl: invalid config file ${cwd}/rctl.config.json (3 problems)`,
      "  nodes[1].replicaOf: unknown node 'foo' (known: m, a, b)",
      '  nodes[2].replicaOf: a node cannot replicate itself',
      `  port: expected a port 1-65535 or "auto", got 'x'`,
      'hint: fix the listed fields in rctl.config.json',
    ]);
  });

  it('reads RCTL_* from the environment, below the flags', async () => {
    const cwd = project();
    const r = await rctl(cwd, ['render', '1-master-0-replicas', '--name', 'flag'], { RCTL_PORT: '7500', RCTL_NAME: 'env', RCTL_DIR: 'envdir' });
    expect(r.stdout).toContain(`# ==> master (master) 127.0.0.1:7500 ${cwd}/envdir/flag/7500/redis.conf <==`);
  });

  it('shows help with examples and the version', async () => {
    const cwd = project();
    const help = await rctl(cwd, ['render', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('Usage: rctl render [options] [topology]');
    expect(help.stdout).toContain('$ rctl render 1-master-2-replicas');
    expect(help.stdout).toContain('--dir <dir>');
    const root = await rctl(cwd, ['--help']);
    expect(root.stdout).toContain('Exit codes:');
    expect(root.stdout).toMatch(/^\s+3 {2}E_CONFIG, E_TEMPLATE$/m);
    const version = await rctl(cwd, ['--version']);
    expect(version.stdout).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints a stack only with --debug', async () => {
    const cwd = project();
    const r = await rctl(cwd, ['render', '1-master-0-replicas', '--port', 'abc', '--debug']);
    expect(r.stderr).toContain('code: E_CONFIG (exit 3)');
  });
});

describe('a rendered conf starts rctl-server', () => {
  it('runs a master and a replica from rendered files until the link is up', async () => {
    const cwd = project();
    // Two consecutive free ports, as `--port <first>` takes.
    let port = 0;
    for (let i = 0; i < 50 && port === 0; i++) {
      const p = await freePort();
      if (p < 65535 && (await canBind(p + 1))) port = p;
    }
    const r = await rctl(cwd, ['render', '1-master-1-replica', '--port', String(port), '--password', 'pw', '--out', 'out']);
    expect(r.exitCode).toBe(0);
    const nodes = [];
    for (const p of [port, port + 1]) {
      mkdirSync(join(cwd, '.rctl/default', String(p)), { recursive: true });
      // The helper adds `--port 0`; ours comes after it and wins, and `--logfile ""` keeps the
      // log on stdout where the helper reads the ready line.
      nodes.push(await startRctlServer({ conf: readFileSync(join(cwd, 'out', String(p), 'redis.conf'), 'utf8'), args: ['--port', String(p), '--logfile', ''] }));
    }
    const [master, replica] = nodes;
    expect(master!.port).toBe(port);
    const c = await replica!.client();
    expect(String(await c.send('PING'))).toContain('NOAUTH');
    await c.call('AUTH', 'pw');
    expect(await c.call('CONFIG', 'GET', 'repl-diskless-sync-delay')).toEqual(['repl-diskless-sync-delay', '0']);
    expect(await c.call('CONFIG', 'GET', 'masterauth')).toEqual(['masterauth', 'pw']);
    expect(await c.call('CONFIG', 'GET', 'pidfile')).toEqual(['pidfile', join(cwd, '.rctl/default', String(port + 1), 'redis.pid')]);
    await waitFor(async () => String(await c.call('INFO', 'replication')).includes('master_link_status:up'), { what: 'replica link up' });
  });
});
