// What COMMAND reports about each command (server.c addReplyCommandInfo/Docs, db.c
// getKeysUsingKeySpecs): Redis 7.0's key specs and command tips as data, the flag and
// ACL-category orders of COMMAND INFO, and key extraction for COMMAND GETKEYS[ANDFLAGS].

import type { Client } from '../client.js';
import { parseInt64 } from './args.js';
import type { CommandFlag, CommandSpec } from './spec.js';

/** One key spec (server.h keySpec): where the keys start and how to find the rest. */
export interface KeySpec {
  /** Redis's remark on the spec, shown first when present. */
  notes?: string;
  flags: readonly string[];
  /** begin_search: an index, a keyword searched from startfrom, or unknown. */
  begin: { type: 'index'; index: number } | { type: 'keyword'; keyword: string; startfrom: number } | { type: 'unknown' };
  /** find_keys: a range, a key count argument (keynum), or unknown. */
  find:
    | { type: 'range'; lastkey: number; keystep: number; limit: number }
    | { type: 'keynum'; keynumidx: number; firstkey: number; keystep: number }
    | { type: 'unknown' };
}

/**
 * Key specs of Redis 7.0.15 commands by full name, as COMMAND INFO reports them:
 * `flags/begin/find` per spec, specs separated by ';'. begin is `i<index>`,
 * `k<keyword>,<startfrom>` or `u`; find is `r<lastkey>,<keystep>,<limit>`,
 * `n<keynumidx>,<firstkey>,<keystep>` or `u`. Commands without keys are absent.
 */
