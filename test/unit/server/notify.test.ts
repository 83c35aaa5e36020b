import { describe, expect, it } from 'vitest';
import { activeExpireCycle } from '../../../src/server/keyspace/expire.js';
import { NOTIFY_GENERIC, NOTIFY_STRING, notifyKeyspaceEvent } from '../../../src/server/notify.js';
import { ReplyParser } from '../../../src/server/protocol/parser.js';
import { makeServer, type TestClient, type TestServer } from '../../helpers/harness.js';

/** A server whose keyspace events (flags) a pattern subscriber collects. */
function setup(flags: string): { t: TestServer; c: TestClient; sub: TestClient } {
  const t = makeServer({ 'notify-keyspace-events': flags });
  const sub = t.client();
  sub.run('PSUBSCRIBE', '__key*__:*');
  return { t, c: t.client(), sub };
}

/** The [channel, message] pairs of the pmessages a subscriber received since the last call. */
function messages(sub: TestClient): Array<[string, string]> {
  const raw = sub.take();
  const p = new ReplyParser();
  p.feed(Buffer.from(raw, 'latin1'));
  const out: Array<[string, string]> = [];
  for (let v = p.next(); v !== undefined; v = p.next()) {
    const items = v as unknown as Buffer[];
    expect(String(items[0])).toBe('pmessage');
    out.push([items[2]!.toString('latin1'), items[3]!.toString('latin1')]);
  }
  return out;
}

/** With keyevent channels only: the (event, key) pairs published, db 0. */
function events(sub: TestClient): string[] {
  return messages(sub).map(([ch, key]) => `${ch.replace(/^__keyevent@0__:/, '')} ${key}`);
}

describe('notifyKeyspaceEvent', () => {
  it('publishes on the keyspace channel first, then on the keyevent channel', () => {
    const { c, sub } = setup('KEA');
    c.run('SET', 'k', 'v');
    expect(messages(sub)).toEqual([
      ['__keyspace@0__:k', 'set'],
      ['__keyevent@0__:set', 'k'],
    ]);
  });

  it('names the database and keeps binary key bytes', () => {
    const { c, sub } = setup('KEA');
    c.run('SELECT', '7');
    c.run('SET', 'a\x00\xff', 'v');
    expect(messages(sub)).toEqual([
      ['__keyspace@7__:a\x00\xff', 'set'],
      ['__keyevent@7__:set', 'a\x00\xff'],
    ]);
  });

  it('publishes only the enabled classes on the enabled channels', () => {
    const { t, c, sub } = setup('Kg');
    c.run('SET', 'k', 'v');
    c.run('EXPIRE', 'k', '100');
    expect(messages(sub)).toEqual([['__keyspace@0__:k', 'expire']]);
    c.run('CONFIG', 'SET', 'notify-keyspace-events', 'E$');
    c.run('SET', 'k', 'v');
    c.run('DEL', 'k');
    expect(messages(sub)).toEqual([['__keyevent@0__:set', 'k']]);
    // A class without K or E publishes nothing.
    c.run('CONFIG', 'SET', 'notify-keyspace-events', 'g$');
    c.run('SET', 'k', 'v');
    expect(messages(sub)).toEqual([]);
    expect(t.state.config.notifyKeyspaceEvents).not.toBe(0);
  });

  it('does nothing when notifications are off', () => {
    const t = makeServer();
    const sub = t.client();
    sub.run('PSUBSCRIBE', '*');
    notifyKeyspaceEvent(t.state, NOTIFY_GENERIC | NOTIFY_STRING, 'set', 'k', 0);
    t.client().run('SET', 'k', 'v');
    expect(sub.take()).toBe('');
  });

  it('delivers RESP3 push frames to a client subscribed to its own events', () => {
    const { c } = setup('Eg');
    c.c.resp = 3;
    c.run('PSUBSCRIBE', '__keyevent@0__:*');
    c.run('SET', 'k', 'v');
    expect(c.run('DEL', 'k')).toBe(
      '>4\r\n$8\r\npmessage\r\n$16\r\n__keyevent@0__:*\r\n$18\r\n__keyevent@0__:del\r\n$1\r\nk\r\n:1\r\n',
    );
  });
});

describe('notify-keyspace-events config', () => {
  it.each([
    ['KEA', 'AKE'],
    ['AKEnm', 'AKEm'],
    ['gn$KE', 'g$nKE'],
    ['Elx', 'lxE'],
    ['g$lshzxetd', 'A'],
    ['', ''],
  ])('reads %j back as %j', (set, get) => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'SET', 'notify-keyspace-events', set)).toBe('+OK\r\n');
    expect(c.run('CONFIG', 'GET', 'notify-keyspace-events')).toBe(`*2\r\n$22\r\nnotify-keyspace-events\r\n$${get.length}\r\n${get}\r\n`);
  });

  it('refuses unknown class characters', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'SET', 'notify-keyspace-events', 'KEQ')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.\r\n",
    );
  });
});

