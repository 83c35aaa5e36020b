// transactions commands (Redis group "transactions").

import type { CommandSpec } from './spec.js';

export const transactionCommands = [] satisfies CommandSpec[];
