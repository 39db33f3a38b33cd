import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileFacts } from '../fileFacts.js';
import { dateStyle } from './dateStyle.js';
import { lineMap } from './lineMap.js';
import { parseCsvText } from './parseCsvText.js';

const dir = mkdtempSync(join(tmpdir(), 'partnerlens-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('parseCsvText (header and sample only)', () => {
  it('reads quotes, doubled quotes, line breaks in quotes, CRLF, and skips blank lines', () => {
    expect(parseCsvText('a,"b ""x""",c\r\n\r\n1,"two\nlines",3\n')).toEqual([['a', 'b "x"', 'c'], ['1', 'two\nlines', '3']]);
  });
  it('leaves out a last record cut short when the text is only the start of a file', () => {
    expect(parseCsvText('a,b\n1,2\n3,', { final: false })).toEqual([['a', 'b'], ['1', '2']]);
    expect(parseCsvText('a;b\n1;2', { delimiter: ';' })).toEqual([['a', 'b'], ['1', '2']]);
  });
});

describe('dateStyle', () => {
  it('tells the US style of EA exports from ISO, with or without a time', () => {
    expect(dateStyle(['', '09/21/2023']).dateformat).toBe('%m/%d/%Y');
    expect(dateStyle(['9/1/2023 0:00'])).toMatchObject({ timestampformat: '%m/%d/%Y %H:%M', datesAsTimestamps: true });
    expect(dateStyle(['09/01/2023 12:00:00 AM']).timestampformat).toBe('%m/%d/%Y %I:%M:%S %p');
    expect(dateStyle(['2024-09-18 22:00:00']).label).toBe('YYYY-MM-DD');
    expect(dateStyle(['NULL', '']).label).toBe('YYYY-MM-DD');
  });
});

describe('fileFacts', () => {
  it('hashes the bytes and tells LF, CRLF and mixed line ends apart', async () => {
    const file = (name: string, text: string) => {
      const path = join(dir, name);
      writeFileSync(path, text);
      return path;
    };
    expect((await fileFacts(file('lf.csv', 'a\nb\n'))).lineEnds).toBe('lf');
    expect((await fileFacts(file('crlf.csv', 'a\r\nb\r\n'))).lineEnds).toBe('crlf');
    expect((await fileFacts(file('mixed.csv', 'a\r\nb\nc\r\n'))).lineEnds).toBe('mixed');
    expect((await fileFacts(file('none.csv', 'a,b'))).lineEnds).toBe('none');
    const facts = await fileFacts(file('h.csv', 'abc'));
    expect(facts.hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(facts.size).toBe(3);
  });
});

describe('lineMap', () => {
  it('turns DuckDB\'s record numbers and accepted-row positions into the lines an editor shows', async () => {
    const path = join(dir, 'map.csv');
    // 1 header · 2 r1 · 3–4 r2 (quoted line break) · 5 blank · 6 r3 (rejected by DuckDB) · 7 r4
    writeFileSync(path, 'h1,h2\nr1,x\nr2,"a\nb"\n\nr3,x,extra\nr4,x\n');
    // DuckDB numbers: header 1, r1 2, r2 3, blank 4, r3 5, r4 6.
    const answer = await lineMap(path, { duckLines: [5], ordinals: [0, 1, 2], rejectedDuckLines: new Set([5]) });
    expect(answer.duckToPhysical.get(5)).toBe(6);
    expect([...answer.ordinalToPhysical]).toEqual([[0, 2], [1, 3], [2, 7]]);
  });
});
