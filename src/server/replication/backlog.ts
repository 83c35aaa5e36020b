// The replication backlog (replication.c createReplicationBacklog, feedReplicationBuffer,
// addReplyReplicationBacklog): the last `size` bytes of the replication stream, addressed
// by master offset, so a replica that reconnects can continue from where it stopped.

export class Backlog {
  private buf: Buffer;
  /** Write position in the ring. */
  private idx = 0;
  /** Bytes currently held (<= size). */
  histlen = 0;
  /** Master offset of the first byte held (repl_backlog_first_byte_offset). */
  offset: number;

  /** A new backlog starts right after `masterOffset` (createReplicationBacklog). */
  constructor(
    public size: number,
    masterOffset: number,
  ) {
    this.buf = Buffer.alloc(size);
    this.offset = masterOffset + 1;
  }

  /** Appends stream bytes; the oldest fall off once the ring is full. */
  append(data: Buffer): void {
    let src = data;
    if (src.length >= this.buf.length) {
      // Only the newest `size` bytes can be kept.
      const drop = src.length - this.buf.length;
      this.offset += this.histlen + drop;
      src.copy(this.buf, 0, drop);
      this.idx = 0;
      this.histlen = this.buf.length;
      return;
    }
    const first = Math.min(src.length, this.buf.length - this.idx);
    src.copy(this.buf, this.idx, 0, first);
    if (first < src.length) src.copy(this.buf, 0, first);
    this.idx = (this.idx + src.length) % this.buf.length;
    const newHist = this.histlen + src.length;
    if (newHist > this.buf.length) {
      this.offset += newHist - this.buf.length;
      this.histlen = this.buf.length;
    } else {
      this.histlen = newHist;
    }
  }

  /** True when the stream from `fromOffset` on is still held (partial resync possible). */
  covers(fromOffset: number): boolean {
    return fromOffset >= this.offset && fromOffset <= this.offset + this.histlen;
  }

  /** The bytes from master offset `fromOffset` to the end. */
  readFrom(fromOffset: number): Buffer {
    const skip = fromOffset - this.offset;
    const len = this.histlen - skip;
    if (len <= 0) return Buffer.alloc(0);
    const start = (this.idx - this.histlen + skip + this.buf.length * 2) % this.buf.length;
    if (start + len <= this.buf.length) return Buffer.from(this.buf.subarray(start, start + len));
    return Buffer.concat([this.buf.subarray(start), this.buf.subarray(0, len - (this.buf.length - start))]);
  }

  /** resizeReplicationBacklog: keeps the newest bytes that fit. */
  resize(size: number): void {
    if (size === this.buf.length) return;
    const keep = this.readFrom(this.offset + Math.max(0, this.histlen - size));
    const first = this.offset + this.histlen - keep.length;
    this.buf = Buffer.alloc(size);
    this.size = size;
    this.idx = 0;
    this.histlen = 0;
    this.offset = first;
    this.append(keep);
    this.offset = first;
  }
}
