// A replica parses its full sync payload while it arrives, into databases nothing reads
// yet: until the new data is complete it keeps serving the old (async_loading:1), and a
// transfer that breaks half way leaves the old data as it was.

import { describe, expect, it } from 'vitest';
import { startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { diffData, info, syncStats, waitInSync, waitLinkUp } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];

describe('full sync loaded while it streams', () => {
  for (const diskless of ['yes', 'no']) {
    it(`serves the old data until the new data is complete (repl-diskless-sync ${diskless})`, async () => {
      const master = await startRctlServer({ args: [...FAST, '--repl-diskless-sync', diskless] });
      const m = await master.client();
      await m.call('DEBUG', 'POPULATE', '3000', 'key', '10');
      const replica = await startRctlServer({ args: [...FAST, '--key-load-delay', '1000'] });
      const r = await replica.client();
      await r.call('SET', 'old', 'data');
      await r.call('REPLICAOF', '127.0.0.1', String(master.port));
      // 3000 keys at 1 ms each: about three seconds of loading in the background.
      await waitFor(async () => (await info(r, 'persistence')).async_loading === '1', { what: 'async_loading:1' });
      expect((await info(r, 'persistence')).loading).toBe('0');
      expect(String(await r.call('GET', 'old'))).toBe('data');
      expect(await r.call('EXISTS', 'key:1')).toBe(0);
      await waitLinkUp(r, 30_000);
      expect(await r.call('EXISTS', 'old')).toBe(0);
      expect((await info(r, 'persistence')).async_loading).toBe('0');
      await waitInSync(m, [r]);
      expect(await diffData(m, r)).toEqual([]);
      // The replica had data of its own: its PSYNC with its own history counts as a failed partial.
      expect(await syncStats(m)).toEqual({ full: 1, partialOk: 0, partialErr: 1 });
    });
  }

  it('loads a payload larger than its parse backlog while writes continue (socket paused and resumed)', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    // About 12 MB of payload against an 8 MB backlog limit, parsed slowly on purpose.
    await m.call('DEBUG', 'POPULATE', '200000', 'key', '40');
    const replica = await startRctlServer({ args: [...FAST, '--key-load-delay', '5', '--repl-timeout', '4'] });
    const r = await replica.client();
    await r.call('REPLICAOF', '127.0.0.1', String(master.port));
    let writes = 0;
    while ((await info(r, 'replication')).master_link_status !== 'up') {
      await m.call('SET', `during:${writes++}`, 'x');
      if (writes > 200_000) throw new Error('link never came up');
    }
    await waitInSync(m, [r], 30_000);
    expect(await r.call('DBSIZE')).toBe(200_000 + writes);
    expect(await diffData(m, r)).toEqual([]);
    expect((await syncStats(m)).full).toBe(1);
  });

  it('keeps the old data when the master dies during the transfer', async () => {
    // rdb-key-save-delay makes the master produce its snapshot slowly (about 2 s here).
    const master: ServerProcess = await startRctlServer({ args: [...FAST, '--rdb-key-save-delay', '1000'] });
    const m = await master.client();
    await m.call('DEBUG', 'POPULATE', '2000', 'key', '10');
    const replica = await startRctlServer({ args: FAST });
    const r = await replica.client();
    await r.call('SET', 'old', 'data');
    await r.call('REPLICAOF', '127.0.0.1', String(master.port));
    await waitFor(async () => Number((await info(r, 'replication')).master_sync_read_bytes ?? 0) > 0, { what: 'transfer started' });
    master.kill();
    await master.exited;
    await waitFor(async () => (await info(r, 'persistence')).async_loading === '0', { what: 'load abandoned' });
    expect(String(await r.call('GET', 'old'))).toBe('data');
    expect(await r.call('DBSIZE')).toBe(1);
    expect((await info(r, 'replication')).master_link_status).toBe('down');
  });
});
