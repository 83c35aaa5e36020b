import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { CliError } from '../../../src/cli/errors.js';
import { confQuote, DEFAULT_TEMPLATE_PATH, loadTemplate, renderNodeConf, writeNodeConf } from '../../../src/cli/render.js';
import { parseShorthand, planNodes, type TopologySpec } from '../../../src/cli/topology.js';


const TEMPLATE = readFileSync(DEFAULT_TEMPLATE_PATH, 'utf8');
const set = { dir: '/srv/.rctl', name: 'ci', port: 7000 } as const;

/** The directive lines of a rendered conf (comments and blank lines dropped). */
function directives(conf: string): string[] {
  return conf.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

function render(topology: TopologySpec, index: number, ctx: { password?: string; persist?: boolean } = {}): string {
  const node = planNodes(topology, set)[index]!;
  return renderNodeConf(TEMPLATE, node, { persist: false, ...ctx });
}

describe('renderNodeConf with the built-in template', () => {
  it('renders a master: files, fast profile, no replicaof, no auth', () => {
    expect(directives(render(parseShorthand('1-master-1-replica'), 0))).toEqual([
      'port 7000',
      'bind 127.0.0.1',
      'daemonize no',
      'pidfile /srv/.rctl/ci/7000/redis.pid',
      'logfile /srv/.rctl/ci/7000/redis.log',
      'dir /srv/.rctl/ci/7000',
      'dbfilename dump.rdb',
      'save ""',
      'appendonly no',
      'repl-diskless-sync yes',
      'repl-diskless-sync-delay 0',
      'repl-ping-replica-period 1',
      'repl-timeout 10',
    ]);
  });

  it('renders a replica with its upstream in replicaof', () => {
    const lines = directives(render(parseShorthand('1-master-2-replicas'), 2));
    expect(lines).toContain('port 7002');
    expect(lines.at(-1)).toBe('replicaof 127.0.0.1 7000');
    expect(lines.filter((l) => l.startsWith('replicaof'))).toHaveLength(1);
  });

  it('points a chained replica at its upstream replica', () => {
    const t: TopologySpec = {
      nodes: [
        { name: 'm', role: 'master', directives: {} },
        { name: 'a', role: 'replica', replicaOf: 'm', directives: {} },
        { name: 'b', role: 'replica', replicaOf: 'a', directives: {} },
      ],
    };
    expect(directives(render(t, 2))).toContain('replicaof 127.0.0.1 7001');
  });

  it('lets ctx.masterPort re-point a replica (after a promotion)', () => {
    const node = planNodes(parseShorthand('1-master-1-replica'), set)[1]!;
    expect(directives(renderNodeConf(TEMPLATE, node, { persist: false, masterPort: 7005 }))).toContain('replicaof 127.0.0.1 7005');
    const master = { ...planNodes(parseShorthand('1-master-1-replica'), set)[0]! };
    expect(renderNodeConf(TEMPLATE, master, { persist: false, masterPort: 7005 })).not.toMatch(/^replicaof/m);
  });

  it.each([
    [false, 'save ""'],
    [true, 'save 3600 1 300 100 60 10000'],
  ])('renders persist=%s as %s', (persist, line) => {
    const lines = directives(render(parseShorthand('1-master-0-replicas'), 0, { persist }));
    expect(lines.filter((l) => l.startsWith('save'))).toEqual([line]);
  });

  it('writes requirepass and masterauth on every node when a password is set', () => {
    for (const i of [0, 1]) {
      const lines = directives(render(parseShorthand('1-master-1-replica'), i, { password: 's3cret' }));
      expect(lines).toContain('requirepass s3cret');
      expect(lines).toContain('masterauth s3cret');
    }
    expect(render(parseShorthand('1-master-1-replica'), 1)).not.toMatch(/requirepass|masterauth/);
  });

  it('quotes a password the way redis.conf reads it back', () => {
    const lines = directives(render(parseShorthand('1-master-0-replicas'), 0, { password: 'a b"c\\d' }));
    expect(lines).toContain('requirepass "a b\\"c\\\\d"');
  });

  it('appends per-node directives after the generated lines, in order', () => {
    const t = parseShorthand('1-master-1-replica');
    t.nodes[1]!.directives = { maxmemory: '10mb', 'replica-priority': '50' };
    const lines = directives(render(t, 1));
    expect(lines.slice(-3)).toEqual(['replicaof 127.0.0.1 7000', 'maxmemory 10mb', 'replica-priority 50']);
    expect(directives(render(t, 0))).not.toContain('maxmemory 10mb');
  });

  it('keeps one directive per line and its comments, and ends with a newline', () => {
    const conf = render(parseShorthand('1-master-1-replica'), 1, { password: 'x' });
    expect(conf.endsWith('\n')).toBe(true);
    expect(conf).not.toMatch(/\n\n\n/);
    expect(conf.split('\n')[0]).toBe("# redis.conf for node 'replica-1' (replica) of an rctl set, port 7001.");
    expect(conf).toContain('# Written here too (not only sent as REPLICAOF) so that a restarted node rejoins.\nreplicaof 127.0.0.1 7000\n');
  });

  it('is pure: the same input renders the same text', () => {
    const t = parseShorthand('1-master-2-replicas');
    expect(render(t, 1, { password: 'p' })).toBe(render(t, 1, { password: 'p' }));
  });
});

describe('renderNodeConf with another template', () => {
  const node = planNodes(parseShorthand('1-master-1-replica'), set)[1]!;

  it('renders the eta data in `it`', () => {
    const tpl = 'port <%= it.node.port %>\n<% if (it.upstream) { -%>\nreplicaof <%= it.upstream.host %> <%= it.upstream.port %>\n<% } -%>\nlogfile <%= it.q(it.node.logfile) %>\n';
    expect(renderNodeConf(tpl, node, { persist: false })).toBe('port 7001\nreplicaof 127.0.0.1 7000\nlogfile /srv/.rctl/ci/7001/redis.log\n');
  });

  it('does not HTML-escape', () => {
    expect(renderNodeConf('x <%= "<&>" %>', node, { persist: false })).toBe('x <&>\n');
  });

  it.each([
    ['a syntax error', 'port <% if ( %>'],
    ['a runtime error', 'port <%= it.nope.port %>'],
  ])('reports %s as E_TEMPLATE naming the template and node', (_what, tpl) => {
    let err: unknown;
    try {
      renderNodeConf(tpl, node, { persist: false, templatePath: '/t/my.tmpl' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CliError);
    expect((err as CliError).code).toBe('E_TEMPLATE');
    expect((err as CliError).message).toMatch(/^cannot render \/t\/my\.tmpl for node 'replica-1': /);
    expect((err as CliError).hint).toContain('--template');
  });
});

describe('confQuote', () => {
  it.each([
    ['plain', 'plain'],
    ['/abs/path/redis.log', '/abs/path/redis.log'],
    ['', '""'],
    ['a b', '"a b"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["it's", '"it\'s"'],
    ['back\\slash', '"back\\\\slash"'],
    ['tab\there', '"tab\\there"'],
    ['nl\n', '"nl\\n"'],
    ['bell\x07', '"bell\\x07"'],
    ['caf\u00e9', '"caf\u00e9"'],
  ])('quotes %j as %s', (value, quoted) => {
    expect(confQuote(value)).toBe(quoted);
  });
});

describe('loadTemplate', () => {
  it('reads the built-in template by default', () => {
    expect(loadTemplate()).toEqual({ path: DEFAULT_TEMPLATE_PATH, text: TEMPLATE });
  });

  it('reports a missing --template file', () => {
    expect(() => loadTemplate('/nonexistent/x.tmpl')).toThrow(expect.objectContaining({ code: 'E_TEMPLATE', message: 'cannot read template /nonexistent/x.tmpl (ENOENT)' }));
  });
});

describe('writeNodeConf', () => {
  it.each([
    [true, 0o600],
    [false, 0o644],
  ])('writes secret=%s files with mode %o, creating the directory', async (secret, mode) => {
    const path = join(tempDir('rctl-render-'), 'a/b/redis.conf');
    await writeNodeConf(path, 'port 1\n', secret);
    expect(readFileSync(path, 'utf8')).toBe('port 1\n');
    expect(statSync(path).mode & 0o777).toBe(mode);
  });

  it('narrows an existing world-readable file to 600 when it holds a secret', async () => {
    const path = join(tempDir('rctl-render-'), 'redis.conf');
    writeFileSync(path, 'old\n', { mode: 0o644 });
    await writeNodeConf(path, 'requirepass x\n', true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('requirepass x\n');
  });

  it('reports an unwritable path as E_IO', async () => {
    const file = join(tempDir('rctl-render-'), 'file');
    writeFileSync(file, '');
    await expect(writeNodeConf(join(file, 'redis.conf'), 'x', false)).rejects.toMatchObject({ code: 'E_IO' });
  });
});
