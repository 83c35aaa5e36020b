// In-process harness for unit tests: a ServerState with a manual clock and clients whose
// output is captured, so commands run through the real dispatcher without sockets.

import { Client, type Connection } from '../../src/server/client.js';
import { processCommand } from '../../src/server/commands/dispatch.js';
import { ConfigStore } from '../../src/server/config/store.js';
import { ManualClock } from '../../src/server/keyspace/clock.js';
import { ReplyParser } from '../../src/server/protocol/parser.js';
import type { RespValue } from '../../src/server/protocol/types.js';
import { processInputBuffer } from '../../src/server/server.js';
import { ServerState, type PropagatedOp } from '../../src/server/state.js';

class CaptureConnection implements Connection {
  data = '';
  ended = false;
  destroyed = false;
  remoteAddress = '127.0.0.1:50000';
  localAddress = '127.0.0.1:6379';
  isLocal = true;
  write(d: string): void {
    this.data += d;
  }
  end(): void {
    this.ended = true;
  }
  destroy(): void {
    this.destroyed = true;
  }
  writeBytes(d: Buffer): boolean {
    this.data += d.toString('latin1');
    return true;
  }
  onceDrain(fn: () => void): void {
    fn();
  }
  pauseReading(): void {}
  resumeReading(): void {}
}

export interface TestServer {
  state: ServerState;
  clock: ManualClock;
  client(): TestClient;
}

/** A server with a manual clock; config entries are directive -> value words. */
export function makeServer(config: Record<string, string> = {}): TestServer {
  const store = new ConfigStore();
  for (const [k, v] of Object.entries(config)) store.set(k, v === '' ? [''] : v.split(' '));
  const clock = new ManualClock();
  const state = new ServerState(clock, store);
  return { state, clock, client: () => new TestClient(state) };
}

/** Records every op the server propagates to replicas, flattened in order. */
export function capturePropagation(t: TestServer): PropagatedOp[] {
  const ops: PropagatedOp[] = [];
  t.state.propagationSink = (batch) => ops.push(...batch);
  return ops;
}

/** The argv of each propagated op. */
export const argvs = (ops: readonly PropagatedOp[]): string[][] => ops.map((o) => o.argv);

/**
 * The usual command-test fixture: a server, one client, db 0 and the ops propagated so far;
 * `propagated()` takes the argvs propagated since its last call.
 */
export function setupCommandTest(config: Record<string, string> = {}) {
  const t = makeServer(config);
  const ops = capturePropagation(t);
  const c = t.client();
  const propagated = (): string[][] => argvs(ops.splice(0));
  return { t, c, ops, db: t.state.dbs[0]!, propagated };
}

export class TestClient {
  readonly conn = new CaptureConnection();
  readonly c: Client;
  constructor(readonly state: ServerState) {
    this.c = new Client(state, this.conn);
    state.clients.set(this.c.id, this.c);
  }

  /** Runs one command and returns the raw RESP it produced. */
  run(...argv: Array<string | number>): string {
    processCommand(
      this.c,
      argv.map((a) => String(a)),
    );
    return this.take();
  }

  /** Feeds raw protocol bytes through the parser, as a socket would. */
  feed(bytes: string): string {
    this.c.parser.feed(Buffer.from(bytes, 'latin1'));
    processInputBuffer(this.c);
    return this.take();
  }

  /** Runs a command and decodes its reply. */
  call(...argv: Array<string | number>): RespValue | undefined {
    const raw = this.run(...argv);
    const p = new ReplyParser();
    p.feed(Buffer.from(raw, 'latin1'));
    return p.next();
  }

  /** Runs a command whose reply is a flat array and returns its items as strings. */
  strings(...argv: Array<string | number>): string[] {
    const v = this.call(...argv);
    if (!Array.isArray(v)) throw new Error(`not an array: ${JSON.stringify(v)}`);
    return v.map((x) => String(x));
  }

  /** OBJECT ENCODING of key, as the raw reply. */
  encoding(key: string): string {
    return this.run('OBJECT', 'ENCODING', key);
  }

  /** Output produced since the last take (including pushes from other clients' actions). */
  take(): string {
    this.state.flushWrites();
    const d = this.conn.data;
    this.conn.data = '';
    return d;
  }
}
