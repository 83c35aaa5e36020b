// Pub/sub between real connections of the built server: RESP2 arrays and RESP3 push
// frames, pattern delivery, the subscribe context, and cleanup when a subscriber leaves.

import { describe, expect, it } from 'vitest';
import { RespPush, RespStatus } from '../../../src/server/protocol/types.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

describe('pub/sub across clients', () => {
  it('delivers RESP2 messages and pattern messages to another connection', async () => {
    const s = await startRctlServer();
    const sub = await s.client();
    const pub = await s.client();
    expect(await sub.send('SUBSCRIBE', 'news')).toEqual(['subscribe', 'news', 1]);
    expect(await sub.send('PSUBSCRIBE', 'n*')).toEqual(['psubscribe', 'n*', 2]);
    expect(await pub.call('PUBLISH', 'news', 'hello')).toBe(2);
    expect(await sub.nextPush()).toEqual(['message', 'news', 'hello']);
    expect(await sub.nextPush()).toEqual(['pmessage', 'n*', 'news', 'hello']);
    expect(String(await sub.send('GET', 'x'))).toBe(
      "ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context",
    );
    expect(await sub.send('PING')).toEqual(['pong', '']);
  });

  it('delivers RESP3 push frames while the subscriber keeps running commands', async () => {
    const s = await startRctlServer();
    const sub = await s.client();
    const pub = await s.client();
    await sub.call('HELLO', '3');
    // A RESP3 subscribe confirmation is itself a push frame.
    sub.writeRaw('*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n');
    const confirm = await sub.nextPush();
    expect(confirm).toBeInstanceOf(RespPush);
    expect((confirm as RespPush).items).toEqual(['subscribe', 'ch', 1]);
    expect(await sub.call('SET', 'k', 'v')).toEqual(new RespStatus('OK'));
    expect(await pub.call('PUBLISH', 'ch', 'm1')).toBe(1);
    const msg = await sub.nextPush();
    expect((msg as RespPush).items).toEqual(['message', 'ch', 'm1']);
    expect(await sub.call('GET', 'k')).toBe('v');
  });

  it('forgets the subscriptions of a closed connection', async () => {
    const s = await startRctlServer();
    const sub = await s.client();
    const pub = await s.client();
    await sub.send('SUBSCRIBE', 'ch');
    await sub.send('SSUBSCRIBE', 'sh');
    expect(await pub.call('PUBSUB', 'NUMSUB', 'ch')).toEqual(['ch', 1]);
    sub.close();
    await waitFor(async () => {
      const r = (await pub.call('PUBSUB', 'NUMSUB', 'ch')) as unknown[];
      return r[1] === 0;
    }, { what: 'subscriber gone' });
    expect(await pub.call('PUBLISH', 'ch', 'x')).toBe(0);
    expect(await pub.call('PUBSUB', 'SHARDCHANNELS')).toEqual([]);
  });
});
