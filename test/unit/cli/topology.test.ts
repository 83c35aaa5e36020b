import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/errors.js';
import { checkTopology, orderNodes, parseShorthand, planNodes, type TopologySpec } from '../../../src/cli/topology.js';

function thrown(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

const tree = (...nodes: Array<[string, string?]>): TopologySpec => ({
  nodes: nodes.map(([name, replicaOf]) => ({
    name,
    role: replicaOf === undefined ? 'master' : 'replica',
    ...(replicaOf === undefined ? {} : { replicaOf }),
    directives: {},
  })),
});

describe('parseShorthand', () => {
  it.each([
    ['1-master-0-replicas', ['master']],
    ['1-master-1-replica', ['master', 'replica-1']],
    ['1-master-2-replicas', ['master', 'replica-1', 'replica-2']],
    ['1-master-5-replicas', ['master', 'replica-1', 'replica-2', 'replica-3', 'replica-4', 'replica-5']],
    ['1-Master-1-Replicas', ['master', 'replica-1']],
  ])('parses %s', (s, names) => {
    const t = parseShorthand(s);
    expect(t.nodes.map((n) => n.name)).toEqual(names);
    expect(t.nodes[0]).toEqual({ name: 'master', role: 'master', directives: {} });
    for (const n of t.nodes.slice(1)) expect(n).toMatchObject({ role: 'replica', replicaOf: 'master', directives: {} });
  });

  it.each([
    ['1-master-2-replica', "write '2-replicas'"],
    ['2-masters-1-replica', 'exactly one master'],
    ['0-masters-1-replica', 'exactly one master'],
    ['master-2-replicas', "unknown topology 'master-2-replicas'"],
    ['1-master', "unknown topology '1-master'"],
    ['', "unknown topology ''"],
    ['1-master-65-replicas', 'at most 64 replicas'],
  ])('rejects %j with a hint listing the valid forms', (s, msg) => {
    const e = thrown(() => parseShorthand(s));
    expect(e.code).toBe('E_USAGE');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(msg);
    expect(e.hint).toContain('1-master-0-replicas, 1-master-1-replica, 1-master-2-replicas, 1-master-<N>-replicas');
  });
});

describe('checkTopology', () => {
  it.each([
    ['a single master', [{ name: 'm' }], []],
    ['chained replicas', [{ name: 'm' }, { name: 'a', replicaOf: 'm' }, { name: 'b', replicaOf: 'a' }], []],
    ['no nodes', [], ['nodes: needs at least one node (the master)']],
    ['an unknown upstream', [{ name: 'master' }, { name: 'a', replicaOf: 'mastr' }], ["nodes[1].replicaOf: unknown node 'mastr' (did you mean 'master'?)"]],
    ['a far-off unknown upstream', [{ name: 'master' }, { name: 'a', replicaOf: 'zzzzzzzz' }], ["nodes[1].replicaOf: unknown node 'zzzzzzzz' (known: master, a)"]],
    [
      'two masters',
      [{ name: 'm' }, { name: 'n' }],
      ["nodes: 2 masters (nodes[0] 'm', nodes[1] 'n'); a set has exactly one master, give the others replicaOf"],
    ],
    ['a duplicate name', [{ name: 'm' }, { name: 'm', replicaOf: 'm' }], ["nodes[1].name: duplicate node name 'm' (also nodes[0])", 'nodes[1].replicaOf: a node cannot replicate itself']],
    ['a node replicating itself', [{ name: 'm' }, { name: 'a', replicaOf: 'a' }], ['nodes[1].replicaOf: a node cannot replicate itself']],
    [
      'a cycle',
      [{ name: 'm' }, { name: 'a', replicaOf: 'b' }, { name: 'b', replicaOf: 'c' }, { name: 'c', replicaOf: 'a' }],
      ['nodes[1].replicaOf: replication cycle a -> b -> c -> a'],
    ],
    ['only a cycle (no master)', [{ name: 'a', replicaOf: 'b' }, { name: 'b', replicaOf: 'a' }], ['nodes[0].replicaOf: replication cycle a -> b -> a']],
    ['a replica role without upstream', [{ name: 'm' }, { name: 'r', role: 'replica' }], ['nodes[1].replicaOf: a replica needs the name of its upstream node']],
    ['a master role with upstream', [{ name: 'm' }, { name: 'r', role: 'master', replicaOf: 'm' }], ["nodes[1].role: a master cannot have replicaOf 'm'"]],
  ])('reports %s', (_what, nodes, problems) => {
    expect(checkTopology(nodes)).toEqual(problems);
  });

  it('reports every problem at once', () => {
    const problems = checkTopology([{ name: 'm' }, { name: 'x' }, { name: 'a', replicaOf: 'nope' }, { name: 'b', replicaOf: 'c' }, { name: 'c', replicaOf: 'b' }]);
    expect(problems).toHaveLength(3);
  });
});

describe('orderNodes', () => {
  it('puts the master first and every node after its upstream, depth first', () => {
    const t = tree(['a', 'm'], ['a1', 'a'], ['m'], ['b', 'm'], ['a2', 'a'], ['a11', 'a1']);
    expect(orderNodes(t).map((n) => n.name)).toEqual(['m', 'a', 'a1', 'a11', 'a2', 'b']);
  });

  it('throws E_CONFIG for an invalid tree', () => {
    const e = thrown(() => orderNodes(tree(['m'], ['a', 'x'])));
    expect(e.code).toBe('E_CONFIG');
    expect(e.details).toContain("nodes[1].replicaOf: unknown node 'x'");
  });
});

describe('planNodes', () => {
  it('gives consecutive ports from --port, the master first, and absolute per-node files', () => {
    const nodes = planNodes(parseShorthand('1-master-2-replicas'), { dir: '/tmp/x/.rctl', name: 'ci', port: 7000 });
    expect(nodes.map((n) => [n.name, n.port, n.upstreamPort])).toEqual([
      ['master', 7000, undefined],
      ['replica-1', 7001, 7000],
      ['replica-2', 7002, 7000],
    ]);
    expect(nodes[1]).toEqual({
      name: 'replica-1',
      role: 'replica',
      replicaOf: 'master',
      directives: {},
      port: 7001,
      host: '127.0.0.1',
      dir: '/tmp/x/.rctl/ci/7001',
      confPath: '/tmp/x/.rctl/ci/7001/redis.conf',
      pidfile: '/tmp/x/.rctl/ci/7001/redis.pid',
      logfile: '/tmp/x/.rctl/ci/7001/redis.log',
      dbfilename: 'dump.rdb',
      rdbPath: '/tmp/x/.rctl/ci/7001/dump.rdb',
      upstreamPort: 7000,
    });
  });

  it('points chained replicas at their upstream, not the master', () => {
    const nodes = planNodes(tree(['m'], ['a', 'm'], ['b', 'a']), { dir: '/d', name: 's', port: 100 });
    expect(nodes.map((n) => `${n.name}:${n.port}<-${n.upstreamPort ?? '-'}`)).toEqual(['m:100<--', 'a:101<-100', 'b:102<-101']);
  });

  it('resolves a relative dir to an absolute one', () => {
    const [m] = planNodes(parseShorthand('1-master-0-replicas'), { dir: 'rel', name: 'default', port: 6379 });
    expect(m!.dir).toBe(`${process.cwd()}/rel/default/6379`);
  });

  it('uses the caller ports and node-name dirs for --port auto', () => {
    const nodes = planNodes(parseShorthand('1-master-1-replica'), { dir: '/d', name: 's', port: 'auto' }, [41000, 39000]);
    expect(nodes.map((n) => [n.port, n.dir, n.upstreamPort])).toEqual([
      [41000, '/d/s/master', undefined],
      [39000, '/d/s/replica-1', 41000],
    ]);
  });

  it('needs one port per node for --port auto', () => {
    expect(() => planNodes(parseShorthand('1-master-1-replica'), { dir: '/d', name: 's', port: 'auto' }, [41000])).toThrow(/needs 2 ports/);
  });

  it('rejects ports beyond 65535 with a hint', () => {
    const e = thrown(() => planNodes(parseShorthand('1-master-2-replicas'), { dir: '/d', name: 's', port: 65534 }));
    expect(e.code).toBe('E_CONFIG');
    expect(e.message).toBe('--port 65534: 3 nodes need ports 65534-65536, beyond 65535');
    expect(e.hint).toContain('--port auto');
  });

  it('copies per-node directives', () => {
    const t = tree(['m']);
    t.nodes[0]!.directives = { maxmemory: '10mb' };
    const [m] = planNodes(t, { dir: '/d', name: 's', port: 1 });
    expect(m!.directives).toEqual({ maxmemory: '10mb' });
    expect(m!.directives).not.toBe(t.nodes[0]!.directives);
  });
});
