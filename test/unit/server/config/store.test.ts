import { describe, expect, it } from 'vitest';
import {
  ConfigStore,
  ConfigValueError,
  keyspaceEventsFlagsToString,
  keyspaceEventsStringToFlags,
  memtoull,
  NOTIFY_EXPIRED,
  NOTIFY_KEYEVENT,
  parseMemory,
} from '../../../../src/server/config/store.js';

const OPTS = { allowProtected: false, loading: false };

/** The reason a conf-line set fails with. */
function reason(store: ConfigStore, name: string, args: string[]): string {
  try {
    store.set(name, args);
  } catch (e) {
    if (e instanceof ConfigValueError) return e.message;
    throw e;
  }
  return 'accepted';
}

describe('memtoull', () => {
  it.each([
    ['0', 0n],
    ['123', 123n],
    ['1b', 1n],
    ['1k', 1000n],
    ['1kb', 1024n],
    ['1K', 1000n],
    ['1KB', 1024n],
    ['2m', 2000000n],
    ['2mb', 2097152n],
    ['1g', 1000000000n],
    ['1gb', 1073741824n],
    ['1Gb', 1073741824n],
    ['01mb', 1048576n],
    ['', 0n],
    ['mb', 0n],
    ['18446744073709551615', 18446744073709551615n],
    // strtoull saturates, then the unit multiplication wraps like C.
    ['18446744073709551616', 18446744073709551615n],
    ['20000000000000000000gb', (18446744073709551615n * 1073741824n) % (1n << 64n)],
  ])('reads %j as %s', (text, want) => {
    expect(memtoull(text)).toBe(want);
  });

  it.each(['-1', '1x', '1.5mb', '+1', ' 1', '1 ', '1kbb', '1t'])('refuses %j', (text) => {
    expect(memtoull(text)).toBeNull();
  });

  it('has a number form for callers', () => {
    expect(parseMemory('1gb')).toBe(1073741824);
    expect(parseMemory('x')).toBeNull();
  });
});

describe('defaults', () => {
  it('starts every directive at its compiled default', () => {
    const s = new ConfigStore();
    expect(s.num('port')).toBe(6379);
    expect(s.num('proto-max-bulk-len')).toBe(512 * 1024 * 1024);
    expect(s.bool('replica-read-only')).toBe(true);
    expect(s.bool('slave-read-only')).toBe(true);
    expect(s.str('loglevel')).toBe('notice');
    expect(s.list('save')).toEqual(['3600', '1', '300', '100', '60', '10000']);
    expect(s.list('bind')).toEqual(['127.0.0.1', '-::1']);
    expect(s.list('replicaof')).toEqual([]);
    expect(s.format('client-output-buffer-limit')).toBe('normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60');
    expect(s.format('latency-tracking-info-percentiles')).toBe('50 99 99.9');
    expect(s.format('shutdown-on-sigterm')).toBe('default');
    expect(s.format('dir')).toBe(process.cwd());
  });

  it('is case-insensitive and knows aliases', () => {
    const s = new ConfigStore();
    expect(s.num('MAXMEMORY')).toBe(0);
    expect(s.num('hash-max-ziplist-entries')).toBe(512);
    s.set('Slave-Priority', ['7']);
    expect(s.num('replica-priority')).toBe(7);
  });
});

