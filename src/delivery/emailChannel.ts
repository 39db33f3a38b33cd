import { createTransport, type Transporter } from 'nodemailer';
import type { Config, Secrets } from '../config/config.js';
import { ConfigError, SourceError } from '../errors.js';
import { log, registerSecret } from '../util/log.js';
import { headerSafe } from './mailBody.js';

export interface OutgoingMail {
  to: { address: string; name: string | null };
  subject: string;
  html: string;
  text: string;
  messageId: string;
  attachments: { path: string; filename: string }[];
}

export type SmtpConfig = NonNullable<Config['smtp']>;

export interface Mailer {
  from: string;
  /** Sends one mail; transient failures retried with doubling waits; a permanent one throws a SourceError. */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** 4xx replies and connection trouble may pass on a later try; 5xx replies will not. */
export function isTransient(error: unknown): boolean {
  const e = error as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return e.responseCode >= 400 && e.responseCode < 500;
  return ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'EPIPE'].includes(e.code ?? '');
}

export function createMailer(config: Config, secrets: Secrets, { sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)) } = {}): Mailer {
  const smtp = config.smtp;
  if (!smtp) throw new ConfigError('no "smtp" section in the configuration: e-mail deliveries need host, port, tls and from (the password comes from PARTNERLENS_SMTP_PASSWORD)');
  if (smtp.user && !secrets.smtpPassword) throw new ConfigError('PARTNERLENS_SMTP_PASSWORD is not set: it is needed to sign in to the SMTP server as smtp.user (secrets come from the environment only)');
  registerSecret(secrets.smtpPassword);
  const transport: Transporter = createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.tls === 'implicit',
    requireTLS: smtp.tls === 'starttls',
    ignoreTLS: smtp.tls === 'none',
    auth: smtp.user ? { user: smtp.user, pass: secrets.smtpPassword! } : undefined,
    connectionTimeout: smtp.timeoutMs,
    greetingTimeout: smtp.timeoutMs,
    socketTimeout: smtp.timeoutMs,
    disableFileAccess: false,
    disableUrlAccess: true,
  });
  const { attempts, retryDelayMs } = config.delivery;
  return {
    from: smtp.from,
    async send(mail) {
      for (let attempt = 1; ; attempt++) {
        try {
          await transport.sendMail({
            from: smtp.from,
            to: { address: mail.to.address, name: headerSafe(mail.to.name ?? '') },
            subject: headerSafe(mail.subject),
            html: mail.html,
            text: mail.text,
            messageId: mail.messageId,
            attachments: mail.attachments,
          });
          return;
        } catch (error) {
          const reason = describeSmtpError(error);
          if (!isTransient(error) || attempt >= attempts) {
            throw new SourceError(`SMTP ${smtp.host}:${smtp.port} refused the mail to ${mail.to.address}: ${reason}${attempt > 1 ? ` (after ${attempt} tries)` : ''}`, { status: (error as { responseCode?: number }).responseCode });
          }
          const waitMs = retryDelayMs * 2 ** (attempt - 1);
          log.warn('smtp.retry', { to: mail.to.address, attempt, cause: reason, waitMs });
          await sleep(waitMs);
        }
      }
    },
    close: () => transport.close(),
  };
}

/** The server's reply or the connection problem, one line, never the credentials. */
function describeSmtpError(error: unknown): string {
  const e = error as { responseCode?: number; response?: string; code?: string; message?: string };
  if (e.response) return e.response.replace(/\s+/g, ' ').slice(0, 300);
  return `${e.code ?? 'error'}: ${(e.message ?? String(error)).replace(/\s+/g, ' ').slice(0, 300)}`;
}
