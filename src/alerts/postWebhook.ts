import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SourceError } from '../errors.js';
import { checkWebhookUrl } from './ssrfGuard.js';

/** Microsoft Teams and Slack incoming webhooks both take `{ "text": … }`; Teams renders it as a card's text. */
export function webhookPayload(format: 'teams' | 'slack', title: string, text: string): unknown {
  return format === 'teams' ? { title, text } : { text: `*${title}*\n${text}` };
}

/**
 * POSTs JSON to a checked webhook. The connection goes to the address that was checked; a redirect is not
 * followed (it could point anywhere). Errors never carry the URL: it is a secret (it holds the hook's token).
 */
export async function postWebhook(urlText: string, body: unknown, { allowPrivateHosts = [] as readonly string[], timeoutMs = 10_000 } = {}): Promise<void> {
  const target = await checkWebhookUrl(urlText, { allowPrivateHosts });
  const payload = Buffer.from(JSON.stringify(body));
  const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
  const status = await new Promise<number>((resolve, reject) => {
    const req = send(
      target.url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
        timeout: timeoutMs,
        lookup: ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) =>
          options.all ? callback(null, [{ address: target.address, family: target.family }]) : callback(null, target.address, target.family)) as never,
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => reject(new SourceError(`webhook to ${target.url.hostname} failed: ${(error as NodeJS.ErrnoException).code ?? error.message}`)));
    req.end(payload);
  });
  if (status >= 300 && status < 400) throw new SourceError(`webhook to ${target.url.hostname} answered a redirect (${status}): redirects are not followed`, { status });
  if (status < 200 || status >= 300) throw new SourceError(`webhook to ${target.url.hostname} answered HTTP ${status}`, { status });
}
