// Persistence at the server's edges: load the data file at start (a bad file stops the
// server), run serverCron's save-point check, save on shutdown as prepareForShutdown does.

import * as E from '../errors.js';
import type { ServerState } from '../state.js';
import type { ShutdownOptions } from '../startup.js';
import { registerSubsystem, START_ORDER } from '../subsystems.js';
import { loadDataFile, RdbLoadError } from './rdb-load.js';
import { checkSavePoints, killBgsave, persistenceOf, saveSync, savePoints } from './snapshot.js';

async function startPersistence(s: ServerState): Promise<number> {
  try {
    await loadDataFile(s);
  } catch (e) {
    if (!(e instanceof RdbLoadError)) throw e;
    s.log.warning(`Fatal error loading the DB from ${e.file}: ${e.problem} (at byte offset ${e.offset}). Exiting.`);
    return 1;
  }
  // serverCron runs the save-point check at hz 10.
  const timer = setInterval(() => checkSavePoints(s), 100);
  timer.unref();
  return 0;
}

/** prepareForShutdown's save step: an error text refuses the shutdown. */
function saveOnShutdown(s: ServerState, opts: ShutdownOptions): string | null {
  if (persistenceOf(s).bgsave !== null) {
    s.log.warning('There is a child saving an .rdb. Killing it!');
    killBgsave(s);
  }
  const wantSave = opts.save === true || (opts.save === null && savePoints(s).length > 0);
  if (!wantSave) return null;
  s.log.notice('Saving the final RDB snapshot before exiting.');
  if (saveSync(s)) return null;
  if (opts.force) {
    s.log.warning('Error trying to save the DB. Exit anyway.');
    return null;
  }
  s.log.warning("Error trying to save the DB, can't exit.");
  return E.SHUTDOWN_FAILED;
}

registerSubsystem(startPersistence, saveOnShutdown, START_ORDER.persistence);
