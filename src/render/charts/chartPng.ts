import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';

// SVG charts to PNG for workbooks (Excel shows no SVG). resvg gets the fonts shipped in assets/fonts and
// nothing from the system, so a chart is the same picture on every machine.

function fontDirectory(): string {
  // src/render/charts → repository root, whether running from src (tests) or dist/src (the CLI).
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = resolve(dir, 'assets/fonts');
    if (existsSync(resolve(candidate, 'DejaVuSans.ttf'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error('invalid installation: assets/fonts/DejaVuSans.ttf not found');
}

let fontFiles: string[] | undefined;

/**
 * Renders at 1.5× the size, shown at 1× in the sheet: sharp on high-density screens, and a third the
 * pixels (and time — rasterising is most of a workbook's rendering) of 2×.
 */
export function chartPng(svg: string, { scale = 1.5 }: { scale?: number } = {}): Buffer {
  if (!fontFiles) {
    const dir = fontDirectory();
    fontFiles = [resolve(dir, 'DejaVuSans.ttf'), resolve(dir, 'DejaVuSans-Bold.ttf')];
  }
  const resvg = new Resvg(svg, {
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return resvg.render().asPng();
}
