import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../helpers/temp-dir.js';
import {
  ConfigFileError,
  ConfigOpenError,
  expandInclude,
  formatConfigError,
  loadConfigText,
  parseOptions,
  type LoadOptions,
} from '../../../../src/server/config/parse-conf.js';
import { ConfigStore } from '../../../../src/server/config/store.js';


function load(text: string, opts: LoadOptions = {}): ConfigStore {
  const s = new ConfigStore();
  loadConfigText(text, s, opts);
  return s;
}

/** The FATAL block a text produces. */
function fatal(text: string, opts: LoadOptions = {}): string {
  try {
    load(text, opts);
  } catch (e) {
    if (e instanceof ConfigFileError) return formatConfigError(e, '7.0.15');
    if (e instanceof ConfigOpenError) return e.message;
    throw e;
  }
  return 'loaded';
}

const block = (line: number, text: string, reason: string): string =>
  `\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line ${line}\n>>> '${text}'\n${reason}\n`;

describe('loadConfigText', () => {
  it('reads directives, skipping comments and blank lines, later lines winning', () => {
    const s = load('# comment\n\n  port 7000  \r\nPORT 7001\nmaxmemory 1mb\nloglevel "warning"\nrequirepass \'a b\'\n');
    expect(s.num('port')).toBe(7001);
    expect(s.num('maxmemory')).toBe(1048576);
    expect(s.str('loglevel')).toBe('warning');
    expect(s.str('requirepass')).toBe('a b');
  });

  it('decodes sdssplitargs escapes', () => {
    const s = load('requirepass "a\\x21\\"b"\nmasterauth \'it\\\'s\'\n');
    expect(s.str('requirepass')).toBe('a!"b');
    expect(s.str('masterauth')).toBe("it's");
  });

  it('reports the first bad line with its number, trimmed text and reason', () => {
    expect(fatal('port 1\n\n# c\n  loglevel   "notice\n')).toBe(block(4, 'loglevel   "notice', 'Unbalanced quotes in configuration line'));
    expect(fatal('port "1"x\n')).toBe(block(1, 'port "1"x', 'Unbalanced quotes in configuration line'));
    expect(fatal('port abc\n')).toBe(block(1, 'port abc', "argument couldn't be parsed into an integer"));
    expect(fatal('port 1 # comment\n')).toBe(block(1, 'port 1 # comment', 'wrong number of arguments'));
    expect(fatal('port\n')).toBe(block(1, 'port', 'wrong number of arguments'));
    expect(fatal('foo bar\n')).toBe(block(1, 'foo bar', 'Bad directive or wrong number of arguments'));
    expect(fatal('port 1\r\nloglevel x\r\n')).toBe(
      block(2, 'loglevel x', 'argument(s) must be one of the following: debug, verbose, notice, warning'),
    );
    expect(fatal('save 900 1 300\n')).toBe(block(1, 'save 900 1 300', 'Invalid save parameters'));
    expect(fatal('slaveof a\n')).toBe(block(1, 'slaveof a', 'wrong number of arguments'));
  });

  it('keeps bytes as they are (a BOM makes an unknown directive)', () => {
    expect(fatal('\xef\xbb\xbfport 1\n')).toBe(block(1, '\xef\xbb\xbfport 1', 'Bad directive or wrong number of arguments'));
  });

  it('ignores deprecated directives with one argument only', () => {
    const s = load('list-max-ziplist-entries 5\nlua-replicate-commands yes\n');
    expect(s.num('port')).toBe(6379);
    expect(fatal('list-max-ziplist-entries 1 2\n')).toBe(block(1, 'list-max-ziplist-entries 1 2', 'Bad directive or wrong number of arguments'));
  });

  it('splits a single quoted argument of a multi-word directive', () => {
    const s = load('save "900 1"\nsave 300 10\nreplicaof "127.0.0.1 6379"\nshutdown-on-sigterm "save now"\n');
    expect(s.format('save')).toBe('900 1 300 10');
    expect(s.list('replicaof')).toEqual(['127.0.0.1', '6379']);
    expect(s.format('shutdown-on-sigterm')).toBe('save now');
  });

  it('empties save with save "" anywhere in the file', () => {
    expect(load('save 900 1\nsave ""\nsave 300 10\n').format('save')).toBe('300 10');
    expect(load('save 900 1\nsave ""\n').format('save')).toBe('');
    expect(load('save ""\nsave 900 1\n').format('save')).toBe('900 1');
    expect(load('port 1\n').format('save')).toBe('3600 1 300 100 60 10000');
  });

  it('accepts file-only directives rctl does not act on, and reports them', () => {
    const s = new ConfigStore();
    const report = loadConfigText('user alice on >pw ~* +@all\nloadmodule /x.so a b\nmymod.opt 5\nsentinel\nrename-command get ""\n', s, {
      commandExists: (n) => ['get', 'set'].includes(n.toLowerCase()),
    });
    expect(report.unsupported).toEqual(['user', 'loadmodule', 'rename-command']);
    expect(report.loadmodules).toBe(1);
    expect(report.moduleConfigs).toEqual(['mymod.opt']);
  });

  it('checks the file-only directives as Redis does', () => {
    const commandExists = (n: string): boolean => ['get', 'mget'].includes(n.toLowerCase());
    expect(fatal('rename-command\n')).toBe(block(1, 'rename-command', 'Bad directive or wrong number of arguments'));
    expect(fatal('rename-command foo bar\n', { commandExists })).toBe(block(1, 'rename-command foo bar', 'No such command in rename-command'));
    expect(fatal('rename-command get mget\n', { commandExists })).toBe(block(1, 'rename-command get mget', 'Target command name already exists'));
    expect(fatal('user\n')).toBe(block(1, 'user', 'Bad directive or wrong number of arguments'));
    expect(fatal('loadmodule\n')).toBe(block(1, 'loadmodule', 'Bad directive or wrong number of arguments'));
    expect(fatal('foo.bar\n')).toBe(block(1, 'foo.bar', 'Module config specified without value'));
    expect(fatal('sentinel monitor a b c d\n')).toBe(block(1, 'sentinel monitor a b c d', 'sentinel directive while not in sentinel mode'));
  });

  it('reports unsupported directives only when they leave their default', () => {
    const s = new ConfigStore();
    expect(loadConfigText('appendonly no\nport 7000\n', s).unsupported).toEqual([]);
    expect(loadConfigText('appendonly yes\nappendonly yes\n', s).unsupported).toEqual(['appendonly']);
  });

  it('checks the log file and cluster mode after the last line', () => {
    expect(fatal('logfile /nonexistent/dir/log\n')).toBe(
      '\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan\'t open the log file: No such file or directory\n',
    );
  });
});

