// HTTP handlers of the certificates module: issue, PDF download, revoke,
// the public verification (JSON and an HTML page), and the batch job.
#pragma once

#include <functional>
#include <string>

#include "infra/auth/actor.h"
#include "infra/http/base_url.h"
#include "infra/http/router.h"
#include "infra/jobs/jobs.h"
#include "modules/certificates/certificates.h"

namespace jj::certificates {

inline constexpr const char* kBatchJob = "certificate.batch";

// `base_url` prefixes the verification links (QR codes, verify_url); it must
// outlive the routes. While it is not configured, issuing (one or a batch)
// and the PDF are refused with FailedPrecondition certificates.no_base_url
// (422), nothing written, and verify_url is null.
void AddRoutes(http::Router& router, CertificateService& service, jobs::JobQueue& queue,
               const http::BaseUrl& base_url);

// The job: params {org_id, first_year, last_year}; issues one certificate per
// active teacher of the subtree (progress per teacher, cancellable) and
// writes them all, one after another, into one PDF result file. Without a
// base URL it fails with certificates.no_base_url before issuing any.
jobs::JobHandler MakeBatchJob(CertificateService& service, const http::BaseUrl& base_url,
                              std::function<Result<auth::Actor>(int64_t account_id)> actor_of);

// The public verification page for a result (nullptr: no such certificate).
// Self-contained HTML: inline CSS, no scripts, every text escaped.
std::string VerifyPage(const Verification* v);

}  // namespace jj::certificates
