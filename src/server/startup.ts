// Starts a configured server and owns its life cycle (server.c main, initServer,
// redisAsciiArt, sigShutdownHandler, prepareForShutdown/finishShutdown, clientsCron's idle
// timeout): start lines as Redis 7.0 writes them, pidfile, signals, orderly shutdown.

import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import type { ConfigStore } from './config/store.js';
import { freeClient, ListenError, startListening, type Listening } from './server.js';
import { ServerState } from './state.js';
import { REDIS_VERSION, RCTL_VERSION } from './version.js';
import { installSubsystems, runShutdownHooks } from './subsystems.js';
import './keyspace/expire.js';
import './persistence/subsystem.js';
import './replication/subsystem.js';
import { strerror, type LogLevel } from './log.js';

export interface StartOptions {
  configFile: string | null;
  unsupported: string[];
  /** Started without any argument: Redis warns that the default config is in use. */
  noArgs?: boolean;
  /** The detached child `daemonize yes` started (its pidfile defaults as Redis's). */
  daemonized?: boolean;
}

/** Redis's CONFIG_DEFAULT_PID_FILE, used when daemonized without a `pidfile`. */
const DEFAULT_DAEMON_PIDFILE = '/var/run/redis.pid';

interface Running {
  state: ServerState;
  listening: Listening | null;
  /** The pidfile written at start ('' for none); removed on a clean shutdown. */
  pidfile: string;
}

let current: Running | null = null;
/** sigShutdownHandler's shutdown_asap: a signal asked for a shutdown not yet refused. */
let signalShutdownAsap = false;
/** False until the data set is loaded: a shutdown before that must not save (it would be empty). */
let dataReady = false;

/** Starts the server; resolves with an exit code only when startup fails. */
export async function startServer(store: ConfigStore, opts: StartOptions): Promise<number> {
  const dir = store.str('dir');
  if (dir) {
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
      process.chdir(dir);
    } catch (e) {
      process.stderr.write(`Can't chdir to '${dir}': ${strerror(e)}\n`);
      return 1;
    }
  }
  const s = new ServerState(undefined, store);
  s.log.file = store.str('logfile');
  s.log.level = store.str('loglevel') as LogLevel;
  store.onChange((name, v) => {
    if (name === 'loglevel') s.log.level = v as LogLevel;
  });
  store.warn = (msg) => s.log.warning(msg);
  const run: Running = { state: s, listening: null, pidfile: '' };
  current = run;

  // Redis 7.0 writes these before initServer (role 'C', warning level).
  s.log.role = 'C';
  s.log.warning('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  s.log.warning(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started`);
  if (opts.noArgs) {
    s.log.warning('Warning: no config file specified, using the default config. In order to specify a config file use rctl-server /path/to/redis.conf');
  } else {
    s.log.warning('Configuration loaded');
  }
  for (const name of opts.unsupported) s.log.warning(`Directive '${name}' is accepted but not supported by rctl-server; it is kept for CONFIG GET only.`);
  s.log.role = store.list('replicaof').length > 0 ? 'S' : 'M';
  s.log.notice('monotonic clock: POSIX clock_gettime');
  // Installed before anything is announced (initServer's setupSignalHandlers): a supervisor
  // may signal as soon as it reads a start line, and Node's default would kill us uncleanly.
  process.on('SIGTERM', () => onShutdownSignal(s, 'SIGTERM'));
  process.on('SIGINT', () => onShutdownSignal(s, 'SIGINT'));

  let listening: Listening;
  try {
    listening = await startListening(s);
  } catch (e) {
    if (e instanceof ListenError) {
      if (e.message) s.log.warning(e.message);
      return 1;
    }
    throw e;
  }
  run.listening = listening;

  const pidfile = store.str('pidfile') || (opts.daemonized ? DEFAULT_DAEMON_PIDFILE : '');
  if (pidfile) {
    try {
      writeFileSync(pidfile, `${process.pid}\n`);
      run.pidfile = pidfile;
    } catch (e) {
      s.log.warning(`Failed to write PID file: ${strerror(e)}`);
    }
  }
  logStartBanner(s, listening.port);
  s.log.warning('Server initialized');
  const loaded = await installSubsystems(s, listening);
  if (loaded !== 0) return loaded;
  // The issue asks for this wording (Redis 7.2's); 7.0.15 ends the line after "connections",
  // so a tool matching either prefix finds it.
  if (listening.tcp.length > 0) s.log.notice('Ready to accept connections tcp');
  if (listening.unix) s.log.notice(`The server is now ready to accept connections at ${store.str('unixsocket')}`);
  dataReady = true;
  startClientsCron(s);
  return 0;
}

/**
 * redisAsciiArt: the logo block when `always-show-logo yes` (or logging to a terminal),
 * else one line. Both carry the bound port; supervisors read `Port:`/`PID:` from the
 * block and `port=` from the line. Both are notice level, hidden by `loglevel warning`,
 * except that with `port 0` the line is always written: it is the only place the port is told.
 */
function logStartBanner(s: ServerState, port: number): void {
  const showLogo = s.config.bool('always-show-logo') || (!s.log.file && process.stdout.isTTY === true);
  if (!showLogo || !s.log.enabled('notice')) {
    const msg = `Running mode=standalone, port=${port}.`;
    if (s.log.enabled('notice')) s.log.notice(msg);
    else if (s.config.num('port') === 0) s.log.warning(msg);
    return;
  }
  // Our own drawing; the text column matches Redis's so the same greps work.
  const art = [
    '       .--------------.',
    '      /  rctl-server  /|',
    '     /--------------/ |',
    '     |   ________   | |',
    '     |  |  RESP  |  | |',
    '     |  |________|  | /',
    "     '--------------'/",
    '',
  ];
  const text = [
    '',
    `Redis ${REDIS_VERSION} (00000000/0) 64 bit`,
    '',
    'Running in standalone mode',
    `Port: ${port}`,
    `PID: ${process.pid}`,
    '',
    `rctl-server ${RCTL_VERSION}`,
  ];
  let block = '';
  for (let i = 0; i < art.length; i++) block += `${art[i]!.padEnd(40)}${text[i]}`.trimEnd() + '\n';
  s.log.raw(block + '\n');
}

