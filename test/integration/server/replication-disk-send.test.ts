// Disk-based full sync: the saved file is sent to each replica at its own pace, so a
// replica that stops reading does not hold up the others (sendBulkToSlave per replica).

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { encodeCommand } from '../../../src/server/protocol/writer.js';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';
import { diffData, info, waitInSync, waitLinkUp } from '../../helpers/replication.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const FAST = ['--save', '', '--repl-diskless-sync', 'no', '--enable-debug-command', 'yes'];

/** A replica played by a socket: handshake, PSYNC ? -1, then it never reads again. */
async function stuckReplica(port: number): Promise<net.Socket> {
  const sock = net.createConnection({ host: '127.0.0.1', port });
  await new Promise<void>((res, rej) => {
    sock.once('connect', res);
    sock.once('error', rej);
  });
  sock.on('error', () => {});
  let seen = '';
  sock.on('data', (d: Buffer) => {
    if (seen.length < 4096) seen += d.toString('latin1');
  });
  const step = async (argv: string[], expect: string): Promise<void> => {
    sock.write(encodeCommand(argv), 'latin1');
    await waitFor(() => seen.includes(expect), { what: `reply to ${argv.join(' ')}` });
  };
  await step(['REPLCONF', 'listening-port', '4999'], '+OK\r\n');
  await step(['REPLCONF', 'capa', 'psync2'], '+OK\r\n+OK\r\n');
  await step(['PSYNC', '?', '-1'], '+FULLRESYNC');
  sock.pause();
  return sock;
}

describe('disk-based full sync', () => {
  it('brings a replica up while another one of the same snapshot has stopped reading', async () => {
    const master = await startRctlServer({ args: FAST });
    const m = await master.client();
    // About 33 MB of file: far more than loopback socket buffers hold for the stuck replica.
    await m.call('DEBUG', 'POPULATE', '300000', 'key', '100');
    const stuck = await stuckReplica(master.port);
    try {
      const replica = await startRctlServer({ args: [...FAST, '--replicaof', `127.0.0.1 ${master.port}`] });
      const r = await replica.client();
      await waitLinkUp(r, 30_000);
      await m.call('SET', 'after', 'sync');
      await waitInSync(m, [r]);
      expect(await diffData(m, r)).toEqual([]);
      // The stuck one is still there, still being sent the file.
      const mi = await info(m, 'replication');
      expect(mi.connected_slaves).toBe('2');
      expect(Object.values(mi).some((v) => /port=4999,state=send_bulk/.test(v))).toBe(true);
    } finally {
      stuck.destroy();
    }
  });
});
