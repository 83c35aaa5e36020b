// INFO parsing, the sync checks behind `rctl up` / `waitForSync`, and the status table and
// problems, with the node processes and connections faked (no child processes).

import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../../src/cli/supervise/pidfile.js', () => ({
  livePid: vi.fn(),
  isPaused: vi.fn(),
}));

import { isPaused, livePid } from '../../../src/cli/supervise/pidfile.js';
import type { NodeState, SetState } from '../../../src/cli/state.js';
import {
  collectStatus,
  formatStatusTable,
  NodeClients,
  parseInfo,
  parseReplicaLine,
  parseReplication,
  statusProblems,
  syncProblems,
  waitForSync,
  SyncTimeoutError,
  type ReplInfo,
} from '../../../src/cli/status.js';

const MASTER_INFO = [
  '# Replication',
  'role:master',
  'connected_slaves:2',
  'slave0:ip=127.0.0.1,port=7001,state=online,offset=140,lag=0',
  'slave1:ip=127.0.0.1,port=7002,state=wait_bgsave,offset=0,lag=1',
  'master_failover_state:no-failover',
  'master_replid:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'master_replid2:0000000000000000000000000000000000000000',
  'master_repl_offset:140',
  '',
  '# Stats',
  'sync_full:2',
  'sync_partial_ok:1',
].join('\r\n');

const REPLICA_INFO = [
  '# Replication',
  'role:slave',
  'master_host:127.0.0.1',
  'master_port:7000',
  'master_link_status:up',
  'master_sync_in_progress:0',
  'slave_repl_offset:140',
  'connected_slaves:0',
  'master_replid:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  'master_repl_offset:140',
].join('\r\n');

function node(name: string, port: number, replicaOf?: string): NodeState {
  return {
    name,
    role: replicaOf ? ('replica' as const) : ('master' as const),
    ...(replicaOf ? { replicaOf } : {}),
    host: '127.0.0.1' as const,
    port,
    pid: 100 + port - 7000,
    dir: `/d/${name}`,
    confPath: `/d/${name}/redis.conf`,
    logfile: `/d/${name}/redis.log`,
    pidfile: `/d/${name}/redis.pid`,
    dbfilename: 'dump.rdb',
    rdbPath: `/d/${name}/dump.rdb`,
    directives: {},
  };
}

function set(...nodes: NodeState[]): SetState {
  return { version: 1, name: 'default', setDir: '/d', createdAt: '', updatedAt: '', server: 'srv', password: false, persist: false, autoPorts: true, nodes };
}

const SET3 = set(node('master', 7000), node('replica-1', 7001, 'master'), node('replica-2', 7002, 'master'));

function master(offset: number, replicas: Array<[number, string, number?]>): ReplInfo {
  return { role: 'master', masterReplOffset: offset, replid: 'a'.repeat(40), replicas: replicas.map(([port, state, off]) => ({ ip: '127.0.0.1', port, state, offset: off ?? offset, lag: 0 })) };
}

function replica(upPort: number, offset: number, link: 'up' | 'down' = 'up'): ReplInfo {
  return { role: 'replica', masterHost: '127.0.0.1', masterPort: upPort, linkStatus: link, masterReplOffset: offset, slaveReplOffset: offset, replid: 'a'.repeat(40), replicas: [] };
}

describe('INFO parsing', () => {
  it('reads field:value lines and skips headers', () => {
    const f = parseInfo('# Replication\r\nrole:master\r\n\r\nmaster_replid:abc\r\nweird\r\n');
    expect([...f]).toEqual([
      ['role', 'master'],
      ['master_replid', 'abc'],
    ]);
  });

  it.each([
    ['ip=127.0.0.1,port=6380,state=online,offset=42,lag=0', { ip: '127.0.0.1', port: 6380, state: 'online', offset: 42, lag: 0 }],
    ['ip=::1,port=1,state=wait_bgsave,offset=0,lag=3', { ip: '::1', port: 1, state: 'wait_bgsave', offset: 0, lag: 3 }],
    ['ip=127.0.0.1,state=online', null],
    ['port=x', null],
  ])('parses the slave line %s', (line, expected) => {
    expect(parseReplicaLine(line)).toEqual(expected);
  });

  it('parses a master with replicas and its sync counters', () => {
    expect(parseReplication(MASTER_INFO)).toEqual({
      role: 'master',
      masterReplOffset: 140,
      replid: 'a'.repeat(40),
      replicas: [
        { ip: '127.0.0.1', port: 7001, state: 'online', offset: 140, lag: 0 },
        { ip: '127.0.0.1', port: 7002, state: 'wait_bgsave', offset: 0, lag: 1 },
      ],
      syncFull: 2,
      syncPartialOk: 1,
    });
  });

  it('parses a replica (Redis says role:slave)', () => {
    expect(parseReplication(REPLICA_INFO)).toMatchObject({ role: 'replica', masterHost: '127.0.0.1', masterPort: 7000, linkStatus: 'up', syncInProgress: false, slaveReplOffset: 140 });
    expect(parseReplication(REPLICA_INFO.replace('master_link_status:up', 'master_link_status:down')).linkStatus).toBe('down');
  });
});

