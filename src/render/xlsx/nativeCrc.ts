import { createRequire } from 'node:module';
import { crc32 } from 'node:zlib';

// yazl checksums every byte it zips with buffer-crc32, a byte-by-byte loop in JavaScript: on a
// million-row sheet (hundreds of MB of XML) that loop was the single largest cost of writing the file.
// Node's zlib has the same CRC-32 in native code; this points yazl's checksum at it. Same function
// (initial value, unsigned result), so the archive is byte-for-byte what yazl would write; tests check
// every entry's checksum against the data.

let done = false;

export function useNativeCrc(): void {
  if (done) return;
  done = true;
  const require = createRequire(import.meta.url);
  const bufferCrc32 = createRequire(require.resolve('yazl'))('buffer-crc32') as { unsigned: (buffer: Buffer, previous?: number) => number };
  const portable = bufferCrc32.unsigned;
  bufferCrc32.unsigned = function nativeCrc32(buffer: Buffer, previous?: number): number {
    if (!Buffer.isBuffer(buffer) || (previous !== undefined && typeof previous !== 'number')) return portable(buffer, previous);
    return crc32(buffer, previous ?? 0);
  };
}
