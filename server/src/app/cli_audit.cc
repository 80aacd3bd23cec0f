#include "app/cli_audit.h"

#include <fstream>
#include <nlohmann/json.hpp>

#include "infra/io/sheet.h"
#include "modules/org/org.h"

namespace jj::app {

namespace {

using Json = nlohmann::json;

// Exempt teachers pass; the command-line form names them 免审.
std::string StatusText(const credits::policy::TeacherAudit& a) {
  return a.exempt ? "免审" : credits::policy::AuditStatusText(a.status);
}

// One teacher as a JSON object, appended to `out` directly (a county's audit
// is a million of these): the documented keys in order, numbers as decimals
// with one place.
void AppendRowJson(const credits::AuditRow& r, std::string& out) {
  const auto& a = r.audit;
  auto text = [&](const char* key, const std::string& v) { out.append(key).append(Json(v).dump()); };
  auto decimal = [&](const char* key, int64_t tenths) {
    out.append(key).append(credits::policy::FormatTenths(tenths));
  };
  text("{\"id_number\":", r.id_number);
  text(",\"name\":", r.name);
  text(",\"school\":", r.school);
  out.append(",\"year\":").append(std::to_string(a.year));
  decimal(",\"total_credits\":", a.total_credits_tenths);
  out.append(",\"by_dimension\":{");
  for (int d = 0; d < credits::policy::kDimensionCount; ++d) {
    out.append(d ? ",\"" : "\"").append(credits::policy::Dimensions()[d]).append("\":");
    out.append(credits::policy::FormatTenths(a.by_dimension_tenths[d]));
  }
  decimal("},\"achievement_credits\":", a.achievement_credits_tenths);
  text(",\"status\":", StatusText(a));
  out.append(",\"shortfalls\":[");
  for (size_t k = 0; k < a.shortfalls.size(); ++k) {
    const auto& q = a.requirements[a.shortfalls[k].requirement];
    text(k ? ",{\"requirement\":" : "{\"requirement\":", q.id);
    decimal(",\"required\":", q.required_tenths);
    decimal(",\"actual\":", q.actual_tenths);
    out.append(",\"missing\":").append(credits::policy::FormatExact(a.shortfalls[k].missing_units, q.per_one));
    out.append("}");
  }
  out.append("],\"needed\":[");
  for (size_t k = 0; k < a.needed.size(); ++k) {
    const auto& n = a.needed[k];
    text(k ? ",{\"measure\":" : "{\"measure\":", credits::policy::MeasureName(n.measure));
    out.append(",\"amount\":").append(credits::policy::FormatExact(n.units, n.per_one)).append("}");
  }
  out.append("]}");
}

std::vector<std::string> RowCells(const credits::AuditRow& r) {
  const auto& a = r.audit;
  std::vector<std::string> cells = {r.id_number, r.name, r.school, std::to_string(a.year),
                                    credits::policy::FormatTenths(a.total_credits_tenths)};
  for (int d = 0; d < credits::policy::kDimensionCount; ++d)
    cells.push_back(credits::policy::FormatTenths(a.by_dimension_tenths[d]));
  cells.push_back(credits::policy::FormatTenths(a.achievement_credits_tenths));
  cells.push_back(StatusText(a));
  std::string why;
  for (const auto& s : a.shortfalls) why += (why.empty() ? "" : "；") + credits::policy::ShortfallText(a, s, "zh");
  cells.push_back(why);
  return cells;
}

std::vector<std::string> Header() {
  std::vector<std::string> h = {"身份证号", "姓名", "学校", "年度", "总学分"};
  for (const auto& d : credits::policy::Dimensions()) h.push_back(d);
  for (const char* x : {"成果学分", "状态", "差额说明"}) h.push_back(x);
  return h;
}

}  // namespace

int RunCliAudit(App& app, const CliAudit& o, std::ostream& out, std::ostream& err) {
  auth::Actor actor = auth::CommandLineActor();
  std::optional<int64_t> org_id;
  if (!o.org_code.empty()) {
    Status st = app.db().Read([&](db::Tx& tx) -> Status {
      if (auto org = org::FindOrgByCode(tx, o.org_code)) org_id = org->id;
      return Status::Ok();
    });
    if (!st.ok() || !org_id) {
      err << "机构代码不存在 / no org with code " << o.org_code << "\n";
      return 2;
    }
  }
  if (app.db().IsOwnFile(o.out)) {
    err << "--out 是数据库本身，不能写入 / --out is the database's own file: " << o.out << "\n";
    return 2;
  }
  if (o.format == "xlsx" && o.out.empty()) {
    err << "xlsx 需要 --out 文件 / xlsx needs --out FILE\n";
    return 2;
  }
  std::ofstream file;
  if (!o.out.empty() && o.format != "xlsx") {
    file.open(o.out, std::ios::binary);
    if (!file) {
      err << "无法写入 / cannot write " << o.out << "\n";
      return 2;
    }
  }
  std::ostream& sink = o.out.empty() ? out : file;
  std::unique_ptr<io::XlsxWriter> xlsx;
  std::string csv_text;
  io::CsvWriter csv(&csv_text);
  if (o.format == "xlsx") {
    auto w = io::XlsxWriter::Create(o.out);
    if (!w.ok()) {
      err << w.status().Message("zh") << "\n";
      return 2;
    }
    xlsx = std::move(*w);
    std::vector<io::XlsxColumn> cols;
    for (const auto& h : Header())
      cols.push_back({h, h == "身份证号" || h == "学校" || h == "差额说明" ? 24.0 : 10.0, {}, true});
    xlsx->AddSheet(std::to_string(o.year) + "年度学分审核", cols);
  } else if (o.format == "csv") {
    csv.Row(Header());
  } else {
    sink << "[";
  }
  int64_t teachers = 0;
  Status st = app.credits().ForEachSchoolAudit(actor, org_id, o.year, [&](const std::vector<credits::AuditRow>& rows) {
    std::string json;
    for (const auto& r : rows) {
      if (o.format == "json") {
        json.append(teachers ? ",\n" : "\n");
        AppendRowJson(r, json);
      } else if (xlsx) {
        xlsx->AppendRow(RowCells(r));
      } else {
        csv.Row(RowCells(r));
      }
      ++teachers;
    }
    sink << json;
    if (o.format == "csv") {  // (the CSV writer starts with a BOM: only CSV may see it)
      sink << csv_text;
      csv_text.clear();
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    err << st.Message("zh") << "\n";
    return 2;
  }
  if (o.format == "json") sink << (teachers ? "\n]\n" : "]\n");
  if (o.format == "csv") sink << csv_text;  // the header alone when nobody was audited
  if (xlsx) {
    if (Status c = xlsx->Close(); !c.ok()) {
      err << c.Message("zh") << "\n";
      return 2;
    }
  }
  sink.flush();
  err << "审核完成 / audited " << teachers << " teachers for " << o.year << "\n";
  return 0;
}

int RunCliPolicy(App& app, const std::string& region_code, int year, bool load, const std::string& document,
                 std::ostream& out, std::ostream& err) {
  std::optional<int64_t> org_id;
  (void)app.db().Read([&](db::Tx& tx) -> Status {
    if (auto org = org::FindOrgByCode(tx, region_code)) org_id = org->id;
    return Status::Ok();
  });
  if (!org_id) {
    err << "机构代码不存在 / no org with code " << region_code << "\n";
    return 2;
  }
  auto actor = auth::CommandLineActor();
  auto result =
      load ? app.credits().SavePolicy(actor, *org_id, year, document) : app.credits().PolicyFor(actor, *org_id, year);
  if (!result.ok()) {
    const Status& st = result.status();
    err << (st.field().empty() ? "" : st.field() + ": ") << st.Message("zh") << "\n";
    return st.code() == Code::kInvalidArgument ? 1 : 2;
  }
  if (load) {
    err << "已保存 / stored: " << region_code << " " << year << " version " << result->version << "\n";
  } else {
    err << (result->org_id ? "本地区或上级地区的政策 / policy of org " + std::to_string(*result->org_id) + " version " +
                                 std::to_string(result->version)
                           : std::string("默认政策 / the default policy"))
        << "\n";
    // Loadable as is ("origin" is ignored when loading).
    out << credits::AnnotatedPolicyDocument(*result).dump(2) << "\n";
  }
  return 0;
}

}  // namespace jj::app
