// Throughput suites: redis-benchmark (50 clients) against rctl-server and real redis-server
// started side by side. Core: SET GET INCR MSET at pipeline 1 (target >= 0.85) and 16
// (>= 0.45). Data types: LPUSH LPOP SADD HSET ZADD LRANGE_100 at pipeline 1 (>= 0.8).

import { loadavg } from 'node:os';
import { bestOfAlternating, printTable, redisBenchmark, startServer, type Row } from './lib.js';

/** The 1-minute load average: ratios are only comparable on an otherwise idle machine. */
const load = (): string => loadavg()[0]!.toFixed(2);

export async function throughputSuite(quick: boolean): Promise<void> {
  const redis = await startServer('redis');
  const ours = await startServer('rctl');
  const requests = quick ? 20_000 : 100_000;
  // Best of alternating rounds: other work on the machine only ever lowers a figure.
  const rounds = quick ? 1 : 3;
  console.log(`load average before: ${load()}`);
  try {
    const core: Row[] = [];
    for (const pipeline of [1, 16]) {
      for (const test of ['set', 'get', 'incr', 'mset']) {
        const n = pipeline === 16 ? requests * 4 : requests;
        const r = bestOfAlternating(
          rounds,
          () => redisBenchmark(redis.port, test, { pipeline, requests: n, random: 100_000 }),
          () => redisBenchmark(ours.port, test, { pipeline, requests: n, random: 100_000 }),
        );
        const min = pipeline === 1 ? 0.85 : 0.45;
        const ratio = r.ours / r.redis;
        core.push({ name: `${test.toUpperCase()} P=${pipeline}`, redis: r.redis, ours: r.ours, ratio, target: `>= ${min}`, ok: ratio >= min, unit: 'rps' });
      }
    }
    printTable('core commands (redis-benchmark -c 50)', core);

    const types: Row[] = [];
    for (const test of ['lpush', 'lpop', 'sadd', 'hset', 'zadd', 'lrange_100']) {
      const r = bestOfAlternating(
        rounds,
        () => redisBenchmark(redis.port, test, { pipeline: 1, requests, random: 100_000 }),
        () => redisBenchmark(ours.port, test, { pipeline: 1, requests, random: 100_000 }),
      );
      const ratio = r.ours / r.redis;
      types.push({ name: `${test.toUpperCase()} P=1`, redis: r.redis, ours: r.ours, ratio, target: '>= 0.8', ok: ratio >= 0.8, unit: 'rps' });
    }
    printTable('data types (redis-benchmark -c 50)', types);
    console.log(`\nload average after: ${load()}`);
  } finally {
    await redis.stop();
    await ours.stop();
  }
}
