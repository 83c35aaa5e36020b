import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeServer } from '../../../helpers/harness.js';
import { tempDir } from '../../../helpers/temp-dir.js';

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;
const map2 = (pairs: Array<[string, string]>): string => `*${pairs.length * 2}\r\n` + pairs.map(([k, v]) => bulk(k) + bulk(v)).join('');

describe('CONFIG GET', () => {
  it('returns name/value pairs, a map in RESP3', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'GET', 'maxmemory')).toBe(map2([['maxmemory', '0']]));
    c.c.resp = 3;
    expect(c.run('CONFIG', 'GET', 'maxmemory')).toBe('%1\r\n' + bulk('maxmemory') + bulk('0'));
    expect(c.run('CONFIG', 'GET', 'nosuch')).toBe('%0\r\n');
  });

  it('takes several patterns, keeps the caller spelling of exact names and drops repeats', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'GET', 'MAXMEMORY', 'maxmemory', 'Port')).toBe(map2([['MAXMEMORY', '0'], ['Port', '6379']]));
    expect(c.run('config', 'get', 'nosuch')).toBe('*0\r\n');
  });

  it('matches globs case-insensitively against names and aliases', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'GET', 'MAXMEMORY-P*')).toBe(map2([['maxmemory-policy', 'noeviction']]));
    expect(c.run('CONFIG', 'GET', '*-priority')).toBe(map2([['replica-priority', '100'], ['slave-priority', '100']]));
    expect(c.run('CONFIG', 'GET', 'slaveof', 'repl*of')).toBe(map2([['slaveof', ''], ['replicaof', '']]));
    expect(c.run('CONFIG', 'GET', '[rs]ave', 'dbfilenam?')).toBe(
      map2([['save', '3600 1 300 100 60 10000'], ['dbfilename', 'dump.rdb']]),
    );
  });

  it('shows hidden directives only by exact name', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'GET', 'key-load*')).toBe('*0\r\n');
    expect(c.run('CONFIG', 'GET', 'key-load-delay')).toBe(map2([['key-load-delay', '0']]));
  });

  it('lists every visible directive for *', () => {
    const c = makeServer().client();
    const v = c.call('CONFIG', 'GET', '*') as unknown[];
    expect(v.length).toBe(192 * 2);
  });

  it('reports the node master as replicaof', () => {
    const srv = makeServer({ replicaof: '10.0.0.1 7000' });
    const c = srv.client();
    expect(c.run('CONFIG', 'GET', 'replicaof')).toBe(map2([['replicaof', '10.0.0.1 7000']]));
    srv.state.masterHost = '10.0.0.2';
    srv.state.masterPort = 7001;
    expect(c.run('CONFIG', 'GET', 'slaveof')).toBe(map2([['slaveof', '10.0.0.2 7001']]));
  });

  it('needs a pattern', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'GET')).toBe("-ERR wrong number of arguments for 'config|get' command\r\n");
  });
});

describe('CONFIG SET', () => {
  it('sets values, several at once', () => {
    const srv = makeServer();
    const c = srv.client();
    expect(c.run('CONFIG', 'SET', 'maxmemory', '10mb', 'slave-read-only', 'no')).toBe('+OK\r\n');
    expect(srv.state.config.num('maxmemory')).toBe(10485760);
    expect(srv.state.config.bool('replica-read-only')).toBe(false);
    expect(c.run('CONFIG', 'GET', 'maxmemory')).toBe(map2([['maxmemory', '10485760']]));
  });

  it('answers with Redis 7.0.15 error texts', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'SET', 'port')).toBe("-ERR wrong number of arguments for 'config|set' command\r\n");
    expect(c.run('CONFIG', 'SET', 'maxmemory', '1', 'x')).toBe('-ERR syntax error\r\n');
    expect(c.run('CONFIG', 'SET', 'foo', 'bar')).toBe("-ERR Unknown option or number of arguments for CONFIG SET - 'foo'\r\n");
    expect(c.run('CONFIG', 'SET', 'daemonize', 'yes')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n",
    );
    expect(c.run('CONFIG', 'SET', 'replicaof', '127.0.0.1 1')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'replicaof') - can't set immutable config\r\n",
    );
    expect(c.run('CONFIG', 'SET', 'dir', '/tmp')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n",
    );
    expect(c.run('CONFIG', 'SET', 'port', 'abc')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'port') - argument couldn't be parsed into an integer\r\n",
    );
    expect(c.run('CONFIG', 'SET', 'maxmemory', '10mb', 'maxmemory', '20mb')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter\r\n",
    );
    expect(c.run('CONFIG', 'SET', 'save', '1')).toBe("-ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters\r\n");
  });

  it('changes nothing when one pair fails', () => {
    const srv = makeServer();
    const c = srv.client();
    expect(c.run('CONFIG', 'SET', 'hz', '20', 'maxmemory', '1x')).toMatch(/^-ERR CONFIG SET failed/);
    expect(srv.state.config.num('hz')).toBe(10);
  });

  it('allows protected directives when enable-protected-configs allows the client', () => {
    const dir = tempDir('rctl-cfg-');
    const srv = makeServer({ 'enable-protected-configs': 'local' });
    const c = srv.client();
    expect(c.run('CONFIG', 'SET', 'dir', dir, 'dbfilename', 'x.rdb')).toBe('+OK\r\n');
    expect(c.run('CONFIG', 'GET', 'dir')).toBe(map2([['dir', dir]]));
    c.conn.isLocal = false;
    expect(c.run('CONFIG', 'SET', 'dbfilename', 'y.rdb')).toBe(
      "-ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config\r\n",
    );
  });

  it('answers LOADING for directives that cannot change during a load', () => {
    const srv = makeServer();
    srv.state.loading = true;
    const c = srv.client();
    expect(c.run('CONFIG', 'SET', 'appendonly', 'no')).toBe('-LOADING Redis is loading the dataset in memory\r\n');
    expect(c.run('CONFIG', 'SET', 'maxmemory', '1mb')).toBe('+OK\r\n');
  });
});

