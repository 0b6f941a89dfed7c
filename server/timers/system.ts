/** Who the journal says did what the server did by itself (a timer, a consequence of an event). */
export const SYSTEM_ACTOR = { id: 'system', name: 'caseflow', role: 'system' } as const;
