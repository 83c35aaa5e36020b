// `npm run bench [-- --quick] [-- suite ...]`: every benchmark, each printing ratios
// against a real redis-server measured in the same run. Needs redis-server and
// redis-benchmark (Debian: redis-server, redis-tools).

import { cliSuite } from './cli.js';
import { haveBinary } from './lib.js';
import { persistenceSuite } from './persistence.js';
import { replicationSuite } from './replication.js';
import { throughputSuite } from './throughput.js';

const SUITES: Record<string, (quick: boolean) => Promise<void>> = {
  throughput: throughputSuite,
  persistence: persistenceSuite,
  replication: replicationSuite,
  cli: cliSuite,
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const names = args.filter((a) => !a.startsWith('--'));
  for (const bin of ['redis-server', 'redis-benchmark']) {
    if (!haveBinary(bin)) {
      console.error(`bench: ${bin} not found on PATH; install Debian's redis-server and redis-tools`);
      process.exit(2);
    }
  }
  const chosen = names.length > 0 ? names : Object.keys(SUITES);
  for (const name of chosen) {
    const suite = SUITES[name];
    if (!suite) {
      console.error(`bench: unknown suite '${name}' (known: ${Object.keys(SUITES).join(', ')})`);
      process.exit(2);
    }
    await suite(quick);
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
