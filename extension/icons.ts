// The toolbar icon drawn at build time (a teal waymark pin), so no binary files live in git.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA pixels of a pin: a filled disc with a white centre over a point, anti-aliased by coverage. */
export function iconPng(size: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const cx = size / 2, cy = size * 0.4, r = size * 0.36;
  const samples = 4;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      let pin = 0, hole = 0;
      for (let sy = 0; sy < samples; sy++) for (let sx = 0; sx < samples; sx++) {
        const px = x + (sx + 0.5) / samples, py = y + (sy + 0.5) / samples;
        const d = Math.hypot(px - cx, py - cy);
        // The point: a triangle from the disc's sides down to the bottom centre.
        const t = (py - cy) / (size * 0.95 - cy);
        const inPoint = t >= 0 && t <= 1 && Math.abs(px - cx) <= r * 0.8 * (1 - t);
        if (d <= r || inPoint) pin++;
        if (d <= r * 0.42) hole++;
      }
      const n = samples * samples;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const white = hole / n;
      raw[o] = Math.round(13 + (255 - 13) * white);
      raw[o + 1] = Math.round(148 + (255 - 148) * white);
      raw[o + 2] = Math.round(136 + (255 - 136) * white);
      raw[o + 3] = Math.round((255 * pin) / n);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)),
  ]);
}
