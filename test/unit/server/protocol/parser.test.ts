import { describe, expect, it } from 'vitest';
import { ProtocolError } from '../../../../src/server/errors.js';
import { ReplyParser, RequestParser } from '../../../../src/server/protocol/parser.js';
import { RespErrorReply, RespPush, RespStatus } from '../../../../src/server/protocol/types.js';

const LIMITS = { maxBulkLen: 512 * 1024 * 1024, unauthenticated: false };

/** Parses input fed whole, returning every command (or the protocol error text). */
function parseWhole(input: string, limits = LIMITS): Array<string[] | string> {
  const p = new RequestParser();
  p.feed(Buffer.from(input, 'latin1'));
  return drain(p, limits);
}

/** Same input fed one byte at a time: must give the same result. */
function parseBytewise(input: string, limits = LIMITS): Array<string[] | string> {
  const p = new RequestParser();
  const out: Array<string[] | string> = [];
  for (let i = 0; i < input.length; i++) {
    p.feed(Buffer.from(input[i]!, 'latin1'));
    const got = drain(p, limits);
    out.push(...got);
    if (got.some((g) => typeof g === 'string')) break;
  }
  return out;
}

function drain(p: RequestParser, limits: typeof LIMITS): Array<string[] | string> {
  const out: Array<string[] | string> = [];
  for (;;) {
    try {
      const argv = p.next(limits);
      if (argv === null) return out;
      out.push(argv);
    } catch (e) {
      if (e instanceof ProtocolError) {
        out.push(e.message);
        return out;
      }
      throw e;
    }
  }
}

const cases: Array<[string, string, Array<string[] | string>]> = [
  ['multibulk', '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n', [['GET', 'k']]],
  ['pipelined', '*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n', [['PING'], ['ECHO', 'hi']]],
  ['binary bulk with CRLF inside', '*2\r\n$4\r\nECHO\r\n$4\r\na\r\nb\r\n', [['ECHO', 'a\r\nb']]],
  ['empty bulk', '*2\r\n$4\r\nECHO\r\n$0\r\n\r\n', [['ECHO', '']]],
  ['inline', 'SET k "a b"\r\n', [['SET', 'k', 'a b']]],
  ['inline with LF only', 'PING\n', [['PING']]],
  ['inline hex escape', 'ECHO "\\x41\\n"\r\n', [['ECHO', 'A\n']]],
  ['inline single quotes', "ECHO 'it\\'s'\r\n", [['ECHO', "it's"]]],
  ['empty inline line', '\r\n', [[]]],
  ['zero multibulk', '*0\r\n', [[]]],
  ['negative multibulk is empty', '*-1\r\n', [[]]],
  ['unbalanced quotes', 'ECHO "abc\r\n', ['ERR Protocol error: unbalanced quotes in request']],
  ['closing quote followed by char', 'ECHO "a"b\r\n', ['ERR Protocol error: unbalanced quotes in request']],
  ['invalid multibulk length', '*x\r\n', ['ERR Protocol error: invalid multibulk length']],
  ['multibulk length with leading zero', '*01\r\n', ['ERR Protocol error: invalid multibulk length']],
  ['multibulk length too large', '*2147483648\r\n', ['ERR Protocol error: invalid multibulk length']],
  ['expected dollar', '*1\r\n+PING\r\n', ["ERR Protocol error: expected '$', got '+'"]],
  ['negative bulk length', '*1\r\n$-1\r\n', ['ERR Protocol error: invalid bulk length']],
  ['non-numeric bulk length', '*1\r\n$abc\r\n', ['ERR Protocol error: invalid bulk length']],
  ['commands before an error still parse', '*1\r\n$4\r\nPING\r\n*1\r\n$x\r\n', [['PING'], 'ERR Protocol error: invalid bulk length']],
];

