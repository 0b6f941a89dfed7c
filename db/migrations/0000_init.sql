-- Added by hand: drizzle-kit does not emit extensions. pg_trgm backs the GIN index on cases.search_text.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE TABLE "case_counters" (
	"process_type" text PRIMARY KEY NOT NULL,
	"last_number" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"process_type" text NOT NULL,
	"definition_version" integer NOT NULL,
	"state" text NOT NULL,
	"step" text NOT NULL,
	"status" text NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"plate" text,
	"customer_name" text,
	"customer_phone" text,
	"search_text" text GENERATED ALWAYS AS (lower(number || ' ' || coalesce(plate, '') || ' ' || coalesce(customer_name, '') || ' ' || coalesce(customer_phone, ''))) STORED,
	"last_actor" jsonb,
	"state_entered_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "cases_number_unique" UNIQUE("number"),
	CONSTRAINT "cases_status_check" CHECK (status in ('active', 'done', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "idempotency_records" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer NOT NULL,
	"response_body" jsonb NOT NULL,
	"response_headers" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "idempotency_records_pkey" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "journal" (
	"case_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	CONSTRAINT "journal_pkey" PRIMARY KEY("case_id","seq")
);
--> statement-breakpoint
CREATE TABLE "staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "staff_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "staff_role_check" CHECK (role in ('advisor', 'technician', 'cashier', 'qa', 'manager'))
);
--> statement-breakpoint
ALTER TABLE "journal" ADD CONSTRAINT "journal_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cases_process_type_created_at_idx" ON "cases" USING btree ("process_type","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cases_created_at_idx" ON "cases" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "cases_process_type_status_state_idx" ON "cases" USING btree ("process_type","status","state");--> statement-breakpoint
CREATE INDEX "cases_active_due_at_idx" ON "cases" USING btree ("due_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "cases_search_text_trgm_idx" ON "cases" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records" USING btree ("created_at");