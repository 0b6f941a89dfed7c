/**
 * The customer's own phone (CONTRACT.md v2): an advisor makes a link for one document to sign; the
 * customer opens it without a token, sees the document, draws a signature, and the event is
 * applied as actor `customer` through the same engine, guards and journal. A link is single-use,
 * expires, and is gone once the case has moved on (another state, or a newer revision).
 *
 * Which events a customer may sign is the processes' own data: an event whose roles include
 * `customer`. What a link fixes besides the signature (the revision) is the event's form
 * defaults without the signature, as they were when the link was made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { customerLinks } from '../../db/schema.js';
import { fieldProblems, findProcess, ok, refuse, signatureSchema, type Actor, type Result } from '../../machines/index.js';
import type { Queries } from '../read/queries.js';
import type { CaseView } from './caseView.js';
import type { Engine } from './engine.js';

export interface LinkOptions {
  db: Db;
  engine: Engine;
  queries: Queries;
  clock: () => Date;
  /** How long a link stays valid (CUSTOMER_LINK_HOURS, default 24). */
  hours: number;
}

/**
 * What a link fixes besides the signature: the event's form defaults without its signature
 * fields (for an estimate: the revision shown), from the case as it stands.
 */
export function fixedPayload(view: CaseView, event: string): Record<string, unknown> {
  const definition = findProcess(view.type, view.definitionVersion);
  const declared = definition?.events[event];
  if (!declared) return {};
  const defaults = declared.formDefaults?.(view.context, { actor: { id: 'customer', name: '', role: 'customer' }, now: new Date(view.stateEnteredAt) }) ?? {};
  const isSignature = (key: string) => {
    const field = declared.schema.shape[key] as { unwrap?: () => unknown } | undefined;
    return field === signatureSchema || field?.unwrap?.() === signatureSchema;
  };
  return Object.fromEntries(Object.entries(defaults).filter(([key, value]) => value !== undefined && !isSignature(key)));
}

export const signingBodySchema = z.strictObject({ customerSignature: signatureSchema });

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Sorted-key JSON, so two payloads that say the same compare equal. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/** The events of a case's process that a customer signs. */
export function customerEvents(view: Pick<CaseView, 'type' | 'definitionVersion'>): string[] {
  const definition = findProcess(view.type, view.definitionVersion);
  if (!definition) return [];
  return Object.entries(definition.events)
    .filter(([, { roles }]) => (roles as readonly string[]).includes('customer'))
    .map(([event]) => event);
}

export interface OpenLink {
  view: CaseView;
  event: string;
  payload: Record<string, unknown>;
  expiresAt: string;
}

export function createCustomerLinks(options: LinkOptions) {
  const { db, engine, queries, clock } = options;

  /** A new link for `event` on case `caseId`, made by `actor` (who must be allowed to send it). */
  async function create(actor: Actor, caseId: string, body: unknown): Promise<Result<{ token: string; expiresAt: string }>> {
    const view = await queries.getCase(caseId);
    if (!view) return refuse('NOT_FOUND', `no case ${caseId}`);
    const signable = customerEvents(view);
    const parsed = z.strictObject({ event: z.string() }).safeParse(body);
    if (!parsed.success) return refuse('VALIDATION_FAILED', 'the body is not a customer link request', fieldProblems(parsed.error));
    const { event } = parsed.data;
    if (!signable.includes(event)) {
      return refuse('VALIDATION_FAILED', `"${event}" is not an event a customer signs`, [
        { path: 'event', message: `one of: ${signable.join(', ') || '(none for this process)'}` },
      ]);
    }
    const roles = findProcess(view.type, view.definitionVersion)!.events[event]!.roles as readonly string[];
    if (!roles.includes(actor.role)) return refuse('FORBIDDEN', `a ${actor.role} may not make a link for "${event}"`);
    if (!view.allowedEvents.includes(event)) {
      return refuse('TRANSITION_NOT_ALLOWED', `"${event}" cannot happen while the case is in "${view.state}"`, {
        state: view.state,
        event,
        allowedEvents: view.allowedEvents,
        reason: `"${event}" cannot happen while the case is in "${view.state}"`,
      });
    }
    const token = randomBytes(24).toString('base64url');
    const now = clock();
    const expiresAt = new Date(now.getTime() + options.hours * 3600_000);
    await db.insert(customerLinks).values({
      tokenHash: hashOf(token),
      caseId: view.id,
      event,
      payload: fixedPayload(view, event),
      state: view.state,
      createdBy: actor as never,
      createdAt: now,
      expiresAt,
    });
    return ok({ token, expiresAt: expiresAt.toISOString() });
  }

  /** The link and the case as they stand, or why it is gone (404 when it never existed). */
  async function open(token: string): Promise<Result<OpenLink>> {
    const [link] = await db.select().from(customerLinks).where(eq(customerLinks.tokenHash, hashOf(token))).limit(1);
    if (!link) return refuse('NOT_FOUND', 'there is no such link');
    const gone = (why: string) => refuse('LINK_GONE', `this link can no longer be used: ${why}`);
    if (link.usedAt) return gone('it has been used');
    if (link.expiresAt.getTime() <= clock().getTime()) return gone('it has expired');
    const view = await queries.getCase(link.caseId);
    if (!view) return refuse('NOT_FOUND', 'there is no such link');
    const current = fixedPayload(view, link.event);
    if (view.state !== link.state || !view.allowedEvents.includes(link.event) || canonical(current) !== canonical(link.payload)) {
      return gone('the case has moved on since it was made');
    }
    return ok({ view, event: link.event, payload: link.payload, expiresAt: link.expiresAt.toISOString() });
  }

  /** Applies the link's event with the customer's signature, once. */
  async function sign(token: string, body: unknown): Promise<Result<{ number: string; state: string }>> {
    const opened = await open(token);
    if (!opened.ok) return opened;
    const parsed = signingBodySchema.safeParse(body);
    if (!parsed.success) return refuse('VALIDATION_FAILED', 'the signature is not valid', fieldProblems(parsed.error));
    const { view, event, payload } = opened.value;
    const customer: Actor = { id: 'customer', name: parsed.data.customerSignature.signedBy, role: 'customer' };
    // If-Match: a second use racing this one, or any change since the link was read, finds the case moved on.
    const result = await engine.sendEvent(customer, view.id, { type: event, ...payload, customerSignature: parsed.data.customerSignature }, { ifMatch: view.version });
    if (!result.ok) {
      if (result.refusal.code === 'VERSION_MISMATCH' || result.refusal.code === 'TRANSITION_NOT_ALLOWED') {
        return refuse('LINK_GONE', 'this link can no longer be used: the case has moved on since it was made');
      }
      return result;
    }
    await db
      .update(customerLinks)
      .set({ usedAt: clock() })
      .where(and(eq(customerLinks.tokenHash, hashOf(token)), isNull(customerLinks.usedAt)));
    return ok({ number: result.value.view.number, state: result.value.view.state });
  }

  return { create, open, sign };
}

export type CustomerLinks = ReturnType<typeof createCustomerLinks>;

