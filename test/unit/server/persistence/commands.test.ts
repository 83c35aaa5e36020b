import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setInfoSection } from '../../../../src/server/info.js';
import { Crc64 } from '../../../../src/server/persistence/crc64.js';
import { createDumpPayload } from '../../../../src/server/persistence/dump.js';
import { persistenceInfo } from '../../../../src/server/persistence/info.js';
import { persistenceOf } from '../../../../src/server/persistence/snapshot.js';
import { waitFor } from '../../../helpers/wait-for.js';
import { capturePropagation, makeServer, type TestServer } from '../../../helpers/harness.js';
import { canonical, tempDir } from './helpers.js';

const hex = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
const unhex = (h: string): string => Buffer.from(h, 'hex').toString('latin1');

/** Builds a payload around a body with the right version and CRC. */
function payload(body: Buffer, version = 10): string {
  const ver = Buffer.from([version & 0xff, version >> 8]);
  const crc = new Crc64().update(body).update(ver).bytes();
  return Buffer.concat([body, ver, crc]).toString('latin1');
}

function server(config: Record<string, string> = {}): TestServer {
  return makeServer({ dir: tempDir(), save: '', 'enable-debug-command': 'yes', ...config });
}

// DUMP output of redis-server 7.0.15 for values built by these commands.
const REDIS_DUMPS: Array<[string, string[], string]> = [
  ['s1', ['SET', 's1', 'hello'], '000568656c6c6f0a006372df766534200a'],
  ['s2', ['SET', 's2', '12345'], '00c139300a009d94ea2793fc08b9'],
  ['s4', ['SET', 's4', '1234567890123'], '000d313233343536373839303132330a005e0c12ae0429bc1e'],
  ['s5', ['SET', 's5', 'x'.repeat(100)], '00c3094064017878e057000178780a005db7f663bb08625f'],
  ['s6', ['SET', 's6', 'abc'.repeat(11)], '00c30b210361626361e012020162630a008d69cc0c04a4eb30'],
  [
    'l1',
    ['RPUSH', 'l1', 'a', 'b', 'c', '1', '2', '300', '-5000', '70000', '-9000000', '5000000000', '-0', '01'],
    '12010238380000000c0081610281620281630201010201c12c02f178ec03f270110104f3c0ab76ff05f400f2052a0100000009822d300382303103ff0a0049c1666fc4560d8a',
  ],
  ['i2', ['SADD', 'i2', '1', '70000'], '0b10040000000200000001000000701101000a002735436efd6656c4'],
  ['i3', ['SADD', 'i3', '-1', '5000000000'], '0b180800000002000000ffffffffffffffff00f2052a010000000a007c5c26b46e56fe62'],
  ['hh1', ['HSET', 'hh1', 'f1', 'v1', 'f2', '2', 'f3', 'y'.repeat(30)], '10c321390b39000000060082663103827620030a6632030201826633039e79e01400011fff0a000b76784ad4fb21dd'],
  [
    'z1',
    ['ZADD', 'z1', '1', 'a', '2.5', 'b', '-0', 'c', '1e20', 'd', 'inf', 'e', '-inf', 'f', '3.14159', 'g', '100', 'h'],
    '114050500000001000816602842d696e66058163020001816102010181620283322e350481670292332e313431353839393939393939393939391381680264018164028531652b32300681650283696e6604ff0a00a7fb59a267a1b7d0',
  ],
];

describe('DUMP', () => {
  it.each(REDIS_DUMPS)('writes the same bytes as Redis 7.0.15 for %s', (key, cmd, expected) => {
    const c = server().client();
    c.run(...cmd);
    expect(hex(c.call('DUMP', key) as string)).toBe(expected);
  });

  it('replies null for a missing key, in RESP2 and RESP3', () => {
    const c = server().client();
    expect(c.run('DUMP', 'nope')).toBe('$-1\r\n');
    c.c.resp = 3;
    expect(c.run('DUMP', 'nope')).toBe('_\r\n');
  });

  it('follows rdbcompression', () => {
    const c = server({ rdbcompression: 'no' }).client();
    c.run('SET', 'k', 'x'.repeat(100));
    expect(hex(c.call('DUMP', 'k') as string).slice(0, 6)).toBe('004064');
  });

  it('splits lists into quicklist nodes by list-max-listpack-size', () => {
    const srv = server({ 'list-max-listpack-size': '2' });
    srv.client().run('RPUSH', 'l', 'a', 'b', 'c');
    const dumped = createDumpPayload(srv.state.dbs[0]!.dict.get('l')!, true, 2);
    expect(hex(dumped).slice(0, 4)).toBe('1202'); // type 18, two nodes
  });
});

