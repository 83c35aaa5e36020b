// hash commands (Redis group "hash").

import type { CommandSpec } from './spec.js';

export const hashCommands = [] satisfies CommandSpec[];
