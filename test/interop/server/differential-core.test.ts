// Same scripts to real redis-server 7.0 and to rctl-server; raw replies must be identical.
// Connection, transactions, pub/sub and server commands, in RESP2 and RESP3.
// Strings and bits are in differential-strings, key commands in differential-keys.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, expect, it } from 'vitest';
import { commandInfoCanonical, fieldNames, formatMismatches, parseRaw, runScript, type Step } from '../../helpers/differential.js';
import { familySpecs } from '../../../src/server/commands/families.js';
import { describeDifferential, describeInterop } from '../../helpers/interop.js';
import { cleanupAll, startRctlServer, startRealRedis, type ServerProcess } from '../../helpers/processes.js';

/** Replies that differ by value between any two servers (ids, clocks): compare the shape. */
const shape = (cmd: string[]): Step => ({ cmd, order: 'shape' });

/** CLIENT LIST lines reduced to the fields that describe state, not identity or memory. */
function clientStates(raw: string): string {
  return raw
    .replace(/^[$=]\d+\r\n(txt:)?/, '')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) =>
      l
        .split(' ')
        .filter((f) => /^(name|flags|db|sub|psub|ssub|multi|watch|cmd|user|resp)=/.test(f))
        .join(' '),
    )
    .join('\n');
}

/** MONITOR lines without the timestamp and the client's address. */
const monitorLine = (raw: string): string => raw.replace(/^\+\d+\.\d+ \[(\d+) [^\]]+\]/, '+<time> [$1 <addr>]');

const block = (conn: number, cmd: string[]): Step => ({ cmd, conn, replies: 0 });

/** INFO clients counters that a script determines. */
const clientCounters = (r: string): string =>
  r
    .split('\r\n')
    .filter((l) => /^(connected|blocked|tracking)_clients|clients_in_timeout_table/.test(l))
    .join('\n');

/**
 * INFO: the field names and their order must match; values are per process. Commandstats
 * and errorstats follow a dict's order in Redis, so those lines are sorted. rctl adds one
 * field, rctl_version, at the end of Server.
 */
function infoFieldNames(raw: string): string {
  const lines = raw
    .split('\r\n')
    .slice(1)
    .map((l) => l.replace(/:.*/, ''))
    .filter((l) => l !== 'rctl_version');
  const stats = lines.filter((l) => l.startsWith('cmdstat_') || l.startsWith('errorstat_')).sort();
  return [...lines.filter((l) => !l.startsWith('cmdstat_') && !l.startsWith('errorstat_')), ...stats].join('\n');
}

/** Counters of INFO stats that a script determines (not timings, bytes or rates). */
function statCounters(raw: string): string {
  const keep = /^(total_commands_processed|keyspace_hits|keyspace_misses|expired_keys|evicted_keys|total_error_replies|unexpected_error_replies|pubsub_channels|pubsub_patterns|rejected_connections|sync_full|total_connections_received):/;
  return raw
    .split('\r\n')
    .filter((l) => keep.test(l))
    .join('\n');
}

/** INFO commandstats without the timings, sorted (dict order in Redis). */
function commandCounts(raw: string): string {
  return raw
    .split('\r\n')
    .filter((l) => l.startsWith('cmdstat_'))
    .map((l) => l.replace(/usec=\d+,usec_per_call=[\d.]+,/, ''))
    .sort()
    .join('\n');
}

/** INFO errorstats lines, sorted. */
const errorCounts = (raw: string): string =>
  raw
    .split('\r\n')
    .filter((l) => l.startsWith('errorstat_'))
    .sort()
    .join('\n');

/**
 * SLOWLOG GET without time, duration and client address, and ids only relative: ids count
 * from server start, and anything slower than the default 10 ms was logged before.
 */
function slowlogEntries(raw: string): string {
  const entries = parseRaw(raw).items;
  const first = Number(entries[0]?.items[0]?.raw.slice(1, -2) ?? 0);
  return entries.map((e) => [first - Number(e.items[0]!.raw.slice(1, -2)), e.items[3]!.raw, e.items[5]!.raw].join('')).join('|');
}

/** DEBUG OBJECT without the address and LRU clock (per process). */
const debugObject = (r: string): string => r.replace(/at:0x[0-9a-f]+/, 'at:').replace(/lru:\d+ lru_seconds_idle:\d+/, 'lru');

/**
 * COMMAND DOCS: rctl's summaries are its own words and it documents no arguments, so only
 * the commands, their since and group fields are compared.
 */
function docsSkeleton(raw: string): string {
  const n = parseRaw(raw);
  const out: string[] = [];
  for (let i = 0; i + 1 < n.items.length; i += 2) {
    const doc = n.items[i + 1]!;
    const fields: string[] = [];
    for (let j = 0; j + 1 < doc.items.length; j += 2) {
      const k = doc.items[j]!.raw;
      if (k.includes('since') || k.includes('group')) fields.push(k + doc.items[j + 1]!.raw);
    }
    out.push(n.items[i]!.raw + fields.join(''));
  }
  return out.sort().join('|');
}

