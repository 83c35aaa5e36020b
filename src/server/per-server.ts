// Per-server state of a subsystem: what Redis keeps in globals and C statics, kept here
// per ServerState because one process (a unit test run) may hold many servers.

import type { ServerState } from './state.js';

/** Gets a subsystem's state of a server, creating it on first use. */
export interface PerServer<T> {
  (s: ServerState): T;
  /**
   * The state if s has used the subsystem yet, without creating it: for readers that
   * have nothing to do on a fresh server (INFO counters, cleanup, periodic checks).
   */
  peek(s: ServerState): T | undefined;
}

/**
 * State a subsystem keeps per server, created by `make` on first use. The state is held
 * weakly, so it goes away with its server. `make` must not ask for the same state again.
 */
export function perServer<T>(make: (s: ServerState) => T): PerServer<T> {
  const states = new WeakMap<ServerState, T>();
  const get = (s: ServerState): T => {
    let v = states.get(s);
    if (v === undefined) {
      v = make(s);
      states.set(s, v);
    }
    return v;
  };
  return Object.assign(get, { peek: (s: ServerState): T | undefined => states.get(s) });
}
