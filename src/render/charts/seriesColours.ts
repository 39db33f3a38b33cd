// One colour per series across every chart of a report: "SQL Database" is the same blue in the cost trend
// and in the cost by customer. The report assigns colours once (`assignSeriesColours`), charts look them up.

export const palette = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e', '#2a9d8f', '#e76f51', '#264653'];
export const otherColour = '#9498a0';
// Outcomes keep the colours readers expect, whatever order they come in.
const semantic: Record<string, string> = { failed: '#d62728', succeeded: '#3ca951', progress: '#efb118' };

export type SeriesColours = ReadonlyMap<string, string>;

/**
 * Colours for every series of a report, in the order the series are first met (charts in report order).
 * `other`: the name of the series small ones are summed into (grey), in the report's language.
 */
export function assignSeriesColours(seriesLists: readonly (readonly string[])[], other: string): SeriesColours {
  const colours = new Map<string, string>();
  let next = 0;
  for (const list of seriesLists) {
    for (const name of list) {
      if (colours.has(name) || name === other || Object.hasOwn(semantic, name)) continue;
      colours.set(name, palette[next++ % palette.length]!);
    }
  }
  return colours;
}

/** The colours of one chart's series: the report's where given, else the palette in order. */
export function coloursFor(series: readonly string[], report: SeriesColours | undefined, other: string): string[] {
  const known = series.every((s) => Object.hasOwn(semantic, s));
  let next = 0;
  return series.map((s) => {
    if (known) return semantic[s]!;
    if (s === other) return otherColour;
    return report?.get(s) ?? palette[next++ % palette.length]!;
  });
}
