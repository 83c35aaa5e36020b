import { beforeAll, describe, expect, it } from 'vitest';
import { blockClient, setResumeClient } from '../../../../src/server/blocking.js';
import { pausedClientsCount } from '../../../../src/server/commands/connection.js';
import { processInputBuffer } from '../../../../src/server/server.js';
import { makeServer, type TestClient } from '../../../helpers/harness.js';

const HELLO_BODY = (proto: number, id: number, role = 'master'): string =>
  '$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n' +
  `$5\r\nproto\r\n:${proto}\r\n$2\r\nid\r\n:${id}\r\n$4\r\nmode\r\n$10\r\nstandalone\r\n` +
  `$4\r\nrole\r\n$${role.length}\r\n${role}\r\n$7\r\nmodules\r\n*0\r\n`;

const nextTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/** The single CLIENT INFO line of a client, parsed into fields. */
function infoFields(c: TestClient): Record<string, string> {
  const raw = c.run('CLIENT', 'INFO');
  const line = raw.slice(raw.indexOf('\r\n') + 2).replace(/^txt:/, '').trimEnd();
  return Object.fromEntries(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

beforeAll(() => {
  // The harness has no sockets: resumed clients run their pending input directly.
  setResumeClient((c) => {
    processInputBuffer(c);
    c.server.flushWrites();
  });
});

describe('PING ECHO QUIT SELECT', () => {
  it('answers PING with +PONG and PING msg with a bulk', () => {
    const c = makeServer().client();
    expect(c.run('PING')).toBe('+PONG\r\n');
    expect(c.run('ping', 'hello')).toBe('$5\r\nhello\r\n');
    expect(c.run('PING', 'a', 'b')).toBe("-ERR wrong number of arguments for 'ping' command\r\n");
  });

  it('rejects unknown commands with the args preview', () => {
    const c = makeServer().client();
    expect(c.run('nosuch', 'a', 'b')).toBe("-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' \r\n");
  });

  it('checks arity before running', () => {
    const c = makeServer().client();
    expect(c.run('echo')).toBe("-ERR wrong number of arguments for 'echo' command\r\n");
    expect(c.run('ECHO', 'x\r\ny')).toBe('$4\r\nx\r\ny\r\n');
  });

  it('answers QUIT with +OK and closes after the reply', () => {
    const c = makeServer().client();
    expect(c.feed('QUIT\r\nPING\r\n')).toBe('+OK\r\n');
    expect(c.conn.ended).toBe(true);
  });

  it('selects databases with Redis error texts', () => {
    const c = makeServer().client();
    expect(c.run('SELECT', '15')).toBe('+OK\r\n');
    expect(c.c.db.id).toBe(15);
    expect(c.run('SELECT', '16')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('SELECT', '-1')).toBe('-ERR DB index is out of range\r\n');
    expect(c.run('SELECT', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('SELECT', '01')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('SELECT', '99999999999')).toBe(
      '-ERR value is out of range, value must between -2147483648 and 2147483647\r\n',
    );
  });
});

describe('AUTH', () => {
  it('refuses the one-argument form without requirepass', () => {
    const c = makeServer().client();
    expect(c.run('AUTH', 'x')).toBe(
      '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n',
    );
    expect(c.run('AUTH', 'default', 'anything')).toBe('+OK\r\n');
    expect(c.run('AUTH', 'foo', 'x')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(c.run('AUTH', 'a', 'b', 'c')).toBe('-ERR syntax error\r\n');
    expect(c.run('AUTH')).toBe("-ERR wrong number of arguments for 'auth' command\r\n");
  });

  it('authenticates with requirepass in both forms', () => {
    const srv = makeServer({ requirepass: 'secret' });
    const c = srv.client();
    expect(c.run('PING')).toBe('-NOAUTH Authentication required.\r\n');
    expect(c.run('AUTH', 'bad')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(c.run('AUTH', 'secret')).toBe('+OK\r\n');
    expect(c.run('PING')).toBe('+PONG\r\n');
    // A failed AUTH keeps an authenticated connection authenticated.
    expect(c.run('AUTH', 'default', 'bad')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(c.run('PING')).toBe('+PONG\r\n');
    const d = srv.client();
    expect(d.run('AUTH', 'default', 'secret')).toBe('+OK\r\n');
  });

  it('lets unauthenticated connections in once requirepass is removed, but not HELLO', () => {
    const srv = makeServer({ requirepass: 'secret' });
    const c = srv.client();
    expect(c.run('PING')).toBe('-NOAUTH Authentication required.\r\n');
    srv.state.config.set('requirepass', ['']);
    expect(c.run('PING')).toBe('+PONG\r\n');
    // Redis 7.0's HELLO looks at the connection's own flag.
    expect(c.run('HELLO')).toMatch(/^-NOAUTH HELLO must be called/);
    srv.state.config.set('requirepass', ['secret']);
    expect(c.run('PING')).toBe('-NOAUTH Authentication required.\r\n');
  });
});

describe('HELLO', () => {
  it('replies the server map in RESP2 and RESP3 and switches protocol', () => {
    const c = makeServer().client();
    const id = c.c.id;
    expect(c.run('HELLO')).toBe(`*14\r\n${HELLO_BODY(2, id)}`);
    expect(c.run('HELLO', '3')).toBe(`%7\r\n${HELLO_BODY(3, id)}`);
    expect(c.c.resp).toBe(3);
    expect(c.run('GET', 'nokey')).toBe('_\r\n');
    expect(c.run('HELLO')).toBe(`%7\r\n${HELLO_BODY(3, id)}`);
    expect(c.run('HELLO', '2')).toBe(`*14\r\n${HELLO_BODY(2, id)}`);
  });

  it('reports role replica on a replica', () => {
    const srv = makeServer();
    srv.state.masterHost = '127.0.0.1';
    const c = srv.client();
    expect(c.run('HELLO', '3')).toBe(`%7\r\n${HELLO_BODY(3, c.c.id, 'replica')}`);
  });

  it('rejects bad versions and options', () => {
    const c = makeServer().client();
    expect(c.run('HELLO', '4')).toBe('-NOPROTO unsupported protocol version\r\n');
    expect(c.run('HELLO', '1')).toBe('-NOPROTO unsupported protocol version\r\n');
    expect(c.run('HELLO', 'abc')).toBe('-ERR Protocol version is not an integer or out of range\r\n');
    expect(c.run('HELLO', '3', 'AUTH', 'default')).toBe("-ERR Syntax error in HELLO option 'AUTH'\r\n");
    expect(c.run('HELLO', '3', 'FOO')).toBe("-ERR Syntax error in HELLO option 'FOO'\r\n");
    expect(c.run('HELLO', '2', 'SETNAME', 'a b')).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n');
    expect(c.c.resp).toBe(2);
  });

  it('sets the name and authenticates in argument order', () => {
    const srv = makeServer({ requirepass: 'secret' });
    const c = srv.client();
    const noauth =
      '-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time\r\n';
    expect(c.run('HELLO')).toBe(noauth);
    // Redis 7.0 applies SETNAME while parsing, before the authentication check.
    expect(c.run('HELLO', '3', 'SETNAME', 'early')).toBe(noauth);
    expect(c.c.name).toBe('early');
    expect(c.c.resp).toBe(2);
    expect(c.run('HELLO', '3', 'AUTH', 'default', 'bad')).toBe('-WRONGPASS invalid username-password pair or user is disabled.\r\n');
    expect(c.run('HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'a b')).toBe(
      '-ERR Client names cannot contain spaces, newlines or special characters.\r\n',
    );
    expect(c.c.authenticated).toBe(true);
    expect(c.c.resp).toBe(2);
    expect(c.run('HELLO', '2', 'SETNAME', 'nm', 'AUTH', 'default', 'secret')).toBe(`*14\r\n${HELLO_BODY(2, c.c.id)}`);
    expect(c.run('CLIENT', 'GETNAME')).toBe('$2\r\nnm\r\n');
  });
});

describe('RESET', () => {
  it('returns the connection to its initial state', () => {
    const srv = makeServer({ requirepass: 'secret' });
    const c = srv.client();
    c.run('AUTH', 'secret');
    c.run('HELLO', '3', 'SETNAME', 'me');
    c.run('SELECT', '3');
    c.run('CLIENT', 'NO-EVICT', 'on');
    c.run('CLIENT', 'NO-TOUCH', 'on');
    c.run('WATCH', 'k');
    c.run('SUBSCRIBE', 'ch');
    c.run('PSUBSCRIBE', 'p*');
    c.run('MULTI');
    expect(c.run('RESET')).toBe('+RESET\r\n');
    expect(c.c.resp).toBe(2);
    expect(c.c.db.id).toBe(0);
    expect(c.c.name).toBe('');
    expect(c.c.inMulti).toBe(false);
    expect(c.c.watched).toEqual([]);
    expect(c.c.inPubSub).toBe(false);
    expect(c.c.noTouch).toBe(false);
    // Redis 7.0.15 keeps NO-EVICT across RESET.
    expect(c.c.noEvict).toBe(true);
    expect(c.run('PING')).toBe('-NOAUTH Authentication required.\r\n');
    expect(c.run('PUBSUB', 'NUMPAT')).toBe('-NOAUTH Authentication required.\r\n');
    c.run('AUTH', 'secret');
    expect(c.run('PUBSUB', 'NUMPAT')).toBe(':0\r\n');
  });

  it('turns replies back on and is allowed in subscribe context', () => {
    const c = makeServer().client();
    c.run('SUBSCRIBE', 'x');
    expect(c.feed('CLIENT REPLY OFF\r\n')).toBe(
      "-ERR Can't execute 'client|reply': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n",
    );
    c.run('UNSUBSCRIBE');
    expect(c.feed('CLIENT REPLY OFF\r\nPING\r\nRESET\r\nPING\r\n')).toBe('+RESET\r\n+PONG\r\n');
  });

  it('refuses to reset a replica link', () => {
    const c = makeServer().client();
    c.c.isReplica = true;
    expect(c.run('RESET')).toBe('-ERR can only reset normal client connections\r\n');
  });
});

describe('CLIENT ID SETNAME GETNAME SETINFO', () => {
  it('reports the id and manages the name', () => {
    const c = makeServer().client();
    expect(c.run('CLIENT', 'ID')).toBe(`:${c.c.id}\r\n`);
    expect(c.run('CLIENT', 'GETNAME')).toBe('$-1\r\n');
    expect(c.run('CLIENT', 'SETNAME', 'worker-1')).toBe('+OK\r\n');
    expect(c.run('CLIENT', 'GETNAME')).toBe('$8\r\nworker-1\r\n');
    expect(c.run('CLIENT', 'SETNAME', 'a b')).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n');
    expect(c.run('CLIENT', 'SETNAME', 'caf\xe9')).toBe('-ERR Client names cannot contain spaces, newlines or special characters.\r\n');
    expect(c.run('CLIENT', 'SETNAME', '')).toBe('+OK\r\n');
    c.c.resp = 3;
    expect(c.run('CLIENT', 'GETNAME')).toBe('_\r\n');
    expect(c.run('CLIENT', 'SETNAME')).toBe("-ERR wrong number of arguments for 'client|setname' command\r\n");
    expect(c.run('CLIENT', 'ID', 'x')).toBe("-ERR wrong number of arguments for 'client|id' command\r\n");
  });

  it('accepts the 7.2 SETINFO and NO-TOUCH subcommands', () => {
    const c = makeServer().client();
    expect(c.run('CLIENT', 'SETINFO', 'LIB-NAME', 'ioredis')).toBe('+OK\r\n');
    expect(c.run('CLIENT', 'SETINFO', 'lib-ver', '6.0.0')).toBe('+OK\r\n');
    expect(c.c.libName).toBe('ioredis');
    expect(c.c.libVer).toBe('6.0.0');
    expect(c.run('CLIENT', 'SETINFO', 'lib-name', 'a b')).toBe('-ERR lib-name cannot contain spaces, newlines or special characters.\r\n');
    expect(c.run('CLIENT', 'SETINFO', 'FOO', 'x')).toBe("-ERR Unrecognized option 'FOO'\r\n");
    expect(c.run('CLIENT', 'NO-TOUCH', 'on')).toBe('+OK\r\n');
    expect(c.c.noTouch).toBe(true);
    expect(c.run('CLIENT', 'NO-TOUCH', 'maybe')).toBe('-ERR syntax error\r\n');
  });

  it('answers HELP and unknown subcommands like Redis', () => {
    const c = makeServer().client();
    const help = c.run('CLIENT', 'HELP');
    expect(help.startsWith('*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n')).toBe(true);
    expect(help.endsWith('+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n')).toBe(true);
    expect(c.run('CLIENT', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CLIENT HELP.\r\n");
    expect(c.run('CLIENT')).toBe("-ERR wrong number of arguments for 'client' command\r\n");
  });
});

describe('CLIENT LIST and INFO', () => {
  it('prints Redis 7.0.15 fields in order', () => {
    const c = makeServer().client();
    c.run('CLIENT', 'SETNAME', 'me');
    const raw = c.run('CLIENT', 'LIST');
    expect(raw).toMatch(
      /^\$\d+\r\nid=\d+ addr=127\.0\.0\.1:50000 laddr=127\.0\.0\.1:6379 fd=8 name=me age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=\d+ qbuf-free=\d+ argv-mem=10 multi-mem=0 rbs=\d+ rbp=\d+ obl=0 oll=0 omem=0 tot-mem=\d+ events=r cmd=client\|list user=default redir=-1 resp=2\n\r\n$/,
    );
    const len = Number(/^\$(\d+)/.exec(raw)![1]);
    expect(raw.length).toBe(raw.indexOf('\r\n') + 2 + len + 2);
  });

  it('is verbatim text in RESP3 and shows the last command of other clients', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    b.run('SET', 'k', 'v');
    a.c.resp = 3;
    const raw = a.run('CLIENT', 'LIST');
    expect(raw).toMatch(/^=\d+\r\ntxt:id=\d+ .* cmd=client\|list .*resp=3\nid=\d+ .* cmd=set user=default redir=-1 resp=2\n\r\n$/);
    expect(a.run('CLIENT', 'LIST', 'ID', '999')).toBe('=4\r\ntxt:\r\n');
  });

  it('filters by TYPE and ID', () => {
    const srv = makeServer();
    const a = srv.client();
    const sub = srv.client();
    sub.run('SUBSCRIBE', 'ch');
    const pubsub = a.run('CLIENT', 'LIST', 'TYPE', 'pubsub');
    expect(pubsub).toContain(`id=${sub.c.id} `);
    expect(pubsub).toContain('flags=P db=0 sub=1 psub=0 ssub=0');
    expect(pubsub).not.toContain(`id=${a.c.id} `);
    expect(a.run('CLIENT', 'LIST', 'TYPE', 'NORMAL')).not.toContain(`id=${sub.c.id} `);
    expect(a.run('CLIENT', 'LIST', 'TYPE', 'master')).toBe('$0\r\n\r\n');
    expect(a.run('CLIENT', 'LIST', 'TYPE', 'replica')).toBe('$0\r\n\r\n');
    const both = a.run('CLIENT', 'LIST', 'ID', String(sub.c.id), '12345', String(a.c.id));
    expect(both.indexOf(`id=${sub.c.id} `)).toBeLessThan(both.indexOf(`id=${a.c.id} `));
    expect(a.run('CLIENT', 'LIST', 'TYPE', 'foo')).toBe("-ERR Unknown client type 'foo'\r\n");
    expect(a.run('CLIENT', 'LIST', 'TYPE')).toBe('-ERR syntax error\r\n');
    expect(a.run('CLIENT', 'LIST', 'ID')).toBe('-ERR syntax error\r\n');
    expect(a.run('CLIENT', 'LIST', 'ID', '1', 'abc')).toBe('-ERR Invalid client ID\r\n');
    expect(a.run('CLIENT', 'LIST', 'FOO', 'bar')).toBe('-ERR syntax error\r\n');
  });

  it('shows flags for MULTI, dirty CAS, no-evict, blocked and replicas', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    a.run('CLIENT', 'NO-EVICT', 'on');
    expect(infoFields(a).flags).toBe('e');
    a.run('WATCH', 'k');
    b.run('SET', 'k', '1');
    expect(infoFields(a).flags).toBe('de');
    a.run('MULTI');
    a.run('GET', 'k');
    const line = b.run('CLIENT', 'LIST', 'ID', String(a.c.id));
    expect(line).toContain('flags=xde db=0 sub=0 psub=0 ssub=0 multi=1 ');
    a.run('DISCARD');
    blockClient(b.c, 0, () => false, () => {});
    expect(a.run('CLIENT', 'LIST', 'ID', String(b.c.id))).toContain(' flags=b ');
    b.c.isReplica = true;
    expect(a.run('CLIENT', 'LIST', 'TYPE', 'slave')).toContain(' flags=Sb ');
  });

  it('counts output the socket still queues (the kernel did not take it) as omem', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    const fields = (): Record<string, string> => {
      const line = a.run('CLIENT', 'LIST', 'ID', String(b.c.id));
      const text = line.slice(line.indexOf('\r\n') + 2).trimEnd();
      return Object.fromEntries(text.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    };
    const idle = fields();
    expect([idle.obl, idle.oll, idle.omem, idle.events]).toEqual(['0', '0', '0', 'r']);
    // A slow reader: 300000 bytes wait in its socket.
    let queued = 300_000;
    Object.assign(b.conn, { pendingBytes: () => queued });
    const slow = fields();
    expect([slow.obl, slow.oll, slow.omem, slow.events]).toEqual(['0', '19', '300000', 'rw']);
    expect(Number(slow['tot-mem'])).toBe(Number(idle['tot-mem']) + 300_000);
    // Replies of this turn fill the 16 KB static buffer first; the rest joins omem.
    b.c.out = 'x'.repeat(20_000);
    const both = fields();
    expect([both.obl, both.omem]).toEqual(['16384', String(300_000 + 20_000 - 16384)]);
    // It is the figure client-output-buffer-limit measures.
    expect(b.c.unsentOutputBytes()).toBe(320_000);
    b.c.out = '';
    queued = 0;
  });

  it("counts a replica's held stream, and its socket queue only once it streams", () => {
    const srv = makeServer();
    const a = srv.client();
    const r = srv.client();
    Object.assign(r.conn, { pendingBytes: () => 70_000 });
    r.c.isReplica = true;
    const link = { client: r.c, state: 'wait_bgsave', inSnapshot: true, pendingBytes: 5000 };
    r.c.repl = link as unknown as NonNullable<typeof r.c.repl>;
    const omem = (): string => /omem=(\d+)/.exec(a.run('CLIENT', 'LIST', 'ID', String(r.c.id)))![1]!;
    // During the transfer the socket carries snapshot bytes: only the held stream counts.
    expect(omem()).toBe('5000');
    expect(r.c.unsentOutputBytes()).toBe(5000);
    link.state = 'online';
    link.inSnapshot = false;
    expect(omem()).toBe('75000');
    expect(r.c.unsentOutputBytes()).toBe(75_000);
  });
});

describe('CLIENT KILL', () => {
  it('kills by old-style address and by filters', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    const c = srv.client();
    b.conn.remoteAddress = '10.0.0.2:4000';
    c.run('SUBSCRIBE', 'ch');
    expect(a.run('CLIENT', 'KILL', '1.2.3.4:5')).toBe('-ERR No such client\r\n');
    expect(a.run('CLIENT', 'KILL', '10.0.0.2:4000')).toBe('+OK\r\n');
    expect(b.conn.destroyed).toBe(true);
    expect(srv.state.clients.has(b.c.id)).toBe(false);
    expect(a.run('CLIENT', 'KILL', 'TYPE', 'pubsub')).toBe(':1\r\n');
    expect(c.conn.destroyed).toBe(true);
    // The subscription went away with the client.
    expect(a.run('PUBSUB', 'NUMSUB', 'ch')).toBe('*2\r\n$2\r\nch\r\n:0\r\n');
    expect(a.run('CLIENT', 'KILL', 'ID', String(a.c.id))).toBe(':0\r\n');
    expect(a.run('CLIENT', 'KILL', 'USER', 'default')).toBe(':0\r\n');
  });

  it('kills the caller after its reply with SKIPME no', () => {
    const srv = makeServer();
    const a = srv.client();
    expect(a.feed('CLIENT KILL ID ' + a.c.id + ' SKIPME no\r\nPING\r\n')).toBe(':1\r\n');
    expect(a.conn.ended).toBe(true);
  });

  it('rejects bad filters with Redis texts', () => {
    const a = makeServer().client();
    expect(a.run('CLIENT', 'KILL')).toBe("-ERR wrong number of arguments for 'client|kill' command\r\n");
    expect(a.run('CLIENT', 'KILL', 'ID')).toBe('-ERR No such client\r\n');
    expect(a.run('CLIENT', 'KILL', 'ID', 'abc')).toBe('-ERR client-id should be greater than 0\r\n');
    expect(a.run('CLIENT', 'KILL', 'ID', '0')).toBe('-ERR client-id should be greater than 0\r\n');
    expect(a.run('CLIENT', 'KILL', 'TYPE', 'foo')).toBe("-ERR Unknown client type 'foo'\r\n");
    expect(a.run('CLIENT', 'KILL', 'USER', 'nouser')).toBe("-ERR No such user 'nouser'\r\n");
    expect(a.run('CLIENT', 'KILL', 'SKIPME', 'maybe')).toBe('-ERR syntax error\r\n');
    expect(a.run('CLIENT', 'KILL', 'MAXAGE', '10')).toBe('-ERR syntax error\r\n');
    expect(a.run('CLIENT', 'KILL', 'ID', '1', 'TYPE')).toBe('-ERR syntax error\r\n');
  });
});

describe('CLIENT REPLY', () => {
  it('turns replies off, on and skips one', () => {
    const c = makeServer().client();
    expect(c.feed('CLIENT REPLY OFF\r\nPING\r\nCLIENT REPLY ON\r\nPING\r\n')).toBe('+OK\r\n+PONG\r\n');
    expect(c.feed('CLIENT REPLY SKIP\r\nPING\r\nPING\r\n')).toBe('+PONG\r\n');
    // ON right after SKIP still answers.
    expect(c.feed('CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n')).toBe('+OK\r\n+PONG\r\n');
    expect(c.feed('CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nPING\r\nCLIENT REPLY ON\r\n')).toBe('+OK\r\n');
    expect(c.run('CLIENT', 'REPLY', 'maybe')).toBe('-ERR syntax error\r\n');
  });

  it('still delivers pub/sub frames while replies are off', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    expect(a.feed('CLIENT REPLY OFF\r\nSUBSCRIBE ch\r\nPING\r\n')).toBe('*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n');
    b.run('PUBLISH', 'ch', 'hi');
    expect(a.take()).toBe('*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n');
  });
});

describe('CLIENT UNBLOCK', () => {
  it('ends a wait with the timeout reply or an UNBLOCKED error', () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    let timedOut = 0;
    blockClient(b.c, 0, () => false, () => {
      timedOut++;
      b.c.addNullArray();
    });
    expect(a.run('CLIENT', 'UNBLOCK', String(b.c.id))).toBe(':1\r\n');
    expect(timedOut).toBe(1);
    expect(b.take()).toBe('*-1\r\n');
    expect(a.run('CLIENT', 'UNBLOCK', String(b.c.id))).toBe(':0\r\n');
    blockClient(b.c, 0, () => false, () => {});
    expect(a.run('CLIENT', 'UNBLOCK', String(b.c.id), 'ERROR')).toBe(':1\r\n');
    expect(b.take()).toBe('-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n');
    expect(b.c.blocked).toBe(null);
  });

  it('checks the reason before the id', () => {
    const a = makeServer().client();
    expect(a.run('CLIENT', 'UNBLOCK', 'abc', 'foo')).toBe('-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n');
    expect(a.run('CLIENT', 'UNBLOCK', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(a.run('CLIENT', 'UNBLOCK', '-5')).toBe(':0\r\n');
    expect(a.run('CLIENT', 'UNBLOCK', '9', 'error', 'x')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'UNBLOCK'. Try CLIENT HELP.\r\n",
    );
  });
});

describe('CLIENT PAUSE', () => {
  it('holds writes in WRITE mode and runs them after UNPAUSE', async () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    expect(a.run('CLIENT', 'PAUSE', '100000', 'WRITE')).toBe('+OK\r\n');
    expect(b.feed('GET k\r\nSET k 1\r\nGET k\r\n')).toBe('$-1\r\n');
    // Redis 7.0 shows a held client as blocked on its postponed command.
    expect(a.run('CLIENT', 'LIST', 'ID', String(b.c.id))).toMatch(/ flags=b .* cmd=set /);
    expect(pausedClientsCount(srv.state)).toBe(1);
    // PUBLISH may replicate, so it waits too; the rest of the pipeline stays behind it.
    const c = srv.client();
    expect(c.feed('PUBLISH ch m\r\nPING\r\n')).toBe('');
    expect(a.run('GET', 'k')).toBe('$-1\r\n');
    expect(a.run('CLIENT', 'UNPAUSE')).toBe('+OK\r\n');
    await nextTurn();
    expect(b.take()).toBe('+OK\r\n$1\r\n1\r\n');
    expect(c.take()).toBe(':0\r\n+PONG\r\n');
  });

  it('holds queued writes and an EXEC of writes, not an EXEC of reads', async () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    a.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    expect(b.feed('MULTI\r\nGET k\r\nEXEC\r\n')).toBe('+OK\r\n+QUEUED\r\n*1\r\n$-1\r\n');
    expect(b.feed('MULTI\r\nSET k 1\r\n')).toBe('+OK\r\n');
    a.run('CLIENT', 'UNPAUSE');
    await nextTurn();
    expect(b.take()).toBe('+QUEUED\r\n');
    a.run('CLIENT', 'PAUSE', '100000', 'WRITE');
    expect(b.feed('EXEC\r\n')).toBe('');
    a.run('CLIENT', 'UNPAUSE');
    await nextTurn();
    expect(b.take()).toBe('*1\r\n+OK\r\n');
  });

  it('holds every command in ALL mode, CLIENT UNPAUSE included, until the timeout', async () => {
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    expect(a.run('CLIENT', 'PAUSE', '30')).toBe('+OK\r\n');
    expect(b.feed('PING\r\nCLIENT UNPAUSE\r\n')).toBe('');
    const t0 = Date.now();
    while (b.take() === '' && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 5));
    expect(srv.state.pauseType).toBe('none');
  });

  it('never pauses replicas or the master link', () => {
    const srv = makeServer();
    const a = srv.client();
    const r = srv.client();
    r.c.isReplica = true;
    a.run('CLIENT', 'PAUSE', '100000', 'ALL');
    expect(r.feed('PING\r\n')).toBe('+PONG\r\n');
    a.run('CLIENT', 'UNPAUSE');
  });

  it('keeps the stricter type and the later end', () => {
    const srv = makeServer();
    const a = srv.client();
    a.run('CLIENT', 'PAUSE', '100000', 'ALL');
    const end = srv.state.pauseEnd;
    a.run('CLIENT', 'PAUSE', '10', 'WRITE');
    expect(srv.state.pauseType).toBe('all');
    expect(srv.state.pauseEnd).toBe(end);
    a.run('CLIENT', 'UNPAUSE');
  });

  it('rejects bad arguments with Redis texts', () => {
    const a = makeServer().client();
    expect(a.run('CLIENT', 'PAUSE', 'abc')).toBe('-ERR timeout is not an integer or out of range\r\n');
    expect(a.run('CLIENT', 'PAUSE', '1.5')).toBe('-ERR timeout is not an integer or out of range\r\n');
    expect(a.run('CLIENT', 'PAUSE', '-1')).toBe('-ERR timeout is negative\r\n');
    expect(a.run('CLIENT', 'PAUSE', '10', 'foo')).toBe('-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n');
    expect(a.run('CLIENT', 'PAUSE', 'abc', 'foo')).toBe('-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n');
    expect(a.run('client', 'pause', '10', 'write', 'x')).toBe(
      "-ERR unknown subcommand or wrong number of arguments for 'pause'. Try CLIENT HELP.\r\n",
    );
    expect(a.run('CLIENT', 'UNPAUSE', 'x')).toBe("-ERR wrong number of arguments for 'client|unpause' command\r\n");
  });
});

describe('CLIENT TRACKING family', () => {
  it('reports tracking off and validates options like Redis', () => {
    const srv = makeServer();
    const c = srv.client();
    expect(c.run('CLIENT', 'GETREDIR')).toBe(':-1\r\n');
    expect(c.run('CLIENT', 'TRACKINGINFO')).toBe('*6\r\n$5\r\nflags\r\n*1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n');
    c.c.resp = 3;
    expect(c.run('CLIENT', 'TRACKINGINFO')).toBe('%3\r\n$5\r\nflags\r\n~1\r\n$3\r\noff\r\n$8\r\nredirect\r\n:-1\r\n$8\r\nprefixes\r\n*0\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'off')).toBe('+OK\r\n');
    expect(c.run('CLIENT', 'CACHING', 'yes')).toBe(
      '-ERR CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled\r\n',
    );
    expect(c.run('CLIENT', 'TRACKING', 'maybe')).toBe('-ERR syntax error\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'off', 'PREFIX')).toBe('-ERR syntax error\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'on', 'REDIRECT', '99999')).toBe('-ERR The client ID you want redirect to does not exist\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'on', 'REDIRECT', 'abc')).toBe('-ERR value is not an integer or out of range\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'on', 'PREFIX', 'a')).toBe('-ERR PREFIX option requires BCAST mode to be enabled\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'on', 'BCAST', 'OPTIN')).toBe('-ERR OPTIN and OPTOUT are not compatible with BCAST\r\n');
    expect(c.run('CLIENT', 'TRACKING', 'on', 'OPTIN', 'OPTOUT')).toBe("-ERR You can't specify both OPTIN mode and OPTOUT mode\r\n");
    expect(c.run('CLIENT', 'TRACKING', 'on')).toMatch(/^-ERR .*not supported/);
  });
});

describe('client cleanup on close', () => {
  it('drops subscriptions, watched keys, MONITOR and blocked state', async () => {
    const { freeClient } = await import('../../../../src/server/server.js');
    const srv = makeServer();
    const a = srv.client();
    const b = srv.client();
    a.run('SUBSCRIBE', 'ch');
    a.run('PSUBSCRIBE', 'p*');
    a.run('SSUBSCRIBE', 's');
    b.run('WATCH', 'k');
    srv.state.monitors.add(b.c);
    freeClient(a.c);
    const c = srv.client();
    expect(c.run('PUBSUB', 'NUMPAT')).toBe(':0\r\n');
    expect(c.run('PUBSUB', 'CHANNELS')).toBe('*0\r\n');
    expect(c.run('PUBSUB', 'SHARDCHANNELS')).toBe('*0\r\n');
    blockClient(b.c, 0, () => false, () => {});
    freeClient(b.c);
    expect(srv.state.watchedKeys.size).toBe(0);
    expect(srv.state.monitors.size).toBe(0);
    expect(b.c.blocked).toBe(null);
  });
});