const connection: Step[] = [
  ['PING'],
  ['PING', 'hello'],
  ['PING', 'a', 'b'],
  ['ECHO', 'x'],
  ['ECHO', ''],
  ['ECHO'],
  ['ECHO', 'a', 'b'],
  ['SELECT', '1'],
  ['SELECT', '0'],
  ['SELECT', '15'],
  ['SELECT', '16'],
  ['SELECT', '-1'],
  ['SELECT', '99'],
  ['SELECT', 'x'],
  ['SELECT', '0'],
  ['NOSUCHCOMMAND', 'a', 'b'],
  ['nosuchcommand'],
  ['NOSUCH', 'x'.repeat(200)],
  ['CLIENT'],
  ['CLIENT', 'NOSUCH'],
  ['CLIENT', 'HELP'],
  ['CLIENT', 'SETNAME', 'my name'],
  ['CLIENT', 'SETNAME', 'new\nline'],
  ['CLIENT', 'GETNAME'],
  ['CLIENT', 'SETNAME', 'differential'],
  ['CLIENT', 'GETNAME'],
  ['CLIENT', 'SETNAME', ''],
  ['CLIENT', 'GETNAME'],
  ['CLIENT', 'SETNAME'],
  ['CLIENT', 'SETNAME', 'differential'],
  shape(['CLIENT', 'ID']),
  { cmd: ['CLIENT', 'INFO'], normalize: fieldNames },
  { cmd: ['CLIENT', 'LIST'], normalize: fieldNames },
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'normal'], normalize: fieldNames },
  ['CLIENT', 'LIST', 'TYPE', 'pubsub'],
  ['CLIENT', 'LIST', 'TYPE', 'bogus'],
  ['CLIENT', 'LIST', 'ID', 'x'],
  ['CLIENT', 'LIST', 'ID', '999999'],
  ['CLIENT', 'LIST', 'BOGUS'],
  ['CLIENT', 'GETREDIR'],
  ['CLIENT', 'KILL', '1.2.3.4:5'],
  ['CLIENT', 'KILL', 'ID', '999999'],
  ['CLIENT', 'KILL', 'ID', 'x'],
  ['CLIENT', 'KILL', 'ADDR', '1.2.3.4:5'],
  ['CLIENT', 'KILL', 'TYPE', 'bogus'],
  ['CLIENT', 'KILL', 'BOGUS', 'x'],
  ['CLIENT', 'KILL', 'SKIPME', 'maybe'],
  ['CLIENT', 'KILL', 'ID'],
  ['CLIENT', 'PAUSE', 'x'],
  ['CLIENT', 'PAUSE', '-1'],
  ['CLIENT', 'PAUSE', '0', 'BOGUS'],
  ['CLIENT', 'PAUSE', '0', 'WRITE'],
  ['CLIENT', 'PAUSE', '0'],
  ['CLIENT', 'UNPAUSE'],
  ['CLIENT', 'UNPAUSE', 'x'],
  ['CLIENT', 'REPLY', 'ON'],
  ['CLIENT', 'REPLY', 'bogus'],
  ['CLIENT', 'NO-EVICT', 'on'],
  ['CLIENT', 'NO-EVICT', 'off'],
  ['CLIENT', 'NO-EVICT', 'maybe'],
  // CLIENT SETINFO arrived in Redis 7.2; the issue asks for it (clients send it on connect),
  // so rctl answers +OK where 7.0.15 has no such subcommand.
  { cmd: ['CLIENT', 'SETINFO', 'LIB-NAME', 'difflib'], ignore: true },
  ['HELLO'],
  ['HELLO', '4'],
  ['HELLO', '1'],
  ['HELLO', 'x'],
  ['HELLO', '2', 'BOGUS'],
  ['HELLO', '2', 'AUTH', 'default'],
  ['HELLO', '2', 'AUTH', 'default', 'pw'],
  ['HELLO', '2', 'AUTH', 'nobody', 'pw'],
  ['HELLO', '2', 'SETNAME', 'via-hello'],
  ['CLIENT', 'GETNAME'],
  ['HELLO', '2', 'SETNAME', 'bad name'],
  ['AUTH'],
  ['AUTH', 'pw'],
  ['AUTH', 'default', 'pw'],
  ['AUTH', 'nobody', 'pw'],
  ['AUTH', 'a', 'b', 'c'],
  ['SET', 'k', 'v'],
  ['SELECT', '2'],
  ['GET', 'k'],
  ['RESET'],
  ['GET', 'k'],
  ['CLIENT', 'GETNAME'],
  ['QUIT'],
];

const clientReplyModes: Step[] = [
  // SKIP and OFF do not answer themselves; SKIP silences the next command, OFF everything
  // until ON, whose own +OK is the next reply.
  { cmd: ['CLIENT', 'REPLY', 'SKIP'], replies: 0 },
  { cmd: ['SET', 'skipped', '1'], replies: 0 },
  ['GET', 'skipped'],
  { cmd: ['CLIENT', 'REPLY', 'OFF'], replies: 0 },
  { cmd: ['SET', 'silent', '1'], replies: 0 },
  { cmd: ['PING'], replies: 0 },
  ['CLIENT', 'REPLY', 'ON'],
  ['GET', 'silent'],
];