/** Commands run in order after `given`, and the keyevent notifications they must raise. */
const FAMILIES: Array<[string, string[][], string[][], string[]]> = [
  ['SET with an expiry', [], [['SET', 'k', 'v', 'EX', '10']], ['new k', 'set k', 'expire k']],
  ['SET NX that does not set', [['SET', 'k', 'v']], [['SET', 'k', 'v', 'NX']], []],
  ['MSET', [], [['MSET', 'a', '1', 'b', '2', 'a', '3']], ['new a', 'set a', 'new b', 'set b', 'set a']],
  ['INCR family', [], [['INCR', 'n'], ['DECRBY', 'n', '2'], ['INCRBYFLOAT', 'n', '1.5']], ['new n', 'incrby n', 'incrby n', 'incrbyfloat n']],
  ['APPEND and SETRANGE', [], [['APPEND', 's', 'a'], ['SETRANGE', 's', '3', 'x'], ['SETRANGE', 's', '0', '']], ['new s', 'append s', 'setrange s']],
  ['GETEX, GETDEL, GETSET', [['SET', 'k', 'v']], [['GETEX', 'k', 'PX', '100'], ['GETEX', 'k', 'PERSIST'], ['GETSET', 'k', 'w'], ['GETDEL', 'k']], ['expire k', 'persist k', 'set k', 'del k']],
  ['GETEX with a past time deletes', [['SET', 'k', 'v']], [['GETEX', 'k', 'PXAT', '1']], ['del k']],
  ['SETBIT, BITOP, BITFIELD', [], [['SETBIT', 'b', '1', '1'], ['SETBIT', 'b', '1', '1'], ['BITOP', 'NOT', 'd', 'b'], ['BITOP', 'OR', 'd', 'none'], ['BITFIELD', 'f', 'SET', 'u8', '0', '1']], ['new b', 'setbit b', 'new d', 'set d', 'del d', 'new f', 'setbit f']],
  ['DEL and UNLINK', [['MSET', 'a', '1', 'b', '2']], [['DEL', 'a', 'none'], ['UNLINK', 'b']], ['del a', 'del b']],
  ['EXPIRE family', [['SET', 'k', 'v']], [['PEXPIRE', 'k', '100'], ['EXPIRE', 'k', '100', 'NX'], ['PERSIST', 'k'], ['EXPIRE', 'k', '-1']], ['expire k', 'persist k', 'del k']],
  ['RENAME', [['SET', 'a', '1'], ['SET', 'b', '2']], [['RENAME', 'a', 'b'], ['RENAME', 'b', 'b']], ['new b', 'rename_from a', 'rename_to b']],
  ['COPY', [['SET', 'a', '1'], ['SET', 'b', '2']], [['COPY', 'a', 'b'], ['COPY', 'a', 'b', 'REPLACE']], ['new b', 'copy_to b']],
  ['hashes', [], [['HSET', 'h', 'a', '1'], ['HSETNX', 'h', 'a', '2'], ['HINCRBY', 'h', 'n', '1'], ['HINCRBYFLOAT', 'h', 'f', '1'], ['HDEL', 'h', 'a', 'n', 'f']], ['new h', 'hset h', 'hincrby h', 'hincrbyfloat h', 'hdel h', 'del h']],
  ['list pushes and removals', [], [['RPUSH', 'l', 'a', 'b', 'c'], ['LPUSHX', 'l', 'z'], ['LINSERT', 'l', 'AFTER', 'a', 'x'], ['LSET', 'l', '0', 'y'], ['LREM', 'l', '0', 'x'], ['LTRIM', 'l', '0', '-1'], ['RPOP', 'l', '2'], ['LPOP', 'l', '5']], ['new l', 'rpush l', 'lpush l', 'linsert l', 'lset l', 'lrem l', 'ltrim l', 'rpop l', 'lpop l', 'del l']],
  ['LMOVE pushes before it pops', [['RPUSH', 's', 'a']], [['LMOVE', 's', 'd', 'LEFT', 'RIGHT']], ['new d', 'rpush d', 'lpop s', 'del s']],
  ['sets', [], [['SADD', 's', 'a', 'b'], ['SREM', 's', 'a'], ['SMOVE', 's', 't', 'b'], ['SPOP', 't']], ['new s', 'sadd s', 'srem s', 'srem s', 'del s', 'new t', 'sadd t', 'spop t', 'del t']],
  ['set stores', [['SADD', 'a', '1', '2'], ['SADD', 'b', '2']], [['SINTERSTORE', 'd', 'a', 'b'], ['SUNIONSTORE', 'd', 'a', 'b'], ['SDIFFSTORE', 'd', 'b', 'a'], ['SINTERSTORE', 'd', 'a', 'none']], ['new d', 'sinterstore d', 'sunionstore d', 'del d']],
  ['sorted sets', [], [['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZINCRBY', 'z', '1', 'a'], ['ZREM', 'z', 'a'], ['ZREMRANGEBYSCORE', 'z', '9', '9'], ['ZREMRANGEBYRANK', 'z', '0', '0'], ['ZPOPMAX', 'z']], ['new z', 'zadd z', 'zincr z', 'zrem z', 'zremrangebyrank z', 'zpopmax z', 'del z']],
  ['sorted set stores', [['ZADD', 'a', '1', 'x']], [['ZUNIONSTORE', 'd', '1', 'a'], ['ZRANGESTORE', 'r', 'a', '0', '-1'], ['ZDIFFSTORE', 'd', '2', 'a', 'a']], ['new d', 'zunionstore d', 'new r', 'zrangestore r', 'del d']],
  ['SORT STORE', [['RPUSH', 'l', '2', '1']], [['SORT', 'l', 'STORE', 'o'], ['SORT', 'none', 'STORE', 'o']], ['new o', 'sortstore o', 'del o']],
];

