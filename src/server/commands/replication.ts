// replication commands (Redis group "replication").

import type { CommandSpec } from './spec.js';

export const replicationCommands = [] satisfies CommandSpec[];
