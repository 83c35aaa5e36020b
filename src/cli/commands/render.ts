// `rctl render <topology>`: the redis.conf each node would get from `rctl up`, printed
// (a header line per node) or written under --out, without starting anything.

import { join, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { setupCommand } from '../context.js';
import { loadTemplate, renderNodeConf, writeNodeConf } from '../render.js';
import { resolveTopology } from '../settings.js';
import { freePorts } from '../supervise/ports.js';
import { planNodes, setDir } from '../topology.js';

export interface RenderedNode {
  name: string;
  role: 'master' | 'replica';
  replicaOf?: string;
  port: number;
  /** Where `rctl up` would write the file. */
  confPath: string;
  /** Where --out wrote it, if given. */
  writtenTo?: string;
  conf: string;
}

interface RenderFlags {
  out?: string;
}

export function renderCommand(): Command {
  return new Command('render')
    .summary('print the redis.conf of every node without starting anything')
    .description(
      'Render the redis.conf each node of <topology> would get from `rctl up`, from templates/node.conf.tmpl or --template. ' +
        'Prints the files, each after a `# ==> <node> ... <==` header line, or writes them under --out (the same <port>/redis.conf ' +
        'layout as in <dir>/<name>). Nothing is started. Without <topology> the config file\'s topology is used.',
    )
    .argument('[topology]', 'shorthand such as 1-master-2-replicas (default: the config file\'s topology)')
    .option('--port <port>', 'first port, nodes take consecutive ports (default 6379), or "auto" for free ports')
    .option('--password <password>', 'requirepass on every node and masterauth (files become mode 600)')
    .option('--template <file>', 'an eta template replacing templates/node.conf.tmpl')
    .option('--persist', 'keep Redis\'s save points (the default profile renders save "")')
    .option('--out <dir>', 'write the files under this directory instead of printing them')
    .addHelpText(
      'after',
      `
Examples:
  $ rctl render 1-master-2-replicas
  $ rctl render 1-master-1-replica --port 7000 --password s3cret
  $ rctl render --config rctl.config.yaml --out ./fixtures/confs
  $ rctl render 1-master-0-replicas --template ./my-node.conf.tmpl --persist
  $ rctl render 1-master-2-replicas --json`,
    )
    .action(async (topologyArg: string | undefined, _opts: RenderFlags, cmd: Command) => {
      const { settings, ui, ctx } = await setupCommand(cmd);
      const out = cmd.opts<RenderFlags>().out;
      const topology = resolveTopology(topologyArg, settings);
      const ports = settings.port === 'auto' ? await freePorts(topology.nodes.length) : undefined;
      const nodes = planNodes(topology, settings, ports);
      const template = loadTemplate(settings.template);
      const secret = settings.password !== undefined;
      const base = setDir(settings);
      const outDir = out === undefined ? undefined : resolve(ctx.cwd, out);

      const rendered: RenderedNode[] = [];
      for (const node of nodes) {
        const ctxRender = { persist: settings.persist, templatePath: template.path, ...(secret ? { password: settings.password! } : {}) };
        const r: RenderedNode = { name: node.name, role: node.role, port: node.port, confPath: node.confPath, conf: renderNodeConf(template.text, node, ctxRender) };
        if (node.replicaOf !== undefined) r.replicaOf = node.replicaOf;
        rendered.push(r);
      }
      if (outDir !== undefined) {
        for (const r of rendered) {
          r.writtenTo = join(outDir, relative(base, r.confPath));
          await writeNodeConf(r.writtenTo, r.conf, secret);
        }
      }

      if (ui.json) {
        ui.outJson({ name: settings.name, dir: base, nodes: rendered });
        return;
      }
      if (outDir !== undefined) {
        for (const r of rendered) ui.out(`${ui.color.ok('wrote')} ${r.writtenTo}  ${ui.color.dim(`(${r.name}, port ${r.port})`)}`);
        return;
      }
      rendered.forEach((r, i) => {
        const role = r.replicaOf === undefined ? 'master' : `replica of ${r.replicaOf}`;
        if (i > 0) ui.out('');
        ui.out(ui.color.dim(`# ==> ${r.name} (${role}) 127.0.0.1:${r.port} ${r.confPath} <==`));
        ctx.stdout.write(r.conf);
      });
    });
}