const KEY_SPEC_TEXT: Record<string, string> = {
  'append': 'RW insert/i1/r0,1,0',
  'bitcount': 'RO access/i1/r0,1,0',
  'bitfield': 'RW access update variable_flags/i1/r0,1,0',
  'bitfield_ro': 'RO access/i1/r0,1,0',
  'bitop': 'OW update/i2/r0,1,0;RO access/i3/r-1,1,0',
  'bitpos': 'RO access/i1/r0,1,0',
  'blmove': 'RW access delete/i1/r0,1,0;RW insert/i2/r0,1,0',
  'blmpop': 'RW access delete/i2/n0,1,1',
  'blpop': 'RW access delete/i1/r-2,1,0',
  'brpop': 'RW access delete/i1/r-2,1,0',
  'brpoplpush': 'RW access delete/i1/r0,1,0;RW insert/i2/r0,1,0',
  'bzmpop': 'RW access delete/i2/n0,1,1',
  'bzpopmax': 'RW access delete/i1/r-2,1,0',
  'bzpopmin': 'RW access delete/i1/r-2,1,0',
  'copy': 'RO access/i1/r0,1,0;OW update/i2/r0,1,0',
  'decr': 'RW access update/i1/r0,1,0',
  'decrby': 'RW access update/i1/r0,1,0',
  'del': 'RM delete/i1/r-1,1,0',
  'dump': 'RO access/i1/r0,1,0',
  'eval': 'RW access update/i2/n0,1,1',
  'eval_ro': 'RO access/i2/n0,1,1',
  'evalsha': 'RW access update/i2/n0,1,1',
  'evalsha_ro': 'RO access/i2/n0,1,1',
  'exists': 'RO/i1/r-1,1,0',
  'expire': 'RW update/i1/r0,1,0',
  'expireat': 'RW update/i1/r0,1,0',
  'expiretime': 'RO access/i1/r0,1,0',
  'fcall': 'RW access update/i2/n0,1,1',
  'fcall_ro': 'RO access/i2/n0,1,1',
  'geoadd': 'RW update/i1/r0,1,0',
  'geodist': 'RO access/i1/r0,1,0',
  'geohash': 'RO access/i1/r0,1,0',
  'geopos': 'RO access/i1/r0,1,0',
  'georadius': 'RO access/i1/r0,1,0;OW update/kSTORE,6/r0,1,0;OW update/kSTOREDIST,6/r0,1,0',
  'georadius_ro': 'RO access/i1/r0,1,0',
  'georadiusbymember': 'RO access/i1/r0,1,0;OW update/kSTORE,5/r0,1,0;OW update/kSTOREDIST,5/r0,1,0',
  'georadiusbymember_ro': 'RO access/i1/r0,1,0',
  'geosearch': 'RO access/i1/r0,1,0',
  'geosearchstore': 'OW update/i1/r0,1,0;RO access/i2/r0,1,0',
  'get': 'RO access/i1/r0,1,0',
  'getbit': 'RO access/i1/r0,1,0',
  'getdel': 'RW access delete/i1/r0,1,0',
  'getex': 'RW access update/i1/r0,1,0',
  'getrange': 'RO access/i1/r0,1,0',
  'getset': 'RW access update/i1/r0,1,0',
  'hdel': 'RW delete/i1/r0,1,0',
  'hexists': 'RO/i1/r0,1,0',
  'hget': 'RO access/i1/r0,1,0',
  'hgetall': 'RO access/i1/r0,1,0',
  'hincrby': 'RW access update/i1/r0,1,0',
  'hincrbyfloat': 'RW access update/i1/r0,1,0',
  'hkeys': 'RO access/i1/r0,1,0',
  'hlen': 'RO/i1/r0,1,0',
  'hmget': 'RO access/i1/r0,1,0',
  'hmset': 'RW update/i1/r0,1,0',
  'hrandfield': 'RO access/i1/r0,1,0',
  'hscan': 'RO access/i1/r0,1,0',
  'hset': 'RW update/i1/r0,1,0',
  'hsetnx': 'RW insert/i1/r0,1,0',
  'hstrlen': 'RO/i1/r0,1,0',
  'hvals': 'RO access/i1/r0,1,0',
  'incr': 'RW access update/i1/r0,1,0',
  'incrby': 'RW access update/i1/r0,1,0',
  'incrbyfloat': 'RW access update/i1/r0,1,0',
  'lcs': 'RO access/i1/r1,1,0',
  'lindex': 'RO access/i1/r0,1,0',
  'linsert': 'RW insert/i1/r0,1,0',
  'llen': 'RO/i1/r0,1,0',
  'lmove': 'RW access delete/i1/r0,1,0;RW insert/i2/r0,1,0',
  'lmpop': 'RW access delete/i1/n0,1,1',
  'lpop': 'RW access delete/i1/r0,1,0',
  'lpos': 'RO access/i1/r0,1,0',
  'lpush': 'RW insert/i1/r0,1,0',
  'lpushx': 'RW insert/i1/r0,1,0',
  'lrange': 'RO access/i1/r0,1,0',
  'lrem': 'RW delete/i1/r0,1,0',
  'lset': 'RW update/i1/r0,1,0',
  'ltrim': 'RW delete/i1/r0,1,0',
  'memory|usage': 'RO/i2/r0,1,0',
  'mget': 'RO access/i1/r-1,1,0',
  'migrate': 'RW access delete/i3/r0,1,0;RW access delete incomplete/kKEYS,-2/r-1,1,0',
  'move': 'RW access update/i1/r0,1,0',
  'mset': 'OW update/i1/r-1,2,0',
  'msetnx': 'OW insert/i1/r-1,2,0',
  'object|encoding': 'RO/i2/r0,1,0',
  'object|freq': 'RO/i2/r0,1,0',
  'object|idletime': 'RO/i2/r0,1,0',
  'object|refcount': 'RO/i2/r0,1,0',
  'persist': 'RW update/i1/r0,1,0',
  'pexpire': 'RW update/i1/r0,1,0',
  'pexpireat': 'RW update/i1/r0,1,0',
  'pexpiretime': 'RO access/i1/r0,1,0',
  'pfadd': 'RW insert/i1/r0,1,0',
  'pfcount': 'RW access/i1/r-1,1,0',
  'pfdebug': 'RW access/i2/r0,1,0',
  'pfmerge': 'RW access insert/i1/r0,1,0;RO access/i2/r-1,1,0',
  'psetex': 'OW update/i1/r0,1,0',
  'pttl': 'RO access/i1/r0,1,0',
  'rename': 'RW access delete/i1/r0,1,0;OW update/i2/r0,1,0',
  'renamenx': 'RW access delete/i1/r0,1,0;OW insert/i2/r0,1,0',
  'restore': 'OW update/i1/r0,1,0',
  'restore-asking': 'OW update/i1/r0,1,0',
  'rpop': 'RW access delete/i1/r0,1,0',
  'rpoplpush': 'RW access delete/i1/r0,1,0;RW insert/i2/r0,1,0',
  'rpush': 'RW insert/i1/r0,1,0',
  'rpushx': 'RW insert/i1/r0,1,0',
  'sadd': 'RW insert/i1/r0,1,0',
  'scard': 'RO/i1/r0,1,0',
  'sdiff': 'RO access/i1/r-1,1,0',
  'sdiffstore': 'OW update/i1/r0,1,0;RO access/i2/r-1,1,0',
  'set': 'RW access update variable_flags/i1/r0,1,0',
  'setbit': 'RW access update/i1/r0,1,0',
  'setex': 'OW update/i1/r0,1,0',
  'setnx': 'OW insert/i1/r0,1,0',
  'setrange': 'RW update/i1/r0,1,0',
  'sinter': 'RO access/i1/r-1,1,0',
  'sintercard': 'RO access/i1/n0,1,1',
  'sinterstore': 'RW update/i1/r0,1,0;RO access/i2/r-1,1,0',
  'sismember': 'RO/i1/r0,1,0',
  'smembers': 'RO access/i1/r0,1,0',
  'smismember': 'RO access/i1/r0,1,0',
  'smove': 'RW access delete/i1/r0,1,0;RW insert/i2/r0,1,0',
  'sort': 'RO access/i1/r0,1,0;RO access/u/u;OW update/u/u',
  'sort_ro': 'RO access/i1/r0,1,0;RO access/u/u',
  'spop': 'RW access delete/i1/r0,1,0',
  'spublish': 'not_key/i1/r0,1,0',
  'srandmember': 'RO access/i1/r0,1,0',
  'srem': 'RW delete/i1/r0,1,0',
  'sscan': 'RO access/i1/r0,1,0',
  'ssubscribe': 'not_key/i1/r-1,1,0',
  'strlen': 'RO/i1/r0,1,0',
  'substr': 'RO access/i1/r0,1,0',
  'sunion': 'RO access/i1/r-1,1,0',
  'sunionstore': 'OW update/i1/r0,1,0;RO access/i2/r-1,1,0',
  'sunsubscribe': 'not_key/i1/r-1,1,0',
  'touch': 'RO/i1/r-1,1,0',
  'ttl': 'RO access/i1/r0,1,0',
  'type': 'RO/i1/r0,1,0',
  'unlink': 'RM delete/i1/r-1,1,0',
  'watch': 'RO/i1/r-1,1,0',
  'xack': 'RW update/i1/r0,1,0',
  'xadd': 'RW update/i1/r0,1,0',
  'xautoclaim': 'RW delete/i1/r0,1,0',
  'xclaim': 'RW update/i1/r0,1,0',
  'xdel': 'RW delete/i1/r0,1,0',
  'xgroup|create': 'RW insert/i2/r0,1,0',
  'xgroup|createconsumer': 'RW insert/i2/r0,1,0',
  'xgroup|delconsumer': 'RW delete/i2/r0,1,0',
  'xgroup|destroy': 'RW delete/i2/r0,1,0',
  'xgroup|setid': 'RW update/i2/r0,1,0',
  'xinfo|consumers': 'RO access/i2/r0,1,0',
  'xinfo|groups': 'RO access/i2/r0,1,0',
  'xinfo|stream': 'RO access/i2/r0,1,0',
  'xlen': 'RO/i1/r0,1,0',
  'xpending': 'RO access/i1/r0,1,0',
  'xrange': 'RO access/i1/r0,1,0',
  'xread': 'RO access/kSTREAMS,1/r-1,1,2',
  'xreadgroup': 'RO access/kSTREAMS,4/r-1,1,2',
  'xrevrange': 'RO access/i1/r0,1,0',
  'xsetid': 'RW update/i1/r0,1,0',
  'xtrim': 'RW delete/i1/r0,1,0',
  'zadd': 'RW update/i1/r0,1,0',
  'zcard': 'RO/i1/r0,1,0',
  'zcount': 'RO access/i1/r0,1,0',
  'zdiff': 'RO access/i1/n0,1,1',
  'zdiffstore': 'OW update/i1/r0,1,0;RO access/i2/n0,1,1',
  'zincrby': 'RW access update/i1/r0,1,0',
  'zinter': 'RO access/i1/n0,1,1',
  'zintercard': 'RO access/i1/n0,1,1',
  'zinterstore': 'OW update/i1/r0,1,0;RO access/i2/n0,1,1',
  'zlexcount': 'RO access/i1/r0,1,0',
  'zmpop': 'RW access delete/i1/n0,1,1',
  'zmscore': 'RO access/i1/r0,1,0',
  'zpopmax': 'RW access delete/i1/r0,1,0',
  'zpopmin': 'RW access delete/i1/r0,1,0',
  'zrandmember': 'RO access/i1/r0,1,0',
  'zrange': 'RO access/i1/r0,1,0',
  'zrangebylex': 'RO access/i1/r0,1,0',
  'zrangebyscore': 'RO access/i1/r0,1,0',
  'zrangestore': 'OW update/i1/r0,1,0;RO access/i2/r0,1,0',
  'zrank': 'RO access/i1/r0,1,0',
  'zrem': 'RW delete/i1/r0,1,0',
  'zremrangebylex': 'RW delete/i1/r0,1,0',
  'zremrangebyrank': 'RW delete/i1/r0,1,0',
  'zremrangebyscore': 'RW delete/i1/r0,1,0',
  'zrevrange': 'RO access/i1/r0,1,0',
  'zrevrangebylex': 'RO access/i1/r0,1,0',
  'zrevrangebyscore': 'RO access/i1/r0,1,0',
  'zrevrank': 'RO access/i1/r0,1,0',
  'zscan': 'RO access/i1/r0,1,0',
  'zscore': 'RO access/i1/r0,1,0',
  'zunion': 'RO access/i1/n0,1,1',
  'zunionstore': 'OW update/i1/r0,1,0;RO access/i2/n0,1,1',
};

