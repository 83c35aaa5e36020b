// What a master logs when a replica needs a full sync, as Redis 7.0.15's syncCommand does
// (replication.c, its three cases): a diskless sync held back by repl-diskless-sync-delay
// ("Delay next BGSAVE for diskless SYNC", once per replica that asks while no snapshot is
// running), a snapshot already being written to disk ("Can't attach ..."), or one already
// streaming to other replicas' sockets ("Current BGSAVE has socket target ..."). Lines and
// their order were taken from a real redis-server 7.0.15 in the same situations.

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { RawReplica } from '../../helpers/raw-replica.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const DELAY_LOG = '* Delay next BGSAVE for diskless SYNC';
const CANT_ATTACH_LOG = "* Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC";
const SOCKET_TARGET_LOG = '* Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC';

async function startMaster(delay: number, ...args: string[]): Promise<{ master: ServerProcess; m: RespClient }> {
  const master = await startRctlServer({ args: ['--save', '', '--repl-diskless-sync-delay', String(delay), '--enable-debug-command', 'yes', ...args] });
  return { master, m: await master.client() };
}

/** A replica announcing `port` that asks for a full sync with PSYNC ? -1. */
function replica(master: ServerProcess, port: number, capa: string[]): Promise<RawReplica> {
  return RawReplica.connect(master.port, [['listening-port', String(port)], ...capa.map((c) => ['capa', c])], ['PSYNC', '?', '-1']);
}

/** The log lines after `Ready to accept connections`, without the time stamps. */
function lines(master: ServerProcess): string[] {
  const out = master.output();
  return out
    .slice(out.indexOf('Ready to accept connections'))
    .split('\n')
    .slice(1)
    .map((l) => l.replace(/^\d+:[A-Z] \d{2} \w{3} \d{4} [\d:.]+ /, ''))
    .filter((l) => l !== '');
}

const fullResync = (port: number): string[] => [`* Replica 127.0.0.1:${port} asks for synchronization`, `* Full resync requested by replica 127.0.0.1:${port}`];

