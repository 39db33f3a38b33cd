import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

// Every golden of the suite goes through here. `UPDATE_GOLDENS=1` writes them (review the diff before
// committing); nothing else ever does. Under CI nothing is written at all: a missing golden fails there,
// so a test can never pass by writing what it has just produced.

/** True when this run rewrites goldens instead of comparing with them. */
export function updatingGoldens(): boolean {
  if (process.env.UPDATE_GOLDENS !== '1') return false;
  if (process.env.CI) throw new Error('UPDATE_GOLDENS=1 is refused when CI is set: goldens are written on a workstation and reviewed');
  return true;
}

/** Compares `actual` with the committed golden `file`, or writes it under `UPDATE_GOLDENS=1`. */
export function expectGolden(file: string, actual: string): void {
  if (updatingGoldens()) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) throw new Error(`golden ${file} is missing: run the test with UPDATE_GOLDENS=1, review the file and commit it`);
  expect(actual, `golden ${file} (UPDATE_GOLDENS=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}