/** Command tips (request/response policies, nondeterminism) of Redis 7.0.15, space separated. */
const TIP_TEXT: Record<string, string> = {
  'client|info': 'nondeterministic_output',
  'client|list': 'nondeterministic_output',
  'cluster|bumpepoch': 'nondeterministic_output',
  'cluster|count-failure-reports': 'nondeterministic_output',
  'cluster|getkeysinslot': 'nondeterministic_output',
  'cluster|info': 'nondeterministic_output',
  'cluster|links': 'nondeterministic_output',
  'cluster|nodes': 'nondeterministic_output',
  'cluster|replicas': 'nondeterministic_output',
  'cluster|shards': 'nondeterministic_output',
  'cluster|slaves': 'nondeterministic_output',
  'cluster|slots': 'nondeterministic_output',
  'command': 'nondeterministic_output_order',
  'command|docs': 'nondeterministic_output_order',
  'command|info': 'nondeterministic_output_order',
  'command|list': 'nondeterministic_output_order',
  'config|set': 'request_policy:all_nodes response_policy:all_succeeded',
  'dbsize': 'request_policy:all_shards response_policy:agg_sum',
  'del': 'request_policy:multi_shard response_policy:agg_sum',
  'dump': 'nondeterministic_output',
  'exists': 'request_policy:multi_shard response_policy:agg_sum',
  'flushall': 'request_policy:all_shards response_policy:all_succeeded',
  'flushdb': 'request_policy:all_shards response_policy:all_succeeded',
  'function|delete': 'request_policy:all_shards response_policy:all_succeeded',
  'function|flush': 'request_policy:all_shards response_policy:all_succeeded',
  'function|kill': 'request_policy:all_shards response_policy:one_succeeded',
  'function|list': 'nondeterministic_output_order',
  'function|load': 'request_policy:all_shards response_policy:all_succeeded',
  'function|restore': 'request_policy:all_shards response_policy:all_succeeded',
  'function|stats': 'nondeterministic_output request_policy:all_shards response_policy:special',
  'hgetall': 'nondeterministic_output_order',
  'hkeys': 'nondeterministic_output_order',
  'hrandfield': 'nondeterministic_output',
  'hscan': 'nondeterministic_output',
  'hvals': 'nondeterministic_output_order',
  'info': 'nondeterministic_output request_policy:all_shards response_policy:special',
  'keys': 'request_policy:all_shards nondeterministic_output_order',
  'lastsave': 'nondeterministic_output',
  'latency|doctor': 'nondeterministic_output request_policy:all_nodes response_policy:special',
  'latency|graph': 'nondeterministic_output request_policy:all_nodes response_policy:special',
  'latency|histogram': 'nondeterministic_output request_policy:all_nodes response_policy:special',
  'latency|history': 'nondeterministic_output request_policy:all_nodes response_policy:special',
  'latency|latest': 'nondeterministic_output request_policy:all_nodes response_policy:special',
  'latency|reset': 'request_policy:all_nodes response_policy:all_succeeded',
  'memory|doctor': 'nondeterministic_output request_policy:all_shards response_policy:special',
  'memory|malloc-stats': 'nondeterministic_output request_policy:all_shards response_policy:special',
  'memory|purge': 'request_policy:all_shards response_policy:all_succeeded',
  'memory|stats': 'nondeterministic_output request_policy:all_shards response_policy:special',
  'mget': 'request_policy:multi_shard',
  'migrate': 'nondeterministic_output',
  'module|list': 'nondeterministic_output_order',
  'mset': 'request_policy:multi_shard response_policy:all_succeeded',
  'msetnx': 'request_policy:multi_shard response_policy:agg_min',
  'object|encoding': 'nondeterministic_output',
  'object|freq': 'nondeterministic_output',
  'object|idletime': 'nondeterministic_output',
  'object|refcount': 'nondeterministic_output',
  'ping': 'request_policy:all_shards response_policy:all_succeeded',
  'pttl': 'nondeterministic_output',
  'randomkey': 'request_policy:all_shards nondeterministic_output',
  'scan': 'nondeterministic_output request_policy:special',
  'script|exists': 'request_policy:all_shards response_policy:agg_logical_and',
  'script|flush': 'request_policy:all_nodes response_policy:all_succeeded',
  'script|kill': 'request_policy:all_shards response_policy:one_succeeded',
  'script|load': 'request_policy:all_nodes response_policy:all_succeeded',
  'sdiff': 'nondeterministic_output_order',
  'sinter': 'nondeterministic_output_order',
  'slowlog|get': 'request_policy:all_nodes nondeterministic_output',
  'slowlog|len': 'request_policy:all_nodes response_policy:agg_sum nondeterministic_output',
  'slowlog|reset': 'request_policy:all_nodes response_policy:all_succeeded',
  'smembers': 'nondeterministic_output_order',
  'spop': 'nondeterministic_output',
  'srandmember': 'nondeterministic_output',
  'sscan': 'nondeterministic_output',
  'sunion': 'nondeterministic_output_order',
  'time': 'nondeterministic_output',
  'touch': 'request_policy:multi_shard response_policy:agg_sum',
  'ttl': 'nondeterministic_output',
  'unlink': 'request_policy:multi_shard response_policy:agg_sum',
  'wait': 'request_policy:all_shards response_policy:agg_min',
  'xadd': 'nondeterministic_output',
  'xautoclaim': 'nondeterministic_output',
  'xclaim': 'nondeterministic_output',
  'xinfo|consumers': 'nondeterministic_output',
  'xpending': 'nondeterministic_output',
  'xtrim': 'nondeterministic_output',
  'zrandmember': 'nondeterministic_output',
  'zscan': 'nondeterministic_output',
};

