// In-process harness for unit tests: a ServerState with a manual clock and clients whose
// output is captured, so commands run through the real dispatcher without sockets.

import { Client, type Connection } from '../../src/server/client.js';
import { processCommand } from '../../src/server/commands/dispatch.js';
import { ConfigStore } from '../../src/server/config/store.js';
import { ManualClock } from '../../src/server/keyspace/clock.js';
import { ReplyParser } from '../../src/server/protocol/parser.js';
import type { RespValue } from '../../src/server/protocol/types.js';
import { processInputBuffer } from '../../src/server/server.js';
import { ServerState } from '../../src/server/state.js';

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

  /** Output produced since the last take (including pushes from other clients' actions). */
  take(): string {
    this.state.flushWrites();
    const d = this.conn.data;
    this.conn.data = '';
    return d;
  }
}
