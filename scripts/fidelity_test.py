#!/usr/bin/env python3
"""Policy fidelity: the seeds' rules, end to end through the command line.

Loads the seed-derived policies with `jijiao policy load` (S1 province, the
S1 district extending it, S2 济源), imports teachers and their credit history
with `jijiao import teachers|credits` (CSV), runs `jijiao audit --format
json` and compares every teacher with expectations worked by hand from the
seed text (docs/policy.md), never from the engine's output:

  S1 §五.2  校本研修 1.0, 区级集中培训 1.2 (wherever held), 网络研修 0.7,
            区级以上集中培训 (市培、省培、国培) 1.2 in the region, 1.3 outside;
            yearly 不少于 64 with 师德 6 / 学科 28 / 学生管理 10 / 专业成长 20
            ("不少于" is the exact amount: 19.95 does not meet 20);
  S1 province  240 hours over the cycle 2021-2025 (binds in 2025), raw hours;
  S2           360 hours over 2021-2025, no dimensions, 120 h 岗前培训 for
               first-year teachers.

Usage: scripts/fidelity_test.py BUILD_DIR
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
from fractions import Fraction as F

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SAMPLES = os.path.join(ROOT, "server/src/modules/credits/policy/samples")
TMP = tempfile.mkdtemp(prefix="jijiao-fidelity.")
DB = "sqlite:" + os.path.join(TMP, "f.db")
ENV = dict(os.environ, JIJIAO_PWHASH="fast", JIJIAO_FILES_DIR=os.path.join(TMP, "files"))
checks = 0
failures = []


def run(*args, ok=(0,)):
    p = subprocess.run([os.path.join(BUILD, "jijiao"), "--db", DB, *args], capture_output=True, text=True, env=ENV)
    if p.returncode not in ok:
        sys.exit(f"jijiao {' '.join(args)}: exit {p.returncode}\n{p.stdout}\n{p.stderr}")
    return p


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)


def id_number(region, birth, seq):
    body = region + birth + seq
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]


def write_csv(name, header, rows):
    path = os.path.join(TMP, name)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def sample(name, **changes):
    with open(os.path.join(SAMPLES, name + ".json"), encoding="utf-8") as f:
        doc = json.load(f)
    for rid, minimum in changes.items():
        for r in doc["requirements"]:
            if r["id"] == rid:
                r["minimum"] = minimum
    path = os.path.join(TMP, name + "-" + "-".join(f"{k}{v}" for k, v in changes.items()) + ".json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False)
    return path


# ---- the regions: S1 province > city > district > school; 济源 > school. The
# organisation tree has one root, so 济源 sits under it too: its own whole S2
# document stops inheritance (the nearest region's whole document applies).
run("migrate")
orgs = write_csv("orgs.csv", ["代码", "名称", "类型", "上级代码"], [
    ["440000", "S1 省", "省", ""], ["441800", "S1 市", "市", "440000"], ["441821", "S1 区", "县区", "441800"],
    ["441821101001", "S1 区第一小学", "学校", "441821"],
    ["419000", "济源（市级）", "市", "440000"], ["419001", "济源示范区", "县区", "419000"],
    ["419001101001", "济源第一小学", "学校", "419001"]])
run("import", "orgs", orgs, "--mode", "insert")
for year in (2024, 2025):
    run("policy", "load", sample("s1_provincial"), "--region", "440000", "--year", str(year))
    run("policy", "load", sample("s1_district_extends_provincial"), "--region", "441821", "--year", str(year))
for year in range(2021, 2026):  # the S2 plan covers 2021-2025: its records of every year need no 维度
    run("policy", "load", sample("s2_jiyuan"), "--region", "419001", "--year", str(year))

# ---- `policy show`: one effective policy, each line with its origin.
show = json.loads(run("policy", "show", "--region", "441821", "--year", "2025").stdout)
origin = {r["id"]: r["origin"] for r in show["requirements"]}
check(origin.get("cycle_total", "").startswith("440000 "), f"cycle_total comes from the province: {origin}")
check(origin.get("total", "").startswith("441821 "), f"total comes from the district: {origin}")
check(show["hours_per_credit"] == 1 and show["origin"]["hours_per_credit"].startswith("441821 "),
      "hours_per_credit 1, from the district")
rules = {r.get("id"): r for r in show["coefficients"]["rules"]}
check(rules["district_central"]["coefficient"] == 1.2 and "locations" not in rules["district_central"],
      "区县级 集中培训 1.2 with no location condition")
check(rules["above_district_out_of_region"]["coefficient"] == 1.3, "区级以上 out of region 1.3")

# ---- teachers and their records, with what the seeds say about each.
# A record: (date, level, form, dimension, location, hours). Expectations per
# audited year: status, total (shown, one place), the exact missing amount of
# each unmet requirement, and the one amount still to earn per measure.
S1, S2 = "441821101001", "419001101001"
teachers = []  # (key, school, hire_date, records, {year: expectation})


def teacher(key, school, records, expect, hire="2000-09-01"):
    teachers.append((key, school, hire, records, expect))


def full_dims(year, growth=None):  # 师德 6, 学科 28, 学生管理 10 school-based (x 1.0), optional 专业成长 record
    rs = [(f"{year}-03-01", "校本", "校本研修", "师德修养", "", "6"),
          (f"{year}-03-02", "校本", "校本研修", "学科教学", "", "28"),
          (f"{year}-03-03", "校本", "校本研修", "学生管理", "", "10")]
    return rs + ([growth] if growth else [])


def passed(total):
    return {"status": "达标", "total": total, "missing": {}, "needed": {}}


# 区县级 集中培训 out of region is 1.2: 10 h 师德 -> 12.0, + 28 + 10 + 20 = 70.0 (1.3 would give 71.0).
teacher("district_out_of_region", S1,
        [("2024-03-01", "区县级", "集中培训", "师德修养", "区域外", "10"),
         ("2024-03-02", "校本", "校本研修", "学科教学", "", "28"), ("2024-03-03", "校本", "校本研修", "学生管理", "", "10"),
         ("2024-03-04", "校本", "校本研修", "专业成长", "", "20")], {2024: passed(70.0)})
# 市培 集中培训 out of region is 1.3: 20 h 学科 -> 26.0; total 6 + 26 + 10 + 20 = 62; short 2.0 each; still 2.0.
teacher("city_out_of_region", S1,
        [("2024-03-01", "校本", "校本研修", "师德修养", "", "6"), ("2024-03-02", "市培", "集中培训", "学科教学", "区域外", "20"),
         ("2024-03-03", "校本", "校本研修", "学生管理", "", "10"), ("2024-03-04", "校本", "校本研修", "专业成长", "", "20")],
        {2024: {"status": "未达标", "total": 62.0, "missing": {"total": "2.0", "teaching": "2.0"}, "needed": {"credits": "2.0"}}})
# 市培 in region is 1.2: 20 h -> 24.0; total 60; short 4.0 each; still 4.0.
teacher("city_in_region", S1,
        [("2024-03-01", "校本", "校本研修", "师德修养", "", "6"), ("2024-03-02", "市培", "集中培训", "学科教学", "区域内", "20"),
         ("2024-03-03", "校本", "校本研修", "学生管理", "", "10"), ("2024-03-04", "校本", "校本研修", "专业成长", "", "20")],
        {2024: {"status": "未达标", "total": 60.0, "missing": {"total": "4.0", "teaching": "4.0"}, "needed": {"credits": "4.0"}}})
# 19.95 is not 不少于 20: 28.5 online h x 0.7 = 19.95 (shown 20.0); total 63.95 (shown 64.0).
teacher("online_19_95", S1, full_dims(2024, ("2024-03-04", "省培", "网络研修", "专业成长", "", "28.5")),
        {2024: {"status": "未达标", "total": 64.0, "missing": {"total": "0.05", "growth": "0.05"},
                "needed": {"credits": "0.05"}}})
# 28.6 online h = 20.02 >= 20; total 64.02 >= 64.
teacher("online_20_02", S1, full_dims(2024, ("2024-03-04", "省培", "网络研修", "专业成长", "", "28.6")),
        {2024: passed(64.0)})
# Nothing: 64 total and 6 + 28 + 10 + 20 = 64 in the dimensions -> one amount, 64.0 (not 128).
teacher("nothing", S1, [], {2024: {"status": "未达标", "total": 0.0,
                                   "missing": {"total": "64.0", "ethics": "6.0", "teaching": "28.0", "student_mgmt": "10.0",
                                               "growth": "20.0"}, "needed": {"credits": "64.0"}}})
# 60 学科 only: total short 4, the other three dimensions 6 + 10 + 20 = 36 -> still 36.0.
teacher("one_dimension", S1, [("2024-03-01", "校本", "校本研修", "学科教学", "", "60")],
        {2024: {"status": "未达标", "total": 60.0,
                "missing": {"total": "4.0", "ethics": "6.0", "student_mgmt": "10.0", "growth": "20.0"},
                "needed": {"credits": "36.0"}}})
# Bound by both layers (2025, the cycle's last year): 40 h a year 2021-2024 (学科), then a full 2025:
# 6 + 28 + 10 + 20 h 区县级 集中 out of region (x 1.2 = 24) = 68.0 credits (yearly met);
# the cycle in raw hours: 160 + 64 = 224 < 240 -> short 16.0 hours. In 2024 (cycle not binding) the year
# has 40 学科 credits only: total short 24, dimensions 6 + 10 + 20 = 36 -> still 36.0.
history = [(f"{y}-05-01", "校本", "校本研修", "学科教学", "", "40") for y in (2021, 2022, 2023, 2024)]
teacher("both_layers_short", S1, history + full_dims(2025, ("2025-03-04", "区县级", "集中培训", "专业成长", "区域外", "20")),
        {2025: {"status": "未达标", "total": 68.0, "missing": {"cycle_total": "16.0"}, "needed": {"hours": "16.0"}},
         2024: {"status": "未达标", "total": 40.0,
                "missing": {"total": "24.0", "ethics": "6.0", "student_mgmt": "10.0", "growth": "20.0"},
                "needed": {"credits": "36.0"}}})
# 44 h a year 2021-2024 + 64 h in 2025 = 240 -> both layers met.
history44 = [(f"{y}-05-01", "校本", "校本研修", "学科教学", "", "44") for y in (2021, 2022, 2023, 2024)]
teacher("both_layers_met", S1, history44 + full_dims(2025, ("2025-03-04", "校本", "校本研修", "专业成长", "", "20")),
        {2025: passed(64.0)})
# Met the cycle (300 h) but not the year: the district's layer alone fails 2025.
history75 = [(f"{y}-05-01", "校本", "校本研修", "学科教学", "", "75") for y in (2021, 2022, 2023, 2024)]
teacher("cycle_met_year_short", S1, history75 + full_dims(2025),
        {2025: {"status": "未达标", "total": 44.0, "missing": {"total": "20.0", "growth": "20.0"},
                "needed": {"credits": "20.0"}}})

# Families from the same rules, worked with exact fractions from the seed's coefficients.
for k in range(12):  # 专业成长 by 市培 集中培训 out of region (1.3)
    h = F(14) + F(k, 2)
    credits = h * F(13, 10)
    teacher(f"city_out_{k}", S1, full_dims(2024, ("2024-03-04", "市培", "集中培训", "专业成长", "区域外", str(float(h)))),
            {2024: None if credits >= 20 else ("short", 20 - credits)})
for k in range(12):  # 专业成长 by 区县级 集中培训 out of region (1.2, not 1.3)
    h = F(15) + F(k, 2)
    credits = h * F(12, 10)
    teacher(f"district_out_{k}", S1, full_dims(2024, ("2024-03-04", "区县级", "集中培训", "专业成长", "区域外", str(float(h)))),
            {2024: None if credits >= 20 else ("short", 20 - credits)})

# S2 济源: no dimensions (records carry none), 360 hours over 2021-2025.
teacher("s2_cycle_met", S2, [("2021-05-01", "市培", "集中培训", "", "", "100"), ("2023-05-01", "校本", "校本研修", "", "", "100"),
                             ("2025-05-01", "校本", "校本研修", "", "", "160")], {2025: passed(160.0)})
teacher("s2_cycle_short", S2, [("2022-05-01", "市培", "集中培训", "", "", "200"), ("2025-05-01", "校本", "校本研修", "", "", "159.9")],
        {2025: {"status": "未达标", "total": 159.9, "missing": {"cycle_total": "0.1"}, "needed": {"hours": "0.1"}}})
# First-year teacher without 岗前培训: cycle 40 of 360 (short 320) and 120 h pre-service; every record counts
# toward the cycle, so still max(320, 120) = 320 hours.
teacher("s2_first_year_short", S2, [("2025-10-01", "校本", "校本研修", "", "", "40")],
        {2025: {"status": "未达标", "total": 40.0, "missing": {"cycle_total": "320.0", "preservice": "120.0"},
                "needed": {"hours": "320.0"}}}, hire="2025-09-01")
teacher("s2_first_year_met", S2, [("2025-09-05", "区县级", "岗前培训", "", "", "120"),
                                  ("2025-10-01", "校本", "校本研修", "", "", "240")], {2025: passed(360.0)}, hire="2025-09-01")

rows, credit_rows, ids = [], [], {}
for n, (key, school, hire, records, _) in enumerate(teachers):
    region = "441821" if school == S1 else "419001"
    ids[key] = id_number(region, "19700101", f"{n:03d}")
    rows.append([f"师{n:03d}", ids[key], school, "小学", hire])
    for m, (date, level, form, dim, loc, hours) in enumerate(records):
        credit_rows.append([ids[key], f"师{n:03d}", date, f"{key}-{m}", "", level, form, dim, loc, hours, "", ""])
run("import", "teachers", write_csv("teachers.csv", ["姓名", "身份证号", "学校代码", "学段", "入职日期"], rows), "--mode", "insert")
header = ["身份证号", "姓名", "日期", "项目名称", "项目编号", "级别", "形式", "维度", "地点", "学时", "成绩", "类型"]
# Under the district's policy a record without 维度 is refused (the import asks the policy in force) ...
bad = write_csv("bad.csv", header, [[ids["nothing"], "师005", "2024-06-01", "x", "", "校本", "校本研修", "", "", "5", "", ""]])
p = run("import", "credits", bad, "--mode", "dry-run", ok=(1,))
check("dimension" in p.stderr or "维度" in p.stderr, f"an S1 record without 维度 is refused: {p.stderr}")
# ... while S2's records carry none and are imported.
run("import", "credits", write_csv("credits.csv", header, credit_rows), "--mode", "insert")


def audit(year):
    out = {}
    for org in ("441821", "419001"):
        for row in json.loads(run("audit", "--year", str(year), "--org", org, "--format", "json").stdout):
            out[row["id_number"]] = row
    return out


def compare(audits):
    for key, school, hire, records, expect in teachers:
        for year, e in expect.items():
            got = audits[year].get(ids[key])
            what = f"{key} {year}"
            if got is None:
                check(False, f"{what}: not audited")
                continue
            if isinstance(e, tuple) or e is None:  # a family member
                if e is None:
                    check(got["status"] == "达标", f"{what}: expected 达标, got {got['status']} {got['shortfalls']}")
                    continue
                short = e[1]
                text = f"{short.numerator / short.denominator:.4f}".rstrip("0")
                text = text + "0" if text.endswith(".") else text
                e = {"status": "未达标", "missing": {"total": text, "growth": text}, "needed": {"credits": text}}
            check(got["status"] == e["status"], f"{what}: status {got['status']}, expected {e['status']}")
            if "total" in e:
                check(abs(got["total_credits"] - e["total"]) < 1e-9, f"{what}: total {got['total_credits']}, expected {e['total']}")
            missing = {s["requirement"]: s["missing"] for s in got["shortfalls"]}
            want = {k: float(v) for k, v in e["missing"].items()}
            check(missing == want, f"{what}: shortfalls {missing}, expected {want}")
            needed = {n["measure"]: n["amount"] for n in got["needed"]}
            want = {k: float(v) for k, v in e["needed"].items()}
            check(needed == want, f"{what}: still needed {needed}, expected {want}")


audits = {2024: audit(2024), 2025: audit(2025)}
compare(audits)

# A parent change flows down: the province lowers the cycle to 220 hours for 2025; the district stores
# nothing new, and the teacher with 224 hours now passes (the year was met already).
run("policy", "load", sample("s1_provincial", cycle_total=220), "--region", "440000", "--year", "2025")
after = audit(2025)[ids["both_layers_short"]]
check(after["status"] == "达标", f"after the province's change: {after['status']} {after['shortfalls']}")
show = json.loads(run("policy", "show", "--region", "441821", "--year", "2025").stdout)
check([r["minimum"] for r in show["requirements"] if r["id"] == "cycle_total"] == [220.0], "the district shows 220")

subprocess.run(["rm", "-rf", TMP])
audited = sum(len(e) for *_, e in teachers)
print(f"fidelity: {len(teachers)} teachers, {audited} audits, {checks} checks, {len(failures)} failed")
for f in failures:
    print("  not ok -", f)
sys.exit(1 if failures else 0)
