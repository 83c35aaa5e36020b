// Persistence at the server's edges: load the data file at start (a bad file stops the
// server), check save points in the cron, and save on shutdown as prepareForShutdown does.

import * as E from '../errors.js';
import type { ServerState } from '../state.js';
import type { ShutdownOptions } from '../startup.js';
import { registerSubsystem, START_ORDER } from '../subsystems.js';
import { loadDataFile, RdbLoadError } from './rdb-load.js';
import { checkSavePoints, killBgsave, saveSync, savePoints } from './snapshot.js';

async function startPersistence(s: ServerState): Promise<number> {
  try {
    await loadDataFile(s);
  } catch (e) {
    if (!(e instanceof RdbLoadError)) throw e;
    s.log.warning(`Fatal error loading the DB from ${e.file}: ${e.problem} (at byte offset ${e.offset}). Exiting.`);
    return 1;
  }
  const timer = setInterval(() => checkSavePoints(s), 100);
  timer.unref();
  return 0;
}

/** prepareForShutdown's save step: an error text refuses the shutdown. */
function saveOnShutdown(s: ServerState, opts: ShutdownOptions): string | null {
  killBgsave(s);
  const wantSave = opts.save === true || (opts.save === null && savePoints(s).length > 0);
  if (!wantSave) return null;
  s.log.notice('Saving the final RDB snapshot before exiting.');
  if (saveSync(s)) return null;
  s.log.warning("Error trying to save the DB, can't exit.");
  return E.SHUTDOWN_FAILED;
}

registerSubsystem(startPersistence, saveOnShutdown, START_ORDER.persistence);