describe('RequestParser', () => {
  it.each(cases)('%s (whole)', (_name, input, expected) => {
    expect(parseWhole(input)).toEqual(expected);
  });

  it.each(cases)('%s (byte by byte)', (_name, input, expected) => {
    expect(parseBytewise(input)).toEqual(expected);
  });

  it('rejects a bulk longer than proto-max-bulk-len', () => {
    expect(parseWhole('*1\r\n$2000000\r\n', { ...LIMITS, maxBulkLen: 1024 * 1024 })).toEqual(['ERR Protocol error: invalid bulk length']);
  });

  it('applies the unauthenticated limits', () => {
    const unauth = { ...LIMITS, unauthenticated: true };
    expect(parseWhole('*11\r\n', unauth)).toEqual(['ERR Protocol error: unauthenticated multibulk length']);
    expect(parseWhole('*1\r\n$16385\r\n', unauth)).toEqual(['ERR Protocol error: unauthenticated bulk length']);
  });

  it('rejects an inline request over 64 KiB without newline', () => {
    expect(parseWhole('A'.repeat(64 * 1024 + 1))).toEqual(['ERR Protocol error: too big inline request']);
  });

  it('rejects a multibulk count line over 64 KiB', () => {
    expect(parseWhole('*' + '1'.repeat(64 * 1024 + 1))).toEqual(['ERR Protocol error: too big mbulk count string']);
  });

  it('assembles a large argument arriving in chunks', () => {
    const big = 'x'.repeat(200_000);
    const input = `*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n*1\r\n$4\r\nPING\r\n`;
    const p = new RequestParser();
    const got: Array<string[] | string> = [];
    for (let i = 0; i < input.length; i += 7000) {
      p.feed(Buffer.from(input.slice(i, i + 7000), 'latin1'));
      got.push(...drain(p, LIMITS));
    }
    expect(got).toEqual([['ECHO', big], ['PING']]);
  });

  it('reports the wire size of each command', () => {
    const p = new RequestParser();
    const a = '*1\r\n$4\r\nPING\r\n';
    const b = '*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n';
    for (const ch of a + b) p.feed(Buffer.from(ch, 'latin1'));
    expect(p.next(LIMITS)).toEqual(['PING']);
    expect(p.lastCommandBytes).toBe(a.length);
    expect(p.next(LIMITS)).toEqual(['ECHO', 'hi']);
    expect(p.lastCommandBytes).toBe(b.length);
  });

  it('reads bulk lengths and arguments of every size the same whole and byte by byte', () => {
    const args = ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg', 'abcdefgh', 'abcdefghi', 'k'.repeat(16), '\u00ff\u0000\r\n'];
    const input = args.map((a) => `*2\r\n$4\r\nECHO\r\n$${a.length}\r\n${a}\r\n`).join('');
    const expected = args.map((a) => ['ECHO', a]);
    expect(parseWhole(input)).toEqual(expected);
    expect(parseBytewise(input)).toEqual(expected);
  });

  it('rejects bulk lengths with leading zeros, signs or too many digits as Redis does', () => {
    expect(parseWhole('*1\r\n$03\r\nabc\r\n')).toEqual(['ERR Protocol error: invalid bulk length']);
    expect(parseWhole('*1\r\n$+3\r\nabc\r\n')).toEqual(['ERR Protocol error: invalid bulk length']);
    expect(parseWhole('*1\r\n$99999999999999999999\r\n')).toEqual(['ERR Protocol error: invalid bulk length']);
    expect(parseWhole('*1\r\n$1000\r\n', { maxBulkLen: 999, unauthenticated: false })).toEqual(['ERR Protocol error: invalid bulk length']);
  });

  it('keeps its own copy of unread input once detached from a reused buffer', () => {
    const p = new RequestParser();
    const shared = Buffer.from('*2\r\n$4\r\nECHO\r\n$5\r\nhel', 'latin1');
    p.feed(shared);
    expect(p.next(LIMITS)).toBeNull();
    p.detachInput();
    shared.fill(0x58);
    p.feed(Buffer.from('lo\r\n', 'latin1'));
    expect(p.next(LIMITS)).toEqual(['ECHO', 'hello']);
    expect(p.pendingBytes).toBe(0);
  });
});

describe('ReplyParser', () => {
  const replies: Array<[string, string, unknown]> = [
    ['status', '+OK\r\n', new RespStatus('OK')],
    ['error', '-ERR x\r\n', new RespErrorReply('ERR x')],
    ['integer', ':-12\r\n', -12],
    ['bulk', '$3\r\nabc\r\n', 'abc'],
    ['null bulk', '$-1\r\n', null],
    ['null array', '*-1\r\n', null],
    ['nested array', '*2\r\n*1\r\n:1\r\n$1\r\nx\r\n', [[1], 'x']],
    ['empty array', '*0\r\n', []],
    ['resp3 null', '_\r\n', null],
    ['resp3 double', ',1.5\r\n', 1.5],
    ['resp3 inf', ',inf\r\n', Infinity],
    ['resp3 boolean', '#t\r\n', true],
    ['resp3 map', '%1\r\n+a\r\n:1\r\n', new Map([[new RespStatus('a'), 1]])],
    ['resp3 set', '~2\r\n:1\r\n:2\r\n', [1, 2]],
    ['resp3 verbatim', '=7\r\ntxt:abc\r\n', 'abc'],
    ['resp3 big number', '(123456789012345678901\r\n', 123456789012345678901n],
    ['resp3 push', '>2\r\n$1\r\na\r\n$1\r\nb\r\n', new RespPush(['a', 'b'])],
  ];

  it.each(replies)('%s whole and byte by byte', (_n, input, expected) => {
    const whole = new ReplyParser();
    whole.feed(Buffer.from(input, 'latin1'));
    expect(whole.next()).toEqual(expected);
    const bytewise = new ReplyParser();
    let got: unknown;
    for (const ch of input) {
      bytewise.feed(Buffer.from(ch, 'latin1'));
      const v = bytewise.next();
      if (v !== undefined) got = v;
    }
    expect(got).toEqual(expected);
  });
});
