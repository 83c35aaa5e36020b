// Active expiry: the adaptive sampling of volatile keys that expire.c activeExpireCycle
// runs from serverCron (slow cycle, `hz` times a second) and beforeSleep (fast cycle),
// plus the expiry lines of INFO stats and INFO keyspace. Lazy expiry lives in keyspace.ts.

import { perServer } from '../per-server.js';
import type { ServerState } from '../state.js';
import { registerSubsystem, START_ORDER } from '../subsystems.js';
import type { Db } from './keyspace.js';

const ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP = 20;
/** Microseconds a fast cycle may run. */
const ACTIVE_EXPIRE_CYCLE_FAST_DURATION = 1000;
/** Percent of each cron period a slow cycle may use. */
const ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC = 25;
/** Percent of expired samples above which a db is sampled again in the same cycle. */
const ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE = 10;
const CRON_DBS_PER_CALL = 16;
const CONFIG_MIN_HZ = 1;
const CONFIG_MAX_HZ = 500;
/** dynamic-hz doubles hz for every this many clients (server.c). */
const MAX_CLIENTS_PER_CLOCK_TICK = 200;

/** What activeExpireCycle keeps in C statics, per server (tests run many servers). */
interface CycleState {
  /** DEBUG SET-ACTIVE-EXPIRE (server.active_expire_enabled). */
  enabled: boolean;
  /** Next db to sample; grows without bound and is used modulo the db count. */
  currentDb: number;
  /** The previous cycle stopped on its time limit: sample every db next time, run fast cycles. */
  timelimitExit: boolean;
  /** Start (µs) of the last fast cycle. */
  lastFastCycle: number;
}

const stateOf = perServer((): CycleState => ({ enabled: true, currentDb: 0, timelimitExit: false, lastFastCycle: 0 }));

/** DEBUG SET-ACTIVE-EXPIRE 0|1: turns the active cycle off or on (lazy expiry stays on). */
export function setActiveExpireEnabled(s: ServerState, on: boolean): void {
  stateOf(s).enabled = on;
}

export function isActiveExpireEnabled(s: ServerState): boolean {
  return stateOf(s).enabled;
}

/** active-expire-effort, 1..10. */
const expireEffort = (s: ServerState): number => s.config.num('active-expire-effort');

/** server.hz: the configured hz clamped to 1..500, doubled per 200 clients with dynamic-hz. */
export function effectiveHz(s: ServerState): number {
  let hz = Math.min(CONFIG_MAX_HZ, Math.max(CONFIG_MIN_HZ, s.config.num('hz')));
  if (s.config.bool('dynamic-hz')) {
    while (s.clients.size / hz > MAX_CLIENTS_PER_CLOCK_TICK) {
      hz *= 2;
      if (hz > CONFIG_MAX_HZ) {
        hz = CONFIG_MAX_HZ;
        break;
      }
    }
  }
  return hz;
}

export interface CycleOptions {
  /** A fast cycle (beforeSleep) instead of the slow one (serverCron). */
  fast?: boolean;
  /** Monotonic time in microseconds, for the time budget; tests may replace it. */
  ustime?: () => number;
}

const defaultUstime = (): number => performance.now() * 1000;

/**
 * activeExpireCycle: samples up to 20 volatile keys per db and loop, deletes the expired
 * ones (propagating DEL/UNLINK through the same hook as lazy expiry), and samples the db
 * again while more than 10% of the samples were expired, within a time budget of 25% of
 * the cron period (1 ms for a fast cycle). Resumes at the next db and at each db's
 * iterator position on the next call. Callers check master role and enablement.
 */
export function activeExpireCycle(s: ServerState, opts: CycleOptions = {}): void {
  const st = stateOf(s);
  const ustime = opts.ustime ?? defaultUstime;
  const effort = expireEffort(s) - 1;
  const keysPerLoop = ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP + Math.floor(ACTIVE_EXPIRE_CYCLE_KEYS_PER_LOOP / 4) * effort;
  const fastDuration = ACTIVE_EXPIRE_CYCLE_FAST_DURATION + Math.floor(ACTIVE_EXPIRE_CYCLE_FAST_DURATION / 4) * effort;
  const slowTimePerc = ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC + 2 * effort;
  const acceptableStale = ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE - effort;
  const start = ustime();

  // Expiring would be a write; a paused server keeps its keys until the pause ends.
  if (s.writesPaused() || s.loading) return;

  if (opts.fast) {
    // Redis compares the stale fraction (0..1) with a percentage here, so in practice
    // a fast cycle only follows a slow cycle that ran out of time.
    if (!st.timelimitExit && s.stats.expiredStalePerc < acceptableStale) return;
    if (start < st.lastFastCycle + fastDuration * 2) return;
    st.lastFastCycle = start;
  }

  const dbnum = s.dbs.length;
  let dbsPerCall = CRON_DBS_PER_CALL;
  if (dbsPerCall > dbnum || st.timelimitExit) dbsPerCall = dbnum;

  let timelimit = Math.floor((slowTimePerc * 1000000) / effectiveHz(s) / 100);
  st.timelimitExit = false;
  if (timelimit <= 0) timelimit = 1;
  if (opts.fast) timelimit = fastDuration;

  let totalSampled = 0;
  let totalExpired = 0;
  let iteration = 0;

  for (let j = 0; j < dbsPerCall && !st.timelimitExit; j++) {
    const db = s.dbs[st.currentDb % dbnum]!;
    // Advance first so a db that exhausts the budget does not starve the others.
    st.currentDb++;
    let sampled: number;
    let expired: number;
    do {
      iteration++;
      let num = db.expires.size;
      if (num === 0) {
        db.avgTtl = 0;
        break;
      }
      const now = s.clock.now();
      if (num > keysPerLoop) num = keysPerLoop;
      const r = sampleDb(s, db, now, num);
      sampled = r.sampled;
      expired = r.expired;
      totalSampled += sampled;
      totalExpired += expired;

      if (r.ttlSamples > 0) {
        // Running average: 2% weight for this sample, as db->avg_ttl in Redis.
        const avg = Math.floor(r.ttlSum / r.ttlSamples);
        if (db.avgTtl === 0) db.avgTtl = avg;
        db.avgTtl = Math.floor(db.avgTtl / 50) * 49 + Math.floor(avg / 50);
      }

      if ((iteration & 0xf) === 0) {
        const elapsed = ustime() - start;
        if (elapsed > timelimit) {
          st.timelimitExit = true;
          s.stats.expiredTimeCapReachedCount++;
          break;
        }
      }
    } while (sampled === 0 || Math.floor((expired * 100) / sampled) > acceptableStale);
  }

  const elapsed = ustime() - start;
  s.stats.expireCycleCpuMs += elapsed / 1000;

  // Estimate of logically expired keys still in memory: running average, 5% weight.
  const currentPerc = totalSampled > 0 ? totalExpired / totalSampled : 0;
  s.stats.expiredStalePerc = currentPerc * 0.05 + s.stats.expiredStalePerc * 0.95;
}

