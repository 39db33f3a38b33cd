import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

// Opens a workbook the way a reader would: LibreOffice Calc, headless, in a fresh profile set to the
// reader's locale, prints it to PDF, and hands back the PDF's text (pdftotext -layout) and, on request, a
// PNG of the first page to look at. What switches the number display is the profile's
// `ooSetupSystemLocale` (Tools > Options > Language Settings > Locale setting): with it LibreOffice 7.4
// shows `1 234,56 €` whatever LANG says, while `ooLocale` (the UI language) changes nothing. LANG is pinned
// to C.UTF-8 so the machine's own locale cannot leak in. `.ci/run` installs LibreOffice and poppler-utils.

const run = promisify(execFile);

export const soffice = '/usr/bin/soffice';

export function libreOfficeMissing(): string | null {
  for (const tool of [soffice, '/usr/bin/pdftotext', '/usr/bin/pdftoppm']) {
    if (!existsSync(tool)) return `${tool} is not installed: apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils (.ci/run does it)`;
  }
  return null;
}

export interface PrintedWorkbook {
  /** pdftotext -layout of the whole PDF, with no-break and narrow no-break spaces made plain. */
  text: string;
  pdf: string;
  /** First page at 110 dpi, when asked for. */
  png?: string;
}

function profile(dir: string, locale: string): string {
  const user = join(dir, 'profile', 'user');
  mkdirSync(user, { recursive: true });
  writeFileSync(
    join(user, 'registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
      '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
      `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>${locale}</value></prop></item>\n` +
      `<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>${locale}</value></prop></item>\n` +
      '</oor:items>\n',
  );
  return pathToFileURL(join(dir, 'profile')).href;
}

/**
 * Prints `xlsx` to PDF with LibreOffice in a `locale` profile (`fr-FR`, `en-US`). The PDF and PNG go to
 * `outDir` (kept for looking at); the profile lives in a temp folder removed afterwards.
 */
export async function printWorkbook(xlsx: string, locale: string, outDir: string, { png = false } = {}): Promise<PrintedWorkbook> {
  const missing = libreOfficeMissing();
  if (missing) throw new Error(missing);
  if (!/^[a-z]{2}-[A-Z]{2}$/.test(locale)) throw new Error(`locale ${locale}: expected a language-REGION tag such as fr-FR`);
  mkdirSync(outDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'pl-soffice-'));
  const env = { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: scratch };
  try {
    await run(soffice, ['--headless', '--norestore', '--nologo', `-env:UserInstallation=${profile(scratch, locale)}`, '--convert-to', 'pdf', '--outdir', outDir, xlsx], { env, timeout: 120_000 });
    const pdf = join(outDir, basename(xlsx).replace(/\.xlsx$/i, '') + '.pdf');
    if (!existsSync(pdf)) throw new Error(`LibreOffice wrote no PDF for ${xlsx} (found: ${readdirSync(outDir).join(', ')})`);
    const { stdout } = await run('/usr/bin/pdftotext', ['-layout', '-enc', 'UTF-8', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
    const printed: PrintedWorkbook = { text: stdout.replace(/[\u00A0\u202F]/g, ' '), pdf };
    if (png) {
      const stem = pdf.replace(/\.pdf$/, '');
      await run('/usr/bin/pdftoppm', ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, stem]);
      printed.png = `${stem}.png`;
    }
    return printed;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