/** requirepass set on the running servers; restored at the end. */
const auth: Step[] = [
  ['CONFIG', 'SET', 'requirepass', 'secret'],
  // The connection that set it stays authenticated; new ones are not.
  ['PING'],
  { cmd: ['PING'], conn: 1 },
  { cmd: ['GET', 'k'], conn: 1 },
  { cmd: ['NOSUCH'], conn: 1 },
  { cmd: ['GET'], conn: 1 },
  { cmd: ['CLIENT', 'SETNAME', 'x'], conn: 1 },
  { cmd: ['SELECT', '1'], conn: 1 },
  { cmd: ['MULTI'], conn: 1 },
  { cmd: ['AUTH', 'wrong'], conn: 1 },
  { cmd: ['AUTH', 'default', 'wrong'], conn: 1 },
  { cmd: ['AUTH', 'nobody', 'secret'], conn: 1 },
  { cmd: ['AUTH', 'secret'], conn: 1 },
  { cmd: ['GET', 'k'], conn: 1 },
  { cmd: ['AUTH', 'default', 'secret'], conn: 1 },
  { cmd: ['HELLO', '2', 'AUTH', 'default', 'wrong'], conn: 2 },
  { cmd: ['HELLO', '2'], conn: 2 },
  { cmd: ['HELLO', '2', 'AUTH', 'default', 'secret', 'SETNAME', 'authed'], conn: 2 },
  { cmd: ['CLIENT', 'GETNAME'], conn: 2 },
  { cmd: ['HELLO', '3', 'AUTH', 'default'], conn: 3 },
  { cmd: ['QUIT'], conn: 3 },
  // A password removed again lets unauthenticated connections in.
  ['CONFIG', 'SET', 'requirepass', ''],
  { cmd: ['PING'], conn: 4 },
  ['AUTH', 'secret'],
];

const stats: Step[] = [
  ['CONFIG', 'RESETSTAT'],
  ['SET', 'k', 'v'],
  ['GET', 'k'],
  ['GET', 'nokey'],
  ['MGET', 'k', 'nokey', 'k'],
  ['EXISTS', 'k', 'nokey'],
  ['LPUSH', 'k', 'x'],
  ['INCR', 'k'],
  ['GET'],
  ['NOSUCH'],
  ['CLIENT', 'NOSUCH'],
  ['SET', 'k', 'v', 'BOGUS'],
  ['HSET', 'h', 'f', 'v'],
  ['HGET', 'h', 'f'],
  ['HGET', 'h', 'nof'],
  ['TYPE', 'k'],
  ['TTL', 'nokey'],
  ['SET', 'e', 'v', 'PX', '1'],
  { cmd: ['DEBUG', 'SLEEP', '0.01'], ignore: true },
  ['GET', 'e'],
  ['MULTI'],
  ['INCR', 'k'],
  ['NOSUCH'],
  ['EXEC'],
  ['MULTI'],
  ['INCR', 'k'],
  ['EXEC'],
  ['SUBSCRIBE', 'a'],
  ['PSUBSCRIBE', 'b*'],
  { cmd: ['INFO', 'stats'], normalize: statCounters, conn: 1 },
  { cmd: ['INFO', 'commandstats'], normalize: commandCounts, conn: 1 },
  { cmd: ['INFO', 'errorstats'], normalize: errorCounts, conn: 1 },
  { cmd: ['CONFIG', 'RESETSTAT'], conn: 1 },
  { cmd: ['INFO', 'commandstats'], normalize: commandCounts, conn: 1 },
  { cmd: ['INFO', 'errorstats'], conn: 1 },
];

const pause: Step[] = [
  ['SET', 'x', 'before'],
  ['CLIENT', 'PAUSE', '5000', 'WRITE'],
  // Reads pass; writes wait (and show as blocked) until UNPAUSE.
  { cmd: ['GET', 'x'], conn: 1 },
  block(1, ['SET', 'x', 'during']),
  { cmd: ['INFO', 'clients'], until: /blocked_clients:1\r\n/ },
  { cmd: ['INFO', 'clients'], normalize: clientCounters },
  { cmd: ['CLIENT', 'LIST'], normalize: clientStates },
  ['GET', 'x'],
  { cmd: ['EXPIRE', 'x', '100'], conn: 2, replies: 0 },
  { cmd: ['PING'], conn: 3 },
  { cmd: ['PUBLISH', 'ch', 'm'], conn: 3, replies: 0 },
  ['CLIENT', 'UNPAUSE'],
  { read: 1, conn: 1 },
  { read: 1, conn: 2 },
  { read: 1, conn: 3 },
  ['GET', 'x'],
  ['TTL', 'x'],
  // ALL holds every command of normal clients, reads and the caller's own too.
  ['CLIENT', 'PAUSE', '200', 'ALL'],
  block(1, ['GET', 'x']),
  { read: 1, conn: 1 },
  ['PING'],
  // A short pause expires by itself.
  ['CLIENT', 'PAUSE', '50'],
  block(1, ['INCR', 'n']),
  { read: 1, conn: 1 },
];

