// LZF compression (the liblzf format Redis uses for RDB strings): literal runs of up to
// 32 bytes, back references of 3..264 bytes within an 8 KiB window. Our own encoder of
// the same format; any valid LZF stream decodes with lzfDecompress.

const HLOG = 14;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
const htab = new Int32Array(HSIZE);

/**
 * Compresses input; returns null when the result would not be smaller than maxOut
 * bytes (Redis then stores the string uncompressed).
 */
export function lzfCompress(input: Uint8Array, maxOut: number): Buffer | null {
  const inLen = input.length;
  if (inLen < 4 || maxOut <= 0) return null;
  const out = Buffer.allocUnsafe(maxOut + 1 + MAX_LIT);
  htab.fill(-1);
  let ip = 0;
  let op = 1; // out[0] is the length byte of the first literal run
  let lit = 0;
  const hash = (p: number): number => (((input[p]! << 16) | (input[p + 1]! << 8) | input[p + 2]!) * 2654435761) >>> (32 - HLOG);
  while (ip < inLen - 2) {
    const h = hash(ip);
    const ref = htab[h]!;
    htab[h] = ip;
    const off = ip - ref - 1;
    if (
      ref >= 0 &&
      off < MAX_OFF &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      let len = 2;
      const maxLen = Math.min(MAX_REF, inLen - ip - len);
      // Extend the match as far as it goes.
      do len++;
      while (len < maxLen && input[ref + len] === input[ip + len]);
      len -= 2; // encoded length is match length - 2
      if (op + 3 + 1 >= maxOut) return null;
      // Close the open literal run (drop its header byte if empty).
      if (lit > 0) {
        out[op - lit - 1] = lit - 1;
      } else {
        op--;
      }
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // room for the next literal run's header
      ip += len + 2;
      if (ip >= inLen - 2) break;
      // Hash the positions inside the match so later data can refer to them.
      htab[hash(ip - 1)] = ip - 1;
    } else {
      if (op >= maxOut) return null;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  while (ip < inLen) {
    if (op >= maxOut) return null;
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  if (lit > 0) out[op - lit - 1] = lit - 1;
  else op--;
  if (op >= maxOut) return null;
  return out.subarray(0, op);
}

/** Decompresses an LZF stream into exactly outLen bytes; throws on a corrupt stream. */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer {
  const out = Buffer.allocUnsafe(outLen);
  let ip = 0;
  let op = 0;
  while (ip < input.length) {
    const ctrl = input[ip++]!;
    if (ctrl < 32) {
      const len = ctrl + 1;
      if (op + len > outLen || ip + len > input.length) throw new Error('LZF literal run out of bounds');
      for (let i = 0; i < len; i++) out[op++] = input[ip++]!;
    } else {
      let len = ctrl >> 5;
      let ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (len === 7) {
        if (ip >= input.length) throw new Error('LZF truncated length');
        len += input[ip++]!;
      }
      if (ip >= input.length) throw new Error('LZF truncated reference');
      ref -= input[ip++]!;
      len += 2;
      if (op + len > outLen || ref < 0) throw new Error('LZF back reference out of bounds');
      for (let i = 0; i < len; i++) out[op++] = out[ref++]!;
    }
  }
  if (op !== outLen) throw new Error(`LZF length mismatch: got ${op}, expected ${outLen}`);
  return out;
}
