import { defineConfig } from 'vitest/config';

// Every file of every layer removes the temp dirs it made outside tests (test/helpers/setup.ts).
const setupFiles = ['test/helpers/setup.ts'];

// Three layers (see README "Tests"): unit (in process), integration (real processes of the
// built server and CLI), interop (against real redis-server and client libraries).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          setupFiles,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'interop',
          include: ['test/interop/**/*.test.ts'],
          setupFiles,
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