/** Key-spec notes COMMAND INFO shows, by `name#spec-index`. */
const KEY_SPEC_NOTES: Record<string, string> = {
  'bitfield#0': 'This command allows both access and modification of the key',
  'eval#0': 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE',
  'eval_ro#0': 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS',
  'fcall#0': 'We cannot tell how the keys will be used so we assume the worst, RW and UPDATE',
  'fcall_ro#0': 'We cannot tell how the keys will be used so we assume the worst, RO and ACCESS',
  'getex#0': 'RW and UPDATE because it changes the TTL',
  'pfcount#0': 'RW because it may change the internal representation of the key, and propagate to replicas',
  'set#0': 'RW and ACCESS due to the optional `GET` argument',
  'sort#1': "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
  'sort#2': "For the optional STORE keyword. It is marked 'unknown' because the keyword can appear anywhere in the argument array",
  'sort_ro#1': "For the optional BY/GET keyword. It is marked 'unknown' because the key names derive from the content of the key we sort",
  'xadd#0': 'UPDATE instead of INSERT because of the optional trimming feature',
};

function parseKeySpec(text: string): KeySpec {
  const [flags, begin, find] = text.split('/') as [string, string, string];
  const spec: KeySpec = { flags: flags.split(' '), begin: { type: 'unknown' }, find: { type: 'unknown' } };
  if (begin[0] === 'i') {
    spec.begin = { type: 'index', index: Number(begin.slice(1)) };
  } else if (begin[0] === 'k') {
    const [keyword, startfrom] = begin.slice(1).split(',') as [string, string];
    spec.begin = { type: 'keyword', keyword, startfrom: Number(startfrom) };
  }
  if (find[0] === 'r') {
    const [lastkey, keystep, limit] = find.slice(1).split(',').map(Number) as [number, number, number];
    spec.find = { type: 'range', lastkey, keystep, limit };
  } else if (find[0] === 'n') {
    const [keynumidx, firstkey, keystep] = find.slice(1).split(',').map(Number) as [number, number, number];
    spec.find = { type: 'keynum', keynumidx, firstkey, keystep };
  }
  return spec;
}

