// Structured logs on stderr: one JSON object per line when not attached to a terminal (for log
// collectors), a short human line on a terminal. Every secret the process knows is redacted from every
// field before anything is written, so a token in an error message cannot leak through a log.

type Level = 'debug' | 'info' | 'warn' | 'error';
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const secrets = new Set<string>();

/** Registers a value that must never appear in logs, errors, reports or emails. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

/** Environment variables whose values are secrets, whatever their exact names. */
export function registerSecretsFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  for (const [key, value] of Object.entries(env)) {
    if (/SECRET|TOKEN|PASSWORD|API_KEY|APIKEY|PRIVATE/i.test(key)) registerSecret(value);
  }
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  // Bearer tokens and refresh tokens that were never registered (e.g. fresh access tokens).
  return out.replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/g, '$1[redacted]');
}

function threshold(): number {
  const level = (process.env.PARTNERLENS_LOG_LEVEL ?? 'info') as Level;
  return order[level] ?? order.info;
}

let verbose = false;

/**
 * On a terminal a person reads progress and the command's summary: run and aggregate events would only
 * interleave with them, so there only warnings and errors are shown unless `--verbose`. Off a terminal
 * every event is a JSON line for the log collector.
 */
export function setVerbose(on: boolean): void {
  verbose = on;
}

function write(level: Level, event: string, fields: Record<string, unknown> = {}): void {
  if (order[level] < threshold()) return;
  if (process.stderr.isTTY) {
    if (!verbose && order[level] < order.warn) return;
    const detail = Object.entries(fields)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    process.stderr.write(redact(`${level === 'info' ? '' : level + ': '}${event}${detail ? ' ' + detail : ''}`) + '\n');
  } else {
    process.stderr.write(redact(JSON.stringify({ at: new Date().toISOString(), level, event, ...fields })) + '\n');
  }
}

export const log = {
  debug: (event: string, fields?: Record<string, unknown>) => write('debug', event, fields),
  info: (event: string, fields?: Record<string, unknown>) => write('info', event, fields),
  warn: (event: string, fields?: Record<string, unknown>) => write('warn', event, fields),
  error: (event: string, fields?: Record<string, unknown>) => write('error', event, fields),
};
