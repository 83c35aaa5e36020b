import { describe, expect, it } from 'vitest';
import { CliError } from '../../../src/cli/errors.js';
import { colorLevel, createUi, formatError, formatTable, type OutStream } from '../../../src/cli/ui.js';

function stream(isTTY: boolean): OutStream & { text: string } {
  const s = { text: '', isTTY, write: (chunk: string) => (s.text += chunk) };
  return s;
}

describe('colorLevel', () => {
  it.each([
    [{}, true, 1],
    [{}, false, 0],
    [{ NO_COLOR: '1' }, true, 0],
    [{ NO_COLOR: '' }, true, 1],
    [{ FORCE_COLOR: '0' }, true, 0],
    [{ FORCE_COLOR: 'false' }, true, 0],
    [{ FORCE_COLOR: '1' }, false, 1],
    [{ FORCE_COLOR: '' }, false, 1],
    [{ FORCE_COLOR: '3' }, false, 3],
    [{ FORCE_COLOR: '9' }, false, 3],
    [{ FORCE_COLOR: '2', NO_COLOR: '1' }, false, 2],
    [{ TERM: 'dumb' }, true, 0],
    [{ TERM: 'xterm-256color' }, true, 2],
    [{ COLORTERM: 'truecolor' }, true, 3],
  ])('env %j, tty %s -> %i', (env, tty, level) => {
    expect(colorLevel(env, tty)).toBe(level);
  });
});

describe('createUi', () => {
  it('writes results to stdout and logs to stderr, debug only with --debug', () => {
    const out = stream(false);
    const err = stream(false);
    const ui = createUi({ env: {}, stdout: out, stderr: err });
    ui.out('result');
    ui.log.info('info');
    ui.log.warn('careful');
    ui.log.debug('hidden');
    expect(out.text).toBe('result\n');
    expect(err.text).toBe('info\nwarning: careful\n');
    const dbg = createUi({ env: {}, stdout: out, stderr: err, debug: true });
    dbg.log.debug('shown');
    expect(err.text.endsWith('debug: shown\n')).toBe(true);
  });

  it.each([
    [{ FORCE_COLOR: '0' }, true, false],
    [{ NO_COLOR: '1' }, true, false],
    [{}, false, false],
    [{}, true, true],
  ])('colours with env %j on a tty=%s: %s', (env, tty, coloured) => {
    const ui = createUi({ env, stdout: stream(tty), stderr: stream(tty) });
    expect(ui.color.ok('x') !== 'x').toBe(coloured);
  });

  it('is interactive only on a TTY outside CI', () => {
    expect(createUi({ env: {}, stdout: stream(true), stderr: stream(true) }).interactive).toBe(true);
    expect(createUi({ env: { CI: '1' }, stdout: stream(true), stderr: stream(true) }).interactive).toBe(false);
    expect(createUi({ env: {}, stdout: stream(false), stderr: stream(true) }).interactive).toBe(false);
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell and right-aligns numbers', () => {
    expect(
      formatTable(
        ['NODE', 'PORT', 'ROLE'],
        [
          ['master', '6379', 'master'],
          ['replica-1', '16380', 'replica'],
        ],
        { alignRight: [1] },
      ),
    ).toEqual(['NODE        PORT  ROLE', 'master      6379  master', 'replica-1  16380  replica']);
  });

  it('ignores colour codes when measuring', () => {
    const ui = createUi({ env: { FORCE_COLOR: '1' }, stdout: stream(false), stderr: stream(false) });
    const lines = formatTable(['A', 'B'], [[ui.color.ok('up'), 'x'], ['down', 'y']]);
    expect(lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(['A     B', 'up    x', 'down  y']);
  });
});

describe('formatError', () => {
  const plain = createUi({ env: {}, stdout: stream(false), stderr: stream(false) }).color;

  it('prints a CliError with details and hint, exiting with its code', () => {
    const e = new CliError('E_PORT_BUSY', "node 'replica-1': port 6380 is in use", 'pass --port <first> or --port auto', { details: 'line 1\nline 2' });
    expect(formatError(e, plain, false)).toEqual({
      lines: ["rctl: node 'replica-1': port 6380 is in use", '  line 1', '  line 2', 'hint: pass --port <first> or --port auto'],
      exitCode: 6,
    });
  });

  it('prints an unexpected error on one line, the stack only with --debug', () => {
    const e = new Error('boom\nmore');
    expect(formatError(e, plain, false)).toEqual({
      lines: ['rctl: unexpected error: boom', 'hint: rerun with --debug for the stack trace, and report it if it persists'],
      exitCode: 1,
    });
    const dbg = formatError(e, plain, true);
    expect(dbg.lines[1]).toContain('at ');
  });
});
