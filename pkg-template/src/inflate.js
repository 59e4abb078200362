/**
 * Inflates raw DEFLATE data (RFC 1951) synchronously into `size` bytes. The browser entry
 * carries the wasm deflated and sets it up on first use, which may be a synchronous call
 * (`parseLink`), so `DecompressionStream` (async only) cannot do it; this decoder (after
 * zlib's puff.c) costs under 1 KB gzip. `scripts/build-npm.mjs` checks it against zlib on
 * every build.
 */
export function inflate(input, size) {
  const out = new Uint8Array(size);
  let length = 0;
  let at = 0;
  let bit = 0;
  const bits = (count) => {
    let value = 0;
    for (let i = 0; i < count; i++) {
      value |= ((input[at] >> bit) & 1) << i;
      if (++bit === 8) {
        bit = 0;
        at++;
      }
    }
    return value;
  };
  // A canonical Huffman code from its code lengths: how many codes of each length, and the
  // symbols in code order.
  const code = (lengths) => {
    const counts = new Uint16Array(16);
    const offsets = new Uint16Array(16);
    const symbols = new Uint16Array(lengths.length);
    for (const n of lengths) counts[n]++;
    counts[0] = 0;
    for (let n = 1; n < 16; n++) offsets[n] = offsets[n - 1] + counts[n - 1];
    lengths.forEach((n, symbol) => {
      if (n) symbols[offsets[n]++] = symbol;
    });
    return { counts, symbols };
  };
  const decode = ({ counts, symbols }) => {
    let value = 0;
    let first = 0;
    let index = 0;
    for (let n = 1; n < 16; n++) {
      value |= bits(1);
      if (value - counts[n] < first) return symbols[index + value - first];
      index += counts[n];
      first = (first + counts[n]) << 1;
      value <<= 1;
    }
    throw new Error('invalid deflate data');
  };
  let last;
  do {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: byte-aligned length, its complement, then the bytes.
      if (bit) {
        bit = 0;
        at++;
      }
      const count = input[at] | (input[at + 1] << 8);
      at += 4;
      out.set(input.subarray(at, at + count), length);
      length += count;
      at += count;
      continue;
    }
    let literals;
    let distances;
    if (type === 1) {
      const lengths = new Array(288).fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280);
      literals = code(lengths);
      distances = code(new Array(30).fill(5));
    } else {
      const literalCount = bits(5) + 257;
      const distanceCount = bits(5) + 1;
      const lengthCodeCount = bits(4) + 4;
      const lengthLengths = new Array(19).fill(0);
      for (let i = 0; i < lengthCodeCount; i++) {
        lengthLengths[[16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15][i]] = bits(3);
      }
      const lengthCode = code(lengthLengths);
      const lengths = [];
      while (lengths.length < literalCount + distanceCount) {
        const symbol = decode(lengthCode);
        if (symbol < 16) lengths.push(symbol);
        else if (symbol === 16) lengths.push(...new Array(3 + bits(2)).fill(lengths.at(-1)));
        else lengths.push(...new Array(symbol === 17 ? 3 + bits(3) : 11 + bits(7)).fill(0));
      }
      literals = code(lengths.slice(0, literalCount));
      distances = code(lengths.slice(literalCount));
    }
    for (;;) {
      let symbol = decode(literals);
      if (symbol < 256) out[length++] = symbol;
      else if (symbol === 256) break;
      else {
        // Lengths 3…258 and distances 1…32768: a base plus extra bits, both by symbol.
        symbol -= 257;
        const extra = symbol < 8 || symbol === 28 ? 0 : (symbol >> 2) - 1;
        const base = symbol < 8 ? symbol + 3 : symbol === 28 ? 258 : (((symbol & 3) | 4) << extra) + 3;
        const count = base + bits(extra);
        const distanceSymbol = decode(distances);
        const distanceExtra = distanceSymbol < 4 ? 0 : (distanceSymbol >> 1) - 1;
        const distance =
          (distanceSymbol < 4 ? distanceSymbol + 1 : (((distanceSymbol & 1) | 2) << distanceExtra) + 1) +
          bits(distanceExtra);
        for (let i = 0; i < count; i++, length++) out[length] = out[length - distance];
      }
    }
  } while (!last);
  return out;
}
