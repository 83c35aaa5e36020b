// CONFIG SET port / bind / tls-port on a running rctl-server, checked against what
// redis-server 7.0.15 answers and logs (config.c updatePort / applyBind, server.c
// changeListenPort / changeBindAddr): replies, rollback, log lines and who can connect.

import { afterEach, describe, expect, it } from 'vitest';
import { RespClient, RespErrorReply, RespStatus, type RespValue } from '../../../src/shared/resp-client.js';
import { accepts, busyPort } from '../../helpers/net.js';
import { freePort, startRctlServer, useProcessCleanup, type ServerProcess } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

const OK = new RespStatus('OK');
const PONG = new RespStatus('PONG');
const UNABLE_TO_LISTEN = "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.";
const FAILED_TO_BIND = "ERR CONFIG SET failed (possibly related to argument 'bind') - Failed to bind to specified addresses.";
// 192.0.2.1 (TEST-NET-1) is never a local address: binding it fails locally, no packet is sent.
const UNAVAILABLE = '192.0.2.1';

const ownClients = new Set<RespClient>();

afterEach(async () => {
  for (const c of ownClients) c.close();
  ownClients.clear();
});

async function connect(port: number, host = '127.0.0.1'): Promise<RespClient> {
  const c = await RespClient.connect({ port, host });
  ownClients.add(c);
  return c;
}


async function configGet(c: RespClient, name: string): Promise<string> {
  return String(((await c.call('CONFIG', 'GET', name)) as RespValue[])[1]);
}

async function tcpPort(c: RespClient): Promise<number> {
  const m = /^tcp_port:(\d+)\r$/m.exec(String(await c.call('INFO', 'server')));
  return Number(m![1]);
}

const TIME = String.raw`\d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}\.\d{3}`;
/** A warning line as Redis writes it: "pid:M time # message". */
const warning = (s: ServerProcess, msg: string): RegExp =>
  new RegExp(`^${s.pid}:M ${TIME} # ${msg.replace(/[.*()[\]]/g, '\\$&')}$`, 'm');

describe('CONFIG SET port', () => {
  it('moves to the new port: new connections there, the old port refused, open connections kept', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const port = await freePort();
    expect(await c.send('CONFIG', 'SET', 'port', String(port))).toEqual(OK);
    expect(await (await connect(port)).call('PING')).toEqual(PONG);
    expect(await accepts(s.port)).toBe(false);
    expect(await c.call('PING')).toEqual(PONG);
    expect(await configGet(c, 'port')).toBe(String(port));
    expect(await tcpPort(c)).toBe(port);
    // Redis logs nothing on a successful change.
    expect(s.output()).not.toMatch(/Failed|Could not create/);
  });

  it('keeps the old listener and restores the setting when the new port is in use', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const busy = await busyPort();
    expect(await c.send('CONFIG', 'SET', 'port', String(busy))).toEqual(new RespErrorReply(UNABLE_TO_LISTEN));
    expect(s.output()).toMatch(warning(s, `Warning: Could not create server TCP listening socket 127.0.0.1:${busy}: bind: Address already in use`));
    expect(s.output()).toMatch(warning(s, 'Failed applying new configuration. Possibly related to new port setting. Restoring previous settings.'));
    expect(await configGet(c, 'port')).toBe('0');
    expect(await tcpPort(c)).toBe(s.port);
    expect(await (await connect(s.port)).call('PING')).toEqual(PONG);
    expect(await c.call('PING')).toEqual(PONG);
    // The failure counts as a failed call, as in Redis's commandstats.
    expect(String(await c.call('INFO', 'commandstats'))).toMatch(/^cmdstat_config\|set:calls=1,.*,rejected_calls=0,failed_calls=1\r$/m);
  });

  it('answers pipelined commands in order, after the change is applied or rolled back', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const busy = await busyPort();
    const failed = c.send('CONFIG', 'SET', 'port', String(busy));
    const afterFailure = c.send('CONFIG', 'GET', 'port');
    expect(await failed).toEqual(new RespErrorReply(UNABLE_TO_LISTEN));
    expect(((await afterFailure) as RespValue[]).map(String)).toEqual(['port', '0']);

    const port = await freePort();
    const moved = c.send('CONFIG', 'SET', 'port', String(port));
    const ping = c.send('PING');
    const get = c.send('CONFIG', 'GET', 'port');
    expect(await moved).toEqual(OK);
    expect(await ping).toEqual(PONG);
    expect(((await get) as RespValue[]).map(String)).toEqual(['port', String(port)]);
  });

  it('with port 0 binds a free port, logs it, and reports it in INFO while CONFIG GET says 0', async () => {
    const first = await freePort();
    const s = await startRctlServer({ args: ['--port', String(first), '--save', ''] });
    const c = await s.client();
    expect(await c.send('CONFIG', 'SET', 'port', '0')).toEqual(OK);
    const m = new RegExp(`^${s.pid}:M ${TIME} \\* Listening on port (\\d+) \\(port 0 picks a free port\\)\\.$`, 'm').exec(s.output());
    expect(m).not.toBeNull();
    const picked = Number(m![1]);
    expect(picked).not.toBe(first);
    expect(await configGet(c, 'port')).toBe('0');
    expect(await tcpPort(c)).toBe(picked);
    expect(await (await connect(picked)).call('PING')).toEqual(PONG);
    expect(await accepts(first)).toBe(false);
  });

  it('applies a change queued in MULTI when EXEC runs', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const port = await freePort();
    await c.call('MULTI');
    await c.call('CONFIG', 'SET', 'port', String(port));
    await c.call('PING');
    expect(await c.call('EXEC')).toEqual([OK, PONG]);
    await waitFor(() => accepts(port), { what: 'new port accepting' });
    expect(await accepts(s.port)).toBe(false);
  });
});

