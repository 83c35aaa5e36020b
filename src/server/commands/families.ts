// The list of command families; each family file exports its specs. Adding a family
// means one import and one entry here.

import { bitmapCommands } from './bitmap.js';
import { configCommands } from './config.js';
import { connectionCommands } from './connection.js';
import { genericCommands } from './generic.js';
import { hashCommands } from './hash.js';
import { listCommands } from './list.js';
import { persistenceCommands } from './persistence.js';
import { pubsubCommands } from './pubsub.js';
import { replicationCommands } from './replication.js';
import { serverCommands } from './server.js';
import { setCommands } from './set.js';
import { sortCommands } from './sort.js';
import { sortedSetCommands } from './sorted-set.js';
import type { CommandSpec } from './spec.js';
import { stringCommands } from './string.js';
import { transactionCommands } from './transactions.js';

export function familySpecs(): CommandSpec[] {
  return [
    ...connectionCommands,
    ...stringCommands,
    ...bitmapCommands,
    ...genericCommands,
    ...serverCommands,
    ...configCommands,
    ...transactionCommands,
    ...pubsubCommands,
    ...hashCommands,
    ...listCommands,
    ...setCommands,
    ...sortedSetCommands,
    ...sortCommands,
    ...persistenceCommands,
    ...replicationCommands,
  ];
}
