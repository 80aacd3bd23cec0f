#include "app/demo_seed.h"

#include <chrono>

#include "app/demo_history.h"
#include "infra/audit_log/audit_log.h"
#include "modules/demo/demo.h"

namespace jj::app {

namespace {

struct DemoAccount {
  const char* username;
  const char* display_name;
  const char* role;
  const char* org_code;  // nullptr: the teacher's school
  const char* what;
};

const DemoAccount kAccounts[] = {
    {"sysadmin", "平台管理员", "sys_admin", demo::kProvinceCode, "平台管理员（全部数据）"},
    {"bureau_admin", "县教育局师训股", "bureau_admin", demo::kCountyCode, "县教育局管理员（全县）"},
    {"institution_staff", "进修学校培训部", "institution_staff", demo::kInstitutionCode, "教师进修学校"},
    {"township_admin", "中心校教务", "school_admin", demo::kTownshipCode, "乡镇中心校管理员（本镇学校）"},
    {"school_admin", "学校管理员A", "school_admin", demo::kSchoolACode, "学校管理员（学校A）"},
    {"school_admin_b", "学校管理员B", "school_admin", demo::kSchoolBCode, "学校管理员（学校B）"},
    {"teacher", nullptr, "teacher", nullptr, "教师（学校A的一名教师）"},
    {"expert", "评审专家", "expert", demo::kCountyCode, "评审专家"},
};

}  // namespace

Status SeedDemo(App& app, std::ostream& out, bool history) {
  auto started = std::chrono::steady_clock::now();
  bool existing = false;
  Status st = app.db().Transact([&](db::Tx& tx) -> Status {
    db::Row r;
    tx.QueryOne("SELECT COUNT(*) FROM orgs", {}, r);
    if (r.Int(0) > 0) {
      existing = true;
      return Status::Ok();
    }
    demo::DemoCounty county = demo::GenerateCounty(demo::kDefaultSeed, app.clock().Today());
    JJ_RETURN_IF_ERROR(demo::InsertCounty(tx, county, app.clock().NowSeconds()));
    for (const DemoAccount& d : kAccounts) {
      accounts::NewAccount a;
      a.username = d.username;
      a.role = d.role;
      if (d.org_code) {
        a.display_name = d.display_name;
        auto o = org::FindOrgByCode(tx, d.org_code);
        if (!o) return Internal(std::string("demo org missing: ") + d.org_code);
        a.org_id = o->id;
      } else {
        // The demo teacher: the first teacher of school A by name.
        auto o = org::FindOrgByCode(tx, demo::kSchoolACode);
        if (!o) return Internal("demo school A missing");
        db::Row t;
        if (!tx.QueryOne("SELECT id, name FROM teachers WHERE org_id = :o ORDER BY id LIMIT 1", {o->id}, t))
          return Internal("demo school A has no teachers");
        a.teacher_id = t.Int(0);
        a.display_name = t.Str(1);
        a.org_id = o->id;
      }
      auto id = app.accounts().CreateSystemAccount(tx, a, kDemoPassword, false);
      if (!id.ok()) return id.status();
    }
    // Marks the database as a demo (App::IsDemoDatabase): certificates may
    // then point to the address the server listens on.
    audit_log::Append(tx, app.clock(), {std::nullopt, "demo.seed", "database", std::nullopt, "", ""});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (existing) {
    out << "数据库已有数据，跳过演示数据 / the database already has data; demo seeding skipped\n";
    return Status::Ok();
  }
  DemoHistoryCounts n;
  if (history) JJ_RETURN_IF_ERROR(SeedDemoHistory(app, kDemoPassword, &n));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count();
  out << "演示数据已生成 / demo data seeded in " << ms << " ms\n";
  if (history)
    out << "  学分记录 " << n.imported_records << " 条（导入）+ " << n.pending_records << " 条（教师申报，审核中或已处理），培训项目 "
        << n.projects << " 个，报名 " << n.registrations << " 人次，问卷答卷 " << n.survey_answers << " 份，校本培训方案 "
        << n.plans << " 份，验印 " << n.stamps << " 人次，证书 " << n.certificates << " 份，学校管理员账号 "
        << n.school_admins << " 个\n";
  return Status::Ok();
}

void PrintDemoAccounts(App& app, std::ostream& out) {
  std::vector<std::string> lines;
  (void)app.db().Read([&](db::Tx& tx) -> Status {
    for (const DemoAccount& d : kAccounts) {
      db::Row r;
      if (tx.QueryOne("SELECT a.display_name, o.name FROM accounts a JOIN orgs o ON o.id = a.org_id "
                      "WHERE a.username = :u",
                      {std::string(d.username)}, r))
        lines.push_back(std::string("  ") + d.username + " / " + kDemoPassword + "  — " + d.what + "：" + r.Str(1));
    }
    return Status::Ok();
  });
  if (lines.empty()) return;
  out << "演示账号 / demo accounts (用户名 / 密码):\n";
  for (const auto& l : lines) out << l << "\n";
}

}  // namespace jj::app
