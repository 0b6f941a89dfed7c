/**
 * Server-side sessions for the screens. Logging in with a staff token opens a session: the cookie
 * carries a fresh random id, the database keeps only its hash, the staff member and when it
 * expires. The token itself never leaves the login form. A session ends when its member logs
 * out, when the member is revoked (checked on every request), or after SESSION_HOURS.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../db/index.js';
import { sessions, staff } from '../../db/schema.js';
import type { Actor } from '../../machines/index.js';
import { hashToken } from './staff.js';

export const SESSION_HOURS = 12;

export function createSessionStore(db: Db, clock: () => Date = () => new Date()) {
  return {
    /** Opens a session for a member; answers the id to put in the cookie. */
    async start(staffId: string): Promise<string> {
      const id = `s_${randomBytes(32).toString('base64url')}`;
      const now = clock();
      await db.insert(sessions).values({ idHash: hashToken(id), staffId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3600_000) });
      return id;
    },

    /** The member of a live session (not ended, not expired, member not revoked), or undefined. */
    async member(id: string): Promise<Actor | undefined> {
      const [row] = await db
        .select({ id: staff.id, name: staff.name, role: staff.role })
        .from(sessions)
        .innerJoin(staff, eq(staff.id, sessions.staffId))
        .where(and(eq(sessions.idHash, hashToken(id)), gt(sessions.expiresAt, clock()), isNull(staff.revokedAt)));
      return row;
    },

    async end(id: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.idHash, hashToken(id)));
    },

    /** Deletes expired sessions; answers how many. */
    async purgeExpired(): Promise<number> {
      const deleted = await db.delete(sessions).where(lt(sessions.expiresAt, clock())).returning({ idHash: sessions.idHash });
      return deleted.length;
    },
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
