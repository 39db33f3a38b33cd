import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { defaultLocale } from '../locale/locales.js';
import { localeSchema } from '../locale/parseLocale.js';
import { schedulerSchema, schedulesSchema } from './schedulesConfig.js';

// The configuration file holds settings only; secrets come from the environment alone, so that a
// config file can be committed, shared and printed without leaking anything.

const partnerCenterSchema = z
  .object({
    apiUrl: z.url().default('https://api.partnercenter.microsoft.com'),
    authority: z.url().default('https://login.microsoftonline.com'),
    tenantId: z.string().min(1).optional(),
    clientId: z.string().min(1).optional(),
    /** Customers fetched at once; lowered automatically after a 429. */
    concurrency: z.number().int().min(1).max(64).default(8),
    timeoutMs: z.number().int().min(100).default(30_000),
    maxAttempts: z.number().int().min(1).max(20).default(6),
    pageSize: z.number().int().min(1).max(1000).default(500),
    /** Billing currencies whose unbilled Azure usage is read (the API asks for one currency per call). */
    currencies: z.array(z.string().regex(/^[A-Za-z]{3}$/, 'a 3-letter currency code')).min(1).default(['USD']),
  })
  .strict();

const alertSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, ".", "_" and "-"'),
    description: z.string().optional(),
    /** The model queried (not with maxAge). */
    model: z.string().min(1).optional(),
    /** The measure checked, per subject (not with maxAge). */
    measure: z.string().min(1).optional(),
    /**
     * A staleness alert instead of a model query: breach when the newest load of a dataset from a source
     * finished longer ago than this ("90m", "36h", "2d"). One subject per dataset and source.
     */
    maxAge: z.string().regex(/^\s*0*[1-9]\d{0,6}\s*[mhd]\s*$/i, 'a duration like 90m, 36h or 2d').optional(),
    /** With maxAge: the datasets (warehouse tables) watched; one never loaded is in breach. Default: all loaded. */
    datasets: z.array(z.string().min(1)).min(1).optional(),
    /** Dimensions naming the subject (e.g. customerId and currency): one breach per subject. */
    by: z.array(z.string().min(1)).default([]),
    where: z.array(z.object({ dimension: z.string(), values: z.array(z.string()) }).strict()).default([]),
    /** Breach when the measure exceeds this other measure on the same row (e.g. budgetAmount). */
    against: z.string().min(1).optional(),
    above: z.number().optional(),
    below: z.number().optional(),
    /** Breach when the measure fell by more than this (in its own unit; points for a rate 0–1 use 0.1) against the previous period. */
    dropBy: z.number().positive().optional(),
    /** The checked period: the calendar month of the newest data, or the last N days up to it. */
    period: z.union([z.literal('month'), z.number().int().min(1).max(366)]).default('month'),
    snoozeHours: z.number().min(0).default(24),
    channels: z.array(z.enum(['email', 'outbox', 'webhook'])).min(1).default(['email']),
    /** The URL is a secret (it carries the hook's token): give it here or, better, name an environment variable. */
    webhook: z.object({ url: z.string().min(1).optional(), urlEnv: z.string().min(1).optional(), format: z.enum(['teams', 'slack']).default('teams') }).strict().optional(),
  })
  .strict();

export type AlertDefinition = z.output<typeof alertSchema>;

/** Microsoft Graph: Azure usage from the partner billing export, per-user activity from reports over GDAP. */
const graphSchema = z
  .object({
    apiUrl: z.url().default('https://graph.microsoft.com'),
    /** Token authority for Graph; the Partner Center one when absent (the same Azure AD). */
    authority: z.url().optional(),
    /** Where `azure-usage --source partner-center` reads from: Graph's billing export, or the retired v1 line items. */
    azureUsage: z.enum(['export', 'v1-lineitems']).default('export'),
    /** Per-user activity from each customer's tenant (GDAP) in the `workload-usage` job. */
    userActivity: z.boolean().default(true),
    /** Longest a run waits for one export operation to finish, polls included. */
    exportWaitMs: z.number().int().min(1_000).default(30 * 60_000),
    /** Blobs of one export downloaded at once. */
    blobConcurrency: z.number().int().min(1).max(32).default(4),
  })
  .strict();