describe('RESTORE', () => {
  it.each(REDIS_DUMPS)('restores the payload Redis 7.0.15 made for %s', (key, cmd, dumped) => {
    const a = server().client();
    const b = server().client();
    a.run(...cmd);
    expect(b.run('RESTORE', key, 0, unhex(dumped))).toBe('+OK\r\n');
    expect(canonical(b.state)).toEqual(canonical(a.state));
    expect(b.call('OBJECT', 'ENCODING', key)).toBe(a.call('OBJECT', 'ENCODING', key));
  });

  it('refuses an existing key unless REPLACE', () => {
    const c = server().client();
    c.run('SET', 'k', 'old');
    const p = c.call('DUMP', 'k') as string;
    expect(c.run('RESTORE', 'k', 0, p)).toBe('-BUSYKEY Target key name already exists.\r\n');
    c.run('SET', 'src', 'new');
    expect(c.run('RESTORE', 'k', 0, c.call('DUMP', 'src') as string, 'REPLACE')).toBe('+OK\r\n');
    expect(c.call('GET', 'k')).toBe('new');
  });

  it('sets relative and absolute TTLs, and propagates an absolute one', () => {
    const srv = server();
    const ops = capturePropagation(srv);
    const c = srv.client();
    c.run('SET', 'src', 'v');
    const p = c.call('DUMP', 'src') as string;
    const now = srv.clock.now();
    expect(c.run('RESTORE', 'rel', 5000, p)).toBe('+OK\r\n');
    expect(c.call('PEXPIRETIME', 'rel')).toBe(now + 5000);
    expect(c.run('RESTORE', 'abs', now + 9000, p, 'ABSTTL')).toBe('+OK\r\n');
    expect(c.call('PEXPIRETIME', 'abs')).toBe(now + 9000);
    const restores = ops.filter((o) => o.argv[0]!.toUpperCase() === 'RESTORE').map((o) => o.argv);
    expect(restores[0]).toEqual(['RESTORE', 'rel', String(now + 5000), p, 'ABSTTL']);
    expect(restores[1]).toEqual(['RESTORE', 'abs', String(now + 9000), p, 'ABSTTL']);
  });

  it('does not create a key whose TTL is already past; a replaced one is deleted and DEL propagated', () => {
    const srv = server();
    const ops = capturePropagation(srv);
    const c = srv.client();
    c.run('SET', 'k', 'v');
    const p = c.call('DUMP', 'k') as string;
    expect(c.run('RESTORE', 'new', 1, p, 'ABSTTL')).toBe('+OK\r\n');
    expect(c.call('EXISTS', 'new')).toBe(0);
    expect(c.run('RESTORE', 'k', 1, p, 'ABSTTL', 'REPLACE')).toBe('+OK\r\n');
    expect(c.call('EXISTS', 'k')).toBe(0);
    expect(ops.at(-1)!.argv).toEqual(['DEL', 'k']);
  });

  it('applies IDLETIME to the key age and validates FREQ', () => {
    const srv = server();
    const c = srv.client();
    c.run('SET', 'src', 'v');
    const p = c.call('DUMP', 'src') as string;
    expect(c.run('RESTORE', 'idle', 0, p, 'IDLETIME', 1000)).toBe('+OK\r\n');
    expect(c.call('OBJECT', 'IDLETIME', 'idle')).toBe(1000);
    expect(c.run('RESTORE', 'freq', 0, p, 'FREQ', 255)).toBe('+OK\r\n');
  });

  it.each([
    [['IDLETIME', '-1'], '-ERR Invalid IDLETIME value, must be >= 0\r\n'],
    [['FREQ', '256'], '-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n'],
    [['FREQ', '-1'], '-ERR Invalid FREQ value, must be >= 0 and <= 255\r\n'],
    [['IDLETIME', 'x'], '-ERR value is not an integer or out of range\r\n'],
    [['IDLETIME'], '-ERR syntax error\r\n'],
    [['IDLETIME', '1', 'FREQ', '1'], '-ERR syntax error\r\n'],
    [['FREQ', '1', 'IDLETIME', '1'], '-ERR syntax error\r\n'],
    [['BOGUS'], '-ERR syntax error\r\n'],
  ])('option errors %j', (opts, reply) => {
    const c = server().client();
    c.run('SET', 'src', 'v');
    expect(c.run('RESTORE', 'k', 0, c.call('DUMP', 'src') as string, ...opts)).toBe(reply);
  });

  it('checks in Redis order: options, BUSYKEY, TTL, payload', () => {
    const c = server().client();
    c.run('SET', 'k', 'v');
    expect(c.run('RESTORE', 'k', 'notanumber', 'garbage')).toBe('-BUSYKEY Target key name already exists.\r\n');
    expect(c.run('RESTORE', 'new', 'notanumber', 'garbage')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('RESTORE', 'new', -1, 'garbage')).toBe('-ERR Invalid TTL value, must be >= 0\r\n');
    expect(c.run('RESTORE', 'new', 0, 'garbage')).toBe('-ERR DUMP payload version or checksum are wrong\r\n');
    expect(c.run('RESTORE', 'new', 0, 'x', 'BOGUS')).toBe('-ERR syntax error\r\n');
  });

  it('refuses payloads with a bad checksum, a newer version, or a body it cannot decode', () => {
    const c = server().client();
    c.run('SET', 'src', 'hello');
    const good = c.call('DUMP', 'src') as string;
    const flipped = good.slice(0, 2) + 'X' + good.slice(3);
    expect(c.run('RESTORE', 'a', 0, flipped)).toBe('-ERR DUMP payload version or checksum are wrong\r\n');
    expect(c.run('RESTORE', 'a', 0, payload(Buffer.from('000568656c6c6f', 'hex'), 13))).toBe('-ERR DUMP payload version or checksum are wrong\r\n');
    expect(c.run('RESTORE', 'a', 0, payload(Buffer.from([0x1e, 0x01, 0x61])))).toBe('-ERR Bad data format\r\n');
    expect(c.run('RESTORE', 'a', 0, payload(Buffer.from([0x00, 0x05, 0x61])))).toBe('-ERR Bad data format\r\n');
    // An empty list and a stream are refused as well.
    expect(c.run('RESTORE', 'a', 0, payload(Buffer.from([0x01, 0x00])))).toBe('-ERR Bad data format\r\n');
    expect(c.run('RESTORE', 'a', 0, payload(Buffer.from([0x13, 0x00])))).toBe('-ERR Bad data format\r\n');
    // Versions up to 12 (Redis 7.4) are read, as files are.
    expect(c.run('RESTORE', 'a', 0, payload(Buffer.from('000568656c6c6f', 'hex'), 12))).toBe('+OK\r\n');
  });
});