interface Sample {
  sampled: number;
  expired: number;
  ttlSum: number;
  ttlSamples: number;
}

/**
 * Visits up to `num` entries of db.expires from the db's saved iterator, wrapping to the
 * start at most once (like the expires_cursor scan), and deletes those past their time.
 */
function sampleDb(s: ServerState, db: Db, now: number, num: number): Sample {
  const out: Sample = { sampled: 0, expired: 0, ttlSum: 0, ttlSamples: 0 };
  let wrapped = false;
  while (out.sampled < num) {
    let it = db.expireCursor;
    if (it === null) it = db.expireCursor = db.expires.entries();
    const r = it.next();
    if (r.done) {
      db.expireCursor = null;
      if (wrapped) break;
      wrapped = true;
      continue;
    }
    const [key, when] = r.value;
    const ttl = when - now;
    if (now > when) {
      // Same path as lazy expiry: delete, count, invalidate WATCH, propagate DEL/UNLINK.
      db.deleteKey(key);
      db.hooks.expiredKeyDeleted(db, key);
      out.expired++;
    }
    if (ttl > 0) {
      out.ttlSum += ttl;
      out.ttlSamples++;
    }
    out.sampled++;
  }
  return out;
}

/**
 * Runs the slow cycle every 1000/hz ms while this node is a master (replicas wait for
 * their master's DELs), and fast cycles every 2 ms after a slow cycle that hit its time
 * limit. Returns a function that stops both timers.
 */
export function startActiveExpire(s: ServerState): () => void {
  let slowTimer: NodeJS.Timeout | null = null;
  let fastTimer: NodeJS.Timeout | null = null;
  let stopped = false;

  const runnable = (): boolean => stateOf(s).enabled && s.masterHost === null;

  const fastTick = (): void => {
    fastTimer = null;
    if (stopped) return;
    if (runnable()) activeExpireCycle(s, { fast: true });
    if (stateOf(s).timelimitExit) scheduleFast();
  };
  const scheduleFast = (): void => {
    if (fastTimer !== null || stopped) return;
    fastTimer = setTimeout(fastTick, 2);
    fastTimer.unref();
  };
  const slowTick = (): void => {
    slowTimer = null;
    if (stopped) return;
    if (runnable()) {
      activeExpireCycle(s);
      if (stateOf(s).timelimitExit) scheduleFast();
    }
    scheduleSlow();
  };
  const scheduleSlow = (): void => {
    slowTimer = setTimeout(slowTick, Math.max(1, Math.floor(1000 / effectiveHz(s))));
    slowTimer.unref();
  };

  scheduleSlow();
  return () => {
    stopped = true;
    if (slowTimer !== null) clearTimeout(slowTimer);
    if (fastTimer !== null) clearTimeout(fastTimer);
    slowTimer = fastTimer = null;
  };
}

/** The `# Keyspace` lines of INFO: `db<N>:keys=..,expires=..,avg_ttl=..` for non-empty dbs. */
export function infoKeyspace(s: ServerState): string {
  let out = '';
  for (const db of s.dbs) {
    const keys = db.dict.size;
    if (keys === 0) continue;
    out += `db${db.id}:keys=${keys},expires=${db.expires.size},avg_ttl=${db.avgTtl}\r\n`;
  }
  return out;
}

/**
 * The four expiry lines of INFO stats, formatted as Redis does (stale percentage with
 * two decimals, cycle time in whole milliseconds).
 */
export function infoExpireStats(s: ServerState): string {
  const st = s.stats;
  return (
    `expired_keys:${st.expiredKeys}\r\n` +
    `expired_stale_perc:${(st.expiredStalePerc * 100).toFixed(2)}\r\n` +
    `expired_time_cap_reached_count:${st.expiredTimeCapReachedCount}\r\n` +
    `expire_cycle_cpu_milliseconds:${Math.floor(st.expireCycleCpuMs)}\r\n`
  );
}

// Started with the server. The timers are unref'd, so no shutdown step is needed (and a
// refused SHUTDOWN keeps expiring keys).
registerSubsystem(
  (s) => {
    startActiveExpire(s);
    return 0;
  },
  null,
  START_ORDER.expire,
);