describe('full sync log lines', () => {
  it('logs the delay of a diskless sync for each EOF-capable replica that asks meanwhile', async () => {
    const { master } = await startMaster(1);
    await replica(master, 1111, ['eof', 'psync2']);
    await replica(master, 2222, ['eof', 'psync2']);
    await waitFor(() => master.output().includes('Starting BGSAVE for SYNC'), { what: 'the delayed sync started' });
    const l = lines(master);
    expect(l.slice(0, 8)).toEqual([
      ...fullResync(1111),
      expect.stringMatching(/^\* Replication backlog created, my new replication IDs are '[0-9a-f]{40}' and '0{40}'$/),
      DELAY_LOG,
      ...fullResync(2222),
      DELAY_LOG,
      '* Starting BGSAVE for SYNC with target: replicas sockets',
    ]);
  });

  it('starts at once, without the line, with no delay or for a replica without EOF support', async () => {
    const noDelay = await startMaster(0);
    await replica(noDelay.master, 1111, ['eof', 'psync2']);
    await waitFor(() => noDelay.master.output().includes('Starting BGSAVE for SYNC with target: replicas sockets'), { what: 'diskless sync' });
    expect(noDelay.master.output()).not.toContain('Delay next BGSAVE');

    const noEof = await startMaster(5);
    await replica(noEof.master, 2222, ['psync2']);
    await waitFor(() => noEof.master.output().includes('Starting BGSAVE for SYNC with target: disk'), { what: 'disk-based sync' });
    expect(noEof.master.output()).not.toContain('Delay next BGSAVE');
  });

  it('waits for a BGSAVE in progress instead, and starts once it has ended', async () => {
    const { master, m } = await startMaster(1);
    await m.call('DEBUG', 'POPULATE', '100');
    await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '5000');
    await m.call('BGSAVE');
    await replica(master, 1111, ['eof', 'psync2']);
    await waitFor(() => master.output().includes(CANT_ATTACH_LOG), { what: "can't attach line" });
    await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
    await waitFor(() => master.output().includes('Starting BGSAVE for SYNC'), { timeoutMs: 15_000, what: 'the sync started' });
    const l = lines(master);
    expect(l).not.toContain(DELAY_LOG);
    expect(l.indexOf(CANT_ATTACH_LOG)).toBe(l.indexOf(fullResync(1111)[1]!) + 2);
    expect(l.indexOf('* Background saving terminated with success')).toBeGreaterThan(l.indexOf(CANT_ATTACH_LOG));
    expect(l.findIndex((x) => x.startsWith('* Starting BGSAVE for SYNC'))).toBeGreaterThan(l.indexOf('* Background saving terminated with success'));
  });

  it('makes a replica arriving during a diskless transfer wait for the next one', async () => {
    const { master, m } = await startMaster(0);
    await m.call('DEBUG', 'POPULATE', '100');
    await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '5000');
    await replica(master, 1111, ['eof', 'psync2']);
    await waitFor(() => master.output().includes('Starting BGSAVE for SYNC with target: replicas sockets'), { what: 'first transfer' });
    await replica(master, 2222, ['eof', 'psync2']);
    await waitFor(() => master.output().includes(SOCKET_TARGET_LOG), { what: 'socket target line' });
    await m.call('CONFIG', 'SET', 'rdb-key-save-delay', '0');
    await waitFor(() => master.output().split('Starting BGSAVE for SYNC').length === 3, { timeoutMs: 15_000, what: 'second transfer' });
    const l = lines(master);
    expect(l.indexOf(SOCKET_TARGET_LOG)).toBe(l.indexOf(fullResync(2222)[1]!) + 1);
    expect(l).not.toContain(DELAY_LOG);
  });

  for (const diskless of ['yes', 'no']) {
    it(`logs a whole ${diskless === 'yes' ? 'diskless' : 'disk-based'} full sync line for line as 7.0.15, on both sides`, async () => {
      const { master, m } = await startMaster(0, '--repl-diskless-sync', diskless);
      await m.call('SET', 'a', 'b');
      const rep = await startRctlServer({ args: ['--save', '', '--replicaof', '127.0.0.1', String(master.port)] });
      await waitFor(() => rep.output().includes('MASTER <-> REPLICA sync: Finished with success'), { what: 'sync done' });
      await waitFor(() => master.output().includes('Synchronization with replica'), { what: 'master done' });
      const name = `127.0.0.1:${rep.port}`;
      const transfer =
        diskless === 'yes'
          ? [
              '* Starting BGSAVE for SYNC with target: replicas sockets',
              `* Background RDB transfer started by pid ${master.pid}`,
              '* Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB',
              '# Diskless rdb transfer, done reading from pipe, 1 replicas still up.',
              '* Background RDB transfer terminated with success',
              `* Streamed RDB transfer with replica ${name} succeeded (socket). Waiting for REPLCONF ACK from slave to enable streaming`,
            ]
          : [
              '* Starting BGSAVE for SYNC with target: disk',
              `* Background saving started by pid ${master.pid}`,
              '* DB saved on disk',
              '* Fork CoW for RDB: current 0 MB, peak 0 MB, average 0 MB',
              '* Background saving terminated with success',
            ];
      expect(lines(master)).toEqual([
        `* Replica ${name} asks for synchronization`,
        `* Full resync requested by replica ${name}`,
        expect.stringMatching(/^\* Replication backlog created, my new replication IDs are '[0-9a-f]{40}' and '0{40}'$/),
        ...transfer,
        `* Synchronization with replica ${name} succeeded`,
      ]);
      const r = rep.output();
      const order = [`Connecting to MASTER 127.0.0.1:${master.port}`, 'MASTER <-> REPLICA sync started', 'Non blocking connect for SYNC fired the event.', 'Master replied to PING, replication can continue...'];
      const at = order.map((x) => r.indexOf(x));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((x, y) => x - y)).toEqual(at);
    });
  }
});

describe('replica connect log lines', () => {
  it('connects after Ready, and logs each failed attempt as 7.0.15 (strerror text)', async () => {
    // A port nobody listens on: every attempt is refused.
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise<void>((r) => srv.close(() => r()));
    const rep = await startRctlServer({ args: ['--save', '', '--replicaof', '127.0.0.1', String(port)] });
    await waitFor(() => rep.output().split('Error condition on socket for SYNC').length >= 3, { what: 'two failed attempts' });
    const attempt = [`* Connecting to MASTER 127.0.0.1:${port}`, '* MASTER <-> REPLICA sync started', '# Error condition on socket for SYNC: Connection refused'];
    expect(lines(rep).slice(0, 6)).toEqual([...attempt, ...attempt]);
  });
});
