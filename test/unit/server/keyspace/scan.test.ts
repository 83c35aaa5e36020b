import { describe, expect, it } from 'vitest';
import { parseScanCursor, scanStep } from '../../../../src/server/keyspace/scan.js';

describe('parseScanCursor', () => {
  it.each([
    ['0', 0],
    ['', 0],
    ['+0', 0],
    ['-0', 0],
    ['007', 7],
    ['42', 42],
    ['-1', 18446744073709551615],
    ['18446744073709551615', 18446744073709551615],
    ['-18446744073709551615', 1],
  ])('accepts %j like strtoul', (text, value) => {
    expect(parseScanCursor(text)).toBe(value);
  });

  it.each(['abc', ' 1', '1 ', '-', '+', '1.5', '0x10', '18446744073709551616', '-18446744073709551616'])(
    'rejects %j',
    (text) => {
      expect(parseScanCursor(text)).toBeNull();
    },
  );
});

describe('scanStep', () => {
  it('returns every element once across steps of a stable collection', () => {
    const m = new Map<string, number>();
    for (let i = 0; i < 25; i++) m.set(`k${i}`, i);
    const seen: string[] = [];
    let cursor = 0;
    do {
      const step = scanStep(m, () => m.keys(), cursor, 10);
      seen.push(...step.items);
      cursor = Number(step.cursor);
    } while (cursor !== 0);
    expect(seen).toEqual([...m.keys()]);
  });

  it('restarts an unknown cursor from the beginning', () => {
    const m = new Map([['a', 1]]);
    expect(scanStep(m, () => m.keys(), 123456789, 10)).toEqual({ cursor: '0', items: ['a'] });
  });
});
