// The kinds of value a measure or column holds, declared once: models give each measure one, renderers and
// the CLI format by it, the workbook picks its number format code by it. Browser-safe.

export const valueFormats = ['currency', 'percent', 'integer', 'number', 'date', 'text'] as const;
export type ValueFormat = (typeof valueFormats)[number];

/** Formats whose values are numbers: right-aligned, summed in charts, given a number format in Excel. */
export const isNumericFormat = (format: ValueFormat): boolean => format === 'currency' || format === 'percent' || format === 'integer' || format === 'number';
