// Pub/sub commands (Redis group "pubsub"): (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH,
// SPUBLISH and the PUBSUB introspection container, following pubsub.c of Redis 7.0.
// Delivery and the registries are in ../pubsub.ts.

import type { Client } from '../client.js';
import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import {
  activeChannels,
  channelSubscriberCount,
  publishMessage,
  pubsubPatternCount,
  subscribeChannel,
  subscribePattern,
  unsubscribeAllChannels,
  unsubscribeAllPatterns,
  unsubscribeChannel,
  unsubscribePattern,
} from '../pubsub.js';
import { addReplyHelp } from './connection.js';
import type { CommandSpec } from './spec.js';

function subscribeCommand(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) subscribeChannel(c, argv[i]!, 'global');
}

function unsubscribeCommand(c: Client, argv: string[]): void {
  if (argv.length === 1) unsubscribeAllChannels(c, true, 'global');
  else for (let i = 1; i < argv.length; i++) unsubscribeChannel(c, argv[i]!, true, 'global');
}

function psubscribeCommand(c: Client, argv: string[]): void {
  for (let i = 1; i < argv.length; i++) subscribePattern(c, argv[i]!);
}

function punsubscribeCommand(c: Client, argv: string[]): void {
  if (argv.length === 1) unsubscribeAllPatterns(c, true);
  else for (let i = 1; i < argv.length; i++) unsubscribePattern(c, argv[i]!, true);
}

function ssubscribeCommand(c: Client, argv: string[]): void {
  // Redis 7.0 denies SSUBSCRIBE to clients that may not block, which includes EXEC
  // (SUBSCRIBE and PSUBSCRIBE make an exception for MULTI; SSUBSCRIBE does not).
  if (c.inMulti) throw new ReplyError(E.SSUBSCRIBE_DENY_BLOCKING);
  for (let i = 1; i < argv.length; i++) subscribeChannel(c, argv[i]!, 'shard');
}

function sunsubscribeCommand(c: Client, argv: string[]): void {
  if (argv.length === 1) unsubscribeAllChannels(c, true, 'shard');
  else for (let i = 1; i < argv.length; i++) unsubscribeChannel(c, argv[i]!, true, 'shard');
}

function publishCommand(c: Client, argv: string[]): void {
  const receivers = publishMessage(c.server, argv[1]!, argv[2]!, 'global');
  // Replicas deliver the message to their own subscribers (forceCommandPropagation).
  c.forcePropagation = true;
  c.addInt(receivers);
}

function spublishCommand(c: Client, argv: string[]): void {
  const receivers = publishMessage(c.server, argv[1]!, argv[2]!, 'shard');
  c.forcePropagation = true;
  c.addInt(receivers);
}

function pubsubChannelsCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(E.subcommandSyntax(argv[1]!, argv[0]!));
  c.addBulkArray(activeChannels(c.server, argv.length === 3 ? argv[2]! : null, 'global'));
}

function pubsubShardchannelsCommand(c: Client, argv: string[]): void {
  if (argv.length > 3) throw new ReplyError(E.subcommandSyntax(argv[1]!, argv[0]!));
  c.addBulkArray(activeChannels(c.server, argv.length === 3 ? argv[2]! : null, 'shard'));
}

function numsubReply(c: Client, argv: string[], kind: 'global' | 'shard'): void {
  // A flat array even in RESP3 (Redis 7.0 does not send a map here); duplicates are kept.
  c.addArrayLen((argv.length - 2) * 2);
  for (let i = 2; i < argv.length; i++) {
    c.addBulk(argv[i]!);
    c.addInt(channelSubscriberCount(c.server, argv[i]!, kind));
  }
}

function pubsubNumsubCommand(c: Client, argv: string[]): void {
  numsubReply(c, argv, 'global');
}

function pubsubShardnumsubCommand(c: Client, argv: string[]): void {
  numsubReply(c, argv, 'shard');
}

function pubsubNumpatCommand(c: Client): void {
  c.addInt(pubsubPatternCount(c.server));
}

const PUBSUB_HELP = [
  'CHANNELS [<pattern>]',
  "    Return the currently active channels matching a <pattern> (default: '*').",
  'NUMPAT',
  '    Return number of subscriptions to patterns.',
  'NUMSUB [<channel> ...]',
  '    Return the number of subscribers for the specified channels, excluding',
  '    pattern subscriptions(default: no channels).',
  'SHARDCHANNELS [<pattern>]',
  "    Return the currently active shard level channels matching a <pattern> (default: '*').",
  'SHARDNUMSUB [<shardchannel> ...]',
  '    Return the number of subscribers for the specified shard level channel(s)',
];

function pubsubHelpCommand(c: Client, argv: string[]): void {
  addReplyHelp(c, argv[0]!, PUBSUB_HELP);
}