const KEY_SPECS = new Map<string, readonly KeySpec[]>();
const NO_SPECS: readonly KeySpec[] = [];

/** The key specs of a command (by full name, `container|sub` for subcommands). */
export function keySpecsOf(name: string): readonly KeySpec[] {
  let specs = KEY_SPECS.get(name);
  if (specs === undefined) {
    const text = KEY_SPEC_TEXT[name];
    specs = text === undefined ? NO_SPECS : text.split(';').map(parseKeySpec);
    specs.forEach((spec, i) => {
      const notes = KEY_SPEC_NOTES[`${name}#${i}`];
      if (notes !== undefined) spec.notes = notes;
    });
    KEY_SPECS.set(name, specs);
  }
  return specs;
}

/** The command tips of a command, in Redis's order. */
export function tipsOf(name: string): readonly string[] {
  const text = TIP_TEXT[name];
  return text === undefined ? [] : text.split(' ');
}

// COMMAND INFO lists flags in the order of their CMD_* bits (server.h); our own
// dispatch-only flags (protected, txn-control, subscribe-context) are not Redis flags,
// and Redis 7.0.15 never prints may_replicate (checked: EVAL and PUBLISH omit it).
const FLAG_ORDER: readonly CommandFlag[] = [
  'write',
  'readonly',
  'denyoom',
  'admin',
  'pubsub',
  'noscript',
  'blocking',
  'loading',
  'stale',
  'skip_monitor',
  'skip_slowlog',
  'fast',
  'no_auth',
  'no_mandatory_keys',
  'no_async_loading',
  'no_multi',
  'movablekeys',
  'allow_busy',
];

