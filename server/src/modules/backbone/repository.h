// All SQL of the backbone module (internal): bind parameters only, rows
// mapped into structs by column name (db::Columns). The service holds the
// rules; nothing here checks who is asking.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "modules/backbone/backbone.h"

namespace jj::backbone::repo {

// A round with the owner's path (its access rules read it).
struct RoundRow {
  Round r;
  std::string owner_path;
};

int64_t InsertRound(db::Tx& tx, const RoundInput& in, int64_t owner_id, std::optional<int64_t> created_by,
                    int64_t now);
std::optional<RoundRow> FindRound(db::Tx& tx, int64_t id);
// Locks the round's row for the rest of the transaction (PostgreSQL NO KEY
// UPDATE; SQLite serialises writers with BEGIN IMMEDIATE) and returns its
// state; nullopt when there is no such round.
std::optional<std::string> LockRound(db::Tx& tx, int64_t id);
// Rounds whose owner lies in [lo, hi) or whose owner's path is a prefix of
// `actor_path`; every round when `all`. Newest first.
std::vector<RoundRow> QueryRounds(db::Tx& tx, bool all, const std::string& lo, const std::string& hi,
                                  const std::string& actor_path);
void SetRoundState(db::Tx& tx, int64_t id, const std::string& state, int64_t now);

// A quota with its org's path.
struct QuotaRow {
  Quota q;
  std::string org_path;
};
// The round's quotas, each with `used` (forwarded applications of its
// subtree), in path order.
std::vector<QuotaRow> Quotas(db::Tx& tx, int64_t round_id);
void ReplaceQuotas(db::Tx& tx, int64_t round_id, const std::vector<Quota>& quotas);
// Forwarded applications of the round whose school lies in [lo, hi).
int64_t ForwardedUnder(db::Tx& tx, int64_t round_id, const std::string& lo, const std::string& hi);

// An application with its school's path and its round's state.
struct ApplicationRow {
  Application a;
  std::string school_path, round_state;
};
std::optional<ApplicationRow> FindApplication(db::Tx& tx, int64_t id);
std::optional<ApplicationRow> FindApplicationOf(db::Tx& tx, int64_t round_id, int64_t teacher_id);
// Applications of the round whose school lies in [lo, hi) (every one when
// `all`), by school then teacher name.
std::vector<ApplicationRow> QueryApplications(db::Tx& tx, int64_t round_id, bool all, const std::string& lo,
                                              const std::string& hi);
int64_t InsertApplication(db::Tx& tx, int64_t round_id, const ApplicationInput& in, int64_t school_id,
                          const std::string& known_json, std::optional<int64_t> by, int64_t now);
// A returned application recommended again: new texts and facts.
void Resubmit(db::Tx& tx, int64_t id, const ApplicationInput& in, int64_t school_id, const std::string& known_json,
              std::optional<int64_t> by, int64_t now);
void Decide(db::Tx& tx, int64_t id, const std::string& state, const std::string& reason, std::optional<int64_t> by,
            int64_t now);

// ---- publicity and confirmation ----
// open → publicity with its dates.
void SetPublicity(db::Tx& tx, int64_t id, const std::string& start, const std::string& end, int64_t now);
void InsertObjection(db::Tx& tx, int64_t application_id, const std::string& text, std::optional<int64_t> by,
                     int64_t now);
std::vector<Application::Objection> Objections(db::Tx& tx, int64_t application_id);

// ---- expert scoring ----
std::vector<Round::Expert> Experts(db::Tx& tx, int64_t round_id);
bool IsExpertOf(db::Tx& tx, int64_t round_id, int64_t account_id);
void ReplaceExperts(db::Tx& tx, int64_t round_id, const std::vector<int64_t>& account_ids);
// An enabled account's role and org path.
struct AccountFacts {
  std::string role, org_path;
};
std::optional<AccountFacts> FindEnabledAccount(db::Tx& tx, int64_t id);
// The application's scores, by expert name.
std::vector<Score> Scores(db::Tx& tx, int64_t application_id);
void UpsertScore(db::Tx& tx, int64_t application_id, int64_t expert_id, int64_t total, const std::string& comment,
                 int64_t now);

// KnownFacts ⇄ known_json.
std::string KnownJson(const KnownFacts& k);
KnownFacts KnownFrom(const std::string& text);

// ---- annual assessment ----
// A form with its school's path.
struct AssessmentRow {
  Assessment a;
  std::string school_path;
};
std::optional<AssessmentRow> FindAssessment(db::Tx& tx, int64_t id);
std::optional<AssessmentRow> FindAssessmentOf(db::Tx& tx, int64_t teacher_id, int64_t year);
// Forms whose school lies in [lo, hi) (every one when `all`; only the
// teacher's when `teacher`), of `year` when set; newest year first, then by
// school and name.
std::vector<AssessmentRow> QueryAssessments(db::Tx& tx, bool all, const std::string& lo, const std::string& hi,
                                            std::optional<int64_t> teacher, std::optional<int64_t> year);
int64_t InsertAssessment(db::Tx& tx, const AssessmentInput& in, int64_t school_id, const std::string& level,
                         const std::string& final_level, const std::string& deadline, std::optional<int64_t> by,
                         int64_t now);
// A returned form submitted again: new text, back to the school, decisions cleared.
void ResubmitAssessment(db::Tx& tx, int64_t id, const std::string& text, int64_t school_id,
                        std::optional<int64_t> by, int64_t now);
// Writes a review's outcome: the state, the reason and the three levels' decisions.
void UpdateAssessment(db::Tx& tx, const Assessment& a, std::optional<int64_t> by, int64_t now);
// The org type and path of the owner of the teacher's latest confirmed round; nullopt without one.
std::optional<std::pair<std::string, std::string>> LatestConfirmedOwner(db::Tx& tx, int64_t teacher_id);

}  // namespace jj::backbone::repo
