// Whirlpool (ISO/IEC 10118-3:2004) in plain JavaScript, for when Node's OpenSSL lacks it (its
// legacy provider is off): the local 1fichier's checksums are always real Whirlpool. Written
// apart from the client's (the Rust core's), so that one cannot hide the other's mistake; the
// emulator's tests check it against the ISO test vectors. 64-bit words are pairs of 32-bit
// halves (hi, lo). About 10-20 MiB/s: OpenSSL's is used whenever it is there.

const E = [1, 11, 9, 12, 13, 6, 15, 3, 14, 8, 7, 4, 10, 2, 5, 0];
const R = [7, 12, 11, 13, 14, 4, 9, 15, 6, 3, 8, 10, 2, 5, 1, 0];
const E_INVERSE = E.reduce((inverse, value, index) => {
  inverse[value] = index;
  return inverse;
}, []);
const ROUNDS = 10;

/** Product in GF(2^8) with the reduction polynomial x^8 + x^4 + x^3 + x^2 + 1. */
function times(a, b) {
  let product = 0;
  for (; b; b >>= 1, a = ((a << 1) ^ (a & 0x80 ? 0x11d : 0)) & 0xff) if (b & 1) product ^= a;
  return product;
}

// SBOX[x]; then the eight tables T[t][x] = the S-box output times the circulant matrix's row,
// rotated right by t bytes, as (hi, lo) in HI/LO[t * 256 + x].
const SBOX = Array.from({ length: 256 }, (_, x) => {
  const u = E[x >> 4];
  const l = E_INVERSE[x & 15];
  const r = R[u ^ l];
  return (E[u ^ r] << 4) | E_INVERSE[l ^ r];
});
const HI = new Uint32Array(2048);
const LO = new Uint32Array(2048);
for (let x = 0; x < 256; x++) {
  const bytes = [1, 1, 4, 1, 8, 5, 2, 9].map((factor) => times(SBOX[x], factor));
  for (let t = 0; t < 8; t++) {
    const rotated = (j) => bytes[(j - t + 8) % 8];
    HI[t * 256 + x] = ((rotated(0) << 24) | (rotated(1) << 16) | (rotated(2) << 8) | rotated(3)) >>> 0;
    LO[t * 256 + x] = ((rotated(4) << 24) | (rotated(5) << 16) | (rotated(6) << 8) | rotated(7)) >>> 0;
  }
}
const RC_HI = new Uint32Array(ROUNDS);
const RC_LO = new Uint32Array(ROUNDS);
for (let r = 0; r < ROUNDS; r++) {
  const s = SBOX.slice(8 * r, 8 * r + 8);
  RC_HI[r] = ((s[0] << 24) | (s[1] << 16) | (s[2] << 8) | s[3]) >>> 0;
  RC_LO[r] = ((s[4] << 24) | (s[5] << 16) | (s[6] << 8) | s[7]) >>> 0;
}

/** out = the round function of `input` (SubBytes, ShiftColumns, MixRows), xor `key`. Unrolled:
 * table t takes byte t (0 = most significant) of input word (i - t) mod 8. */
function round(inHi, inLo, keyHi, keyLo, outHi, outLo) {
  for (let i = 0; i < 8; i++) {
    const a0 = inHi[i] >>> 24;
    const a1 = 256 + ((inHi[(i + 7) & 7] >>> 16) & 255);
    const a2 = 512 + ((inHi[(i + 6) & 7] >>> 8) & 255);
    const a3 = 768 + (inHi[(i + 5) & 7] & 255);
    const a4 = 1024 + (inLo[(i + 4) & 7] >>> 24);
    const a5 = 1280 + ((inLo[(i + 3) & 7] >>> 16) & 255);
    const a6 = 1536 + ((inLo[(i + 2) & 7] >>> 8) & 255);
    const a7 = 1792 + (inLo[(i + 1) & 7] & 255);
    outHi[i] = keyHi[i] ^ HI[a0] ^ HI[a1] ^ HI[a2] ^ HI[a3] ^ HI[a4] ^ HI[a5] ^ HI[a6] ^ HI[a7];
    outLo[i] = keyLo[i] ^ LO[a0] ^ LO[a1] ^ LO[a2] ^ LO[a3] ^ LO[a4] ^ LO[a5] ^ LO[a6] ^ LO[a7];
  }
}

export class Whirlpool {
  #hashHi = new Uint32Array(8);
  #hashLo = new Uint32Array(8);
  #block = new Uint8Array(64);
  #view = new DataView(this.#block.buffer);
  #filled = 0;
  #length = 0; // bytes; exact up to 2^53
  // Working words, allocated once.
  #w = Array.from({ length: 10 }, () => new Uint32Array(8));

  update(data) {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    this.#length += bytes.length;
    let at = 0;
    if (this.#filled > 0) {
      const take = Math.min(64 - this.#filled, bytes.length);
      this.#block.set(bytes.subarray(0, take), this.#filled);
      this.#filled += take;
      at = take;
      if (this.#filled < 64) return this;
      this.#compress(this.#view, 0);
    }
    // Whole blocks straight from the input; the rest waits in the block buffer.
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (; at + 64 <= bytes.length; at += 64) this.#compress(view, at);
    this.#block.set(bytes.subarray(at));
    this.#filled = bytes.length - at;
    return this;
  }

  digest(encoding = 'hex') {
    if (encoding !== 'hex') throw new TypeError('only hex digests');
    const bits = this.#length * 8;
    // 0x80, zeros up to 32 bytes before a block's end, then the bit length as 256 bits.
    const pad = 1 + ((95 - (this.#length % 64)) % 64);
    const tail = new Uint8Array(pad + 32);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(pad + 24, Math.floor(bits / 2 ** 32));
    view.setUint32(pad + 28, bits >>> 0);
    this.update(tail);
    let hex = '';
    for (let i = 0; i < 8; i++)
      hex += this.#hashHi[i].toString(16).padStart(8, '0') + this.#hashLo[i].toString(16).padStart(8, '0');
    return hex;
  }

  /** Folds the 64 bytes at `offset` of `view` into the hash. */
  #compress(view, offset) {
    const [mHi, mLo, kHi, kLo, sHi, sLo, tHi, tLo, rcHi, rcLo] = this.#w;
    for (let i = 0; i < 8; i++) {
      mHi[i] = view.getUint32(offset + 8 * i);
      mLo[i] = view.getUint32(offset + 8 * i + 4);
      kHi[i] = this.#hashHi[i];
      kLo[i] = this.#hashLo[i];
      sHi[i] = mHi[i] ^ kHi[i];
      sLo[i] = mLo[i] ^ kLo[i];
    }
    for (let r = 0; r < ROUNDS; r++) {
      rcHi.fill(0);
      rcLo.fill(0);
      rcHi[0] = RC_HI[r];
      rcLo[0] = RC_LO[r];
      round(kHi, kLo, rcHi, rcLo, tHi, tLo);
      kHi.set(tHi);
      kLo.set(tLo);
      round(sHi, sLo, kHi, kLo, tHi, tLo);
      sHi.set(tHi);
      sLo.set(tLo);
    }
    for (let i = 0; i < 8; i++) {
      this.#hashHi[i] ^= sHi[i] ^ mHi[i];
      this.#hashLo[i] ^= sLo[i] ^ mLo[i];
    }
  }
}
