// bitmap commands (Redis group "bitmap").

import type { CommandSpec } from './spec.js';

export const bitmapCommands = [] satisfies CommandSpec[];
