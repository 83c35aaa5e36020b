// Connection commands (Redis group "connection"): PING, ECHO, QUIT, SELECT, AUTH, HELLO,
// RESET and the CLIENT container, following server.c, acl.c and networking.c of Redis
// 7.0.15 (plus CLIENT SETINFO / NO-TOUCH from 7.2, which current client libraries send).
// Also owns CLIENT PAUSE (ServerState.pauseBlocks) and per-client cleanup on close.

import { abortBlockedClient, resumeClient, unblockClient } from '../blocking.js';
import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { perServer } from '../per-server.js';
import { PONG } from '../protocol/writer.js';
import { unsubscribeEverything } from '../pubsub.js';
import { freeClient, onClientClose } from '../server.js';
import type { PausePurpose, PauseType, ServerState } from '../state.js';
import { REDIS_VERSION } from '../version.js';
import { getTimeoutDeadline, isOpt, parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';
import { lookupCommand, lookupSubcommand } from './table.js';
import { discardTransaction, execMayReplicate } from './transactions.js';

// --- helpers shared with other families -----------------------------------------------

/**
 * addReplyHelp: the "<CMD> <subcommand> ..." header, the given lines and the HELP
 * entry, each a status reply.
 */
export function addReplyHelp(c: Client, cmdName: string, lines: readonly string[]): void {
  c.addArrayLen(lines.length + 3);
  c.addStatus(`${cmdName.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const line of lines) c.addStatus(line);
  c.addStatus('HELP');
  c.addStatus('    Prints this help.');
}

/** Client names, lib-name and lib-ver: printable ASCII without spaces ('!'..'~'), as CLIENT LIST needs. */
function validClientAttr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) return false;
  }
  return true;
}

/** clientSetNameOrReply: an empty name clears it. */
function setClientName(c: Client, name: string): void {
  if (!validClientAttr(name)) throw new ReplyError(E.CLIENT_NAME_SPACES);
  c.name = name;
}

/**
 * ACLAuthenticateUser for the only user rctl-server has: "default", which takes any
 * password without requirepass (nopass) and exactly requirepass otherwise.
 */
function checkCredentials(s: ServerState, user: string, pass: string): boolean {
  if (user !== 'default') return false;
  const required = s.config.str('requirepass');
  return required === '' || required === pass;
}

// --- PING ECHO QUIT SELECT ------------------------------------------------------------

function pingCommand(c: Client, argv: string[]): void {
  if (argv.length > 2) throw new ReplyError(E.wrongArity('ping'));
  // In RESP2 subscribe mode PING answers with a pub/sub style array (pubsub.c).
  if (c.resp === 2 && c.inPubSub) {
    c.addArrayLen(2);
    c.addBulk('pong');
    c.addBulk(argv.length === 2 ? argv[1]! : '');
    return;
  }
  if (argv.length === 2) c.addBulk(argv[1]!);
  else c.addReply(PONG);
}

function echoCommand(c: Client, argv: string[]): void {
  c.addBulk(argv[1]!);
}

function quitCommand(c: Client): void {
  c.addOK();
  c.closeAfterReply = true;
}

function selectCommand(c: Client, argv: string[]): void {
  // getIntFromObjectOrReply: not an integer, or not an int32, are different errors.
  const id = parseInteger(argv[1]!);
  if (id === null) throw new ReplyError(E.NOT_INTEGER);
  if (id < -2147483648 || id > 2147483647) throw new ReplyError(E.VALUE_OUT_OF_INT_RANGE);
  const db = c.server.dbs[id];
  if (id < 0 || !db) throw new ReplyError(E.DB_INDEX_OUT_OF_RANGE);
  c.db = db;
  c.addOK();
}

// --- AUTH HELLO RESET -----------------------------------------------------------------

function authCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(E.SYNTAX);
  let user = 'default';
  let pass: string;
  if (argv.length === 2) {
    // The one-argument form keeps its pre-ACL error when no password is configured.
    if (!c.server.requiresAuth()) throw new ReplyError(E.AUTH_NO_PASSWORD);
    pass = argv[1]!;
  } else {
    user = argv[1]!;
    pass = argv[2]!;
  }
  // A failed AUTH leaves an authenticated connection authenticated.
  if (!checkCredentials(c.server, user, pass)) throw new ReplyError(E.WRONGPASS);
  c.authenticated = true;
  c.addOK();
}

/**
 * HELLO [protover [AUTH user pass] [SETNAME name]]. Redis 7.0 applies AUTH and SETNAME
 * in argument order while parsing, so a later failure keeps the earlier effects (even
 * a name set by a client that then gets the NOAUTH error).
 */
function helloCommand(c: Client, argv: string[]): void {
  const s = c.server;
  let ver = 0;
  let j = 1;
  if (argv.length >= 2) {
    const v = parseInteger(argv[1]!);
    if (v === null) throw new ReplyError(E.HELLO_PROTO_NOT_INTEGER);
    if (v < 2 || v > 3) throw new ReplyError(E.HELLO_PROTO);
    ver = v;
    j = 2;
  }
  for (; j < argv.length; j++) {
    const more = argv.length - 1 - j;
    const opt = argv[j]!;
    if (isOpt(opt, 'auth') && more >= 2) {
      if (!checkCredentials(s, argv[j + 1]!, argv[j + 2]!)) throw new ReplyError(E.WRONGPASS);
      c.authenticated = true;
      j += 2;
    } else if (isOpt(opt, 'setname') && more >= 1) {
      setClientName(c, argv[j + 1]!);
      j++;
    } else {
      throw new ReplyError(E.helloSyntax(opt));
    }
  }
  if (!c.authenticated) throw new ReplyError(E.HELLO_NOAUTH);
  if (ver !== 0) c.resp = ver as 2 | 3;
  c.addMapLen(7);
  c.addBulk('server');
  c.addBulk('redis');
  c.addBulk('version');
  c.addBulk(REDIS_VERSION);
  c.addBulk('proto');
  c.addInt(c.resp);
  c.addBulk('id');
  c.addInt(c.id);
  c.addBulk('mode');
  c.addBulk('standalone');
  c.addBulk('role');
  c.addBulk(s.masterHost !== null ? 'replica' : 'master');
  c.addBulk('modules');
  c.addArrayLen(0);
}

/** RESET (clearClientConnectionState): the state of a fresh connection, kept id and address. */
function resetCommand(c: Client): void {
  const s = c.server;
  // MONITOR clients count as replicas in Redis but may be reset.
  if (c.isMaster || (c.isReplica && !c.isMonitor)) throw new ReplyError(E.RESET_NOT_NORMAL);
  if (c.isMonitor) {
    s.monitors.delete(c);
    c.isMonitor = false;
    c.isReplica = false;
  }
  c.db = s.dbs[0]!;
  c.resp = 2;
  c.authenticated = !s.requiresAuth();
  discardTransaction(c);
  unsubscribeEverything(c);
  c.name = '';
  c.replyMode = 'on';
  // 7.0.15 keeps CLIENT NO-EVICT across RESET; NO-TOUCH (7.2) is cleared as 7.2 does.
  c.noTouch = false;
  c.addStatus('RESET');
}

// --- CLIENT LIST / INFO ---------------------------------------------------------------

/**
 * File descriptor numbers for CLIENT LIST: rctl has none, so we hand out the lowest
 * free number from 8 up (what a Redis with default config shows), reused after close.
 */
interface FdTable {
  readonly byClient: Map<Client, number>;
  readonly free: number[];
  next: number;
}
const fdTableOf = perServer((): FdTable => ({ byClient: new Map(), free: [], next: 8 }));

function fdOf(c: Client): number {
  const t = fdTableOf(c.server);
  let fd = t.byClient.get(c);
  if (fd === undefined) {
    // Number every client in connection order, so numbers follow accept order.
    for (const other of c.server.clients.values()) {
      if (t.byClient.has(other)) continue;
      let n: number;
      if (t.free.length > 0) {
        t.free.sort((a, b) => a - b);
        n = t.free.shift()!;
      } else {
        n = t.next++;
      }
      t.byClient.set(other, n);
      if (other === c) break;
    }
    fd = t.byClient.get(c) ?? -1;
  }
  return fd;
}

function releaseFd(c: Client): void {
  const t = fdTableOf.peek(c.server);
  const fd = t?.byClient.get(c);
  if (t && fd !== undefined) {
    t.byClient.delete(c);
    t.free.push(fd);
  }
}

type ClientType = 'normal' | 'slave' | 'pubsub' | 'master';

/** getClientTypeByName (replica is an alias of slave), or null. */
function clientTypeByName(name: string): ClientType | null {
  const n = name.toLowerCase();
  if (n === 'normal' || n === 'slave' || n === 'pubsub' || n === 'master') return n;
  if (n === 'replica') return 'slave';
  return null;
}

/** getClientType: MONITOR clients are normal (or pubsub), not replicas. */
function clientTypeOf(c: Client): ClientType {
  if (c.isMaster) return 'master';
  if (c.isReplica && !c.isMonitor) return 'slave';
  if (c.inPubSub) return 'pubsub';
  return 'normal';
}

function isUnixSocket(c: Client): boolean {
  const a = c.conn.remoteAddress;
  return a === c.conn.localAddress && a.endsWith(':0') && !/^[\d.]+:0$/.test(a);
}

/** The flags= letters of CLIENT LIST, in Redis's order; 'T' is 7.2's no-touch. */
function clientFlags(c: Client): string {
  let f = '';
  if (c.isReplica) f += c.isMonitor ? 'O' : 'S';
  else if (c.isMonitor) f += 'O';
  if (c.isMaster) f += 'M';
  if (c.inPubSub) f += 'P';
  if (c.inMulti) f += 'x';
  if (c.blocked !== null || isPaused(c)) f += 'b';
  if (c.dirtyCas) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (isUnixSocket(c)) f += 'U';
  if (c.noEvict) f += 'e';
  if (c.noTouch) f += 'T';
  return f === '' ? 'N' : f;
}

/** Query buffer size a fresh Redis client reports (qbuf + qbuf-free). */
const QUERY_BUF_ALLOC = 20474;
/** Memory Redis counts for an idle client beyond its buffers (tot-mem baseline). */
const CLIENT_BASE_MEM = 21264;
/** Reply buffer size of a client after Redis's idle shrink. */
const REPLY_BUF_SIZE = 1024;
/** Redis's static reply buffer; output beyond it goes to the reply list (oll, omem). */
const STATIC_REPLY_BUF = 16 * 1024;
/** PROTO_REPLY_CHUNK_BYTES: the smallest block of a reply list or the replication buffer (oll counts blocks). */
const REPLY_CHUNK_BYTES = 16 * 1024;

/**
 * catClientInfoString: one CLIENT LIST line with Redis 7.0.15's fields in its order.
 * Memory figures are estimates of what Redis would report; `self` gives the argv of
 * the command being run by this client (it is still in its query buffer in Redis).
 */
export function clientInfoLine(c: Client, self: { argv: string[]; cmd: string } | null): string {
  const nowSec = Math.floor(Date.now() / 1000);
  let qbuf = c.parser.pendingBytes;
  let argvMem = 0;
  if (self) {
    for (const a of self.argv) argvMem += a.length;
    qbuf += c.parser.lastCommandBytes;
  }
  let multiMem = 0;
  for (const q of c.multiQueue) {
    multiMem += 16;
    for (const a of q.argv) multiMem += a.length;
  }
  // Replies not yet handed to the socket fill the static buffer first (obl); the rest, with
  // what the socket queues because the kernel did not take it, is what Redis would hold in
  // its reply list (omem): the total client-output-buffer-limit measures (unsentOutputBytes).
  const out = c.out.length;
  const obl = Math.min(out, STATIC_REPLY_BUF);
  const omem = c.unsentOutputBytes() - obl;
  const writing = out > 0 || (c.conn.pendingBytes?.() ?? 0) > 0;
  const totMem = CLIENT_BASE_MEM + REPLY_BUF_SIZE + qbuf + argvMem + multiMem + omem;
  return (
    `id=${c.id} addr=${c.conn.remoteAddress} laddr=${c.conn.localAddress} fd=${fdOf(c)}` +
    ` name=${c.name} age=${nowSec - Math.floor(c.createdAt / 1000)} idle=${nowSec - Math.floor(c.lastInteraction / 1000)}` +
    ` flags=${clientFlags(c)} db=${c.db.id} sub=${c.channels.size} psub=${c.patterns.size} ssub=${c.shardChannels.size}` +
    ` multi=${c.inMulti ? c.multiQueue.length : -1} qbuf=${qbuf} qbuf-free=${Math.max(0, QUERY_BUF_ALLOC - qbuf)}` +
    ` argv-mem=${argvMem} multi-mem=${multiMem} rbs=${REPLY_BUF_SIZE} rbp=0 obl=${obl} oll=${Math.ceil(omem / REPLY_CHUNK_BYTES)}` +
    ` omem=${omem} tot-mem=${totMem} events=${writing ? 'rw' : 'r'} cmd=${self ? self.cmd : isPaused(c) ? pendingCommandName(c.pendingArgv!) : c.lastCmd}` +
    ` user=default redir=-1 resp=${c.resp}`
  );
}

/** What the calling client's line shows as cmd= (Redis sets lastcmd before running it). */
function selfInfo(c: Client, argv: string[], name: string): { argv: string[]; cmd: string } {
  return { argv, cmd: c.inMulti ? 'exec' : name };
}

function clientListCommand(c: Client, argv: string[]): void {
  const self = selfInfo(c, argv, 'client|list');
  let type: ClientType | null = null;
  let text = '';
  if (argv.length === 4 && isOpt(argv[2], 'type')) {
    type = clientTypeByName(argv[3]!);
    if (type === null) throw new ReplyError(E.unknownClientType(argv[3]!));
  } else if (argv.length > 3 && isOpt(argv[2], 'id')) {
    const ids: number[] = [];
    for (let i = 3; i < argv.length; i++) {
      const id = parseInteger(argv[i]!);
      if (id === null) throw new ReplyError(E.INVALID_CLIENT_ID);
      ids.push(id);
    }
    for (const id of ids) {
      const other = c.server.clients.get(id);
      if (other) text += clientInfoLine(other, other === c ? self : null) + '\n';
    }
    c.addVerbatim(text);
    return;
  } else if (argv.length !== 2) {
    throw new ReplyError(E.SYNTAX);
  }
  for (const other of c.server.clients.values()) {
    if (type !== null && clientTypeOf(other) !== type) continue;
    text += clientInfoLine(other, other === c ? self : null) + '\n';
  }
  c.addVerbatim(text);
}

function clientInfoCommand(c: Client, argv: string[]): void {
  c.addVerbatim(clientInfoLine(c, selfInfo(c, argv, 'client|info')) + '\n');
}

// --- CLIENT ID / SETNAME / GETNAME / SETINFO / NO-EVICT / NO-TOUCH / REPLY ------------

function clientIdCommand(c: Client): void {
  c.addInt(c.id);
}

function clientSetnameCommand(c: Client, argv: string[]): void {
  setClientName(c, argv[2]!);
  c.addOK();
}

function clientGetnameCommand(c: Client): void {
  c.addBulkOrNull(c.name === '' ? null : c.name);
}

/** CLIENT SETINFO LIB-NAME|LIB-VER value (Redis 7.2); an empty value clears it. */
function clientSetinfoCommand(c: Client, argv: string[]): void {
  const attr = argv[2]!;
  const value = argv[3]!;
  const isName = isOpt(attr, 'lib-name');
  if (!isName && !isOpt(attr, 'lib-ver')) throw new ReplyError(E.unrecognizedOption(attr));
  if (!validClientAttr(value)) throw new ReplyError(E.clientAttrInvalid(attr));
  if (isName) c.libName = value;
  else c.libVer = value;
  c.addOK();
}

/** Parses ON|OFF for the toggling subcommands; anything else is a syntax error. */
function onOff(arg: string): boolean {
  if (isOpt(arg, 'on')) return true;
  if (isOpt(arg, 'off')) return false;
  throw new ReplyError(E.SYNTAX);
}

function clientNoEvictCommand(c: Client, argv: string[]): void {
  c.noEvict = onOff(argv[2]!);
  c.addOK();
}

/** CLIENT NO-TOUCH ON|OFF (Redis 7.2): this client's reads leave keys' access time alone. */
function clientNoTouchCommand(c: Client, argv: string[]): void {
  c.noTouch = onOff(argv[2]!);
  c.addOK();
}

/**
 * CLIENT REPLY: OFF drops replies until ON; SKIP drops the next command's reply (the
 * input loop turns 'skip' into skipNextReply). Neither SKIP nor OFF replies itself.
 */
function clientReplyCommand(c: Client, argv: string[]): void {
  const mode = argv[2]!;
  if (isOpt(mode, 'on')) {
    c.replyMode = 'on';
    // ON clears a pending skip, so its own +OK is sent even right after SKIP.
    c.skipNextReply = false;
    c.addOK();
  } else if (isOpt(mode, 'off')) {
    c.replyMode = 'off';
  } else if (isOpt(mode, 'skip')) {
    if (c.replyMode !== 'off') c.replyMode = 'skip';
  } else {
    throw new ReplyError(E.SYNTAX);
  }
}

// --- CLIENT KILL / UNBLOCK ------------------------------------------------------------

function clientKillCommand(c: Client, argv: string[]): void {
  const s = c.server;
  let addr: string | null = null;
  let laddr: string | null = null;
  let type: ClientType | null = null;
  let id = 0;
  let skipMe = true;
  if (argv.length === 3) {
    // Old form CLIENT KILL addr: may kill the caller itself.
    addr = argv[2]!;
    skipMe = false;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i]!;
      const more = i + 1 < argv.length;
      const val = argv[i + 1]!;
      if (isOpt(opt, 'id') && more) {
        const n = parseInteger(val);
        if (n === null || n < 1) throw new ReplyError(E.CLIENT_ID_NOT_POSITIVE);
        id = n;
      } else if (isOpt(opt, 'type') && more) {
        type = clientTypeByName(val);
        if (type === null) throw new ReplyError(E.unknownClientType(val));
      } else if (isOpt(opt, 'addr') && more) {
        addr = val;
      } else if (isOpt(opt, 'laddr') && more) {
        laddr = val;
      } else if (isOpt(opt, 'user') && more) {
        // "default" is the only user; it matches every client.
        if (val !== 'default') throw new ReplyError(E.noSuchUser(val));
      } else if (isOpt(opt, 'skipme') && more) {
        if (isOpt(val, 'yes')) skipMe = true;
        else if (isOpt(val, 'no')) skipMe = false;
        else throw new ReplyError(E.SYNTAX);
      } else {
        throw new ReplyError(E.SYNTAX);
      }
    }
  }
  let killed = 0;
  let closeSelf = false;
  for (const other of [...s.clients.values()]) {
    if (addr !== null && other.conn.remoteAddress !== addr) continue;
    if (laddr !== null && other.conn.localAddress !== laddr) continue;
    if (type !== null && clientTypeOf(other) !== type) continue;
    if (id !== 0 && other.id !== id) continue;
    if (other === c && skipMe) continue;
    // The caller is closed only after its reply is queued.
    if (other === c) closeSelf = true;
    else freeClient(other);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) throw new ReplyError(E.NO_SUCH_CLIENT);
    c.addOK();
  } else {
    c.addInt(killed);
  }
  if (closeSelf) c.closeAfterReply = true;
}

function clientUnblockCommand(c: Client, argv: string[]): void {
  if (argv.length > 4) throw new ReplyError(E.subcommandSyntax(argv[1]!, argv[0]!));
  let withError = false;
  if (argv.length === 4) {
    if (isOpt(argv[3], 'timeout')) withError = false;
    else if (isOpt(argv[3], 'error')) withError = true;
    else throw new ReplyError(E.CLIENT_UNBLOCK_REASON);
  }
  const id = parseInteger(argv[2]!);
  if (id === null) throw new ReplyError(E.NOT_INTEGER);
  const target = c.server.clients.get(id);
  const done = target !== undefined && target.blocked !== null && abortBlockedClient(target, withError ? E.UNBLOCKED_CLIENT_UNBLOCK : null);
  c.addInt(done ? 1 : 0);
}

// --- CLIENT PAUSE / UNPAUSE -----------------------------------------------------------

const NEVER_PAUSED = (): boolean => false;

/** True when argv may write or propagate: what CLIENT PAUSE WRITE holds back. */
function mayReplicate(c: Client, argv: string[]): boolean {
  let cmd = lookupCommand(argv[0]!);
  if (!cmd) return false;
  if (cmd.subcommands && argv.length >= 2) {
    const sub = lookupSubcommand(cmd, argv[1]!);
    if (!sub) return false;
    cmd = sub;
  }
  return cmd.flags.includes('write') || cmd.flags.includes('may_replicate') || execMayReplicate(c, cmd);
}

/**
 * ServerState.pauseBlocks while a pause is on. A client is held at its next command:
 * any command under ALL, one that may write (EVAL, PUBLISH and an EXEC of writes
 * included) under WRITE; the rest of its pipeline stays behind it. The held command is
 * parsed first, as Redis postpones a parsed command (CLIENT LIST shows it as cmd= with
 * flag b). Replicas, MONITOR clients and the master link never pause.
 */
function clientPauseBlocks(c: Client, argv: string[] | null): boolean {
  const s = c.server;
  if (argv === null || s.pauseType === 'none' || c.isMaster || c.isReplica || c.isMonitor) return false;
  if (s.pauseType === 'write' && !mayReplicate(c, argv)) return false;
  s.pausedClients.add(c);
  return true;
}

/** A client held by CLIENT PAUSE with its postponed command. */
function isPaused(c: Client): boolean {
  return c.pendingArgv !== null && c.server.pausedClients.has(c);
}

/** Clients held by CLIENT PAUSE: Redis 7.0 counts them in INFO blocked_clients. */
export function pausedClientsCount(s: ServerState): number {
  let n = 0;
  for (const c of s.pausedClients) if (c.pendingArgv !== null) n++;
  return n;
}

/** The full name (container|sub) of a parsed but not yet run command, for cmd=. */
function pendingCommandName(argv: string[]): string {
  const cmd = lookupCommand(argv[0]!);
  if (!cmd) return 'NULL';
  const sub = cmd.subcommands && argv.length >= 2 ? lookupSubcommand(cmd, argv[1]!) : undefined;
  return (sub ?? cmd).name;
}

/** Pause types by strictness (pause_type: OFF < WRITE < ALL). */
const PAUSE_RANK = { none: 0, write: 1, all: 2 } as const;

/**
 * pauseClients: starts or extends `purpose`'s pause. Within one purpose the stricter type
 * and the later end win (CLIENT PAUSE 100000 WRITE then CLIENT PAUSE 10 ALL holds every
 * command for 100 s, as in Redis 7.0.15). endMs is a Date.now() time. Exported for
 * FAILOVER and SHUTDOWN, which pause under their own purpose.
 */
export function pauseClients(s: ServerState, purpose: PausePurpose, type: 'write' | 'all', endMs: number): void {
  const p = s.pauses.get(purpose);
  if (p === undefined) {
    s.pauses.set(purpose, { type, end: endMs });
  } else {
    if (type === 'all') p.type = 'all';
    if (endMs > p.end) p.end = endMs;
  }
  updatePauseState(s);
}

/**
 * unpauseClients: ends `purpose`'s pause only; a pause of another purpose stays in force
 * (CLIENT UNPAUSE leaves a FAILOVER's write pause, a FAILOVER ending leaves CLIENT PAUSE).
 */
export function unpauseClients(s: ServerState, purpose: PausePurpose): void {
  if (!s.pauses.delete(purpose)) return;
  updatePauseState(s);
}

/**
 * updateClientPauseTypeAndEndTime: the one place the effective pause is computed. Expired
 * purposes are dropped; the strictest remaining type wins, with the latest end among the
 * purposes of that type. When the pause gets less strict, held clients are run again
 * (unblockPostponedClients): those still covered (a write under WRITE) are held again.
 */
function updatePauseState(s: ServerState): void {
  const now = Date.now();
  const old = s.pauseType;
  let type: PauseType = 'none';
  let end = 0;
  for (const [purpose, p] of s.pauses) {
    // Redis drops a pause once its end is in the past (p->end < server.mstime).
    if (p.end < now) {
      s.pauses.delete(purpose);
    } else if (PAUSE_RANK[p.type] > PAUSE_RANK[type]) {
      type = p.type;
      end = p.end;
    } else if (p.type === type && p.end > end) {
      end = p.end;
    }
  }
  s.pauseType = type;
  s.pauseEnd = end;
  if (s.pauseTimer) clearTimeout(s.pauseTimer);
  s.pauseTimer = null;
  if (type === 'none') {
    s.pauseBlocks = NEVER_PAUSED;
  } else {
    s.pauseBlocks = clientPauseBlocks;
    // Checked again once the effective end has passed (checkClientPauseTimeoutAndReturnIfPaused).
    const delay = Math.min(Math.max(1, end - now + 1), MAX_TIMER_MS);
    s.pauseTimer = setTimeout(updatePauseState, delay, s);
    s.pauseTimer.unref();
  }
  if (PAUSE_RANK[type] < PAUSE_RANK[old]) {
    const held = [...s.pausedClients];
    s.pausedClients.clear();
    for (const c of held) resumeClient(c);
  }
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function clientPauseCommand(c: Client, argv: string[]): void {
  if (argv.length > 4) throw new ReplyError(E.subcommandSyntax(argv[1]!, argv[0]!));
  let type: 'write' | 'all' = 'all';
  if (argv.length === 4) {
    if (isOpt(argv[3], 'write')) type = 'write';
    else if (!isOpt(argv[3], 'all')) throw new ReplyError(E.CLIENT_PAUSE_MODE);
  }
  // Milliseconds, integer only; 0 pauses until the next check, i.e. not at all.
  const end = getTimeoutDeadline(argv[2]!, 0, true);
  pauseClients(c.server, 'client', type, Date.now() + end);
  c.addOK();
}

function clientUnpauseCommand(c: Client): void {
  unpauseClients(c.server, 'client');
  c.addOK();
}

// --- CLIENT TRACKING family -------------------------------------------------------------

/**
 * CLIENT TRACKING: options are checked as Redis does, OFF succeeds (tracking is never
 * on), but ON is refused: server-assisted client-side caching is not implemented.
 */
function clientTrackingCommand(c: Client, argv: string[]): void {
  let redirect = 0;
  let bcast = false;
  let optin = false;
  let optout = false;
  let prefixes = 0;
  for (let j = 3; j < argv.length; j++) {
    const more = j + 1 < argv.length;
    const opt = argv[j]!;
    if (isOpt(opt, 'redirect') && more) {
      j++;
      if (redirect !== 0) throw new ReplyError(E.TRACKING_REDIRECT_TWICE);
      const id = parseInteger(argv[j]!);
      if (id === null) throw new ReplyError(E.NOT_INTEGER);
      if (!c.server.clients.has(id)) throw new ReplyError(E.TRACKING_REDIRECT_MISSING);
      redirect = id;
    } else if (isOpt(opt, 'bcast')) {
      bcast = true;
    } else if (isOpt(opt, 'optin')) {
      optin = true;
    } else if (isOpt(opt, 'optout')) {
      optout = true;
    } else if (isOpt(opt, 'noloop')) {
      // accepted
    } else if (isOpt(opt, 'prefix') && more) {
      j++;
      prefixes++;
    } else {
      throw new ReplyError(E.SYNTAX);
    }
  }
  if (isOpt(argv[2], 'on')) {
    if (!bcast && prefixes > 0) throw new ReplyError(E.TRACKING_PREFIX_NEEDS_BCAST);
    if (bcast && (optin || optout)) throw new ReplyError(E.TRACKING_BCAST_OPTIN_OPTOUT);
    if (optin && optout) throw new ReplyError(E.TRACKING_OPTIN_AND_OPTOUT);
    throw new ReplyError(E.TRACKING_UNSUPPORTED);
  }
  if (!isOpt(argv[2], 'off')) throw new ReplyError(E.SYNTAX);
  c.addOK();
}

function clientCachingCommand(): void {
  throw new ReplyError(E.CLIENT_CACHING_NOT_TRACKING);
}

function clientGetredirCommand(c: Client): void {
  c.addInt(-1);
}

function clientTrackinginfoCommand(c: Client): void {
  c.addMapLen(3);
  c.addBulk('flags');
  c.addSetLen(1);
  c.addBulk('off');
  c.addBulk('redirect');
  c.addInt(-1);
  c.addBulk('prefixes');
  c.addArrayLen(0);
}

// CLIENT HELP as Redis 7.0.15 prints it (SETINFO and NO-TOUCH came with 7.2's text).
const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

function clientHelpCommand(c: Client, argv: string[]): void {
  addReplyHelp(c, argv[0]!, CLIENT_HELP);
}

function clientContainerCommand(c: Client, argv: string[]): void {
  throw new ReplyError(E.unknownSubcommand(argv[1] ?? '', 'CLIENT'));
}

// --- cleanup --------------------------------------------------------------------------

/** freeClient's per-client cleanup: subscriptions, WATCH, MONITOR, blocking, pause, fd. */
function cleanupClient(c: Client): void {
  unsubscribeEverything(c);
  discardTransaction(c);
  c.server.monitors.delete(c);
  if (c.blocked !== null) unblockClient(c);
  c.server.pausedClients.delete(c);
  releaseFd(c);
}

onClientClose(cleanupClient);

// --- specs ------------------------------------------------------------------------------

/** Most CLIENT subcommands: not from scripts, fine while loading or stale. */
const CLIENT_FLAGS = ['noscript', 'loading', 'stale'] as const;
const CLIENT_ADMIN_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
const CLIENT_ACL = ['slow', 'connection'] as const;
const CLIENT_ADMIN_ACL = ['admin', 'slow', 'dangerous', 'connection'] as const;

function clientSub(
  sub: string,
  arity: number,
  admin: boolean,
  since: string,
  summary: string,
  handler: CommandSpec['handler'],
): CommandSpec {
  return {
    name: `client|${sub}`,
    arity,
    flags: admin ? CLIENT_ADMIN_FLAGS : CLIENT_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary,
    since,
    acl: admin ? CLIENT_ADMIN_ACL : CLIENT_ACL,
    handler,
  };
}

/** AUTH, HELLO, QUIT and RESET: allowed before authentication and during busy scripts. */
const NO_AUTH_FLAGS = ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'] as const;

export const connectionCommands = [
  {
    name: 'ping',
    arity: -1,
    flags: ['fast', 'subscribe-context'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: "Returns the server's liveliness response.",
    since: '1.0.0',
    acl: ['fast', 'connection'],
    handler: pingCommand,
  },
  {
    name: 'echo',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Returns the given string.',
    since: '1.0.0',
    acl: ['fast', 'connection'],
    handler: echoCommand,
  },
  {
    name: 'quit',
    arity: -1,
    flags: [...NO_AUTH_FLAGS, 'txn-control', 'subscribe-context'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Closes the connection.',
    since: '1.0.0',
    acl: ['fast', 'connection'],
    handler: quitCommand,
  },
  {
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Changes the selected database.',
    since: '1.0.0',
    acl: ['fast', 'connection'],
    handler: selectCommand,
  },
  {
    name: 'auth',
    arity: -2,
    flags: NO_AUTH_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Authenticates the connection.',
    since: '1.0.0',
    acl: ['fast', 'connection'],
    handler: authCommand,
  },
  {
    name: 'hello',
    arity: -1,
    flags: NO_AUTH_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Picks the protocol version, optionally authenticates and names the connection.',
    since: '6.0.0',
    acl: ['fast', 'connection'],
    handler: helloCommand,
  },
  {
    name: 'reset',
    arity: 1,
    flags: [...NO_AUTH_FLAGS, 'txn-control', 'subscribe-context'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Returns the connection to its initial state.',
    since: '6.2.0',
    acl: ['fast', 'connection'],
    handler: resetCommand,
  },
  {
    name: 'client',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Inspects and controls client connections.',
    since: '2.4.0',
    acl: ['slow'],
    handler: clientContainerCommand,
    subcommands: [
      clientSub('caching', 3, false, '6.0.0', 'Tells tracking whether to remember the next command\'s keys.', clientCachingCommand),
      clientSub('getname', 2, false, '2.6.9', 'Returns the connection name.', clientGetnameCommand),
      clientSub('getredir', 2, false, '6.0.0', 'Returns the client id tracking invalidations are redirected to.', clientGetredirCommand),
      { ...clientSub('help', 2, false, '5.0.0', 'Describes the CLIENT subcommands.', clientHelpCommand), flags: ['loading', 'stale'] },
      clientSub('id', 2, false, '5.0.0', 'Returns the connection id.', clientIdCommand),
      clientSub('info', 2, false, '6.2.0', 'Describes this connection.', clientInfoCommand),
      clientSub('kill', -3, true, '2.4.0', 'Closes connections chosen by address, id, type or user.', clientKillCommand),
      clientSub('list', -2, true, '2.4.0', 'Describes the open connections.', clientListCommand),
      clientSub('no-evict', 3, true, '7.0.0', 'Exempts this connection from client eviction.', clientNoEvictCommand),
      clientSub('no-touch', 3, false, '7.2.0', 'Keeps this connection\'s reads from updating key access times.', clientNoTouchCommand),
      clientSub('pause', -3, true, '3.0.0', 'Holds client commands, all or only writes, for a while.', clientPauseCommand),
      clientSub('reply', 3, false, '3.2.0', 'Turns the replies to this connection on, off or off for one command.', clientReplyCommand),
      clientSub('setinfo', 4, false, '7.2.0', 'Records the client library name or version.', clientSetinfoCommand),
      clientSub('setname', 3, false, '2.6.9', 'Names the connection.', clientSetnameCommand),
      clientSub('tracking', -3, false, '6.0.0', 'Controls server-assisted client-side caching.', clientTrackingCommand),
      clientSub('trackinginfo', 2, false, '6.2.0', 'Describes the tracking state of this connection.', clientTrackinginfoCommand),
      clientSub('unblock', -3, true, '5.0.0', 'Ends the wait of a client blocked in a command.', clientUnblockCommand),
      clientSub('unpause', 2, true, '6.2.0', 'Ends a CLIENT PAUSE.', clientUnpauseCommand),
    ],
  },
] satisfies CommandSpec[];