describe('include', () => {
  it('loads the included file in place, reporting its own line numbers', () => {
    const d = tempDir('rctl-conf-');
    writeFileSync(join(d, 'inc.conf'), 'maxmemory-samples 7\nport 7002\n');
    writeFileSync(join(d, 'bad.conf'), '\n\nport 99999\n');
    const s = load(`port 7000\ninclude ${join(d, 'inc.conf')}\n`);
    expect(s.num('port')).toBe(7002);
    expect(s.num('maxmemory-samples')).toBe(7);
    expect(load(`include ${join(d, 'inc.conf')}\nport 7000\n`).num('port')).toBe(7000);
    expect(fatal(`port 1\ninclude ${join(d, 'bad.conf')}\n`)).toBe(block(3, 'port 99999', 'argument must be between 0 and 65535 inclusive'));
  });

  it('fails like Redis on a missing file', () => {
    expect(fatal('include /nonexistent.conf\n')).toBe("Fatal error, can't open config file '/nonexistent.conf': No such file or directory");
  });

  it('expands globs in sorted order and accepts a pattern matching nothing', () => {
    const d = tempDir('rctl-conf-');
    mkdirSync(join(d, 'conf.d'));
    writeFileSync(join(d, 'conf.d', 'b.conf'), 'port 7002\n');
    writeFileSync(join(d, 'conf.d', 'a.conf'), 'port 7001\nhz 20\n');
    writeFileSync(join(d, 'conf.d', '.hidden.conf'), 'port 1\n');
    expect(expandInclude(join(d, 'conf.d', '*.conf'))).toEqual([join(d, 'conf.d', 'a.conf'), join(d, 'conf.d', 'b.conf')]);
    const s = load(`include ${join(d, 'conf.d', '*.conf')}\n`);
    expect(s.num('port')).toBe(7002);
    expect(s.num('hz')).toBe(20);
    expect(load(`include ${join(d, 'nothing', '*.conf')}\nport 5\n`).num('port')).toBe(5);
    expect(expandInclude(join(d, 'conf.?', '[ab].conf'))).toHaveLength(2);
  });
});

describe('parseOptions (redis-server argv)', () => {
  it.each([
    [['--port', '6380'], 'port "6380" '],
    [['--port', '6380', '--replicaof', '127.0.0.1 6379'], 'port "6380" \nreplicaof "127.0.0.1 6379" '],
    [['--replicaof', '127.0.0.1', '6379'], 'replicaof "127.0.0.1" "6379" '],
    [['--save', ''], 'save "" '],
    [['--save'], 'save ""'],
    [['--save', '--port', '1'], 'save ""\nport "1" '],
    [['--SAVE', '--port', '1'], 'SAVE ""\nport "1" '],
    [['--masterauth', '--secret'], 'masterauth "--secret" '],
    [['--port 6380'], 'port 6380 '],
    [['--loglevel', 'a"b\\c\n'], 'loglevel "a\\"b\\\\c\\n" '],
    [['--port', '1', '2'], 'port "1" "2" '],
  ])('turns %j into conf text', (args, text) => {
    expect(parseOptions(args).options).toBe(text);
  });

  it('reads stdin for a "-" first or last', () => {
    expect(parseOptions(['-']).readStdin).toBe(true);
    expect(parseOptions(['--port', '1', '-'])).toEqual({ options: 'port "1" ', readStdin: true });
    expect(parseOptions(['--port', '-', '1']).readStdin).toBe(false);
  });

  it('applies options after the file, as `rctl-server node.conf --port 6380 --replicaof "h p"`', () => {
    const s = new ConfigStore();
    const opts = parseOptions(['--port', '6380', '--replicaof', '127.0.0.1 6379', '--save', '']);
    loadConfigText('port 7000\nsave 900 1\n' + '\n' + opts.options, s);
    expect(s.num('port')).toBe(6380);
    expect(s.list('replicaof')).toEqual(['127.0.0.1', '6379']);
    expect(s.list('save')).toEqual([]);
  });

  it('numbers option lines after the file lines', () => {
    const text = 'port 1234\nport 5\n' + '\n' + parseOptions(['--port', 'abc']).options;
    expect(fatal(text)).toBe(block(4, 'port "abc"', "argument couldn't be parsed into an integer"));
    expect(fatal('\n' + parseOptions(['--port', '1', '--foo', 'bar']).options)).toBe(
      block(3, 'foo "bar"', 'Bad directive or wrong number of arguments'),
    );
  });
});
