-- Each teacher's approved credit records, packed into one text value
-- (modules/credits/audit_pack.h), with the teacher's facts the audit needs,
-- so that a county's annual audit reads one row per teacher instead of one
-- per record plus the teacher's own row (wherever their import put it).
-- Written by the credits module in the transaction that changes the
-- teacher's records. The triggers below delete a teacher's pack whenever
-- any of their records is inserted, changed or deleted, so a pack is never
-- out of date: a write path that does not write the pack again leaves none,
-- and the audit then reads that teacher's records themselves. They also copy
-- every change of the teacher's facts (and school) into the pack row.
-- A pack is kept under the teacher's school (org_id): on SQLite a school's
-- packs then sit together (the key), and its audit reads only its own
-- pages; PostgreSQL reads them by the index on (org_id, teacher_id).
CREATE TABLE credit_audit_packs (
  org_id BIGINT NOT NULL,
  teacher_id BIGINT NOT NULL REFERENCES teachers(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  id_number TEXT NOT NULL,
  stage TEXT NOT NULL,
  posts TEXT NOT NULL,
  sex TEXT NOT NULL,
  birth_date TEXT NOT NULL,
  hire_date TEXT NOT NULL,
  pack TEXT NOT NULL,
  {{SQLITE}}PRIMARY KEY (org_id, teacher_id)) WITHOUT ROWID;{{/SQLITE}}{{POSTGRES}}PRIMARY KEY (teacher_id));{{/POSTGRES}}
-- A database that already holds records gets its packs written once, at the
-- next start (credits::WritePendingAuditPacks, which removes the task).
CREATE TABLE pending_maintenance (task TEXT PRIMARY KEY);
INSERT INTO pending_maintenance (task) SELECT 'credit_audit_packs' WHERE EXISTS (SELECT 1 FROM credit_records);
-- The records' own index no longer needs to carry every audited column
-- (0009): the county audit reads packs, and what still reads records (one
-- teacher's audit, writing a pack) reads a few.
{{SQLITE}}
DROP INDEX credit_records_audit;
CREATE INDEX credit_records_audit ON credit_records(teacher_id, state, record_date, id);
{{/SQLITE}}
-- A school's active teachers from the index alone.
DROP INDEX teachers_org;
CREATE INDEX teachers_org ON teachers(org_id, status, id);
{{SQLITE}}
CREATE UNIQUE INDEX credit_audit_packs_teacher ON credit_audit_packs(teacher_id);
CREATE TRIGGER credit_audit_packs_insert AFTER INSERT ON credit_records BEGIN DELETE FROM credit_audit_packs WHERE teacher_id = NEW.teacher_id; END;
CREATE TRIGGER credit_audit_packs_update AFTER UPDATE ON credit_records BEGIN DELETE FROM credit_audit_packs WHERE teacher_id IN (OLD.teacher_id, NEW.teacher_id); END;
CREATE TRIGGER credit_audit_packs_delete AFTER DELETE ON credit_records BEGIN DELETE FROM credit_audit_packs WHERE teacher_id = OLD.teacher_id; END;
CREATE TRIGGER credit_audit_packs_teacher AFTER UPDATE OF org_id, name, id_number, stage, posts, sex, birth_date, hire_date ON teachers BEGIN UPDATE credit_audit_packs SET org_id = NEW.org_id, name = NEW.name, id_number = NEW.id_number, stage = NEW.stage, posts = NEW.posts, sex = NEW.sex, birth_date = NEW.birth_date, hire_date = NEW.hire_date WHERE teacher_id = NEW.id; END;
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
CREATE FUNCTION credit_audit_packs_teacher() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE credit_audit_packs SET org_id = NEW.org_id, name = NEW.name, id_number = NEW.id_number, stage = NEW.stage, posts = NEW.posts, sex = NEW.sex, birth_date = NEW.birth_date, hire_date = NEW.hire_date WHERE teacher_id = NEW.id; RETURN NULL; END $$;
CREATE TRIGGER credit_audit_packs_teacher AFTER UPDATE OF org_id, name, id_number, stage, posts, sex, birth_date, hire_date ON teachers FOR EACH ROW WHEN ((OLD.org_id, OLD.name, OLD.id_number, OLD.stage, OLD.posts, OLD.sex, OLD.birth_date, OLD.hire_date) IS DISTINCT FROM (NEW.org_id, NEW.name, NEW.id_number, NEW.stage, NEW.posts, NEW.sex, NEW.birth_date, NEW.hire_date)) EXECUTE FUNCTION credit_audit_packs_teacher();
{{/POSTGRES}}
