// Connection commands (Redis group "connection"): PING, ECHO, QUIT, SELECT ...

import * as E from '../errors.js';
import { ReplyError } from '../errors.js';
import { PONG } from '../protocol/writer.js';
import { parseInteger } from './args.js';
import type { CommandSpec } from './spec.js';

export const connectionCommands = [
  {
    name: 'ping',
    arity: -1,
    flags: ['fast', 'subscribe-context'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Returns the server\'s liveliness response.',
    since: '1.0.0',
    handler: (c, argv) => {
      if (argv.length > 2) throw new ReplyError(E.wrongArity('ping'));
      // In RESP2 subscribe mode PING answers with a pub/sub style array (pubsub.c).
      if (c.resp === 2 && c.inPubSub) {
        c.addArrayLen(2);
        c.addBulk('pong');
        c.addBulk(argv.length === 2 ? argv[1]! : '');
        return;
      }
      if (argv.length === 2) c.addBulk(argv[1]!);
      else c.addReply(PONG);
    },
  },
  {
    name: 'echo',
    arity: 2,
    flags: ['fast'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Returns the given string.',
    since: '1.0.0',
    handler: (c, argv) => c.addBulk(argv[1]!),
  },
  {
    name: 'quit',
    arity: -1,
    flags: ['allow_busy', 'no_auth', 'fast', 'noscript', 'loading', 'stale', 'txn-control', 'subscribe-context'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Closes the connection.',
    since: '1.0.0',
    handler: (c) => {
      c.addOK();
      c.closeAfterReply = true;
    },
  },
  {
    name: 'select',
    arity: 2,
    flags: ['loading', 'stale', 'fast'],
    firstKey: 0,
    lastKey: 0,
    step: 0,
    group: 'connection',
    summary: 'Changes the selected database.',
    since: '1.0.0',
    handler: (c, argv) => {
      const id = parseInteger(argv[1]!);
      if (id === null) throw new ReplyError(E.NOT_INTEGER);
      const db = c.server.dbs[id];
      if (!db || id < 0) throw new ReplyError(E.DB_INDEX_OUT_OF_RANGE);
      c.db = db;
      c.addOK();
    },
  },
] satisfies CommandSpec[];
