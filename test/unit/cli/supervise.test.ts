// Supervision with only the edges faked: execa (spawning), the RESP client (PING, SHUTDOWN)
// and process signals/liveness. Pidfiles, ports and logs use real files and sockets.

import { EventEmitter } from 'node:events';
import { chmodSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';

vi.mock('execa', () => ({ execa: vi.fn() }));
vi.mock('../../../src/shared/resp-client.js', async (orig) => ({
  ...(await orig<typeof import('../../../src/shared/resp-client.js')>()),
  RespClient: { connect: vi.fn() },
}));
vi.mock('../../../src/cli/supervise/pidfile.js', async (orig) => ({
  ...(await orig<typeof import('../../../src/cli/supervise/pidfile.js')>()),
  isAlive: vi.fn(),
  isOurNode: vi.fn(),
  isPaused: vi.fn(),
}));

import { execa } from 'execa';
import { RespClient, RespErrorReply, RespStatus } from '../../../src/shared/resp-client.js';
import * as pidfile from '../../../src/cli/supervise/pidfile.js';
import { canBind, freePort, freePorts, isPortInUse } from '../../../src/cli/supervise/ports.js';
import { boundPortFromLog, logTail, NodeNotReadyError, waitUntilReady } from '../../../src/cli/supervise/ready.js';
import { resolveServer, serverCommand, SpawnError, spawnNode } from '../../../src/cli/supervise/spawn.js';
import { stopNode } from '../../../src/cli/supervise/stop.js';
import { killRecordedNodes } from '../../../src/cli/supervise/watchdog.js';
import { rendererFor } from '../../../src/cli/tasks.js';

const real = await vi.importActual<typeof import('../../../src/cli/supervise/pidfile.js')>('../../../src/cli/supervise/pidfile.js');

/** A fake RespClient: `reply(cmd)` decides each answer (a value, a rejection, or never). */
function fakeClient(reply: (argv: string[]) => Promise<unknown>) {
  const sent: string[][] = [];
  const client = {
    sent,
    isClosed: false,
    send: vi.fn((...args: Array<string | number | Buffer>) => {
      const argv = args.map(String);
      sent.push(argv);
      return reply(argv);
    }),
    close: vi.fn(() => {
      client.isClosed = true;
    }),
  };
  return client;
}

beforeEach(() => {
  vi.clearAllMocks();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('spawn', () => {
  function fakeChild(pid: number | undefined, fail?: NodeJS.ErrnoException) {
    const child = Object.assign(new EventEmitter(), { pid, unref: vi.fn(), catch: vi.fn() });
    setImmediate(() => (fail ? child.emit('error', fail) : child.emit('spawn')));
    return child;
  }

  it.each([
    ['/opt/app/bin/rctl-server.js', process.execPath, ['/opt/app/bin/rctl-server.js', '/n/redis.conf']],
    ['/usr/bin/redis-server', '/usr/bin/redis-server', ['/n/redis.conf']],
    ['valkey-server', 'valkey-server', ['/n/redis.conf']],
  ])('runs %s on the conf file', (server, file, args) => {
    expect(serverCommand(server, '/n/redis.conf')).toEqual({ file, args });
  });

  it('starts the node detached, unref-ed, with output appended to its logfile', async () => {
    const d = tempDir('rctl-unit-');
    writeFileSync(join(d, 'redis.log'), 'old run\n');
    const child = fakeChild(4242);
    vi.mocked(execa).mockReturnValue(child as never);
    const n = await spawnNode({ server: '/x/rctl-server.js', confPath: join(d, 'redis.conf'), logfile: join(d, 'redis.log'), cwd: d });
    expect(n).toEqual({ pid: 4242, logOffset: 8, exit: null });
    const [file, args, opts] = vi.mocked(execa).mock.calls[0] as unknown as [string, string[], Record<string, unknown>];
    expect(file).toBe(process.execPath);
    expect(args).toEqual(['/x/rctl-server.js', join(d, 'redis.conf')]);
    expect(opts).toMatchObject({ cwd: d, detached: true, cleanup: false, reject: false, stdin: 'ignore', buffer: false });
    expect(typeof opts['stdout']).toBe('number');
    expect(opts['stderr']).toBe(opts['stdout']);
    expect(child.unref).toHaveBeenCalled();
    child.emit('exit', 1, null);
    expect(n.exit).toEqual({ code: 1, signal: null });
  });

  it('turns a spawn failure into SpawnError with the errno code', async () => {
    const d = tempDir('rctl-unit-');
    const e = Object.assign(new Error('spawn nope ENOENT'), { code: 'ENOENT' });
    vi.mocked(execa).mockReturnValue(fakeChild(undefined, e) as never);
    const err = await spawnNode({ server: 'nope', confPath: 'c', logfile: join(d, 'l'), cwd: d }).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(SpawnError);
    expect(err).toMatchObject({ code: 'ENOENT', message: 'cannot run nope: spawn nope ENOENT' });
  });

  it('finds a server on PATH or by path, and explains when it cannot', () => {
    const d = tempDir('rctl-unit-');
    const exe = join(d, 'my-redis');
    writeFileSync(exe, '#!/bin/sh\n');
    chmodSync(exe, 0o755);
    writeFileSync(join(d, 'plain'), '');
    expect(resolveServer('my-redis', { PATH: `/nonexistent:${d}` })).toBe(exe);
    expect(resolveServer(exe, {})).toBe(exe);
    expect(() => resolveServer('plain', { PATH: d })).toThrow("server 'plain' not found on PATH");
    expect(() => resolveServer(join(d, 'plain'), {})).toThrow('not found or not executable');
    expect(() => resolveServer(join(d, 'missing.js'), {})).toThrow(`server script ${join(d, 'missing.js')} not found`);
  });
});

describe('pidfile', () => {
  it.each([
    ['123\n', 123],
    ['  77 ', 77],
    ['abc', null],
    ['0', null],
    ['-5', null],
  ])('reads %j as %s', (text, pid) => {
    const p = join(tempDir('rctl-unit-'), 'redis.pid');
    writeFileSync(p, text);
    expect(real.readPidfile(p)).toBe(pid);
  });

  it('treats a missing pidfile as no pid', () => {
    expect(real.readPidfile('/nonexistent/redis.pid')).toBeNull();
  });

  it('knows live processes and recognises a node by its conf path or working directory', () => {
    expect(real.isAlive(process.pid)).toBe(true);
    expect(['R', 'S', 'D']).toContain(real.procState(process.pid));
    expect(real.isPaused(process.pid)).toBe(false);
    expect(real.isOurNode(process.pid, { confPath: '/no/such.conf', dir: process.cwd() })).toBe(true);
    expect(real.isOurNode(process.pid, { confPath: process.argv[1]!, dir: '/elsewhere' })).toBe(true);
    expect(real.isOurNode(process.pid, { confPath: '/no/such.conf', dir: '/elsewhere' })).toBe(false);
    expect(real.isAlive(2 ** 22 + 12345)).toBe(false);
  });

  it('prefers the recorded pid, then the pidfile, and returns null for strangers', () => {
    const d = tempDir('rctl-unit-');
    const pf = join(d, 'redis.pid');
    writeFileSync(pf, `${process.pid}\n`);
    const me = { confPath: '/x.conf', dir: process.cwd() };
    expect(real.livePid(process.pid, pf, me)).toBe(process.pid);
    expect(real.livePid(null, pf, me)).toBe(process.pid);
    expect(real.livePid(null, pf, { confPath: '/x.conf', dir: '/elsewhere' })).toBeNull();
  });
});

describe('ports', () => {
  it('hands out distinct free ports that can be bound', async () => {
    const ports = await freePorts(5);
    expect(new Set(ports).size).toBe(5);
    for (const p of ports) expect(await canBind(p)).toBe(true);
    expect(await canBind(await freePort())).toBe(true);
  });

  it('sees a port that someone listens on as busy', async () => {
    const srv = net.createServer();
    const port = await new Promise<number>((r) => srv.listen(0, '127.0.0.1', () => r((srv.address() as net.AddressInfo).port)));
    try {
      expect(await canBind(port)).toBe(false);
      expect(await isPortInUse(port)).toBe(true);
    } finally {
      srv.close();
    }
    await new Promise((r) => setTimeout(r, 10));
    expect(await isPortInUse(port)).toBe(false);
  });
});

describe('waitUntilReady', () => {
  let log: string;
  beforeEach(() => {
    log = join(tempDir('rctl-unit-'), 'redis.log');
    vi.mocked(pidfile.isAlive).mockReturnValue(true);
  });

  it('reads the bound port from the log of a `port 0` node and waits for PONG', async () => {
    writeFileSync(log, '1:M * Running mode=standalone, port=40123.\n');
    const c = fakeClient(async ([cmd]) => (cmd === 'PING' ? new RespStatus('PONG') : null));
    vi.mocked(RespClient.connect).mockRejectedValueOnce(new Error('connect ECONNREFUSED')).mockResolvedValue(c as never);
    await expect(waitUntilReady({ pid: 1, logfile: log, port: 0, timeoutMs: 2000, intervalMs: 1 })).resolves.toEqual({ port: 40123 });
    expect(vi.mocked(RespClient.connect).mock.calls.map((x) => x[0]!.port)).toEqual([40123, 40123]);
    expect(boundPortFromLog('x Running mode=standalone, port=7.\n')).toBe(7);
  });

  it('authenticates first when the set has a password', async () => {
    writeFileSync(log, '');
    const c = fakeClient(async ([cmd]) => new RespStatus(cmd === 'PING' ? 'PONG' : 'OK'));
    vi.mocked(RespClient.connect).mockResolvedValue(c as never);
    await waitUntilReady({ pid: 1, logfile: log, port: 7000, password: 's3', timeoutMs: 1000 });
    expect(c.sent).toEqual([['AUTH', 's3'], ['PING']]);
  });

  it.each<[string, string, Partial<Parameters<typeof waitUntilReady>[0]>, (c: ReturnType<typeof fakeClient>) => void, string, string]>([
    ['a busy port', 'x\n# Could not create server TCP listening socket 127.0.0.1:7000: bind: Address already in use\n', {}, () => {}, 'port-busy', 'port 7000 is already in use'],
    ['an early exit', 'FATAL CONFIG FILE ERROR\n', { exited: () => ({ code: 1, signal: null }) }, () => {}, 'exited', 'process 1 exited with code 1 before answering PING'],
    ['a kill', '', { exited: () => ({ code: null, signal: 'SIGKILL' }) }, () => {}, 'exited', 'process 1 was killed by SIGKILL before answering PING'],
    ['a missing password', '', {}, () => {}, 'auth', 'node on port 7000 rejected us: PING: NOAUTH Authentication required.'],
    ['no answer in time', '', { timeoutMs: 30 }, () => {}, 'timeout', 'process 1 never answered PING (PING: LOADING Redis is loading the dataset in memory) within 30 ms'],
  ])('fails on %s', async (_what, text, extra, _setup, kind, message) => {
    writeFileSync(log, text);
    const reply = kind === 'auth' ? new RespErrorReply('NOAUTH Authentication required.') : new RespErrorReply('LOADING Redis is loading the dataset in memory');
    vi.mocked(RespClient.connect).mockResolvedValue(fakeClient(async () => reply) as never);
    const err = (await waitUntilReady({ pid: 1, logfile: log, port: 7000, timeoutMs: 1000, intervalMs: 1, ...extra }).catch((e: unknown) => e)) as NodeNotReadyError;
    expect(err).toBeInstanceOf(NodeNotReadyError);
    expect([err.kind, err.message]).toEqual([kind, message]);
    expect(err.logTail).toBe(text.replace(/\n+$/, ''));
  });

  it('ignores what earlier runs left in the log', async () => {
    writeFileSync(log, 'bind: Address already in use\n');
    vi.mocked(RespClient.connect).mockResolvedValue(fakeClient(async () => new RespStatus('PONG')) as never);
    await expect(waitUntilReady({ pid: 1, logfile: log, logOffset: 29, port: 7000, timeoutMs: 1000 })).resolves.toEqual({ port: 7000 });
    writeFileSync(log, Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n') + '\n');
    expect(logTail(log, 2)).toBe('line 28\nline 29');
  });
});

describe('stopNode', () => {
  let alive: boolean;
  let signals: string[];
  const id = { confPath: '/n/redis.conf', dir: '/n' };

  beforeEach(() => {
    alive = true;
    signals = [];
    vi.mocked(pidfile.isOurNode).mockImplementation(() => alive);
    vi.mocked(pidfile.isAlive).mockImplementation(() => alive);
    vi.mocked(pidfile.isPaused).mockReturnValue(false);
    vi.spyOn(process, 'kill').mockImplementation(((pid: number, sig: string) => {
      signals.push(sig);
      return true;
    }) as never);
  });

  /** SHUTDOWN behaviour: closes the connection and exits, never answers, or refuses. */
  function shutdownClient(mode: 'exits' | 'hangs' | 'refuses') {
    return fakeClient(([cmd]) => {
      if (cmd !== 'SHUTDOWN') return Promise.resolve(new RespStatus('OK'));
      if (mode === 'exits') {
        alive = false;
        return Promise.reject(new Error('connection closed'));
      }
      if (mode === 'refuses') return Promise.resolve(new RespErrorReply('ERR Errors trying to SHUTDOWN. Check logs.'));
      return new Promise(() => {});
    });
  }

  it.each<[string, 'exits' | 'hangs' | 'refuses', boolean, (sig: string) => void, string, string[]]>([
    ['answers SHUTDOWN', 'exits', false, () => {}, 'shutdown', []],
    ['is paused', 'exits', true, () => {}, 'shutdown', ['SIGCONT']],
    ['hangs but handles SIGTERM', 'hangs', false, (sig) => sig === 'SIGTERM' && (alive = false), 'sigterm', ['SIGCONT', 'SIGTERM']],
    ['refuses SHUTDOWN and ignores SIGTERM', 'refuses', false, (sig) => sig === 'SIGKILL' && (alive = false), 'sigkill', ['SIGCONT', 'SIGTERM', 'SIGKILL']],
  ])('escalates when the node %s', async (_what, mode, paused, onSignal, outcome, expected) => {
    vi.mocked(pidfile.isPaused).mockReturnValue(paused);
    vi.mocked(process.kill).mockImplementation(((_pid: number, sig: string) => {
      signals.push(sig);
      onSignal(sig);
      return true;
    }) as never);
    const c = shutdownClient(mode);
    vi.mocked(RespClient.connect).mockResolvedValue(c as never);
    await expect(stopNode({ pid: 99, port: 7000, identity: id, graceMs: 40, password: 'pw' })).resolves.toBe(outcome);
    expect(signals).toEqual(expected);
    expect(c.sent.slice(0, 2)).toEqual([['AUTH', 'pw'], ['SHUTDOWN', 'NOSAVE']]);
  });

  it.each([
    [{ save: true }, ['SHUTDOWN', 'SAVE']],
    [{ now: true }, ['SHUTDOWN', 'NOSAVE', 'NOW']],
    [{ save: true, now: true }, ['SHUTDOWN', 'SAVE', 'NOW']],
  ])('sends SHUTDOWN with %j', async (extra, argv) => {
    const c = shutdownClient('exits');
    vi.mocked(RespClient.connect).mockResolvedValue(c as never);
    await stopNode({ pid: 99, port: 7000, identity: id, graceMs: 40, ...extra });
    expect(c.sent).toEqual([argv]);
  });

  it('leaves alone a pid that is not (or no longer) the node', async () => {
    alive = false;
    await expect(stopNode({ pid: 99, port: 7000, identity: id })).resolves.toBe('not-running');
    await expect(stopNode({ pid: null, port: 7000, identity: id })).resolves.toBe('not-running');
    expect(signals).toEqual([]);
    expect(RespClient.connect).not.toHaveBeenCalled();
  });
});

describe('watchdog', () => {
  it('SIGKILLs the recorded nodes that are still ours', () => {
    const d = tempDir('rctl-unit-');
    const state = join(d, 'state.json');
    writeFileSync(state, JSON.stringify({ nodes: [{ pid: 11, port: 1, dir: '/a', confPath: '/a/c' }, { pid: 12, port: 2, dir: '/b', confPath: '/b/c' }, { pid: null, port: 3, dir: '/c', confPath: '/c/c' }] }));
    vi.mocked(pidfile.isOurNode).mockImplementation((pid) => pid === 11);
    const sent: Array<[number, string]> = [];
    vi.spyOn(process, 'kill').mockImplementation(((pid: number, sig: string) => {
      sent.push([pid, sig]);
      return true;
    }) as never);
    expect(killRecordedNodes(state)).toBe(1);
    expect(sent).toEqual([
      [11, 'SIGCONT'],
      [11, 'SIGKILL'],
    ]);
    expect(killRecordedNodes(join(d, 'missing.json'))).toBe(0);
  });
});

describe('task renderer', () => {
  it.each([
    [{ interactive: true, json: false }, 'default'],
    [{ interactive: false, json: false }, 'simple'],
    [{ interactive: true, json: true }, 'simple'],
    [{ interactive: true, json: false, silent: true }, 'silent'],
  ])('%j -> %s', (out, renderer) => {
    expect(rendererFor(out)).toBe(renderer);
  });
});
