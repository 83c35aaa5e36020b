import { describe, expect, it } from 'vitest';
import { RdbLoadError, StreamLoad } from '../../../../src/server/persistence/rdb-load.js';
import { SnapshotProducer } from '../../../../src/server/persistence/snapshot-producer.js';
import { persistenceOf } from '../../../../src/server/persistence/snapshot.js';
import { makeServer, type TestServer } from '../../../helpers/harness.js';
import { canonical, prng, tempDir } from './helpers.js';

/** A blocking snapshot of the whole server as one buffer. */
function snapshot(srv: TestServer): Buffer {
  const parts: Buffer[] = [];
  new SnapshotProducer(srv.state, { blocking: true }).runSync((c) => parts.push(c));
  return Buffer.concat(parts);
}

/** A server holding every type, expiries, several databases and a value bigger than any chunk. */
function populated(): TestServer {
  const srv = makeServer({ dir: tempDir() });
  const c = srv.client();
  for (let i = 0; i < 300; i++) c.run('SET', `s${i}`, `value-${i}`);
  c.run('SET', 'big', 'x'.repeat(200_000) + 'tail');
  c.run('SET', 'num', '12345');
  // Loading on a master drops keys expired by the real clock: keep this one far ahead.
  c.run('PEXPIREAT', 's7', String(Date.now() + 100_000_000));
  c.run('RPUSH', 'list', ...Array.from({ length: 500 }, (_, i) => `item${i}`));
  c.run('HSET', 'hash', 'a', '1', 'b', '2');
  c.run('SADD', 'set', ...Array.from({ length: 200 }, (_, i) => `m${i}`));
  c.run('ZADD', 'zset', '1.5', 'one', '2', 'two');
  c.run('SELECT', '3');
  c.run('SET', 'in-db-3', 'v');
  return srv;
}

/** Streams img in the given chunk sizes into a fresh server's staging databases, then swaps them in. */
async function streamInto(img: Buffer, sizes: () => number): Promise<TestServer> {
  const srv = makeServer({ dir: tempDir() });
  srv.client().run('SET', 'old', 'data');
  const staging = srv.state.stagingDatabases();
  const load = new StreamLoad(srv.state, 'stream', { sliced: true, into: staging });
  for (let at = 0; at < img.length; ) {
    const n = Math.min(img.length - at, Math.max(1, sizes()));
    load.push(img.subarray(at, at + n));
    at += n;
    // The server's own data stays in service while the image arrives.
    expect(srv.state.loading).toBe(false);
    if (at % 5 === 0) await new Promise((r) => setImmediate(r));
  }
  load.end();
  const r = await load.done;
  expect(srv.client().call('GET', 'old')).toBe('data');
  for (const db of srv.state.dbs) db.swapWith(staging[db.id]!);
  expect(r.keys).toBeGreaterThan(300);
  return srv;
}

describe('StreamLoad: loading an image while it arrives', () => {
  const cases: [string, () => () => number][] = [
    ['one byte at a time', () => () => 1],
    ['7-byte chunks', () => () => 7],
    ['seeded random chunks up to 64 KiB', () => {
      const rnd = prng(42);
      return () => Math.floor(rnd() * 65536);
    }],
    ['the whole image at once', () => () => Number.MAX_SAFE_INTEGER],
  ];
  for (const [name, sizes] of cases) {
    it(`loads the same keyspace as a whole-file load: ${name}`, async () => {
      const src = populated();
      const img = snapshot(src);
      const dst = await streamInto(img, sizes());
      expect(canonical(dst.state)).toEqual(canonical(src.state));
    });
  }

  it('flags an async load while it runs and a truncated image when it ends early', async () => {
    const img = snapshot(populated());
    const srv = makeServer({ dir: tempDir() });
    const load = new StreamLoad(srv.state, 'payload', { sliced: true, into: srv.state.stagingDatabases() });
    load.push(img.subarray(0, img.length - 20));
    await new Promise((r) => setImmediate(r));
    expect(persistenceOf(srv.state).asyncLoading).toBe(true);
    load.end();
    const err = await load.done.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RdbLoadError);
    expect((err as RdbLoadError).message).toMatch(/^Failed loading RDB file 'payload' at offset \d+: unexpected end of file/);
    expect(persistenceOf(srv.state).asyncLoading).toBe(false);
  });

  it('checks the CRC64 trailer of a streamed image', async () => {
    const img = Buffer.from(snapshot(populated()));
    img[img.length - 1] ^= 0xff;
    const srv = makeServer({ dir: tempDir() });
    const load = new StreamLoad(srv.state, 'payload', { sliced: true, into: srv.state.stagingDatabases() });
    for (let at = 0; at < img.length; at += 1000) load.push(img.subarray(at, at + 1000));
    load.end();
    await expect(load.done).rejects.toThrow(/wrong RDB checksum/);
  });

  it('reports the image offset of corruption found after earlier chunks were dropped', async () => {
    const img = Buffer.from(snapshot(populated()));
    // The type byte of the last key record becomes an unknown type.
    const at = img.lastIndexOf(Buffer.from('in-db-3')) - 2;
    expect(img[at]).toBe(0);
    img[at] = 99;
    const srv = makeServer({ dir: tempDir() });
    const load = new StreamLoad(srv.state, 'payload', { sliced: true, into: srv.state.stagingDatabases() });
    for (let i = 0; i < img.length; i += 4096) {
      load.push(img.subarray(i, i + 4096));
      await new Promise((r) => setImmediate(r));
    }
    load.end();
    await expect(load.done).rejects.toThrow(`at offset ${at}: unknown RDB object type 99`);
  });

  it('stops when aborted', async () => {
    const img = snapshot(populated());
    const srv = makeServer({ dir: tempDir() });
    const load = new StreamLoad(srv.state, 'payload', { sliced: true, into: srv.state.stagingDatabases() });
    load.push(img.subarray(0, 1000));
    load.abort();
    await expect(load.done).rejects.toThrow('load aborted');
    expect(persistenceOf(srv.state).asyncLoading).toBe(false);
  });
});
