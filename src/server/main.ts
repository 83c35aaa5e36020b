// rctl-server entry: argv and conf file -> ConfigStore -> startServer(). Same calling
// convention as redis-server: [config-file|-] [--directive value ...].

import { readFileSync } from 'node:fs';
import { ConfigFileError, formatConfigError, loadConfigText, optionsToConfText } from './config/parse-conf.js';
import { ConfigStore } from './config/store.js';
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

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=rctl-server-${RCTL_VERSION}\n`);
    return 0;
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  let configFile: string | null = null;
  let rest = argv;
  if (argv.length > 0 && !argv[0]!.startsWith('--')) {
    configFile = argv[0]!;
    rest = argv.slice(1);
  }
  let readStdin = false;
  if (rest.length > 0 && rest[rest.length - 1] === '-') {
    readStdin = true;
    rest = rest.slice(0, -1);
  }
  const store = new ConfigStore();
  let text = '';
  try {
    if (configFile === '-') text = readFileSync(0, 'latin1');
    else if (configFile !== null) text = readFileSync(configFile, 'latin1');
    if (readStdin) text += '\n' + readFileSync(0, 'latin1');
  } catch (e) {
    process.stderr.write(`Fatal error, can't open config file '${configFile}': ${(e as Error).message}\n`);
    return 1;
  }
  text += '\n' + optionsToConfText(rest);
  let unsupported: string[];
  try {
    unsupported = loadConfigText(text, store).unsupported;
  } catch (e) {
    if (e instanceof ConfigFileError) {
      process.stderr.write(formatConfigError(e, REDIS_VERSION));
      return 1;
    }
    throw e;
  }
  if (configFile !== null && configFile !== '-') {
    const { resolve } = await import('node:path');
    store.configFile = resolve(configFile);
  }
  return startServer(store, { configFile, unsupported });
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
