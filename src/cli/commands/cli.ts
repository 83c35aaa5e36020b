// `rctl cli <node> <command...>`: send one command to a node through the shared RESP client
// and print the reply the way redis-cli does (redis-cli.c cliFormatReplyTTY on a terminal,
// cliFormatReplyRaw when piped). An error reply is reported as a failure (exit code 11).

import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { CliError } from '../errors.js';
import { RespClient, RespErrorReply, RespPush, RespStatus, type RespValue } from '../../shared/resp-client.js';
import { findNode, passwordFor, requireState } from '../state.js';

/** redis-cli's sdscatrepr: printable ASCII as is, the usual escapes, other bytes as \xHH. */
export function quoteRepr(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = s.charCodeAt(i);
    if (ch === '\\' || ch === '"') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c === 7) out += '\\a';
    else if (c === 8) out += '\\b';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += '\\x' + c.toString(16).padStart(2, '0');
  }
  return out + '"';
}

function isArrayLike(v: RespValue): v is RespValue[] {
  return Array.isArray(v);
}

/** A reply as redis-cli prints it on a terminal (--no-raw), ending in a newline. */
export function formatReplyTTY(v: RespValue, prefix = ''): string {
  if (v === null) return '(nil)\n';
  if (v instanceof RespErrorReply) return `(error) ${v.message}\n`;
  if (v instanceof RespStatus) return `${v.value}\n`;
  if (typeof v === 'string') return `${quoteRepr(v)}\n`;
  if (typeof v === 'number') return Number.isInteger(v) ? `(integer) ${v}\n` : `(double) ${v}\n`;
  if (typeof v === 'bigint') return `(big number) ${v}\n`;
  if (typeof v === 'boolean') return `(${v ? 'true' : 'false'})\n`;
  if (v instanceof Map) {
    if (v.size === 0) return '(empty hash)\n';
    const idxlen = String(v.size).length;
    const inner = prefix + ' '.repeat(idxlen + 2);
    let out = '';
    let i = 0;
    for (const [k, val] of v) {
      out += (i === 0 ? '' : prefix) + String(i + 1).padStart(idxlen) + '# ';
      out += formatReplyTTY(k, inner).replace(/\n$/, '') + ' => ' + formatReplyTTY(val, inner);
      i++;
    }
    return out;
  }
  const items = v instanceof RespPush ? v.items : isArrayLike(v) ? v : [];
  if (items.length === 0) return '(empty array)\n';
  const idxlen = String(items.length).length;
  const inner = prefix + ' '.repeat(idxlen + 2);
  let out = '';
  items.forEach((item, i) => {
    // The first element follows its parent's index on the same line.
    out += (i === 0 ? '' : prefix) + String(i + 1).padStart(idxlen) + ') ' + formatReplyTTY(item, inner);
  });
  return out;
}

/** A reply as redis-cli prints it when stdout is not a terminal (--raw), without the final newline. */
export function formatReplyRaw(v: RespValue): string {
  if (v === null) return '';
  if (v instanceof RespErrorReply) return v.message;
  if (v instanceof RespStatus) return v.value;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Map) return [...v].map(([k, val]) => `${formatReplyRaw(k)} ${formatReplyRaw(val)}`).join('\n');
  const items = v instanceof RespPush ? v.items : isArrayLike(v) ? v : [];
  return items.map(formatReplyRaw).join('\n');
}

interface CliFlags {
  raw?: boolean;
}

export function cliCommand(): Command {
  return new Command('cli')
    .summary('send one command to a node and print the reply like redis-cli')
    .description(
      'Send one command to a node of the set and print the reply as redis-cli does: quoted and numbered on a terminal, ' +
        'raw when piped (force either with --raw / --no-raw). The password of the set is used automatically. ' +
        'An error reply exits with code 11. Put `--` before a command whose words start with a dash.',
    )
    .argument('<node>', 'port (e.g. 6379) or name (e.g. master) of the node')
    .argument('<command...>', 'the command and its arguments, e.g. SET key value')
    .option('--raw', 'print raw replies even on a terminal')
    .option('--no-raw', 'print formatted replies even when piped')
    .option('--password <password>', 'the set\'s password (default: read from the nodes\' confs)')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl cli 6379 SET greeting hello
  $ rctl cli replica-1 GET greeting
  $ rctl cli master INFO replication
  $ rctl cli 6379 -- INCRBY counter -5`,
    )
    .action(async (ref: string, words: string[], flags: CliFlags, cmd: Command) => {
      const { settings, ctx } = await setupCommand(cmd);
      const state = requireState(settings);
      const node = findNode(state, ref);
      const password = passwordFor(state, settings.password);
      const who = `${node.name} (port ${node.port})`;
      let client: RespClient;
      try {
        client = await RespClient.connect({ host: node.host, port: node.port, timeoutMs: 2000 });
      } catch (e) {
        throw new CliError('E_NODE_REPLY', `cannot connect to ${who}: ${(e as Error).message}`, `is it running? see \`rctl status\`; start it with \`rctl start ${node.port}\``);
      }
      try {
        if (password !== undefined) {
          const r = await client.send('AUTH', password);
          if (r instanceof RespErrorReply) throw new CliError('E_NODE_REPLY', `${who} refused AUTH: ${r.message}`, 'pass the right --password');
        }
        // Words are byte strings (latin1) on the wire; the shell gave us UTF-8 text.
        const argv = words.map((w) => Buffer.from(w, 'utf8'));
        const reply = await client.send(...argv);
        if (reply instanceof RespErrorReply) {
          throw new CliError('E_NODE_REPLY', `${who} replied to ${words[0]!.toUpperCase()}: ${reply.message}`, 'check the command and its arguments (see https://redis.io/commands)');
        }
        const raw = flags.raw ?? ctx.stdout.isTTY !== true;
        const text = raw ? formatReplyRaw(reply) + '\n' : formatReplyTTY(reply);
        (ctx.stdout.write as (chunk: string | Uint8Array) => unknown)(Buffer.from(text, 'latin1'));
      } catch (e) {
        if (e instanceof CliError) throw e;
        throw new CliError('E_NODE_REPLY', `${who}: ${(e as Error).message}`, 'check the node with `rctl status`');
      } finally {
        client.close();
      }
    });
}
