// Calendar dates as 'YYYY-MM-DD' strings in UTC: what every period, snapshot and file date uses.

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

export function parseDay(text: string, what = 'date'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`)) || isoDate(new Date(`${text}T00:00:00Z`)) !== text) {
    throw new Error(`invalid ${what}: ${JSON.stringify(text)} (expected YYYY-MM-DD)`);
  }
  return text;
}

/** Yesterday in UTC: the last complete day, the default logical date of a scheduled run. */
export function lastCompleteDay(now = new Date()): string {
  return addDays(isoDate(now), -1);
}
