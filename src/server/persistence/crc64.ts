// CRC-64 as Redis computes it for RDB trailers and DUMP payloads (crc64.c): the Jones
// polynomial 0xad93d23594c935a9, reflected, initial value 0, no final xor.
// The 64-bit state is kept as two 32-bit halves so the hot loop avoids BigInt.

// 0x95ac9329ac4bc9b5 is the Jones polynomial 0xad93d23594c935a9 bit-reversed (LSB-first form).
const POLY = 0x95ac9329ac4bc9b5n;
const T_LO = new Uint32Array(256);
const T_HI = new Uint32Array(256);
for (let i = 0; i < 256; i++) {
  let crc = BigInt(i);
  for (let k = 0; k < 8; k++) crc = crc & 1n ? (crc >> 1n) ^ POLY : crc >> 1n;
  T_LO[i] = Number(crc & 0xffffffffn);
  T_HI[i] = Number(crc >> 32n);
}

/** Incremental CRC-64 state. */
export class Crc64 {
  lo = 0;
  hi = 0;

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let lo = this.lo;
    let hi = this.hi;
    for (let i = start; i < end; i++) {
      const idx = (lo ^ buf[i]!) & 0xff;
      lo = ((lo >>> 8) | (hi << 24)) ^ T_LO[idx]!;
      hi = (hi >>> 8) ^ T_HI[idx]!;
    }
    this.lo = lo >>> 0;
    this.hi = hi >>> 0;
    return this;
  }

  /** The checksum as the 8 little-endian bytes Redis appends. */
  bytes(): Buffer {
    const b = Buffer.allocUnsafe(8);
    b.writeUInt32LE(this.lo, 0);
    b.writeUInt32LE(this.hi, 4);
    return b;
  }

  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo);
  }
}

/** CRC-64 of a whole buffer. */
export const crc64 = (buf: Uint8Array): bigint => new Crc64().update(buf).value();
