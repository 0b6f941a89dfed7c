CREATE TABLE "case_links" (
	"case_id" uuid NOT NULL,
	"field" text NOT NULL,
	"linked_case_id" uuid NOT NULL,
	CONSTRAINT "case_links_pkey" PRIMARY KEY("case_id","field")
);
--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_linked_case_id_cases_id_fk" FOREIGN KEY ("linked_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_links_linked_case_idx" ON "case_links" USING btree ("linked_case_id");