describe('values from conf lines', () => {
  it('parses yes/no in any case', () => {
    const s = new ConfigStore();
    s.set('appendonly', ['YES']);
    expect(s.bool('appendonly')).toBe(true);
    expect(s.format('appendonly')).toBe('yes');
    expect(reason(s, 'appendonly', ['maybe'])).toBe("argument must be 'yes' or 'no'");
  });

  it('reads integers strictly, as string2ll', () => {
    const s = new ConfigStore();
    for (const bad of ['01', '+1', '-0', ' 1', '1 ', 'abc', '99999999999999999999']) {
      expect(reason(s, 'timeout', [bad])).toBe("argument couldn't be parsed into an integer");
    }
    expect(reason(s, 'port', ['70000'])).toBe('argument must be between 0 and 65535 inclusive');
    expect(reason(s, 'databases', ['0'])).toBe('argument must be between 1 and 2147483647 inclusive');
    expect(reason(s, 'maxclients', ['-1'])).toBe('argument must be between 1 and 4294967295 inclusive');
    expect(reason(s, 'slowlog-log-slower-than', ['-2'])).toBe('argument must be between -1 and 9223372036854775807 inclusive');
    s.set('list-max-listpack-size', ['-9']);
    expect(s.num('list-max-ziplist-size')).toBe(-9);
  });

  it('reads memory values and prints them in bytes', () => {
    const s = new ConfigStore();
    s.set('maxmemory', ['1gb']);
    expect(s.num('maxmemory')).toBe(1073741824);
    expect(s.format('maxmemory')).toBe('1073741824');
    expect(reason(s, 'maxmemory', ['1x'])).toBe('argument must be a memory value');
    expect(reason(s, 'maxmemory', ['-1'])).toBe('argument must be a memory value');
    expect(reason(s, 'proto-max-bulk-len', ['1m'])).toBe('argument must be between 1048576 and 9223372036854775807 inclusive');
    expect(reason(s, 'hash-max-listpack-value', ['9223372036854775808'])).toBe(
      'argument must be between 0 and 9223372036854775807 inclusive',
    );
  });

  it('keeps unsigned 64-bit values exact', () => {
    const s = new ConfigStore();
    s.set('maxmemory', ['99999999999999999999999']);
    expect(s.format('maxmemory')).toBe('18446744073709551615');
    expect(s.exact('maxmemory')).toBe(18446744073709551615n);
  });

  it('takes percentages where Redis does', () => {
    const s = new ConfigStore();
    s.set('maxmemory-clients', ['10%']);
    expect(s.format('maxmemory-clients')).toBe('10%');
    expect(s.num('maxmemory-clients')).toBe(-10);
    expect(reason(s, 'maxmemory-clients', ['200%'])).toBe('percentage argument must be less or equal to 100');
    expect(reason(s, 'maxmemory-clients', ['-5'])).toBe('argument must be a memory or percent value');
    expect(reason(s, 'maxmemory', ['5%'])).toBe('argument must be a memory value');
    // memtoull wraps to -1 as a signed size, which reads as 1%.
    s.set('maxmemory-clients', ['99999999999999999999999']);
    expect(s.format('maxmemory-clients')).toBe('1%');
  });

  it('reads and prints unixsocketperm in octal', () => {
    const s = new ConfigStore();
    s.set('unixsocketperm', ['700']);
    expect(s.num('unixsocketperm')).toBe(0o700);
    expect(s.format('unixsocketperm')).toBe('700');
    expect(reason(s, 'unixsocketperm', ['999'])).toBe("argument couldn't be parsed as an octal number");
    expect(reason(s, 'unixsocketperm', ['1000'])).toBe('argument must be between 0 and 777 inclusive');
  });

  it('clamps hz into 1..500 after checking its bounds', () => {
    const s = new ConfigStore();
    s.set('hz', ['1000']);
    expect(s.num('hz')).toBe(500);
    s.set('hz', ['0']);
    expect(s.format('hz')).toBe('1');
    expect(reason(s, 'hz', ['-1'])).toBe('argument must be between 0 and 2147483647 inclusive');
  });

  it('matches enums case-insensitively and lists the choices on error', () => {
    const s = new ConfigStore();
    s.set('maxmemory-policy', ['ALLKEYS-LRU']);
    expect(s.str('maxmemory-policy')).toBe('allkeys-lru');
    expect(reason(s, 'loglevel', ['foo'])).toBe('argument(s) must be one of the following: debug, verbose, notice, warning');
    s.set('oom-score-adj', ['relative']);
    expect(s.format('oom-score-adj')).toBe('yes');
  });

  it('combines shutdown-on-sig* flags and prints them in table order', () => {
    const s = new ConfigStore();
    s.set('shutdown-on-sigterm', ['force now']);
    expect(s.format('shutdown-on-sigterm')).toBe('now force');
    s.set('shutdown-on-sigterm', ['default', 'now']);
    expect(s.format('shutdown-on-sigterm')).toBe('now');
    expect(reason(s, 'shutdown-on-sigint', ['save nosave'])).toBe("shutdown options SAVE and NOSAVE can't be used simultaneously");
    expect(reason(s, 'shutdown-on-sigint', [''])).toBe(
      'argument(s) must be one of the following: default, save, nosave, now, force',
    );
  });

  it('validates strings where Redis does', () => {
    const s = new ConfigStore();
    expect(reason(s, 'dbfilename', ['a/b'])).toBe("dbfilename can't be a path, just a filename");
    expect(reason(s, 'appendfilename', [''])).toBe("appendfilename can't be empty");
    expect(reason(s, 'appenddirname', ['a/b'])).toBe("appenddirname can't be a path, just a dirname");
    expect(reason(s, 'cluster-announce-hostname', ['a_b'])).toBe('Hostnames may only contain alphanumeric characters, hyphens or dots');
    expect(reason(s, 'proc-title-template', ['{foo}'])).toBe('template format is invalid or contains unknown variables');
    expect(reason(s, 'proc-title-template', ['{title}'])).toBe('template format is invalid or contains unknown variables');
    expect(reason(s, 'proc-title-template', ['{{title}} x'])).toBe('accepted');
    expect(reason(s, 'activedefrag', ['yes'])).toMatch(/^Active defragmentation cannot be enabled/);
  });

  it('refuses extra words on single-value directives', () => {
    const s = new ConfigStore();
    expect(reason(s, 'port', ['1', '2'])).toBe('wrong number of arguments');
    expect(reason(s, 'nosuch', ['1'])).toBe('Bad directive or wrong number of arguments');
  });
});

