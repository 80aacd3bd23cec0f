-- Each teacher's approved credit records, packed into one text value
-- (modules/credits/audit_pack.h), so that a county's annual audit reads one
-- row per teacher instead of one per record. Written by the credits module
-- in the transaction that changes the teacher's records. The triggers below
-- delete a teacher's pack whenever any of their records is inserted, changed
-- or deleted, so a pack is never out of date: a write path that does not
-- write the pack again leaves none, and the audit then reads that teacher's
-- records themselves.
-- A pack is kept under the teacher's school (org_id): on SQLite a school's
-- packs then sit together (the key), and its audit reads only its own
-- pages; PostgreSQL reads them by the index on (org_id, teacher_id).
CREATE TABLE credit_audit_packs (
  org_id BIGINT NOT NULL,
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  pack TEXT NOT NULL,
  {{SQLITE}}PRIMARY KEY (org_id, teacher_id)) WITHOUT ROWID;{{/SQLITE}}{{POSTGRES}}PRIMARY KEY (teacher_id));{{/POSTGRES}}
{{SQLITE}}
CREATE UNIQUE INDEX credit_audit_packs_teacher ON credit_audit_packs(teacher_id);
CREATE TRIGGER credit_audit_packs_insert AFTER INSERT ON credit_records BEGIN DELETE FROM credit_audit_packs WHERE teacher_id = NEW.teacher_id; END;
CREATE TRIGGER credit_audit_packs_update AFTER UPDATE ON credit_records BEGIN DELETE FROM credit_audit_packs WHERE teacher_id IN (OLD.teacher_id, NEW.teacher_id); END;
CREATE TRIGGER credit_audit_packs_delete AFTER DELETE ON credit_records BEGIN DELETE FROM credit_audit_packs WHERE teacher_id = OLD.teacher_id; END;
CREATE TRIGGER credit_audit_packs_move AFTER UPDATE OF org_id ON teachers WHEN OLD.org_id IS NOT NEW.org_id BEGIN UPDATE credit_audit_packs SET org_id = NEW.org_id WHERE teacher_id = NEW.id; END;
{{/SQLITE}}
{{POSTGRES}}
CREATE INDEX credit_audit_packs_org ON credit_audit_packs(org_id, teacher_id);
-- Once per statement, from its transition tables: a COPY of millions of
-- records costs one join, not a trigger call per row.
CREATE FUNCTION credit_audit_packs_stale_new() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM credit_audit_packs p WHERE p.teacher_id IN (SELECT DISTINCT teacher_id FROM new_rows); RETURN NULL; END $$;
CREATE FUNCTION credit_audit_packs_stale_old() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM credit_audit_packs p WHERE p.teacher_id IN (SELECT DISTINCT teacher_id FROM old_rows); RETURN NULL; END $$;
CREATE FUNCTION credit_audit_packs_stale_both() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN DELETE FROM credit_audit_packs p WHERE p.teacher_id IN (SELECT teacher_id FROM old_rows UNION SELECT teacher_id FROM new_rows); RETURN NULL; END $$;
CREATE TRIGGER credit_audit_packs_insert AFTER INSERT ON credit_records REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION credit_audit_packs_stale_new();
CREATE TRIGGER credit_audit_packs_update AFTER UPDATE ON credit_records REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION credit_audit_packs_stale_both();
CREATE TRIGGER credit_audit_packs_delete AFTER DELETE ON credit_records REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION credit_audit_packs_stale_old();
-- A teacher who moves to another school takes their pack along.
CREATE FUNCTION credit_audit_packs_move() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE credit_audit_packs SET org_id = NEW.org_id WHERE teacher_id = NEW.id; RETURN NULL; END $$;
CREATE TRIGGER credit_audit_packs_move AFTER UPDATE OF org_id ON teachers FOR EACH ROW WHEN (OLD.org_id IS DISTINCT FROM NEW.org_id) EXECUTE FUNCTION credit_audit_packs_move();
{{/POSTGRES}}
