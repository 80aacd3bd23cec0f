// Shared inside the credits module only (service and imports); not part of
// its contract.
#pragma once

#include <cstdint>
#include <string>

#include "core/clock.h"
#include "infra/auth/actor.h"
#include "infra/db/database.h"

namespace jj::credits {

// Sets (reason non-empty) or lifts (empty) the exemption of `teacher_id` for
// `year` and logs it, inside the caller's transaction. The caller has
// checked scope and year locks.
void WriteExemption(db::Tx& tx, const Clock& clock, const auth::Actor& actor, int64_t teacher_id, int year,
                    const std::string& reason);

}  // namespace jj::credits
