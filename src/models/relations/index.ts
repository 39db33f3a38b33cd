import { activityRecords } from './activityRecords.js';
import { azureBudgets } from './azureBudgets.js';
import { azureUsage } from './azureUsage.js';
import { customerEvents } from './customerEvents.js';
import { licenseChanges } from './licenseChanges.js';
import { licenseSnapshots } from './licenseSnapshots.js';
import type { Relation } from './relation.js';
import { renewals } from './renewals.js';
import { subscriptionEvents } from './subscriptionEvents.js';
import { subscriptionStatus } from './subscriptionStatus.js';
import { userLicenses } from './userLicenses.js';
import { workloadUsage } from './workloadUsage.js';

/** Every relation a model may read, by name: the one place a relation is registered. */
export const relations: Readonly<Record<string, Relation>> = Object.fromEntries(
  [activityRecords, azureBudgets, azureUsage, customerEvents, licenseChanges, licenseSnapshots, renewals, subscriptionEvents,
    subscriptionStatus, userLicenses, workloadUsage].map((r) => [r.name, r]),
);
