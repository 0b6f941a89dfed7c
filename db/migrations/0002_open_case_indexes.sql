-- The open cases, indexed apart: the board counts them from one index alone (replacing the
-- index over all cases by type, status and state), and the stuck list walks them newest first.
DROP INDEX "cases_process_type_status_state_idx";--> statement-breakpoint
CREATE INDEX "cases_active_state_idx" ON "cases" USING btree ("process_type","state","due_at","state_entered_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "cases_active_created_at_idx" ON "cases" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"due_at") WHERE status = 'active';