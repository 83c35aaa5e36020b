// Starts a configured server and owns its life cycle (server.c main, initServer,
// prepareForShutdown): banner and log lines as Redis writes them, pidfile, signals,
// cron, and the orderly shutdown path shared by SIGTERM and the SHUTDOWN command.

import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import type { ConfigStore } from './config/store.js';
import { ListenError, startListening, type Listening } from './server.js';
import { ServerState } from './state.js';
import { RCTL_VERSION, REDIS_VERSION } from './version.js';
import { installSubsystems, runShutdownHooks } from './subsystems.js';
import './keyspace/expire.js';
import './persistence/subsystem.js';
import './replication/subsystem.js';
import type { LogLevel } from './log.js';

export interface StartOptions {
  configFile: string | null;
  unsupported: string[];
}

let current: { state: ServerState; listening: Listening | null } | null = null;

/** Starts the server; resolves with an exit code only when startup fails. */
export async function startServer(store: ConfigStore, opts: StartOptions): Promise<number> {
  const dir = store.str('dir');
  if (dir) {
    try {
      if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
      process.chdir(dir);
    } catch (e) {
      process.stderr.write(`Can't chdir to '${dir}': ${(e as Error).message}\n`);
      return 1;
    }
  }
  const s = new ServerState(undefined, store);
  s.log.file = store.str('logfile');
  s.log.level = store.str('loglevel') as LogLevel;
  store.onChange((name, v) => {
    if (name === 'loglevel') s.log.level = v as LogLevel;
  });
  current = { state: s, listening: null };

  s.log.notice('oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
  s.log.notice(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started (rctl-server ${RCTL_VERSION})`);
  if (opts.configFile === null) {
    s.log.warning('Warning: no config file specified, using the default config. In order to specify a config file use rctl-server /path/to/redis.conf');
  } else {
    s.log.notice('Configuration loaded');
  }
  for (const name of opts.unsupported) s.log.warning(`Directive '${name}' is accepted but not supported by rctl-server; it is kept for CONFIG GET only.`);

  let listening: Listening;
  try {
    listening = await startListening(s);
  } catch (e) {
    if (e instanceof ListenError) {
      s.log.warning(e.message);
      return 1;
    }
    throw e;
  }
  current.listening = listening;
  if (store.bool('always-show-logo')) {
    s.log.raw(`                rctl-server ${RCTL_VERSION} (Redis ${REDIS_VERSION} compatible) 64 bit\n                Running in standalone mode\n                Port: ${listening.port}\n                PID: ${process.pid}\n\n`);
  }
  s.log.notice(`Running mode=standalone, port=${listening.port}.`);
  const pidfile = store.str('pidfile');
  if (pidfile) {
    try {
      writeFileSync(pidfile, `${process.pid}\n`);
    } catch (e) {
      s.log.warning(`Failed to write PID file: ${(e as Error).message}`);
    }
  }
  s.log.notice('Server initialized');
  const loaded = await installSubsystems(s, listening);
  if (loaded !== 0) return loaded;
  s.log.notice(`Ready to accept connections tcp`);

  const onSignal = (sig: string): void => {
    if (s.shuttingDown) {
      s.log.warning(`You insist... exiting now.`);
      removePidfile(s);
      process.exit(1);
    }
    s.log.warning(`Received ${sig} scheduling shutdown...`);
    void shutdown(s, { save: null, now: false, force: false, signal: true });
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  return 0;
}

function removePidfile(s: ServerState): void {
  const pidfile = s.config.str('pidfile');
  if (!pidfile) return;
  s.log.notice('Removing the pid file.');
  try {
    unlinkSync(pidfile);
  } catch {
    // Already gone.
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
 * (a failed save without FORCE); otherwise the process exits.
 */
export async function shutdown(s: ServerState, opts: ShutdownOptions): Promise<string | null> {
  s.shuttingDown = true;
  s.log.warning('User requested shutdown...');
  const err = await runShutdownHooks(s, opts);
  if (err !== null && !opts.force) {
    s.shuttingDown = false;
    s.log.warning('Errors trying to shut down the server. Check the logs for more information.');
    return err;
  }
  removePidfile(s);
  // Closing a listener waits for its connections: drop them first (the SHUTDOWN caller too).
  s.flushWrites();
  for (const c of s.clients.values()) c.conn.destroy();
  if (current?.listening) void current.listening.close().catch(() => {});
  s.log.warning(`Redis is now ready to exit, bye bye...`);
  s.flushWrites();
  process.exit(0);
}
