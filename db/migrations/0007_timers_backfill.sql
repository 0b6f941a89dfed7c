-- Written by hand (drizzle-kit generate --custom): cases that were open before timers existed get
-- their overdue timer, so a case already past its time limit is escalated once, like any other.
-- (Timers a process declares after its end, such as the follow-up call, start with new cases:
-- old handovers do not all ring at once.)
UPDATE cases SET next_timer_at = due_at WHERE status = 'active' AND due_at IS NOT NULL;
