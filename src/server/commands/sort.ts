// sort commands (Redis group "generic": SORT, SORT_RO).

import type { CommandSpec } from './spec.js';

export const sortCommands = [] satisfies CommandSpec[];
