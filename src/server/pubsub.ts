// Pub/sub registries and delivery (pubsub.c): which clients listen on which channels,
// patterns and shard channels, and the message / (un)subscribe notifications in RESP2
// arrays or RESP3 push frames. Commands live in commands/pubsub.ts.

import type { Client } from './client.js';
import { globMatch } from './keyspace/glob.js';
import { perServer } from './per-server.js';
import type { ServerState } from './state.js';

/** Server side of pub/sub: name -> subscribers, as server.pubsub_channels & co. */
interface Registry {
  channels: Map<string, Set<Client>>;
  patterns: Map<string, Set<Client>>;
  shardChannels: Map<string, Set<Client>>;
}

const registryOf = perServer((): Registry => ({ channels: new Map(), patterns: new Map(), shardChannels: new Map() }));

/**
 * Global channels and shard channels behave alike but are counted apart: a shard
 * (un)subscription reports the number of shard channels, the others channels + patterns.
 */
export type ChannelKind = 'global' | 'shard';

const bulk = (s: string): string => `$${s.length}\r\n${s}\r\n`;

const SUBSCRIBE = bulk('subscribe');
const UNSUBSCRIBE = bulk('unsubscribe');
const SSUBSCRIBE = bulk('ssubscribe');
const SUNSUBSCRIBE = bulk('sunsubscribe');
const PSUBSCRIBE = bulk('psubscribe');
const PUNSUBSCRIBE = bulk('punsubscribe');
const MESSAGE = bulk('message');
const SMESSAGE = bulk('smessage');
const PMESSAGE = bulk('pmessage');

/**
 * Writes a pub/sub frame. Like Redis's CLIENT_PUSHING, these bypass CLIENT REPLY OFF|SKIP:
 * a subscriber that silenced its replies still gets its messages and confirmations.
 */
function addPush(c: Client, len: number, body: string): void {
  if (c.isMaster || c.closing) return;
  if (c.out.length === 0) c.server.scheduleWrite(c);
  c.out += (c.resp === 2 ? `*${len}\r\n` : `>${len}\r\n`) + body;
}

/** clientSubscriptionsCount: channels + patterns (shard channels are counted apart). */
export function subscriptionCount(c: Client): number {
  return c.channels.size + c.patterns.size;
}

function countFor(c: Client, kind: ChannelKind): number {
  return kind === 'shard' ? c.shardChannels.size : c.channels.size + c.patterns.size;
}

function clientSetOf(c: Client, kind: ChannelKind): Set<string> {
  return kind === 'shard' ? c.shardChannels : c.channels;
}

function serverMapOf(s: ServerState, kind: ChannelKind): Map<string, Set<Client>> {
  const r = registryOf(s);
  return kind === 'shard' ? r.shardChannels : r.channels;
}

/** pubsubSubscribeChannel: subscribes (if not yet) and always confirms. */
export function subscribeChannel(c: Client, channel: string, kind: ChannelKind): void {
  const mine = clientSetOf(c, kind);
  if (!mine.has(channel)) {
    mine.add(channel);
    const map = serverMapOf(c.server, kind);
    let subs = map.get(channel);
    if (!subs) {
      subs = new Set();
      map.set(channel, subs);
    }
    subs.add(c);
  }
  addPush(c, 3, (kind === 'shard' ? SSUBSCRIBE : SUBSCRIBE) + bulk(channel) + `:${countFor(c, kind)}\r\n`);
}

function unsubscribeNotify(c: Client, kind: ChannelKind, channel: string | null): void {
  const name = kind === 'shard' ? SUNSUBSCRIBE : UNSUBSCRIBE;
  const ch = channel === null ? (c.resp === 2 ? '$-1\r\n' : '_\r\n') : bulk(channel);
  addPush(c, 3, name + ch + `:${countFor(c, kind)}\r\n`);
}

/** pubsubUnsubscribeChannel: returns true when c was subscribed. */
export function unsubscribeChannel(c: Client, channel: string, notify: boolean, kind: ChannelKind): boolean {
  const mine = clientSetOf(c, kind);
  const was = mine.delete(channel);
  if (was) {
    const map = serverMapOf(c.server, kind);
    const subs = map.get(channel);
    if (subs) {
      subs.delete(c);
      // Drop empty entries so that PUBSUB CHANNELS and memory only see live channels.
      if (subs.size === 0) map.delete(channel);
    }
  }
  if (notify) unsubscribeNotify(c, kind, channel);
  return was;
}

/**
 * pubsubUnsubscribeAllChannels: with notify, a client that had nothing to leave still
 * gets one notification with a null channel (Redis does the same).
 */