const transactions: Step[] = [
  ['MULTI'],
  ['SET', 't', '1'],
  ['INCR', 't'],
  ['GET', 't'],
  ['EXEC'],
  ['EXEC'],
  ['DISCARD'],
  ['MULTI'],
  ['MULTI'],
  ['SET', 't'],
  ['EXEC'],
  ['MULTI'],
  ['NOSUCH', 'x'],
  ['EXEC'],
  ['MULTI'],
  ['WATCH', 't'],
  ['UNWATCH'],
  ['DISCARD'],
  ['WATCH'],
  ['WATCH', 't'],
  ['MULTI'],
  ['INCR', 't'],
  ['EXEC'],
  ['UNWATCH'],
  ['MULTI'],
  ['LPUSH', 't', 'x'],
  ['GET', 't'],
  ['INCR', 'nonnum'],
  ['SET', 'nonnum', 'abc'],
  ['INCR', 'nonnum'],
  ['EXEC'],
  ['MULTI'],
  ['EXEC', 'extra'],
  ['PING'],
  ['ECHO', 'queued'],
  ['SELECT', '1'],
  ['SET', 'in1', 'x'],
  ['SELECT', '0'],
  ['EXEC'],
  ['EXISTS', 'in1'],
  ['MULTI'],
  ['SUBSCRIBE', 'ch'],
  ['DISCARD'],
  ['MULTI'],
  ['DISCARD', 'x'],
  ['DISCARD'],
  ['MULTI'],
  ['SET', 'k', 'v'],
  ['DISCARD'],
  ['EXISTS', 'k'],
  // Another client touches a watched key: EXEC aborts with a null array.
  ['WATCH', 'w'],
  { cmd: ['SET', 'w', 'other'], conn: 1 },
  ['MULTI'],
  ['SET', 'w', 'mine'],
  ['EXEC'],
  ['GET', 'w'],
  // A watched key that is written with the same value still aborts.
  ['WATCH', 'w'],
  { cmd: ['SET', 'w', 'mine'], conn: 1 },
  ['MULTI'],
  ['PING'],
  ['EXEC'],
  // Watching a missing key that another client creates and deletes.
  ['WATCH', 'gone'],
  { cmd: ['SET', 'gone', '1'], conn: 1 },
  { cmd: ['DEL', 'gone'], conn: 1 },
  ['MULTI'],
  ['PING'],
  ['EXEC'],
  // FLUSHALL touches every watched key that existed.
  ['SET', 'f', '1'],
  ['WATCH', 'f'],
  { cmd: ['FLUSHDB'], conn: 1 },
  ['MULTI'],
  ['PING'],
  ['EXEC'],
  // EXPIRE of a watched key is a write; watching in another db does not interfere.
  ['SET', 'e', '1'],
  ['WATCH', 'e'],
  { cmd: ['SELECT', '1'], conn: 1 },
  { cmd: ['SET', 'e', '2'], conn: 1 },
  ['MULTI'],
  ['GET', 'e'],
  ['EXEC'],
  ['WATCH', 'e'],
  { cmd: ['SELECT', '0'], conn: 1 },
  { cmd: ['EXPIRE', 'e', '100'], conn: 1 },
  ['MULTI'],
  ['TTL', 'e'],
  ['EXEC'],
  ['MULTI'],
  ['WATCH', 'x'],
  ['EXEC'],
  ['MULTI'],
  ['SET', 'a', '1'],
  ['RESET'],
  ['EXEC'],
];

