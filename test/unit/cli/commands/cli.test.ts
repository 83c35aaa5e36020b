// `rctl cli` prints replies as redis-cli 7.0 does (checked against redis-cli output: quoted
// and numbered with --no-raw, bare lines when piped), and promote classifies resyncs.

import { describe, expect, it } from 'vitest';
import { formatReplyRaw, formatReplyTTY, quoteRepr } from '../../../../src/cli/commands/cli.js';
import { classifyResync } from '../../../../src/cli/commands/promote.js';
import { RespErrorReply, RespStatus, type RespValue } from '../../../../src/shared/resp-client.js';

const nested: RespValue = ['a', ['b', 'c'], 3, null];
const ten: RespValue = Array.from({ length: 10 }, (_, i) => String(i));

describe('redis-cli reply formatting', () => {
  it.each<[string, RespValue, string, string]>([
    ['status', new RespStatus('OK'), 'OK\n', 'OK'],
    ['bulk', 'v', '"v"\n', 'v'],
    ['bulk with quotes and bytes', 'q"x\n\x01\xff', '"q\\"x\\n\\x01\\xff"\n', 'q"x\n\x01\xff'],
    ['integer', -5, '(integer) -5\n', '-5'],
    ['nil', null, '(nil)\n', ''],
    ['empty array', [], '(empty array)\n', ''],
    ['error', new RespErrorReply('ERR boom'), '(error) ERR boom\n', 'ERR boom'],
    ['array', ['x', 'y z'], '1) "x"\n2) "y z"\n', 'x\ny z'],
    ['nested array', nested, '1) "a"\n2) 1) "b"\n   2) "c"\n3) (integer) 3\n4) (nil)\n', 'a\nb\nc\n3\n'],
    ['map', new Map<RespValue, RespValue>([['f', 'v']]), '1# "f" => "v"\n', 'f v'],
    ['double', 1.5, '(double) 1.5\n', '1.5'],
    ['boolean', true, '(true)\n', '1'],
  ])('formats %s', (_what, v, tty, raw) => {
    expect(formatReplyTTY(v)).toBe(tty);
    expect(formatReplyRaw(v)).toBe(raw);
  });

  it('pads indexes to the widest one, as redis-cli does', () => {
    const out = formatReplyTTY(ten).split('\n');
    expect(out[0]).toBe(' 1) "0"');
    expect(out[9]).toBe('10) "9"');
  });

  it('escapes like sdscatrepr', () => {
    expect(quoteRepr('\\\t\r\x07\x08~')).toBe('"\\\\\\t\\r\\a\\b~"');
  });
});

describe('resync classification', () => {
  it.each([
    [{ full: 1, partial: 0 }, { full: 1, partial: 1 }, 'partial'],
    [{ full: 1, partial: 0 }, { full: 2, partial: 0 }, 'full'],
    [{ full: 1, partial: 0 }, { full: 2, partial: 1 }, 'unknown'],
    [{ full: 1, partial: 0 }, { full: 1, partial: 0 }, 'unknown'],
  ])('%j -> %j is %s', (before, after, kind) => {
    expect(classifyResync(before, after)).toBe(kind);
  });
});
