// The one source of time for expiry and timestamps. Tests swap in ManualClock to move
// time without sleeping; the server uses RealClock.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export class RealClock implements Clock {
  now(): number {
    return Date.now();
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
