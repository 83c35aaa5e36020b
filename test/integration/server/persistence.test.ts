// Persistence end to end on the built server: restarts keep data, saves on SHUTDOWN and
// SIGTERM, save points, slow saves and loads (rdb-key-save-delay / key-load-delay) while
// clients act, crash safety of the temp-file + rename scheme, and refusing bad data files.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RespErrorReply } from '../../../src/shared/resp-client.js';
import { RespClient } from '../../../src/shared/resp-client.js';
import { SERVER_BIN, startRctlServer, tempDir, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

/** Processes this file spawns itself (to talk to them before they are ready). */
const spawned: ChildProcess[] = [];
const clients: RespClient[] = [];
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
  for (const p of spawned.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

/** Starts rctl-server and resolves once it listens, before it is ready (it may still be loading). */
async function spawnListening(dir: string, args: string[]): Promise<{ proc: ChildProcess; port: number; output: () => string; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [SERVER_BIN, '--port', '0', '--dir', dir, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(proc);
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  const port = await waitFor(
    () => {
      const m = /Running mode=standalone, port=(\d+)\./.exec(out);
      if (m) return Number(m[1]);
      if (proc.exitCode !== null) throw new Error(`exited: ${out}`);
      return 0;
    },
    { timeoutMs: 15_000, what: 'listening' },
  );
  return { proc, port, output: () => out, exited };
}

async function connect(port: number): Promise<RespClient> {
  const c = await RespClient.connect({ port });
  clients.push(c);
  return c;
}

const str = (v: unknown): string => (v instanceof RespErrorReply ? `-${v.message}` : String(v));

/** Starts a server that fails to start; resolves with its exit code and output. */
async function startFailing(dir: string, args: string[] = []): Promise<{ code: number | null; output: string }> {
  const s = await startRctlServer({ dir, args, allowFailure: true });
  const code = await s.exited;
  return { code, output: s.output() };
}

async function fill(c: RespClient): Promise<void> {
  await c.call('SET', 'str', 'hello');
  await c.call('SET', 'num', '12345');
  await c.call('SET', 'big', 'z'.repeat(10_000));
  await c.call('RPUSH', 'list', 'a', 'b', '3');
  await c.call('SADD', 'ints', '1', '2', '3');
  await c.call('SADD', 'set', 'x', 'y');
  await c.call('HSET', 'hash', 'f', 'v', 'g', 'w');
  await c.call('ZADD', 'zset', '1.5', 'a', '-2', 'b');
  await c.call('SET', 'ttl', 'v', 'PX', '600000');
  await c.call('SELECT', '2');
  await c.call('SET', 'db2', 'yes');
  await c.call('SELECT', '0');
}

async function expectFilled(c: RespClient): Promise<void> {
  expect(str(await c.call('GET', 'str'))).toBe('hello');
  expect(str(await c.call('GET', 'big'))).toBe('z'.repeat(10_000));
  expect(await c.call('LRANGE', 'list', 0, -1)).toEqual(['a', 'b', '3']);
  expect(str(await c.call('OBJECT', 'ENCODING', 'ints'))).toBe('intset');
  expect(await c.call('HGETALL', 'hash')).toEqual(['f', 'v', 'g', 'w']);
  expect(await c.call('ZRANGE', 'zset', 0, -1, 'WITHSCORES')).toEqual(['b', '-2', 'a', '1.5']);
  const ttl = Number(await c.call('PTTL', 'ttl'));
  expect(ttl).toBeGreaterThan(500_000);
  expect(ttl).toBeLessThanOrEqual(600_000);
  await c.call('SELECT', '2');
  expect(str(await c.call('GET', 'db2'))).toBe('yes');
  await c.call('SELECT', '0');
}

async function restart(s: ServerProcess, args: string[] = ['--save', '']): Promise<ServerProcess> {
  return startRctlServer({ dir: s.dir, args });
}

/** A node that saved the fill() data and was killed: its process handle and data file. */
async function savedAndStopped(): Promise<{ s: ServerProcess; file: string }> {
  const s = await startRctlServer({ args: ['--save', ''] });
  const c = await s.client();
  await fill(c);
  await c.call('SAVE');
  s.kill();
  await s.exited;
  return { s, file: join(s.dir, 'dump.rdb') };
}

/** The file with one bit flipped in the first occurrence of `text` (its checksum no longer matches). */
function flipByteOf(f: Buffer, text: string): Buffer {
  const out = Buffer.from(f);
  const at = out.indexOf(text);
  if (at < 0) throw new Error(`'${text}' not in the file`);
  out[at + 1]! ^= 0x01;
  return out;
}

describe('rctl-server persistence', () => {
  it('keeps every type across a SAVE and restart', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    await fill(c);
    expect(str(await c.call('SAVE'))).toBe('OK');
    s.kill();
    await s.exited;
    const s2 = await restart(s);
    expect(s2.output()).toMatch(/Done loading RDB, keys loaded: 10, keys expired: 0\./);
    expect(s2.output()).toMatch(/DB loaded from disk: [\d.]+ seconds/);
    await expectFilled(await s2.client());
  });

  it('SHUTDOWN SAVE saves, SHUTDOWN NOSAVE does not, and plain SHUTDOWN saves when save points exist', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    await fill(c);
    await c.send('SHUTDOWN', 'SAVE').catch(() => {});
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('DB saved on disk');
    const s2 = await restart(s);
    const c2 = await s2.client();
    await expectFilled(c2);
    await c2.call('SET', 'later', '1');
    await c2.send('SHUTDOWN', 'NOSAVE').catch(() => {});
    expect(await s2.exited).toBe(0);
    const s3 = await restart(s, ['--save', '3600 1']);
    const c3 = await s3.client();
    expect(await c3.call('EXISTS', 'later')).toBe(0);
    await c3.call('SET', 'later', '2');
    await c3.send('SHUTDOWN').catch(() => {});
    expect(await s3.exited).toBe(0);
    expect(s3.output()).toContain('Saving the final RDB snapshot before exiting.');
    const s4 = await restart(s);
    expect(str(await (await s4.client()).call('GET', 'later'))).toBe('2');
  });

  it('saves on SIGTERM when save points exist, not without', async () => {
    const s = await startRctlServer({ args: ['--save', '3600 1'] });
    await (await s.client()).call('SET', 'k', 'v');
    expect(await s.stop()).toBe(0);
    expect(s.output()).toContain('Received SIGTERM scheduling shutdown...');
    expect(s.output()).toContain('DB saved on disk');
    const s2 = await restart(s);
    const c2 = await s2.client();
    expect(str(await c2.call('GET', 'k'))).toBe('v');
    await c2.call('SET', 'k', 'changed');
    expect(await s2.stop()).toBe(0);
    expect(s2.output()).not.toContain('DB saved on disk');
    const s3 = await restart(s);
    expect(str(await (await s3.client()).call('GET', 'k'))).toBe('v');
  });

  it('refuses to exit when the final save fails, unless forced', async () => {
    const s = await startRctlServer({ args: ['--save', '3600 1'] });
    const c = await s.client();
    mkdirSync(join(s.dir, 'dump.rdb', 'x'), { recursive: true });
    await c.call('SET', 'k', 'v');
    expect(str(await c.send('SHUTDOWN'))).toBe('-ERR Errors trying to SHUTDOWN. Check logs.');
    expect(s.output()).toContain("Error trying to save the DB, can't exit.");
    expect(str(await c.call('PING'))).toBe('PONG');
    await c.send('SHUTDOWN', 'FORCE').catch(() => {});
    expect(await s.exited).toBe(0);
  });

  it('runs BGSAVE from a save point', async () => {
    const s = await startRctlServer({ args: ['--save', '1 2'] });
    const c = await s.client();
    await c.call('SET', 'a', '1');
    await c.call('SET', 'b', '2');
    await waitFor(() => s.output().includes('2 changes in 1 seconds. Saving...'), { timeoutMs: 10_000, what: 'save point' });
    await waitFor(() => s.output().includes('Background saving terminated with success'), { what: 'bgsave done' });
    expect(existsSync(join(s.dir, 'dump.rdb'))).toBe(true);
    const info = str(await c.call('INFO', 'persistence'));
    expect(info).toContain('rdb_changes_since_last_save:0');
    expect(info).toContain('rdb_saves:1');
  });

  it('serves clients during a slow BGSAVE, which writes the data as of its start', async () => {
    const s = await startRctlServer({ args: ['--save', '', '--rdb-key-save-delay', '2000'] });
    const c = await s.client();
    for (let i = 0; i < 1000; i++) void c.send('SET', `k${i}`, `v${i}`);
    await c.call('SET', 'victim', 'before');
    expect(str(await c.call('BGSAVE'))).toBe('Background saving started');
    // ~2 s of saving: the server answers meanwhile and reports progress.
    const t0 = Date.now();
    expect(str(await c.call('PING'))).toBe('PONG');
    expect(Date.now() - t0).toBeLessThan(500);
    const info = str(await c.call('INFO', 'persistence'));
    expect(info).toContain('rdb_bgsave_in_progress:1');
    expect(info).toContain('current_save_keys_total:1001');
    await c.call('SET', 'victim', 'after');
    await c.call('DEL', 'k1');
    await c.call('SET', 'newkey', 'x');
    expect(str(await c.call('GET', 'victim'))).toBe('after');
    await waitFor(async () => str(await c.call('INFO', 'persistence')).includes('rdb_bgsave_in_progress:0'), { timeoutMs: 30_000, what: 'bgsave end' });
    expect(str(await c.call('INFO', 'persistence'))).toContain('rdb_last_bgsave_status:ok');
    s.kill();
    await s.exited;
    const s2 = await restart(s);
    const c2 = await s2.client();
    expect(str(await c2.call('GET', 'victim'))).toBe('before');
    expect(str(await c2.call('GET', 'k1'))).toBe('v1');
    expect(await c2.call('EXISTS', 'newkey')).toBe(0);
    expect(await c2.call('DBSIZE')).toBe(1001);
  });

  it('SHUTDOWN during a slow BGSAVE kills it, removes its temp file and saves', async () => {
    const s = await startRctlServer({ args: ['--save', '', '--rdb-key-save-delay', '20000'] });
    const c = await s.client();
    for (let i = 0; i < 300; i++) void c.send('SET', `k${i}`, 'v');
    await c.call('BGSAVE');
    await waitFor(() => readdirSync(s.dir).some((f) => f.startsWith('temp-')), { what: 'temp file' });
    await c.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
    await c.send('SHUTDOWN', 'SAVE').catch(() => {});
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('There is a child saving an .rdb. Killing it!');
    expect(readdirSync(s.dir).filter((f) => f.startsWith('temp-'))).toEqual([]);
    const s2 = await restart(s);
    expect(await (await s2.client()).call('DBSIZE')).toBe(300);
  });

  it('answers -LOADING during a slow start-up load, with loading fields in INFO', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    for (let i = 0; i < 3000; i++) void c.send('SET', `k${i}`, 'v');
    await c.call('SAVE');
    s.kill();
    await s.exited;
    const slow = await spawnListening(s.dir, ['--save', '', '--key-load-delay', '1000']);
    const c2 = await connect(slow.port);
    expect(str(await c2.send('GET', 'k1'))).toBe('-LOADING Redis is loading the dataset in memory');
    expect(str(await c2.send('PING'))).toBe('-LOADING Redis is loading the dataset in memory');
    const info = str(await c2.call('INFO', 'persistence'));
    expect(info).toContain('loading:1');
    expect(info).toMatch(/loading_total_bytes:\d+/);
    expect(info).toMatch(/loading_loaded_perc:\d+\.\d\d/);
    expect(info).toMatch(/loading_eta_seconds:\d+/);
    await waitFor(() => slow.output().includes('Ready to accept connections'), { timeoutMs: 30_000, what: 'load done' });
    expect(await c2.call('DBSIZE')).toBe(3000);
    expect(str(await c2.call('INFO', 'persistence'))).toContain('rdb_last_load_keys_loaded:3000');
  });

  it('a crash during a save leaves the previous file intact', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    await c.call('SET', 'generation', 'one');
    await c.call('SAVE');
    const before = readFileSync(join(s.dir, 'dump.rdb'));
    for (let i = 0; i < 500; i++) void c.send('SET', `k${i}`, 'v');
    await c.call('SET', 'generation', 'two');
    await c.call('CONFIG', 'SET', 'rdb-key-save-delay', '10000');
    await c.call('BGSAVE');
    await waitFor(() => readdirSync(s.dir).some((f) => f.startsWith('temp-') && statSync(join(s.dir, f)).size > 0), { what: 'temp file written' });
    s.kill();
    await s.exited;
    expect(readFileSync(join(s.dir, 'dump.rdb')).equals(before)).toBe(true);
    const s2 = await restart(s);
    expect(str(await (await s2.client()).call('GET', 'generation'))).toBe('one');
  });

  it.each([
    ['truncated', (f: Buffer) => f.subarray(0, f.length - 20), /Fatal error loading the DB from .*dump\.rdb: unexpected end of file .*\(at byte offset \d+\)\. Exiting\./],
    ['with a wrong checksum', (f: Buffer) => Buffer.concat([f.subarray(0, f.length - 1), Buffer.from([f[f.length - 1]! ^ 1])]), /wrong RDB checksum .*\(at byte offset \d+\)/],
    ['whose data changed under its checksum', (f: Buffer) => flipByteOf(f, 'hello'), /wrong RDB checksum .*\(at byte offset \d+\)/],
    // The checksum is checked on another thread for the whole file but the trailer: here
    // the trailer is not at the end, so it is computed again for the right range.
    ['with a wrong checksum and bytes after it', (f: Buffer) => Buffer.concat([flipByteOf(f, 'hello'), Buffer.from('extra')]), /wrong RDB checksum .*\(at byte offset \d+\)/],
    ['not an RDB file', () => Buffer.from('hello world, not a dump'), /wrong signature .*\(at byte offset 0\)/],
    ['from a newer Redis', (f: Buffer) => Buffer.concat([Buffer.from('REDIS0013'), f.subarray(9)]), /can't handle RDB format version 13 .*\(at byte offset 5\)/],
  ])('refuses to start on a data file %s, naming the file, the offset and the problem', async (_name, corrupt, logLine) => {
    const { s, file } = await savedAndStopped();
    writeFileSync(file, corrupt(readFileSync(file)));
    const { code, output } = await startFailing(s.dir, ['--save', '']);
    expect(code).not.toBe(0);
    expect(output).toMatch(logLine);
    expect(output).toContain(file);
    expect(output).not.toContain('Ready to accept connections');
  });

  it('loads a data file with bytes after its checksum, as Redis ignores them', async () => {
    const { s, file } = await savedAndStopped();
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('trailing bytes')]));
    await expectFilled(await (await restart(s)).client());
  });

  it('refuses to start on an unreadable data file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dump.rdb'));
    const { code, output } = await startFailing(dir, ['--save', '']);
    expect(code).not.toBe(0);
    expect(output).toMatch(/Fatal error loading the DB from .*dump\.rdb: cannot read the file: .*\(at byte offset 0\)\. Exiting\./);
  });

  it('DEBUG RELOAD and FLUSHALL with save points', async () => {
    const s = await startRctlServer({ args: ['--save', '3600 100', '--enable-debug-command', 'yes'] });
    const c = await s.client();
    await fill(c);
    expect(str(await c.call('DEBUG', 'RELOAD'))).toBe('OK');
    await expectFilled(c);
    expect(s.output()).toContain('DB reloaded by DEBUG RELOAD');
    expect(str(await c.call('FLUSHALL'))).toBe('OK');
    s.kill();
    await s.exited;
    const s2 = await restart(s);
    expect(await (await s2.client()).call('DBSIZE')).toBe(0);
  });
});
