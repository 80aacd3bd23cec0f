#include "modules/certificates/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <array>
#include <cstdio>

#include "core/clock.h"
#include "core/date.h"
#include "infra/io/qr.h"

namespace jj::certificates {

namespace {

using Json = nlohmann::json;

// A4 in points, margins.
constexpr double kPageW = 595, kPageH = 842;
constexpr double kLeft = 50, kRight = 545, kTop = 50, kBottom = 778;
constexpr double kWidth = kRight - kLeft;
constexpr const char* kSans = "Noto Sans CJK SC";
constexpr const char* kSerif = "Noto Serif CJK SC";
constexpr const char* kTitle = "中小学教师继续教育证书";

struct Column {
  const char* title;
  double width;
  PangoAlignment align;
};
// Widths sum to kWidth (495).
const std::array<Column, 7> kColumns = {{{"日期", 62, PANGO_ALIGN_LEFT},
                                         {"培训项目", 163, PANGO_ALIGN_LEFT},
                                         {"级别 / 形式", 90, PANGO_ALIGN_LEFT},
                                         {"维度", 52, PANGO_ALIGN_LEFT},
                                         {"学时", 40, PANGO_ALIGN_RIGHT},
                                         {"学分", 40, PANGO_ALIGN_RIGHT},
                                         {"成绩", 48, PANGO_ALIGN_CENTER}}};
constexpr double kPad = 3;

std::string IssueDate(int64_t issued_at) {
  Date d = ChinaDateOf(issued_at);
  return std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
}

std::string Str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

cairo_status_t WriteToSink(void* closure, const unsigned char* data, unsigned int length) {
  auto* sink = static_cast<PdfWriter::Sink*>(closure);
  return (*sink)(data, length) ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

}  // namespace

std::string VerifyUrl(const std::string& base_url, const std::string& code) {
  std::string base = base_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/verify/" + code;
}

struct PdfWriter::Impl {
  Sink sink;
  std::string base_url;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  int pages = 0;
  bool page_open = false;
  bool finished = false;

  // The certificate being drawn.
  const Certificate* cert = nullptr;
  int cert_page = 0;
  double y = kTop;

  // Draws (or with draw=false only measures) `text` in a box of `width` at
  // (x, y); returns its height. Text is set as plain text, never markup.
  double Text(double x, double top, double width, const std::string& text, const char* family, double size,
              bool bold = false, PangoAlignment align = PANGO_ALIGN_LEFT, bool draw = true, double gray = 0) {
    PangoLayout* layout = pango_cairo_create_layout(cr);
    PangoFontDescription* font = pango_font_description_from_string(family);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, align);
    pango_layout_set_text(layout, text.c_str(), -1);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    if (draw) {
      cairo_set_source_rgb(cr, gray, gray, gray);
      cairo_move_to(cr, x, top);
      pango_cairo_show_layout(cr, layout);
    }
    pango_font_description_free(font);
    g_object_unref(layout);
    return static_cast<double>(h) / PANGO_SCALE;
  }

  void Line(double x0, double y0, double x1, double y1, double width = 0.5, double gray = 0.4) {
    cairo_set_source_rgb(cr, gray, gray, gray);
    cairo_set_line_width(cr, width);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
  }

  void Qr(double x, double top, double size, const std::string& url) {
    auto qr = io::EncodeQr(url);
    if (!qr) return;
    const int quiet = 2;
    const double cell = size / (qr->width + 2 * quiet);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, top, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < qr->width; ++row)
      for (int col = 0; col < qr->width; ++col)
        if (qr->Dark(row, col)) cairo_rectangle(cr, x + (col + quiet) * cell, top + (row + quiet) * cell, cell, cell);
    cairo_fill(cr);
  }

  void Footer() {
    const std::string text = "证书编号 " + cert->number + "　·　第 " + std::to_string(cert_page) + " 页　·　验证：" +
                             VerifyUrl(base_url, cert->code);
    Line(kLeft, kBottom + 8, kRight, kBottom + 8, 0.3, 0.6);
    Text(kLeft, kBottom + 14, kWidth, text, kSans, 7.5, false, PANGO_ALIGN_CENTER, true, 0.35);
  }

