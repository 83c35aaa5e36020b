// rctl-server entry: argv and conf file -> ConfigStore -> startServer(). Same calling
// convention as redis-server 7.0 (server.c main): [config-file] [--directive value ...] [-].
// `daemonize yes` re-runs this entry detached (Node cannot fork), as Redis's daemonize().

import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lookupCommand } from './commands/table.js';
import {
  ConfigFileError,
  ConfigOpenError,
  formatConfigError,
  loadConfigText,
  parseOptions,
  readConfigFile,
  type LoadReport,
} from './config/parse-conf.js';
import { ConfigStore } from './config/store.js';
import { Logger, strerror } from './log.js';
import { startServer } from './startup.js';
import { RCTL_VERSION, REDIS_VERSION } from './version.js';

const USAGE = `Usage: rctl-server [/path/to/redis.conf] [options] [-]
       rctl-server - (read config from stdin)
       rctl-server -v or --version
       rctl-server -h or --help

Examples:
       rctl-server (run the server with default conf)
       echo 'maxmemory 128mb' | rctl-server -
       rctl-server /etc/redis/6379.conf
       rctl-server --port 7777
       rctl-server --port 7777 --replicaof 127.0.0.1 8888
       rctl-server /etc/myredis.conf --loglevel verbose -
       rctl-server /etc/myredis.conf --loglevel verbose
`;

/** Set in the detached child that `daemonize yes` starts; it must not daemonize again. */
const DAEMON_CHILD_ENV = 'RCTL_SERVER_DAEMON_CHILD';
/** The config the parent read from stdin, handed to the daemon child (base64 of its bytes). */
const DAEMON_STDIN_ENV = 'RCTL_SERVER_DAEMON_STDIN';

/** Lines written before the config (and so `logfile`) is known go to stdout, role 'C'. */
const early = new Logger();
early.role = 'C';
const earlyLog = (msg: string): void => early.warning(msg);

/**
 * daemonize(): starts this same command line detached from the terminal with its output
 * discarded, hands it the config read from stdin (in the environment: a stdin pipe from
 * Node is a socket, which cannot be read as a file), and lets the caller exit 0 at once.
 */
function daemonize(argv: string[], cwd: string, stdinText: string | null): void {
  const env: NodeJS.ProcessEnv = { ...process.env, [DAEMON_CHILD_ENV]: '1' };
  if (stdinText !== null) env[DAEMON_STDIN_ENV] = Buffer.from(stdinText, 'latin1').toString('base64');
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...argv], {
    cwd,
    detached: true,
    stdio: 'ignore',
    env,
  });
  child.unref();
}

/**
 * The config given on stdin. Read from fd 0, not /dev/stdin: a parent written in Node
 * (execa, child_process 'pipe') hands a socket, which cannot be opened by path.
 */
function readStdinText(): string {
  try {
    return readFileSync(0, 'latin1');
  } catch (e) {
    throw new ConfigOpenError('stdin', strerror(e));
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=rctl-server-${RCTL_VERSION}\n`);
    return 0;
  }
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stderr.write(USAGE);
    return 1;
  }
  // A first argument not starting with '-' is the config file, kept as an absolute path
  // (a `dir` line changes the working directory while the file is read).
  const cwd = process.cwd();
  let configFile: string | null = null;
  let rest = argv;
  if (argv.length > 0 && !argv[0]!.startsWith('-')) {
    configFile = resolve(argv[0]!);
    rest = argv.slice(1);
  }
  const { options, readStdin } = parseOptions(rest);

  const store = new ConfigStore({ live: true });
  store.configFile = configFile;
  let report: LoadReport;
  let stdinText: string | null = null;
  try {
    let text = configFile !== null ? readConfigFile(configFile) : '';
    if (readStdin) {
      earlyLog('Reading config from stdin');
      const handed = process.env[DAEMON_STDIN_ENV];
      stdinText = handed !== undefined ? Buffer.from(handed, 'base64').toString('latin1') : readStdinText();
      text += stdinText;
    }
    text += '\n' + options;
    report = loadConfigText(text, store, { commandExists: (name) => lookupCommand(name) !== undefined });
  } catch (e) {
    if (e instanceof ConfigOpenError) {
      earlyLog(e.message);
      return 1;
    }
    if (e instanceof ConfigFileError) {
      // Conf text is bytes (latin1); write them back unchanged.
      process.stderr.write(Buffer.from(formatConfigError(e, REDIS_VERSION), 'latin1'));
      return 1;
    }
    throw e;
  }
  if (report.moduleConfigs.length > 0 && report.loadmodules === 0) {
    earlyLog('Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting');
    return 1;
  }
  const daemonized = process.env[DAEMON_CHILD_ENV] === '1';
  delete process.env[DAEMON_CHILD_ENV];
  delete process.env[DAEMON_STDIN_ENV];
  if (store.bool('daemonize') && !daemonized) {
    daemonize(argv, cwd, stdinText);
    return 0;
  }
  return startServer(store, { configFile, unsupported: report.unsupported, noArgs: argv.length === 0, daemonized });
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (e: unknown) => {
    process.stderr.write(`rctl-server: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
