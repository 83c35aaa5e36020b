// list commands (Redis group "list").

import type { CommandSpec } from './spec.js';

export const listCommands = [] satisfies CommandSpec[];
