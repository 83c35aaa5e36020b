// A replica played by a raw socket, for tests that look at what a master sends and when it
// closes: REPLCONF options (each reply awaited, as a real replica does), then SYNC or
// PSYNC; every byte received is kept, and the full-sync payload can be cut out of them.

import net from 'node:net';
import { encodeCommand } from '../../src/server/protocol/writer.js';
import { waitFor } from './wait-for.js';

/** The snapshot part of a full sync as received. */
export interface ReceivedPayload {
  /** `$<len>` (disk-based) or `$EOF:<mark>` (diskless). */
  kind: 'disk' | 'eof';
  rdb: Buffer;
  /** Bytes received after the payload (the replication stream, if any). */
  after: Buffer;
}

export class RawReplica {
  private chunks: Buffer[] = [];
  /** The master closed its side of the link (it sent FIN or reset it). */
  closedByServer = false;

  private constructor(private readonly sock: net.Socket) {
    sock.on('data', (d: Buffer) => this.chunks.push(d));
    sock.on('end', () => (this.closedByServer = true));
    sock.on('close', () => (this.closedByServer = true));
    sock.on('error', () => {});
  }

  /** Connects, sends each REPLCONF (waiting for its +OK), then the sync command. */
  static async connect(port: number, replconf: string[][], sync: string[] = ['SYNC']): Promise<RawReplica> {
    const sock = net.createConnection({ host: '127.0.0.1', port });
    await new Promise<void>((res, rej) => {
      sock.once('connect', res);
      sock.once('error', rej);
    });
    const r = new RawReplica(sock);
    for (let i = 0; i < replconf.length; i++) {
      sock.write(encodeCommand(['REPLCONF', ...replconf[i]!]), 'latin1');
      await waitFor(() => r.text() === '+OK\r\n'.repeat(i + 1), { what: `+OK to REPLCONF ${replconf[i]!.join(' ')}` });
    }
    r.chunks = [];
    sock.write(encodeCommand(sync), 'latin1');
    return r;
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  text(): string {
    return this.bytes().toString('latin1');
  }

  /**
   * The payload once it has fully arrived, else null: keepalive newlines and a
   * +FULLRESYNC line may precede the `$` header.
   */
  payload(): ReceivedPayload | null {
    const all = this.bytes();
    const s = all.toString('latin1');
    let i = 0;
    for (;;) {
      while (s[i] === '\n') i++;
      if (s.startsWith('+FULLRESYNC ', i)) {
        const eol = s.indexOf('\r\n', i);
        if (eol < 0) return null;
        i = eol + 2;
        continue;
      }
      break;
    }
    const eol = s.indexOf('\r\n', i);
    if (eol < 0 || s[i] !== '$') return null;
    const header = s.slice(i + 1, eol);
    const start = eol + 2;
    if (header.startsWith('EOF:')) {
      const mark = header.slice(4);
      const end = s.indexOf(mark, start);
      if (end < 0) return null;
      return { kind: 'eof', rdb: all.subarray(start, end), after: all.subarray(end + mark.length) };
    }
    const len = Number(header);
    if (all.length < start + len) return null;
    return { kind: 'disk', rdb: all.subarray(start, start + len), after: all.subarray(start + len) };
  }

  close(): void {
    this.sock.destroy();
  }
}
