// The README's vitest globalSetup, used by api.test.ts: one 1-master-2-replicas set on free
// ports for the whole run, torn down at the end (and killed by the watchdog if vitest dies).

import type { TestProject } from 'vitest/node';
import { up, type ReplicaSet } from 'rctl';

let set: ReplicaSet | undefined;

export async function setup(project: Pick<TestProject, 'provide'>): Promise<void> {
  set = await up('1-master-2-replicas', { port: 'auto' });
  project.provide('redis', {
    dir: set.dir,
    master: set.master.port,
    replicas: set.replicas.map((r) => r.port),
  });
}

export async function teardown(): Promise<void> {
  await set?.down();
  set = undefined;
}

declare module 'vitest' {
  export interface ProvidedContext {
    redis: { dir: string; master: number; replicas: number[] };
  }
}
