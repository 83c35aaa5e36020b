// generic commands (Redis group "generic").

import type { CommandSpec } from './spec.js';

export const genericCommands = [] satisfies CommandSpec[];
