// Compares the pages ofd.js drew (one screenshot, the pages one under the
// other at the left edge) with the PDF's pages (pdftoppm PNGs), for
// render.sh. Each page pair is reduced to blocks of BLOCK × BLOCK pixels
// (their mean darkness) and scored by the correlation of the two block
// images: 1 for the same ink in the same places, near 0 for unrelated
// pages. Prints one line a page and a control line: every OFD page scored
// against the next PDF page, which must score lower than the pair itself.
//
// usage: node compare.js SHOT.png PDF_PREFIX W1xH1,W2xH2,… MIN [OUT_DIR]
//   PDF_PREFIX-N.png (or -NN, -NNN, as pdftoppm numbers them) is page N;
//   Wi×Hi the size of page i in pixels; MIN the lowest similarity allowed;
//   OUT_DIR: also write each pair side by side, OUT_DIR/page-N.png.
// Exit 0 when every page scores at least MIN, 1 otherwise.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const BLOCK = 4;

// ---- PNG: 8-bit grey, grey+alpha, RGB or RGBA, not interlaced ----
function readPng(file) {
  const d = fs.readFileSync(file);
  let pos = 8, w = 0, h = 0, type = 0;
  const idat = [];
  while (pos < d.length) {
    const len = d.readUInt32BE(pos), kind = d.toString('latin1', pos + 4, pos + 8);
    const body = d.subarray(pos + 8, pos + 8 + len);
    if (kind === 'IHDR') {
      w = body.readUInt32BE(0); h = body.readUInt32BE(4); type = body[9];
      if (body[8] !== 8 || body[12] !== 0) throw new Error(file + ': only 8-bit, non-interlaced PNG');
    } else if (kind === 'IDAT') idat.push(body);
    pos += 12 + len;
  }
  const bpp = {0: 1, 2: 3, 4: 2, 6: 4}[type];
  if (!bpp) throw new Error(file + ': PNG colour type ' + type);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = w * bpp, px = Buffer.alloc(stride * h), grey = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const f = raw[y * (stride + 1)], src = y * (stride + 1) + 1, row = y * stride;
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? px[row + x - bpp] : 0, b = y ? px[row - stride + x] : 0;
      const c = x >= bpp && y ? px[row - stride + x - bpp] : 0;
      let v = raw[src + x];
      if (f === 1) v += a;
      else if (f === 2) v += b;
      else if (f === 3) v += (a + b) >> 1;
      else if (f === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      px[row + x] = v & 255;
    }
    for (let x = 0; x < w; x++) {
      const o = row + x * bpp;
      grey[y * w + x] = bpp >= 3 ? (px[o] * 299 + px[o + 1] * 587 + px[o + 2] * 114) / 1000 : px[o];
    }
  }
  return {w, h, grey};
}

const CRC = new Int32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xEDB88320 ^ (c >>> 1) : c >>> 1;
  return c;
});
function crc32(buf) {
  let c = -1;
  for (const b of buf) c = CRC[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
function writePng(file, img) {
  const chunk = (kind, body) => {
    const b = Buffer.alloc(12 + body.length);
    b.writeUInt32BE(body.length, 0);
    b.write(kind, 4, 'latin1');
    body.copy(b, 8);
    b.writeUInt32BE(crc32(b.subarray(4, 8 + body.length)), 8 + body.length);
    return b;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.w, 0); ihdr.writeUInt32BE(img.h, 4); ihdr[8] = 8; ihdr[9] = 0;
  const raw = Buffer.alloc((img.w + 1) * img.h);
  for (let y = 0; y < img.h; y++) raw.set(img.grey.subarray(y * img.w, (y + 1) * img.w), y * (img.w + 1) + 1);
  fs.writeFileSync(file, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
}

// The w × h region at (x0, y0) of img (white beyond its edges).
function crop(img, x0, y0, w, h) {
  const g = new Uint8Array(w * h).fill(255);
  for (let y = 0; y < h && y0 + y < img.h; y++)
    for (let x = 0; x < w && x0 + x < img.w; x++) g[y * w + x] = img.grey[(y0 + y) * img.w + x0 + x];
  return {w, h, grey: g};
}

function blocks(img) {
  const bw = Math.floor(img.w / BLOCK), bh = Math.floor(img.h / BLOCK), v = new Float64Array(bw * bh);
  for (let y = 0; y < bh * BLOCK; y++)
    for (let x = 0; x < bw * BLOCK; x++) v[Math.floor(y / BLOCK) * bw + Math.floor(x / BLOCK)] += 255 - img.grey[y * img.w + x];
  return v;
}

function similarity(a, b) {
  const u = blocks(a), v = blocks(b), n = Math.min(u.length, v.length);
  let su = 0, sv = 0;
  for (let i = 0; i < n; i++) { su += u[i]; sv += v[i]; }
  const mu = su / n, mv = sv / n;
  let num = 0, du = 0, dv = 0;
  for (let i = 0; i < n; i++) {
    num += (u[i] - mu) * (v[i] - mv);
    du += (u[i] - mu) ** 2;
    dv += (v[i] - mv) ** 2;
  }
  return du && dv ? num / Math.sqrt(du * dv) : (du === dv ? 1 : 0);
}

function pdfPage(prefix, n, count) {
  const digits = String(count).length;
  for (const d of [digits, 1, 2, 3]) {
    const f = prefix + '-' + String(n).padStart(d, '0') + '.png';
    if (fs.existsSync(f)) return readPng(f);
  }
  throw new Error('no PNG of PDF page ' + n + ' at ' + prefix);
}

const [shotFile, prefix, sizeList, minText, outDir] = process.argv.slice(2);
const shot = readPng(shotFile);
const sizes = sizeList.split(',').map(s => s.split('x').map(Number));
const min = parseFloat(minText);
let y = 0, worst = 1, failed = 0;
const ofdPages = [], pdfPages = [];
sizes.forEach(([w, h], i) => {
  const o = crop(shot, 0, y, w, h), p = crop(pdfPage(prefix, i + 1, sizes.length), 0, 0, w, h);
  y += h;
  ofdPages.push(o);
  pdfPages.push(p);
  const s = similarity(o, p);
  worst = Math.min(worst, s);
  const ok = s >= min;
  if (!ok) failed++;
  console.log(`page ${i + 1} (${w}x${h}): similarity ${s.toFixed(3)}${ok ? '' : ' BELOW ' + min}`);
  if (outDir) {
    const both = {w: 2 * w + 4, h, grey: new Uint8Array((2 * w + 4) * h).fill(128)};
    for (let r = 0; r < h; r++) {
      both.grey.set(p.grey.subarray(r * w, (r + 1) * w), r * both.w);
      both.grey.set(o.grey.subarray(r * w, (r + 1) * w), r * both.w + w + 4);
    }
    writePng(path.join(outDir, `page-${i + 1}.png`), both);
  }
});
// the control: a page against its neighbour must score lower than against itself
let control = 0, bad = 0;
for (let i = 0; i + 1 < sizes.length; i++) {
  if (sizes[i][0] !== sizes[i + 1][0] || sizes[i][1] !== sizes[i + 1][1]) continue;
  const s = similarity(ofdPages[i], pdfPages[i + 1]);
  control = Math.max(control, s);
  if (s >= similarity(ofdPages[i], pdfPages[i])) bad++;
}
console.log(`worst page ${worst.toFixed(3)} (minimum ${min}); control, each page against the next PDF page: at most ${control.toFixed(3)}`);
if (bad) console.log(`${bad} page(s) score as high against the next page as against their own: the measure does not tell them apart`);
process.exit(failed || bad ? 1 : 0);
