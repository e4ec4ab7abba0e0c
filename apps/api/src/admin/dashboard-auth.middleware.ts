import type { IncomingMessage, ServerResponse } from 'node:http';
import { matchesAdminKey } from './admin-key';

const CHALLENGE = 'Basic realm="provider directory admin", charset="UTF-8"';

/**
 * Lets through requests carrying the admin key as `x-admin-key`, or as the password of HTTP basic
 * auth (any user name) so a browser can open the dashboard; answers 401 with a basic-auth
 * challenge otherwise.
 */
export function adminKeyAuth(adminKey: string) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const { 'x-admin-key': header, authorization } = request.headers;
    if (matchesAdminKey(header, adminKey) || matchesAdminKey(basicAuthPassword(authorization), adminKey)) {
      next();
      return;
    }
    response.statusCode = 401;
    response.setHeader('WWW-Authenticate', CHALLENGE);
    response.setHeader('Content-Type', 'text/plain; charset=utf-8');
    response.end('the queue dashboard needs the admin key: header x-admin-key, or basic auth with the key as password\n');
  };
}

function basicAuthPassword(authorization: string | undefined): string | undefined {
  const credentials = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!credentials) return undefined;
  const decoded = Buffer.from(credentials, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(colon + 1);
}
