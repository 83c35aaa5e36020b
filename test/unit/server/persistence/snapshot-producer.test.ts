import { describe, expect, it } from 'vitest';
import { loadRdbBufferSync } from '../../../../src/server/persistence/rdb-load.js';
import { SnapshotProducer } from '../../../../src/server/persistence/snapshot-producer.js';
import { makeServer, type TestClient, type TestServer } from '../../../helpers/harness.js';
import { canonical, prng, tempDir } from './helpers.js';

/** A server with every type in three databases; expiries on some keys. */
function populate(rnd: () => number, keys = 600): TestServer {
  const srv = makeServer({ dir: tempDir() });
  const c = srv.client();
  for (let db = 0; db < 3; db++) {
    c.run('SELECT', db);
    for (let i = 0; i < keys; i++) {
      const k = `k${i}`;
      const n = 1 + Math.floor(rnd() * 20);
      const items = Array.from({ length: n }, (_, j) => (rnd() < 0.3 ? String(j * 7) : `v${j}-${Math.floor(rnd() * 1000)}`));
      switch (i % 5) {
        case 0:
          c.run('SET', k, items.join(','));
          break;
        case 1:
          c.run('RPUSH', k, ...items);
          break;
        case 2:
          c.run('SADD', k, ...items);
          break;
        case 3:
          c.run('HSET', k, ...items.flatMap((x, j) => [`f${j}`, x]));
          break;
        default:
          c.run('ZADD', k, ...items.flatMap((x, j) => [String(j * 1.5), x]));
      }
      if (rnd() < 0.2) c.run('PEXPIRE', k, 100_000 + Math.floor(rnd() * 1000));
    }
  }
  c.run('SELECT', 0);
  return srv;
}

/** One random write, of the kinds that touch the keyspace in different ways. */
function mutate(rnd: () => number, c: TestClient, keys: number): void {
  const k = `k${Math.floor(rnd() * keys * 1.1)}`;
  const other = `k${Math.floor(rnd() * keys)}`;
  const pick = Math.floor(rnd() * 24);
  c.run('SELECT', Math.floor(rnd() * 3));
  switch (pick) {
    case 0:
      c.run('SET', k, `new-${rnd()}`);
      break;
    case 1:
      c.run('DEL', k);
      break;
    case 2:
      c.run('APPEND', k, 'x');
      break;
    case 3:
      c.run('LPUSH', k, 'pushed');
      break;
    case 4:
      c.run('RPOP', k);
      break;
    case 5:
      c.run('SADD', k, 'added');
      break;
    case 6:
      c.run('SPOP', k);
      break;
    case 7:
      c.run('HSET', k, 'f0', 'changed', 'newfield', 'x');
      break;
    case 8:
      c.run('HDEL', k, 'f0');
      break;
    case 9:
      c.run('ZADD', k, '99', 'added');
      break;
    case 10:
      c.run('ZPOPMIN', k);
      break;
    case 11:
      c.run('PEXPIRE', k, 5000);
      break;
    case 12:
      c.run('PERSIST', k);
      break;
    case 13:
      c.run('RENAME', k, other);
      break;
    case 14:
      // Delete then re-create: the key moves to the end of the map's order.
      c.run('DEL', k);
      c.run('SET', k, 're-added');
      break;
    case 15:
      c.run('MOVE', k, (Math.floor(rnd() * 3) + 1) % 3);
      break;
    case 16:
      c.run('COPY', k, `${other}-copy`);
      break;
    case 17:
      c.run('LMOVE', k, other, 'LEFT', 'RIGHT');
      break;
    case 18:
      c.run('INCR', `counter-${Math.floor(rnd() * 5)}`);
      break;
    case 19:
      c.run('SETRANGE', k, 2, 'zz');
      break;
    case 20:
      if (rnd() < 0.05) c.run('FLUSHDB');
      break;
    case 21:
      if (rnd() < 0.05) c.run('SWAPDB', 0, 1 + Math.floor(rnd() * 2));
      break;
    case 22:
      if (rnd() < 0.02) c.run('FLUSHALL');
      break;
    default:
      c.run('GETDEL', k);
  }
}

/** Loads an image into a replica-mode server (keeps every key whatever its expiry). */
function loadAll(img: Buffer): string[] {
  const srv = makeServer({ dir: tempDir() });
  srv.state.masterHost = '127.0.0.1';
  loadRdbBufferSync(srv.state, img, 'snapshot');
  return canonical(srv.state);
}

