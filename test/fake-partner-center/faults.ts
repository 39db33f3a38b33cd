// Fault switches for the fake Partner Center. A fault matches API requests (by path, page, or whether
// they carry a continuation token), lets the first `skip` matches through, then acts on the next `times`.

export interface FaultMatch {
  /** Pathname (exact string) or pattern, e.g. '/v1/customers' or /subscriptions$/. */
  path?: string | RegExp;
  /** 1-based page of a collection or analytics endpoint. */
  page?: number;
}

export type FaultAction =
  /**
   * Answer with this status; `retryAfter` as seconds ("7") or `{ dateInSeconds: 10 }` for an HTTP date;
   * `echoToken` puts the request's bearer token in the error text, as a careless server might.
   */
  | { kind: 'status'; status: number; retryAfter?: string | { dateInSeconds: number }; description?: string; echoToken?: boolean }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /**
   * Revoke the access token the request carries and answer 401, as an expired token would;
   * `refuseRefresh` also makes the token endpoint refuse the refresh token from then on.
   */
  | { kind: 'expire-token'; refuseRefresh?: boolean }
  /** Answer 400 "continuation token expired" (only requests that carry one match). */
  | { kind: 'expire-continuation' }
  /** Serve the page, but link it to the continuation token the request carried: a paging loop. */
  | { kind: 'repeat-token' };

export type Fault = FaultAction & FaultMatch & { skip?: number; times?: number };

export interface ActiveFault {
  fault: Fault;
  seen: number;
  fired: number;
}

export interface RequestFacts {
  path: string;
  page: number | undefined;
  continued: boolean;
}

export function matches(active: ActiveFault, facts: RequestFacts): boolean {
  const { fault } = active;
  if (fault.kind === 'expire-continuation' && !facts.continued) return false;
  if (fault.path !== undefined && !(typeof fault.path === 'string' ? fault.path === facts.path : fault.path.test(facts.path))) return false;
  if (fault.page !== undefined && fault.page !== facts.page) return false;
  return true;
}

/** The first fault that fires for this request, counting matches as it goes. */
export function fire(faults: ActiveFault[], facts: RequestFacts): Fault | undefined {
  for (const active of faults) {
    if (!matches(active, facts)) continue;
    if (active.fired >= (active.fault.times ?? 1)) continue;
    active.seen++;
    if (active.seen <= (active.fault.skip ?? 0)) continue;
    active.fired++;
    return active.fault;
  }
  return undefined;
}

export function retryAfterHeader(value: string | { dateInSeconds: number }): string {
  if (typeof value === 'string') return value;
  // Rounded up to the next whole second: an HTTP date has no fractions, and it must not come early.
  return new Date(Math.ceil((Date.now() + value.dateInSeconds * 1000) / 1000) * 1000).toUTCString();
}
