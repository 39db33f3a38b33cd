import { describe, expect, it } from 'vitest';
import { parseMaxAge } from '../src/delivery/maxAge.js';
import { parseTtl } from '../src/embed/embedToken.js';

describe('durations: one parser for --ttl (embed tokens) and --max-age (deliveries, alerts)', () => {
  it('reads each allowed unit', () => {
    expect([parseTtl('900'), parseTtl('900s'), parseTtl('30m'), parseTtl('1h')]).toEqual([900, 900, 30 * 60, 60 * 60]);
    expect([parseMaxAge('90m'), parseMaxAge('36h'), parseMaxAge('2d'), parseMaxAge(' 2D ')]).toEqual([90, 36 * 60, 2 * 24 * 60, 2 * 24 * 60]);
  });
  it('refuses units a setting does not allow, with examples', () => {
    expect(() => parseTtl('2d')).toThrow('--ttl "2d": expected a duration like 30m, 1h or 900s');
    expect(() => parseMaxAge('90')).toThrow('--max-age "90": expected a duration like 90m, 36h or 2d');
    expect(() => parseMaxAge('30s')).toThrow(/expected a duration like/);
  });
  it('keeps each bound: an embed token lives at most an hour; nothing lasts zero', () => {
    expect(parseTtl('3600s')).toBe(3600);
    expect(() => parseTtl('61m')).toThrow('an embed token lives between 1 second and 1 hour');
    expect(() => parseTtl('0')).toThrow(/at least 1 s/);
    expect(() => parseMaxAge('0h')).toThrow(/at least 60 s/);
  });
});