/** ACL categories in the order of acl.c ACLCommandCategories (COMMAND INFO order). */
export const ACL_CATEGORIES: readonly string[] = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
];

/** True when a key spec is not a plain index + range: Redis then adds `movablekeys`. */
function hasMovableKeys(cmd: CommandSpec): boolean {
  for (const spec of keySpecsOf(cmd.name)) {
    if (spec.begin.type !== 'index' || spec.find.type !== 'range') return true;
  }
  return false;
}

const FLAGS_CACHE = new WeakMap<CommandSpec, readonly string[]>();
/** COMMAND INFO flags of a command, in Redis's order. */
export function commandInfoFlags(cmd: CommandSpec): readonly string[] {
  let out = FLAGS_CACHE.get(cmd);
  if (out === undefined) {
    const movable = hasMovableKeys(cmd);
    out = FLAG_ORDER.filter((f) => cmd.flags.includes(f) || (f === 'movablekeys' && movable));
    FLAGS_CACHE.set(cmd, out);
  }
  return out;
}

const ACL_CACHE = new WeakMap<CommandSpec, readonly string[]>();
/**
 * ACL categories of a command: the declared ones plus those implied by its flags
 * (acl.c setImplicitACLCategories: write, read, admin+dangerous, pubsub, fast, blocking,
 * and slow for anything not fast), in the category table's order.
 */
export function commandAclCategories(cmd: CommandSpec): readonly string[] {
  let out = ACL_CACHE.get(cmd);
  if (out === undefined) {
    const cats = new Set(cmd.acl ?? []);
    const has = (f: CommandFlag): boolean => cmd.flags.includes(f);
    if (has('write')) cats.add('write');
    if (has('readonly') && !cats.has('scripting')) cats.add('read');
    if (has('admin')) {
      cats.add('admin');
      cats.add('dangerous');
    }
    if (has('pubsub')) cats.add('pubsub');
    if (has('fast')) cats.add('fast');
    if (has('blocking')) cats.add('blocking');
    if (!cats.has('fast')) cats.add('slow');
    out = ACL_CATEGORIES.filter((c) => cats.has(c));
    ACL_CACHE.set(cmd, out);
  }
  return out;
}

