// Interop tests need a real redis-server (and sometimes redis-cli) on PATH. Locally they
// skip with a visible message when it is missing; in CI (CI=true) a missing binary fails.

import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatMismatches, runScript, type Step } from './differential.js';
import { cleanupAll, HAVE_REDIS, startRctlServer, startRealRedis, type ServerProcess } from './processes.js';

export function haveBinary(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const inCI = process.env.CI === 'true' || process.env.CI === '1';

/** describe() that runs only where real Redis (and the named binaries) are installed. */
export function describeInterop(name: string, fn: () => void, binaries: string[] = []): void {
  const missing = [...(HAVE_REDIS ? [] : ['redis-server']), ...binaries.filter((b) => !haveBinary(b))];
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  if (inCI) {
    describe(name, () => {
      it('has the real Redis binaries it needs', () => {
        throw new Error(`interop test "${name}" needs ${missing.join(', ')} on PATH; .ci/run installs them`);
      });
    });
    return;
  }
  console.warn(`[interop] SKIPPED "${name}": ${missing.join(', ')} not found on PATH (install redis-server/redis-tools to run it)`);
  describe.skip(name, fn);
}

/** Options for describeDifferential: extra `--directive value` words per server. */
export interface DifferentialOptions {
  redisArgs?: string[];
  oursArgs?: string[];
  /** Protocol versions each script runs under (default both). */
  resp?: Array<2 | 3>;
}

/**
 * One real redis-server and one rctl-server for the file; each script runs on fresh
 * connections after FLUSHALL, once per protocol version, and must give identical replies.
 */
export function describeDifferential(
  title: string,
  scripts: Record<string, Step[] | ((resp: 2 | 3) => Step[])>,
  opts: DifferentialOptions = {},
): void {
  describeInterop(title, () => {
    let redis: ServerProcess;
    let ours: ServerProcess;
    beforeAll(async () => {
      [redis, ours] = await Promise.all([
        startRealRedis({ args: opts.redisArgs ?? [] }),
        startRctlServer({ args: ['--enable-debug-command', 'yes', '--save', '', '--bind', '127.0.0.1', ...(opts.oursArgs ?? [])] }),
      ]);
    });
    afterAll(cleanupAll);

    for (const resp of opts.resp ?? [2, 3]) {
      for (const [name, script] of Object.entries(scripts)) {
        it(`replies identically: ${name} (RESP${resp})`, async () => {
          await runScript(redis.port, ours.port, [{ cmd: ['FLUSHALL'], ignore: true }]);
          const steps = typeof script === 'function' ? script(resp) : script;
          const mismatches = await runScript(redis.port, ours.port, steps, resp);
          expect(mismatches.length, formatMismatches(mismatches)).toBe(0);
        });
      }
    }
  });
}