describe('SAVE, BGSAVE, LASTSAVE and INFO persistence', () => {
  it('SAVE writes dump.rdb, resets the dirty counter and counts in rdb_saves', () => {
    const srv = server();
    const c = srv.client();
    c.run('SET', 'k', 'v');
    expect(srv.state.dirty).toBe(1);
    expect(c.run('SAVE')).toBe('+OK\r\n');
    const file = join(srv.state.config.str('dir'), 'dump.rdb');
    expect(readFileSync(file).subarray(0, 9).toString()).toBe('REDIS0010');
    expect(srv.state.dirty).toBe(0);
    expect(persistenceOf(srv.state).saves).toBe(1);
    expect(c.call('LASTSAVE')).toBe(persistenceOf(srv.state).lastSave);
  });

  it('SAVE failing replies -ERR and leaves the old file in place', () => {
    const srv = server();
    const c = srv.client();
    const dir = srv.state.config.str('dir');
    // A directory named like the data file makes the final rename fail.
    mkdirSync(join(dir, 'dump.rdb', 'x'), { recursive: true });
    c.run('SET', 'k', 'v');
    expect(c.run('SAVE')).toBe('-ERR\r\n');
    expect(existsSync(join(dir, `temp-${process.pid}.rdb`))).toBe(false);
    expect(srv.state.dirty).toBe(1);
    // A failed SAVE does not arm MISCONF (only background saves do).
    expect(c.run('SET', 'k', 'v2')).toBe('+OK\r\n');
  });

  it('BGSAVE runs in the background and reports in INFO', async () => {
    const srv = server();
    const c = srv.client();
    for (let i = 0; i < 2000; i++) c.run('SET', `k${i}`, 'v');
    expect(c.run('BGSAVE')).toBe('+Background saving started\r\n');
    expect(persistenceInfo(srv.state)).toContain('rdb_bgsave_in_progress:1\r\n');
    expect(persistenceInfo(srv.state)).toContain('current_save_keys_total:2000\r\n');
    expect(c.run('BGSAVE')).toBe('-ERR Background save already in progress\r\n');
    expect(c.run('BGSAVE', 'SCHEDULE')).toBe('-ERR Background save already in progress\r\n');
    expect(c.run('SAVE')).toBe('-ERR Background save already in progress\r\n');
    c.run('SET', 'during', 'bgsave');
    await waitFor(() => persistenceOf(srv.state).bgsave === null, { what: 'BGSAVE done' });
    const info = persistenceInfo(srv.state);
    expect(info).toContain('rdb_bgsave_in_progress:0\r\n');
    expect(info).toContain('rdb_last_bgsave_status:ok\r\n');
    expect(info).toContain('rdb_saves:1\r\n');
    // Changes made during the save stay counted.
    expect(info).toContain('rdb_changes_since_last_save:1\r\n');
    expect(existsSync(join(srv.state.config.str('dir'), 'dump.rdb'))).toBe(true);
  });

  it('BGSAVE inside MULTI is scheduled, and a syntax error is refused', () => {
    const c = server().client();
    expect(c.run('BGSAVE', 'NOW')).toBe('-ERR syntax error\r\n');
    c.run('MULTI');
    c.run('BGSAVE');
    expect(c.run('EXEC')).toBe('*1\r\n+Background saving scheduled\r\n');
    expect(persistenceOf(c.state).scheduled).toBe(true);
  });

  it('a failed BGSAVE arms MISCONF for writes and PING until a save succeeds', async () => {
    const srv = server({ save: '3600 1' });
    const c = srv.client();
    const dir = srv.state.config.str('dir');
    mkdirSync(join(dir, 'dump.rdb', 'x'), { recursive: true });
    c.run('SET', 'k', 'v');
    c.run('BGSAVE');
    await waitFor(() => persistenceOf(srv.state).bgsave === null, { what: 'BGSAVE done' });
    expect(persistenceInfo(srv.state)).toContain('rdb_last_bgsave_status:err\r\n');
    const misconf = /^-MISCONF Redis is configured to save RDB snapshots/;
    expect(c.run('SET', 'k', 'v2')).toMatch(misconf);
    expect(c.run('PING')).toMatch(misconf);
    expect(c.run('GET', 'k')).toBe('$1\r\nv\r\n');
    c.run('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no');
    expect(c.run('SET', 'k', 'v3')).toBe('+OK\r\n');
    c.run('CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes');
    expect(c.run('SET', 'k', 'v4')).toMatch(misconf);
    // Without save points there is no disk error to report.
    c.run('CONFIG', 'SET', 'save', '');
    expect(c.run('SET', 'k', 'v5')).toBe('+OK\r\n');
    c.run('CONFIG', 'SET', 'save', '3600 1');
    // A successful save clears it.
    expect(c.run('DEL', 'k')).toMatch(misconf);
    (await import('node:fs')).rmSync(join(dir, 'dump.rdb'), { recursive: true });
    expect(c.run('SAVE')).toBe('+OK\r\n');
    expect(c.run('SET', 'k', 'ok')).toBe('+OK\r\n');
  });

  it('INFO persistence has Redis 7.0.15 fields in order, with loading_* while loading', () => {
    const srv = server();
    setInfoSection('persistence', persistenceInfo);
    const fields = (text: string): string[] => text.split('\r\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split(':')[0]!);
    const idle = fields(String(srv.client().call('INFO', 'persistence')));
    expect(idle).toEqual([
      'loading', 'async_loading', 'current_cow_peak', 'current_cow_size', 'current_cow_size_age', 'current_fork_perc',
      'current_save_keys_processed', 'current_save_keys_total', 'rdb_changes_since_last_save', 'rdb_bgsave_in_progress',
      'rdb_last_save_time', 'rdb_last_bgsave_status', 'rdb_last_bgsave_time_sec', 'rdb_current_bgsave_time_sec', 'rdb_saves',
      'rdb_last_cow_size', 'rdb_last_load_keys_expired', 'rdb_last_load_keys_loaded', 'aof_enabled', 'aof_rewrite_in_progress',
      'aof_rewrite_scheduled', 'aof_last_rewrite_time_sec', 'aof_current_rewrite_time_sec', 'aof_last_bgrewrite_status',
      'aof_rewrites', 'aof_rewrites_consecutive_failures', 'aof_last_write_status', 'aof_last_cow_size',
      'module_fork_in_progress', 'module_fork_last_cow_size',
    ]);
    srv.state.loading = true;
    const p = persistenceOf(srv.state);
    p.loadingStart = Math.floor(Date.now() / 1000);
    p.loadingTotalBytes = 60875;
    p.loadingLoadedBytes = 9214;
    p.loadingRdbUsedMem = 1211088;
    const loading = String(persistenceInfo(srv.state));
    expect(fields(loading).slice(-6)).toEqual(['loading_start_time', 'loading_total_bytes', 'loading_rdb_used_mem', 'loading_loaded_bytes', 'loading_loaded_perc', 'loading_eta_seconds']);
    expect(loading).toContain('loading:1\r\n');
    expect(loading).toContain('loading_loaded_perc:15.14\r\n');
    expect(loading).toContain('loading_eta_seconds:1\r\n');
  });
});

describe('FLUSHALL and DEBUG RELOAD', () => {
  it('FLUSHALL saves the empty dataset when save points exist, without counting it', () => {
    const srv = server({ save: '3600 1' });
    const c = srv.client();
    c.run('SET', 'k', 'v');
    expect(c.run('FLUSHALL')).toBe('+OK\r\n');
    expect(readFileSync(join(srv.state.config.str('dir'), 'dump.rdb')).length).toBeLessThan(200);
    expect(srv.state.dirty).toBe(0);
    expect(persistenceOf(srv.state).saves).toBe(0);
    const none = server();
    none.client().run('SET', 'k', 'v');
    none.client().run('FLUSHALL');
    expect(existsSync(join(none.state.config.str('dir'), 'dump.rdb'))).toBe(false);
  });

  it('DEBUG RELOAD saves, empties and loads the dataset back', () => {
    const srv = server();
    const c = srv.client();
    c.run('SET', 's', 'v');
    c.run('RPUSH', 'l', 'a', 'b');
    c.run('SELECT', 5);
    c.run('HSET', 'h', 'f', 'v');
    const before = canonical(srv.state);
    expect(c.run('DEBUG', 'RELOAD')).toBe('+OK\r\n');
    expect(canonical(srv.state)).toEqual(before);
    expect(srv.state.dirty).toBe(0);
    expect(persistenceOf(srv.state).saves).toBe(0);
    expect(persistenceOf(srv.state).lastLoadKeysLoaded).toBe(3);
  });

  it('DEBUG RELOAD NOSAVE reloads the file on disk; MERGE NOFLUSH replaces keys', () => {
    const srv = server();
    const c = srv.client();
    c.run('SET', 'k', 'saved');
    c.run('SAVE');
    c.run('SET', 'k', 'changed');
    c.run('SET', 'extra', 'x');
    expect(c.run('DEBUG', 'RELOAD', 'NOSAVE')).toBe('+OK\r\n');
    expect(c.call('GET', 'k')).toBe('saved');
    expect(c.call('EXISTS', 'extra')).toBe(0);
    c.run('SET', 'k', 'again');
    c.run('SET', 'other', 'kept');
    expect(c.run('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH', 'MERGE')).toBe('+OK\r\n');
    expect(c.call('GET', 'k')).toBe('saved');
    expect(c.call('GET', 'other')).toBe('kept');
  });

  it('DEBUG RELOAD errors', () => {
    const c = server().client();
    expect(c.run('DEBUG', 'RELOAD', 'FOO')).toBe('-ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.\r\n');
    expect(c.run('DEBUG', 'RELOAD', 'NOSAVE')).toBe('-ERR Error trying to load the RDB dump\r\n');
    c.run('SET', 'k', 'v');
    c.run('SAVE');
    expect(c.run('DEBUG', 'RELOAD', 'NOSAVE', 'NOFLUSH')).toBe('-ERR Error trying to load the RDB dump\r\n');
  });
});
