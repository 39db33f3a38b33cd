// The few errors a user can act on. Each maps to one exit code and one HTTP status (see `exitCodeOf`,
// `httpStatusOf`); anything else is a programmer mistake and surfaces as exit 1 / HTTP 500.

/** Bad input the user can fix: a file, a line, a field, what was expected. */
export class InputError extends Error {
  override readonly name = 'InputError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;
  constructor(message: string, where: { file?: string; line?: number; field?: string; cause?: unknown } = {}) {
    super(formatWhere(where) + message, { cause: where.cause });
    this.file = where.file;
    this.line = where.line;
    this.field = where.field;
  }
}

/** Bad command-line usage or an unknown name in a request. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The caller does not hold the role the action needs. */
export class AccessError extends Error {
  override readonly name = 'AccessError';
  readonly status: 401 | 403;
  constructor(message: string, { status = 403 }: { status?: 401 | 403 } = {}) {
    super(message);
    this.status = status;
  }
}

/** Another writer holds the warehouse. */
export class BusyError extends Error {
  override readonly name = 'BusyError';
  readonly holder: string | undefined;
  /** The run already doing the same work, when that is why (HTTP 409 names it). */
  readonly runId: number | undefined;
  constructor(message: string, { holder, runId }: { holder?: string; runId?: number } = {}) {
    super(message);
    this.holder = holder;
    this.runId = runId;
  }
}

/** A remote source (Partner Center, SMTP) failed in a way retries did not fix. */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  readonly status: number | undefined;
  constructor(message: string, { status, cause }: { status?: number; cause?: unknown } = {}) {
    super(message, { cause });
    this.status = status;
  }
}

/** Configuration is missing, malformed or lacks a needed secret. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function formatWhere({ file, line, field }: { file?: string; line?: number; field?: string }): string {
  const parts: string[] = [];
  if (file !== undefined) parts.push(line !== undefined ? `${file}:${line}` : file);
  else if (line !== undefined) parts.push(`line ${line}`);
  if (field !== undefined) parts.push(`field ${field}`);
  return parts.length ? parts.join(', ') + ': ' : '';
}

export const EXIT = { ok: 0, failure: 1, usage: 2, refused: 3, busy: 4 } as const;

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof AccessError) return EXIT.refused;
  if (error instanceof BusyError) return EXIT.busy;
  return EXIT.failure;
}

export function httpStatusOf(error: unknown): number {
  if (error instanceof UsageError || error instanceof InputError) return 400;
  if (error instanceof AccessError) return error.status;
  if (error instanceof BusyError) return 409;
  if (error instanceof SourceError) return 502;
  return 500;
}

/** One line, safe to print: secrets are redacted by the logger, newlines folded here. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
