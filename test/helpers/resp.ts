// Expected replies as raw RESP text, for unit tests that compare bytes. Error texts are
// written out (not taken from src/server/errors.ts) so a changed constant fails a test.

export const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;
export const bulks = (...items: string[]): string => `*${items.length}\r\n${items.map(bulk).join('')}`;
export const int = (n: number): string => `:${n}\r\n`;
export const err = (msg: string): string => `-${msg}\r\n`;

export const NIL = '$-1\r\n';
export const EMPTY = '*0\r\n';
export const WRONGTYPE = '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n';
export const SYNTAX = '-ERR syntax error\r\n';
