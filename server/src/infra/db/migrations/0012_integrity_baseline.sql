-- verify-log proves the credit tables (records, stamps, exemptions, year
-- locks, policies) against the audit log: each row must equal the state the
-- newest event for it logged (modules/credits/integrity.h). A database that
-- already holds such rows, logged before events carried a row's whole state,
-- gets one baseline event per row at the next start
-- (credits::WritePendingIntegrityBaseline, which removes the task): the rows
-- are taken as they are at the upgrade.
INSERT INTO pending_maintenance (task) SELECT 'integrity_baseline' WHERE EXISTS (SELECT 1 FROM credit_records)
  OR EXISTS (SELECT 1 FROM audit_stamps) OR EXISTS (SELECT 1 FROM audit_exemptions)
  OR EXISTS (SELECT 1 FROM year_locks) OR EXISTS (SELECT 1 FROM policies);
