import { addMonths } from '../days.js';
import type { Random } from '../random.js';
import type { Stretch, SubscriptionChange, SubscriptionStatus, Term } from './types.js';

/** What is decided up front about one subscription; `simulate` plays it out term by term. */
export interface SubscriptionPlan {
  created: number;
  term: Term;
  quantity: number;
  autoRenew: boolean;
  /** Status on creation: `pending` for an order still being provisioned on the report date. */
  initial?: 'active' | 'pending';
  suspendOn?: number;
  resumeOn?: number;
  /** Cancelled (NCE: within the 7-day window after purchase or renewal). */
  cancelOn?: number;
  autoRenewOffOn?: number;
  /** A hard end (trial end, customer leaving) with the status it ends in. */
  endOn?: number;
  endStatus?: 'expired' | 'deleted';
  /** How eager the customer is to add seats (0–1). */
  growth: number;
  /** Whether seats may drop at renewal (new commerce: reductions only then). */
  mayReduce: boolean;
}

export interface Timeline {
  stretches: Stretch[];
  changes: SubscriptionChange[];
  status: SubscriptionStatus;
  quantity: number;
  autoRenew: boolean;
  effectiveStart: number;
  commitmentEnd: number;
  endedOn: number | null;
}

const termMonths: Record<Term, number> = { P1M: 1, P1Y: 12, P3Y: 36 };
const addChance: Record<Term, number> = { P1M: 0.1, P1Y: 0.55, P3Y: 0.85 };

/**
 * Plays a subscription from creation to `asOf`: seat additions within a term, reductions only at
 * renewal, suspension, cancellation, auto-renew switched off, expiry at a term end without auto-renew.
 * Returns the type-2 history (stretches) and the changes a partner's staff made (for audit records).
 */
export function simulate(plan: SubscriptionPlan, asOf: number, r: Random): Timeline {
  const months = termMonths[plan.term];
  // Terms run from the creation anniversary (a term bought on 31 January renews on the last day of
  // short months, then on the 31st again), so each is computed from the creation day.
  let term = 1;
  let termStart = plan.created;
  let termEnd = addMonths(plan.created, months) - 1;
  let state: { status: SubscriptionStatus; quantity: number; autoRenew: boolean } = {
    status: plan.initial ?? 'active',
    quantity: plan.quantity,
    autoRenew: plan.autoRenew,
  };
  const stretches: Stretch[] = [{ from: plan.created, to: null, ...state }];
  const changes: SubscriptionChange[] = [{ day: plan.created, kind: 'created', after: plan.quantity }];
  let endedOn: number | null = null;

  const change = (day: number, patch: Partial<typeof state>) => {
    const last = stretches[stretches.length - 1]!;
    state = { ...state, ...patch };
    if (last.from === day) Object.assign(last, state);
    else {
      last.to = day;
      stretches.push({ from: day, to: null, ...state });
    }
  };

  const events = [
    plan.suspendOn !== undefined ? { day: plan.suspendOn, kind: 'suspend' as const } : null,
    plan.resumeOn !== undefined ? { day: plan.resumeOn, kind: 'resume' as const } : null,
    plan.cancelOn !== undefined ? { day: plan.cancelOn, kind: 'cancel' as const } : null,
    plan.autoRenewOffOn !== undefined ? { day: plan.autoRenewOffOn, kind: 'auto-renew-off' as const } : null,
    plan.endOn !== undefined ? { day: plan.endOn, kind: 'end' as const } : null,
  ].filter((e): e is NonNullable<typeof e> => e !== null && e.day <= asOf && e.day >= plan.created);
  events.sort((a, b) => a.day - b.day);

  while (state.status !== 'pending') {
    // Seats added during the term (allowed any time), before the term's own events.
    if (r.next() < addChance[plan.term] * plan.growth) {
      const day = termStart + r.int(3, Math.max(3, termEnd - termStart - 3));
      const firstEvent = events.find((e) => e.day >= termStart)?.day ?? Infinity;
      if (day <= asOf && day <= termEnd && day < firstEvent && state.status === 'active') {
        const added = Math.max(1, Math.round(state.quantity * (0.05 + 0.2 * r.next())));
        changes.push({ day, kind: 'quantity', before: state.quantity, after: state.quantity + added });
        change(day, { quantity: state.quantity + added });
      }
    }
    for (const event of events.filter((e) => e.day >= termStart && e.day <= termEnd)) {
      if (endedOn !== null) break;
      if (event.kind === 'suspend' && state.status === 'active') {
        changes.push({ day: event.day, kind: 'suspended', before: 'active', after: 'suspended' });
        change(event.day, { status: 'suspended' });
      } else if (event.kind === 'resume' && state.status === 'suspended') {
        changes.push({ day: event.day, kind: 'resumed', before: 'suspended', after: 'active' });
        change(event.day, { status: 'active' });
      } else if (event.kind === 'cancel') {
        changes.push({ day: event.day, kind: 'cancelled', before: state.status, after: 'deleted' });
        change(event.day, { status: 'deleted' });
        endedOn = event.day;
      } else if (event.kind === 'auto-renew-off' && state.autoRenew) {
        changes.push({ day: event.day, kind: 'auto-renew-off', before: true, after: false });
        change(event.day, { autoRenew: false });
      } else if (event.kind === 'end') {
        change(event.day, { status: plan.endStatus ?? 'expired' });
        endedOn = event.day;
      }
    }
    if (endedOn !== null || termEnd >= asOf) break;

    // Renewal the day after the term ends: without auto-renew (or while suspended) it expires.
    const renewal = termEnd + 1;
    if (!state.autoRenew || state.status === 'suspended') {
      change(renewal, { status: 'expired' });
      endedOn = renewal;
      break;
    }
    term += 1;
    termStart = renewal;
    termEnd = addMonths(plan.created, months * term) - 1;
    const roll = r.next();
    if (plan.mayReduce && roll < 0.22 && state.quantity > 1) {
      const removed = Math.max(1, Math.round(state.quantity * (0.05 + 0.2 * r.next())));
      const after = Math.max(1, state.quantity - removed);
      changes.push({ day: renewal, kind: 'quantity', before: state.quantity, after });
      change(renewal, { quantity: after });
    } else if (roll > 0.93) {
      const after = state.quantity + Math.max(1, Math.round(state.quantity * 0.1));
      changes.push({ day: renewal, kind: 'quantity', before: state.quantity, after });
      change(renewal, { quantity: after });
    }
  }

  return {
    stretches,
    changes: changes.filter((c) => c.day <= asOf),
    status: state.status,
    quantity: state.quantity,
    autoRenew: state.autoRenew,
    effectiveStart: termStart,
    commitmentEnd: termEnd,
    endedOn,
  };
}
