import { defineReport } from '../src/reports/defineReport.js';
import { lowAdoptionCustomers, upsellCandidates } from './shared/adoption.js';

export default defineReport({
  name: 'subscription-insights',
  title: 'Subscription insights',
  description: 'Subscriptions by status, product and term; what expires or renews in the next 30 days; trials that converted.',
  pages: [
    {
      title: 'Subscriptions',
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
          title: 'Active subscriptions, month by month',
          sheet: 'Active subscriptions by month',
          kind: 'line',
          query: { model: 'subscriptions', measures: ['activeSubscriptions', 'suspendedSubscriptions'], by: ['date:month'], window: 'trailing-12-months' },
          x: 'date',
          y: ['activeSubscriptions', 'suspendedSubscriptions'],
        },
        {
          id: 'by-status',
          title: 'Subscriptions by status',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['subscriptions'], by: ['status'], window: 'latest' },
          x: 'status',
          y: ['subscriptions'],
        },
        {
          id: 'by-product',
          title: 'Active subscriptions by product',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['activeSubscriptions'], by: ['product'], window: 'latest' },
          x: 'product',
          y: ['activeSubscriptions'],
          top: 12,
        },
        {
          id: 'by-term',
          title: 'Active subscriptions by term',
          kind: 'bar',
          query: { model: 'subscriptions', measures: ['activeSubscriptions'], by: ['term'], window: 'latest' },
          x: 'term',
          y: ['activeSubscriptions'],
        },
      ],
      tables: [
        {
          id: 'expiring-soon',
          title: 'Subscriptions expiring or renewing in the next 30 days',
          sheet: 'Expiring or renewing',
          note: 'Expiring: term ends and auto-renew is off — renew or replace before the customer loses service. Renewing: last chance to change quantities.',
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
          title: 'Subscription status by customer and product',
          sheet: 'Status by customer',
          query: { model: 'subscriptions', measures: ['subscriptions', 'activeSubscriptions', 'suspendedSubscriptions', 'deprovisionedSubscriptions'], by: ['customer', 'product', 'billingType', 'term'], window: 'latest' },
        },
      ],
    },
    { title: 'Act on it', tables: [lowAdoptionCustomers, upsellCandidates] },
  ],
});
