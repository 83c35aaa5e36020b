// Blocking pops against real redis-server 7.0 and rctl-server with several clients per
// server: service order, wake-ups from MULTI/EXEC, RENAME and type changes, timeouts, and
// what each blocked client finally receives, in RESP2 and RESP3.

import type { Step } from '../../helpers/differential.js';
import { describeDifferential } from '../../helpers/interop.js';

/** Sends a blocking command on `conn` without waiting for its reply. */
const block = (conn: number, cmd: string[]): Step => ({ cmd, conn, replies: 0 });
/** Waits until both servers count `n` blocked clients. */
const blocked = (n: number): Step => ({ cmd: ['INFO', 'clients'], until: new RegExp(`blocked_clients:${n}\\r\\n`) });
/** The reply a blocked client got. */
const reply = (conn: number): Step => ({ read: 1, conn });

const lists: Step[] = [
  // Clients are served in the order they blocked, one element each.
  block(1, ['BLPOP', 'q', '5']),
  block(2, ['BLPOP', 'q', '5']),
  blocked(2),
  ['RPUSH', 'q', 'a', 'b', 'c'],
  reply(1),
  reply(2),
  ['LRANGE', 'q', '0', '-1'],
  // A push inside MULTI/EXEC wakes the waiter only after EXEC, with what is left then.
  block(1, ['BRPOP', 'q2', '5']),
  blocked(1),
  ['MULTI'],
  ['RPUSH', 'q2', 'x', 'y'],
  ['LPOP', 'q2'],
  ['EXEC'],
  reply(1),
  ['EXISTS', 'q2'],
  // Everything pushed inside MULTI popped again before EXEC: the waiter keeps waiting.
  block(1, ['BLPOP', 'q3', '5']),
  blocked(1),
  ['MULTI'],
  ['RPUSH', 'q3', 'x'],
  ['DEL', 'q3'],
  ['EXEC'],
  blocked(1),
  ['RPUSH', 'q3', 'late'],
  reply(1),
  // A key that becomes a string does not wake the waiter; a list arriving by RENAME does.
  block(1, ['BLPOP', 'q4', '5']),
  blocked(1),
  ['SET', 'q4', 'str'],
  blocked(1),
  ['RPUSH', 'tmp', 'renamed'],
  ['RENAME', 'tmp', 'q4'],
  reply(1),
  ['EXISTS', 'q4'],
  // Blocked on several keys: served from whichever gets data, reporting that key.
  block(1, ['BLPOP', 'k1', 'k2', 'k3', '5']),
  blocked(1),
  ['RPUSH', 'k3', 'three'],
  reply(1),
  // BLMOVE feeds a second blocked client through its destination.
  block(1, ['BLMOVE', 'src', 'mid', 'LEFT', 'RIGHT', '5']),
  block(2, ['BLPOP', 'mid', '5']),
  blocked(2),
  ['RPUSH', 'src', 'hop'],
  reply(1),
  reply(2),
  ['EXISTS', 'mid', 'src'],
  // BLMOVE whose destination holds the wrong type when it is served.
  block(1, ['BLMOVE', 'src2', 'dstr', 'LEFT', 'LEFT', '5']),
  blocked(1),
  ['SET', 'dstr', 'string'],
  ['RPUSH', 'src2', 'v'],
  reply(1),
  ['LRANGE', 'src2', '0', '-1'],
  ['DEL', 'dstr', 'src2'],
  // BRPOPLPUSH and BLMPOP with COUNT.
  block(1, ['BRPOPLPUSH', 'r1', 'r2', '5']),
  blocked(1),
  ['RPUSH', 'r1', 'a', 'b'],
  reply(1),
  ['LRANGE', 'r2', '0', '-1'],
  block(1, ['BLMPOP', '5', '2', 'm1', 'm2', 'RIGHT', 'COUNT', '2']),
  blocked(1),
  ['RPUSH', 'm2', 'a', 'b', 'c'],
  reply(1),
  ['LRANGE', 'm2', '0', '-1'],
  // Timeouts answer a null reply; blocking commands inside MULTI never block.
  { cmd: ['BLPOP', 'none', '0.05'] },
  { cmd: ['BLMPOP', '0.05', '1', 'none', 'LEFT'] },
  ['MULTI'],
  ['BLPOP', 'none', '5'],
  ['BRPOPLPUSH', 'none', 'x', '5'],
  ['EXEC'],
  ['BLPOP', 'none', '-1'],
  ['BLPOP', 'none', 'x'],
  ['BLPOP', 'none', '0.0000001'],
  // The same client cannot be served twice: one push, two waiters on different keys.
  block(1, ['BLPOP', 'w', '5']),
  block(2, ['BLPOP', 'w', 'other', '5']),
  blocked(2),
  ['LPUSH', 'w', 'only'],
  reply(1),
  blocked(1),
  ['LPUSH', 'other', 'second'],
  reply(2),
  // Keys arriving by SWAPDB, MOVE and COPY wake clients blocked in the target db.
  { cmd: ['SELECT', '1'], conn: 1 },
  block(1, ['BLPOP', 'sw', '0']),
  blocked(1),
  ['RPUSH', 'sw', 'swapped'],
  ['SWAPDB', '0', '1'],
  reply(1),
  ['SWAPDB', '0', '1'],
  block(1, ['BLPOP', 'mv', '0']),
  blocked(1),
  ['RPUSH', 'mv', 'moved'],
  ['MOVE', 'mv', '1'],
  reply(1),
  block(1, ['BLPOP', 'cp', '0']),
  blocked(1),
  ['RPUSH', 'cpsrc', 'copied'],
  ['COPY', 'cpsrc', 'cp', 'DB', '1'],
  reply(1),
  // FLUSHALL leaves waiters blocked.
  block(1, ['BLPOP', 'fl', '0']),
  blocked(1),
  ['FLUSHALL'],
  blocked(1),
  ['SELECT', '1'],
  ['RPUSH', 'fl', 'after flush'],
  reply(1),
  ['SELECT', '0'],
  { cmd: ['SELECT', '0'], conn: 1 },
  // Rotating a list onto itself while another client waits for it.
  block(1, ['BLMOVE', 'rot', 'rot', 'RIGHT', 'LEFT', '0']),
  blocked(1),
  ['RPUSH', 'rot', 'a', 'b'],
  reply(1),
  ['LRANGE', 'rot', '0', '-1'],
  // A blocked client that is killed leaves nothing behind.
  { cmd: ['CLIENT', 'SETNAME', 'victim'], conn: 3 },
  block(3, ['BLPOP', 'kq', '0']),
  blocked(1),
  ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes'],
  { read: 1, conn: 3 },
  blocked(0),
  ['RPUSH', 'kq', 'kept'],
  ['LRANGE', 'kq', '0', '-1'],
];

