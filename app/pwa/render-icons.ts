/**
 * Draws Harbor's app icons (public/icons/*.png, public/favicon.ico) from the SVG mark below, with
 * the same headless Chromium the browser tests use. Run it after changing the mark:
 *
 *   npx tsx app/pwa/render-icons.ts
 *
 * - icon-192.png, icon-512.png: the round mark on a transparent ground ("any" purpose);
 * - maskable-192.png, maskable-512.png: the mark inside the safe zone (the middle 80 %) of a full
 *   square in Harbor's colour, so a phone can cut it to a circle, a squircle or a square;
 * - apple-touch-icon.png (180 px, square, no transparency: iOS fills it black otherwise);
 * - favicon.ico: 16, 32 and 48 px PNGs in one ICO file (PNG entries, as browsers since 2007 read).
 */
import fs from "node:fs";
import path from "node:path";
import { chromium } from "@playwright/test";
import { CHROMIUM_ARGS, findChromium } from "../../tests/e2e/browser";

const TEAL = "#1d5c57";
const OUT = path.resolve("public");

/** The mark on a 32-unit grid: an anchor (ring, stem, stock, arms) in white. */
const MARK = `<circle cx="16" cy="7.2" r="2.2" fill="none" stroke="#fff" stroke-width="2"/><path d="M16 9.4V24.5M11 12.6h10M8.2 18.6c1.4 4.2 4.4 6.4 7.8 6.4s6.4-2.2 7.8-6.4" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>`;

/** A round icon: the mark on a teal disc, transparent around it. */
const roundSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15.5" fill="${TEAL}"/>${MARK}</svg>`;
/** A maskable icon: a full teal square, the mark scaled to sit well inside the middle 80 %. */
const squareSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${TEAL}"/><g transform="translate(16 16) scale(0.9) translate(-16 -15.6)">${MARK}</g></svg>`;
/** The favicon: the mark a little bolder, so it reads at 16 px. */
const faviconSvg = roundSvg.replace(/stroke-width="2.2"/, 'stroke-width="2.8"');

const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
const page = await browser.newPage();

async function render(svg: string, size: number): Promise<Buffer> {
  await page.setViewportSize({ width: size, height: size });
  const sized = svg.replace("<svg ", `<svg width="${size}" height="${size}" `);
  await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`);
  return page.locator("svg").screenshot({ omitBackground: true, type: "png" });
}

/** An ICO file holding PNG images (one directory entry of 16 bytes per image). */
function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry); // width (0 means 256)
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1); // height
    header.writeUInt8(0, entry + 2); // no palette
    header.writeUInt8(0, entry + 3); // reserved
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

fs.mkdirSync(path.join(OUT, "icons"), { recursive: true });
const write = (name: string, data: Buffer) => {
  fs.writeFileSync(path.join(OUT, name), data);
  console.log(`wrote public/${name} (${data.length} bytes)`);
};
for (const size of [192, 512]) {
  write(`icons/icon-${size}.png`, await render(roundSvg, size));
  write(`icons/maskable-${size}.png`, await render(squareSvg, size));
}
write("icons/apple-touch-icon.png", await render(squareSvg, 180));
const favicons: { size: number; png: Buffer }[] = [];
for (const size of [16, 32, 48]) favicons.push({ size, png: await render(faviconSvg, size) }); // one page: one at a time
write("favicon.ico", ico(favicons));
write("favicon.svg", Buffer.from(`${faviconSvg}\n`));
await browser.close();
