// Expected replies were checked against redis-server 7.0.15 where they do not depend on
// time or addresses (error texts, COMMAND shapes, DEBUG PROTOCOL, GETKEYS ...).

import { describe, expect, it } from 'vitest';
import { installServerMonitoring, latencyMonitorOf, slowlogOf } from '../../../../src/server/commands/server.js';
import { allCommands, lookupCommand } from '../../../../src/server/commands/table.js';
import { isActiveExpireEnabled } from '../../../../src/server/keyspace/expire.js';
import { capturePropagation, makeServer, type TestServer } from '../../../helpers/harness.js';

const OK = '+OK\r\n';
const SYNTAX = '-ERR syntax error\r\n';

/** A server that allows DEBUG and never writes RDB files (FLUSHALL saves with save points). */
function debugServer(extra: Record<string, string> = {}): TestServer {
  return makeServer({ 'enable-debug-command': 'yes', save: '', ...extra });
}

/** The payload of a bulk or verbatim reply. */
function payload(raw: string): string {
  const body = raw.slice(raw.indexOf('\r\n') + 2, -2);
  return raw.startsWith('=') ? body.slice(4) : body;
}

describe('INFO', () => {
  it('answers the default sections as a bulk string in RESP2', () => {
    const c = makeServer().client();
    const raw = c.run('INFO');
    expect(raw).toMatch(/^\$\d+\r\n# Server\r\nredis_version:7\.0\.15\r\n/);
    const text = payload(raw);
    expect(raw.startsWith(`$${text.length}\r\n`)).toBe(true);
    expect(text).toContain('\r\n# Errorstats\r\n');
    expect(text).not.toContain('# Commandstats');
    expect(text).not.toContain('# Latencystats');
    expect(text.endsWith('# Keyspace\r\n')).toBe(true);
  });

  it('answers a verbatim txt string in RESP3', () => {
    const t = makeServer();
    const c = t.client();
    c.c.resp = 3;
    expect(c.run('INFO', 'keyspace')).toBe('=16\r\ntxt:# Keyspace\r\n\r\n');
    c.run('SET', 'a', 'b');
    expect(c.run('INFO', 'KEYSPACE')).toBe('=48\r\ntxt:# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n\r\n');
  });

  it('answers an empty string for unknown sections', () => {
    expect(makeServer().client().run('INFO', 'bogus')).toBe('$0\r\n\r\n');
  });

  it('counts commands and errors', () => {
    const c = makeServer().client();
    c.run('SET', 'a', 'b');
    c.run('SET', 'a');
    c.run('NOSUCH');
    const text = payload(c.run('INFO', 'commandstats', 'errorstats'));
    expect(text).toMatch(/cmdstat_set:calls=1,usec=\d+,usec_per_call=[\d.]+,rejected_calls=1,failed_calls=0\r\n/);
    expect(text).toContain('errorstat_ERR:count=2\r\n');
  });
});

describe('DBSIZE, TIME, LASTSAVE', () => {
  it('counts the keys of the selected db, logically expired ones included', () => {
    const t = makeServer();
    const c = t.client();
    expect(c.run('DBSIZE')).toBe(':0\r\n');
    c.run('SET', 'a', '1');
    c.run('SET', 'b', '1', 'PX', '10');
    t.clock.advance(100);
    expect(c.run('DBSIZE')).toBe(':2\r\n');
    c.run('SELECT', '1');
    expect(c.run('DBSIZE')).toBe(':0\r\n');
  });

  it('answers TIME as seconds and microseconds', () => {
    const t = makeServer();
    t.clock.set(1_700_000_123_456);
    expect(t.client().run('TIME')).toBe('*2\r\n$10\r\n1700000123\r\n$6\r\n456000\r\n');
  });

  it('answers LASTSAVE with a Unix time', () => {
    expect(makeServer().client().run('LASTSAVE')).toMatch(/^:\d{10}\r\n$/);
  });

  it('checks arity', () => {
    const c = makeServer().client();
    expect(c.run('TIME', 'x')).toBe("-ERR wrong number of arguments for 'time' command\r\n");
    expect(c.run('DBSIZE', 'x')).toBe("-ERR wrong number of arguments for 'dbsize' command\r\n");
  });
});

describe('FLUSHDB and FLUSHALL', () => {
  it('FLUSHDB empties only the selected db and counts removed keys as changes', () => {
    const t = debugServer();
    const c = t.client();
    c.run('SET', 'a', '1');
    c.run('SET', 'b', '1');
    c.run('SELECT', '1');
    c.run('SET', 'c', '1');
    const dirty = t.state.dirty;
    expect(c.run('FLUSHDB')).toBe(OK);
    expect(t.state.dirty).toBe(dirty + 1);
    expect(t.state.dbs[1]!.size).toBe(0);
    expect(t.state.dbs[0]!.size).toBe(2);
  });

  it('propagates FLUSHDB and FLUSHALL as given, even on empty dbs', () => {
    const t = debugServer();
    const ops = capturePropagation(t);
    const c = t.client();
    expect(c.run('FLUSHDB', 'ASYNC')).toBe(OK);
    expect(c.run('FLUSHALL')).toBe(OK);
    expect(c.run('flushall', 'sync')).toBe(OK);
    expect(ops.map((o) => o.argv)).toEqual([['FLUSHDB', 'ASYNC'], ['FLUSHALL'], ['flushall', 'sync']]);
  });

  it('rejects options other than SYNC and ASYNC', () => {
    const c = debugServer().client();
    expect(c.run('FLUSHALL', 'x')).toBe(SYNTAX);
    expect(c.run('FLUSHALL', 'ASYNC', 'x')).toBe(SYNTAX);
    expect(c.run('FLUSHDB', 'now')).toBe(SYNTAX);
  });

  it('FLUSHALL empties every db and adds the removed keys to dirty', () => {
    const t = debugServer();
    const c = t.client();
    c.run('SET', 'a', '1');
    c.run('SELECT', '5');
    c.run('SET', 'b', '1');
    const dirty = t.state.dirty;
    expect(c.run('FLUSHALL')).toBe(OK);
    expect(t.state.dirty).toBe(dirty + 2);
    expect(t.state.dbs.every((db) => db.size === 0)).toBe(true);
  });

  it('makes watchers of existing keys fail, but not watchers of missing keys', () => {
    const t = debugServer();
    const a = t.client();
    const b = t.client();
    const other = t.client();
    a.run('SET', 'k', '1');
    a.run('WATCH', 'k');
    b.run('WATCH', 'missing');
    other.run('FLUSHALL');
    a.run('MULTI');
    a.run('PING');
    expect(a.run('EXEC')).toBe('*-1\r\n');
    b.run('MULTI');
    b.run('PING');
    expect(b.run('EXEC')).toBe('*1\r\n+PONG\r\n');
  });
});

describe('SWAPDB', () => {
  it('exchanges the contents and keeps clients on their db index', () => {
    const t = debugServer();
    const c = t.client();
    c.run('SET', 'in0', 'x');
    c.run('SELECT', '1');
    c.run('SET', 'in1', 'y', 'PX', '100000');
    expect(c.run('SWAPDB', '0', '1')).toBe(OK);
    expect(c.run('GET', 'in0')).toBe('$1\r\nx\r\n');
    expect(c.run('PTTL', 'in0')).toBe(':-1\r\n');
    c.run('SELECT', '0');
    expect(c.run('GET', 'in1')).toBe('$1\r\ny\r\n');
    expect(c.run('PTTL', 'in1')).toBe(':100000\r\n');
  });

  it('counts as one change and propagates', () => {
    const t = debugServer();
    const ops = capturePropagation(t);
    const dirty = t.state.dirty;
    expect(t.client().run('SWAPDB', '2', '2')).toBe(OK);
    expect(t.state.dirty).toBe(dirty + 1);
    expect(ops.map((o) => o.argv)).toEqual([['SWAPDB', '2', '2']]);
  });

  it('rejects bad indexes with Redis texts', () => {
    const c = debugServer().client();
    expect(c.run('SWAPDB', 'x', '1')).toBe('-ERR invalid first DB index\r\n');
    expect(c.run('SWAPDB', '1', 'x')).toBe('-ERR invalid second DB index\r\n');
    expect(c.run('SWAPDB', '99999999999', '1')).toBe('-ERR invalid first DB index\r\n');
    expect(c.run('SWAPDB', '1', '99')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('SWAPDB', '-1', '0')).toBe('-ERR DB index is out of range\r\n');
  });

  it('fails transactions watching keys that change and serves blocked clients', () => {
    const t = debugServer();
    const watcher = t.client();
    const blocked = t.client();
    const c = t.client();
    watcher.run('WATCH', 'k');
    expect(blocked.run('BLPOP', 'list', '0')).toBe('');
    c.run('SELECT', '1');
    c.run('SET', 'k', 'v');
    c.run('RPUSH', 'list', 'item');
    expect(c.run('SWAPDB', '0', '1')).toBe(OK);
    expect(blocked.take()).toBe('*2\r\n$4\r\nlist\r\n$4\r\nitem\r\n');
    watcher.run('MULTI');
    watcher.run('PING');
    expect(watcher.run('EXEC')).toBe('*-1\r\n');
  });
});

describe('MONITOR', () => {
  it('streams executed commands to every monitor, its own included', () => {
    const t = debugServer();
    const m = t.client();
    const c = t.client();
    expect(m.run('MONITOR')).toBe(OK);
    c.run('SET', 'a', 'b c');
    expect(m.take()).toMatch(/^\+\d+\.\d{6} \[0 127\.0\.0\.1:50000\] "SET" "a" "b c"\r\n$/);
    expect(m.run('PING')).toMatch(/^\+PONG\r\n\+\d+\.\d{6} \[0 127\.0\.0\.1:50000\] "PING"\r\n$/);
  });

  it('hides admin commands and ignores a second MONITOR', () => {
    const t = debugServer();
    const m = t.client();
    m.run('MONITOR');
    t.client().run('CONFIG', 'GET', 'port');
    t.client().run('DEBUG', 'DIGEST');
    expect(m.take()).toBe('');
    expect(m.run('MONITOR')).toBe('');
  });

  it('refuses keyspace commands from a monitor', () => {
    const t = debugServer();
    const m = t.client();
    m.run('MONITOR');
    expect(m.run('GET', 'x')).toBe("-ERR Replica can't interact with the keyspace\r\n");
  });

  it('is refused inside a transaction', () => {
    const c = debugServer().client();
    c.run('MULTI');
    expect(c.run('MONITOR')).toBe('+QUEUED\r\n');
    expect(c.run('EXEC')).toBe("*1\r\n-ERR MONITOR isn't allowed for DENY BLOCKING client\r\n");
    expect(c.c.isMonitor).toBe(false);
  });
});

describe('SHUTDOWN argument checks', () => {
  it.each([['bogus'], ['SAVE', 'NOSAVE'], ['ABORT', 'NOW'], ['ABORT', 'FORCE']])('rejects SHUTDOWN %s', (...args) => {
    expect(debugServer().client().run('SHUTDOWN', ...args)).toBe(SYNTAX);
  });

  it('has no shutdown to abort', () => {
    expect(debugServer().client().run('SHUTDOWN', 'ABORT')).toBe('-ERR No shutdown in progress.\r\n');
  });

  it('is not allowed in MULTI', () => {
    const c = debugServer().client();
    c.run('MULTI');
    expect(c.run('SHUTDOWN')).toBe('-ERR Command not allowed inside a transaction\r\n');
  });
});

describe('SLOWLOG', () => {
  function slowServer(): TestServer {
    const t = debugServer({ 'slowlog-log-slower-than': '0' });
    installServerMonitoring(t.state);
    return t;
  }

  it('records commands newest first with id, time, duration, args, peer and name', () => {
    const t = slowServer();
    const c = t.client();
    c.run('CLIENT', 'SETNAME', 'nm');
    c.run('SET', 'a', 'b');
    const entries = slowlogOf(t.state).entries;
    expect(entries.map((e) => e.argv)).toEqual([
      ['SET', 'a', 'b'],
      ['CLIENT', 'SETNAME', 'nm'],
    ]);
    const e = entries[0]!;
    expect(c.run('SLOWLOG', 'GET', '1')).toBe(
      `*1\r\n*6\r\n:${e.id}\r\n:${Math.floor(t.clock.now() / 1000)}\r\n:${e.duration}\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n$15\r\n127.0.0.1:50000\r\n$2\r\nnm\r\n`,
    );
  });

  it('trims long arguments and long argument lists', () => {
    const t = slowServer();
    const c = t.client();
    c.run('GET', 'k'.repeat(200));
    const args = Array.from({ length: 40 }, (_, i) => `m${i}`);
    c.run('SADD', 's', ...args);
    const [sadd, get] = slowlogOf(t.state).entries;
    expect(get!.argv[1]).toBe(`${'k'.repeat(128)}... (72 more bytes)`);
    expect(sadd!.argv).toHaveLength(32);
    expect(sadd!.argv[31]).toBe('... (11 more arguments)');
    expect(sadd!.argv[30]).toBe('m28');
  });

  it('answers LEN and RESET, keeping ids increasing', () => {
    const t = slowServer();
    const c = t.client();
    c.run('PING');
    c.run('PING');
    expect(c.run('SLOWLOG', 'LEN')).toBe(':2\r\n');
    expect(c.run('SLOWLOG', 'RESET')).toBe(OK);
    // The RESET itself was slow enough to be logged afterwards.
    expect(c.run('SLOWLOG', 'LEN')).toBe(':1\r\n');
    expect(slowlogOf(t.state).entries[1]!.id).toBe(3);
  });

  it('honours slowlog-max-len and a negative threshold', () => {
    const t = slowServer();
    const c = t.client();
    c.run('CONFIG', 'SET', 'slowlog-max-len', '2');
    for (let i = 0; i < 5; i++) c.run('PING');
    expect(slowlogOf(t.state).entries).toHaveLength(2);
    c.run('CONFIG', 'SET', 'slowlog-log-slower-than', '-1');
    c.run('SLOWLOG', 'RESET');
    c.run('PING');
    expect(slowlogOf(t.state).entries).toHaveLength(0);
  });

  it('validates GET count and subcommands like Redis', () => {
    const c = slowServer().client();
    expect(c.run('SLOWLOG', 'GET', '-2')).toBe('-ERR count should be greater than or equal to -1\r\n');
    expect(c.run('SLOWLOG', 'GET', 'x')).toBe('-ERR count should be greater than or equal to -1\r\n');
    expect(c.run('SLOWLOG', 'GET', '1', '2')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP.\r\n",
    );
    expect(c.run('SLOWLOG', 'LEN', 'x')).toBe("-ERR wrong number of arguments for 'slowlog|len' command\r\n");
    expect(c.run('SLOWLOG', 'bogus')).toBe("-ERR unknown subcommand 'bogus'. Try SLOWLOG HELP.\r\n");
    expect(c.run('SLOWLOG', 'HELP')).toMatch(
      /^\*12\r\n\+SLOWLOG <subcommand> \[<arg> \[value\] \[opt\] \.\.\.\]\. Subcommands are:\r\n\+GET \[<count>\]\r\n/,
    );
  });
});

describe('LATENCY', () => {
  it('reports events recorded by the monitor', () => {
    const t = debugServer();
    const c = t.client();
    const m = latencyMonitorOf(t.state);
    expect(c.run('LATENCY', 'LATEST')).toBe('*0\r\n');
    m.addSample('command', 12, 1000);
    m.addSample('command', 30, 1001);
    expect(c.run('LATENCY', 'LATEST')).toBe('*1\r\n*4\r\n$7\r\ncommand\r\n:1001\r\n:30\r\n:30\r\n');
    expect(c.run('LATENCY', 'HISTORY', 'command')).toBe('*2\r\n*2\r\n:1000\r\n:12\r\n*2\r\n:1001\r\n:30\r\n');
    expect(c.run('LATENCY', 'HISTORY', 'x')).toBe('*0\r\n');
    expect(c.run('LATENCY', 'GRAPH', 'command')).toMatch(/^\$\d+\r\ncommand - high 30 ms, low 12 ms/);
    expect(c.run('LATENCY', 'DOCTOR')).toMatch(/^\$\d+\r\n/);
    expect(c.run('LATENCY', 'RESET', 'command', 'x')).toBe(':1\r\n');
    expect(c.run('LATENCY', 'RESET')).toBe(':0\r\n');
  });

  it('samples slow commands once latency-monitor-threshold is set', () => {
    const t = debugServer({ 'latency-monitor-threshold': '1' });
    installServerMonitoring(t.state);
    t.client().run('DEBUG', 'SLEEP', '0.005');
    expect(latencyMonitorOf(t.state).events.get('command')?.max).toBeGreaterThanOrEqual(5);
  });

  it('answers LATENCY HISTOGRAM per command', () => {
    const t = debugServer();
    installServerMonitoring(t.state);
    const c = t.client();
    c.run('SET', 'a', 'b');
    c.run('SET', 'a', 'b');
    expect(c.run('LATENCY', 'HISTOGRAM', 'set', 'nosuch')).toMatch(
      /^\*2\r\n\$3\r\nset\r\n\*4\r\n\$5\r\ncalls\r\n:2\r\n\$14\r\nhistogram_usec\r\n\*\d+\r\n/,
    );
    c.c.resp = 3;
    expect(c.run('LATENCY', 'HISTOGRAM', 'get')).toBe('%0\r\n');
  });

  it('uses Redis error texts', () => {
    const c = debugServer().client();
    expect(c.run('LATENCY', 'GRAPH', 'x')).toBe("-ERR No samples available for event 'x'\r\n");
    expect(c.run('LATENCY', 'bogus')).toBe("-ERR unknown subcommand 'bogus'. Try LATENCY HELP.\r\n");
    expect(c.run('LATENCY')).toBe("-ERR wrong number of arguments for 'latency' command\r\n");
  });
});

describe('COMMAND', () => {
  it('counts and lists the top-level commands', () => {
    const c = makeServer().client();
    const n = allCommands().length;
    expect(c.run('COMMAND', 'COUNT')).toBe(`:${n}\r\n`);
    expect(c.run('COMMAND')).toMatch(new RegExp(`^\\*${n}\\r\\n\\*10\\r\\n`));
  });

  it('describes GET exactly as Redis 7.0 does, in RESP2 and RESP3', () => {
    const c = makeServer().client();
    expect(c.run('COMMAND', 'INFO', 'nosuch', 'get')).toBe(
      '*2\r\n$-1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n+@string\r\n+@fast\r\n*0\r\n' +
        '*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n' +
        '$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n',
    );
    c.c.resp = 3;
    expect(c.run('COMMAND', 'INFO', 'get')).toBe(
      '*1\r\n*10\r\n$3\r\nget\r\n:2\r\n~2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n~3\r\n+@read\r\n+@string\r\n+@fast\r\n~0\r\n' +
        '~1\r\n%3\r\n$5\r\nflags\r\n~2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n%2\r\n$4\r\ntype\r\n$5\r\nindex\r\n$4\r\nspec\r\n%1\r\n$5\r\nindex\r\n:1\r\n' +
        '$9\r\nfind_keys\r\n%2\r\n$4\r\ntype\r\n$5\r\nrange\r\n$4\r\nspec\r\n%3\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n~0\r\n',
    );
  });

  it('reports key-spec notes, tips, hidden dispatch flags and subcommands', () => {
    const c = makeServer().client();
    expect(c.run('COMMAND', 'INFO', 'set')).toContain('*8\r\n$5\r\nnotes\r\n$48\r\nRW and ACCESS due to the optional `GET` argument\r\n');
    expect(c.run('COMMAND', 'INFO', 'dbsize')).toContain('*2\r\n$25\r\nrequest_policy:all_shards\r\n$23\r\nresponse_policy:agg_sum\r\n');
    expect(c.run('COMMAND', 'INFO', 'slowlog|len')).toBe(
      '*1\r\n*10\r\n$11\r\nslowlog|len\r\n:2\r\n*3\r\n+admin\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*3\r\n+@admin\r\n+@slow\r\n+@dangerous\r\n' +
        '*3\r\n$24\r\nrequest_policy:all_nodes\r\n$23\r\nresponse_policy:agg_sum\r\n$23\r\nnondeterministic_output\r\n*0\r\n*0\r\n',
    );
    expect(c.run('COMMAND', 'INFO', 'debug')).toContain('$5\r\ndebug\r\n:-2\r\n*4\r\n+admin\r\n+noscript\r\n+loading\r\n+stale\r\n:0\r\n');
    expect(c.run('COMMAND', 'INFO', 'slowlog')).toMatch(
      /^\*1\r\n\*10\r\n\$7\r\nslowlog\r\n:-2\r\n\*0\r\n:0\r\n:0\r\n:0\r\n\*1\r\n\+@slow\r\n\*0\r\n\*0\r\n\*4\r\n/,
    );
  });

  it('answers DOCS with summary, since and group, as redis-cli reads them', () => {
    const c = makeServer().client();
    const get = lookupCommand('get')!;
    c.c.resp = 3;
    const body = `%3\r\n$7\r\nsummary\r\n$${get.summary.length}\r\n${get.summary}\r\n$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nstring\r\n`;
    expect(c.run('COMMAND', 'DOCS', 'get', 'nosuch')).toBe(`%1\r\n$3\r\nget\r\n${body}`);
    expect(c.run('COMMAND', 'DOCS', 'nosuch')).toBe('%0\r\n');
    expect(c.run('COMMAND', 'DOCS', 'slowlog')).toContain('$11\r\nsubcommands\r\n%4\r\n$11\r\nslowlog|get\r\n%3\r\n');
  });

  it('lists names with filters', () => {
    const c = makeServer().client();
    expect(c.run('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'slowlog*')).toBe(
      '*5\r\n$7\r\nslowlog\r\n$11\r\nslowlog|get\r\n$11\r\nslowlog|len\r\n$13\r\nslowlog|reset\r\n$12\r\nslowlog|help\r\n',
    );
    expect(c.run('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'bogus')).toBe('*0\r\n');
    expect(c.run('COMMAND', 'LIST', 'FILTERBY', 'MODULE', 'x')).toBe('*0\r\n');
    expect(c.run('COMMAND', 'LIST', 'FILTERBY', 'aclcat', 'DANGEROUS')).toContain('$8\r\nflushall\r\n');
    expect(c.run('COMMAND', 'LIST', 'FILTERBY')).toBe(SYNTAX);
    expect(c.run('COMMAND', 'LIST', 'bogus')).toBe(SYNTAX);
    expect(c.run('COMMAND', 'LIST', 'FILTERBY', 'bogus', 'x')).toBe(SYNTAX);
    expect(c.run('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'x', 'y')).toBe(SYNTAX);
  });

  it('extracts keys like Redis', () => {
    const c = makeServer().client();
    expect(c.run('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'zunionstore', 'd', '2', 'a', 'b')).toBe('*3\r\n$1\r\nd\r\n$1\r\na\r\n$1\r\nb\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'zunionstore', 'd', 'x', 'a', 'b')).toBe('-ERR Invalid arguments specified for command\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'blmpop', '0', '2', 'a', 'b', 'left')).toBe('*2\r\n$1\r\na\r\n$1\r\nb\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'get', 'a', 'b')).toBe('-ERR Invalid number of arguments specified for command\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'ping', 'x')).toBe('-ERR The command has no key arguments\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'config', 'get', 'x')).toBe('-ERR The command has no key arguments\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'config', 'bogus', 'x')).toBe('-ERR Invalid command specified\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'nosuch', 'a')).toBe('-ERR Invalid command specified\r\n');
    expect(c.run('COMMAND', 'GETKEYS', 'get')).toBe("-ERR wrong number of arguments for 'command|getkeys' command\r\n");
  });

  it('extracts keys with their access flags', () => {
    const c = makeServer().client();
    expect(c.run('COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b')).toBe('*1\r\n*2\r\n$1\r\na\r\n*2\r\n+OW\r\n+update\r\n');
    expect(c.run('COMMAND', 'GETKEYSANDFLAGS', 'set', 'a', 'b', 'GET')).toBe('*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n');
    expect(c.run('COMMAND', 'GETKEYSANDFLAGS', 'lmove', 'a', 'b', 'left', 'right')).toBe(
      '*2\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+delete\r\n*2\r\n$1\r\nb\r\n*2\r\n+RW\r\n+insert\r\n',
    );
    expect(c.run('COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'a', 'get', 'u8', '0')).toBe('*1\r\n*2\r\n$1\r\na\r\n*2\r\n+RO\r\n+access\r\n');
    expect(c.run('COMMAND', 'GETKEYSANDFLAGS', 'bitfield', 'a', 'set', 'u8', '0', '1')).toBe(
      '*1\r\n*2\r\n$1\r\na\r\n*3\r\n+RW\r\n+access\r\n+update\r\n',
    );
  });

  it('prints its help', () => {
    expect(makeServer().client().run('COMMAND', 'HELP')).toMatch(/^\*21\r\n\+COMMAND <subcommand> /);
  });
});

describe('DEBUG', () => {
  const ZEROS = '0'.repeat(40);

  it('is refused unless enable-debug-command allows it', () => {
    expect(makeServer().client().run('DEBUG', 'DIGEST')).toMatch(/^-ERR DEBUG command not allowed\. /);
  });

  it('computes DIGEST and DIGEST-VALUE like Redis', () => {
    const c = debugServer().client();
    expect(c.run('DEBUG', 'DIGEST')).toBe(`+${ZEROS}\r\n`);
    c.run('SET', 'foo', 'bar');
    expect(c.run('DEBUG', 'DIGEST')).toBe('+d2ab4820c1be0580ea28efbfe8bfa1dc05bb802a\r\n');
    expect(c.run('DEBUG', 'DIGEST-VALUE', 'foo', 'nokey')).toBe(`*2\r\n+68467c70ae30376e7ce005bcc8827f5ba7fd67dc\r\n+${ZEROS}\r\n`);
    expect(c.run('DEBUG', 'DIGEST-VALUE')).toBe('*0\r\n');
    expect(c.run('DEBUG', 'DIGEST', 'x')).toBe("-ERR unknown subcommand or wrong number of arguments for 'DIGEST'. Try DEBUG HELP.\r\n");
  });

  it('describes a value with DEBUG OBJECT', () => {
    const t = debugServer();
    const c = t.client();
    c.run('SET', 's', 'va');
    c.run('SET', 'n', '5');
    c.run('RPUSH', 'l', 'a', 'b', 'c');
    expect(c.run('DEBUG', 'OBJECT', 's')).toMatch(
      /^\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:3 lru:\d+ lru_seconds_idle:0\r\n$/,
    );
    t.clock.advance(5000);
    expect(c.run('DEBUG', 'OBJECT', 'n')).toMatch(/ refcount:2147483647 encoding:int serializedlength:2 lru:\d+ lru_seconds_idle:5\r\n$/);
    expect(c.run('DEBUG', 'OBJECT', 'l')).toMatch(
      / encoding:quicklist .* ql_nodes:1 ql_avg_node:3\.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:16\r\n$/,
    );
    expect(c.run('DEBUG', 'OBJECT', 'nokey')).toBe('-ERR no such key\r\n');
  });

  it('creates keys with POPULATE, skipping existing ones, without propagating', () => {
    const t = debugServer();
    const ops = capturePropagation(t);
    const c = t.client();
    c.run('SET', 'key:1', 'mine');
    expect(c.run('DEBUG', 'POPULATE', '3')).toBe(OK);
    expect(c.run('MGET', 'key:0', 'key:1', 'key:2')).toBe('*3\r\n$7\r\nvalue:0\r\n$4\r\nmine\r\n$7\r\nvalue:2\r\n');
    expect(c.run('DEBUG', 'POPULATE', '2', 'p', '3')).toBe(OK);
    expect(c.run('GET', 'p:1')).toBe('$3\r\nval\r\n');
    expect(c.run('DEBUG', 'POPULATE', '1', 'q', '10')).toBe(OK);
    expect(c.run('GET', 'q:0')).toBe('$10\r\nvalue:0\0\0\0\r\n');
    expect(ops.map((o) => o.argv[0])).toEqual(['SET']);
    expect(c.run('DEBUG', 'POPULATE', '-1')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(c.run('DEBUG', 'POPULATE', 'x')).toBe('-ERR value is out of range, must be positive\r\n');
    expect(c.run('DEBUG', 'POPULATE', '1', 'a', '2', '3')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'POPULATE'. Try DEBUG HELP.\r\n",
    );
  });

  it.each([
    ['string', '$11\r\nHello World\r\n', '$11\r\nHello World\r\n'],
    ['integer', ':12345\r\n', ':12345\r\n'],
    ['double', '$5\r\n3.141\r\n', ',3.141\r\n'],
    ['bignum', '$37\r\n1234567999999999999999999999999999999\r\n', '(1234567999999999999999999999999999999\r\n'],
    ['null', '$-1\r\n', '_\r\n'],
    ['array', '*3\r\n:0\r\n:1\r\n:2\r\n', '*3\r\n:0\r\n:1\r\n:2\r\n'],
    ['set', '*3\r\n:0\r\n:1\r\n:2\r\n', '~3\r\n:0\r\n:1\r\n:2\r\n'],
    ['map', '*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n', '%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n'],
    [
      'attrib',
      '$39\r\nSome real reply following the attribute\r\n',
      '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n',
    ],
    [
      'push',
      '-ERR RESP2 is not supported by this command\r\n',
      '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n',
    ],
    ['verbatim', '$25\r\nThis is a verbatim\nstring\r\n', '=29\r\ntxt:This is a verbatim\nstring\r\n'],
    ['true', ':1\r\n', '#t\r\n'],
    ['false', ':0\r\n', '#f\r\n'],
  ])('answers DEBUG PROTOCOL %s in RESP2 and RESP3', (type, resp2, resp3) => {
    const c = debugServer().client();
    expect(c.run('DEBUG', 'PROTOCOL', type)).toBe(resp2);
    c.c.resp = 3;
    expect(c.run('DEBUG', 'PROTOCOL', type.toUpperCase())).toBe(resp3);
  });

  it('rejects unknown protocol types', () => {
    expect(debugServer().client().run('DEBUG', 'PROTOCOL', 'xx')).toBe(
      '-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n',
    );
  });

  it('replies with the given error text', () => {
    const c = debugServer().client();
    expect(c.run('DEBUG', 'ERROR', 'foo bar')).toBe('-foo bar\r\n');
    expect(c.run('DEBUG', 'ERROR', '-WRONG thing')).toBe('--WRONG thing\r\n');
  });

  it('turns active expiry off and on, also across PAUSE-CRON', () => {
    const t = debugServer();
    const c = t.client();
    expect(c.run('DEBUG', 'SET-ACTIVE-EXPIRE', '0')).toBe(OK);
    expect(isActiveExpireEnabled(t.state)).toBe(false);
    expect(c.run('DEBUG', 'SET-ACTIVE-EXPIRE', '2')).toBe(OK);
    expect(isActiveExpireEnabled(t.state)).toBe(true);
    expect(c.run('DEBUG', 'PAUSE-CRON', '1')).toBe(OK);
    expect(isActiveExpireEnabled(t.state)).toBe(false);
    c.run('DEBUG', 'SET-ACTIVE-EXPIRE', '0');
    c.run('DEBUG', 'SET-ACTIVE-EXPIRE', '1');
    expect(isActiveExpireEnabled(t.state)).toBe(false);
    expect(c.run('DEBUG', 'PAUSE-CRON', '0')).toBe(OK);
    expect(isActiveExpireEnabled(t.state)).toBe(true);
  });

  it('sleeps, logs and prints help', () => {
    const c = debugServer().client();
    expect(c.run('DEBUG', 'SLEEP', '0')).toBe(OK);
    expect(c.run('DEBUG', 'SLEEP', 'abc')).toBe(OK);
    expect(c.run('DEBUG', 'HELP')).toMatch(/^\*\d+\r\n\+DEBUG <subcommand> \[<arg> \[value\] \[opt\] \.\.\.\]\. Subcommands are:\r\n/);
  });

  it('rejects unknown subcommands and wrong argument counts', () => {
    const c = debugServer().client();
    expect(c.run('DEBUG', 'bogus')).toBe("-ERR unknown subcommand or wrong number of arguments for 'bogus'. Try DEBUG HELP.\r\n");
    expect(c.run('DEBUG', 'OBJECT')).toBe("-ERR unknown subcommand or wrong number of arguments for 'OBJECT'. Try DEBUG HELP.\r\n");
    expect(c.run('DEBUG')).toBe("-ERR wrong number of arguments for 'debug' command\r\n");
  });
});
