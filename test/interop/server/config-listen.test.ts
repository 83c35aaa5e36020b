// CONFIG SET port / bind / tls-port run as one script against real redis-server 7.0.15
// and rctl-server: replies, who can connect afterwards and the warning lines logged must
// be the same (ports named by role, as each server gets its own).

import { expect, it } from 'vitest';
import { RespClient, type RespValue } from '../../../src/shared/resp-client.js';
import { describeInterop } from '../../helpers/interop.js';
import { accepts, busyPort } from '../../helpers/net.js';
import { freePort, startRctlServer, startRealRedis, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();


const show = (v: RespValue): string => (Array.isArray(v) ? `[${v.map(show).join(', ')}]` : String(v));

/** Runs the script on one server and returns its transcript with ports replaced by their role. */
async function transcript(s: ServerProcess): Promise<string[]> {
  const ports: Record<string, number> = { OLD: s.port, NEW: await freePort(), BUSY: await busyPort() };
  const named = (text: string): string => {
    let out = text;
    for (const [name, port] of Object.entries(ports)) out = out.replaceAll(String(port), name);
    return out;
  };
  const c = await RespClient.connect({ port: s.port });
  const out: string[] = [];
  const logFrom = s.output().length;
  const run = async (...args: string[]): Promise<void> => {
    const resolved = args.map((a) => (a in ports ? String(ports[a]) : a));
    out.push(`${args.join(' ')} -> ${named(show(await c.send(...resolved)))}`);
  };
  const probe = async (name: string, host = '127.0.0.1'): Promise<void> => {
    out.push(`${host}:${name} accepts ${await accepts(ports[name]!, host)}`);
  };

  await run('CONFIG', 'SET', 'port', 'BUSY');
  await run('CONFIG', 'GET', 'port');
  await probe('OLD');
  await run('CONFIG', 'SET', 'maxmemory', '1mb', 'port', 'BUSY');
  await run('CONFIG', 'GET', 'maxmemory');
  await run('CONFIG', 'SET', 'bind', '192.0.2.1', 'port', 'NEW');
  await run('CONFIG', 'SET', 'port', 'NEW', 'bind', '192.0.2.1');
  await run('CONFIG', 'GET', 'bind');
  await probe('OLD');
  await probe('NEW');
  await run('CONFIG', 'SET', 'bind', '127.0.0.1 -192.0.2.1');
  await run('CONFIG', 'SET', 'bind', '127.0.0.2');
  await probe('OLD', '127.0.0.2');
  await probe('OLD');
  await run('PING');
  await run('CONFIG', 'SET', 'port', 'NEW', 'bind', '127.0.0.1');
  await probe('NEW');
  await probe('OLD');
  await run('PING');
  const info = String(await c.call('INFO', 'server'));
  out.push(named(/^tcp_port:.*$/m.exec(info)![0]));
  await run('CONFIG', 'SET', 'tls-port', '12345');
  await run('CONFIG', 'SET', 'unixsocket', '/tmp/rctl-never.sock');
  // Pipelined: the GET runs after the rollback.
  const failed = c.send('CONFIG', 'SET', 'port', String(ports.BUSY));
  const get = c.send('CONFIG', 'GET', 'port');
  out.push(`pipelined -> ${named(show(await failed))} / ${named(show(await get))}`);
  c.close();

  // Six changes failed; their log lines may still be on their way through the pipe.
  await waitFor(() => s.output().slice(logFrom).split('Failed applying new configuration').length === 7, { what: 'log lines' });
  const warnings = s
    .output()
    .slice(logFrom)
    .split('\n')
    .filter((l) => / # /.test(l))
    .map((l) => named(l.replace(/^.*? # /, '# ')));
  return [...out, ...warnings];
}

describeInterop('CONFIG SET of the listening directives, against redis-server 7.0.15', () => {
  it('answers, listens and logs as Redis does', async () => {
    const redis = await startRealRedis({ args: ['--save', ''] });
    const ours = await startRctlServer({ args: ['--port', String(await freePort()), '--bind', '127.0.0.1', '--save', ''] });
    const theirs = await transcript(redis);
    expect(await transcript(ours)).toEqual(theirs);
  });
});
