// PNG files for the browser test's logos, written here (zlib's deflate and a CRC-32), so the
// test needs no image package: a logo, incompressible noise, and a wide strip.
import { deflateSync } from 'node:zlib';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

// RGBA pixels (`pixel(x, y)` returns [r, g, b, a]) as a PNG file's bytes.
export function encodePng(width, height, pixel) {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 4 + 1);  // each row starts with filter type 0
    for (let x = 0; x < width; x += 1) Buffer.from(pixel(x, y)).copy(raw, row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8);  // 8 bits, RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// Noise does not compress: side × side of it is about side² × 4 bytes.
export function noise(side) {
  let state = 12345;
  return encodePng(side, side, () => [0, 0, 0, 0].map(() => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state >>> 24;
  }));
}

// A logo that looks like one: a magenta speech bubble with a white smiling face, on
// transparency; mostly the magenta that the kiosk's screenshot is searched for.
export const bubbleLogo = (side) => encodePng(side, side, (x, y) => {
  const u = (x + 0.5) / side - 0.5;
  const v = (y + 0.5) / side - 0.46;
  const inDisc = u * u + v * v <= 0.4 * 0.4;
  const inTail = y / side > 0.7 && y / side < 0.97 && x / side > 0.14 && x / side < 0.4 - (y / side - 0.7) * 0.9;
  if (!inDisc && !inTail) return [0, 0, 0, 0];
  const eye = (ex) => (u - ex) ** 2 + (v + 0.08) ** 2 <= 0.055 ** 2;
  const r = Math.hypot(u, v + 0.02);
  const smile = v > 0.02 && r > 0.2 && r < 0.26 && Math.abs(u) < 0.19;
  return eye(-0.12) || eye(0.12) || smile ? [255, 255, 255, 255] : [255, 0, 255, 255];
});
