// pubsub commands (Redis group "pubsub").

import type { CommandSpec } from './spec.js';

export const pubsubCommands = [] satisfies CommandSpec[];
