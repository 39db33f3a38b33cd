/** The formats a report pack is written in. */
export const packFormats = ['html', 'xlsx'] as const;
export type PackFormat = (typeof packFormats)[number];
