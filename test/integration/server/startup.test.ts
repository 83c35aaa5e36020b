import { describe, expect, it } from 'vitest';
import { startRctlServer, useProcessCleanup } from '../../helpers/processes.js';

useProcessCleanup();

describe('rctl-server process', () => {
  it('binds a free port with port 0 and answers PING', async () => {
    const s = await startRctlServer();
    expect(s.port).toBeGreaterThan(0);
    const c = await s.client();
    expect(String(await c.call('PING'))).toBe('PONG');
  });

  it('exits 0 on SIGTERM', async () => {
    const s = await startRctlServer();
    expect(await s.stop()).toBe(0);
    expect(s.output()).toContain('Redis is now ready to exit, bye bye...');
  });
});
