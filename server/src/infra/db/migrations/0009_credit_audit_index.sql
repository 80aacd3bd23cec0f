-- The annual audit reads every approved record of a school's teachers in
-- (teacher, date, id) order. On SQLite this index also carries every column
-- the audit reads, so the records come from the index alone, without a
-- table lookup per record. PostgreSQL gets the ordering columns only: it
-- scans index-only just after a vacuum, and wide keys hit its index row
-- size limit. It replaces credit_records_teacher, whose lookups by teacher
-- it serves as well.
DROP INDEX credit_records_teacher;
-- A school's teachers in id order from the index alone (SQLite's index
-- already ended with the rowid; PostgreSQL's gains the same order).
DROP INDEX teachers_org;
CREATE INDEX teachers_org ON teachers(org_id, id);
CREATE INDEX credit_records_audit ON credit_records(teacher_id, state, record_date, id{{SQLITE}}, project_code, level,
  form, dimension, location, hours_tenths, grade, topic_tags, source, achievement_type{{/SQLITE}});
