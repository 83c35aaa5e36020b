// The rctl-server process as supervisors see it, checked against redis-server 7.0.15's
// behaviour: command line, start and shutdown log lines, pidfile, signals, listening
// (bind, unix socket, port in use), connection admission and limits, INFO server.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RespClient, RespStatus } from '../../../src/shared/resp-client.js';
import { ROOT, SERVER_BIN, startRctlServer, tempDir, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

// --- processes this file starts itself (no ready line on stdout, or detached) ------------

const ownPids = new Set<number>();
const ownClients = new Set<RespClient>();

afterEach(async () => {
  for (const c of ownClients) c.close();
  ownClients.clear();
  for (const pid of ownPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  await waitFor(() => [...ownPids].every((pid) => !alive(pid)), { what: 'own processes gone' });
  ownPids.clear();
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface Spawned {
  proc: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Runs bin/rctl-server.js with exactly these arguments (no port or dir added). */
function spawnServer(args: string[], cwd: string): Spawned {
  const proc = spawn(process.execPath, [SERVER_BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  ownPids.add(proc.pid!);
  const out = { stdout: '', stderr: '' };
  proc.stdout!.on('data', (d: Buffer) => (out.stdout += d.toString('latin1')));
  proc.stderr!.on('data', (d: Buffer) => (out.stderr += d.toString('latin1')));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  return { proc, stdout: () => out.stdout, stderr: () => out.stderr, exited };
}

async function connect(opts: { port?: number; path?: string; host?: string }): Promise<RespClient> {
  const c = await RespClient.connect(opts);
  ownClients.add(c);
  return c;
}

/** A raw connection that records every byte received and whether the server closed it. */
interface RawConn {
  sock: net.Socket;
  data(): string;
  closed(): boolean;
}

function rawConnect(opts: net.NetConnectOpts): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const sock = net.createConnection(opts);
    let data = '';
    let closed = false;
    sock.on('data', (d: Buffer) => (data += d.toString('latin1')));
    sock.on('close', () => (closed = true));
    sock.once('error', reject);
    sock.once('connect', () => {
      sock.removeListener('error', reject);
      sock.on('error', () => {});
      resolve({ sock, data: () => data, closed: () => closed });
    });
  });
}

/** Asserts that each pattern matches a line, in this order. */
function expectLinesInOrder(text: string, patterns: RegExp[]): void {
  const lines = text.split('\n');
  let from = 0;
  for (const re of patterns) {
    const at = lines.findIndex((l, i) => i >= from && re.test(l));
    expect(at, `${re} after line ${from} in:\n${text}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}

/** One INFO field. */
async function infoField(c: RespClient, section: string, field: string): Promise<string> {
  const text = String(await c.call('INFO', section));
  const m = new RegExp(`^${field}:(.*)\\r$`, 'm').exec(text);
  if (!m) throw new Error(`no ${field} in INFO ${section}`);
  return m[1]!;
}

const PKG_VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TIME = String.raw`\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}\.\d{3}`;
/** A log line as Redis writes it: "pid:role time mark message". */
const line = (pid: number, role: string, mark: string, msg: string): RegExp =>
  new RegExp(`^${pid}:${role} ${TIME} ${mark.replace(/[*.]/g, '\\$&')} ${msg.replace(/[.*()[\]]/g, '\\$&')}$`, 'm');
const handlerLine = (pid: number, msg: string): RegExp =>
  new RegExp(`^${pid}:signal-handler \\(\\d+\\) ${msg.replace(/[.*()]/g, '\\$&')}$`, 'm');

function canListen(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(0, host, () => srv.close(() => resolve(true)));
  });
}

// --- package -------------------------------------------------------------------------------

describe('package', () => {
  it('is the ESM package rctl for Node >= 20 with two executable bin shims and a building prepare script', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      name: string;
      type: string;
      engines: { node: string };
      bin: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.name).toBe('rctl');
    expect(pkg.type).toBe('module');
    expect(pkg.engines.node).toBe('>=20');
    expect(pkg.bin).toEqual({ rctl: 'bin/rctl.js', 'rctl-server': 'bin/rctl-server.js' });
    expect(pkg.scripts.prepare).toMatch(/\bbuild\b/);
    for (const rel of Object.values(pkg.bin)) {
      const file = join(ROOT, rel);
      expect(readFileSync(file, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
      expect(statSync(file).mode & 0o111).toBe(0o111);
    }
    // Run through its shebang, as `npx rctl-server` does.
    const p = spawn(SERVER_BIN, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    ownPids.add(p.pid!);
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    expect(await new Promise((r) => p.once('exit', r))).toBe(0);
    expect(out).toMatch(/^Redis server v=7\.0\.15 /);
    const tsconfig = JSON.parse(readFileSync(join(ROOT, 'tsconfig.json'), 'utf8')) as { compilerOptions: { strict: boolean } };
    expect(tsconfig.compilerOptions.strict).toBe(true);
  });
});

// --- command line --------------------------------------------------------------------------

describe('command line', () => {
  it('prints the version line and exits 0 for --version and -v', async () => {
    for (const flag of ['--version', '-v']) {
      const p = spawnServer([flag], tempDir());
      expect(await p.exited).toBe(0);
      expect(p.stdout()).toBe(`Redis server v=7.0.15 sha=00000000:0 malloc=libc bits=64 build=rctl-server-${PKG_VERSION}\n`);
    }
  });

  it('prints usage to stderr and exits 1 for --help and -h, as redis-server does', async () => {
    for (const flag of ['--help', '-h']) {
      const p = spawnServer([flag], tempDir());
      expect(await p.exited).toBe(1);
      expect(p.stdout()).toBe('');
      expect(p.stderr()).toMatch(/^Usage: rctl-server \[\/path\/to\/redis\.conf\] \[options\] \[-\]\n/);
      expect(p.stderr()).toContain('rctl-server - (read config from stdin)');
    }
  });

  it('reads the config file, then stdin (-), then --directive overrides, in that order', async () => {
    const s = await startRctlServer({
      conf: 'maxmemory 1mb\nhz 20\n',
      stdin: 'hz 30\nmaxmemory-policy allkeys-lru\n',
      args: ['--maxmemory', '2mb', '--save', '100', '1', '200', '2', '-'],
    });
    expect(s.output()).toMatch(/^\d+:C .* # Reading config from stdin$/m);
    const c = await s.client();
    expect(await c.call('CONFIG', 'GET', 'maxmemory')).toEqual(['maxmemory', '2097152']);
    expect(await c.call('CONFIG', 'GET', 'hz')).toEqual(['hz', '30']);
    expect(await c.call('CONFIG', 'GET', 'maxmemory-policy')).toEqual(['maxmemory-policy', 'allkeys-lru']);
    expect(await c.call('CONFIG', 'GET', 'save')).toEqual(['save', '100 1 200 2']);
  });

  it('stops on a bad config line with the FATAL CONFIG FILE ERROR block and exit 1', async () => {
    const s = await startRctlServer({ conf: 'port 0\nbogus-directive 1\n', allowFailure: true });
    expect(await s.exited).toBe(1);
    expect(s.output()).toContain(
      "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'bogus-directive 1'\nBad directive or wrong number of arguments\n",
    );
  });

  it('reports a config file that cannot be opened and exits 1', async () => {
    const dir = tempDir();
    const p = spawnServer(['missing.conf'], dir);
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toMatch(
      new RegExp(`^\\d+:C ${TIME} # Fatal error, can't open config file '${join(dir, 'missing.conf')}': No such file or directory\\n$`),
    );
  });
});

// --- start and shutdown ----------------------------------------------------------------------

describe('start lines, pidfile and shutdown', () => {
  it('logs the start lines in Redis 7.0 order and format, with the bound port', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const pid = s.pid;
    expectLinesInOrder(s.output(), [
      line(pid, 'C', '#', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'),
      line(pid, 'C', '#', `Redis version=7.0.15, bits=64, commit=00000000, modified=0, pid=${pid}, just started`),
      line(pid, 'C', '#', 'Configuration loaded'),
      line(pid, 'M', '*', 'monotonic clock: POSIX clock_gettime'),
      line(pid, 'M', '*', `Running mode=standalone, port=${s.port}.`),
      line(pid, 'M', '#', 'Server initialized'),
      line(pid, 'M', '*', 'Ready to accept connections tcp'),
    ]);
    expect(s.port).toBeGreaterThan(0);
    const c = await s.client();
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
  });

  it('shows the logo block with Port: and PID: instead of the one-line banner with always-show-logo yes', async () => {
    const s = await startRctlServer({ args: ['--always-show-logo', 'yes', '--save', ''] });
    const out = s.output();
    expect(out).toMatch(new RegExp(`^ .* Redis 7\\.0\\.15 \\(00000000/0\\) 64 bit$`, 'm'));
    expect(out).toMatch(/^ .* Running in standalone mode$/m);
    expect(out).toMatch(new RegExp(`^ .* Port: ${s.port}$`, 'm'));
    expect(out).toMatch(new RegExp(`^ .* PID: ${s.pid}$`, 'm'));
    expect(out).not.toContain('Running mode=');
    const c = await s.client();
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
  });

  it('hides notice lines with loglevel warning, but still logs the port that port 0 bound', async () => {
    const dir = tempDir();
    const p = spawnServer(['--port', '0', '--dir', dir, '--loglevel', 'warning', '--save', ''], dir);
    const m = await waitFor(() => /^\d+:M .* # Running mode=standalone, port=(\d+)\.$/m.exec(p.stdout()), { what: 'port line' });
    const c = await connect({ port: Number(m[1]) });
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
    expect(p.stdout()).toContain('# Server initialized');
    expect(p.stdout()).not.toContain('monotonic clock');
    expect(p.stdout()).not.toContain('Ready to accept connections');
  });

  it('logs to logfile only, writes the pidfile, and on SIGTERM saves, removes the pidfile and exits 0', async () => {
    const dir = tempDir();
    const logfile = join(dir, 'server.log');
    const pidfile = join(dir, 'server.pid');
    const p = spawnServer(['--port', '0', '--dir', dir, '--logfile', logfile, '--pidfile', pidfile, '--save', '3600 1'], dir);
    const pid = p.proc.pid!;
    await waitFor(() => existsSync(logfile) && readFileSync(logfile, 'latin1').includes('Ready to accept connections'), {
      what: 'ready line in the log file',
    });
    expect(readFileSync(pidfile, 'utf8')).toBe(`${pid}\n`);
    const port = Number(/port=(\d+)\./.exec(readFileSync(logfile, 'latin1'))![1]);
    const c = await connect({ port });
    await c.call('SET', 'k', 'v');
    p.proc.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toBe('');
    expectLinesInOrder(readFileSync(logfile, 'latin1'), [
      handlerLine(pid, 'Received SIGTERM scheduling shutdown...'),
      line(pid, 'M', '#', 'User requested shutdown...'),
      line(pid, 'M', '*', 'Saving the final RDB snapshot before exiting.'),
      line(pid, 'M', '*', 'DB saved on disk'),
      line(pid, 'M', '*', 'Removing the pid file.'),
      line(pid, 'M', '#', 'Redis is now ready to exit, bye bye...'),
    ]);
    expect(existsSync(pidfile)).toBe(false);
    expect(existsSync(join(dir, 'dump.rdb'))).toBe(true);
  });

  it('exits 0 on SIGINT without saving when no save points are configured', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    s.proc.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expectLinesInOrder(s.output(), [
      handlerLine(s.pid, 'Received SIGINT scheduling shutdown...'),
      line(s.pid, 'M', '#', 'User requested shutdown...'),
      line(s.pid, 'M', '#', 'Redis is now ready to exit, bye bye...'),
    ]);
    expect(s.output()).not.toContain('Saving the final RDB snapshot');
    expect(existsSync(join(s.dir, 'dump.rdb'))).toBe(false);
  });

  it('follows shutdown-on-sigterm nosave and shutdown-on-sigint save', async () => {
    const a = await startRctlServer({ args: ['--save', '3600 1', '--shutdown-on-sigterm', 'nosave'] });
    a.proc.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.output()).not.toContain('Saving the final RDB snapshot');

    const b = await startRctlServer({ args: ['--save', '', '--shutdown-on-sigint', 'save'] });
    b.proc.kill('SIGINT');
    expect(await b.exited).toBe(0);
    expect(b.output()).toContain('Saving the final RDB snapshot before exiting.');
    expect(existsSync(join(b.dir, 'dump.rdb'))).toBe(true);
  });

  it('exits at once with status 1 on a second SIGINT while the shutdown waits; a second SIGTERM only logs', async () => {
    const s = await startRctlServer({ args: ['--save', '', '--repl-diskless-sync-delay', '0', '--shutdown-timeout', '60'] });
    // A replica that never acknowledges keeps the shutdown waiting for it.
    const replica = await rawConnect({ port: s.port, host: '127.0.0.1' });
    replica.sock.write('*3\r\n$8\r\nREPLCONF\r\n$14\r\nlistening-port\r\n$4\r\n7777\r\n');
    await waitFor(() => replica.data().startsWith('+OK\r\n'), { what: 'REPLCONF answered' });
    replica.sock.write('*3\r\n$5\r\nPSYNC\r\n$1\r\n?\r\n$2\r\n-1\r\n');
    const c = await s.client();
    await waitFor(async () => (await infoField(c, 'replication', 'connected_slaves')) === '1', { what: 'replica attached' });
    await c.call('SET', 'k', 'v');
    s.proc.kill('SIGINT');
    await waitFor(() => s.output().includes('Waiting for replicas before shutting down.'), { what: 'shutdown waiting' });
    s.proc.kill('SIGTERM');
    await waitFor(() => s.output().includes('Received SIGTERM scheduling shutdown...'), { what: 'second signal logged' });
    expect(s.proc.exitCode).toBe(null);
    s.proc.kill('SIGINT');
    expect(await s.exited).toBe(1);
    expectLinesInOrder(s.output(), [
      handlerLine(s.pid, 'Received SIGINT scheduling shutdown...'),
      line(s.pid, 'M', '#', 'User requested shutdown...'),
      handlerLine(s.pid, 'Received SIGTERM scheduling shutdown...'),
      handlerLine(s.pid, 'You insist... exiting now.'),
    ]);
    expect(s.output()).not.toContain('bye bye');
  });

  it('keeps running when whoever reads its stdout goes away (no EPIPE crash)', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    s.proc.stdout!.destroy();
    await c.call('CONFIG', 'SET', 'loglevel', 'verbose');
    // Every accepted connection now writes a verbose line to the closed pipe.
    for (let i = 0; i < 5; i++) {
      const other = await s.client();
      expect(await other.call('PING')).toEqual(new RespStatus('PONG'));
      other.close();
    }
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
    expect(s.proc.exitCode).toBe(null);
  });

  it('daemonizes with daemonize yes: the command returns 0 and the server runs detached', async () => {
    const dir = tempDir();
    const pidfile = join(dir, 'd.pid');
    const logfile = join(dir, 'd.log');
    const p = spawnServer(['--port', '0', '--dir', dir, '--daemonize', 'yes', '--pidfile', pidfile, '--logfile', logfile, '--save', ''], dir);
    expect(await p.exited).toBe(0);
    const pid = await waitFor(() => (existsSync(pidfile) ? Number(readFileSync(pidfile, 'utf8')) : 0), { what: 'daemon pidfile' });
    ownPids.add(pid);
    expect(pid).not.toBe(p.proc.pid);
    await waitFor(() => existsSync(logfile) && readFileSync(logfile, 'latin1').includes('Ready to accept connections'), { what: 'daemon ready' });
    const port = Number(/port=(\d+)\./.exec(readFileSync(logfile, 'latin1'))![1]);
    const c = await connect({ port });
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !alive(pid), { what: 'daemon exited' });
    expect(existsSync(pidfile)).toBe(false);
  });
});