const pubsub: Step[] = [
  { cmd: ['SUBSCRIBE', 'a', 'b'], replies: 2 },
  { cmd: ['PUBLISH', 'a', 'hello'], conn: 1 },
  { read: 1 },
  { cmd: ['PUBLISH', 'nobody', 'x'], conn: 1 },
  { cmd: ['PUBSUB', 'CHANNELS'], conn: 1, unordered: true },
  { cmd: ['PUBSUB', 'CHANNELS', 'a*'], conn: 1 },
  { cmd: ['PUBSUB', 'NUMSUB', 'a', 'b', 'c'], conn: 1 },
  { cmd: ['PUBSUB', 'NUMSUB'], conn: 1 },
  { cmd: ['PUBSUB', 'NUMPAT'], conn: 1 },
  { cmd: ['PUBSUB', 'NOSUCH'], conn: 1 },
  { cmd: ['PUBSUB', 'HELP'], conn: 1 },
  { cmd: ['PUBSUB', 'NUMPAT', 'x'], conn: 1 },
  { cmd: ['PUBLISH', 'a'], conn: 1 },
  ['PSUBSCRIBE', 'h*', 'b*'],
  { read: 1 },
  { cmd: ['PUBLISH', 'hat', 'pattern'], conn: 1 },
  { read: 1 },
  // A channel subscriber hears it first, then the pattern.
  { cmd: ['PUBLISH', 'b', 'both'], conn: 1 },
  { read: 2 },
  { cmd: ['PUBLISH', 'bz', 'pattern only'], conn: 1 },
  { read: 1 },
  { cmd: ['PUBSUB', 'NUMPAT'], conn: 1 },
  ['PING'],
  ['PING', 'inside'],
  ['GET', 'x'],
  ['SET', 'x', 'y'],
  ['SUBSCRIBE', 'a'],
  ['UNSUBSCRIBE', 'a'],
  ['UNSUBSCRIBE', 'nope'],
  { cmd: ['PUNSUBSCRIBE'], replies: 2, order: 'exact' },
  ['UNSUBSCRIBE'],
  ['UNSUBSCRIBE'],
  ['PUNSUBSCRIBE'],
  ['PING'],
  ['SUBSCRIBE'],
  ['PSUBSCRIBE'],
  { cmd: ['SUBSCRIBE', 'c', 'c'], replies: 2 },
  ['RESET'],
  ['PING'],
  { cmd: ['PUBSUB', 'NUMSUB', 'c'], conn: 1 },
  // Binary-safe channels and messages.
  ['SUBSCRIBE', 'bin\x00\xff'],
  { cmd: ['PUBLISH', 'bin\x00\xff', 'm\r\n\x00'], conn: 1 },
  { read: 1 },
  ['QUIT'],
];

