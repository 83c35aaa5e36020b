// Helpers for replication tests: INFO parsing and waiting for links and offsets.

import type { RespClient } from '../../src/shared/resp-client.js';
import { waitFor } from './wait-for.js';

/** INFO [section] as a field -> value map. */
export async function info(c: RespClient, section = 'everything'): Promise<Record<string, string>> {
  const text = String(await c.call('INFO', section));
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** Waits until the replica reports master_link_status:up. */
export async function waitLinkUp(replica: RespClient, timeoutMs = 15_000): Promise<void> {
  await waitFor(async () => (await info(replica, 'replication')).master_link_status === 'up', { timeoutMs, what: 'master_link_status:up' });
}

/** Waits until every replica has applied the master's whole stream. */
export async function waitInSync(master: RespClient, replicas: RespClient[], timeoutMs = 15_000): Promise<void> {
  await waitFor(
    async () => {
      const m = Number((await info(master, 'replication')).master_repl_offset);
      for (const r of replicas) {
        const ri = await info(r, 'replication');
        if (ri.master_link_status !== 'up' || Number(ri.slave_repl_offset) !== m) return false;
      }
      return true;
    },
    { timeoutMs, what: 'replicas caught up with the master offset' },
  );
}
