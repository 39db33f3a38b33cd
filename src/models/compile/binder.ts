import type { Param } from '../../warehouse/database.js';

/** Collects bound parameters; the same value is bound once and referred to by number ($1, $2…). */
export class Binder {
  readonly params: Param[] = [];
  private readonly seen = new Map<string, number>();

  param(value: Param): string {
    const key = `${typeof value}:${String(value)}`;
    let index = this.seen.get(key);
    if (index === undefined) {
      this.params.push(value);
      index = this.params.length;
      this.seen.set(key, index);
    }
    return `$${index}`;
  }

  date(value: string | null | undefined): string {
    return `CAST(${this.param(value ?? null)} AS DATE)`;
  }
}
