// Every semantic model, one file each; names are part of the contract (SPEC §4).
import activity from './activity.js';
import azure from './azure.js';
import customers from './customers.js';
import licenses from './licenses.js';
import subscriptions from './subscriptions.js';
import usage from './usage.js';
import users from './users.js';

export const models = [customers, subscriptions, licenses, usage, users, azure, activity] as const;
