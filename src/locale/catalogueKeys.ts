// Catalogue keys of the texts of definitions, derived from names and ids so that a definition holds no
// text: `models/*.ts` and `reports/*.ts` name things, `locales/*.json` say them. Texts the machinery
// writes (headings, sheet names, messages) are literal keys in the code: `l.t('ui.about.sheet')`.

export type ModelTextField = 'label' | 'description';
export type ItemTextField = 'title' | 'description' | 'note' | 'sheet';

export const catalogueKeys = {
  model: (model: string, field: ModelTextField) => `model.${model}.${field}`,
  measure: (model: string, measure: string, field: ModelTextField) => `model.${model}.measure.${measure}.${field}`,
  dimension: (model: string, dimension: string, field: ModelTextField) => `model.${model}.dimension.${dimension}.${field}`,
  /** A value a model itself produces (a bucket: "0-20%", "never"), as a reader reads it; the query keeps the value. */
  dimensionValue: (model: string, dimension: string, value: string) => `model.${model}.dimension.${dimension}.value.${value}`,
  report: (report: string, field: 'title' | 'description') => `report.${report}.${field}`,
  /** Pages have no ids: their place in the report names them. */
  page: (report: string, index: number) => `report.${report}.page.${index}.title`,
  /** Chart ids are a report's own (two reports may each have a `customers-trend`). */
  chart: (report: string, chart: string, field: ItemTextField) => `report.${report}.chart.${chart}.${field}`,
  /** Table ids are shared: the same table (reports/shared/adoption.ts) ends several reports. */
  table: (table: string, field: ItemTextField) => `table.${table}.${field}`,
} as const;
