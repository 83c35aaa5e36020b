// listr2 task lists for long-running commands (up, promote, down): the animated renderer on
// an interactive terminal, plain lines otherwise (not a TTY, CI set, --json). Progress goes to
// stderr so stdout carries only results (tables, JSON).

import { stripVTControlCharacters } from 'node:util';
import { Listr, ListrLogger, ProcessOutput, type ListrTask } from 'listr2';
import type { OutStream } from './ui.js';

export type TaskRenderer = 'default' | 'simple' | 'silent';

export interface TaskOutput {
  /** Interactive terminal with CI unset (Ui.interactive). */
  interactive: boolean;
  json: boolean;
  stderr: OutStream;
  /** No progress at all (programmatic API). */
  silent?: boolean;
  /**
   * Whether colours are on (Ui.chalk.level > 0). listr2's palette (colorette) turns itself on
   * for any CI or FORCE_COLOR value, even FORCE_COLOR=0, so without colour its output is
   * stripped of ANSI codes here.
   */
  color: boolean;
}

/** Which renderer a command uses: the animated one only for people at a terminal. */
export function rendererFor(out: Pick<TaskOutput, 'interactive' | 'json' | 'silent'>): TaskRenderer {
  if (out.silent) return 'silent';
  if (out.interactive && !out.json) return 'default';
  return 'simple';
}

export type Task<Ctx> = ListrTask<Ctx>;

export interface TaskList<Ctx> {
  run(ctx?: Ctx): Promise<Ctx>;
}

/** A sequential task list that stops at the first failure and rethrows it from run(). */
export function createTasks<Ctx extends object>(tasks: Task<Ctx>[], out: TaskOutput): TaskList<Ctx> {
  let renderer = rendererFor(out);
  // A terminal that reports no width (some pseudo-terminals) would get one character per line.
  const columns = (out.stderr as { columns?: number }).columns;
  if (renderer === 'default' && !(typeof columns === 'number' && columns > 0)) renderer = 'simple';
  // listr2 writes through a ProcessOutput; both of its streams point at our stderr.
  const target = out.color
    ? out.stderr
    : { isTTY: out.stderr.isTTY, write: (chunk: string | Uint8Array) => out.stderr.write(stripVTControlCharacters(String(chunk))) };
  const stream = target as unknown as NodeJS.WriteStream;
  const processOutput = new ProcessOutput(stream, stream);
  const logger = new ListrLogger({ processOutput });
  if (renderer === 'default') {
    return new Listr<Ctx>(tasks, {
      renderer: 'default',
      exitOnError: true,
      registerSignalListeners: false,
      rendererOptions: { logger, collapseSubtasks: false, showErrorMessage: true },
    });
  }
  if (renderer === 'simple') {
    return new Listr<Ctx, 'simple'>(tasks as never, {
      renderer: 'simple',
      exitOnError: true,
      registerSignalListeners: false,
      rendererOptions: { logger },
    });
  }
  return new Listr<Ctx, 'silent'>(tasks as never, { renderer: 'silent', exitOnError: true, registerSignalListeners: false });
}
