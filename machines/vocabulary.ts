/**
 * The words every layer shares, declared once: who may act, and the statuses of a case. No
 * imports, so the database schema can read it as well.
 */

/** The roles a staff token can carry. */
export const staffRoles = ['advisor', 'technician', 'cashier', 'qa', 'manager'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** Who may appear in the journal: staff, the server itself, or a customer signing on their phone. */
export const actorRoles = [...staffRoles, 'system', 'customer'] as const;
export type ActorRole = (typeof actorRoles)[number];

/** Who did something, copied into each journal entry so history survives renames and revocations. */
export interface Actor {
  id: string;
  name: string;
  role: ActorRole;
}

export const caseStatuses = ['active', 'done', 'cancelled'] as const;
export type CaseStatus = (typeof caseStatuses)[number];
