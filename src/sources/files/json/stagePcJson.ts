import { createCollector } from '../../partner-center/pulls/collector.js';
import type { StageContext } from '../../source.js';
import { readPcPage, type PcJsonFormat } from './pcJsonFormats.js';

/**
 * Loads a saved Partner Center page through the partner-center source's own item schemas and collector:
 * good items are staged, bad ones rejected with the field and the item's text, exactly as an API pull.
 */
export async function stagePcJson(
  stage: StageContext,
  { file, format, customer, day }: { file: string; format: PcJsonFormat; customer: string | undefined; day: string },
): Promise<{ read: number; rejected: number }> {
  const { items } = await readPcPage(file);
  const collector = await createCollector(stage, [format.table]);
  try {
    const schema = format.schema({ day, customerOf: (item) => customer ?? customerFromLinks(item) });
    collector.items(file, file, format.table, schema, items);
    const { read, rejected } = await collector.finish();
    if (format.afterStage) await format.afterStage({ stage, period: { from: day, to: day } });
    return { read, rejected };
  } finally {
    await collector.drop();
  }
}

/** `links.self.uri` of a customer's resource reads `…/customers/{id}/…`. */
function customerFromLinks(item: unknown): string | null {
  const uri = (item as { links?: { self?: { uri?: unknown } } } | null)?.links?.self?.uri;
  if (typeof uri !== 'string') return null;
  return /customers\/([^/?#]+)/i.exec(uri)?.[1] ?? null;
}
