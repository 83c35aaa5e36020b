// string commands (Redis group "string").

import type { CommandSpec } from './spec.js';

export const stringCommands = [] satisfies CommandSpec[];