describe('events per command family', () => {
  it.each(FAMILIES)('%s', (_name, given, cmds, expected) => {
    const { c, sub } = setup('EAn');
    for (const g of given) c.run(...g);
    sub.take();
    for (const cmd of cmds) c.run(...cmd);
    expect(events(sub)).toEqual(expected);
  });

  it('MOVE publishes move_from in the source db and move_to in the target', () => {
    const { c, sub } = setup('KA');
    c.run('SET', 'k', 'v');
    sub.take();
    c.run('MOVE', 'k', '3');
    expect(messages(sub)).toEqual([
      ['__keyspace@0__:k', 'move_from'],
      ['__keyspace@3__:k', 'move_to'],
    ]);
  });

  it('RESTORE publishes restore, and del when replacing with a past TTL', () => {
    const { c, sub } = setup('EA');
    const payload = '\x00\x05hello\n\x00cr\xdfve4 \n';
    c.run('RESTORE', 'k', '0', payload);
    c.run('RESTORE', 'k', '1', payload, 'REPLACE', 'ABSTTL');
    expect(events(sub)).toEqual(['restore k', 'del k']);
  });

  it('a served BLPOP pops after the push that woke it, then deletes the emptied key', () => {
    const { t, c, sub } = setup('EA');
    const waiter = t.client();
    waiter.run('BLPOP', 'q', '0');
    c.run('RPUSH', 'q', 'a');
    expect(events(sub)).toEqual(['rpush q', 'lpop q', 'del q']);
    expect(waiter.take()).toBe('*2\r\n$1\r\nq\r\n$1\r\na\r\n');
  });

  it('a served BZPOPMIN raises zpopmin and del', () => {
    const { t, c, sub } = setup('EA');
    t.client().run('BZPOPMIN', 'z', '0');
    c.run('ZADD', 'z', '1', 'a');
    expect(events(sub)).toEqual(['zadd z', 'zpopmin z', 'del z']);
  });
});

describe('expired events', () => {
  it('come from lazy expiry on access', () => {
    const { t, c, sub } = setup('Ex');
    c.run('SET', 'k', 'v', 'PX', '100');
    t.clock.advance(101);
    expect(c.run('GET', 'k')).toBe('$-1\r\n');
    expect(events(sub)).toEqual(['expired k']);
  });

  it('come before the events of a write that finds the key expired', () => {
    const { t, c, sub } = setup('EAn');
    c.run('SET', 'k', 'v', 'PX', '100');
    sub.take();
    t.clock.advance(101);
    c.run('LPUSH', 'k', 'x');
    expect(events(sub)).toEqual(['expired k', 'new k', 'lpush k']);
  });

  it('come from the active expiry cycle', () => {
    const { t, c, sub } = setup('Ex');
    c.run('SET', 'k', 'v', 'PX', '100');
    t.clock.advance(101);
    activeExpireCycle(t.state);
    expect(events(sub)).toEqual(['expired k']);
    expect(t.state.dbs[0]!.size).toBe(0);
  });

  it('are not raised by a replica, which waits for the master DEL (a del event)', () => {
    const { t, c, sub } = setup('EA');
    c.run('SET', 'k', 'v', 'PX', '100');
    sub.take();
    t.state.masterHost = '127.0.0.1';
    t.clock.advance(101);
    expect(c.run('GET', 'k')).toBe('$-1\r\n');
    expect(events(sub)).toEqual([]);
    const master = t.client();
    master.c.isMaster = true;
    master.run('DEL', 'k');
    expect(events(sub)).toEqual(['del k']);
  });
});

describe('keymiss events', () => {
  it('are raised by read lookups that miss, not by writes or OBJECT', () => {
    const { c, sub } = setup('Em');
    c.run('GET', 'a');
    c.run('EXISTS', 'b');
    c.run('OBJECT', 'ENCODING', 'c');
    c.run('LPUSH', 'd', 'x');
    c.run('DEL', 'e');
    c.run('GET', 'd');
    expect(events(sub)).toEqual(['keymiss a', 'keymiss b']);
  });

  it('interleave with MGET replies for a RESP3 client subscribed to them', () => {
    const { c } = setup('Em');
    c.c.resp = 3;
    c.run('PSUBSCRIBE', 'x');
    c.run('PSUBSCRIBE', '__keyevent@0__:keymiss');
    const push = '>4\r\n$8\r\npmessage\r\n$22\r\n__keyevent@0__:keymiss\r\n$22\r\n__keyevent@0__:keymiss\r\n$1\r\na\r\n';
    expect(c.run('MGET', 'a')).toBe(`*1\r\n${push}_\r\n`);
  });
});
