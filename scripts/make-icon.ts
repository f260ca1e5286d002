// Draws the app icon (icon.png, 512×512): a white house on a Jeedom-green rounded square, with a
// Rocket.Chat-red speech bubble over its lower-right corner. Run: npx tsx scripts/make-icon.ts
//
// Every shape is a signed distance function (negative inside). Each pixel is sampled on an N×N grid
// and the samples are averaged, which anti-aliases all edges. No randomness, so output is byte-stable.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

type Point = readonly [number, number];
type Sdf = (x: number, y: number) => number;
type Rgba = readonly [number, number, number, number];

const SIZE = 512;
const SAMPLES = 4;

const GREEN: Rgba = [148, 202, 2, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const RED: Rgba = [245, 69, 92, 255];
const CLEAR: Rgba = [0, 0, 0, 0];

/** Rounded box centred on (cx, cy) with half-sizes (hw, hh) and corner radius r. */
const box =
  (cx: number, cy: number, hw: number, hh: number, r = 0): Sdf =>
  (x, y) => {
    const qx = Math.abs(x - cx) - hw + r;
    const qy = Math.abs(y - cy) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };

const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;

/** Exact polygon distance (Inigo Quilez), grown by r so that its corners come out rounded. */
const polygon =
  (r: number, ...pts: Point[]): Sdf =>
  (x, y) => {
    let d = Infinity;
    let inside = false;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
      const [ax, ay] = pts[i];
      const [bx, by] = pts[j];
      const ex = bx - ax;
      const ey = by - ay;
      const t = Math.min(Math.max(((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey), 0), 1);
      d = Math.min(d, Math.hypot(x - ax - ex * t, y - ay - ey * t));
      if (ay > y !== by > y && x < ax + ((y - ay) * ex) / ey) inside = !inside;
    }
    return (inside ? -d : d) - r;
  };

const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));

const subtract =
  (a: Sdf, b: Sdf): Sdf =>
  (x, y) =>
    Math.max(a(x, y), -b(x, y));

const background = box(256, 256, 256, 256, 112);

const house = subtract(
  union(
    polygon(14, [216, 88], [372, 232], [60, 232]), // roof, overhanging the walls
    box(216, 306, 118, 104, 10), // walls
    box(318, 138, 22, 50, 4), // chimney, its foot hidden under the roof
  ),
  box(180, 364, 30, 64, 30), // door, rounded on top and open at the bottom
);

const bubble = union(
  box(372, 330, 108, 74, 40),
  polygon(6, [300, 380], [352, 380], [284, 446]), // tail, pointing down-left at the house
);
const dots = union(circle(320, 330, 17), circle(372, 330, 17), circle(424, 330, 17));

/** Colour of one sample point: the topmost layer that covers it wins. */
function paint(x: number, y: number): Rgba {
  if (dots(x, y) < 0) return WHITE;
  const b = bubble(x, y);
  if (b < 0) return RED;
  // A green ring around the bubble keeps it apart from the white house, even at 32×32.
  if (b < 12) return GREEN;
  if (house(x, y) < 0) return WHITE;
  return background(x, y) < 0 ? GREEN : CLEAR;
}

/** Averages SAMPLES×SAMPLES sub-pixel samples, weighting colour by alpha so edges don't darken. */
function shade(px: number, py: number): Rgba {
  let r = 0;
  let g = 0;
  let b = 0;
  let a = 0;
  for (let i = 0; i < SAMPLES; i++) {
    for (let j = 0; j < SAMPLES; j++) {
      const c = paint(px + (i + 0.5) / SAMPLES, py + (j + 0.5) / SAMPLES);
      r += c[0] * c[3];
      g += c[1] * c[3];
      b += c[2] * c[3];
      a += c[3];
    }
  }
  if (a === 0) return CLEAR;
  return [Math.round(r / a), Math.round(g / a), Math.round(b / a), Math.round(a / (SAMPLES * SAMPLES))];
}

function main(): void {
  const png = new PNG({ width: SIZE, height: SIZE });
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) png.data.set(shade(x, y), (y * SIZE + x) * 4);
  }
  const out = join(__dirname, '..', 'icon.png');
  writeFileSync(out, PNG.sync.write(png, { deflateLevel: 9 }));
  console.log(`wrote ${out}`);
}

main();
