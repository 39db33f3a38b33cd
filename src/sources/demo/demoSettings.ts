import { z } from 'zod';
import { addMonths, toDay } from './days.js';

/** What a demo partner is generated from: the same settings always give the same partner. */
export const demoSettingsSchema = z
  .object({
    seed: z.number().int().min(0).max(2 ** 31 - 1),
    customers: z.number().int().min(1).max(100_000),
    months: z.number().int().min(1).max(60),
    /** The last day of data (the report date), YYYY-MM-DD. */
    asOf: z.iso.date(),
  })
  .strict();

export type DemoSettings = z.output<typeof demoSettingsSchema>;

export function parseDemoSettings(settings: z.input<typeof demoSettingsSchema>): DemoSettings {
  const parsed = demoSettingsSchema.safeParse(settings);
  if (!parsed.success) {
    throw new Error(`invalid demo settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}

/** The days the data covers, inclusive, in days since 1970-01-01: `months` months ending at `asOf`. */
export interface DemoWindow {
  start: number;
  end: number;
}

export function demoWindow({ asOf, months }: Pick<DemoSettings, 'asOf' | 'months'>): DemoWindow {
  const end = toDay(asOf);
  return { start: addMonths(end, -months) + 1, end };
}
