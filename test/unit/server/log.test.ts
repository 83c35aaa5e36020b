import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/temp-dir.js';
import { formatLogTime, Logger, strerror } from '../../../src/server/log.js';

function fileLogger(): { log: Logger; text: () => string } {
  const dir = tempDir('rctl-log-');
  const log = new Logger();
  log.file = join(dir, 'server.log');
  return { log, text: () => readFileSync(log.file, 'latin1') };
}

describe('Logger', () => {
  it('formats the time as Redis does (local time, milliseconds)', () => {
    const t = new Date(2026, 10, 5, 7, 8, 9, 42).getTime();
    expect(formatLogTime(t)).toBe('05 Nov 2026 07:08:09.042');
  });

  it('writes pid:role time mark message, with the mark of each level', () => {
    const { log, text } = fileLogger();
    log.level = 'debug';
    log.debug('d');
    log.verbose('v');
    log.notice('n');
    log.warning('w');
    log.role = 'C';
    log.warning('early');
    const lines = text().trimEnd().split('\n');
    const re = (role: string, mark: string, msg: string): RegExp =>
      new RegExp(`^${process.pid}:${role} \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2}\\.\\d{3} \\${mark} ${msg}$`);
    expect(lines[0]).toMatch(re('M', '.', 'd'));
    expect(lines[1]).toMatch(re('M', '-', 'v'));
    expect(lines[2]).toMatch(re('M', '*', 'n'));
    expect(lines[3]).toMatch(re('M', '#', 'w'));
    expect(lines[4]).toMatch(re('C', '#', 'early'));
  });

  it('drops lines below the configured level', () => {
    const { log, text } = fileLogger();
    log.level = 'warning';
    log.notice('hidden');
    log.warning('shown');
    expect(text()).not.toContain('hidden');
    expect(text()).toContain('# shown');
    expect(log.enabled('notice')).toBe(false);
    expect(log.enabled('warning')).toBe(true);
  });

  it('writes signal-handler lines as serverLogFromHandler does', () => {
    const { log, text } = fileLogger();
    log.fromHandler('Received SIGTERM scheduling shutdown...');
    expect(text()).toMatch(new RegExp(`^${process.pid}:signal-handler \\(\\d+\\) Received SIGTERM scheduling shutdown\\.\\.\\.\\n$`));
  });

  it('keeps message bytes as they are (byte strings)', () => {
    const { log, text } = fileLogger();
    log.warning('name=\xe9\xff');
    expect(readFileSync(log.file).subarray(-4)).toEqual(Buffer.from([0x3d, 0xe9, 0xff, 0x0a]));
    expect(text()).toContain('name=\xe9\xff');
  });
});

describe('strerror', () => {
  it('gives the C library text for a Node errno code', () => {
    expect(strerror(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }))).toBe('Address already in use');
    expect(strerror(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('No such file or directory');
    expect(strerror(Object.assign(new Error('something odd'), { code: 'EWHATEVER' }))).toBe('something odd');
  });
});