describe('special directives', () => {
  it('replaces the save defaults on the first save line of a file, then appends', () => {
    const s = new ConfigStore();
    s.readingFile = true;
    s.set('save', ['900', '1']);
    s.set('save', ['300 10']);
    expect(s.format('save')).toBe('900 1 300 10');
    s.set('save', ['']);
    expect(s.format('save')).toBe('');
    s.set('save', ['60', '5']);
    expect(s.format('save')).toBe('60 5');
  });

  it('checks save pairs like config.c', () => {
    const s = new ConfigStore();
    expect(reason(s, 'save', ['1'])).toBe('Invalid save parameters');
    expect(reason(s, 'save', ['0', '1'])).toBe('Invalid save parameters');
    expect(reason(s, 'save', ['1', '-1'])).toBe('Invalid save parameters');
    expect(reason(s, 'save', ['x', '1'])).toBe('Invalid save parameters');
    s.set('save', ['+5', '4294967297']);
    expect(s.format('save')).toBe('5 1');
  });

  it('splits a quoted replicaof and checks the port', () => {
    const s = new ConfigStore();
    s.set('replicaof', ['127.0.0.1 6379']);
    expect(s.list('replicaof')).toEqual(['127.0.0.1', '6379']);
    s.set('slaveof', ['no', 'one']);
    expect(s.list('replicaof')).toEqual([]);
    expect(reason(s, 'replicaof', ['a'])).toBe('wrong number of arguments');
    expect(reason(s, 'replicaof', ['a', 'b'])).toBe('Invalid master port');
    expect(reason(s, 'replicaof', ['a', '70000'])).toBe('Invalid master port');
  });

  it('limits bind to 16 addresses and takes "" as none', () => {
    const s = new ConfigStore();
    s.set('bind', ['']);
    expect(s.list('bind')).toEqual([]);
    s.set('bind', ['1.2.3.4', '-::1']);
    expect(s.format('bind')).toBe('1.2.3.4 -::1');
    expect(reason(s, 'bind', Array.from({ length: 17 }, (_, i) => `10.0.0.${i}`))).toBe('Too many bind addresses specified.');
  });

  it('merges client-output-buffer-limit classes', () => {
    const s = new ConfigStore();
    s.set('client-output-buffer-limit', ['replica', '1mb', '2mb', '3']);
    expect(s.format('client-output-buffer-limit')).toBe('normal 0 0 0 slave 1048576 2097152 3 pubsub 33554432 8388608 60');
    expect(s.outputBufferLimit('slave')).toEqual({ hard: 1048576n, soft: 2097152n, softSeconds: 3 });
    expect(reason(s, 'client-output-buffer-limit', ['x'])).toBe('Wrong number of arguments in buffer limit configuration.');
    expect(reason(s, 'client-output-buffer-limit', ['master', '1', '1', '1'])).toBe(
      'Invalid client class specified in buffer limit configuration.',
    );
    expect(reason(s, 'client-output-buffer-limit', ['normal', '1', '1', '-1'])).toBe(
      'Error in hard, soft or soft_seconds setting in buffer limit configuration.',
    );
  });

  it('canonicalises notify-keyspace-events', () => {
    const s = new ConfigStore();
    s.set('notify-keyspace-events', ['KEA']);
    expect(s.format('notify-keyspace-events')).toBe('AKE');
    s.set('notify-keyspace-events', ['Ex']);
    expect(s.format('notify-keyspace-events')).toBe('xE');
    expect(s.notifyKeyspaceEvents).toBe(NOTIFY_EXPIRED | NOTIFY_KEYEVENT);
    expect(reason(s, 'notify-keyspace-events', ['Z'])).toBe("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    expect(keyspaceEventsFlagsToString(keyspaceEventsStringToFlags('$$gA'))).toBe('A');
    expect(keyspaceEventsFlagsToString(keyspaceEventsStringToFlags('glshzxetdnmKE$'))).toBe('AKEm');
  });

  it('checks oom-score-adj-values and percentiles', () => {
    const s = new ConfigStore();
    expect(reason(s, 'oom-score-adj-values', ['1', '2'])).toBe('wrong number of arguments');
    expect(reason(s, 'oom-score-adj-values', ['1', '2', '3000'])).toBe(
      'Invalid oom-score-adj-values, elements must be between -2000 and 2000.',
    );
    s.set('latency-tracking-info-percentiles', ['1e1 0x10 99.99999']);
    expect(s.format('latency-tracking-info-percentiles')).toBe('10 16 99.99999');
    expect(reason(s, 'latency-tracking-info-percentiles', ['101'])).toBe(
      'latency-tracking-info-percentiles parameters should sit between [0.0,100.0]',
    );
    expect(reason(s, 'latency-tracking-info-percentiles', ['nan'])).toBe('Invalid latency-tracking-info-percentiles parameters');
  });

  it('checks that dir exists', () => {
    const s = new ConfigStore();
    expect(reason(s, 'dir', ['/nonexistent/x'])).toBe('No such file or directory');
    s.set('dir', ['/tmp']);
    expect(s.format('dir')).toBe('/tmp');
  });
});

describe('configSet', () => {
  it('sets several values at once', () => {
    const s = new ConfigStore();
    expect(s.configSet([['maxmemory', '10mb'], ['save', '100 10 200 20']], OPTS)).toBeNull();
    expect(s.num('maxmemory')).toBe(10485760);
    expect(s.format('save')).toBe('100 10 200 20');
  });

  it('reports the first problem in config.c order', () => {
    const s = new ConfigStore();
    expect(s.configSet([['foo', 'bar']], OPTS)).toBe("ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    expect(s.configSet([['daemonize', 'yes'], ['foo', 'bar']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
    );
    expect(s.configSet([['foo', 'bar'], ['daemonize', 'yes']], OPTS)).toBe(
      "ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
    );
    expect(s.configSet([['DAEMONIZE', 'yes']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set immutable config",
    );
    expect(s.configSet([['dir', '/tmp']], OPTS)).toBe("ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
    expect(s.configSet([['MAXMEMORY', '1'], ['maxmemory', '2']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter",
    );
    expect(s.configSet([['dir', '/tmp']], { allowProtected: false, loading: true })).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config",
    );
    expect(s.configSet([['appendonly', 'no']], { allowProtected: false, loading: true })).toBe(
      'LOADING Redis is loading the dataset in memory',
    );
  });

  it('names the entry that failed to parse in lower case', () => {
    const s = new ConfigStore();
    expect(s.configSet([['MAXMEMORY', '1x']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value",
    );
    expect(s.configSet([['Slave-Priority', 'x']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'slave-priority') - argument couldn't be parsed into an integer",
    );
  });

  it('treats an alias and its name as two entries', () => {
    const s = new ConfigStore();
    expect(s.configSet([['slave-priority', '1'], ['replica-priority', '2']], OPTS)).toBeNull();
    expect(s.num('replica-priority')).toBe(2);
  });

  it('restores every value when one fails', () => {
    const s = new ConfigStore();
    const err = s.configSet([['maxmemory', '5mb'], ['hz', '20'], ['port', 'abc']], OPTS);
    expect(err).toBe("ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer");
    expect(s.num('maxmemory')).toBe(0);
    expect(s.num('hz')).toBe(10);
  });

  it('splits multi-word values on single spaces', () => {
    const s = new ConfigStore();
    expect(s.configSet([['save', '100  10']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters",
    );
    expect(s.configSet([['save', '']], OPTS)).toBeNull();
    expect(s.list('save')).toEqual([]);
    expect(s.configSet([['loglevel', 'notice warning']], OPTS)).toMatch(/argument\(s\) must be one of the following/);
  });

  it('runs apply hooks once, and rolls back when one refuses', () => {
    const s = new ConfigStore();
    const calls: string[] = [];
    const hook = (): string | null => {
      calls.push(`${s.num('min-replicas-to-write')}/${s.num('min-replicas-max-lag')}`);
      return null;
    };
    s.onApply(['min-replicas-to-write', 'min-replicas-max-lag'], hook);
    expect(s.configSet([['min-replicas-to-write', '2'], ['min-replicas-max-lag', '5']], OPTS)).toBeNull();
    expect(calls).toEqual(['2/5']);
    // Unchanged values do not run hooks.
    expect(s.configSet([['min-replicas-to-write', '2']], OPTS)).toBeNull();
    expect(calls).toEqual(['2/5']);

    let refuse = true;
    s.onApply('port', () => (refuse ? 'Unable to listen on this port. Check server logs.' : null));
    expect(s.configSet([['maxmemory', '1mb'], ['port', '7000']], OPTS)).toBe(
      "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.",
    );
    expect(s.num('port')).toBe(6379);
    expect(s.num('maxmemory')).toBe(0);
    refuse = false;
    expect(s.configSet([['port', '7000']], OPTS)).toBeNull();
    expect(s.num('port')).toBe(7000);
  });

  it('tells change listeners', () => {
    const s = new ConfigStore();
    const seen: Array<[string, unknown]> = [];
    s.onChange((name, v) => seen.push([name, v]));
    s.configSet([['slave-read-only', 'no']], OPTS);
    expect(seen).toEqual([['replica-read-only', false]]);
  });
});

describe('configSet with asynchronous apply functions (listener changes)', () => {
  /** An apply function answering later: each call waits for the test to settle it. */
  function deferredApply(s: ConfigStore) {
    const calls: Array<{ port: number; settle: (why: string | null) => void }> = [];
    const fn = (): Promise<string | null> =>
      new Promise((settle) => {
        calls.push({ port: s.num('port'), settle });
      });
    return { fn, calls };
  }

  /** Lets pending promise callbacks run. */
  const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

  it('answers with a promise of null once the change is applied', async () => {
    const s = new ConfigStore();
    const apply = deferredApply(s);
    s.onApply('port', apply.fn);
    const result = s.configSet([['port', '7000']], OPTS);
    expect(result).toBeInstanceOf(Promise);
    await tick();
    expect(apply.calls.map((c) => c.port)).toEqual([7000]);
    apply.calls[0]!.settle(null);
    expect(await result).toBeNull();
    expect(s.num('port')).toBe(7000);
  });

  it('restores every value and re-applies the old ones when the change is refused', async () => {
    const s = new ConfigStore();
    const warnings: string[] = [];
    s.warn = (m) => warnings.push(m);
    const apply = deferredApply(s);
    s.onApply('port', apply.fn);
    const result = s.configSet([['maxmemory', '1mb'], ['port', '7000']], OPTS);
    await tick();
    apply.calls[0]!.settle('Unable to listen on this port. Check server logs.');
    await tick();
    // The rollback re-runs the apply function with the old port before the error is told.
    expect(apply.calls.map((c) => c.port)).toEqual([7000, 6379]);
    expect(s.num('maxmemory')).toBe(0);
    apply.calls[1]!.settle(null);
    expect(await result).toBe("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.");
    expect(s.num('port')).toBe(6379);
    expect(warnings).toEqual(['Failed applying new configuration. Possibly related to new port setting. Restoring previous settings.']);
  });

  it('runs apply functions in argument order and logs a refusal while restoring', async () => {
    const s = new ConfigStore();
    const warnings: string[] = [];
    s.warn = (m) => warnings.push(m);
    const order: string[] = [];
    s.onApply('port', async () => {
      order.push(`port ${s.num('port')}`);
      return null;
    });
    s.onApply('bind', () => {
      order.push(`bind ${s.format('bind')}`);
      return 'Failed to bind to specified addresses.';
    });
    const err = await s.configSet([['port', '7000'], ['bind', '10.0.0.1']], OPTS);
    expect(err).toBe("ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.");
    expect(order).toEqual(['port 7000', 'bind 10.0.0.1', 'port 6379', 'bind 127.0.0.1 -::1']);
    expect(warnings).toEqual([
      'Failed applying new configuration. Possibly related to new bind setting. Restoring previous settings.',
      'Failed applying restored failed CONFIG SET command: Failed to bind to specified addresses.',
    ]);
  });

  it('runs a CONFIG SET that arrives meanwhile after the pending one', async () => {
    const s = new ConfigStore();
    const apply = deferredApply(s);
    s.onApply('port', apply.fn);
    const first = s.configSet([['port', '7000']], OPTS);
    const second = s.configSet([['maxmemory', '2mb']], OPTS);
    expect(second).toBeInstanceOf(Promise);
    await tick();
    expect(s.num('maxmemory')).toBe(0);
    apply.calls[0]!.settle('Unable to listen on this port. Check server logs.');
    await tick();
    apply.calls[1]!.settle(null);
    expect(await first).toMatch(/Unable to listen/);
    expect(await second).toBeNull();
    expect(s.num('maxmemory')).toBe(2097152);
    expect(s.num('port')).toBe(6379);
    // Nothing pending any more: the next CONFIG SET answers at once.
    expect(s.configSet([['maxmemory', '3mb']], OPTS)).toBeNull();
  });
});
