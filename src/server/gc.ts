// Moves freshly created long-lived data out of V8's young generation right after a bulk
// operation (a snapshot load, DEBUG POPULATE) while the server is busy anyway. Otherwise
// the next scavenge, triggered by some later client request, copies all of it and that
// request waits 20 ms or more: the latency a client sees during the following sync or save.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (opts?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

/** V8's gc(), obtained once; null when the runtime refuses to expose it. */
let gc: GcFunction | null | undefined;

/** Promotes everything alive in the young generation (two scavenges: survive, then tenure). */
export function tenureYoungObjects(): void {
  if (gc === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      const f: unknown = runInNewContext('gc');
      gc = typeof f === 'function' ? (f as GcFunction) : null;
    } catch {
      gc = null;
    }
  }
  if (gc === null) return;
  gc({ type: 'minor' });
  gc({ type: 'minor' });
}
