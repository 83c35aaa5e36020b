// server commands (Redis group "server").

import type { CommandSpec } from './spec.js';

export const serverCommands = [] satisfies CommandSpec[];
