/** Staff members and their bearer tokens. Only a token's hash is ever stored. */
import { hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { sessions, staff } from '../../db/schema.js';
import { roles, type Actor, type Role } from '../../machines/index.js';
import { leastRecentlyUsed } from './leastRecentlyUsed.js';

/** Every API request hashes its token: the one-shot `hash` takes 1 µs where a Hash object takes 2.5. */
export const hashToken = (token: string) => hash('sha256', token, 'hex');

export async function addStaff(db: Db, name: string, role: Role): Promise<{ member: Actor; token: string }> {
  const token = `cf_${randomBytes(24).toString('base64url')}`;
  const [row] = await db.insert(staff).values({ name, role, tokenHash: hashToken(token) }).returning();
  return { member: { id: row!.id, name: row!.name, role: row!.role }, token };
}

export async function listStaff(db: Db) {
  return db
    .select({ id: staff.id, name: staff.name, role: staff.role, createdAt: staff.createdAt, revokedAt: staff.revokedAt })
    .from(staff)
    .orderBy(staff.createdAt);
}

/** Revokes a member's token and ends the member's sessions; false when there is no such active member. */
export async function revokeStaff(db: Db, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const revoked = await tx
      .update(staff)
      .set({ revokedAt: sql`now()` })
      .where(and(eq(staff.id, id), isNull(staff.revokedAt)))
      .returning({ id: staff.id });
    await tx.delete(sessions).where(eq(sessions.staffId, id));
    return revoked.length > 0;
  });
}

/** The active member a bearer token belongs to, or undefined. */
export async function authenticate(db: Db, token: string): Promise<Actor | undefined> {
  const hash = hashToken(token);
  const [row] = await db
    .select({ id: staff.id, name: staff.name, role: staff.role, tokenHash: staff.tokenHash })
    .from(staff)
    .where(and(eq(staff.tokenHash, hash), isNull(staff.revokedAt)));
  // The index found the row by hash; compare again in constant time so no timing tells how close a guess came.
  if (!row || !timingSafeEqual(Buffer.from(row.tokenHash), Buffer.from(hash))) return undefined;
  return { id: row.id, name: row.name, role: row.role };
}

/**
 * `authenticate`, with each token's member kept for `ttlMs` so a busy server asks the database
 * about a token at most once per window. The price: a revoked token keeps working for up to
 * `ttlMs` in a process that saw it just before. Unknown and revoked tokens are never kept.
 */
export function cachedAuthentication(db: Db, ttlMs: number, now: () => number = Date.now) {
  const known = new Map<string, { actor: Actor; until: number }>();
  return async (token: string): Promise<Actor | undefined> => {
    const key = hashToken(token);
    const hit = known.get(key);
    if (hit && hit.until > now()) return hit.actor;
    const actor = await authenticate(db, token);
    if (!actor) known.delete(key);
    else {
      if (known.size >= 10_000) known.clear();
      known.set(key, { actor, until: now() + ttlMs });
    }
    return actor;
  };
}

/**
 * The members whose tokens authenticated in this process, by token hash, so that a request may
 * start as its sender before the token is looked up again (`requireStaff` in api/http.ts decides
 * when, and confirms it in the same statement as the write). At most `capacity` tokens, the least
 * recently used forgotten first; a token found invalid is forgotten at once.
 */
export function rememberedTokens(capacity = 10_000) {
  const members = leastRecentlyUsed<string, Actor>(capacity);
  return {
    recall: (hash: string) => members.get(hash),
    remember: (hash: string, member: Actor) => members.set(hash, member),
    forget: (hash: string) => members.delete(hash),
  };
}

export type RememberedTokens = ReturnType<typeof rememberedTokens>;

/** On an embedded database with no staff at all: one demo member per role, so a newcomer can try every step. */
export async function seedDemoStaff(db: Db): Promise<Array<{ member: Actor; token: string }> | undefined> {
  const [count] = await db.select({ n: sql<number>`count(*)::int` }).from(staff);
  if (count!.n > 0) return undefined;
  const names: Record<Role, string> = {
    advisor: 'Demo Advisor',
    technician: 'Demo Technician',
    cashier: 'Demo Cashier',
    qa: 'Demo QA',
    manager: 'Demo Manager',
  };
  const created = [];
  for (const role of roles) created.push(await addStaff(db, names[role], role));
  return created;
}