const server = (resp: 2 | 3): Step[] => [
  ['DBSIZE'],
  ['DBSIZE', 'x'],
  ['SET', 'a', '1'],
  ['SELECT', '3'],
  ['SET', 'b', '2'],
  ['DBSIZE'],
  ['SELECT', '0'],
  ['FLUSHDB', 'BOGUS'],
  ['FLUSHDB', 'ASYNC', 'SYNC'],
  ['FLUSHDB', 'SYNC'],
  ['DBSIZE'],
  ['FLUSHALL', 'BOGUS'],
  ['SELECT', '3'],
  ['DBSIZE'],
  ['FLUSHALL', 'ASYNC'],
  ['DBSIZE'],
  ['SELECT', '0'],
  ['SET', 's', '1'],
  ['SWAPDB', '0', '1'],
  ['DBSIZE'],
  ['SWAPDB', '0', '99'],
  ['SWAPDB', '0', 'x'],
  ['SWAPDB', '-1', '0'],
  ['SWAPDB', '1', '1'],
  ['SWAPDB', '1', '0'],
  ['GET', 's'],
  shape(['TIME']),
  ['TIME', 'x'],
  shape(['LASTSAVE']),
  ['CONFIG'],
  ['CONFIG', 'BOGUS'],
  ['CONFIG', 'GET'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['CONFIG', 'GET', 'MAXMEMORY'],
  ['CONFIG', 'GET', 'nosuch'],
  ['CONFIG', 'GET', 'repl-backlog-size'],
  // A glob walks Redis's config dict, whose order is not defined.
  { cmd: ['CONFIG', 'GET', 'hash-max-*'], order: 'pairs' },
  { cmd: ['CONFIG', 'GET', 'maxmemory', 'timeout', 'maxmemory'], order: 'pairs' },
  { cmd: ['CONFIG', 'GET', '*repl*'], order: 'pairs' },
  ['CONFIG', 'GET', 'save'],
  ['CONFIG', 'GET', 'appendonly'],
  ['CONFIG', 'GET', 'databases'],
  ['CONFIG', 'GET', 'slave-read-only'],
  ['CONFIG', 'GET', 'replica-read-only'],
  ['CONFIG', 'GET', 'bind'],
  ['CONFIG', 'GET', 'protected-mode'],
  ['CONFIG', 'GET', 'loglevel'],
  ['CONFIG', 'GET', 'maxclients'],
  ['CONFIG', 'GET', 'tcp-keepalive'],
  ['CONFIG', 'GET', 'client-output-buffer-limit'],
  ['CONFIG', 'GET', 'notify-keyspace-events'],
  ['CONFIG', 'SET', 'nosuch', 'x'],
  ['CONFIG', 'SET', 'maxmemory', 'abc'],
  ['CONFIG', 'SET', 'maxmemory', '-1'],
  ['CONFIG', 'SET', 'maxmemory', '10mb'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['CONFIG', 'SET', 'maxmemory', '0'],
  ['CONFIG', 'SET', 'daemonize', 'yes'],
  ['CONFIG', 'SET', 'timeout'],
  ['CONFIG', 'SET', 'timeout', '10', 'timeout', '20'],
  ['CONFIG', 'SET', 'timeout', '0', 'maxmemory', 'bad'],
  ['CONFIG', 'GET', 'timeout'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '64', 'set-max-intset-entries', '256'],
  ['CONFIG', 'GET', 'hash-max-ziplist-entries'],
  ['CONFIG', 'SET', 'hash-max-listpack-entries', '128', 'set-max-intset-entries', '512'],
  ['CONFIG', 'SET', 'loglevel', 'nosuch'],
  ['CONFIG', 'SET', 'loglevel', 'notice'],
  ['CONFIG', 'SET', 'appendonly', 'maybe'],
  ['CONFIG', 'SET', 'save', 'x y'],
  ['CONFIG', 'SET', 'repl-backlog-size', '0'],
  ['CONFIG', 'GET', 'repl-backlog-size'],
  ['CONFIG', 'SET', 'repl-backlog-size', '1mb'],
  ['CONFIG', 'SET', 'maxclients', '0'],
  ['CONFIG', 'SET', 'port', 'abc'],
  ['CONFIG', 'SET', 'databases', '32'],
  ['CONFIG', 'REWRITE'],
  ['CONFIG', 'REWRITE', 'x'],
  ['CONFIG', 'RESETSTAT'],
  ['CONFIG', 'RESETSTAT', 'x'],
  ['CONFIG', 'HELP'],
  shape(['COMMAND', 'COUNT']),
  ['COMMAND', 'COUNT', 'x'],
  ['COMMAND', 'BOGUS'],
  ['COMMAND', 'HELP'],
  ...['get', 'set', 'del', 'incr', 'mget', 'mset', 'getex', 'expire', 'ping', 'echo', 'hello', 'auth', 'select', 'keys', 'scan', 'info', 'config', 'client', 'subscribe', 'publish', 'multi', 'exec', 'watch', 'bitfield', 'sort', 'object', 'debug', 'command', 'lcs', 'copy', 'rename', 'move', 'swapdb', 'flushall', 'time'].map(
    // CLIENT SETINFO and NO-TOUCH (7.2) are the subcommands rctl has on top of 7.0.15.
    (c): Step => ({ cmd: ['COMMAND', 'INFO', c], normalize: (r) => commandInfoCanonical(r, ['client|setinfo', 'client|no-touch']) }),
  ),
  ['COMMAND', 'INFO', 'nosuch'],
  ['COMMAND', 'INFO', 'GET', 'nosuch', 'SET'],
  ['COMMAND', 'INFO', 'config|get'],
  ['COMMAND', 'INFO', 'client|list'],
  ...['get', 'set', 'ping', 'mset', 'expire', 'client', 'object', 'config|set'].map((c): Step => ({ cmd: ['COMMAND', 'DOCS', c], normalize: docsSkeleton })),
  ['COMMAND', 'DOCS', 'nosuch'],
  ['COMMAND', 'GETKEYS', 'SET', 'a', 'b'],
  ['COMMAND', 'GETKEYS', 'MSET', 'a', '1', 'b', '2'],
  ['COMMAND', 'GETKEYS', 'GET'],
  ['COMMAND', 'GETKEYS', 'PING'],
  ['COMMAND', 'GETKEYS', 'NOSUCH', 'a'],
  ['COMMAND', 'GETKEYS', 'SORT', 'a', 'STORE', 'b'],
  ['COMMAND', 'GETKEYS', 'LCS', 'a', 'b'],
  ['COMMAND', 'GETKEYS'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'SET', 'a', 'b'],
  ['COMMAND', 'GETKEYSANDFLAGS', 'COPY', 'a', 'b'],
  // rctl has fewer commands (no streams, scripting, cluster ...): compare families it has all of.
  { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'z*'], unordered: true },
  { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'h*'], unordered: true },
  { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'list'], unordered: true },
  { cmd: ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'sortedset'], unordered: true },
  ['COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x'],
  ['COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'nosuch'],
  ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN'],
  ['COMMAND', 'LIST', 'BOGUS'],
  ['COMMAND', 'LIST', 'FILTERBY', 'BOGUS', 'x'],
  ['SHUTDOWN', 'BOGUS'],
  ['SHUTDOWN', 'ABORT'],
  ['SHUTDOWN', 'NOSAVE', 'SAVE'],
  ['SHUTDOWN', 'ABORT', 'NOW'],
  ['SLOWLOG', 'LEN', 'x'],
  // Every command is slow at threshold 0: entries are id, time, duration, argv, addr, name.
  ['CONFIG', 'SET', 'slowlog-log-slower-than', '0'],
  ['SLOWLOG', 'RESET'],
  ['CLIENT', 'SETNAME', 'slow'],
  ['SET', 'slowkey', 'x'.repeat(200)],
  ['MSET', ...Array.from({ length: 40 }, (_, i) => `a${i}`)],
  { cmd: ['SLOWLOG', 'GET', '3'], normalize: slowlogEntries },
  ['SLOWLOG', 'LEN'],
  ['CONFIG', 'SET', 'slowlog-log-slower-than', '10000'],
  ['SLOWLOG', 'RESET'],
  ['SLOWLOG', 'LEN'],
  ['SLOWLOG', 'GET'],
  ['SLOWLOG', 'GET', 'x'],
  ['SLOWLOG', 'GET', '-1'],
  ['SLOWLOG', 'BOGUS'],
  ['SLOWLOG', 'HELP'],
  ['LATENCY', 'LATEST'],
  ['LATENCY', 'HISTORY', 'command'],
  ['LATENCY', 'RESET'],
  ['LATENCY', 'HELP'],
  ['LATENCY', 'BOGUS'],
  ['LATENCY', 'HISTOGRAM', 'nosuchcommand'],
  ['DEBUG', 'BOGUS'],
  ['DEBUG', 'SLEEP', '0'],
  ['DEBUG', 'SLEEP', '0.001'],
  ['DEBUG', 'SET-ACTIVE-EXPIRE', '1'],
  ['DEBUG', 'PAUSE-CRON', '0'],
  ['DEBUG', 'LOG', 'hello from the differential test'],
  ['DEBUG', 'DIGEST'],
  ['DEBUG', 'POPULATE', '20'],
  ['DEBUG', 'POPULATE', '5', 'pfx', '10'],
  ['DEBUG', 'POPULATE', 'x'],
  ['DEBUG', 'POPULATE', '-1'],
  ['DBSIZE'],
  ['GET', 'key:3'],
  ['GET', 'pfx:2'],
  ['DEBUG', 'DIGEST'],
  ['DEBUG', 'DIGEST-VALUE', 'key:1', 'nosuch', 'pfx:4'],
  ['DEBUG', 'DIGEST-VALUE'],
  { cmd: ['DEBUG', 'OBJECT', 'key:1'], normalize: debugObject },
  ['DEBUG', 'OBJECT', 'nosuch'],
  ['SET', 'n', '12'],
  { cmd: ['DEBUG', 'OBJECT', 'n'], normalize: debugObject },
  // In RESP3 push sends the push frame and then a normal reply.
  { cmd: ['DEBUG', 'PROTOCOL', 'push'], replies: resp === 3 ? 2 : 1 },
  ...['string', 'integer', 'double', 'bignum', 'null', 'array', 'set', 'map', 'attrib', 'verbatim', 'true', 'false', 'bogus'].map(
    (t): Step => ['DEBUG', 'PROTOCOL', t],
  ),
  ['DEBUG', 'PROTOCOL'],
  ['INFO', 'keyspace'],
  ['INFO', 'nosuchsection'],
  ['INFO', 'KEYSPACE', 'keyspace'],
  ...['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'keyspace', 'errorstats', 'commandstats'].map(
    (s): Step => ({ cmd: ['INFO', s], normalize: infoFieldNames }),
  ),
  { cmd: ['INFO'], normalize: infoFieldNames },
  { cmd: ['INFO', 'default'], normalize: infoFieldNames },
  ['FLUSHALL'],
  ['INFO', 'keyspace'],
  ['DEBUG', 'DIGEST'],
  ['MONITOR', 'x'],
];

