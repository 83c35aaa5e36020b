// FAILOVER and CLIENT PAUSE each keep their own pause (Redis 7.0 pause purposes): CLIENT
// UNPAUSE during a FAILOVER leaves writes paused until the failover ends, and a failover
// that ends (ABORT or timeout) leaves a user's CLIENT PAUSE in force. The replica is a raw
// socket that never acknowledges, so the failover stays in waiting-for-sync. The same
// sequences were run against redis-server 7.0.15, with the same outcome.

import { describe, expect, it } from 'vitest';
import type { RespClient } from '../../../src/shared/resp-client.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { info, RawReplica } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync', 'no'];

/** A master with one replica that never ACKs, and its offset moved past the replica's. */
async function masterWithSilentReplica(): Promise<{ admin: RespClient; writer: RespClient; raw: RawReplica }> {
  const master = await startRctlServer({ args: FAST });
  const admin = await master.client();
  const raw = await RawReplica.connect(master.port);
  await waitFor(async () => /state=online/.test((await info(admin, 'replication')).slave0 ?? ''), { what: 'replica online' });
  await admin.call('SET', 'moved', 'offset');
  return { admin, writer: await master.client(), raw };
}

const failoverState = async (c: RespClient): Promise<string> => (await info(c, 'replication')).master_failover_state!;

/** Waits until `n` clients are held (Redis 7.0 counts paused clients in blocked_clients). */
async function waitHeld(c: RespClient, n: number): Promise<void> {
  await waitFor(async () => (await info(c, 'clients')).blocked_clients === String(n), { what: `${n} held clients` });
}

describe('FAILOVER and CLIENT PAUSE', () => {
  it('keeps writes paused after CLIENT UNPAUSE while a FAILOVER waits, until it is aborted', async () => {
    const { admin, writer, raw } = await masterWithSilentReplica();
    expect(String(await admin.call('FAILOVER', 'TIMEOUT', '60000'))).toBe('OK');
    expect(await failoverState(admin)).toBe('waiting-for-sync');
    expect(String(await admin.call('CLIENT', 'UNPAUSE'))).toBe('OK');
    const held = writer.call('SET', 'k', 'v');
    await waitHeld(admin, 1);
    expect(String(await admin.call('GET', 'moved'))).toBe('offset');
    expect(String(await admin.call('FAILOVER', 'ABORT'))).toBe('OK');
    expect(String(await held)).toBe('OK');
    expect(await failoverState(admin)).toBe('no-failover');
    raw.close();
  });

  it('keeps a CLIENT PAUSE when a FAILOVER started after it is aborted', async () => {
    const { admin, writer, raw } = await masterWithSilentReplica();
    expect(String(await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE'))).toBe('OK');
    expect(String(await admin.call('FAILOVER', 'TIMEOUT', '60000'))).toBe('OK');
    expect(String(await admin.call('FAILOVER', 'ABORT'))).toBe('OK');
    expect(await failoverState(admin)).toBe('no-failover');
    const held = writer.call('SET', 'k', 'v');
    await waitHeld(admin, 1);
    expect(String(await admin.call('CLIENT', 'UNPAUSE'))).toBe('OK');
    expect(String(await held)).toBe('OK');
    raw.close();
  });

  it('keeps a CLIENT PAUSE set during a FAILOVER when the failover times out', async () => {
    const { admin, writer, raw } = await masterWithSilentReplica();
    expect(String(await admin.call('FAILOVER', 'TIMEOUT', '300'))).toBe('OK');
    expect(String(await admin.call('CLIENT', 'PAUSE', '60000', 'WRITE'))).toBe('OK');
    await waitFor(async () => (await failoverState(admin)) === 'no-failover', { what: 'failover timed out' });
    const held = writer.call('SET', 'k', 'v');
    await waitHeld(admin, 1);
    expect(String(await admin.call('CLIENT', 'UNPAUSE'))).toBe('OK');
    expect(String(await held)).toBe('OK');
    raw.close();
  });
});
