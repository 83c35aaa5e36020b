// Keyspace notifications (notify.c, Redis 7.0): a change to a key is published on
// `__keyspace@<db>__:<key>` (message: the event) and `__keyevent@<db>__:<event>`
// (message: the key), per the classes enabled by notify-keyspace-events.

import {
  NOTIFY_EVICTED,
  NOTIFY_EXPIRED,
  NOTIFY_GENERIC,
  NOTIFY_HASH,
  NOTIFY_KEY_MISS,
  NOTIFY_KEYEVENT,
  NOTIFY_KEYSPACE,
  NOTIFY_LIST,
  NOTIFY_NEW,
  NOTIFY_SET,
  NOTIFY_STRING,
  NOTIFY_ZSET,
} from './config/store.js';
import { publishMessage } from './pubsub.js';
import type { ServerState } from './state.js';

export {
  NOTIFY_EVICTED,
  NOTIFY_EXPIRED,
  NOTIFY_GENERIC,
  NOTIFY_HASH,
  NOTIFY_KEY_MISS,
  NOTIFY_LIST,
  NOTIFY_NEW,
  NOTIFY_SET,
  NOTIFY_STRING,
  NOTIFY_ZSET,
};

/**
 * notifyKeyspaceEvent: publishes `event` for `key` of database `dbid` when its class
 * (`type`, one NOTIFY_* bit) is enabled. This runs on every write, so with notifications
 * off it costs one integer test; the publishing is kept out of line so this stays small
 * enough to inline at call sites.
 */
export function notifyKeyspaceEvent(s: ServerState, type: number, event: string, key: string, dbid: number): void {
  if ((s.config.notifyKeyspaceEvents & type) === 0) return;
  publishEvent(s, event, key, dbid);
}

/**
 * The class is enabled: K and E each add a channel. Keyspace comes first, as in Redis,
 * so a subscriber to both sees `__keyspace@...` before `__keyevent@...`. A class enabled
 * without K or E publishes nothing (Redis accepts such settings too).
 */
function publishEvent(s: ServerState, event: string, key: string, dbid: number): void {
  const flags = s.config.notifyKeyspaceEvents;
  if (flags & NOTIFY_KEYSPACE) publishMessage(s, `__keyspace@${dbid}__:${key}`, event, 'global');
  if (flags & NOTIFY_KEYEVENT) publishMessage(s, `__keyevent@${dbid}__:${event}`, key, 'global');
}
