import { describe, expect, it } from 'vitest';
import {
  addLongDouble,
  clearStringEncoding,
  forgetStringEncodings,
  formatLongDoubleHuman,
  incrByFloat,
  markStringEncoding,
  parseLongDouble,
  storedStringEncoding,
  stringEncoding,
} from '../../../../../src/server/keyspace/values/string.js';
import { makeServer } from '../../../../helpers/harness.js';

describe('stringEncoding', () => {
  it.each([
    ['0', 'int'],
    ['12345', 'int'],
    ['-1', 'int'],
    ['9223372036854775807', 'int'],
    ['-9223372036854775808', 'int'],
    ['9223372036854775808', 'embstr'],
    ['12345678901234567890', 'embstr'],
    ['-0', 'embstr'],
    ['01', 'embstr'],
    [' 1', 'embstr'],
    ['1.5', 'embstr'],
    ['', 'embstr'],
    ['x'.repeat(44), 'embstr'],
    ['x'.repeat(45), 'raw'],
  ])('reports %j as %s', (value, enc) => {
    expect(stringEncoding(value)).toBe(enc);
  });
});

describe('encoding marks', () => {
  it('reports a marked encoding only while the key holds the marked value', () => {
    const { state } = makeServer();
    const db = state.dbs[0]!;
    db.set('k', '12');
    expect(storedStringEncoding(db, 'k', '12')).toBe('int');
    markStringEncoding(db, 'k', '12', 'raw');
    expect(storedStringEncoding(db, 'k', '12')).toBe('raw');
    db.set('k', '13');
    expect(storedStringEncoding(db, 'k', '13')).toBe('int');
  });

  it('drops a mark that matches the usual encoding, and on clear', () => {
    const { state } = makeServer();
    const db = state.dbs[0]!;
    db.set('k', 'abc');
    markStringEncoding(db, 'k', 'abc', 'raw');
    clearStringEncoding(db, 'k');
    expect(storedStringEncoding(db, 'k', 'abc')).toBe('embstr');
    markStringEncoding(db, 'k', 'abc', 'raw');
    markStringEncoding(db, 'k', 'abc', 'embstr');
    expect(storedStringEncoding(db, 'k', 'abc')).toBe('embstr');
  });

  it('keeps marks per database', () => {
    const { state } = makeServer();
    markStringEncoding(state.dbs[0]!, 'k', 'v', 'raw');
    expect(storedStringEncoding(state.dbs[1]!, 'k', 'v')).toBe('embstr');
    expect(storedStringEncoding(state.dbs[0]!, 'k', 'v')).toBe('raw');
  });
});

describe('parseLongDouble (string2ld)', () => {
  it.each(['', ' 1', '1 ', '1e', 'e1', '.', '-', '+', '0x', '0x.p1', '1e+', 'nan', 'NaN', '-nan', 'nan(123)', '1,5', '0x1p', '1e5000', '-1e5000', '1e-4960', '0x1p-16500', '0x1p16384', 'x'.repeat(5120), '1\0'])(
    'refuses %j',
    (s) => {
      expect(parseLongDouble(s)).toBeNull();
    },
  );

  it.each(['0', '-0', '.5', '5.', '+5', '1e10', '1E-10', '0x1p-1', '0XA.8P+1', 'inf', '-Infinity', 'INF', '0e-99999', '1e-4950', '1.18973149535723176502e+4932', '0'.repeat(5000) + '1'])(
    'accepts %j',
    (s) => {
      expect(parseLongDouble(s)).not.toBeNull();
    },
  );

  it('rounds decimal input to the nearest 64-bit significand', () => {
    // 0.1 in extended precision: 0xCCCCCCCCCCCCCCCD * 2^-67.
    expect(parseLongDouble('0.1')).toMatchObject({ kind: 'finite', neg: false, mant: 0xcccccccccccccccdn, exp: -67 });
    expect(parseLongDouble('-2')).toMatchObject({ neg: true, mant: 1n << 63n, exp: -62 });
  });

  it('keeps subnormals down to 2^-16445', () => {
    expect(parseLongDouble('0x1p-16445')).toMatchObject({ mant: 1n, exp: -16445 });
    expect(parseLongDouble('0x1p-16446')).toBeNull();
  });
});

