// Certificates as PDF (A4, Cairo + Pango with the Noto CJK fonts, a QR code
// (infra/io/qr.h) pointing to the public verification page).
//
// Pure: the output depends only on the certificates' stored content, number,
// code and issue time, and on the verification URL — no clock, no database.
// A PdfWriter must be used by one thread at a time; separate writers may run
// in parallel.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "modules/certificates/certificates.h"

namespace jj::certificates {

// "<base_url>/verify/<code>" (a trailing '/' of base_url is dropped).
std::string VerifyUrl(const std::string& base_url, const std::string& code);

// Streams one or more certificates into one PDF, each starting on a new
// page and breaking over as many pages as its records need.
class PdfWriter {
 public:
  // `sink` receives the PDF bytes in order; returning false aborts (Finish
  // then fails).
  using Sink = std::function<bool(const unsigned char* data, size_t size)>;
  PdfWriter(Sink sink, std::string base_url);
  ~PdfWriter();
  PdfWriter(const PdfWriter&) = delete;
  PdfWriter& operator=(const PdfWriter&) = delete;

  // Appends the pages of `c`. Returns how many pages it took.
  int Add(const Certificate& c);
  int pages() const;
  // Completes the document. Errors: Internal (cairo or the sink failed).
  Status Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One certificate as PDF bytes.
Result<std::string> RenderPdf(const Certificate& c, const std::string& base_url);

}  // namespace jj::certificates
