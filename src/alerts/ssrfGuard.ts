import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { UsageError } from '../errors.js';

// RELIABILITY 26: a webhook URL typed into the configuration must not make the product call into the
// partner's own network or a cloud metadata service. The URL parser already turns decimal, hex and octal
// IPv4 forms (http://2130706433/, http://0x7f.1/) into dotted quads; every address the name resolves to is
// checked, and the request then goes to the checked address (no second lookup to rebind).

export interface CheckedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

function v4Blocked(ip: string): string | null {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  if (a === 127) return 'loopback';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
  if (a === 169 && b === 254) return 'link-local or cloud metadata';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT';
  if (a === 0) return 'unspecified';
  if (a >= 224) return 'multicast or reserved';
  return null;
}

function v6Blocked(ip: string): string | null {
  const x = ip.toLowerCase();
  if (x === '::1') return 'loopback';
  if (x === '::') return 'unspecified';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(x);
  if (mapped) return v4Blocked(mapped[1]!);
  // The URL parser writes an IPv4-mapped address in hex (::ffff:7f00:1 is 127.0.0.1).
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(x);
  if (hex) {
    const [hi, lo] = [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16)];
    return v4Blocked(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (/^::ffff:/.test(x) || /^64:ff9b::/.test(x)) return 'IPv4-mapped or translated';
  if (/^f[cd]/.test(x)) return 'private (unique local)';
  if (/^fe[89ab]/.test(x)) return 'link-local';
  if (/^ff/.test(x)) return 'multicast';
  if (x.startsWith('fd00:ec2::254')) return 'cloud metadata';
  return null;
}

export function blockedReason(address: string): string | null {
  return isIP(address) === 6 ? v6Blocked(address) : v4Blocked(address);
}

/** Checks a webhook URL; `allowPrivateHosts` names hosts (as written in the URL) a partner explicitly trusts. */
export async function checkWebhookUrl(text: string, { allowPrivateHosts = [] as readonly string[], resolve = lookup } = {}): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError('webhook URL is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`webhook URL scheme ${url.protocol} refused: only http and https`);
  if (url.username || url.password) throw new UsageError('webhook URL with credentials refused');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const answers = isIP(host) ? [{ address: host, family: isIP(host) as 4 | 6 }] : await resolve(host, { all: true, verbatim: true }).catch(() => {
    throw new UsageError(`webhook host ${host} does not resolve`);
  });
  if (!answers.length) throw new UsageError(`webhook host ${host} does not resolve`);
  if (!allowPrivateHosts.includes(host)) {
    for (const a of answers) {
      const reason = blockedReason(a.address);
      if (reason) throw new UsageError(`webhook host ${host} refused: it resolves to a ${reason} address`);
    }
  }
  const first = answers[0]!;
  return { url, address: first.address, family: (first.family === 6 ? 6 : 4) };
}
