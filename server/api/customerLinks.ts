/**
 * The customer's own phone over HTTP: `POST /api/cases/:id/customer-links` (staff) makes a link,
 * and `POST /sign/:token` (no token: the link is the secret) takes the signature as JSON.
 */
import { Hono, type Context } from 'hono';
import type { CustomerLinks } from '../core/links.js';
import { respondWithRefusal } from './errors.js';
import { jsonBody, type AppEnv } from './http.js';

/** The absolute URL a customer opens: this server as the request reached it. */
export const signingUrl = (c: Context, token: string) => `${new URL(c.req.url).origin}/sign/${token}`;

export function customerLinkRoutes(links: CustomerLinks) {
  return new Hono<AppEnv>().post('/:id/customer-links', jsonBody, async (c) => {
    const made = await links.create(c.get('actor'), c.req.param('id'), c.get('body'));
    if (!made.ok) return respondWithRefusal(c, made.refusal);
    return c.json({ url: signingUrl(c, made.value.token), expiresAt: made.value.expiresAt }, 201);
  });
}

/** `POST /sign/:token` with `{"customerSignature"}`: what the link's page sends. */
export function signingRoutes(links: CustomerLinks) {
  return new Hono<AppEnv>().post('/sign/:token', jsonBody, async (c) => {
    const signed = await links.sign(c.req.param('token'), c.get('body'));
    if (!signed.ok) return respondWithRefusal(c, signed.refusal);
    return c.json(signed.value, 200);
  });
}
