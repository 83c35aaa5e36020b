// Interop tests need a real redis-server (and sometimes redis-cli) on PATH. Locally they
// skip with a visible message when it is missing; in CI (CI=true) a missing binary fails.

import { execFileSync } from 'node:child_process';
import { describe, it } from 'vitest';
import { HAVE_REDIS } from './processes.js';

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