function addKeySpecs(c: Client, specs: readonly KeySpec[]): void {
  c.addSetLen(specs.length);
  for (const spec of specs) {
    c.addMapLen(spec.notes === undefined ? 3 : 4);
    if (spec.notes !== undefined) {
      c.addBulk('notes');
      c.addBulk(spec.notes);
    }
    c.addBulk('flags');
    c.addSetLen(spec.flags.length);
    for (const f of spec.flags) c.addStatus(f);
    c.addBulk('begin_search');
    c.addMapLen(2);
    c.addBulk('type');
    c.addBulk(spec.begin.type);
    c.addBulk('spec');
    if (spec.begin.type === 'index') {
      c.addMapLen(1);
      c.addBulk('index');
      c.addInt(spec.begin.index);
    } else if (spec.begin.type === 'keyword') {
      c.addMapLen(2);
      c.addBulk('keyword');
      c.addBulk(spec.begin.keyword);
      c.addBulk('startfrom');
      c.addInt(spec.begin.startfrom);
    } else {
      c.addMapLen(0);
    }
    c.addBulk('find_keys');
    c.addMapLen(2);
    c.addBulk('type');
    c.addBulk(spec.find.type);
    c.addBulk('spec');
    if (spec.find.type === 'range') {
      c.addMapLen(3);
      c.addBulk('lastkey');
      c.addInt(spec.find.lastkey);
      c.addBulk('keystep');
      c.addInt(spec.find.keystep);
      c.addBulk('limit');
      c.addInt(spec.find.limit);
    } else if (spec.find.type === 'keynum') {
      c.addMapLen(3);
      c.addBulk('keynumidx');
      c.addInt(spec.find.keynumidx);
      c.addBulk('firstkey');
      c.addInt(spec.find.firstkey);
      c.addBulk('keystep');
      c.addInt(spec.find.keystep);
    } else {
      c.addMapLen(0);
    }
  }
}

/**
 * addReplyCommandInfo: [name, arity, flags, first, last, step, acl categories, tips,
 * key specs, subcommands]. Sets are RESP3 sets; subcommands an array (an empty set when none).
 */
export function addCommandInfo(c: Client, cmd: CommandSpec): void {
  c.addArrayLen(10);
  c.addBulk(cmd.name);
  c.addInt(cmd.arity);
  const flags = commandInfoFlags(cmd);
  c.addSetLen(flags.length);
  for (const f of flags) c.addStatus(f);
  c.addInt(cmd.firstKey);
  c.addInt(cmd.lastKey);
  c.addInt(cmd.step);
  const cats = commandAclCategories(cmd);
  c.addSetLen(cats.length);
  for (const cat of cats) c.addStatus(`@${cat}`);
  const tips = tipsOf(cmd.name);
  c.addSetLen(tips.length);
  for (const t of tips) c.addBulk(t);
  addKeySpecs(c, keySpecsOf(cmd.name));
  if (cmd.subcommands && cmd.subcommands.length > 0) {
    c.addArrayLen(cmd.subcommands.length);
    for (const sub of cmd.subcommands) addCommandInfo(c, sub);
  } else {
    c.addSetLen(0);
  }
}

/**
 * addReplyCommandDocs: summary, since, group and the subcommands' docs. redis-cli 7.0
 * builds its help and hints from this map on start; fields it does not need are left out.
 */
export function addCommandDocs(c: Client, cmd: CommandSpec): void {
  const subs = cmd.subcommands ?? [];
  c.addMapLen(subs.length > 0 ? 4 : 3);
  c.addBulk('summary');
  c.addBulk(cmd.summary);
  c.addBulk('since');
  c.addBulk(cmd.since);
  c.addBulk('group');
  c.addBulk(cmd.group);
  if (subs.length > 0) {
    c.addBulk('subcommands');
    c.addMapLen(subs.length);
    for (const sub of subs) {
      c.addBulk(sub.name);
      addCommandDocs(c, sub);
    }
  }
}

/** A key found in a command line and the key-spec flags that apply to it. */
export interface KeyReference {
  pos: number;
  flags: readonly string[];
}

/** True when the command declares keys at all (doesCommandHaveKeys). */
export function commandHasKeys(cmd: CommandSpec): boolean {
  return cmd.getKeys !== undefined || cmd.firstKey > 0 || keySpecsOf(cmd.name).length > 0;
}

const RW_ACCESS_UPDATE = ['RW', 'access', 'update'];

/**
 * Commands whose key flags depend on the arguments (VARIABLE_FLAGS key specs): Redis
 * asks their getkeys procs (db.c setGetKeys, bitfieldGetKeys) instead of the specs.
 */
