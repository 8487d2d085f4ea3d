import { isIP } from 'node:net';
import { JanusError } from '@janus/protocol';

/**
 * The browser-facing checks of a Sandy that requires no API key. Without a
 * key, the only thing between a web page and `exec` is what a browser will
 * not do:
 *
 * - DNS rebinding: a page on `attacker.example` whose name later resolves to
 *   127.0.0.1 talks to Sandy same-origin, but its requests carry
 *   `Host: attacker.example`. Only loopback names, IP literals (a rebinding
 *   needs a name the attacker controls) and the `publicUrl` host pass.
 * - Cross-site requests: a browser names the page in `Origin`; one that is
 *   not this service's own origin is refused. (Forms and `text/plain`
 *   bodies, which need no CORS preflight, are refused as non-JSON by
 *   `readJsonBody`.)
 *
 * Throws 403 `forbidden`.
 */
export function checkKeylessRequest(
  request: Request,
  url: URL,
  options: { publicHost?: string },
): void {
  if (!isAllowedHost(url.hostname, options.publicHost))
    throw new JanusError({
      message: `Host '${url.host}' is not served without an API key: use localhost, an IP address or the public URL, or set JANUS_SANDY_API_KEY`,
      code: 'forbidden',
    });
  const origin = request.headers.get('origin');
  if (origin !== null && originHost(origin) !== url.host)
    throw new JanusError({
      message: `Cross-origin requests (Origin '${origin}') are not served without an API key`,
      code: 'forbidden',
    });
}

function isAllowedHost(hostname: string, publicHost?: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (publicHost !== undefined && name === publicHost.toLowerCase())
    return true;
  // `[::1]` arrives bracketed in URL hostnames.
  return isIP(name.replace(/^\[(.*)\]$/, '$1')) !== 0;
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
