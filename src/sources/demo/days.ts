// The generator counts time in whole days since 1970-01-01 (UTC): integers are what SQL's `range()`
// iterates and what its hash-based randomness keys on, and they make term arithmetic plain addition.

const msPerDay = 86_400_000;

export function toDay(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / msPerDay);
}

export function fromDay(day: number): string {
  return new Date(day * msPerDay).toISOString().slice(0, 10);
}

/** The same day of the month `months` later (clamped to the month's end, as commerce terms are). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * msPerDay);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Math.round(Date.UTC(y, m, Math.min(d.getUTCDate(), last)) / msPerDay);
}

/** Whether `day` is the last day of its month. */
export function isMonthEnd(day: number): boolean {
  return new Date((day + 1) * msPerDay).getUTCDate() === 1;
}
