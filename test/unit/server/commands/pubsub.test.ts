import { describe, expect, it } from 'vitest';
import {
  pubsubChannelCount,
  pubsubPatternCount,
  pubsubShardChannelCount,
} from '../../../../src/server/pubsub.js';
import type { PropagatedOp } from '../../../../src/server/state.js';
import { makeServer } from '../../../helpers/harness.js';

const frame = (resp: 2 | 3, ...items: Array<string | number | null>): string =>
  (resp === 2 ? `*${items.length}\r\n` : `>${items.length}\r\n`) +
  items
    .map((i) => (i === null ? (resp === 2 ? '$-1\r\n' : '_\r\n') : typeof i === 'number' ? `:${i}\r\n` : `$${i.length}\r\n${i}\r\n`))
    .join('');

describe.each([2, 3] as const)('subscriptions in RESP%i', (resp) => {
  it('confirms each channel with the running count, duplicates included', () => {
    const c = makeServer().client();
    c.c.resp = resp;
    expect(c.run('SUBSCRIBE', 'a', 'b', 'a')).toBe(
      frame(resp, 'subscribe', 'a', 1) + frame(resp, 'subscribe', 'b', 2) + frame(resp, 'subscribe', 'a', 2),
    );
    expect(c.run('PSUBSCRIBE', 'p*')).toBe(frame(resp, 'psubscribe', 'p*', 3));
    // Shard channels are counted on their own.
    expect(c.run('SSUBSCRIBE', 's1', 's2')).toBe(frame(resp, 'ssubscribe', 's1', 1) + frame(resp, 'ssubscribe', 's2', 2));
    expect(c.run('UNSUBSCRIBE', 'x')).toBe(frame(resp, 'unsubscribe', 'x', 3));
    expect(c.run('SUNSUBSCRIBE')).toBe(frame(resp, 'sunsubscribe', 's1', 1) + frame(resp, 'sunsubscribe', 's2', 0));
    expect(c.run('UNSUBSCRIBE')).toBe(frame(resp, 'unsubscribe', 'a', 2) + frame(resp, 'unsubscribe', 'b', 1));
    expect(c.run('PUNSUBSCRIBE')).toBe(frame(resp, 'punsubscribe', 'p*', 0));
    expect(c.run('PING')).toBe('+PONG\r\n');
  });

  it('notifies a null channel when unsubscribing from nothing', () => {
    const c = makeServer().client();
    c.c.resp = resp;
    expect(c.run('UNSUBSCRIBE')).toBe(frame(resp, 'unsubscribe', null, 0));
    expect(c.run('PUNSUBSCRIBE')).toBe(frame(resp, 'punsubscribe', null, 0));
    expect(c.run('SUNSUBSCRIBE')).toBe(frame(resp, 'sunsubscribe', null, 0));
  });

  it('delivers message, pmessage and smessage frames', () => {
    const srv = makeServer();
    const sub = srv.client();
    const pub = srv.client();
    sub.c.resp = resp;
    sub.run('SUBSCRIBE', 'news');
    sub.run('PSUBSCRIBE', 'n*', 'x*');
    sub.run('SSUBSCRIBE', 'shard');
    expect(pub.run('PUBLISH', 'news', 'hello')).toBe(':2\r\n');
    expect(sub.take()).toBe(frame(resp, 'message', 'news', 'hello') + frame(resp, 'pmessage', 'n*', 'news', 'hello'));
    expect(pub.run('PUBLISH', 'nothing', 'x')).toBe(':1\r\n');
    expect(sub.take()).toBe(frame(resp, 'pmessage', 'n*', 'nothing', 'x'));
    expect(pub.run('SPUBLISH', 'shard', 'm')).toBe(':1\r\n');
    expect(sub.take()).toBe(frame(resp, 'smessage', 'shard', 'm'));
    // Patterns never match shard channels.
    expect(pub.run('SPUBLISH', 'news', 'm')).toBe(':0\r\n');
    expect(pub.run('PUBLISH', 'other', 'm')).toBe(':0\r\n');
    expect(sub.take()).toBe('');
  });

  it('keeps binary channels and messages intact', () => {
    const srv = makeServer();
    const sub = srv.client();
    const pub = srv.client();
    sub.c.resp = resp;
    sub.run('SUBSCRIBE', 'c\r\n\x00\xff');
    expect(pub.run('PUBLISH', 'c\r\n\x00\xff', '\x00\x01\xfe')).toBe(':1\r\n');
    expect(sub.take()).toBe(frame(resp, 'message', 'c\r\n\x00\xff', '\x00\x01\xfe'));
  });
});