describe('syncProblems', () => {
  const ok = (): Map<number, ReplInfo | Error> =>
    new Map<number, ReplInfo | Error>([
      [7000, master(140, [[7001, 'online'], [7002, 'online']])],
      [7001, replica(7000, 140)],
      [7002, replica(7000, 140)],
    ]);

  it('finds nothing when every link is up, online and caught up', () => {
    expect(syncProblems(SET3, ok())).toEqual([]);
  });

  it.each<[string, (m: Map<number, ReplInfo | Error>) => void, { node: string; field: string; actual: string }]>([
    ['a replica link down', (m) => m.set(7001, replica(7000, 140, 'down')), { node: 'replica-1', field: 'master_link_status', actual: 'down' }],
    ['a replica following another port', (m) => m.set(7002, replica(9999, 140)), { node: 'replica-2', field: 'master_port', actual: '9999' }],
    ['the master still loading the replica', (m) => m.set(7000, master(140, [[7001, 'online'], [7002, 'wait_bgsave']])), { node: 'master', field: 'state of replica replica-2 (port 7002) in INFO replication', actual: 'wait_bgsave' }],
    ['the master not listing a replica', (m) => m.set(7000, master(140, [[7001, 'online']])), { node: 'master', field: 'state of replica replica-2 (port 7002) in INFO replication', actual: 'not listed' }],
    ['a replica behind', (m) => m.set(7001, replica(7000, 100)), { node: 'replica-1', field: 'slave_repl_offset', actual: '100' }],
    ['a master that is a replica', (m) => m.set(7000, replica(7001, 140)), { node: 'master', field: 'role', actual: 'replica' }],
    ['a replica that is a master', (m) => m.set(7002, master(140, [])), { node: 'replica-2', field: 'role', actual: 'master' }],
    ['a node not answering', (m) => m.set(7001, new Error('connect ECONNREFUSED')), { node: 'replica-1', field: 'INFO replication', actual: 'an error (connect ECONNREFUSED)' }],
  ])('names the node and field for %s', (_what, change, expected) => {
    const m = ok();
    change(m);
    expect(syncProblems(SET3, m)[0]).toMatchObject(expected);
  });

  it('with a previous round, accepts a replica that reached what its upstream had then', () => {
    const prev = ok();
    prev.set(7000, master(100, [[7001, 'online'], [7002, 'online']]));
    const now = ok();
    now.set(7000, master(180, [[7001, 'online'], [7002, 'online']]));
    now.set(7001, replica(7000, 120));
    now.set(7002, replica(7000, 90));
    expect(syncProblems(SET3, now, prev).map((p) => [p.node, p.field, p.actual])).toEqual([['replica-2', 'slave_repl_offset', '90']]);
  });

  it('checks chained replicas against their own upstream and honours `only`', () => {
    const chain = set(node('m', 7000), node('r1', 7001, 'm'), node('r2', 7002, 'r1'));
    const m = new Map<number, ReplInfo | Error>([
      [7000, master(50, [[7001, 'online']])],
      [7001, { ...replica(7000, 50), replicas: [{ ip: '127.0.0.1', port: 7002, state: 'online', offset: 50, lag: 0 }] }],
      [7002, replica(7001, 40)],
    ]);
    expect(syncProblems(chain, m).map((p) => p.node)).toEqual(['r2']);
    expect(syncProblems(chain, m, undefined, new Set(['m', 'r1']))).toEqual([]);
  });
});

function fakeClients(infos: Map<number, ReplInfo | Error | (() => ReplInfo)>): NodeClients {
  return {
    replication: vi.fn(async (port: number) => {
      const v = infos.get(port);
      if (v instanceof Error) throw v;
      if (typeof v === 'function') return v();
      if (!v) throw new Error('connect ECONNREFUSED');
      return v;
    }),
    drop: vi.fn(),
    close: vi.fn(),
  } as unknown as NodeClients;
}

