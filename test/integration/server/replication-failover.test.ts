// FAILOVER between rctl-server nodes, after Redis's tests/integration/failover.tcl: the
// coordinated hand-over (paused writes, PSYNC ... FAILOVER), re-pointed replicas resyncing
// partially, timeouts that abort, FORCE, ABORT, and every error reply.

import { describe, expect, it } from 'vitest';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { diffData, info, syncStats, waitInSync, waitLinkUp } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync-delay', '0', '--enable-debug-command', 'yes'];

const pause = (p: ServerProcess): void => void process.kill(p.pid, 'SIGSTOP');
const resume = (p: ServerProcess): void => void process.kill(p.pid, 'SIGCONT');

async function replyOf(p: Promise<unknown>): Promise<string> {
  try {
    return String(await p);
  } catch (e) {
    return (e as Error).message;
  }
}

/** A master with two replicas, all in sync. */
async function trio(): Promise<{ nodes: ServerProcess[]; clients: RespClient[] }> {
  const master = await startRctlServer({ args: FAST });
  const m = await master.client();
  await m.call('SET', 'before', 'failover');
  const replicas = await Promise.all([0, 1].map(() => startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] })));
  const rc = await Promise.all(replicas.map((r) => r.client()));
  await waitInSync(m, rc);
  return { nodes: [master, ...replicas], clients: [m, ...rc] };
}

const failoverState = async (c: RespClient): Promise<string> => (await info(c, 'replication')).master_failover_state!;

