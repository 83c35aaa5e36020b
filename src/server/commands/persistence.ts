// persistence commands (Redis group "persistence").

import type { CommandSpec } from './spec.js';

export const persistenceCommands = [] satisfies CommandSpec[];
