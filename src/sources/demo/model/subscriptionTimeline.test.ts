import { describe, expect, it } from 'vitest';
import { addMonths, toDay } from '../days.js';
import { createRandom } from '../random.js';
import { simulate, type SubscriptionPlan } from './subscriptionTimeline.js';

const created = toDay('2024-03-15');
const plan = (overrides: Partial<SubscriptionPlan> = {}): SubscriptionPlan => ({
  created, term: 'P1Y', quantity: 20, autoRenew: true, growth: 0, mayReduce: false, ...overrides,
});

describe('subscription timeline', () => {
  it('renews every term while auto-renew is on: the current term ends after the report date', () => {
    const asOf = toDay('2026-10-31');
    const t = simulate(plan(), asOf, createRandom('t', 1));
    expect(t.status).toBe('active');
    expect(t.effectiveStart).toBe(addMonths(created, 24));
    expect(t.commitmentEnd).toBe(addMonths(created, 36) - 1);
    expect(t.commitmentEnd).toBeGreaterThanOrEqual(asOf);
    expect(t.endedOn).toBeNull();
  });

  it('expires the day after the term ends when auto-renew is off', () => {
    const t = simulate(plan({ autoRenew: false }), toDay('2026-10-31'), createRandom('t', 2));
    expect(t.status).toBe('expired');
    expect(t.endedOn).toBe(addMonths(created, 12));
    expect(t.stretches.map((s) => s.status)).toEqual(['active', 'expired']);
    expect(t.stretches[0]!.to).toBe(addMonths(created, 12));
  });

  it('switching auto-renew off mid-term lets the subscription run to the term end, then expire', () => {
    const off = created + 100;
    const t = simulate(plan({ autoRenewOffOn: off }), toDay('2026-10-31'), createRandom('t', 3));
    expect(t.stretches.map((s) => [s.from, s.status, s.autoRenew])).toEqual([
      [created, 'active', true], [off, 'active', false], [addMonths(created, 12), 'expired', false],
    ]);
    expect(t.changes.map((c) => c.kind)).toEqual(['created', 'auto-renew-off']);
  });

  it('a cancellation deletes the subscription on that day', () => {
    const t = simulate(plan({ cancelOn: created + 4 }), toDay('2026-10-31'), createRandom('t', 4));
    expect(t.status).toBe('deleted');
    expect(t.endedOn).toBe(created + 4);
  });

  it('a subscription still suspended at renewal expires', () => {
    const t = simulate(plan({ suspendOn: created + 200 }), toDay('2026-10-31'), createRandom('t', 5));
    expect(t.stretches.map((s) => s.status)).toEqual(['active', 'suspended', 'expired']);
    expect(t.endedOn).toBe(addMonths(created, 12));
  });

  it('an order still being provisioned stays pending, with no history beyond its creation', () => {
    const t = simulate(plan({ initial: 'pending', growth: 1 }), created, createRandom('t', 6));
    expect(t.status).toBe('pending');
    expect(t.stretches).toEqual([{ from: created, to: null, status: 'pending', quantity: 20, autoRenew: true }]);
  });

  it('seats are added at any time but removed only at a renewal; stretches are contiguous and never past the report date', () => {
    const asOf = toDay('2026-10-31');
    let reductions = 0;
    let additions = 0;
    for (let i = 0; i < 300; i++) {
      const r = createRandom('timeline', i);
      const term = r.pick(['P1M', 'P1Y', 'P3Y'] as const);
      const start = created - r.int(0, 900);
      const t = simulate(plan({ created: start, term, growth: 1, mayReduce: true, quantity: r.int(1, 300) }), asOf, r);
      const renewals = new Set<number>();
      for (let k = 1; addMonths(start, k * (term === 'P1M' ? 1 : term === 'P1Y' ? 12 : 36)) <= asOf; k++) {
        renewals.add(addMonths(start, k * (term === 'P1M' ? 1 : term === 'P1Y' ? 12 : 36)));
      }
      t.stretches.forEach((s, k) => {
        expect(s.from).toBeLessThanOrEqual(asOf);
        const next = t.stretches[k + 1];
        expect(s.to).toBe(next ? next.from : null);
        if (next && next.quantity < s.quantity) {
          reductions++;
          expect(renewals.has(next.from)).toBe(true);
        }
        if (next && next.quantity > s.quantity) additions++;
      });
    }
    expect(reductions).toBeGreaterThan(10);
    expect(additions).toBeGreaterThan(10);
  });
});
