CREATE TABLE "case_links" (
	"case_id" uuid NOT NULL,
	"field" text NOT NULL,
	"linked_case_id" uuid NOT NULL,
	CONSTRAINT "case_links_pkey" PRIMARY KEY("case_id","field")
);
--> statement-breakpoint
CREATE TABLE "case_parties" (
	"case_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"vehicle_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "case_scores" (
	"case_id" uuid NOT NULL,
	"process_type" text NOT NULL,
	"dimension" text NOT NULL,
	"indicator" text NOT NULL,
	"score" integer NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_scores_pkey" PRIMARY KEY("case_id","indicator")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"phone_key" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "customers_phone_key_unique" UNIQUE("phone_key")
);
--> statement-breakpoint
CREATE TABLE "traced_units" (
	"case_id" uuid NOT NULL,
	"line" integer NOT NULL,
	"product" text NOT NULL,
	"manufacturer" text,
	"model" text,
	"serial" text,
	"lot" text,
	"quantity" integer NOT NULL,
	"production_date" date,
	"party" text NOT NULL,
	"traded_on" date NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"retain_until" date NOT NULL,
	CONSTRAINT "traced_units_pkey" PRIMARY KEY("case_id","line")
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plate" text NOT NULL,
	"plate_key" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"model" text,
	"vin" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vehicles_plate_key_unique" UNIQUE("plate_key")
);
--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_links" ADD CONSTRAINT "case_links_linked_case_id_cases_id_fk" FOREIGN KEY ("linked_case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_scores" ADD CONSTRAINT "case_scores_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traced_units" ADD CONSTRAINT "traced_units_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_links_linked_case_idx" ON "case_links" USING btree ("linked_case_id");--> statement-breakpoint
CREATE INDEX "case_parties_customer_idx" ON "case_parties" USING btree ("customer_id","created_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "case_parties_vehicle_idx" ON "case_parties" USING btree ("vehicle_id");--> statement-breakpoint
CREATE INDEX "case_scores_process_dimension_idx" ON "case_scores" USING btree ("process_type","dimension");--> statement-breakpoint
CREATE INDEX "customers_search_trgm_idx" ON "customers" USING gin (lower("name" || ' ' || "phone_key") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "traced_units_lot_idx" ON "traced_units" USING btree (lower("lot"));--> statement-breakpoint
CREATE INDEX "traced_units_serial_idx" ON "traced_units" USING btree (lower("serial"));--> statement-breakpoint
CREATE INDEX "traced_units_product_model_idx" ON "traced_units" USING btree (lower("product"),lower("model"));--> statement-breakpoint
CREATE INDEX "traced_units_model_idx" ON "traced_units" USING btree (lower("model"));--> statement-breakpoint
CREATE INDEX "vehicles_customer_idx" ON "vehicles" USING btree ("customer_id");