// Replication benchmarks, rctl-server next to real redis-server in the same run:
// full sync of 1M string keys (16-byte values) to a fresh replica (time until
// master_link_status:up) with the worst PING latency a client sees on the master
// meanwhile, and replica lag under redis-benchmark SET load (offset gap sampled every
// 10 ms) with the time the lag takes to drain once the load stops.
// Targets: sync within 1.5x of Redis, master latency < 20 ms, drain < 100 ms.

import { spawn } from 'node:child_process';
import { RespClient } from '../../src/shared/resp-client.js';
import { printTable, startServer, type BenchServer, type Row } from './lib.js';

const SERVER_ARGS = ['--enable-debug-command', 'yes', '--repl-diskless-sync-delay', '0'];

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function infoField(c: RespClient, field: string): Promise<string> {
  const text = String(await c.call('INFO', 'replication'));
  const m = new RegExp(`^${field}:(.*)$`, 'm').exec(text);
  return m ? m[1]!.trim() : '';
}

/** Pings in a loop until stopped; resolves with the slowest round trip (ms). */
function pingLoop(c: RespClient): { stop: () => Promise<number> } {
  let running = true;
  let worst = 0;
  const done = (async () => {
    while (running) {
      const t0 = performance.now();
      await c.call('PING');
      worst = Math.max(worst, performance.now() - t0);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await done;
      return worst;
    },
  };
}

interface SyncResult {
  syncMs: number;
  worstPingMs: number;
}

/**
 * A master holding `keys` keys and an empty node told REPLICAOF: the time until the
 * replica reports its link up, and the master's worst PING latency meanwhile.
 */
async function fullSync(kind: 'rctl' | 'redis', keys: number): Promise<SyncResult> {
  const master = await startServer(kind, SERVER_ARGS);
  const replica = await startServer(kind, SERVER_ARGS);
  const m = await RespClient.connect({ port: master.port });
  const r = await RespClient.connect({ port: replica.port });
  const pinger = await RespClient.connect({ port: master.port });
  try {
    await m.call('DEBUG', 'POPULATE', String(keys), 'key', '16');
    const pings = pingLoop(pinger);
    const t0 = performance.now();
    await r.call('REPLICAOF', '127.0.0.1', String(master.port));
    while ((await infoField(r, 'master_link_status')) !== 'up') await sleep(10);
    const syncMs = performance.now() - t0;
    const worstPingMs = await pings.stop();
    const dbsize = Number(await r.call('DBSIZE'));
    if (dbsize !== keys) throw new Error(`${kind} replica has ${dbsize} keys after the sync, expected ${keys}`);
    return { syncMs, worstPingMs };
  } finally {
    for (const c of [m, r, pinger]) c.close();
    await stopAll([master, replica]);
  }
}

interface LagResult {
  maxGapBytes: number;
  meanGapBytes: number;
  drainMs: number;
  rps: number;
}

/** redis-benchmark SET load on the master; the replica's offset gap sampled every 10 ms. */
async function lagUnderLoad(kind: 'rctl' | 'redis', requests: number): Promise<LagResult> {
  const master = await startServer(kind, SERVER_ARGS);
  const replica = await startServer(kind, [...SERVER_ARGS, '--replicaof', `127.0.0.1 ${master.port}`]);
  const m = await RespClient.connect({ port: master.port });
  const r = await RespClient.connect({ port: replica.port });
  try {
    while ((await infoField(r, 'master_link_status')) !== 'up') await sleep(10);
    const gaps: number[] = [];
    const bench = spawn('redis-benchmark', ['-p', String(master.port), '-t', 'set', '-n', String(requests), '-c', '50', '-r', '100000', '--csv'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    bench.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((res) => bench.once('exit', res));
    let finished = false;
    void exited.then(() => (finished = true));
    while (!finished) {
      const [mo, ro] = await Promise.all([infoField(m, 'master_repl_offset'), infoField(r, 'slave_repl_offset')]);
      gaps.push(Math.max(0, Number(mo) - Number(ro)));
      await sleep(10);
    }
    if ((await exited) !== 0) throw new Error(`redis-benchmark failed against ${kind}`);
    // The load has stopped: how long until the replica applied everything?
    const target = Number(await infoField(m, 'master_repl_offset'));
    const t0 = performance.now();
    while (Number(await infoField(r, 'slave_repl_offset')) < target) await sleep(1);
    const drainMs = performance.now() - t0;
    const lines = out.trim().split('\n');
    const rps = Number(JSON.parse(`[${lines[lines.length - 1]}]`)[1]);
    return {
      maxGapBytes: Math.max(0, ...gaps),
      meanGapBytes: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : 0,
      drainMs,
      rps,
    };
  } finally {
    m.close();
    r.close();
    await stopAll([master, replica]);
  }
}

async function stopAll(servers: BenchServer[]): Promise<void> {
  for (const s of servers) await s.stop();
}

export async function replicationSuite(quick: boolean): Promise<void> {
  const keys = quick ? 200_000 : 1_000_000;
  const rounds = quick ? 1 : 2;
  let redisSync: SyncResult = { syncMs: Infinity, worstPingMs: Infinity };
  let oursSync: SyncResult = { syncMs: Infinity, worstPingMs: Infinity };
  // Alternate and keep each side's best round, as the throughput suites do.
  for (let i = 0; i < rounds; i++) {
    const rs = await fullSync('redis', keys);
    const os = await fullSync('rctl', keys);
    if (rs.syncMs < redisSync.syncMs) redisSync = rs;
    if (os.syncMs < oursSync.syncMs) oursSync = os;
  }
  const syncRatio = redisSync.syncMs / oursSync.syncMs;
  const rows: Row[] = [
    { name: `full sync ${keys / 1000}k keys`, redis: redisSync.syncMs, ours: oursSync.syncMs, ratio: syncRatio, target: '>= 0.67 (1.5x)', ok: syncRatio >= 1 / 1.5, unit: 'ms' },
    {
      name: 'master PING latency during sync (max)',
      redis: redisSync.worstPingMs,
      ours: oursSync.worstPingMs,
      ratio: redisSync.worstPingMs / oursSync.worstPingMs,
      target: 'rctl < 20 ms',
      ok: oursSync.worstPingMs < 20,
      unit: 'ms',
    },
  ];
  printTable('replication: full sync to a fresh replica (diskless, 16-byte values)', rows);

  const requests = quick ? 100_000 : 300_000;
  const rl = await lagUnderLoad('redis', requests);
  const ol = await lagUnderLoad('rctl', requests);
  const lagRows: Row[] = [
    { name: 'SET load on the master', redis: rl.rps, ours: ol.rps, ratio: ol.rps / rl.rps, target: '(info)', ok: true, unit: 'rps' },
    { name: 'replica offset gap (max)', redis: rl.maxGapBytes, ours: ol.maxGapBytes, ratio: rl.maxGapBytes / Math.max(1, ol.maxGapBytes), target: '(info)', ok: true, unit: 'KiB' },
    { name: 'replica offset gap (mean)', redis: rl.meanGapBytes, ours: ol.meanGapBytes, ratio: rl.meanGapBytes / Math.max(1, ol.meanGapBytes), target: '(info)', ok: true, unit: 'KiB' },
    { name: 'lag drain after the load stops', redis: rl.drainMs, ours: ol.drainMs, ratio: rl.drainMs / Math.max(0.001, ol.drainMs), target: 'rctl < 100 ms', ok: ol.drainMs < 100, unit: 'ms' },
  ];
  printTable(`replication: replica lag under redis-benchmark SET (-c 50, ${requests / 1000}k requests)`, lagRows);
}