describe('waitForSync', () => {
  it('polls until the set is in sync', async () => {
    let calls = 0;
    const clients = fakeClients(
      new Map<number, ReplInfo | Error | (() => ReplInfo)>([
        [7000, master(10, [[7001, 'online'], [7002, 'online']])],
        [7001, () => (++calls < 3 ? replica(7000, 10, 'down') : replica(7000, 10))],
        [7002, replica(7000, 10)],
      ]),
    );
    await waitForSync(SET3, { clients, timeoutMs: 2000, intervalMs: 1 });
    expect(calls).toBe(3);
  });

  it('times out with the last problems', async () => {
    const clients = fakeClients(new Map<number, ReplInfo | Error | (() => ReplInfo)>([[7000, master(10, [])], [7001, replica(7000, 10, 'down')], [7002, replica(7000, 10)]]));
    const err = await waitForSync(SET3, { clients, timeoutMs: 30, intervalMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SyncTimeoutError);
    expect((err as SyncTimeoutError).problems.map((p) => [p.node, p.field])).toEqual([
      ['replica-1', 'master_link_status'],
      ['master', 'state of replica replica-2 (port 7002) in INFO replication'],
    ]);
  });
});

describe('collectStatus and the table', () => {
  beforeEach(() => {
    vi.mocked(livePid).mockImplementation((pid) => pid ?? null);
    vi.mocked(isPaused).mockReturnValue(false);
  });

  it('joins each node with what its upstream says about it; dead and paused nodes are not asked', async () => {
    const s = set(node('master', 7000), node('replica-1', 7001, 'master'), { ...node('replica-2', 7002, 'master'), pid: null }, node('replica-3', 7003, 'master'));
    vi.mocked(isPaused).mockImplementation((pid) => pid === 103);
    const clients = fakeClients(new Map<number, ReplInfo | Error | (() => ReplInfo)>([[7000, { ...master(140, [[7001, 'online', 120]]), syncFull: 1, syncPartialOk: 0 }], [7001, replica(7000, 120)]]));
    const rows = await collectStatus(s, { clients });
    expect(vi.mocked(clients.replication).mock.calls.map((c) => c[0])).toEqual([7000, 7001]);
    expect(rows.map((r) => [r.name, r.health, r.role, r.link, r.offset, r.behind, r.upstreamState])).toEqual([
      ['master', 'up', 'master', null, 140, null, null],
      ['replica-1', 'up', 'replica', 'up', 120, 20, 'online'],
      ['replica-2', 'down', null, null, null, null, null],
      ['replica-3', 'paused', null, null, null, null, null],
    ]);
    expect(rows[1]).toMatchObject({ master: '127.0.0.1:7000', masterName: 'master', lag: 0, replid: 'a'.repeat(40) });
    expect(rows[0]).toMatchObject({ syncFull: 1, syncPartialOk: 0 });

    const plain = { color: new Proxy({}, { get: () => (x: string) => x }) } as never;
    expect(formatStatusTable(rows, plain)).toEqual([
      'NAME       PORT  PID  ALIVE   ROLE     MASTER                   LINK  OFFSET  LAG  REPLID',
      'master     7000  100  yes     master   -                        -        140    -  aaaaaaaaaaaa',
      'replica-1  7001  101  yes     replica  127.0.0.1:7000 (master)  up       120   0s  aaaaaaaaaaaa',
      'replica-2  7002    -  no      down     -                        -          -    -  -',
      'replica-3  7003  103  paused  ?        -                        -          -    -  -',
    ]);
    expect(statusProblems(rows)).toEqual(['replica-2 (port 7002) is down: start it with `rctl start 7002`', 'replica-3 (port 7003) is paused (SIGSTOP): resume it with `rctl resume 7003`']);
  });

  it('reports a node that runs but does not answer, and roles not as recorded', async () => {
    const clients = fakeClients(new Map<number, ReplInfo | Error | (() => ReplInfo)>([[7000, replica(7001, 5)], [7001, new Error('no reply to INFO within 1000 ms')], [7002, replica(7000, 5, 'down')]]));
    const rows = await collectStatus(SET3, { clients });
    expect(rows.map((r) => r.health)).toEqual(['up', 'unreachable', 'up']);
    expect(statusProblems(rows)).toEqual([
      'master (port 7000) is a replica but the set recorded it as master',
      'replica-1 (port 7001) runs but does not answer (no reply to INFO within 1000 ms)',
      'replica-2 (port 7002): link to 127.0.0.1:7000 is down',
    ]);
  });
});
