// Wires the subsystems (expiry cron, persistence, replication ...) into a started server
// and runs their shutdown steps in order. Each subsystem registers itself here.

import type { Listening } from './server.js';
import type { ServerState } from './state.js';
import type { ShutdownOptions } from './startup.js';

/** A subsystem's start hook; a non-zero result aborts startup with that exit code. */
export type StartHook = (s: ServerState, l: Listening) => Promise<number> | number;
/** A shutdown step; returns an error text to refuse the shutdown (e.g. a failed save). */
export type ShutdownHook = (s: ServerState, opts: ShutdownOptions) => Promise<string | null> | string | null;

const startHooks: Array<{ order: number; hook: StartHook }> = [];
const shutdownHooks: Array<{ order: number; hook: ShutdownHook }> = [];

/** When each subsystem starts: data must be loaded before replication looks at it. */
export const START_ORDER = { expire: 10, persistence: 20, replication: 30 } as const;

/**
 * Registers a subsystem. Start hooks run by `order` (START_ORDER), whatever the order
 * in which modules happened to be imported; shutdown steps in the reverse order (replicas
 * catch up before the final save).
 */
export function registerSubsystem(start: StartHook | null, stop: ShutdownHook | null = null, order = 50): void {
  if (start) {
    startHooks.push({ order, hook: start });
    startHooks.sort((a, b) => a.order - b.order);
  }
  if (stop) {
    shutdownHooks.push({ order, hook: stop });
    shutdownHooks.sort((a, b) => b.order - a.order);
  }
}

export async function installSubsystems(s: ServerState, l: Listening): Promise<number> {
  for (const { hook: h } of startHooks) {
    const code = await h(s, l);
    if (code !== 0) return code;
  }
  return 0;
}

export async function runShutdownHooks(s: ServerState, opts: ShutdownOptions): Promise<string | null> {
  for (const { hook: h } of shutdownHooks) {
    const err = await h(s, opts);
    if (err !== null) return err;
  }
  return null;
}
