-- Written by hand (drizzle-kit generate --custom): a sales record is kept at least until one year
-- past the product's expiry or service life (the source, 4.3). The engine only ever inserts
-- traced units; these triggers stop anything else (a script, a console session, a bug) from
-- changing a recorded unit, or removing one before its retention date. Valid on PostgreSQL 15
-- and PGlite (PostgreSQL 18).
CREATE OR REPLACE FUNCTION traced_units_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.retain_until < current_date THEN
    RETURN OLD;
  END IF;
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'traced unit % of case % must be kept until %', OLD.line, OLD.case_id, OLD.retain_until
      USING ERRCODE = 'restrict_violation',
            HINT = 'sales records are kept until one year past the product''s expiry or service life';
  END IF;
  RAISE EXCEPTION 'traced units are append-only: % is refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'a sales record is evidence; record a correction as a new event instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER traced_units_retained BEFORE UPDATE OR DELETE ON traced_units
  FOR EACH ROW EXECUTE FUNCTION traced_units_refuse_change();
--> statement-breakpoint
CREATE TRIGGER traced_units_never_truncated BEFORE TRUNCATE ON traced_units
  FOR EACH STATEMENT EXECUTE FUNCTION traced_units_refuse_change();
