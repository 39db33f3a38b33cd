import { z } from 'zod';

// The wrappers around items, parsed at the boundary. Items themselves stay `unknown` here: each is parsed
// on its own by its resource's schema, so that one bad item is one rejected row, not a failed page.

const linkHeader = z.object({ key: z.string(), value: z.string() });

/** `{ totalCount, items, links: { next: { uri, headers: [{ key: "MS-ContinuationToken", value }] } } }` */
export const collectionEnvelope = z.object({
  totalCount: z.number().optional(),
  items: z.array(z.unknown()),
  links: z
    .object({
      next: z.object({ uri: z.string().min(1), headers: z.array(linkHeader).optional() }).nullish(),
    })
    .nullish(),
});

/**
 * Analytics pages: Microsoft's documentation writes `value`/`totalCount`, its samples `Value`/`TotalCount`;
 * both arrive in practice, so both are read.
 */
export const analyticsEnvelope = z
  .object({
    value: z.array(z.unknown()).optional(),
    Value: z.array(z.unknown()).optional(),
    totalCount: z.number().optional(),
    TotalCount: z.number().optional(),
  })
  .transform((e, context) => {
    const items = e.value ?? e.Value;
    if (!items) {
      context.addIssue({ code: 'custom', message: 'no "value" (or "Value") array' });
      return z.NEVER;
    }
    return { items, totalCount: e.totalCount ?? e.TotalCount };
  });

/** The first zod issue as `path: message`, for one-line causes. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  return `${issue.path.length ? issue.path.join('.') + ': ' : ''}${issue.message}`;
}
