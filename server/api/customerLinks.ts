/**
 * The customer's own phone over HTTP: `POST /api/cases/:id/customer-links` (staff) makes a link,
 * and `POST /sign/:token` (no token: the link is the secret) takes the signature as JSON.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { signatureSchema } from '../../machines/index.js';
import type { CustomerLinks } from '../core/links.js';
import { bearer, createRoute, documentedRoutes, errors, json } from './documented.js';
import { respondWithRefusal } from './errors.js';
import { jsonBody, type AppEnv } from './http.js';

/** The absolute URL a customer opens: this server as the request reached it. */
export const signingUrl = (c: Context, token: string) => `${new URL(c.req.url).origin}/sign/${token}`;

export function customerLinkRoutes(links: CustomerLinks) {
  return documentedRoutes<AppEnv>()
    .on(
      createRoute({
        method: 'post', path: '/api/cases/{id}/customer-links', operationId: 'createCustomerLink', summary: 'A link for the customer to sign on their own phone', security: bearer,
        description:
          'For an event a customer signs (estimate.approved, supplement.approved, invoice.signed), by a role that may send it. The url opens without a token, shows the document and a signature pad, works once and expires (CUSTOMER_LINK_HOURS, default 24).',
        request: { params: z.object({ id: z.string() }), body: { content: { 'application/json': { schema: z.object({ event: z.string() }) } } } },
        responses: {
          201: json(z.object({ url: z.string(), expiresAt: z.string() }), 'the link'),
          ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'TRANSITION_NOT_ALLOWED', 'UNSUPPORTED_MEDIA_TYPE'),
        },
      }),
      jsonBody,
      async (c) => {
        const made = await links.create(c.get('actor'), c.req.param('id')!, c.get('body'));
        if (!made.ok) return respondWithRefusal(c, made.refusal);
        return c.json({ url: signingUrl(c, made.value.token), expiresAt: made.value.expiresAt }, 201);
      },
    )
    .on(
      createRoute({
        method: 'post', path: '/sign/{token}', operationId: 'signThroughCustomerLink', security: [], summary: "The customer's signature, sent by the link's own page (no token needed)",
        description: "Applies the link's event as actor {id: 'customer', name: signedBy, role: 'customer'} through the same guards and journal; a used, expired or superseded link answers 410 LINK_GONE.",
        request: { params: z.object({ token: z.string() }), body: { content: { 'application/json': { schema: z.object({ customerSignature: signatureSchema }) } } } },
        responses: {
          200: json(z.object({ number: z.string(), state: z.string() }), 'signed'),
          ...errors('MALFORMED_JSON', 'VALIDATION_FAILED', 'NOT_FOUND', 'LINK_GONE', 'UNSUPPORTED_MEDIA_TYPE', 'UNAVAILABLE'),
        },
      }),
      jsonBody,
      async (c) => {
        const signed = await links.sign(c.req.param('token')!, c.get('body'));
        if (!signed.ok) return respondWithRefusal(c, signed.refusal);
        return c.json(signed.value, 200);
      },
    );
}
