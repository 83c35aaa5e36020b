// CliError: every failure the rctl CLI reports on purpose, with a stable code, a message
// saying what failed (and for which node) and a hint naming the flag or file that fixes it.
// The code -> exit code table below is the one the README's "Exit codes" section documents.

/** Stable error codes and their process exit codes. Scripts may rely on both. */
export const EXIT_CODES = {
  /** A bug or an unexpected exception (not a CliError). */
  E_INTERNAL: 1,
  /** Bad command line: unknown command or option, missing argument, bad topology shorthand. */
  E_USAGE: 2,
  /** Invalid settings: config file, environment variable or option value fails validation. */
  E_CONFIG: 3,
  /** The redis.conf template cannot be read or rendered. */
  E_TEMPLATE: 3,
  /** No state for this --dir/--name, or the set is not running. */
  E_NOT_RUNNING: 4,
  /** The port or node name given is not part of the set. */
  E_UNKNOWN_NODE: 4,
  /** `up` on a set that is already running. */
  E_ALREADY_RUNNING: 5,
  /** A node's port is taken by another process. */
  E_PORT_BUSY: 6,
  /** A node process could not be spawned or exited while starting. */
  E_NODE_START: 7,
  /** The server binary given with --server was not found or is not executable. */
  E_SERVER_NOT_FOUND: 7,
  /** A node, link or offset did not become ready within --timeout. */
  E_TIMEOUT: 8,
  /** A promotion could not be completed. */
  E_PROMOTE: 9,
  /** A node process could not be stopped. */
  E_STOP: 10,
  /** A node answered a command with an error reply or could not be reached. */
  E_NODE_REPLY: 11,
  /** Reading or writing a file under --dir failed. */
  E_IO: 12,
  /** Interrupted by SIGINT/SIGTERM (128 + SIGINT, as shells report it). */
  E_INTERRUPTED: 130,
} as const;

export type CliErrorCode = keyof typeof EXIT_CODES;

export interface CliErrorOptions {
  /** Extra lines printed under the message: a problem list, a log tail. */
  details?: string;
  cause?: unknown;
}

export class CliError extends Error {
  readonly exitCode: number;
  readonly details?: string;

  constructor(
    readonly code: CliErrorCode,
    message: string,
    readonly hint?: string,
    opts: CliErrorOptions = {},
  ) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CliError';
    this.exitCode = EXIT_CODES[code];
    this.details = opts.details;
  }
}

export function isCliError(e: unknown): e is CliError {
  return e instanceof CliError;
}
