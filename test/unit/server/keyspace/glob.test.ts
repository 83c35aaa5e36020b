import { describe, expect, it } from 'vitest';
import { globMatch } from '../../../../src/server/keyspace/glob.js';

// Expected results were taken from real Redis 7.0.15: each string stored as the only key,
// then KEYS <pattern>. Bytes >= 0x80 compare as signed chars inside [a-z] ranges there.
const KEYS_RESULTS: Array<[string, string, boolean]> = [
    ["h?llo", "hello", true],
    ["h?llo", "hllo", false],
    ["h*llo", "hllo", true],
    ["h*llo", "heeeello", true],
    ["h[ae]llo", "hallo", true],
    ["h[ae]llo", "hillo", false],
    ["h[^e]llo", "hallo", true],
    ["h[^e]llo", "hello", false],
    ["h[a-b]llo", "hbllo", true],
    ["h[a-b]llo", "hcllo", false],
    ["h[b-a]llo", "hallo", true],
    ["h\\*llo", "h*llo", true],
    ["h\\*llo", "hello", false],
    ["[\\]", "]", true],
    ["[\\]", "\\", false],
    ["[a", "a", true],
    ["[a", "[a", false],
    ["[^", "x", true],
    ["[", "[", false],
    ["[", "a", false],
    ["a\\", "a\\", true],
    ["a\\", "a", false],
    ["[a-", "a", true],
    ["[a-", "-", true],
    ["[a-]", "-", false],
    ["[]a]", "]", false],
    ["[]a]", "a", false],
    ["[!a]", "!", true],
    ["[!a]", "b", false],
    ["**", "", false],
    ["a**", "a", true],
    ["*a*b", "xaxb", true],
    ["[a-\xff]", "\xe9", false],
    ["[a-\xff]", "b", false],
    ["[\xe9-a]", "B", true],
    ["[A-b]", "_", true],
    ["[a\\-z]", "-", true],
    ["[a\\-z]", "m", false],
    ["?", "", false],
    ["a?", "a", false],
    ["[\\a-z]", "m", false],
    ["a*", "A", false],
    ["[^a-c]", "B", true],
];

describe('globMatch', () => {
  it.each(KEYS_RESULTS)('matches %j against %j like Redis KEYS', (pattern, str, expected) => {
    expect(globMatch(pattern, str)).toBe(expected);
  });

  it('does not match an empty string with a bare star (KEYS special-cases "*")', () => {
    expect(globMatch('*', '')).toBe(false);
    expect(globMatch('*', 'a')).toBe(true);
  });

  it('folds ASCII case only when asked', () => {
    expect(globMatch('HeLLo', 'hello', true)).toBe(true);
    expect(globMatch('h[A-Z]llo', 'hello', true)).toBe(true);
    expect(globMatch('h[A-Z]llo', 'hello')).toBe(false);
    expect(globMatch('h[E]llo', 'hello', true)).toBe(true);
    // An escaped char inside a class is compared exactly, even without case.
    expect(globMatch('h[\\E]llo', 'hello', true)).toBe(false);
    expect(globMatch('\xc9', '\xe9', true)).toBe(false);
  });

  it('stays linear on patterns with many stars', () => {
    const str = 'a'.repeat(5000);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*b', str)).toBe(false);
    expect(globMatch('*a*a*a*a*a*a*a*a*a*a*', str)).toBe(true);
  });
});
