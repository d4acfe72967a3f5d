// The site's icon: an "L" on the navigation bar's blue, as SVG for the pages' <link rel="icon">
// and as /favicon.ico (16×16, 32-bit) for whatever asks for that by default.

const BLUE = [0x10, 0x2a, 0x43] as const;
const LIGHT = [0xd9, 0xe2, 0xec] as const;

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#102a43"/><path d="M4 3h3v7h5v3H4z" fill="#d9e2ec"/></svg>\n`;

/** Whether pixel (x, y), from the top left, is part of the "L". */
const inLetter = (x: number, y: number): boolean =>
  (x >= 4 && x < 7 && y >= 3 && y < 13) || (x >= 4 && x < 12 && y >= 10 && y < 13);

export function faviconIco(): Buffer {
  const size = 16;
  const pixels = Buffer.alloc(size * size * 4);
  // BMP rows run bottom-up, each pixel as B, G, R, A.
  for (let row = 0; row < size; row++) {
    for (let x = 0; x < size; x++) {
      const [r, g, b] = inLetter(x, size - 1 - row) ? LIGHT : BLUE;
      pixels.set([b, g, r, 0xff], (row * size + x) * 4);
    }
  }
  const mask = Buffer.alloc(size * 4); // 1 bit a pixel, rows padded to 32 bits: all opaque
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0);
  header.writeInt32LE(size, 4);
  header.writeInt32LE(size * 2, 8); // the image and its mask
  header.writeUInt16LE(1, 12);
  header.writeUInt16LE(32, 14);
  header.writeUInt32LE(pixels.length + mask.length, 20);
  const image = Buffer.concat([header, pixels, mask]);
  const directory = Buffer.alloc(6 + 16);
  directory.writeUInt16LE(1, 2); // type: icon
  directory.writeUInt16LE(1, 4); // one image
  directory.writeUInt8(size, 6);
  directory.writeUInt8(size, 7);
  directory.writeUInt16LE(1, 10);
  directory.writeUInt16LE(32, 12);
  directory.writeUInt32LE(image.length, 14);
  directory.writeUInt32LE(directory.length, 18);
  return Buffer.concat([directory, image]);
}
