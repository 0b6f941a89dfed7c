-- Written by hand (drizzle-kit generate --custom): the journal is evidence, so the database
-- itself keeps it append-only and keeps every case in step with it. Valid on PostgreSQL 15 and
-- PGlite (PostgreSQL 18). The engine never trips these checks; they stop anything else
-- (a script, a console session, a bug) from rewriting history or half-applying a transition.

-- 1. An entry, once written, is never changed or removed.
CREATE OR REPLACE FUNCTION journal_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the journal is append-only: % is refused', TG_OP
    USING ERRCODE = 'restrict_violation',
          HINT = 'history is evidence; record what happened as a new event instead';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
  FOR EACH ROW EXECUTE FUNCTION journal_refuse_change();
--> statement-breakpoint
CREATE TRIGGER journal_never_truncated BEFORE TRUNCATE ON journal
  FOR EACH STATEMENT EXECUTE FUNCTION journal_refuse_change();
--> statement-breakpoint

-- 2. A case's journal has no gaps: entry n follows entry n - 1.
CREATE OR REPLACE FUNCTION journal_require_previous_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.seq <> 1 AND NOT EXISTS (SELECT 1 FROM journal WHERE case_id = NEW.case_id AND seq = NEW.seq - 1) THEN
    RAISE EXCEPTION 'journal entry % of case % has no entry % before it', NEW.seq, NEW.case_id, NEW.seq - 1
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER journal_gap_free BEFORE INSERT ON journal
  FOR EACH ROW EXECUTE FUNCTION journal_require_previous_entry();
--> statement-breakpoint

-- 3. A case's identity never changes, and its state changes only with a version bump of one.
CREATE OR REPLACE FUNCTION cases_guard_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.id, NEW.number, NEW.process_type, NEW.created_at)
       IS DISTINCT FROM (OLD.id, OLD.number, OLD.process_type, OLD.created_at) THEN
    RAISE EXCEPTION 'case %: id, number, process type and creation time never change', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF NEW.version = OLD.version THEN
    IF (NEW.snapshot, NEW.state, NEW.step, NEW.status)
         IS DISTINCT FROM (OLD.snapshot, OLD.state, OLD.step, OLD.status) THEN
      RAISE EXCEPTION 'case %: its snapshot changes only with a new version and journal entry', OLD.id
        USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSIF NEW.version <> OLD.version + 1 THEN
    RAISE EXCEPTION 'case %: version % may only become %, not %', OLD.id, OLD.version, OLD.version + 1, NEW.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER cases_version_steps BEFORE UPDATE ON cases
  FOR EACH ROW EXECUTE FUNCTION cases_guard_version();
--> statement-breakpoint

-- 4. At commit: a case that moved to version n has journal entry n, ending in its new state ...
CREATE OR REPLACE FUNCTION cases_require_journal_entry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM journal WHERE case_id = NEW.id AND seq = NEW.version AND to_state = NEW.state) THEN
    RAISE EXCEPTION 'case % moved to version % (%) without journal entry % to that state', NEW.id, NEW.version, NEW.state, NEW.version
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER cases_change_is_journaled AFTER UPDATE ON cases
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW WHEN (NEW.version <> OLD.version)
  EXECUTE FUNCTION cases_require_journal_entry();
--> statement-breakpoint

-- 5. ... and a journal entry n is never left behind by a case that did not reach version n.
CREATE OR REPLACE FUNCTION journal_require_case_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND version >= NEW.seq) THEN
    RAISE EXCEPTION 'journal entry % of case % was appended without the case reaching that version', NEW.seq, NEW.case_id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER journal_entry_is_applied AFTER INSERT ON journal
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW EXECUTE FUNCTION journal_require_case_version();
