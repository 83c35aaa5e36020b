// Worker thread body: the CRC-64 of the first `end` bytes of a file, computed on another
// core while the main thread parses the same file (startup load).

import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { Crc64 } from './crc64.js';

const { file, end } = workerData as { file: string; end: number };
const crc = new Crc64();
const buf = Buffer.allocUnsafe(4 << 20);
let pos = 0;
const fd = openSync(file, 'r');
try {
  while (pos < end) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
    if (n <= 0) break;
    crc.update(buf, 0, n);
    pos += n;
  }
} finally {
  closeSync(fd);
}
parentPort!.postMessage({ crc: crc.bytes(), bytes: pos });
