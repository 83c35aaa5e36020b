// Replication IDs (replication.c changeReplicationId, shiftReplicationId): the current
// history's replid, and replid2 with second_replid_offset, the history this node
// continued from, so replicas of the former master can still PSYNC after a promotion.

import { randomBytes } from 'node:crypto';

/** 40 random hex chars, like Redis's getRandomHexChars(CONFIG_RUN_ID_SIZE). */
export const randomReplId = (): string => randomBytes(20).toString('hex');

export const NULL_REPLID = '0'.repeat(40);

export class ReplicationIds {
  replid = randomReplId();
  replid2 = NULL_REPLID;
  /** First offset valid for replid2, or -1 when replid2 is clear. */
  secondReplidOffset = -1;

  /** changeReplicationId: a new history starts. */
  change(): void {
    this.replid = randomReplId();
  }

  /** clearReplicationId2. */
  clearSecond(): void {
    this.replid2 = NULL_REPLID;
    this.secondReplidOffset = -1;
  }

  /**
   * shiftReplicationId: the current history becomes replid2, valid up to and including
   * `offset` (our master_repl_offset), and a new replid starts at offset + 1.
   */
  shift(offset: number): void {
    this.replid2 = this.replid;
    this.secondReplidOffset = offset + 1;
    this.change();
  }
}
