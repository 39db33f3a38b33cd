import { z } from 'zod';
import { readCollection } from '../paging.js';
import type { PcClient } from '../pcClient.js';

const invoice = z.object({
  id: z.string().min(1),
  invoiceType: z.string().optional(),
  billingPeriodStartDate: z.string().min(10).transform((d) => d.slice(0, 10)),
  billingPeriodEndDate: z.string().min(10).transform((d) => d.slice(0, 10)),
});
export type Invoice = z.output<typeof invoice>;

/**
 * The partner's invoices (Partner Center `GET /v1/invoices`) whose billing period overlaps [from, to].
 * Recurring (license) invoices carry no usage: Graph's billed export is asked only for the others.
 */
export async function invoicesOverlapping(client: PcClient, from: string, to: string): Promise<Invoice[]> {
  const found: Invoice[] = [];
  await readCollection(client, '/v1/invoices', {
    onPage(items) {
      for (const item of items) {
        const parsed = invoice.safeParse(item);
        if (!parsed.success) continue;
        const i = parsed.data;
        if (i.invoiceType?.toLowerCase() === 'recurring') continue;
        if (i.billingPeriodStartDate <= to && i.billingPeriodEndDate >= from) found.push(i);
      }
    },
    onRestart() {
      found.length = 0;
    },
  });
  return found.sort((a, b) => a.billingPeriodStartDate.localeCompare(b.billingPeriodStartDate) || a.id.localeCompare(b.id));
}