describe('CONFIG SET bind', () => {
  it('moves the listeners to the new addresses, keeping the port and open connections', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    expect(await c.send('CONFIG', 'SET', 'bind', '127.0.0.2')).toEqual(OK);
    expect(await (await connect(s.port, '127.0.0.2')).call('PING')).toEqual(PONG);
    expect(await accepts(s.port, '127.0.0.1')).toBe(false);
    expect(await c.call('PING')).toEqual(PONG);
    expect(await configGet(c, 'bind')).toBe('127.0.0.2');
    expect(await tcpPort(c)).toBe(s.port);

    expect(await c.send('CONFIG', 'SET', 'bind', '127.0.0.1 127.0.0.2')).toEqual(OK);
    expect(await accepts(s.port, '127.0.0.1')).toBe(true);
    expect(await accepts(s.port, '127.0.0.2')).toBe(true);
  });

  it('refuses an unavailable address, logs as Redis does and reopens the old addresses', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    expect(await c.send('CONFIG', 'SET', 'bind', UNAVAILABLE)).toEqual(new RespErrorReply(FAILED_TO_BIND));
    const out = s.output();
    expect(out).toMatch(warning(s, `Warning: Could not create server TCP listening socket ${UNAVAILABLE}:${s.port}: bind: Cannot assign requested address`));
    expect(out).toMatch(warning(s, 'Failed to bind'));
    expect(out).toMatch(warning(s, 'Failed applying new configuration. Possibly related to new bind setting. Restoring previous settings.'));
    expect(await configGet(c, 'bind')).toBe('127.0.0.1 -::1');
    expect(await (await connect(s.port)).call('PING')).toEqual(PONG);
  });

  it('skips an unavailable address marked optional with -', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    expect(await c.send('CONFIG', 'SET', 'bind', `127.0.0.2 -${UNAVAILABLE}`)).toEqual(OK);
    expect(s.output()).toMatch(warning(s, `Warning: Could not create server TCP listening socket ${UNAVAILABLE}:${s.port}: bind: Cannot assign requested address`));
    expect(await accepts(s.port, '127.0.0.2')).toBe(true);
  });

  it('with "" at startup listens on no TCP address, as Redis 7.0 (nowhere at all: exit)', async () => {
    const s = await startRctlServer({ args: ['--bind', '', '--save', ''], allowFailure: true });
    expect(await s.exited).toBe(1);
    expect(s.output()).toMatch(warning(s, 'Configured to not listen anywhere, exiting.'));
  });

  it('with "" listens on no TCP address (Redis 7.0), keeping open connections', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    expect(await c.send('CONFIG', 'SET', 'bind', '')).toEqual(OK);
    expect(await accepts(s.port)).toBe(false);
    expect(await c.call('PING')).toEqual(PONG);
    expect(await c.send('CONFIG', 'SET', 'bind', '127.0.0.1')).toEqual(OK);
    expect(await accepts(s.port)).toBe(true);
  });
});

describe('CONFIG SET with several listener directives', () => {
  it('rolls back every directive when the port cannot be opened', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const busy = await busyPort();
    expect(await c.send('CONFIG', 'SET', 'maxmemory', '1mb', 'port', String(busy))).toEqual(new RespErrorReply(UNABLE_TO_LISTEN));
    expect(await configGet(c, 'maxmemory')).toBe('0');
    expect(await configGet(c, 'port')).toBe('0');
    expect(await accepts(s.port)).toBe(true);
  });

  it('names the directive whose change failed first, in argument order, and restores both', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const port = await freePort();
    expect(await c.send('CONFIG', 'SET', 'bind', UNAVAILABLE, 'port', String(port))).toEqual(new RespErrorReply(FAILED_TO_BIND));
    expect(await c.send('CONFIG', 'SET', 'port', String(port), 'bind', UNAVAILABLE)).toEqual(new RespErrorReply(UNABLE_TO_LISTEN));
    expect(await configGet(c, 'bind')).toBe('127.0.0.1 -::1');
    expect(await configGet(c, 'port')).toBe('0');
    expect(await accepts(s.port)).toBe(true);
    expect(await accepts(port)).toBe(false);
    expect(await c.call('PING')).toEqual(PONG);
  });

  it('applies port and bind together', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    const port = await freePort();
    expect(await c.send('CONFIG', 'SET', 'port', String(port), 'bind', '127.0.0.2')).toEqual(OK);
    expect(await accepts(port, '127.0.0.2')).toBe(true);
    expect(await accepts(port, '127.0.0.1')).toBe(false);
    expect(await accepts(s.port, '127.0.0.1')).toBe(false);
  });
});

describe('CONFIG SET tls-port and unixsocket', () => {
  it('refuses tls-port as Redis does without a certificate, and unixsocket as immutable', async () => {
    const s = await startRctlServer({ args: ['--save', ''] });
    const c = await s.client();
    expect(await c.send('CONFIG', 'SET', 'tls-port', '12345')).toEqual(
      new RespErrorReply("ERR CONFIG SET failed (possibly related to argument 'tls-port') - Unable to update TLS configuration. Check server logs."),
    );
    expect(s.output()).toMatch(warning(s, 'No tls-cert-file configured!'));
    expect(s.output()).toMatch(
      warning(s, 'Failed applying restored failed CONFIG SET command: Unable to update TLS configuration. Check server logs.'),
    );
    expect(await configGet(c, 'tls-port')).toBe('0');
    expect(await c.send('CONFIG', 'SET', 'unixsocket', '/tmp/x.sock')).toEqual(
      new RespErrorReply("ERR CONFIG SET failed (possibly related to argument 'unixsocket') - can't set immutable config"),
    );
  });
});
