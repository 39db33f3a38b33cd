import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathInside, safeFileName } from '../render/safeFileName.js';

/**
 * Writes a delivery into `<outbox>/<recipient>/`: every file first under a temporary name, then renamed, so a
 * reader never sees half a pack. Every name is sanitised (RELIABILITY 22): no recipient or report name can
 * leave the outbox.
 */
export async function writeOutbox(outbox: string, { recipient, prefix, files, body }: { recipient: string; prefix: string; files: readonly string[]; body: { html: string; text: string } }): Promise<string[]> {
  const folder = pathInside(outbox, safeFileName(recipient));
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  const place = async (name: string, write: (temp: string) => Promise<void>) => {
    const target = pathInside(folder, safeFileName(name));
    const temp = `${target}.${process.pid}.tmp`;
    await write(temp);
    await rename(temp, target);
    written.push(target);
  };
  for (const file of files) await place(`${prefix}--${basename(file)}`, (temp) => copyFile(file, temp));
  await place(`${prefix}--summary.html`, (temp) => writeFile(temp, body.html));
  await place(`${prefix}--summary.txt`, (temp) => writeFile(temp, body.text));
  return written;
}