describe('formatLongDoubleHuman (%.17Lf, trimmed)', () => {
  const fmt = (s: string): string => formatLongDoubleHuman(parseLongDouble(s)!);

  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['1e20', '100000000000000000000'],
    ['-1e-20', '0'],
    ['0.5', '0.5'],
    ['-2.25', '-2.25'],
    ['3.814697265625e-06', '0.00000381469726562'],
    ['123456789012345678901234567890', '123456789012345678899921813504'],
  ])('formats %s as %s', (input, out) => {
    expect(fmt(input)).toBe(out);
  });

  it('writes the exact integer digits of huge values', () => {
    const s = fmt('1e400');
    expect(s).toHaveLength(401);
    expect(s.startsWith('100000000000000000002818806839475865145864534336290520386259')).toBe(true);
  });

  it('spells infinities as Redis does', () => {
    expect(formatLongDoubleHuman(parseLongDouble('inf')!)).toBe('inf');
    expect(formatLongDoubleHuman(parseLongDouble('-inf')!)).toBe('-inf');
  });
});

describe('addLongDouble', () => {
  it('adds exactly and rounds once', () => {
    const sum = addLongDouble(parseLongDouble('0.1')!, parseLongDouble('0.2')!);
    expect(formatLongDoubleHuman(sum)).toBe('0.3');
  });

  it('gives NaN for inf + -inf and inf otherwise', () => {
    expect(addLongDouble(parseLongDouble('inf')!, parseLongDouble('-inf')!).kind).toBe('nan');
    expect(addLongDouble(parseLongDouble('inf')!, parseLongDouble('1')!).kind).toBe('inf');
  });

  it('overflows to infinity past the largest finite value', () => {
    const max = parseLongDouble('1.18973149535723176502e+4932')!;
    expect(addLongDouble(max, max).kind).toBe('inf');
  });
});

describe('incrByFloat', () => {
  // Expected values are real redis-server 7.0.15 INCRBYFLOAT replies.
  it.each([
    ['0', '0.1', '0.1'],
    ['0.1', '0.2', '0.3'],
    ['10.5', '0.1', '10.6'],
    ['5.0e3', '2.0e2', '5200'],
    ['0', '1e20', '100000000000000000000'],
    ['0', '3.814697265625e-06', '0.00000381469726562'],
    ['0', '-1e-20', '0'],
    ['1.5', '-1.5', '0'],
    ['0', '0x1p-1', '0.5'],
    ['0', '1.0000000000000000000000000005', '1'],
    ['3', '0.0000000000000000000000001', '3'],
    ['9223372036854775807', '1', '9223372036854775808'],
    ['0', '-0', '0'],
    ['0', '1e-4950', '0'],
    ['0', '.5', '0.5'],
    ['0', '5.', '5'],
    ['0', '+5', '5'],
    ['0', '0xAp-1', '5'],
    ['1e-10', '1e-10', '0.0000000002'],
    ['17179869184', '0.1', '17179869184.09999999962747097'],
  ])('%s + %s = %s', (cur, by, out) => {
    expect(incrByFloat(cur, by)).toBe(out);
  });

  it('refuses invalid numbers with "value is not a valid float"', () => {
    expect(() => incrByFloat('0', 'abc')).toThrow('ERR value is not a valid float');
    expect(() => incrByFloat('0', '1e5000')).toThrow('ERR value is not a valid float');
    expect(() => incrByFloat('abc', '1')).toThrow('ERR value is not a valid float');
  });

  it('refuses infinite results', () => {
    expect(() => incrByFloat('0', 'inf')).toThrow('ERR increment would produce NaN or Infinity');
    expect(() => incrByFloat('inf', '-inf')).toThrow('ERR increment would produce NaN or Infinity');
    expect(() => incrByFloat('1.18973149535723176502e+4932', '1.18973149535723176502e+4932')).toThrow(
      'ERR increment would produce NaN or Infinity',
    );
  });

  it('checks the increment before the current value, with a caller-chosen text for the latter', () => {
    expect(() => incrByFloat('abc', 'x', 'ERR hash value is not a float')).toThrow('ERR value is not a valid float');
    expect(() => incrByFloat('abc', '1', 'ERR hash value is not a float')).toThrow('ERR hash value is not a float');
  });
});

describe('forgetStringEncodings', () => {
  it('drops every mark of one database', () => {
    const { state } = makeServer();
    const db = state.dbs[0]!;
    db.set('k', 'v');
    markStringEncoding(db, 'k', 'v', 'raw');
    forgetStringEncodings(db);
    expect(storedStringEncoding(db, 'k', 'v')).toBe('embstr');
  });
});

describe('long double edge values', () => {
  it('normalises every finite result to a 64-bit significand', () => {
    for (const s of ['9007199254740991', '1', '0.1', '1e300', '4294967295', '4294967296']) {
      const v = parseLongDouble(s)!;
      expect(v.mant >= 1n << 63n && v.mant < 1n << 64n).toBe(true);
    }
  });

  it('rounds a half-way subnormal up to the smallest one', () => {
    expect(parseLongDouble('0x1.8p-16446')).toMatchObject({ mant: 1n, exp: -16445 });
  });
});