describe('FAILOVER', () => {
  it('hands over to the named replica, which continues the history for everyone', async () => {
    const { nodes, clients } = await trio();
    const [, n1] = nodes as [ServerProcess, ServerProcess, ServerProcess];
    const [m, c1, c2] = clients as [RespClient, RespClient, RespClient];
    const oldId = (await info(m, 'replication')).master_replid;
    expect(await replyOf(m.call('FAILOVER', 'TO', '127.0.0.1', String(n1.port)))).toBe('OK');
    await waitFor(async () => (await failoverState(m)) === 'no-failover', { what: 'failover finished' });
    const [mi, ni] = await Promise.all([info(m, 'replication'), info(c1, 'replication')]);
    expect(mi.role).toBe('slave');
    expect(mi.master_port).toBe(String(n1.port));
    expect(ni.role).toBe('master');
    expect(ni.master_replid2).toBe(oldId);
    expect(nodes[0]!.output()).toContain(`Failover target 127.0.0.1:${n1.port} is synced, failing over.`);
    expect(n1.output()).toContain(`Failover request received for replid ${oldId}, failing over.`);
    // Other replicas are not re-pointed by FAILOVER; done by hand they resync partially.
    await c2.call('REPLICAOF', '127.0.0.1', String(n1.port));
    await c1.call('SET', 'after', 'failover');
    await waitInSync(c1, [m, c2]);
    expect(await syncStats(c1)).toEqual({ full: 0, partialOk: 2, partialErr: 0 });
    expect(await diffData(c1, m)).toEqual([]);
    expect(await diffData(c1, c2)).toEqual([]);
  });

  it('picks any replica that caught up when no target is named', async () => {
    const { clients } = await trio();
    const [m] = clients as [RespClient];
    expect(await replyOf(m.call('FAILOVER'))).toBe('OK');
    await waitFor(async () => (await failoverState(m)) === 'no-failover');
    expect((await info(m, 'replication')).role).toBe('slave');
    await waitLinkUp(m);
  });

  it('holds writes while waiting; they run after the hand-over, on a replica now', async () => {
    const { nodes, clients } = await trio();
    const [m] = clients as [RespClient];
    const writer = await nodes[0]!.client();
    // A frozen target cannot acknowledge the last write: the failover waits, writes paused.
    pause(nodes[1]!);
    try {
      await m.call('SET', 'unacknowledged', '1');
      expect(await replyOf(m.call('FAILOVER', 'TO', '127.0.0.1', String(nodes[1]!.port)))).toBe('OK');
      expect(await failoverState(m)).toBe('waiting-for-sync');
      const held = replyOf(writer.call('SET', 'held', '1'));
      await waitFor(async () => (await info(m, 'clients')).blocked_clients === '1', { what: 'write held by the failover pause' });
      resume(nodes[1]!);
      expect(await held).toBe("READONLY You can't write against a read only replica.");
    } finally {
      resume(nodes[1]!);
    }
    expect((await info(m, 'replication')).role).toBe('slave');
  });

  it('aborts on TIMEOUT when no replica catches up, and writes resume on the master', async () => {
    const { nodes, clients } = await trio();
    const [m] = clients as [RespClient];
    const writer = await nodes[0]!.client();
    pause(nodes[1]!);
    pause(nodes[2]!);
    try {
      await m.call('SET', 'unacknowledged', '1');
      expect(await replyOf(m.call('FAILOVER', 'TIMEOUT', '500'))).toBe('OK');
      const held = replyOf(writer.call('SET', 'held', '1'));
      await waitFor(async () => (await failoverState(m)) === 'no-failover', { what: 'failover timed out' });
      expect(await held).toBe('OK');
    } finally {
      resume(nodes[1]!);
      resume(nodes[2]!);
    }
    expect((await info(m, 'replication')).role).toBe('master');
    expect(nodes[0]!.output()).toContain('FAILOVER to any replica aborted: Replica never caught up before timeout');
  });

  it('fails over anyway after the TIMEOUT with FORCE', async () => {
    const { nodes, clients } = await trio();
    const [m, c1] = clients as [RespClient, RespClient];
    const n1 = nodes[1]!;
    pause(n1);
    try {
      await m.call('SET', 'unacknowledged', '1');
      expect(await replyOf(m.call('FAILOVER', 'TO', '127.0.0.1', String(n1.port), 'TIMEOUT', '300', 'FORCE'))).toBe('OK');
      await waitFor(async () => (await failoverState(m)) === 'failover-in-progress', { what: 'forced hand-over started' });
      expect(nodes[0]!.output()).toContain(`FAILOVER to 127.0.0.1:${n1.port} time out exceeded, failing over.`);
    } finally {
      resume(n1);
    }
    await waitFor(async () => (await failoverState(m)) === 'no-failover', { what: 'failover finished' });
    expect((await info(c1, 'replication')).role).toBe('master');
    await waitInSync(c1, [m]);
  });

  it('FAILOVER ABORT stops a failover waiting for sync', async () => {
    const { nodes, clients } = await trio();
    const [m] = clients as [RespClient];
    pause(nodes[1]!);
    pause(nodes[2]!);
    try {
      await m.call('SET', 'unacknowledged', '1');
      expect(await replyOf(m.call('FAILOVER'))).toBe('OK');
      expect(await replyOf(m.call('FAILOVER'))).toBe('ERR FAILOVER already in progress.');
      expect(await replyOf(m.call('REPLICAOF', 'NO', 'ONE'))).toBe('ERR REPLICAOF not allowed while failing over.');
      expect(await replyOf(m.call('FAILOVER', 'ABORT'))).toBe('OK');
      expect(await failoverState(m)).toBe('no-failover');
      expect(await replyOf(m.call('SET', 'k', 'v'))).toBe('OK');
      expect(nodes[0]!.output()).toContain('FAILOVER to any replica aborted: Failover manually aborted');
    } finally {
      resume(nodes[1]!);
      resume(nodes[2]!);
    }
  });

  it('replies with Redis errors for invalid requests', async () => {
    const { nodes, clients } = await trio();
    const [m, c1] = clients as [RespClient, RespClient];
    const lone = await (await startRctlServer({ args: FAST })).client();
    expect(await replyOf(lone.call('FAILOVER'))).toBe('ERR FAILOVER requires connected replicas.');
    expect(await replyOf(lone.call('FAILOVER', 'ABORT'))).toBe('ERR No failover in progress.');
    expect(await replyOf(c1.call('FAILOVER'))).toBe('ERR FAILOVER is not valid when server is a replica.');
    expect(await replyOf(m.call('FAILOVER', 'FORCE'))).toBe('ERR FAILOVER with force option requires both a timeout and target HOST and IP.');
    expect(await replyOf(m.call('FAILOVER', 'TO', '127.0.0.1', String(nodes[1]!.port), 'FORCE'))).toBe('ERR FAILOVER with force option requires both a timeout and target HOST and IP.');
    expect(await replyOf(m.call('FAILOVER', 'TO', '127.0.0.1', '1'))).toBe('ERR FAILOVER target HOST and PORT is not a replica.');
    expect(await replyOf(m.call('FAILOVER', 'TO', 'h', 'x'))).toBe('ERR value is not an integer or out of range');
    expect(await replyOf(m.call('FAILOVER', 'TO', 'h'))).toBe('ERR syntax error');
    expect(await replyOf(m.call('FAILOVER', 'TIMEOUT', '0'))).toBe('ERR FAILOVER timeout must be greater than 0');
    expect(await replyOf(m.call('FAILOVER', 'TIMEOUT', '10', 'TIMEOUT', '10'))).toBe('ERR syntax error');
    expect(await replyOf(m.call('FAILOVER', 'ABORT', 'TIMEOUT', '10'))).toBe('ERR syntax error');
    expect(await replyOf(m.call('PSYNC', 'x', '1', 'FAILOVER'))).toBe("ERR PSYNC FAILOVER can't be sent to a master.");
    expect(await replyOf(c1.call('PSYNC', 'x', '1', 'FAILOVER'))).toBe('ERR PSYNC FAILOVER replid must match my replid.');
    expect(await failoverState(m)).toBe('no-failover');
  });
});
