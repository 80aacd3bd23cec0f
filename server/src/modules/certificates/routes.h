// HTTP handlers of the certificates module: issue, PDF download, revoke,
// the public verification (JSON and an HTML page), and the batch job.
#pragma once

#include <functional>
#include <string>

#include "infra/auth/actor.h"
#include "infra/http/router.h"
#include "infra/jobs/jobs.h"
#include "modules/certificates/certificates.h"

namespace jj::certificates {

inline constexpr const char* kBatchJob = "certificate.batch";

// `base_url` prefixes the verification links (QR codes, verify_url).
void AddRoutes(http::Router& router, CertificateService& service, jobs::JobQueue& queue, std::string base_url);

// The job: params {org_id, first_year, last_year}; issues one certificate per
// active teacher of the subtree (progress per teacher, cancellable) and
// writes them all, one after another, into one PDF result file.
jobs::JobHandler MakeBatchJob(CertificateService& service, std::string base_url,
                              std::function<Result<auth::Actor>(int64_t account_id)> actor_of);

// The public verification page for a result (nullptr: no such certificate).
// Self-contained HTML: inline CSS, no scripts, every text escaped.
std::string VerifyPage(const Verification* v);

}  // namespace jj::certificates
