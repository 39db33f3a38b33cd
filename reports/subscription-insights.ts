import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'subscription-insights',
  pages: [
    {
      kpis: [
        { model: 'subscriptions', measure: 'activeSubscriptions' },
        { model: 'subscriptions', measure: 'suspendedSubscriptions', better: 'down' },
        { model: 'subscriptions', measure: 'deprovisionedSubscriptions', better: 'down' },
        { model: 'subscriptions', measure: 'newSubscriptions' },
        { model: 'subscriptions', measure: 'expiringIn30Days', better: 'neutral' },
        { model: 'subscriptions', measure: 'renewingIn30Days', better: 'neutral' },
        { model: 'subscriptions', measure: 'trialConversions' },
      ],
      charts: [
        {
          id: 'active-trend',
          kind: 'line',
          query: { model: 'subscriptions', measures: ['activeSubscriptions', 'suspendedSubscriptions'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['activeSubscriptions', 'suspendedSubscriptions'],
        },
        {
          id: 'by-status',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['subscriptions'], by: ['status'], window: 'latest' },
          x: 'status',
          y: ['subscriptions'],
        },
        {
          id: 'by-product',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['activeSubscriptions'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['activeSubscriptions'],
          top: 12,
        },
        {
          id: 'by-term',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['activeSubscriptions'], by: ['term'], window: 'latest' },
          x: 'term',
          y: ['activeSubscriptions'],
        },
      ],
      tables: [
        {
          id: 'expiring-soon',
          query: {
            model: 'subscriptions',
            measures: ['expiringIn30Days', 'renewingIn30Days'],
            by: ['customer', 'product', 'term'],
            window: 'latest',
            keep: { any: [{ column: 'expiringIn30Days', op: '>', value: 0 }, { column: 'renewingIn30Days', op: '>', value: 0 }] },
            orderBy: [{ name: 'expiringIn30Days', desc: true }],
          },
        },
        {
          id: 'status-by-customer',
          query: { model: 'subscriptions', measures: ['subscriptions', 'activeSubscriptions', 'suspendedSubscriptions', 'deprovisionedSubscriptions'], by: ['customer', 'product', 'billingType', 'term'], window: 'latest' },
        },
      ],
    },
    { tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
