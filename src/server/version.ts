// Versions the server reports: the Redis version it is faithful to (clients pick
// features from INFO's redis_version) and rctl's own, read from package.json.

import { readFileSync } from 'node:fs';

/** The Redis release whose behaviour and wire format we match. */
export const REDIS_VERSION = '7.0.15';
/** RDB format version we write (Redis 7.0). */
export const RDB_WRITE_VERSION = 10;

function readOwnVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** rctl's package version (INFO server rctl_version). */
export const RCTL_VERSION = readOwnVersion();
