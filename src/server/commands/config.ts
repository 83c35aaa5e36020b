// config commands (Redis group "config").

import type { CommandSpec } from './spec.js';

export const configCommands = [] satisfies CommandSpec[];
