// LZF compression as Redis 7.0 builds liblzf (lzf_c.c with lzfP.h: HLOG 16, VERY_FAST, no
// table init, matches allowed up to the last 3 bytes): literal runs of up to 32 bytes,
// back references of 3..264 bytes within an 8 KiB window. Our own code for the same algorithm, so DUMP payloads and RDB strings
// compress to the very bytes Redis 7.0 writes; any valid LZF stream decodes with lzfDecompress.

const HLOG = 16;
const HSIZE = 1 << HLOG;
const MAX_LIT = 1 << 5;
const MAX_OFF = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
/** Last input position seen per hash slot, tagged with the call that stored it. */
const htabPos = new Int32Array(HSIZE);
const htabGen = new Uint32Array(HSIZE);
let generation = 0;
let scratch = Buffer.allocUnsafe(64 * 1024);

/** lzf_c.c IDX() for the three bytes at p, VERY_FAST variant. */
const slot = (h: number): number => ((h >>> 8) - h * 5) & (HSIZE - 1);

/**
 * lzf_compress(in, inLen, out, maxOut): the compressed bytes, or null when they would
 * not fit in maxOut bytes (Redis then stores the string as is). Position 0 is never a
 * match source (liblzf's `ref > in_data` test), which this reproduces. The result is a
 * view of a shared scratch buffer: copy it before the next call.
 */
export function lzfCompress(input: Uint8Array, maxOut: number): Buffer | null {
  const inLen = input.length;
  if (inLen === 0 || maxOut <= 0) return null;
  // Writes may run a few bytes past maxOut before the checks below reject the result.
  if (scratch.length < maxOut + 8) scratch = Buffer.allocUnsafe(Math.max(maxOut + 8, scratch.length * 2));
  const out = scratch;
  // A new generation invalidates every slot without clearing the table.
  generation = (generation + 1) >>> 0;
  if (generation === 0) {
    htabGen.fill(0);
    generation = 1;
  }
  const gen = generation;
  const inEnd = inLen;
  const outEnd = maxOut;
  let ip = 0;
  let op = 1; // out[0] is the header of the first literal run
  let lit = 0;
  let hval = inLen > 1 ? (input[0]! << 8) | input[1]! : 0;
  while (ip < inEnd - 2) {
    hval = ((hval << 8) | input[ip + 2]!) & 0xffffff;
    const h = slot(hval);
    const ref = htabGen[h] === gen ? htabPos[h]! : -1;
    htabPos[h] = ip;
    htabGen[h] = gen;
    const off = ip - ref - 1;
    if (
      ref > 0 &&
      off < MAX_OFF &&
      input[ref] === input[ip] &&
      input[ref + 1] === input[ip + 1] &&
      input[ref + 2] === input[ip + 2]
    ) {
      let len = 2;
      let maxlen = inEnd - ip - len;
      if (maxlen > MAX_REF) maxlen = MAX_REF;
      out[op - lit - 1] = lit - 1; // stop the literal run
      if (lit === 0) op--; // undo an empty run
      if (op + 3 + 1 >= outEnd) return null;
      // liblzf first compares up to 16 bytes without looking at maxlen, then the rest.
      let mismatch = false;
      if (maxlen > 16) {
        for (let k = 0; k < 16; k++) {
          len++;
          if (input[ref + len] !== input[ip + len]) {
            mismatch = true;
            break;
          }
        }
      }
      if (!mismatch) {
        do len++;
        while (len < maxlen && input[ref + len] === input[ip + len]);
      }
      len -= 2; // now the match length - 1
      ip++;
      if (len < 7) {
        out[op++] = (off >> 8) + (len << 5);
      } else {
        out[op++] = (off >> 8) + (7 << 5);
        out[op++] = len - 7;
      }
      out[op++] = off & 0xff;
      lit = 0;
      op++; // header of the next literal run
      ip += len + 1;
      if (ip >= inEnd - 2) break;
      // VERY_FAST: hash the two positions before the new ip.
      ip -= 2;
      hval = (input[ip]! << 8) | input[ip + 1]!;
      hval = ((hval << 8) | input[ip + 2]!) & 0xffffff;
      let hs = slot(hval);
      htabPos[hs] = ip;
      htabGen[hs] = gen;
      ip++;
      hval = ((hval << 8) | input[ip + 2]!) & 0xffffff;
      hs = slot(hval);
      htabPos[hs] = ip;
      htabGen[hs] = gen;
      ip++;
      // The main loop shifts in ip[2] next; hval holds the bytes at ip-1 now.
    } else {
      if (op >= outEnd) return null;
      lit++;
      out[op++] = input[ip++]!;
      if (lit === MAX_LIT) {
        out[op - lit - 1] = lit - 1;
        lit = 0;
        op++;
      }
    }
  }
  if (op + 3 > outEnd) return null;
  while (ip < inEnd) {
    lit++;
    out[op++] = input[ip++]!;
    if (lit === MAX_LIT) {
      out[op - lit - 1] = lit - 1;
      lit = 0;
      op++;
    }
  }
  out[op - lit - 1] = lit - 1;
  if (lit === 0) op--;
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