const VARIABLE_FLAG_KEYS: Record<string, (argv: readonly string[]) => KeyReference[]> = {
  set: (argv) => {
    for (let i = 3; i < argv.length; i++) {
      if (argv[i]!.toLowerCase() === 'get') return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
    }
    return [{ pos: 1, flags: ['OW', 'update'] }];
  },
  bitfield: (argv) => {
    let readonly = true;
    for (let i = 2; i < argv.length && readonly; i++) {
      const rest = argv.length - i - 1;
      const op = argv[i]!.toLowerCase();
      if (op === 'get' && rest >= 2) i += 2;
      else if (op === 'overflow' && rest >= 1) i += 1;
      else readonly = false; // SET/INCRBY, or a syntax error: assume it writes
    }
    return [{ pos: 1, flags: readonly ? ['RO', 'access'] : RW_ACCESS_UPDATE }];
  },
};

/**
 * getKeysUsingKeySpecs: the keys of argv by the command's key specs, or null when a
 * spec cannot be applied (unknown or incomplete spec, bad key count, out of range).
 */
function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[]): KeyReference[] | null {
  const argc = argv.length;
  const out: KeyReference[] = [];
  for (const spec of specs) {
    if (spec.flags.includes('incomplete')) return null;
    let first = 0;
    if (spec.begin.type === 'index') {
      first = spec.begin.index;
    } else if (spec.begin.type === 'keyword') {
      const from = spec.begin.startfrom;
      const start = from > 0 ? from : argc + from;
      const end = from > 0 ? argc - 1 : 1;
      const kw = spec.begin.keyword.toLowerCase();
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i]!.toLowerCase() === kw) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // the optional keyword is absent: no keys from this spec
    } else {
      return null;
    }
    let last: number;
    let step: number;
    if (spec.find.type === 'range') {
      step = spec.find.keystep;
      if (spec.find.lastkey >= 0) last = first + spec.find.lastkey;
      else if (spec.find.limit === 0) last = argc + spec.find.lastkey;
      else last = first + (Math.floor((argc - first) / spec.find.limit) + spec.find.lastkey);
    } else if (spec.find.type === 'keynum') {
      step = spec.find.keystep;
      const idx = first + spec.find.keynumidx;
      if (spec.find.keynumidx >= argc || idx >= argc) return null;
      const n = parseInt64(argv[idx]!);
      if (n === null || n < 0n || n > BigInt(argc)) return null;
      first += spec.find.firstkey;
      last = first + Number(n) - 1;
    } else {
      return null;
    }
    if (last >= argc || last < first || first >= argc) return null;
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags: spec.flags });
  }
  return out;
}

/**
 * getKeysFromCommandWithSpecs for COMMAND GETKEYS[ANDFLAGS]: key specs first; commands
 * whose specs cannot answer fall back to the spec's getKeys (its first key takes the first
 * spec's flags, later keys the last spec's, which is how sort/georadius/migrate flag them).
 * Null means the arguments do not give keys.
 */
export function getKeysWithFlags(cmd: CommandSpec, argv: readonly string[]): KeyReference[] | null {
  const variable = VARIABLE_FLAG_KEYS[cmd.name];
  if (variable) return variable(argv);
  const specs = keySpecsOf(cmd.name);
  if (specs.length > 0) {
    const found = keysFromSpecs(specs, argv);
    if (found !== null) return found;
    // Complete specs that do not fit the arguments mean a syntax error; Redis's getkeys
    // procs then find no keys either. Only unknown or incomplete specs need the proc.
    const needsProc = specs.some((sp) => sp.flags.includes('incomplete') || sp.begin.type === 'unknown' || sp.find.type === 'unknown');
    if (!needsProc) return null;
  }
  const firstFlags = specs[0]?.flags ?? [];
  const lastFlags = specs[specs.length - 1]?.flags ?? [];
  if (cmd.getKeys) {
    const positions = cmd.getKeys(argv as string[]);
    if (positions.length === 0) return null;
    return positions.map((pos, i) => ({ pos, flags: i === 0 ? firstFlags : lastFlags }));
  }
  if (specs.length > 0 || cmd.firstKey <= 0) return null;
  const last = cmd.lastKey >= 0 ? cmd.lastKey : argv.length + cmd.lastKey;
  const out: KeyReference[] = [];
  for (let i = cmd.firstKey; i <= last && i < argv.length; i += cmd.step) out.push({ pos: i, flags: firstFlags });
  return out.length > 0 ? out : null;
}