// --- signals (sigShutdownHandler) ---------------------------------------------------------

/** What a SIGTERM/SIGINT shutdown does: `shutdown-on-sigterm` / `shutdown-on-sigint` flags. */
export function signalShutdownOptions(s: ServerState, sig: 'SIGTERM' | 'SIGINT'): ShutdownOptions {
  const words = s.config.str(sig === 'SIGINT' ? 'shutdown-on-sigint' : 'shutdown-on-sigterm').split(' ');
  return {
    save: words.includes('save') ? true : words.includes('nosave') ? false : null,
    now: words.includes('now'),
    force: words.includes('force'),
    signal: true,
  };
}

/**
 * A second SIGINT while a signalled shutdown is pending exits at once with status 1 (the
 * user insists, as with a double Ctrl-C); a repeated SIGTERM only logs again.
 */
function onShutdownSignal(s: ServerState, sig: 'SIGTERM' | 'SIGINT'): void {
  if (signalShutdownAsap && sig === 'SIGINT') {
    s.log.fromHandler('You insist... exiting now.');
    removeTempRdbFiles();
    process.exit(1);
  }
  s.log.fromHandler(s.loading ? 'Received shutdown signal during loading, scheduling shutdown.' : `Received ${sig} scheduling shutdown...`);
  const first = !signalShutdownAsap;
  signalShutdownAsap = true;
  // Like serverCron, a shutdown already under way (SHUTDOWN command) is not started twice.
  if (!first || s.shuttingDown) return;
  const opts = signalShutdownOptions(s, sig);
  // prepareForShutdown never saves a data set that is not (fully) loaded.
  if (!dataReady) opts.save = false;
  void shutdown(s, opts);
}

/** rdbRemoveTempFile: a save cut short by the exit leaves no temp file behind. */
function removeTempRdbFiles(): void {
  for (const name of [`temp-${process.pid}.rdb`, `temp-bgsave-${process.pid}.rdb`]) {
    try {
      unlinkSync(name);
    } catch {
      // No save in progress.
    }
  }
}

// --- clientsCron: idle clients ------------------------------------------------------------

/** Checks at serverCron's default hz (10), so an idle client goes within a second of its limit. */
const CLIENTS_CRON_MS = 100;

function startClientsCron(s: ServerState): void {
  const timer = setInterval(() => closeIdleClients(s, Date.now()), CLIENTS_CRON_MS);
  timer.unref();
}

/**
 * clientsCronHandleTimeout: with `timeout N`, closes a client idle for more than N whole
 * seconds. Replicas, monitors, the master link, blocked or paused clients and pub/sub
 * subscribers are exempt, as in Redis.
 */
export function closeIdleClients(s: ServerState, nowMs: number): void {
  const maxIdle = s.config.num('timeout');
  if (maxIdle <= 0) return;
  const now = Math.floor(nowMs / 1000);
  for (const c of s.clients.values()) {
    if (c.isReplica || c.isMonitor || c.isMaster || c.blocked !== null || c.pendingArgv !== null || c.inPubSub) continue;
    if (now - Math.floor(c.lastInteraction / 1000) > maxIdle) {
      s.log.verbose('Closing idle client');
      freeClient(c);
    }
  }
}

// --- shutdown (prepareForShutdown / finishShutdown) ---------------------------------------

function removePidfile(s: ServerState): void {
  if (!current?.pidfile) return;
  s.log.notice('Removing the pid file.');
  try {
    unlinkSync(current.pidfile);
  } catch {
    // Already gone.
  }
}

/** closeListeningSockets(1): stop listening and remove the unix socket file. */
function closeListeners(s: ServerState): void {
  const listening = current?.listening;
  if (!listening) return;
  void listening.close().catch(() => {});
  const path = s.config.str('unixsocket');
  if (listening.unix && path) {
    s.log.notice('Removing the unix socket file.');
    try {
      unlinkSync(path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') s.log.warning(`Error removing the unix socket file: ${strerror(e)}`);
    }
  }
}

export interface ShutdownOptions {
  /** true: SAVE, false: NOSAVE, null: save only when save points are configured. */
  save: boolean | null;
  now: boolean;
  force: boolean;
  signal: boolean;
}

/**
 * prepareForShutdown + exit. Returns an error text when the shutdown was refused
 * (a failed save without FORCE); otherwise the process exits with status 0. A call while
 * a shutdown is already under way does nothing (the caller waits for the exit).
 */
export async function shutdown(s: ServerState, opts: ShutdownOptions): Promise<string | null> {
  if (s.shuttingDown) return null;
  s.shuttingDown = true;
  s.log.warning('User requested shutdown...');
  const err = await runShutdownHooks(s, opts);
  if (err !== null && !opts.force) {
    s.shuttingDown = false;
    signalShutdownAsap = false;
    s.log.warning('Errors trying to shut down the server. Check the logs for more information.');
    return err;
  }
  removePidfile(s);
  // Closing a listener waits for its connections: drop them first (the SHUTDOWN caller too).
  s.flushWrites();
  for (const c of s.clients.values()) c.conn.destroy();
  closeListeners(s);
  s.log.warning('Redis is now ready to exit, bye bye...');
  s.flushWrites();
  process.exit(0);
}