  void NewPage() {
    if (page_open) {
      Footer();
      cairo_show_page(cr);
    }
    page_open = true;
    ++pages;
    ++cert_page;
    y = kTop;
    if (cert_page > 1) {
      Text(kLeft, y, kWidth, std::string(kTitle) + "（续）", kSerif, 11, true);
      Text(kLeft, y, kWidth, cert->number, kSans, 9, false, PANGO_ALIGN_RIGHT, true, 0.3);
      y += 22;
      Line(kLeft, y, kRight, y, 0.8, 0.2);
      y += 10;
    }
  }

  // Starts a new page when `height` does not fit; returns true if it did.
  bool Ensure(double height) {
    if (y + height <= kBottom) return false;
    NewPage();
    return true;
  }

  void TableHeader() {
    double x = kLeft;
    cairo_set_source_rgb(cr, 0.93, 0.93, 0.93);
    cairo_rectangle(cr, kLeft, y, kWidth, 16);
    cairo_fill(cr);
    for (const auto& c : kColumns) {
      Text(x + kPad, y + 2, c.width - 2 * kPad, c.title, kSans, 8.5, true, c.align);
      x += c.width;
    }
    y += 16;
  }

  void Row(const std::array<std::string, 7>& cells) {
    double h = 0;
    for (size_t i = 0; i < cells.size(); ++i)
      h = std::max(h, Text(0, 0, kColumns[i].width - 2 * kPad, cells[i], kSans, 8.5, false, kColumns[i].align, false));
    h += 2 * kPad;
    if (Ensure(h)) TableHeader();
    double x = kLeft;
    for (size_t i = 0; i < cells.size(); ++i) {
      Text(x + kPad, y + kPad, kColumns[i].width - 2 * kPad, cells[i], kSans, 8.5, false, kColumns[i].align);
      x += kColumns[i].width;
    }
    y += h;
    Line(kLeft, y, kRight, y, 0.3, 0.75);
  }

  void FirstPage() {
    const Json& content = cert->content;
    const Json& teacher = content.contains("teacher") ? content["teacher"] : Json::object();
    // Border.
    cairo_set_source_rgb(cr, 0.55, 0.1, 0.1);
    cairo_set_line_width(cr, 1.5);
    cairo_rectangle(cr, 30, 30, kPageW - 60, kPageH - 60);
    cairo_stroke(cr);
    // QR code (top right) pointing to the verification page.
    const double qr = 78;
    Qr(kRight - qr, kTop - 6, qr, VerifyUrl(base_url, cert->code));
    Text(kRight - qr - 10, kTop + qr - 4, qr + 20, "扫码验证真伪", kSans, 7.5, false, PANGO_ALIGN_CENTER, true, 0.3);
    // Title.
    y = kTop + 18;
    cairo_set_source_rgb(cr, 0.55, 0.1, 0.1);
    Text(kLeft, y, kWidth, kTitle, kSerif, 24, true, PANGO_ALIGN_CENTER, true, 0);
    y += 40;
    Text(kLeft, y, kWidth, "证书编号：" + cert->number, kSans, 10, false, PANGO_ALIGN_CENTER, true, 0.25);
    y += 36;
    const std::string cycle = std::to_string(cert->first_year) + "—" + std::to_string(cert->last_year) + " 年";
    const std::vector<std::pair<std::string, std::string>> fields = {
        {"姓　　名", Str(teacher, "name")},
        {"身份证号", Str(teacher, "id_number")},
        {"工作单位", Str(teacher, "school")},
        {"培训周期", cycle},
        {"周期总学分", Str(content, "total_credits")},
        {"发证日期", IssueDate(cert->issued_at)},
    };
    for (const auto& [label, value] : fields) {
      Text(kLeft + 20, y, 80, label + "：", kSans, 11, true);
      double h = Text(kLeft + 100, y, kWidth - 120, value, kSans, 11);
      y += std::max(h, 14.0) + 8;
    }
    y += 6;
    Line(kLeft, y, kRight, y, 0.8, 0.2);
    y += 12;
  }

