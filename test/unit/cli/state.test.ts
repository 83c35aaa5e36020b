// The state file: atomic round trips, lookups by port or name, listing sets, and reading the
// password back from a rendered conf.

import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { CliError } from '../../../src/cli/errors.js';
import { findNode, listSets, loadState, masterOf, passwordFor, plannedFrom, readConfPassword, requireState, saveState, type SetState } from '../../../src/cli/state.js';

function sample(dir: string, name = 'default'): SetState {
  const setDir = join(dir, name);
  const n = (nm: string, port: number, replicaOf?: string) => ({
    name: nm,
    role: replicaOf ? ('replica' as const) : ('master' as const),
    ...(replicaOf ? { replicaOf } : {}),
    host: '127.0.0.1' as const,
    port,
    pid: null,
    dir: join(setDir, nm),
    confPath: join(setDir, nm, 'redis.conf'),
    logfile: join(setDir, nm, 'redis.log'),
    pidfile: join(setDir, nm, 'redis.pid'),
    dbfilename: 'dump.rdb',
    rdbPath: join(setDir, nm, 'dump.rdb'),
    directives: {},
  });
  return { version: 1, name, setDir, createdAt: 't', updatedAt: 't', server: 's', password: true, persist: false, autoPorts: false, nodes: [n('master', 7000), n('replica-1', 7001, 'master'), n('replica-2', 7002, 'replica-1')] };
}

describe('state file', () => {
  it('round-trips atomically with mode 600 and no temp file left', () => {
    const dir = tempDir('rctl-state-');
    const s = sample(dir);
    saveState(s);
    expect(readdirSync(s.setDir)).toEqual(['state.json']);
    expect(statSync(join(s.setDir, 'state.json')).mode & 0o777).toBe(0o600);
    expect(loadState({ dir, name: 'default' })).toEqual(s);
    expect(loadState({ dir, name: 'other' })).toBeNull();
  });

  it.each([
    ['{not json', /cannot parse .*state\.json/],
    ['{"hello":1}', /is not an rctl state file/],
    ['{"name":"x","nodes":[],"version":99}', /has state version 99, this rctl reads 1/],
  ])('rejects a broken file %j', (text, msg) => {
    const dir = tempDir('rctl-state-');
    mkdirSync(join(dir, 'default'));
    writeFileSync(join(dir, 'default', 'state.json'), text);
    expect(() => loadState({ dir, name: 'default' })).toThrow(msg);
  });

  it('lists sets and suggests them when the asked one is missing', () => {
    const dir = tempDir('rctl-state-');
    saveState(sample(dir, 'b'));
    saveState(sample(dir, 'a'));
    mkdirSync(join(dir, 'not-a-set'));
    expect(listSets(dir).map((s) => s.name)).toEqual(['a', 'b']);
    const err = (() => {
      try {
        requireState({ dir, name: 'c' });
      } catch (e) {
        return e as CliError;
      }
      throw new Error('no error');
    })();
    expect(err.code).toBe('E_NOT_RUNNING');
    expect(err.hint).toBe(`sets under ${dir}: a, b (pick one with --name)`);
    expect(listSets(join(dir, 'missing'))).toEqual([]);
  });

  it.each([
    ['7001', 'replica-1'],
    [7002, 'replica-2'],
    ['master', 'master'],
  ])('finds node %j', (ref, name) => {
    expect(findNode(sample('/d'), ref).name).toBe(name);
  });

  it('names the nodes of the set when one is unknown', () => {
    let err: CliError | undefined;
    try {
      findNode(sample('/d'), 6379);
    } catch (e) {
      err = e as CliError;
    }
    expect(err).toMatchObject({ code: 'E_UNKNOWN_NODE', exitCode: 4, message: "no node 6379 in set 'default'", hint: 'nodes of this set: 7000 (master), 7001 (replica-1), 7002 (replica-2)' });
  });

  it('plans a recorded node back with its upstream port', () => {
    const s = sample('/d');
    expect(masterOf(s).name).toBe('master');
    expect(plannedFrom(s, s.nodes[2]!)).toMatchObject({ name: 'replica-2', replicaOf: 'replica-1', upstreamPort: 7001, port: 7002 });
    expect(plannedFrom(s, s.nodes[0]!).upstreamPort).toBeUndefined();
  });
});

describe('passwords from confs', () => {
  it.each([
    ['requirepass s3cret', 's3cret'],
    ['requirepass "p w\\"1\\x41"', 'p w"1A'],
    ["requirepass 'it\\'s'", "it's"],
    ['# requirepass nope', undefined],
    ['requirepass ""', undefined],
  ])('reads %j', (line, pw) => {
    const p = join(tempDir('rctl-state-'), 'redis.conf');
    writeFileSync(p, `port 1\n${line}\nmasterauth x\n`);
    expect(readConfPassword(p)).toBe(pw);
  });

  it('uses the given password first, the confs only when the set has one', () => {
    const dir = tempDir('rctl-state-');
    const s = sample(dir);
    mkdirSync(s.nodes[0]!.dir, { recursive: true });
    writeFileSync(s.nodes[0]!.confPath, 'requirepass fromconf\n');
    expect(passwordFor(s, 'given')).toBe('given');
    expect(passwordFor(s, undefined)).toBe('fromconf');
    expect(passwordFor({ ...s, password: false }, undefined)).toBeUndefined();
    expect(existsSync(s.nodes[1]!.confPath)).toBe(false);
  });
});