const clients: Step[] = [
  ['CLIENT', 'SETNAME', 'control'],
  { cmd: ['CLIENT', 'SETNAME', 'subscriber'], conn: 1 },
  { cmd: ['SUBSCRIBE', 'x', 'y'], conn: 1, replies: 2 },
  { cmd: ['PSUBSCRIBE', 'p*'], conn: 1 },
  { cmd: ['CLIENT', 'SETNAME', 'blocked'], conn: 2 },
  block(2, ['BLPOP', 'q', '10']),
  { cmd: ['INFO', 'clients'], until: /blocked_clients:1\r\n/ },
  { cmd: ['CLIENT', 'SETNAME', 'in-multi'], conn: 3 },
  { cmd: ['WATCH', 'w1', 'w2'], conn: 3 },
  { cmd: ['MULTI'], conn: 3 },
  { cmd: ['SET', 'a', 'b'], conn: 3 },
  { cmd: ['SELECT', '5'], conn: 3 },
  { cmd: ['CLIENT', 'LIST'], normalize: clientStates },
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'pubsub'], normalize: clientStates },
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'normal'], normalize: clientStates },
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'master'], normalize: clientStates },
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'replica'], normalize: clientStates },
  { cmd: ['CLIENT', 'INFO'], normalize: clientStates },
  { cmd: ['INFO', 'clients'], normalize: (r) => r.split('\r\n').filter((l) => /^(connected|blocked|tracking)_clients/.test(l)).join('\n') },
  ['RPUSH', 'q', 'wake'],
  { read: 1, conn: 2 },
  { cmd: ['EXEC'], conn: 3 },
  { cmd: ['CLIENT', 'LIST'], normalize: clientStates },
  // MONITOR sees other clients' commands, quoted, with db and address.
  { cmd: ['MONITOR'], conn: 4 },
  ['SET', 'mon', 'a b\x00\n"'],
  { read: 1, conn: 4, normalize: monitorLine },
  ['SELECT', '2'],
  { read: 1, conn: 4, normalize: monitorLine },
  ['GET', 'mon'],
  { read: 1, conn: 4, normalize: monitorLine },
  ['SELECT', '0'],
  { read: 1, conn: 4, normalize: monitorLine },
  // Admin commands are not shown.
  { cmd: ['CLIENT', 'LIST', 'TYPE', 'normal'], normalize: clientStates },
  ['CLIENT', 'GETNAME'],
  { read: 1, conn: 4, normalize: monitorLine },
  { cmd: ['GET', 'x'], conn: 4 },
  // Killing by type: the subscriber's connection closes.
  ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
  { read: 1, conn: 1 },
  ['CLIENT', 'KILL', 'TYPE', 'pubsub'],
  { cmd: ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'], normalize: (r) => r.replace(/\d+/, 'n') },
  { read: 1, conn: 2 },
  ['PING'],
  ['CLIENT', 'KILL', 'TYPE', 'master'],
  ['CLIENT', 'KILL', 'USER', 'nobody'],
  ['CLIENT', 'KILL', 'LADDR', '1.2.3.4:1'],
  ['CLIENT', 'KILL', 'MAXAGE', '1000000'],
  { cmd: ['CLIENT', 'LIST'], normalize: clientStates },
];