function pubsubContainerCommand(c: Client, argv: string[]): void {
  throw new ReplyError(E.unknownSubcommand(argv[1] ?? '', 'PUBSUB'));
}

const SUB_FLAGS = ['pubsub', 'noscript', 'loading', 'stale', 'subscribe-context'] as const;
const INTROSPECT_FLAGS = ['pubsub', 'loading', 'stale'] as const;

export const pubsubCommands = [
  {
    name: 'subscribe',
    arity: -2,
    flags: SUB_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'pubsub',
    summary: 'Listens for messages published to channels.',
    since: '2.0.0',
    acl: ['pubsub', 'slow'],
    handler: subscribeCommand,
  },
  {
    name: 'unsubscribe',
    arity: -1,
    flags: SUB_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'pubsub',
    summary: 'Stops listening to channels, or to all of them.',
    since: '2.0.0',
    acl: ['pubsub', 'slow'],
    handler: unsubscribeCommand,
  },
  {
    name: 'psubscribe',
    arity: -2,
    flags: SUB_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'pubsub',
    summary: 'Listens for messages published to channels matching glob patterns.',
    since: '2.0.0',
    acl: ['pubsub', 'slow'],
    handler: psubscribeCommand,
  },
  {
    name: 'punsubscribe',
    arity: -1,
    flags: SUB_FLAGS,
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'pubsub',
    summary: 'Stops listening to channel patterns, or to all of them.',
    since: '2.0.0',
    acl: ['pubsub', 'slow'],
    handler: punsubscribeCommand,
  },
  {
    name: 'ssubscribe',
    arity: -2,
    flags: SUB_FLAGS,
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'pubsub',
    summary: 'Listens for messages published to shard channels.',
    since: '7.0.0',
    acl: ['pubsub', 'slow'],
    handler: ssubscribeCommand,
  },
  {
    name: 'sunsubscribe',
    arity: -1,
    flags: SUB_FLAGS,
    firstKey: 1,
    lastKey: -1,
    step: 1,
    group: 'pubsub',
    summary: 'Stops listening to shard channels, or to all of them.',
    since: '7.0.0',
    acl: ['pubsub', 'slow'],
    handler: sunsubscribeCommand,
  },
  {
    name: 'publish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'pubsub',
    summary: 'Sends a message to the subscribers of a channel.',
    since: '2.0.0',
    acl: ['pubsub', 'fast'],
    handler: publishCommand,
  },
  {
    name: 'spublish',
    arity: 3,
    flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'],
    firstKey: 1,
    lastKey: 1,
    step: 1,
    group: 'pubsub',
    summary: 'Sends a message to the subscribers of a shard channel.',
    since: '7.0.0',
    acl: ['pubsub', 'fast'],
    handler: spublishCommand,
  },
  {
    name: 'pubsub',
    arity: -2,
    flags: [],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'pubsub',
    summary: 'Inspects the state of the pub/sub subsystem.',
    since: '2.8.0',
    acl: ['slow'],
    handler: pubsubContainerCommand,
    subcommands: [
      {
        name: 'pubsub|channels',
        arity: -2,
        flags: INTROSPECT_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'pubsub',
        summary: 'Lists the channels that have subscribers.',
        since: '2.8.0',
        acl: ['pubsub', 'slow'],
        handler: pubsubChannelsCommand,
      },
      {
        name: 'pubsub|numpat',
        arity: 2,
        flags: INTROSPECT_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'pubsub',
        summary: 'Counts the distinct patterns clients are subscribed to.',
        since: '2.8.0',
        acl: ['pubsub', 'slow'],
        handler: pubsubNumpatCommand,
      },
      {
        name: 'pubsub|numsub',
        arity: -2,
        flags: INTROSPECT_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'pubsub',
        summary: 'Counts the subscribers of channels.',
        since: '2.8.0',
        acl: ['pubsub', 'slow'],
        handler: pubsubNumsubCommand,
      },
      {
        name: 'pubsub|shardchannels',
        arity: -2,
        flags: INTROSPECT_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'pubsub',
        summary: 'Lists the shard channels that have subscribers.',
        since: '7.0.0',
        acl: ['pubsub', 'slow'],
        handler: pubsubShardchannelsCommand,
      },
      {
        name: 'pubsub|shardnumsub',
        arity: -2,
        flags: INTROSPECT_FLAGS,
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'pubsub',
        summary: 'Counts the subscribers of shard channels.',
        since: '7.0.0',
        acl: ['pubsub', 'slow'],
        handler: pubsubShardnumsubCommand,
      },
      {
        name: 'pubsub|help',
        arity: 2,
        flags: ['loading', 'stale'],
        firstKey: 0,
        lastKey: 0,
        step: 0,
        group: 'pubsub',
        summary: 'Describes the PUBSUB subcommands.',
        since: '6.2.0',
        acl: ['slow'],
        handler: pubsubHelpCommand,
      },
    ],
  },
] satisfies CommandSpec[];
