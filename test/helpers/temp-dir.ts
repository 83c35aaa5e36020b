// Temp dirs for tests. One made inside a test (or its beforeEach) is removed when that test
// finishes, pass or fail, after the afterEach hooks that kill processes; one made outside a
// test (collection, beforeAll) when its file finishes, through setup.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished, TestRunner } from 'vitest';

const fileDirs = new Set<string>();

function removeDir(dir: string): void {
  // Retries cover a dying process's last write racing the removal (ENOTEMPTY).
  rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
}

/** A fresh directory under the OS temp dir, removed when the current test or file finishes. */
export function tempDir(prefix = 'rctl-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (TestRunner.getCurrentTest()) onTestFinished(() => removeDir(dir));
  else fileDirs.add(dir);
  return dir;
}

/** Removes the dirs made outside tests; an afterAll of every test file (see setup.ts). */
export function removeFileTempDirs(): void {
  for (const dir of fileDirs) removeDir(dir);
  fileDirs.clear();
}
