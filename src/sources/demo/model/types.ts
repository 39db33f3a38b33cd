import type { DemoSettings, DemoWindow } from '../demoSettings.js';

// The demo partner's dimension data, generated in TypeScript (small: thousands of rows). Days are whole
// days since 1970-01-01. Facts (daily snapshots, usage, Azure lines) are derived from these in SQL.

export const subscriptionStatuses = ['active', 'pending', 'suspended', 'expired', 'deleted'] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];
export type Term = 'P1M' | 'P1Y' | 'P3Y';
export type Currency = 'USD' | 'EUR' | 'GBP';

export interface DemoPartnerInfo {
  id: string;
  name: string;
  mpnId: string;
  domain: string;
  /** The partner's automation app (audit records made by it carry its id). */
  applicationId: string;
  staff: readonly { name: string; upn: string }[];
}

export interface DemoCustomer {
  index: number;
  id: string;
  name: string;
  domain: string;
  country: string;
  currency: Currency;
  relationship: 'reseller';
  salt: number;
  /** The day the customer came to the partner. */
  since: number;
  /** The day its last subscription ended, for customers that left. */
  churnedOn: number | null;
  staff: number;
  /** How much its users use what they have (0.45–0.95). */
  engagement: number;
  /** Reports more active than assigned users on some workloads (Partner Center shows >100 %). */
  overuse: boolean;
  azure: boolean;
}

/** A stretch of days with the same status, quantity and auto-renew (type-2 history); `to` exclusive. */
export interface Stretch {
  from: number;
  to: number | null;
  status: SubscriptionStatus;
  quantity: number;
  autoRenew: boolean;
}

export interface SubscriptionChange {
  day: number;
  kind: 'created' | 'quantity' | 'suspended' | 'resumed' | 'cancelled' | 'auto-renew-off' | 'converted';
  before?: number | boolean | string;
  after?: number | boolean | string;
}

export interface DemoSubscription {
  id: string;
  customerId: string;
  customerIndex: number;
  offerId: string;
  offerName: string;
  friendlyName: string;
  /** The licence SKU key, or null for the Azure plan. */
  skuKey: string | null;
  billingType: 'license' | 'usage';
  billingCycle: 'monthly' | 'annual' | 'triennial' | 'none';
  term: Term | null;
  isTrial: boolean;
  created: number;
  effectiveStart: number;
  commitmentEnd: number | null;
  endedOn: number | null;
  status: SubscriptionStatus;
  quantity: number;
  autoRenew: boolean;
  entitlementId: string;
  /** Share of the units assigned to users once deployed (1 = at capacity). */
  deployment: number;
  salt: number;
  stretches: readonly Stretch[];
  changes: readonly SubscriptionChange[];
  /** The trial this paid subscription was converted from. */
  convertedFrom: string | null;
}

/** An Azure subscription (the reconciliation file's EntitlementId) under a customer's Azure plan. */
export interface DemoEntitlement {
  id: string;
  customerId: string;
  planSubscriptionId: string;
  name: string;
}

export interface DemoResource {
  customerId: string;
  entitlementId: string;
  meterKey: string;
  meterId: string;
  resourceGroup: string;
  name: string;
  meterRegion: string;
  location: string;
  tags: string;
  /** First and last day it runs (inclusive). */
  start: number;
  end: number;
  instances: number;
  base: number;
  /** Relative change of usage per day (trend). */
  growth: number;
  /** A stretch of runaway usage (a misconfiguration), multiplying usage by `spikeFactor`. */
  spikeStart: number | null;
  spikeEnd: number | null;
  spikeFactor: number;
  salt: number;
}

export interface AuditEvent {
  id: string;
  day: number;
  /** Seconds after midnight UTC. */
  second: number;
  customerId: string;
  customerName: string;
  upn: string;
  applicationId: string | null;
  resourceType: string;
  operationType: string;
  status: 'succeeded' | 'failed' | 'progress';
  oldValue: string | null;
  newValue: string | null;
  customized: Readonly<Record<string, string>>;
}

export interface DemoPartner {
  settings: DemoSettings;
  window: DemoWindow;
  partner: DemoPartnerInfo;
  customers: readonly DemoCustomer[];
  subscriptions: readonly DemoSubscription[];
  entitlements: readonly DemoEntitlement[];
  resources: readonly DemoResource[];
  events: readonly AuditEvent[];
}
