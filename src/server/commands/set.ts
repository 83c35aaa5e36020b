// set commands (Redis group "set").

import type { CommandSpec } from './spec.js';

export const setCommands = [] satisfies CommandSpec[];