// --- listening -------------------------------------------------------------------------------

describe('listening', () => {
  it('refuses a port already in use with Redis lines and a non-zero exit', async () => {
    const first = await startRctlServer({ args: ['--save', ''] });
    const second = await startRctlServer({ args: ['--port', String(first.port), '--save', ''], allowFailure: true });
    expect(await second.exited).toBe(1);
    expectLinesInOrder(second.output(), [
      line(second.pid, 'M', '#', `Warning: Could not create server TCP listening socket 127.0.0.1:${first.port}: bind: Address already in use`),
      line(second.pid, 'M', '#', `Failed listening on port ${first.port} (tcp), aborting.`),
    ]);
    const c = await first.client();
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
  });

  it('binds 127.0.0.1 and, when the host has IPv6, ::1 by default (-::1 is optional)', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    expect(await (await s.client()).call('CONFIG', 'GET', 'bind')).toEqual(['bind', '127.0.0.1 -::1']);
    if (await canListen('::1')) {
      const c6 = await connect({ host: '::1', port: s.port });
      expect(await c6.call('PING')).toEqual(new RespStatus('PONG'));
    }
  });

  it('binds several addresses on one port', async () => {
    const s = await startRctlServer({ args: ['--bind', '127.0.0.1', '127.0.0.2', '--save', ''] });
    for (const host of ['127.0.0.1', '127.0.0.2']) {
      const c = await connect({ host, port: s.port });
      expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
    }
  });

  // 192.0.2.1 (TEST-NET-1) is never a local address: binding it fails locally, no packet is sent.
  it('skips an unavailable address marked optional with -, logging it', async () => {
    const s = await startRctlServer({ args: ['--bind', '127.0.0.1', '-192.0.2.1', '--save', ''] });
    expect(s.output()).toMatch(
      line(s.pid, 'M', '#', `Warning: Could not create server TCP listening socket 192.0.2.1:${s.port}: bind: Cannot assign requested address`),
    );
    expect(await (await s.client()).call('PING')).toEqual(new RespStatus('PONG'));
  });

  it('aborts on an unavailable address without -', async () => {
    const s = await startRctlServer({ args: ['--bind', '127.0.0.1', '192.0.2.1', '--save', ''], allowFailure: true });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/# Warning: Could not create server TCP listening socket 192\.0\.2\.1:\d+: bind: Cannot assign requested address\n/);
    expect(s.output()).toMatch(/# Failed listening on port \d+ \(tcp\), aborting\.\n/);
  });

  it('exits when configured to listen nowhere', async () => {
    const s = await startRctlServer({ args: ['--bind', '-192.0.2.1', '--save', ''], allowFailure: true });
    expect(await s.exited).toBe(1);
    expect(s.output()).toContain('# Configured to not listen anywhere, exiting.\n');
  });

  it('serves a unix socket with unixsocketperm, and removes it on shutdown', async () => {
    const dir = tempDir();
    const path = join(dir, 'rctl.sock');
    const s = await startRctlServer({ dir, args: ['--unixsocket', path, '--unixsocketperm', '700', '--save', ''] });
    expect(s.output()).toMatch(line(s.pid, 'M', '*', `The server is now ready to accept connections at ${path}`));
    expect(statSync(path).isSocket()).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o700);
    const c = await connect({ path });
    expect(await c.call('PING')).toEqual(new RespStatus('PONG'));
    expect(String(await c.call('CLIENT', 'INFO'))).toMatch(new RegExp(`^id=\\d+ addr=${path}:0 laddr=${path}:0 .* flags=U `));
    expect(await c.call('CONFIG', 'GET', 'unixsocketperm')).toEqual(['unixsocketperm', '700']);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.output()).toMatch(line(s.pid, 'M', '*', 'Removing the unix socket file.'));
    expect(existsSync(path)).toBe(false);
  });

  it('fails to start when the unix socket cannot be created', async () => {
    const path = join(tempDir(), 'no-such-dir', 'rctl.sock');
    const s = await startRctlServer({ args: ['--unixsocket', path, '--save', ''], allowFailure: true });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(/# Failed opening Unix socket: bind: No such file or directory\n/);
  });
});

