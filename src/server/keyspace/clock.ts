// The one source of time for expiry and timestamps. Tests swap in ManualClock to move
// time without sleeping; the server uses RealClock.

import { performance } from 'node:perf_hooks';

export interface Clock {
  /**
   * Milliseconds since the Unix epoch. `perfNow`, when given, is a performance.now()
   * reading the caller just took: the real clock derives the time from it.
   */
  now(perfNow?: number): number;
}

/**
 * Wall-clock time read once per second and extended with the monotonic clock in
 * between: dispatch reads the time on every command, and performance.now() is a
 * reading it needs anyway for the command's duration.
 */
export class RealClock implements Clock {
  private baseWall = 0;
  private basePerf = -Infinity;

  now(perfNow: number = performance.now()): number {
    const elapsed = perfNow - this.basePerf;
    if (elapsed >= 0 && elapsed < 1000) return Math.floor(this.baseWall + elapsed);
    const wall = Date.now();
    // Date.now() truncates: keep a carried value a few ms ahead so time never steps back
    // at a resync (a real change of the system clock still shows).
    const carried = Math.floor(this.baseWall + elapsed);
    this.baseWall = elapsed > 0 && carried > wall && carried - wall < 5 ? carried : wall;
    this.basePerf = perfNow;
    return this.baseWall;
  }
}

export class ManualClock implements Clock {
  constructor(private ms = 1_700_000_000_000) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}