describe('SnapshotProducer: a point-in-time copy while the keyspace changes', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('writes the data as of its start (seed %i)', async (seed) => {
    const rnd = prng(seed);
    const keys = 300;
    const srv = populate(rnd, keys);
    const expected = canonical(srv.state);
    const c = srv.client();
    const chunks: Buffer[] = [];
    const producer = new SnapshotProducer(srv.state, { sliceMs: 0 });
    let slices = 0;
    await producer.run((chunk) => {
      chunks.push(chunk);
      slices++;
      // Between slices: a burst of writes, as clients would do.
      for (let i = 0; i < 1 + Math.floor(rnd() * 30); i++) mutate(rnd, c, keys);
    });
    expect(slices).toBeGreaterThan(10);
    expect(srv.state.snapshots.size).toBe(0);
    expect(canonical(srv.state)).not.toEqual(expected);
    expect(loadAll(Buffer.concat(chunks))).toEqual(expected);
  });

  it.each([11, 12, 13])('is exact when the first write comes late, while the set of written keys is filled (seed %i)', async (seed) => {
    const rnd = prng(seed);
    const keys = 2000;
    const srv = populate(rnd, keys);
    const expected = canonical(srv.state);
    const c = srv.client();
    const chunks: Buffer[] = [];
    const producer = new SnapshotProducer(srv.state, { sliceMs: 0 });
    let slices = 0;
    await producer.run((chunk) => {
      chunks.push(chunk);
      // Nothing changes during the first 40 slices (2560 keys written), then a lot does;
      // deleting and re-adding early keys checks that they are not written twice.
      if (++slices < 40) return;
      for (let i = 0; i < 40; i++) mutate(rnd, c, keys);
      c.run('SELECT', 0);
      const early = `k${Math.floor(rnd() * 200)}`;
      c.run('DEL', early);
      c.run('SET', early, 'again');
    });
    expect(loadAll(Buffer.concat(chunks))).toEqual(expected);
  });

  it('handles a first write after more than 64K keys were written (chunked key list)', async () => {
    const srv = makeServer({ dir: tempDir(), 'enable-debug-command': 'yes' });
    const c = srv.client();
    c.run('DEBUG', 'POPULATE', 70_000);
    const expected = canonical(srv.state);
    const producer = new SnapshotProducer(srv.state, { sliceMs: 0 });
    const chunks: Buffer[] = [];
    let changed = false;
    await producer.run((chunk) => {
      chunks.push(chunk);
      if (changed || producer.keys < 66_000) return;
      changed = true;
      // Keys from both sides of the 65536 boundary, and one not written yet.
      for (const i of [5, 65_535, 65_536, 65_900, 69_999]) {
        c.run('DEL', `key:${i}`);
        c.run('SET', `key:${i}`, 'changed');
      }
    });
    expect(changed).toBe(true);
    expect(loadAll(Buffer.concat(chunks))).toEqual(expected);
  });

  it('keeps the old state of keys changed in place before the walk reaches them', async () => {
    const srv = makeServer({ dir: tempDir() });
    const c = srv.client();
    for (let i = 0; i < 500; i++) c.run('RPUSH', `l${i}`, 'a', 'b');
    const expected = canonical(srv.state);
    const producer = new SnapshotProducer(srv.state, { sliceMs: 0 });
    const chunks: Buffer[] = [];
    let first = true;
    await producer.run((chunk) => {
      chunks.push(chunk);
      if (!first) return;
      first = false;
      // Every list changes after the first slice: most not written yet.
      for (let i = 0; i < 500; i++) c.run('RPUSH', `l${i}`, 'c');
      expect(producer.cowBytes).toBeGreaterThan(0);
    });
    expect(loadAll(Buffer.concat(chunks))).toEqual(expected);
    expect(producer.cowPeak).toBeGreaterThan(0);
    expect(producer.keys).toBe(500);
    expect(producer.keysTotal).toBe(500);
  });

  it('stops on abort, and forgets the keyspace', async () => {
    const srv = populate(prng(9), 200);
    const producer = new SnapshotProducer(srv.state, { sliceMs: 0 });
    expect(srv.state.snapshots.has(producer)).toBe(true);
    await expect(
      producer.run(() => {
        producer.abort();
      }),
    ).rejects.toThrow('snapshot aborted');
    expect(srv.state.snapshots.size).toBe(0);
  });

  it('a blocking snapshot takes no copy-on-write role', () => {
    const srv = populate(prng(10), 50);
    const producer = new SnapshotProducer(srv.state, { blocking: true });
    expect(srv.state.snapshots.size).toBe(0);
    const parts: Buffer[] = [];
    producer.runSync((b) => parts.push(b));
    expect(loadAll(Buffer.concat(parts))).toEqual(canonical(srv.state));
  });
});