describe('CONFIG REWRITE', () => {
  it('needs a config file', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG', 'REWRITE')).toBe('-ERR The server is running without a config file\r\n');
  });

  it('rewrites the config file in place', () => {
    const dir = tempDir('rctl-cfg-');
    const path = join(dir, 'node.conf');
    writeFileSync(path, '# mine\nmaxmemory 1mb\n');
    const srv = makeServer({ dir });
    srv.state.config.configFile = path;
    srv.state.log.file = join(dir, 'log');
    const c = srv.client();
    expect(c.run('CONFIG', 'SET', 'maxmemory', '2mb', 'appendonly', 'yes')).toBe('+OK\r\n');
    expect(c.run('CONFIG', 'REWRITE')).toBe('+OK\r\n');
    const text = readFileSync(path, 'latin1');
    expect(text.startsWith('# mine\nmaxmemory 2mb\n\n# Generated by CONFIG REWRITE\nappendonly yes\n')).toBe(true);
    expect(readFileSync(join(dir, 'log'), 'latin1')).toContain('# CONFIG REWRITE executed with success.');
  });

  it('reports a file it cannot read', () => {
    const dir = tempDir('rctl-cfg-');
    const srv = makeServer();
    srv.state.config.configFile = dir;
    srv.state.log.file = join(dir, 'log');
    expect(srv.client().run('CONFIG', 'REWRITE')).toBe('-ERR Rewriting config file: Is a directory\r\n');
  });
});

describe('CONFIG RESETSTAT, HELP and dispatch', () => {
  it('resets INFO statistics and error counts', () => {
    const srv = makeServer();
    const c = srv.client();
    c.run('CONFIG', 'SET', 'foo', 'bar');
    c.run('PING');
    expect(srv.state.stats.totalErrorReplies).toBeGreaterThan(0);
    expect(c.run('CONFIG', 'RESETSTAT')).toBe('+OK\r\n');
    expect(srv.state.stats.totalErrorReplies).toBe(0);
    expect(srv.state.stats.errors.size).toBe(0);
    expect(c.run('CONFIG', 'RESETSTAT', 'x')).toBe("-ERR wrong number of arguments for 'config|resetstat' command\r\n");
  });

  it('prints the help of 7.0.15', () => {
    const c = makeServer().client();
    expect(c.run('config', 'help')).toBe(
      '*11\r\n' +
        [
          'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
          'GET <pattern>',
          '    Return parameters matching the glob-like <pattern> and their values.',
          'SET <directive> <value>',
          '    Set the configuration <directive> to <value>.',
          'RESETSTAT',
          '    Reset statistics reported by the INFO command.',
          'REWRITE',
          '    Rewrite the configuration file.',
          'HELP',
          '    Prints this help.',
        ]
          .map((l) => `+${l}\r\n`)
          .join(''),
    );
  });

  it('rejects a missing or unknown subcommand', () => {
    const c = makeServer().client();
    expect(c.run('CONFIG')).toBe("-ERR wrong number of arguments for 'config' command\r\n");
    expect(c.run('CONFIG', 'FOO')).toBe("-ERR unknown subcommand 'FOO'. Try CONFIG HELP.\r\n");
  });
});