// --- admission and connection limits ---------------------------------------------------------

const DENIED =
  "-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n";

describe('admission and limits', () => {
  // Redis 7.0 trusts only peers 127.0.0.1 and ::1 (and unix sockets); a client bound to
  // 127.0.0.2 stands in for a remote one without leaving loopback.
  it('refuses peers other than 127.0.0.1/::1 in protected mode without a password', async () => {
    const dir = tempDir();
    const path = join(dir, 'rctl.sock');
    const s = await startRctlServer({ dir, args: ['--unixsocket', path, '--save', ''] });
    const remote = await rawConnect({ host: '127.0.0.1', port: s.port, localAddress: '127.0.0.2' });
    remote.sock.write('PING\r\n');
    await waitFor(() => remote.closed(), { what: 'remote peer closed' });
    expect(remote.data()).toBe(DENIED);

    const local = await connect({ port: s.port });
    expect(await local.call('PING')).toEqual(new RespStatus('PONG'));
    const unix = await connect({ path });
    expect(await unix.call('PING')).toEqual(new RespStatus('PONG'));
    expect(await infoField(local, 'stats', 'rejected_connections')).toBe('1');
    // Refused connections are not counted as received, as in Redis.
    expect(await infoField(local, 'stats', 'total_connections_received')).toBe('2');

    await local.call('CONFIG', 'SET', 'protected-mode', 'no');
    const allowed = await rawConnect({ host: '127.0.0.1', port: s.port, localAddress: '127.0.0.2' });
    allowed.sock.write('PING\r\n');
    await waitFor(() => allowed.data() === '+PONG\r\n', { what: 'remote peer served' });
    allowed.sock.destroy();
  });

  it('accepts other peers in protected mode once a password is set (they must AUTH)', async () => {
    const s = await startRctlServer({ args: ['--requirepass', 'pw', '--save', ''] });
    const remote = await rawConnect({ host: '127.0.0.1', port: s.port, localAddress: '127.0.0.2' });
    remote.sock.write('PING\r\nAUTH pw\r\nPING\r\n');
    await waitFor(() => remote.data() === '-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n', { what: 'remote peer served' });
    remote.sock.destroy();
  });

  it('answers -ERR max number of clients reached and closes, beyond maxclients', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const a = await s.client();
    await a.call('CONFIG', 'SET', 'maxclients', '2');
    const b = await s.client();
    const extra = await rawConnect({ host: '127.0.0.1', port: s.port });
    await waitFor(() => extra.closed(), { what: 'extra client closed' });
    expect(extra.data()).toBe('-ERR max number of clients reached\r\n');
    expect(await b.call('PING')).toEqual(new RespStatus('PONG'));
    expect(await infoField(a, 'stats', 'rejected_connections')).toBe('1');
    expect(await infoField(a, 'stats', 'total_connections_received')).toBe('2');
    b.close();
    await waitFor(async () => (await infoField(a, 'clients', 'connected_clients')) === '1', { what: 'b gone' });
    const again = await s.client();
    expect(await again.call('PING')).toEqual(new RespStatus('PONG'));
  });

  it('closes idle clients after timeout seconds, but not subscribers or blocked clients', async () => {
    const s = await startRctlServer({ args: ['--save', '', '--loglevel', 'verbose'] });
    const sub = await s.client();
    await sub.call('SUBSCRIBE', 'ch');
    const blocked = await s.client();
    const pending = blocked.send('BLPOP', 'nolist', '0');
    pending.catch(() => {});
    const admin = await s.client();
    await waitFor(async () => String(await admin.call('CLIENT', 'LIST')).includes('flags=b'), { what: 'BLPOP blocked' });
    await admin.call('CONFIG', 'SET', 'timeout', '1');
    const idle = await s.client();
    await idle.waitClosed(15_000);
    expect(s.output()).toMatch(line(s.pid, 'M', '-', 'Closing idle client'));
    const check = await s.client();
    const list = String(await check.call('CLIENT', 'LIST'));
    expect(list).toMatch(/ flags=P .* sub=1 /);
    expect(list).toMatch(/ flags=b /);
    await check.call('LPUSH', 'nolist', 'x');
    expect(await pending).toEqual(['nolist', 'x']);
  });

  it('closes a client whose query buffer passes client-query-buffer-limit, and only that one', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const admin = await s.client();
    await admin.call('CONFIG', 'SET', 'client-query-buffer-limit', '1mb');
    const big = await rawConnect({ host: '127.0.0.1', port: s.port });
    big.sock.write('*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n');
    big.sock.write(Buffer.alloc(1_100_000, 'x'));
    await waitFor(() => big.closed(), { what: 'over-limit client closed' });
    expect(big.data()).toBe('');
    expect(s.output()).toMatch(/ # Closing client that reached max query buffer length: id=\d+ addr=127\.0\.0\.1:\d+ .* qbuf=\d+ /);
    expect(await admin.call('PING')).toEqual(new RespStatus('PONG'));
    // Under the limit a large value is fine.
    const v = 'y'.repeat(900_000);
    expect(await admin.call('SET', 'k', v)).toEqual(new RespStatus('OK'));
  });

  it('sets TCP keepalive on client sockets from tcp-keepalive', async () => {
    if (!existsSync('/proc/net/tcp')) return;
    const s = await startRctlServer({ args: ['--tcp-keepalive', '7', '--save', ''] });
    const admin = await s.client();
    /** The kernel's timer for the server side of a connection from `clientPort`: [kind, ticks]. */
    const timerOf = (clientPort: number): [string, number] | null => {
      const hex = (n: number): string => n.toString(16).toUpperCase().padStart(4, '0');
      for (const row of readFileSync('/proc/net/tcp', 'latin1').split('\n').slice(1)) {
        const f = row.trim().split(/\s+/);
        if (f[1]?.endsWith(`:${hex(s.port)}`) && f[2]?.endsWith(`:${hex(clientPort)}`)) {
          const [kind, when] = f[5]!.split(':');
          return [kind!, parseInt(when!, 16)];
        }
      }
      return null;
    };
    const a = await rawConnect({ host: '127.0.0.1', port: s.port });
    // Timer kind 02 is keepalive; its remaining time (clock ticks, 100/s) is at most 7 s.
    const t = await waitFor(() => {
      const r = timerOf(a.sock.localPort!);
      return r && r[0] === '02' ? r : null;
    }, { what: 'keepalive timer' });
    expect(t[1]).toBeGreaterThan(0);
    expect(t[1]).toBeLessThanOrEqual(700);

    await admin.call('CONFIG', 'SET', 'tcp-keepalive', '0');
    const b = await rawConnect({ host: '127.0.0.1', port: s.port });
    await waitFor(() => timerOf(b.sock.localPort!)?.[0] === '00', { what: 'no timer without keepalive' });
    a.sock.destroy();
    b.sock.destroy();
  });
});

// --- INFO server -----------------------------------------------------------------------------

describe('INFO server', () => {
  it('reports the Redis version, our version, pid, bound port, executable and absolute config path', async () => {
    const s: ServerProcess = await startRctlServer({ conf: 'save ""\n' });
    const c = await s.client();
    expect(await infoField(c, 'server', 'redis_version')).toBe('7.0.15');
    expect(await infoField(c, 'server', 'rctl_version')).toBe(PKG_VERSION);
    expect(await infoField(c, 'server', 'process_id')).toBe(String(s.pid));
    expect(await infoField(c, 'server', 'tcp_port')).toBe(String(s.port));
    expect(await infoField(c, 'server', 'executable')).toBe(SERVER_BIN);
    expect(await infoField(c, 'server', 'config_file')).toBe(join(s.dir, 'node.conf'));
  });

});
