-- One teacher, at most one account (NULLs, the non-teacher accounts, are not
-- compared); failed logins are counted per username and client address.
DROP INDEX accounts_teacher;
CREATE UNIQUE INDEX accounts_teacher ON accounts(teacher_id);
ALTER TABLE login_failures ADD COLUMN address TEXT NOT NULL DEFAULT '';
CREATE INDEX login_failures_address ON login_failures(username, address, at);