const zsets: Step[] = [
  block(1, ['BZPOPMIN', 'z', '5']),
  block(2, ['BZPOPMAX', 'z', '5']),
  blocked(2),
  ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'],
  reply(1),
  reply(2),
  ['ZRANGE', 'z', '0', '-1', 'WITHSCORES'],
  block(1, ['BZMPOP', '5', '2', 'y1', 'y2', 'MAX', 'COUNT', '2']),
  blocked(1),
  ['ZADD', 'y2', '1.5', 'p', '2.5', 'q', '-1', 'r'],
  reply(1),
  ['ZRANGE', 'y2', '0', '-1', 'WITHSCORES'],
  // ZINCRBY creating the key and ZUNIONSTORE into it wake waiters too.
  block(1, ['BZPOPMIN', 'zi', '5']),
  blocked(1),
  ['ZINCRBY', 'zi', '4', 'm'],
  reply(1),
  ['ZADD', 'srcz', '7', 'u'],
  block(1, ['BZPOPMAX', 'zu', '5']),
  blocked(1),
  ['ZUNIONSTORE', 'zu', '1', 'srcz'],
  reply(1),
  // MULTI: the waiter sees the set as it is after EXEC.
  block(1, ['BZPOPMIN', 'zm', '5']),
  blocked(1),
  ['MULTI'],
  ['ZADD', 'zm', '5', 'five', '1', 'one'],
  ['ZREM', 'zm', 'one'],
  ['EXEC'],
  reply(1),
  { cmd: ['BZPOPMIN', 'none', '0.05'] },
  { cmd: ['BZMPOP', '0.05', '1', 'none', 'MIN'] },
  ['BZPOPMIN', 'none', 'x'],
  ['SET', 'str', 'v'],
  ['BZPOPMIN', 'str', '0.05'],
  ['BLPOP', 'str', '0.05'],
];

describeDifferential('differential: blocking pops with several clients', { lists, zsets });
