// Numbered schema migrations (migrations/NNNN_name.sql, embedded into the
// binary at build time) applied in order, each in its own transaction, and
// recorded in schema_migrations. The same files serve both dialects; these
// tokens are replaced per dialect before execution:
//   {{PK}}    auto-increment 64-bit primary key column type
//   {{BLOB}}  binary column type
// Statements are separated by a semicolon at the end of a line.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "infra/db/database.h"

namespace jj::db {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations compiled into this binary, sorted by version.
const std::vector<Migration>& EmbeddedMigrations();

// Replaces the dialect tokens ({{PK}}, {{BLOB}}, {{WITHOUT_ROWID}}), keeps
// text between {{SQLITE}} and {{/SQLITE}} only on SQLite (likewise
// {{POSTGRES}}...{{/POSTGRES}}) and splits into statements.
std::vector<std::string> MigrationStatements(const std::string& sql, Dialect dialect);

// Applies every migration not yet recorded. Safe to call from several
// processes at once on PostgreSQL (an advisory lock serialises them).
// Returns the number applied through `applied` when non-null.
Status Migrate(Database& db, int* applied = nullptr);

}  // namespace jj::db
