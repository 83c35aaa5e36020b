// CONFIG GET / SET / REWRITE / RESETSTAT / HELP (config.c configGetCommand and friends);
// values, parsing and the all-or-nothing SET live in config/store.ts.

import { blockClient, resumeClient, unblockClient } from '../blocking.js';
import type { Client } from '../client.js';
import { ALL_CONFIG_NAMES, findDirective, type Directive } from '../config/directives.js';
import { ConfigRewriteError, rewriteConfig } from '../config/rewrite.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { globMatch } from '../keyspace/glob.js';
import type { ServerState } from '../state.js';
import { addReplyHelp } from './connection.js';
import type { CommandSpec } from './spec.js';

const CONFIG_HELP = [
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
];

/**
 * replicaof as Redis reports it: its server.masterhost is the setting, so a running node
 * answers from the replication state (REPLICAOF changes it); a detached test server from
 * the stored value.
 */
function replicaofWords(s: ServerState): readonly string[] {
  if (s.masterHost !== null) return [s.masterHost, String(s.masterPort)];
  return s.boundPort !== 0 ? [] : s.config.list('replicaof');
}

function configValue(s: ServerState, dir: Directive): string {
  if (dir.special === 'replicaof') return replicaofWords(s).join(' ');
  return s.config.format(dir.name);
}

const hasGlob = (p: string): boolean => /[*?[]/.test(p);

function configGetCommand(c: Client, argv: string[]): void {
  // Keyed case-insensitively like Redis's match dict; an exact name keeps the caller's spelling.
  const matches = new Map<string, { key: string; dir: Directive }>();
  for (let i = 2; i < argv.length; i++) {
    const pattern = argv[i]!;
    if (!hasGlob(pattern)) {
      const lower = pattern.toLowerCase();
      if (matches.has(lower)) continue;
      const dir = findDirective(pattern);
      if (dir) matches.set(lower, { key: pattern, dir });
      continue;
    }
    for (const name of ALL_CONFIG_NAMES) {
      const dir = findDirective(name)!;
      if (dir.hidden || matches.has(name)) continue;
      if (globMatch(pattern, name, true)) matches.set(name, { key: name, dir });
    }
  }
  c.addMapLen(matches.size);
  for (const { key, dir } of matches.values()) {
    c.addBulk(key);
    c.addBulk(configValue(c.server, dir));
  }
}

function configSetCommand(c: Client, argv: string[]): void {
  if (argv.length % 2 !== 0) throw new ReplyError(E.SYNTAX);
  const s = c.server;
  const pairs: Array<[string, string]> = [];
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i]!, argv[i + 1]!]);
  const mode = s.config.str('enable-protected-configs');
  const err = s.config.configSet(pairs, {
    allowProtected: mode === 'yes' || (mode === 'local' && c.conn.isLocal),
    loading: s.loading,
  });
  if (err instanceof Promise) replyWhenApplied(c, err);
  else if (err !== null) throw new ReplyError(err);
  else c.addOK();
}

/**
 * A listener change (port, bind) is applied after the handler returns: the client waits
 * blocked for its reply, so its pipelined commands run after it, and other clients go on.
 * Inside EXEC nothing can wait: the reply is OK and a failure is only logged (and rolled back).
 * TODO: EXEC's reply for a listener change that fails is Redis's error; a test in
 * config-listen.test.ts would queue CONFIG SET port <port in use> and check the EXEC array.
 */
function replyWhenApplied(c: Client, result: Promise<string | null>): void {
  const s = c.server;
  const settled = result.catch((e: unknown) => {
    s.log.warning(`Internal error while applying CONFIG SET: ${(e as Error).stack ?? String(e)}`);
    return E.internalError((e as Error).message ?? String(e));
  });
  if (c.inMulti) {
    c.addOK();
    return;
  }
  blockClient(c, 0, () => false, () => {});
  void settled.then((err) => {
    unblockClient(c);
    if (err === null) {
      c.addOK();
    } else {
      c.addError(err);
      s.stats.commandStat('config|set').failedCalls++;
    }
    resumeClient(c);
  });
}

function configRewriteCommand(c: Client): void {
  const s = c.server;
  const file = s.config.configFile;
  if (file === null) throw new ReplyError(E.CONFIG_REWRITE_NO_FILE);
  try {
    rewriteConfig(file, s.config, { replicaof: replicaofWords(s) });
  } catch (e) {
    if (!(e instanceof ConfigRewriteError)) throw e;
    s.log.warning(`CONFIG REWRITE failed: ${e.reason}`);
    throw new ReplyError(E.configRewriteFailed(e.reason));
  }
  s.log.warning('CONFIG REWRITE executed with success.');
  c.addOK();
}

function configResetstatCommand(c: Client): void {
  // resetServerStats + resetCommandTableStats + resetErrorTableStats
  c.server.stats.reset();
  c.addOK();
}

function configHelpCommand(c: Client, argv: string[]): void {
  addReplyHelp(c, argv[0]!, CONFIG_HELP);
}

function configCommand(c: Client, argv: string[]): void {
  throw new ReplyError(E.unknownSubcommand(argv[1] ?? '', 'CONFIG'));
}

const SUB_FLAGS = ['admin', 'noscript', 'loading', 'stale'] as const;
const SUB_ACL = ['admin', 'slow', 'dangerous'] as const;

export const configCommands = [
  {
    name: 'config',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'server',
    summary: 'Reads and changes the server configuration.',
    since: '2.0.0',
    acl: ['slow'],
    handler: configCommand,
    subcommands: [
      {
        name: 'config|get',
        arity: -3,
        flags: SUB_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'server',
        summary: 'Returns the values of configuration parameters matching glob patterns.',
        since: '2.0.0',
        acl: SUB_ACL,
        handler: configGetCommand,
      },
      {
        name: 'config|set',
        arity: -4,
        flags: SUB_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'server',
        summary: 'Changes configuration parameters at run time, all or none.',
        since: '2.0.0',
        acl: SUB_ACL,
        handler: configSetCommand,
      },
      {
        name: 'config|rewrite',
        arity: 2,
        flags: SUB_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'server',
        summary: 'Writes the running configuration back into the config file.',
        since: '2.8.0',
        acl: SUB_ACL,
        handler: configRewriteCommand,
      },
      {
        name: 'config|resetstat',
        arity: 2,
        flags: SUB_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'server',
        summary: 'Resets the statistics INFO reports.',
        since: '2.0.0',
        acl: SUB_ACL,
        handler: configResetstatCommand,
      },
      {
        name: 'config|help',
        arity: 2,
        flags: ['loading', 'stale'],
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'server',
        summary: 'Lists the CONFIG subcommands.',
        since: '5.0.0',
        acl: ['slow'],
        handler: configHelpCommand,
      },
    ],
  },
] satisfies CommandSpec[];
