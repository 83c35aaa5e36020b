import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { CliError } from '../../../src/cli/errors.js';
import { BUNDLED_SERVER, loadSettings, resolveTopology, type Settings, type SettingsFlags } from '../../../src/cli/settings.js';

/** A temp project dir (with a package.json, so the config search stops there) holding files. */
function project(files: Record<string, string | object> = {}): string {
  const d = tempDir('rctl-settings-');
  writeFileSync(join(d, 'package.json'), '{"name":"x"}');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(d, name, '..'), { recursive: true });
    writeFileSync(join(d, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return d;
}

async function failure(p: Promise<unknown>): Promise<CliError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

function problemsOf(e: CliError): string[] {
  if (e.details) return e.details.split('\n');
  return [e.message.slice(e.message.indexOf(': ') + 2)];
}

describe('loadSettings defaults', () => {
  it('uses the built-in defaults without file, env or flags', async () => {
    const cwd = project();
    const s = await loadSettings({}, { cwd, env: {} });
    expect(s).toEqual<Settings>({
      dir: join(cwd, '.rctl'),
      name: 'default',
      port: 6379,
      server: BUNDLED_SERVER,
      persist: false,
      timeoutMs: 30_000,
      json: false,
      debug: false,
    });
    expect(BUNDLED_SERVER).toMatch(/\/bin\/rctl-server\.js$/);
  });
});

describe('loadSettings precedence: defaults < file < env < flags', () => {
  const file = { port: 7000, dir: 'from-file', name: 'filename', password: 'filepw', server: 'file-server' };
  const env = { RCTL_PORT: '8000', RCTL_DIR: 'from-env', RCTL_NAME: 'envname', RCTL_PASSWORD: 'envpw', RCTL_SERVER: 'env-server' };
  const flags: SettingsFlags = { port: '9000', dir: 'from-flag', name: 'flagname', password: 'flagpw', server: 'flag-server' };
  const pick = (o: object, k: string) => Object.fromEntries(Object.entries(o).filter(([key]) => key.toLowerCase().includes(k)));

  it.each([
    // setting, layers present, expected
    ['port', [], 6379],
    ['port', ['file'], 7000],
    ['port', ['file', 'env'], 8000],
    ['port', ['file', 'env', 'flags'], 9000],
    ['port', ['env'], 8000],
    ['port', ['file', 'flags'], 9000],
    ['name', ['file'], 'filename'],
    ['name', ['file', 'env'], 'envname'],
    ['name', ['file', 'env', 'flags'], 'flagname'],
    ['password', [], undefined],
    ['password', ['file'], 'filepw'],
    ['password', ['file', 'env'], 'envpw'],
    ['password', ['env', 'flags'], 'flagpw'],
    ['server', [], BUNDLED_SERVER],
    ['server', ['file'], 'file-server'],
    ['server', ['file', 'env'], 'env-server'],
    ['server', ['file', 'env', 'flags'], 'flag-server'],
  ] as const)('%s with %j', async (key, layers, expected) => {
    const l = layers as readonly string[];
    const cwd = project(l.includes('file') ? { 'rctl.config.json': pick(file, key) } : {});
    const s = await loadSettings(l.includes('flags') ? pick(flags, key) : {}, { cwd, env: l.includes('env') ? pick(env, key) : {} });
    expect(s[key]).toEqual(expected);
  });

  it.each([
    [[], '.rctl'],
    [['file'], 'from-file'],
    [['file', 'env'], 'from-env'],
    [['file', 'env', 'flags'], 'from-flag'],
  ])('dir with %j', async (layers, expected) => {
    const cwd = project(layers.includes('file') ? { 'rctl.config.json': { dir: 'from-file' } } : {});
    const s = await loadSettings(layers.includes('flags') ? { dir: 'from-flag' } : {}, {
      cwd,
      env: layers.includes('env') ? { RCTL_DIR: 'from-env' } : {},
    });
    expect(s.dir).toBe(join(cwd, expected));
  });

  it('reads persist, timeout and template from the file and lets flags win', async () => {
    const cwd = project({ 'rctl.config.json': { persist: true, timeout: 2.5, template: 'tpl/node.tmpl' } });
    const s = await loadSettings({}, { cwd, env: {} });
    expect([s.persist, s.timeoutMs, s.template]).toEqual([true, 2500, join(cwd, 'tpl/node.tmpl')]);
    const f = await loadSettings({ persist: false, timeout: '7', template: 'other.tmpl' }, { cwd, env: {} });
    expect([f.persist, f.timeoutMs, f.template]).toEqual([false, 7000, join(cwd, 'other.tmpl')]);
  });

  it('treats empty environment variables as unset', async () => {
    const s = await loadSettings({}, { cwd: project(), env: { RCTL_PORT: '', RCTL_NAME: '' } });
    expect([s.port, s.name]).toEqual([6379, 'default']);
  });

  it.each([
    ['auto', 'auto'],
    ['AUTO', 'auto'],
    ['1', 1],
    ['65535', 65535],
  ])('accepts --port %s', async (port, expected) => {
    expect((await loadSettings({ port }, { cwd: project(), env: {} })).port).toBe(expected);
  });

  it('takes json and debug from flags only', async () => {
    const s = await loadSettings({ json: true, debug: true }, { cwd: project(), env: {} });
    expect([s.json, s.debug]).toEqual([true, true]);
  });
});

describe('loadSettings paths', () => {
  it('resolves file paths against the config file and flag paths against cwd', async () => {
    const cwd = project({ 'conf/rctl.yaml': 'dir: state\nserver: ./bin/my-server\ntemplate: t.tmpl\n' });
    const s = await loadSettings({ config: 'conf/rctl.yaml' }, { cwd, env: {} });
    expect([s.dir, s.server, s.template, s.configFile]).toEqual([join(cwd, 'conf/state'), join(cwd, 'conf/bin/my-server'), join(cwd, 'conf/t.tmpl'), join(cwd, 'conf/rctl.yaml')]);
    const f = await loadSettings({ config: 'conf/rctl.yaml', server: './x/redis-server' }, { cwd, env: {} });
    expect(f.server).toBe(join(cwd, 'x/redis-server'));
  });

  it('keeps a bare server name for PATH lookup', async () => {
    const s = await loadSettings({ server: 'redis-server' }, { cwd: project(), env: {} });
    expect(s.server).toBe('redis-server');
  });
});

describe('loadSettings config file discovery', () => {
  it.each([
    ['rctl.config.json', JSON.stringify({ port: 7001 })],
    ['rctl.config.yaml', 'port: 7001\n'],
    ['rctl.config.yml', 'port: 7001\n'],
    ['.rctlrc', 'port: 7001\n'],
    ['.rctlrc.json', '{"port": 7001}'],
    ['.rctlrc.yaml', 'port: 7001\n'],
    ['rctl.config.mjs', 'export default { port: 7001 };\n'],
    ['rctl.config.cjs', 'module.exports = { port: 7001 };\n'],
  ])('finds %s', async (name, content) => {
    const cwd = project({ [name]: content });
    const s = await loadSettings({}, { cwd, env: {} });
    expect(s.port).toBe(7001);
    expect(s.configFile).toBe(join(cwd, name));
  });

  it('reads the "rctl" key of package.json', async () => {
    const cwd = project();
    writeFileSync(join(cwd, 'package.json'), JSON.stringify({ name: 'x', rctl: { port: 7002, topology: '1-master-1-replica' } }));
    const s = await loadSettings({}, { cwd, env: {} });
    expect(s.port).toBe(7002);
    expect(s.topology?.nodes.map((n) => n.name)).toEqual(['master', 'replica-1']);
  });

  it('searches up to the project root from a subdirectory', async () => {
    const cwd = project({ 'rctl.config.json': { name: 'root' }, 'a/b/.keep': '' });
    expect((await loadSettings({}, { cwd: join(cwd, 'a/b'), env: {} })).name).toBe('root');
  });

  it('loads exactly the --config file', async () => {
    const cwd = project({ 'rctl.config.json': { name: 'found' }, 'other.json': { name: 'explicit' } });
    expect((await loadSettings({}, { cwd, env: {}, configFile: 'other.json' })).name).toBe('explicit');
    expect((await loadSettings({ config: 'other.json' }, { cwd, env: {} })).name).toBe('explicit');
  });

  it('reports a missing --config file', async () => {
    const e = await failure(loadSettings({ config: 'nope.json' }, { cwd: project(), env: {} }));
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toMatch(/config file not found: .*nope\.json$/);
    expect(e.hint).toContain('--config');
  });

  it('reports a file that does not parse', async () => {
    const cwd = project({ 'rctl.config.json': '{ "port": ' });
    const e = await failure(loadSettings({}, { cwd, env: {} }));
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toBe(`cannot load config file ${join(cwd, 'rctl.config.json')}`);
    expect(e.details).toBeTruthy();
  });
});

describe('loadSettings topology from the file', () => {
  it('builds a tree from nodes with directives as strings', async () => {
    const cwd = project({
      'rctl.config.json': {
        nodes: [
          { name: 'main', directives: { maxmemory: '10mb', 'replica-priority': 10, 'replica-read-only': false } },
          { name: 'r1', replicaOf: 'main' },
          { name: 'r2', replicaOf: 'r1', role: 'replica' },
        ],
      },
    });
    const s = await loadSettings({}, { cwd, env: {} });
    expect(s.topology).toEqual({
      nodes: [
        { name: 'main', role: 'master', directives: { maxmemory: '10mb', 'replica-priority': '10', 'replica-read-only': 'no' } },
        { name: 'r1', role: 'replica', replicaOf: 'main', directives: {} },
        { name: 'r2', role: 'replica', replicaOf: 'r1', directives: {} },
      ],
    });
  });

  it('expands a topology shorthand', async () => {
    const s = await loadSettings({}, { cwd: project({ 'rctl.config.yaml': 'topology: 1-master-2-replicas\n' }), env: {} });
    expect(s.topology?.nodes).toHaveLength(3);
  });

  it('resolveTopology prefers the argument, then the file', async () => {
    const s = await loadSettings({}, { cwd: project({ 'rctl.config.yaml': 'topology: 1-master-2-replicas\n' }), env: {} });
    expect(resolveTopology('1-master-0-replicas', s).nodes).toHaveLength(1);
    expect(resolveTopology(undefined, s).nodes).toHaveLength(3);
    const e = (() => {
      try {
        resolveTopology(undefined, {});
      } catch (err) {
        return err as CliError;
      }
    })();
    expect(e?.code).toBe('E_USAGE');
    expect(e?.hint).toContain('1-master-2-replicas');
  });
});

describe('loadSettings validation', () => {
  it('reports every problem of the file with its path, in file order', async () => {
    const cwd = project({
      'rctl.config.json': {
        port: 'x',
        prot: 1,
        password: '',
        timeout: -1,
        nodes: [
          { name: 'm' },
          { name: 'a', replicaOf: 'm', directives: { port: 5, 'x y': 1, maxmemory: 'a\nb' } },
          { name: 'b', replicaOf: 'foo' },
          { name: 'c', replicaOf: 'd' },
          { name: 'd', replicaOf: 'c' },
          { name: 'bad name!', replicaOf: 3, role: 'boss' },
          { name: 'n', replicaof: 'm' },
        ],
      },
    });
    const e = await failure(loadSettings({}, { cwd, env: {} }));
    expect(e.code).toBe('E_CONFIG');
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe(`invalid config file ${join(cwd, 'rctl.config.json')} (14 problems)`);
    expect(e.hint).toBe('fix the listed fields in rctl.config.json');
    expect(problemsOf(e)).toEqual([
      "nodes: 2 masters (nodes[0] 'm', nodes[6] 'n'); a set has exactly one master, give the others replicaOf",
      'nodes[1].directives.maxmemory: value must be a single line',
      'nodes[1].directives.port: set by rctl itself (use --port, --dir or replicaOf instead)',
      'nodes[1].directives.x y: not a redis.conf directive name',
      "nodes[2].replicaOf: unknown node 'foo' (known: m, a, b, c, d, bad name!, n)",
      'nodes[3].replicaOf: replication cycle c -> d -> c',
      'nodes[5].name: letters, digits, ".", "_" and "-" only, at most 64, starting with a letter or digit',
      'nodes[5].replicaOf: expected string, got 3',
      `nodes[5].role: expected one of "master", "replica", got 'boss'`,
      "nodes[6].replicaof: unknown setting (did you mean 'replicaOf'?)",
      'password: must not be empty',
      `port: expected a port 1-65535 or "auto", got 'x'`,
      "prot: unknown setting (did you mean 'port'?)",
      'timeout: expected seconds > 0, got -1',
    ]);
  });

  it.each([
    [{ port: 0 }, 'port: expected a port 1-65535 or "auto", got 0'],
    [{ port: 70000 }, 'port: expected a port 1-65535 or "auto", got 70000'],
    [{ port: 1.5 }, 'port: expected a port 1-65535 or "auto", got 1.5'],
    [{ persist: 'yes' }, "persist: expected boolean, got 'yes'"],
    [{ name: '../x' }, 'name: letters, digits, ".", "_" and "-" only, starting with a letter or digit'],
    [{ nodes: [] }, 'nodes: needs at least one node (the master)'],
    [{ nodes: [{ replicaOf: 'm' }] }, 'nodes[0].name: required'],
    [{ topology: '3-replicas' }, "topology: unknown topology '3-replicas'"],
    [{ topology: '1-master-1-replica', nodes: [{ name: 'm' }] }, 'topology: give either a topology shorthand or nodes, not both'],
  ])('reports %j', async (content, problem) => {
    const e = await failure(loadSettings({}, { cwd: project({ 'rctl.config.json': content }), env: {} }));
    expect(e.code).toBe('E_CONFIG');
    expect(problemsOf(e)[0]).toContain(problem);
  });

  it.each([
    [{ port: 'abc' }, {}, "--port: expected a port 1-65535 or 'auto', got 'abc'"],
    [{ port: '0' }, {}, "--port: expected a port 1-65535 or 'auto', got '0'"],
    [{ timeout: '0' }, {}, "--timeout: expected seconds (0 < n <= 3600), got '0'"],
    [{ timeout: 'soon' }, {}, "--timeout: expected seconds (0 < n <= 3600), got 'soon'"],
    [{ name: 'a/b' }, {}, "--name: 'a/b' is not a valid set name"],
    [{ password: 'a\nb' }, {}, '--password: must be a single line'],
    [{}, { RCTL_PORT: '70000' }, "RCTL_PORT: expected a port 1-65535 or 'auto', got '70000'"],
    [{}, { RCTL_NAME: '.hidden' }, "RCTL_NAME: '.hidden' is not a valid set name"],
  ])('reports flags %j env %j', async (flags, env, problem) => {
    const e = await failure(loadSettings(flags, { cwd: project(), env }));
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toContain(`invalid setting: ${problem}`);
  });

  it('lists file, env and flag problems together', async () => {
    const cwd = project({ 'rctl.config.json': { port: 'x' } });
    const e = await failure(loadSettings({ timeout: '-1' }, { cwd, env: { RCTL_PORT: 'y' } }));
    expect(e.message).toBe('invalid settings (3 problems)');
    expect(problemsOf(e)).toEqual([
      `rctl.config.json: port: expected a port 1-65535 or "auto", got 'x'`,
      "RCTL_PORT: expected a port 1-65535 or 'auto', got 'y'",
      "--timeout: expected seconds (0 < n <= 3600), got '-1'",
    ]);
    expect(e.hint).toContain('environment variables');
  });
});
