import { formatOf } from './measureGraph.js';
import { modelSchema, type DimensionInput, type ModelDefinition, type ModelInput as SchemaInput } from './modelSchema.js';
import { validateModel, type Problem } from './validateModel.js';

export type { ModelDefinition } from './modelSchema.js';

type ColumnDimensionInput = Extract<DimensionInput, { type: 'column' }>;

/** What a models/*.ts file writes: a column dimension may leave out `type: 'column'`. */
export type ModelInput = Omit<SchemaInput, 'dimensions'> & {
  dimensions: Record<string, DimensionInput | Omit<ColumnDimensionInput, 'type'>>;
};

/** A definition that failed validation: every problem, each with its path. */
export class ModelDefinitionError extends Error {
  override readonly name = 'ModelDefinitionError';
  constructor(readonly problems: readonly Problem[]) {
    super(`invalid model definition:\n  ${problems.map((p) => `${p.path}: ${p.message}`).join('\n  ')}`);
  }
}

/** Parses and cross-checks a definition; returns the problems instead of throwing. */
export function checkModel(input: unknown): { model?: ModelDefinition; problems: Problem[] } {
  const named = typeof input === 'object' && input !== null ? String((input as { name?: unknown }).name ?? '(unnamed)') : '(unnamed)';
  const parsed = modelSchema.safeParse(withDefaultTypes(input));
  if (!parsed.success) {
    return {
      problems: parsed.error.issues.map((issue) => ({
        path: `${named} → ${issue.path.join('.') || '(root)'}`,
        message: issue.code === 'unrecognized_keys' ? `${issue.message}` : issue.message,
      })),
    };
  }
  const model = parsed.data;
  const problems = validateModel(model);
  if (problems.length) return { problems };
  // Every measure carries its display format, so renderers never derive it.
  for (const name of Object.keys(model.measures)) model.measures[name]!.format = formatOf(model, name);
  return { model, problems };
}

/** A model definition (models/*.ts): plain data, validated once, all problems reported together. */
export function defineModel(input: ModelInput): ModelDefinition {
  const { model, problems } = checkModel(input);
  if (!model) throw new ModelDefinitionError(problems);
  return model;
}

/** `{ column: 'x' }` reads as a column dimension without saying so. */
function withDefaultTypes(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const dimensions = (input as { dimensions?: unknown }).dimensions;
  if (typeof dimensions !== 'object' || dimensions === null) return input;
  const typed = Object.fromEntries(
    Object.entries(dimensions).map(([name, d]) => [name, typeof d === 'object' && d !== null && !('type' in d) ? { type: 'column', ...d } : d]),
  );
  return { ...input, dimensions: typed };
}
