// `rctl render` output must be a redis.conf that real redis-server 7.0 accepts as is: a
// master and a chained replica from rendered files, password and node directives included.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, it } from 'vitest';
import { canBind } from '../../../src/cli/supervise/ports.js';
import { RespClient } from '../../../src/shared/resp-client.js';
import { describeInterop } from '../../helpers/interop.js';
import { CLI_BIN, freePort, startRealRedis, tempDir, useProcessCleanup } from '../../helpers/processes.js';
import { waitFor } from '../../helpers/wait-for.js';

useProcessCleanup();

async function consecutiveFreePorts(n: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p + n - 1 > 65535) continue;
    let ok = true;
    for (let k = 1; k < n && ok; k++) ok = await canBind(p + k);
    if (ok) return p;
  }
  throw new Error('no run of free ports');
}

describeInterop('rctl render with real redis-server', () => {
  it('starts a master and a chained replica from rendered files', async () => {
    const cwd = tempDir('rctl-render-interop-');
    writeFileSync(join(cwd, 'package.json'), '{}');
    writeFileSync(
      join(cwd, 'rctl.config.json'),
      JSON.stringify({
        password: 'p w"x',
        persist: true,
        nodes: [{ name: 'm' }, { name: 'a', replicaOf: 'm' }, { name: 'b', replicaOf: 'a', directives: { maxmemory: '10mb', 'replica-priority': 50 } }],
      }),
    );
    const port = await consecutiveFreePorts(3);
    const r = await execa(process.execPath, [CLI_BIN, 'render', '--port', String(port), '--out', 'out'], { cwd, env: { FORCE_COLOR: '0', CI: '1' }, reject: false });
    expect(r.exitCode).toBe(0);
    for (let i = 0; i < 3; i++) {
      const p = port + i;
      const dir = join(cwd, '.rctl/default', String(p));
      mkdirSync(dir, { recursive: true });
      // The helper appends its own --port (and --save '', --dir); ours comes last and wins. `--logfile ""` keeps the
      // log on stdout where the helper reads the ready line.
      await startRealRedis({ dir, conf: readFileSync(join(cwd, 'out', String(p), 'redis.conf'), 'utf8'), args: ['--port', String(p), '--logfile', ''] });
    }
    const c = await RespClient.connect({ port: port + 2 });
    try {
      expect(String(await c.send('PING'))).toContain('NOAUTH');
      await c.call('AUTH', 'p w"x');
      const get = async (k: string) => ((await c.call('CONFIG', 'GET', k)) as string[])[1];
      expect(await get('replicaof')).toBe(`127.0.0.1 ${port + 1}`);
      expect(await get('repl-diskless-sync-delay')).toBe('0');
      expect(await get('repl-timeout')).toBe('10');
      expect(await get('maxmemory')).toBe('10485760');
      expect(await get('replica-priority')).toBe('50');
      expect(await get('dir')).toBe(join(cwd, '.rctl/default', String(port + 2)));
      await waitFor(async () => String(await c.call('INFO', 'replication')).includes('master_link_status:up'), { what: 'chained replica link up', timeoutMs: 15_000 });
    } finally {
      c.close();
    }
  });
});