  void Years() {
    const Json& years = cert->content.contains("years") ? cert->content["years"] : Json::array();
    for (const auto& yr : years) {
      std::string heading = std::to_string(yr.value("year", 0)) + " 年度";
      std::string summary = "年度总学分 " + Str(yr, "total_credits") + "　" + Str(yr, "status");
      if (yr.value("exempt", false)) summary += "（免考核：" + Str(yr, "exempt_reason") + "）";
      summary += yr.value("stamped", false) ? "　已验印" : "　未验印";
      Ensure(22 + 16 + 20);  // heading, table header and one row stay together
      cairo_set_source_rgb(cr, 0.98, 0.95, 0.92);
      cairo_rectangle(cr, kLeft, y, kWidth, 20);
      cairo_fill(cr);
      Text(kLeft + 4, y + 3, 120, heading, kSans, 11, true);
      Text(kLeft + 120, y + 4, kWidth - 124, summary, kSans, 9.5, false, PANGO_ALIGN_RIGHT);
      y += 22;
      TableHeader();
      const Json& records = yr.contains("records") ? yr["records"] : Json::array();
      if (records.empty()) Row({"", "（本年度无已认定的学时记录）", "", "", "", "", ""});
      for (const auto& r : records) {
        std::string lf = Str(r, "level");
        if (!Str(r, "form").empty()) lf += (lf.empty() ? "" : " / ") + Str(r, "form");
        Row({Str(r, "date"), Str(r, "project"), lf, Str(r, "dimension"), Str(r, "hours"), Str(r, "credits"),
             Str(r, "grade")});
      }
      y += 12;
    }
  }

  void Closing() {
    const std::string text =
        "本证书所列学时、学分均经教育行政部门审核认定，是教师参加继续教育的有效凭证。"
        "扫描二维码或访问 " +
        VerifyUrl(base_url, cert->code) + " 可核验本证书的真伪及内容是否为最新。";
    double h = Text(0, 0, kWidth, text, kSans, 8.5, false, PANGO_ALIGN_LEFT, false);
    Ensure(h + 40);
    Text(kLeft, y, kWidth, text, kSans, 8.5, false, PANGO_ALIGN_LEFT, true, 0.25);
    y += h + 12;
    Text(kLeft, y, kWidth, "发证日期：" + IssueDate(cert->issued_at), kSans, 10, false, PANGO_ALIGN_RIGHT);
    y += 20;
  }
};

PdfWriter::PdfWriter(Sink sink, std::string base_url) : impl_(std::make_unique<Impl>()) {
  impl_->sink = std::move(sink);
  impl_->base_url = std::move(base_url);
  impl_->surface = cairo_pdf_surface_create_for_stream(WriteToSink, &impl_->sink, kPageW, kPageH);
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_TITLE, kTitle);
  cairo_pdf_surface_set_metadata(impl_->surface, CAIRO_PDF_METADATA_CREATOR, "Jijiao 继教");
  impl_->cr = cairo_create(impl_->surface);
}

PdfWriter::~PdfWriter() {
  if (!impl_->finished) (void)Finish();
}

int PdfWriter::Add(const Certificate& c) {
  Impl& m = *impl_;
  const int before = m.pages;
  m.cert = &c;
  m.cert_page = 0;
  m.NewPage();
  m.FirstPage();
  m.Years();
  m.Closing();
  m.Footer();
  cairo_show_page(m.cr);
  m.page_open = false;
  m.cert = nullptr;
  return m.pages - before;
}

int PdfWriter::pages() const { return impl_->pages; }

Status PdfWriter::Finish() {
  Impl& m = *impl_;
  if (m.finished) return Status::Ok();
  m.finished = true;
  cairo_status_t st = cairo_status(m.cr);
  cairo_destroy(m.cr);
  cairo_surface_finish(m.surface);
  if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(m.surface);
  cairo_surface_destroy(m.surface);
  if (st != CAIRO_STATUS_SUCCESS) return Internal(std::string("pdf: ") + cairo_status_to_string(st));
  return Status::Ok();
}

Result<std::string> RenderPdf(const Certificate& c, const std::string& base_url) {
  std::string out;
  PdfWriter w(
      [&out](const unsigned char* data, size_t size) {
        out.append(reinterpret_cast<const char*>(data), size);
        return true;
      },
      base_url);
  w.Add(c);
  JJ_RETURN_IF_ERROR(w.Finish());
  return out;
}

}  // namespace jj::certificates
