// Runs before every test file (vitest setupFiles): file-level cleanup shared by all layers.

import { afterAll } from 'vitest';
import { removeFileTempDirs } from './temp-dir.js';

afterAll(removeFileTempDirs);
