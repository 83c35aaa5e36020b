// Worker thread body: the CRC-64 of the first `end` bytes of a file, computed on another
// core while the main thread parses the same file (startup load).

import { parentPort, workerData } from 'node:worker_threads';
import { crc64OfFilePrefix } from './crc64.js';

const { file, end } = workerData as { file: string; end: number };
parentPort!.postMessage(crc64OfFilePrefix(file, end));
