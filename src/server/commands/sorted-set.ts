// sorted-set commands (Redis group "sorted-set").

import type { CommandSpec } from './spec.js';

export const sortedSetCommands = [] satisfies CommandSpec[];