export const configSchema = z
  .object({
    warehouse: z
      .object({
        path: z.string().min(1).default('./data/partnerlens.duckdb'),
        memoryLimit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, 'a size like "1GB"').default('1GB'),
      })
      .strict()
      .default({ path: './data/partnerlens.duckdb', memoryLimit: '1GB' }),
    /** The language and formats of packs (and mails, embedded pages) when a command or delivery names none. */
    locale: localeSchema.default(defaultLocale),
    partnerCenter: partnerCenterSchema.default(partnerCenterSchema.parse({})),
    graph: graphSchema.default(graphSchema.parse({})),
    /** The embedded view (`/embed/<report>`): the portal origins allowed to frame it; none: it cannot be framed. */
    embed: z
      .object({ frameAncestors: z.array(z.string().regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d+)?$/, 'an origin like https://portal.contoso.com')).default([]) })
      .strict()
      .default({ frameAncestors: [] }),
    files: z
      .object({
        /** Folder `run <job> --source files` reads export files from. */
        inbox: z.string().min(1).default('./inbox'),
        /** Share of rejected rows above which a file is refused whole. */
        rejectThreshold: z.number().min(0).max(1).default(0.05),
      })
      .strict()
      .default({ inbox: './inbox', rejectThreshold: 0.05 }),
    demo: z
      .object({
        seed: z.number().int().default(1),
        customers: z.number().int().min(1).default(60),
        months: z.number().int().min(1).max(60).default(13),
      })
      .strict()
      .default({ seed: 1, customers: 60, months: 13 }),
    /** Outgoing mail for deliveries and alerts; the password comes from PARTNERLENS_SMTP_PASSWORD only. */
    smtp: z
      .object({
        host: z.string().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** starttls: upgrade required (587); implicit: TLS from the first byte (465); none: plain (a relay on localhost). */
        tls: z.enum(['starttls', 'implicit', 'none']).default('starttls'),
        user: z.string().min(1).optional(),
        from: z.email(),
        timeoutMs: z.number().int().min(100).default(30_000),
      })
      .strict()
      .optional(),
    delivery: z
      .object({
        /** A pack larger than this is not attached (mail servers refuse near 25 MB): the mail says where it is. */
        maxAttachmentMB: z.number().positive().default(20),
        /** Where `deliver` writes outbox packs unless --outbox says otherwise. */
        outbox: z.string().min(1).default('./outbox'),
        /** Tries per message on transient SMTP failures (4xx, connection), with doubling waits. */
        attempts: z.number().int().min(1).max(10).default(4),
        retryDelayMs: z.number().int().min(0).default(2_000),
      })
      .strict()
      .default({ maxAttachmentMB: 20, outbox: './outbox', attempts: 4, retryDelayMs: 2_000 }),
    /** Hosts (as written in webhook URLs) allowed although they resolve to private or loopback addresses. */
    webhooks: z.object({ allowPrivateHosts: z.array(z.string().min(1)).default([]) }).strict().default({ allowPrivateHosts: [] }),
    /** Conditions on model queries checked after each load and by `alerts check` (SPEC §6). */
    alerts: z.array(alertSchema).default([]).superRefine((alerts, ctx) => {
      const seen = new Set<string>();
      alerts.forEach((a, i) => {
        if (seen.has(a.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `duplicate alert id "${a.id}"` });
        seen.add(a.id);
        const modelCondition = a.against !== undefined || a.above !== undefined || a.below !== undefined || a.dropBy !== undefined;
        if (a.maxAge !== undefined) {
          if (a.model !== undefined || a.measure !== undefined || modelCondition || a.by.length || a.where.length) {
            ctx.addIssue({ code: 'custom', path: [i, 'maxAge'], message: 'a staleness alert (maxAge) takes no model, measure, by, where or measure condition' });
          }
        } else {
          if (a.datasets !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'datasets'], message: 'datasets goes with maxAge (a staleness alert)' });
          if (a.model === undefined) ctx.addIssue({ code: 'custom', path: [i, 'model'], message: 'an alert on a model query needs a model (or maxAge for a staleness alert)' });
          if (a.measure === undefined) ctx.addIssue({ code: 'custom', path: [i, 'measure'], message: 'an alert on a model query needs a measure' });
          if (!modelCondition) ctx.addIssue({ code: 'custom', path: [i], message: 'an alert needs a condition: against, above, below, dropBy, or maxAge' });
        }
        if (a.channels.includes('webhook') && !a.webhook) ctx.addIssue({ code: 'custom', path: [i, 'webhook'], message: 'the webhook channel needs webhook: { url, format }' });
      });
    }),
    /** Monthly Azure spending budgets per customer (tenant id), in the budget's currency. */
    budgets: z
      .array(z.object({ customer: z.string().min(1), currency: z.string().length(3), monthly: z.number().positive() }).strict())
      .default([]),
    /** The service's job schedules and how it retries and catches up (src/config/schedulesConfig.ts). */
    schedules: schedulesSchema,
    scheduler: schedulerSchema,
  })
  .strict();