export function unsubscribeAllChannels(c: Client, notify: boolean, kind: ChannelKind): number {
  let count = 0;
  const mine = clientSetOf(c, kind);
  if (mine.size > 0) {
    for (const channel of [...mine]) if (unsubscribeChannel(c, channel, notify, kind)) count++;
  }
  if (notify && count === 0) unsubscribeNotify(c, kind, null);
  return count;
}

/** pubsubSubscribePattern. */
export function subscribePattern(c: Client, pattern: string): void {
  if (!c.patterns.has(pattern)) {
    c.patterns.add(pattern);
    const map = registryOf(c.server).patterns;
    let subs = map.get(pattern);
    if (!subs) {
      subs = new Set();
      map.set(pattern, subs);
    }
    subs.add(c);
  }
  addPush(c, 3, PSUBSCRIBE + bulk(pattern) + `:${subscriptionCount(c)}\r\n`);
}

function punsubscribeNotify(c: Client, pattern: string | null): void {
  const p = pattern === null ? (c.resp === 2 ? '$-1\r\n' : '_\r\n') : bulk(pattern);
  addPush(c, 3, PUNSUBSCRIBE + p + `:${subscriptionCount(c)}\r\n`);
}

/** pubsubUnsubscribePattern: returns true when c was subscribed. */
export function unsubscribePattern(c: Client, pattern: string, notify: boolean): boolean {
  const was = c.patterns.delete(pattern);
  if (was) {
    const map = registryOf(c.server).patterns;
    const subs = map.get(pattern);
    if (subs) {
      subs.delete(c);
      if (subs.size === 0) map.delete(pattern);
    }
  }
  if (notify) punsubscribeNotify(c, pattern);
  return was;
}

/** pubsubUnsubscribeAllPatterns, with the same null notification as for channels. */
export function unsubscribeAllPatterns(c: Client, notify: boolean): number {
  let count = 0;
  if (c.patterns.size > 0) {
    for (const pattern of [...c.patterns]) if (unsubscribePattern(c, pattern, notify)) count++;
  }
  if (notify && count === 0) punsubscribeNotify(c, null);
  return count;
}

/** Silently drops every subscription of c (client close, RESET). */
export function unsubscribeEverything(c: Client): void {
  if (c.channels.size > 0) unsubscribeAllChannels(c, false, 'global');
  if (c.shardChannels.size > 0) unsubscribeAllChannels(c, false, 'shard');
  if (c.patterns.size > 0) unsubscribeAllPatterns(c, false);
}

/**
 * pubsubPublishMessage: delivers to the channel's subscribers, then (global channels
 * only) to every client whose pattern matches. Returns the number of deliveries; a
 * client matching through several subscriptions counts (and receives) once for each.
 */
export function publishMessage(s: ServerState, channel: string, message: string, kind: ChannelKind): number {
  const r = registryOf(s);
  let receivers = 0;
  const subs = (kind === 'shard' ? r.shardChannels : r.channels).get(channel);
  if (subs !== undefined) {
    // The frame body is the same for every subscriber; only the header depends on RESP.
    const body = (kind === 'shard' ? SMESSAGE : MESSAGE) + bulk(channel) + bulk(message);
    for (const c of subs) {
      addPush(c, 3, body);
      receivers++;
    }
  }
  if (kind === 'global' && r.patterns.size > 0) {
    let tail: string | null = null;
    for (const [pattern, clients] of r.patterns) {
      if (!globMatch(pattern, channel)) continue;
      tail ??= bulk(channel) + bulk(message);
      const body = PMESSAGE + bulk(pattern) + tail;
      for (const c of clients) {
        addPush(c, 4, body);
        receivers++;
      }
    }
  }
  return receivers;
}

/** Active channel names matching pattern (all with null): PUBSUB CHANNELS / SHARDCHANNELS. */
export function activeChannels(s: ServerState, pattern: string | null, kind: ChannelKind): string[] {
  const out: string[] = [];
  for (const name of serverMapOf(s, kind).keys()) {
    if (pattern === null || globMatch(pattern, name)) out.push(name);
  }
  return out;
}

/** Subscribers of one channel (pattern subscribers excluded): PUBSUB NUMSUB / SHARDNUMSUB. */
export function channelSubscriberCount(s: ServerState, channel: string, kind: ChannelKind): number {
  return serverMapOf(s, kind).get(channel)?.size ?? 0;
}

/** INFO stats pubsub_channels. */
export function pubsubChannelCount(s: ServerState): number {
  return registryOf.peek(s)?.channels.size ?? 0;
}

/** INFO stats pubsub_patterns; also PUBSUB NUMPAT (distinct patterns). */
export function pubsubPatternCount(s: ServerState): number {
  return registryOf.peek(s)?.patterns.size ?? 0;
}

/** INFO stats pubsubshard_channels. */
export function pubsubShardChannelCount(s: ServerState): number {
  return registryOf.peek(s)?.shardChannels.size ?? 0;
}
