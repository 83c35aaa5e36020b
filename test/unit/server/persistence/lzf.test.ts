import { describe, expect, it } from 'vitest';
import { lzfCompress, lzfDecompress } from '../../../../src/server/persistence/lzf.js';
import { prng } from './helpers.js';

const compress = (s: string | Buffer): Buffer | null => {
  const input = typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
  const out = lzfCompress(input, input.length - 4);
  return out === null ? null : Buffer.from(out);
};

describe('lzfCompress', () => {
  // Compressed bodies taken from DUMP payloads written by redis-server 7.0.15 (liblzf).
  it.each([
    ['x'.repeat(100), '017878e05700017878'],
    ['abc'.repeat(11), '0361626361e01202016263'],
    [
      'The quick brown fox jumps over the lazy dog. The quick brown fox jumps over the lazy dog again and again.',
      '1f54686520717569636b2062726f776e20666f78206a756d7073206f7665722074201e0a6c617a7920646f672e2054200de01e2c0920616761696e20616e646009016e2e',
    ],
  ])('produces the bytes Redis writes for %j', (input, hex) => {
    expect(compress(input)!.toString('hex')).toBe(hex);
  });

  it('gives up when the output would not be smaller than the limit', () => {
    const rnd = prng(3);
    const noise = Buffer.from(Array.from({ length: 200 }, () => Math.floor(rnd() * 256)));
    expect(compress(noise)).toBeNull();
    expect(lzfCompress(Buffer.from('aaaa'), 0)).toBeNull();
    expect(lzfCompress(Buffer.alloc(0), 10)).toBeNull();
  });

  it('never references position 0 (liblzf checks ref > in_data)', () => {
    // The second "abc" could only refer to offset 0, so it stays literal; the third refers
    // to the second: 8 literals, a 3-byte reference 4 back, one literal.
    const out = Buffer.from(lzfCompress(Buffer.from('abcxabcyabcz'), 100)!);
    expect(out.toString('hex')).toBe('0761626378616263792003007a');
    expect(lzfDecompress(out, 12).toString()).toBe('abcxabcyabcz');
  });

  it('round-trips every kind of input', () => {
    const rnd = prng(42);
    const alphabets = ['a', 'ab', 'abcdefgh', 'the quick brown fox ', '\x00\xff'];
    for (let i = 0; i < 300; i++) {
      const n = 5 + Math.floor(rnd() ** 2 * 30000);
      const alpha = alphabets[i % alphabets.length]!;
      const bytes = Buffer.alloc(n);
      for (let j = 0; j < n; j++) {
        bytes[j] = rnd() < 0.9 ? alpha.charCodeAt(Math.floor(rnd() * alpha.length)) : Math.floor(rnd() * 256);
      }
      const out = lzfCompress(bytes, n + 64);
      expect(out).not.toBeNull();
      expect(lzfDecompress(Buffer.from(out!), n).equals(bytes)).toBe(true);
    }
  });

  it('handles matches longer than 264 bytes and offsets near the 8 KiB window', () => {
    const long = Buffer.concat([Buffer.from('0123456789'), Buffer.alloc(5000, 0x41), Buffer.from('tail')]);
    const window = Buffer.concat([Buffer.from('MARKER'), Buffer.from(Array.from({ length: 8190 }, (_, i) => (i * 7919) & 0xff)), Buffer.from('MARKER')]);
    for (const b of [long, window]) {
      const out = lzfCompress(b, b.length + 64)!;
      expect(lzfDecompress(Buffer.from(out), b.length).equals(b)).toBe(true);
    }
  });
});

describe('lzfDecompress', () => {
  it('decodes literal runs and back references', () => {
    expect(lzfDecompress(Buffer.from('017878e05700017878', 'hex'), 100).toString()).toBe('x'.repeat(100));
  });

  it.each([
    ['a back reference before the start', Buffer.from([0x00, 0x61, 0x20, 0x05]), 4, /back reference/],
    ['a literal run past the input', Buffer.from([0x05, 0x61]), 6, /literal run/],
    ['more output than announced', Buffer.from([0x02, 0x61, 0x62, 0x63]), 2, /literal run/],
    ['less output than announced', Buffer.from([0x00, 0x61]), 5, /length mismatch/],
    ['a truncated long reference', Buffer.from([0x00, 0x61, 0xe0]), 20, /truncated/],
  ])('refuses %s', (_name, input, outLen, err) => {
    expect(() => lzfDecompress(input, outLen)).toThrow(err);
  });
});