export type Config = z.output<typeof configSchema>;

export interface Secrets {
  clientSecret: string | undefined;
  refreshToken: string | undefined;
  embedSecret: string | undefined;
  operatorApiKey: string | undefined;
  smtpPassword: string | undefined;
}

/**
 * Loads `partnerlens.config.json` (or `PARTNERLENS_CONFIG`), then applies environment overrides.
 * Unknown keys and bad values are errors naming the key.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const explicit = env.PARTNERLENS_CONFIG;
  const file = resolve(cwd, explicit ?? 'partnerlens.config.json');
  let raw: unknown = {};
  if (existsSync(file)) {
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new ConfigError(`${file}: not valid JSON: ${(error as Error).message}`);
    }
  } else if (explicit) {
    throw new ConfigError(`${file}: configuration file not found (PARTNERLENS_CONFIG)`);
  }
  const withEnv = applyEnv(raw, env);
  const parsed = configSchema.safeParse(withEnv);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(root)';
      const unknown = issue.code === 'unrecognized_keys' ? ` ${issue.keys.map((k) => `"${k}"`).join(', ')}` : '';
      return `${key}: ${issue.message}${unknown}`;
    });
    throw new ConfigError(`${existsSync(file) ? file : 'configuration'}: ${problems.join('; ')}`);
  }
  return parsed.data;
}

function applyEnv(raw: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const config = structuredClone(raw) as Record<string, Record<string, unknown> | undefined>;
  const set = (section: string, key: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    config[section] = { ...(config[section] ?? {}), [key]: value };
  };
  set('partnerCenter', 'apiUrl', env.PARTNERLENS_PC_API_URL);
  set('partnerCenter', 'authority', env.PARTNERLENS_PC_AUTHORITY);
  set('partnerCenter', 'tenantId', env.PARTNERLENS_PC_TENANT_ID);
  set('partnerCenter', 'clientId', env.PARTNERLENS_PC_CLIENT_ID);
  set('warehouse', 'path', env.PARTNERLENS_DB);
  set('graph', 'apiUrl', env.PARTNERLENS_GRAPH_API_URL);
  set('graph', 'authority', env.PARTNERLENS_GRAPH_AUTHORITY);
  return config;
}

export function loadSecrets(env: NodeJS.ProcessEnv = process.env): Secrets {
  return {
    clientSecret: env.PARTNERLENS_PC_CLIENT_SECRET || undefined,
    refreshToken: env.PARTNERLENS_PC_REFRESH_TOKEN || undefined,
    embedSecret: env.PARTNERLENS_EMBED_SECRET || undefined,
    operatorApiKey: env.PARTNERLENS_API_KEY || undefined,
    smtpPassword: env.PARTNERLENS_SMTP_PASSWORD || undefined,
  };
}

/** A secret a command cannot do without: a clear error naming the variable, never its value. */
export function requireSecret(value: string | undefined, variable: string, why: string): string {
  if (!value) throw new ConfigError(`${variable} is not set: it is needed ${why} (secrets come from the environment only)`);
  return value;
}