describe('subscribe context', () => {
  it('restricts a RESP2 subscriber to the pub/sub commands, PING, QUIT and RESET', () => {
    const c = makeServer().client();
    c.run('SUBSCRIBE', 'a');
    expect(c.run('GET', 'x')).toBe(
      "-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    expect(c.run('PUBLISH', 'a', 'x')).toBe(
      "-ERR Can't execute 'publish': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    expect(c.run('PING')).toBe('*2\r\n$4\r\npong\r\n$0\r\n\r\n');
    expect(c.run('PING', 'x')).toBe('*2\r\n$4\r\npong\r\n$1\r\nx\r\n');
    c.run('UNSUBSCRIBE');
    expect(c.run('GET', 'x')).toBe('$-1\r\n');
  });

  it('lets a RESP3 subscriber run any command', () => {
    const srv = makeServer();
    const c = srv.client();
    c.c.resp = 3;
    c.run('SUBSCRIBE', 'a');
    expect(c.run('PING')).toBe('+PONG\r\n');
    expect(c.run('PING', 'x')).toBe('$1\r\nx\r\n');
    expect(c.run('GET', 'x')).toBe('_\r\n');
    // Publishing to itself: the push comes before the reply.
    expect(c.run('PUBLISH', 'a', 'hi')).toBe(frame(3, 'message', 'a', 'hi') + ':1\r\n');
  });
});

describe('PUBSUB', () => {
  it('lists channels, counts subscribers and patterns', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    const q = srv.client();
    a.run('SUBSCRIBE', 'ch1', 'ch2', 'xx');
    a.run('PSUBSCRIBE', 'p*', 'q*');
    b.run('SUBSCRIBE', 'ch1');
    b.run('PSUBSCRIBE', 'p*');
    b.run('SSUBSCRIBE', 's1');
    expect(q.run('PUBSUB', 'CHANNELS')).toBe('*3\r\n$3\r\nch1\r\n$3\r\nch2\r\n$2\r\nxx\r\n');
    expect(q.run('PUBSUB', 'CHANNELS', 'ch*')).toBe('*2\r\n$3\r\nch1\r\n$3\r\nch2\r\n');
    expect(q.run('PUBSUB', 'NUMSUB', 'ch1', 'zz', 'ch1')).toBe('*6\r\n$3\r\nch1\r\n:2\r\n$2\r\nzz\r\n:0\r\n$3\r\nch1\r\n:2\r\n');
    expect(q.run('PUBSUB', 'NUMSUB')).toBe('*0\r\n');
    expect(q.run('PUBSUB', 'NUMPAT')).toBe(':2\r\n');
    expect(q.run('PUBSUB', 'SHARDCHANNELS')).toBe('*1\r\n$2\r\ns1\r\n');
    expect(q.run('PUBSUB', 'SHARDCHANNELS', 'x*')).toBe('*0\r\n');
    expect(q.run('PUBSUB', 'SHARDNUMSUB', 's1', 's2')).toBe('*4\r\n$2\r\ns1\r\n:1\r\n$2\r\ns2\r\n:0\r\n');
    // RESP3 keeps the flat array.
    q.c.resp = 3;
    expect(q.run('PUBSUB', 'NUMSUB', 'ch2')).toBe('*2\r\n$3\r\nch2\r\n:1\r\n');
    expect(pubsubChannelCount(srv.state)).toBe(3);
    expect(pubsubPatternCount(srv.state)).toBe(2);
    expect(pubsubShardChannelCount(srv.state)).toBe(1);
    a.run('UNSUBSCRIBE');
    a.run('PUNSUBSCRIBE');
    expect(q.run('PUBSUB', 'CHANNELS')).toBe('*1\r\n$3\r\nch1\r\n');
    expect(q.run('PUBSUB', 'NUMPAT')).toBe(':1\r\n');
  });

  it('rejects bad arguments with Redis texts', () => {
    const c = makeServer().client();
    expect(c.run('PUBSUB')).toBe("-ERR wrong number of arguments for 'pubsub' command\r\n");
    expect(c.run('PUBSUB', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try PUBSUB HELP.\r\n");
    expect(c.run('PUBSUB', 'CHANNELS', 'a', 'b')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n",
    );
    expect(c.run('pubsub', 'shardchannels', 'a', 'b')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'shardchannels'. Try PUBSUB HELP.\r\n",
    );
    expect(c.run('PUBSUB', 'NUMPAT', 'x')).toBe("-ERR wrong number of arguments for 'pubsub|numpat' command\r\n");
    expect(c.run('SUBSCRIBE')).toBe("-ERR wrong number of arguments for 'subscribe' command\r\n");
    expect(c.run('PUBLISH', 'a')).toBe("-ERR wrong number of arguments for 'publish' command\r\n");
  });

  it('prints the help', () => {
    const c = makeServer().client();
    expect(c.run('PUBSUB', 'HELP')).toBe(
      '*14\r\n+PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CHANNELS [<pattern>]\r\n' +
        "+    Return the currently active channels matching a <pattern> (default: '*').\r\n+NUMPAT\r\n" +
        '+    Return number of subscriptions to patterns.\r\n+NUMSUB [<channel> ...]\r\n' +
        '+    Return the number of subscribers for the specified channels, excluding\r\n' +
        '+    pattern subscriptions(default: no channels).\r\n+SHARDCHANNELS [<pattern>]\r\n' +
        "+    Return the currently active shard level channels matching a <pattern> (default: '*').\r\n" +
        '+SHARDNUMSUB [<shardchannel> ...]\r\n' +
        '+    Return the number of subscribers for the specified shard level channel(s)\r\n+HELP\r\n+    Prints this help.\r\n',
    );
  });
});

describe('PUBLISH propagation', () => {
  it('propagates PUBLISH and SPUBLISH to replicas although nothing changed', () => {
    const srv = makeServer();
    const units: PropagatedOp[][] = [];
    srv.state.propagationSink = (ops) => units.push(ops);
    const c = srv.client();
    c.run('PUBLISH', 'ch', 'm');
    c.run('SPUBLISH', 'sh', 'm');
    expect(units).toEqual([[{ db: 0, argv: ['PUBLISH', 'ch', 'm'] }], [{ db: 0, argv: ['SPUBLISH', 'sh', 'm'] }]]);
  });

  it('delivers on a replica what the master link publishes, without replying to the master', () => {
    const srv = makeServer();
    srv.state.masterHost = '127.0.0.1';
    const sub = srv.client();
    const master = srv.client();
    master.c.isMaster = true;
    sub.run('SUBSCRIBE', 'ch');
    expect(master.run('PUBLISH', 'ch', 'm')).toBe('');
    expect(sub.take()).toBe(frame(2, 'message', 'ch', 'm'));
  });
});