describeDifferential('differential: connection, transactions, pub/sub, server', {
  clients,
  auth,
  stats,
  pause,
  connection,
  'client reply modes': clientReplyModes,
  transactions,
  pubsub,
  server,
});

/**
 * A rewritten config file: the lines Redis keeps in place compare exactly; the block it
 * appends follows its config dict's order, so those lines compare sorted. Port and dir
 * differ between the two processes.
 */
function rewrittenConf(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/^port \d+$/, 'port <port>').replace(/^dir ".*"$/, 'dir <dir>'));
  const at = lines.indexOf('# Generated by CONFIG REWRITE');
  if (at < 0) return lines.join('\n');
  return [...lines.slice(0, at + 1), ...lines.slice(at + 1).sort()].join('\n');
}

describeInterop('differential: CONFIG REWRITE of the same file', () => {
  afterEach(cleanupAll);

  it('rewrites a config file in place as Redis does', async () => {
    const conf = [
      '# A test config',
      '# with comments',
      '',
      'maxmemory 10mb',
      'save 900 1',
      '# hash settings',
      'hash-max-listpack-entries 64',
      'slave-read-only yes',
      'loglevel notice',
      'maxmemory 11mb',
      'client-output-buffer-limit pubsub 32mb 8mb 60',
    ].join('\n');
    const args = ['--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--daemonize', 'no', '--bind', '127.0.0.1'];
    const [redis, ours] = await Promise.all([startRealRedis({ conf }), startRctlServer({ conf, args })]);
    const steps: Step[] = [
      ['CONFIG', 'SET', 'maxmemory', '20mb', 'timeout', '30'],
      ['CONFIG', 'SET', 'hash-max-ziplist-entries', '100'],
      ['CONFIG', 'SET', 'client-output-buffer-limit', 'normal 1mb 2mb 60 replica 256mb 64mb 60'],
      ['CONFIG', 'SET', 'replica-read-only', 'no'],
      ['CONFIG', 'SET', 'loglevel', 'warning'],
      ['CONFIG', 'REWRITE'],
      ['CONFIG', 'GET', 'maxmemory'],
      ['CONFIG', 'SET', 'maxmemory', '0', 'save', '60 100 300 10'],
      ['CONFIG', 'REWRITE'],
    ];
    const mismatches = await runScript(redis.port, ours.port, steps);
    expect(mismatches.length, formatMismatches(mismatches)).toBe(0);
    const read = (p: ServerProcess): string => readFileSync(join(p.dir, 'node.conf'), 'latin1');
    expect(read(redis)).toContain('# Generated by CONFIG REWRITE');
    expect(rewrittenConf(read(ours))).toBe(rewrittenConf(read(redis)));
  });
});

// Commands whose bare or padded form would change the connection or the process (or whose
// reply is per process); everything else rctl implements is probed.
const NOT_PROBED = new Set([
  'shutdown', 'quit', 'reset', 'monitor', 'multi', 'subscribe', 'psubscribe', 'ssubscribe', 'sync', 'psync',
  'replicaof', 'slaveof', 'failover', 'bgsave', 'save', 'debug', 'info', 'command', 'time', 'lastsave', 'randomkey',
  'hello', 'replconf', 'wait',
]);
const IMPLEMENTED = familySpecs()
  .map((spec) => spec.name)
  .sort();

describeDifferential('differential: every command rctl implements', {
  // COMMAND INFO carries arity, flags, key specs, ACL categories and tips.
  'COMMAND INFO': IMPLEMENTED.map((name): Step => ({ cmd: ['COMMAND', 'INFO', name], normalize: (r) => commandInfoCanonical(r, ['client|setinfo', 'client|no-touch']) })),
  // Bare (arity errors) and padded with twelve extra words (arity or syntax errors); the
  // last word is a short timeout for the blocking pops that accept the padding.
  arity: [
    ['SELECT', '9'],
    ...IMPLEMENTED.filter((n) => !NOT_PROBED.has(n)).flatMap((name): Step[] => [[name.toUpperCase()], [name.toUpperCase(), ...Array<string>(11).fill('1'), '0.001']]),
    ['FLUSHALL'],
  ],
});
