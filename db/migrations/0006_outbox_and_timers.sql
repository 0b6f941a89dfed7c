CREATE TABLE "deliveries" (
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"endpoint" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"leased_until" timestamp with time zone,
	"leased_by" text,
	"last_attempt_at" timestamp with time zone,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "deliveries_pkey" PRIMARY KEY("case_id","endpoint","seq"),
	CONSTRAINT "deliveries_status_check" CHECK (status in ('pending', 'delivered', 'failed'))
);
--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_timer_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "timers_fired" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "deliveries_pending_idx" ON "deliveries" USING btree ("case_id","endpoint","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "deliveries_failed_idx" ON "deliveries" USING btree ("last_attempt_at") WHERE status = 'failed';--> statement-breakpoint
CREATE INDEX "cases_next_timer_at_idx" ON "cases" USING btree ("next_timer_at") WHERE next_timer_at IS NOT NULL;