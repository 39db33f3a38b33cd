import { catalogueKeys } from '../locale/catalogueKeys.js';
import type { Localizer } from '../locale/localizer.js';
import { listModels } from '../models/query.js';

// The texts of a resolved report that come from the models, in the report's locale: column labels and
// descriptions, and the words a model itself puts in its answers (bucket names).

/**
 * A column's label and description in the report's locale. The catalogue has every model's; a runner
 * answering for something else (a test's own model) labels its columns itself.
 */
export function textsOf(l: Localizer, model: string, name: string, role: 'dimension' | 'measure', meta: { label?: string; description?: string } | undefined): { label: string; description?: string } {
  const key = role === 'measure' ? catalogueKeys.measure : catalogueKeys.dimension;
  const label = l.optional(key(model, name, 'label')) ?? meta?.label ?? name;
  const description = l.optional(key(model, name, 'description')) ?? (l.has(key(model, name, 'label')) ? undefined : meta?.description);
  return description ? { label, description } : { label };
}

/**
 * The values bucket dimensions produce ("none sold", "0-20%"), as the catalogue says them in the report's
 * locale: they are the model's words, not the partner's data. Queries and filters keep the values.
 */
export function bucketTexts(model: string, dimensions: readonly string[], l: Localizer): Map<string, Map<string, string>> {
  const definition = listModels().find((m) => m.name === model);
  const texts = new Map<string, Map<string, string>>();
  for (const name of dimensions) {
    const dimension = definition?.dimensions[name];
    if (dimension?.type !== 'bucket') continue;
    const values = [...dimension.buckets.map((b) => b.label), dimension.otherwise, dimension.whenNull];
    texts.set(name, new Map(values.map((v) => [v, l.optional(catalogueKeys.dimensionValue(model, name, v)) ?? v])));
  }
  return texts;
}
