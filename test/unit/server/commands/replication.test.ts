// REPLCONF options a replica or a snapshot tool sends before SYNC (replication.c
// replconfCommand), checked byte for byte against Redis 7.0.15.

import { describe, expect, it } from 'vitest';
import { makeServer } from '../../../helpers/harness.js';

describe('REPLCONF rdb-only', () => {
  it('flags the client as wanting the snapshot only, and 0 clears it', () => {
    const c = makeServer().client();
    expect(c.run('REPLCONF', 'rdb-only', '1')).toBe('+OK\r\n');
    expect(c.c.replRdbOnly).toBe(true);
    expect(c.run('REPLCONF', 'RDB-ONLY', '0')).toBe('+OK\r\n');
    expect(c.c.replRdbOnly).toBe(false);
    expect(c.run('REPLCONF', 'rdb-only', '1', 'capa', 'eof')).toBe('+OK\r\n');
    expect(c.c.replRdbOnly).toBe(true);
    expect(c.c.replCapa.has('eof')).toBe(true);
  });

  it('takes only 0 or 1, with getRangeLongFromObjectOrReply texts', () => {
    const c = makeServer().client();
    const range = '-ERR value is out of range, value must between 0 and 1\r\n';
    const notInt = '-ERR value is not an integer or out of range\r\n';
    expect(c.run('REPLCONF', 'rdb-only', '2')).toBe(range);
    expect(c.run('REPLCONF', 'rdb-only', '-1')).toBe(range);
    expect(c.run('REPLCONF', 'rdb-only', 'x')).toBe(notInt);
    expect(c.run('REPLCONF', 'rdb-only', '1.5')).toBe(notInt);
    expect(c.run('REPLCONF', 'rdb-only', ' 1')).toBe(notInt);
    expect(c.run('REPLCONF', 'rdb-only', '01')).toBe(notInt);
    expect(c.c.replRdbOnly).toBe(false);
  });

  it('keeps the options before a bad one, as Redis applies them in order', () => {
    const c = makeServer().client();
    expect(c.run('REPLCONF', 'listening-port', '1234', 'rdb-only', '5')).toBe('-ERR value is out of range, value must between 0 and 1\r\n');
    expect(c.c.replListeningPort).toBe(1234);
    expect(c.c.replRdbOnly).toBe(false);
  });
});
