// rctl-server entry: argv and conf file -> ConfigStore -> startServer(). Same calling
// convention as redis-server 7.0 (server.c main): [config-file] [--directive value ...] [-].

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
import { formatLogTime } from './log.js';
import { startServer } from './startup.js';
import { RCTL_VERSION, REDIS_VERSION } from './version.js';

const USAGE = `Usage: rctl-server [/path/to/redis.conf] [options] [-]
       rctl-server - (read config from stdin)
       rctl-server -v or --version
       rctl-server -h or --help

Examples:
       rctl-server (run the server with default conf)
       rctl-server /etc/redis/6379.conf
       rctl-server --port 7777
       rctl-server --port 7777 --replicaof 127.0.0.1 8888
       rctl-server /etc/myredis.conf --loglevel verbose -
       rctl-server /etc/myredis.conf --loglevel verbose
`;

/** A log line written before the server's logger exists (Redis marks that phase 'C'). */
function earlyLog(msg: string): void {
  process.stdout.write(Buffer.from(`${process.pid}:C ${formatLogTime(Date.now())} # ${msg}\n`, 'latin1'));
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
  try {
    let text = configFile !== null ? readConfigFile(configFile) : '';
    if (readStdin) {
      earlyLog('Reading config from stdin');
      text += readConfigFile('/dev/stdin');
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
  return startServer(store, { configFile, unsupported: report.unsupported });
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
