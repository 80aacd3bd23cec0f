// The policy document <-> Policy. Every error names the JSON path at fault so
// that a bureau admin editing the policy in the UI sees which box is wrong.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "modules/credits/policy/json_read.h"
#include "modules/credits/policy/policy.h"

namespace jj::credits::policy {
namespace {

using internal::Index;
using internal::Join;
using internal::Json;
using internal::ObjectReader;
using internal::PathError;

const std::vector<std::string>& Stages() {
  // The registry's vocabulary (docs/api-contract.md).
  static const std::vector<std::string> k = {"幼儿园", "小学", "初中", "高中", "中职", "特殊教育"};
  return k;
}
const std::vector<std::string>& Posts() {
  static const std::vector<std::string> k = {"班主任", "校长", "副校长", "教研员", "中层", "教师"};
  return k;
}
const std::vector<std::string>& Sexes() {
  static const std::vector<std::string> k = {"男", "女"};
  return k;
}

constexpr int64_t kMaxCoefHundredths = 1000;  // 10.00
constexpr int64_t kMaxTenths = 100000;        // 10,000 credits or hours

// True when every record rule `later` matches is matched by `earlier` too.
bool Covers(const std::vector<std::string>& earlier, const std::vector<std::string>& later) {
  if (earlier.empty()) return true;
  if (later.empty()) return false;
  for (const auto& v : later) {
    if (std::find(earlier.begin(), earlier.end(), v) == earlier.end()) return false;
  }
  return true;
}

// One coefficient rule at `path` ("origin" is informational: `jijiao policy
// show` writes it, loading ignores it).
Status ParseRule(const Json& v, const std::string& path, CoefficientRule& rule) {
  JJ_ASSIGN_OR_RETURN(auto r, ObjectReader::Of(v, path, {"id", "levels", "forms", "locations", "coefficient", "origin"}));
  JJ_RETURN_IF_ERROR(r.String("id", false, rule.id));
  JJ_RETURN_IF_ERROR(r.StringList("levels", false, &Levels(), rule.levels));
  JJ_RETURN_IF_ERROR(r.StringList("forms", false, &Forms(), rule.forms));
  JJ_RETURN_IF_ERROR(r.StringList("locations", false, &Locations(), rule.locations));
  std::optional<int64_t> coef;
  JJ_RETURN_IF_ERROR(r.Fixed("coefficient", true, 2, 0, kMaxCoefHundredths, coef));
  rule.coef_hundredths = static_cast<int>(*coef);
  return Status::Ok();
}

bool RuleCovers(const CoefficientRule& e, const CoefficientRule& rule) {
  return Covers(e.levels, rule.levels) && Covers(e.forms, rule.forms) && Covers(e.locations, rule.locations);
}

Status ParseCoefficients(const ObjectReader& top, Policy& p) {
  const Json* c = top.Find("coefficients");
  if (!c) return top.Required("coefficients");
  JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(*c, top.PathOf("coefficients"), {"default", "rules"}));
  std::optional<int64_t> def;
  JJ_RETURN_IF_ERROR(obj.Fixed("default", false, 2, 0, kMaxCoefHundredths, def));
  p.default_coef_hundredths = static_cast<int>(def.value_or(100));
  const Json* rules = obj.Find("rules");
  if (!rules) return Status::Ok();
  const std::string rules_path = obj.PathOf("rules");
  if (!rules->is_array()) return PathError("policy.type", rules_path, {{"expected", "array"}});
  for (size_t i = 0; i < rules->size(); ++i) {
    const std::string path = Index(rules_path, i);
    CoefficientRule rule;
    JJ_RETURN_IF_ERROR(ParseRule((*rules)[i], path, rule));
    if (!rule.id.empty()) {
      for (const auto& prev : p.coefficients)
        if (prev.id == rule.id) return PathError("policy.duplicate", Join(path, "id"), {{"value", rule.id}});
    }
    // First match wins, so a rule whose every case an earlier rule already
    // takes would silently never apply: reject it.
    for (size_t k = 0; k < p.coefficients.size(); ++k) {
      if (RuleCovers(p.coefficients[k], rule)) {
        return PathError("policy.rule_shadowed", path, {{"by", Index(rules_path, k)}});
      }
    }
    p.coefficients.push_back(std::move(rule));
  }
  return Status::Ok();
}

Status ParseAchievements(const ObjectReader& top, Policy& p) {
  const Json* a = top.Find("achievements");
  if (!a) return Status::Ok();
  JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(*a, top.PathOf("achievements"), {"types", "yearly_cap_credits"}));
  if (const Json* types = obj.Find("types")) {
    const std::string path = obj.PathOf("types");
    if (!types->is_object()) return PathError("policy.type", path, {{"expected", "object"}});
    for (auto it = types->begin(); it != types->end(); ++it) {
      if (it.key().empty()) return PathError("policy.empty", path);
      int64_t coef = 0;
      JJ_RETURN_IF_ERROR(internal::ReadFixed(it.value(), internal::Join(path, it.key()), 2, 0, kMaxCoefHundredths, coef));
      p.achievement_types[it.key()] = static_cast<int>(coef);
    }
  }
  std::optional<int64_t> cap;
  JJ_RETURN_IF_ERROR(obj.Fixed("yearly_cap_credits", false, 1, 0, kMaxTenths, cap));
  p.achievement_cap_tenths = cap;
  return Status::Ok();
}

Status ParseAppliesTo(const ObjectReader& req, Requirement& r) {
  const Json* a = req.Find("applies_to");
  if (!a) return Status::Ok();
  const std::string path = req.PathOf("applies_to");
  if (a->is_string()) {
    if (a->get<std::string>() == "all") return Status::Ok();
    return PathError("policy.enum", path, {{"value", a->get<std::string>()}, {"allowed", "all"}});
  }
  JJ_ASSIGN_OR_RETURN(
      auto obj, ObjectReader::Of(*a, path, {"stages", "posts", "sex", "age_under", "age_on", "years_since_hire_under"}));
  AppliesTo& t = r.applies_to;
  JJ_RETURN_IF_ERROR(obj.StringList("stages", false, &Stages(), t.stages));
  JJ_RETURN_IF_ERROR(obj.StringList("posts", false, &Posts(), t.posts));
  JJ_RETURN_IF_ERROR(obj.String("sex", false, t.sex));
  if (!t.sex.empty() && t.sex != "男" && t.sex != "女") {
    return PathError("policy.enum", obj.PathOf("sex"), {{"value", t.sex}, {"allowed", internal::JoinList(Sexes())}});
  }
  std::optional<int64_t> age, hire;
  JJ_RETURN_IF_ERROR(obj.Int("age_under", false, 1, 120, age));
  JJ_RETURN_IF_ERROR(obj.DateField("age_on", false, t.age_on));
  JJ_RETURN_IF_ERROR(obj.Int("years_since_hire_under", false, 1, 60, hire));
  if (age) t.age_under = static_cast<int>(*age);
  if (hire) t.years_since_hire_under = static_cast<int>(*hire);
  if (t.age_on && !t.age_under) return PathError("policy.age_on_alone", obj.PathOf("age_on"));
  return Status::Ok();
}

Status ParsePeriod(const ObjectReader& req, Requirement& r) {
  const Json* v = req.Find("period");
  if (!v) return Status::Ok();  // a single year
  JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(*v, req.PathOf("period"), {"kind", "years", "start_year"}));
  std::string kind;
  JJ_RETURN_IF_ERROR(obj.String("kind", true, kind));
  if (kind == "year") {
    if (obj.Find("years")) return PathError("policy.unknown_field", obj.PathOf("years"));
    if (obj.Find("start_year")) return PathError("policy.unknown_field", obj.PathOf("start_year"));
    return Status::Ok();
  }
  if (kind != "cycle") return PathError("policy.enum", obj.PathOf("kind"), {{"value", kind}, {"allowed", "year、cycle"}});
  std::optional<int64_t> years, start;
  JJ_RETURN_IF_ERROR(obj.Int("years", true, 2, 20, years));
  JJ_RETURN_IF_ERROR(obj.Int("start_year", true, 1900, 2200, start));
  r.period.kind = Period::Kind::kCycle;
  r.period.cycle_years = static_cast<int>(*years);
  r.period.start_year = static_cast<int>(*start);
  return Status::Ok();
}

Status ParseCounts(const ObjectReader& req, Requirement& r) {
  const Json* v = req.Find("counts");
  if (!v) return Status::Ok();  // every training record, no achievements
  JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(*v, req.PathOf("counts"), {"dimensions", "forms", "levels",
                                                                            "topic_tags", "include_achievements"}));
  RecordFilter& f = r.counts;
  JJ_RETURN_IF_ERROR(obj.StringList("dimensions", false, &Dimensions(), f.dimensions));
  JJ_RETURN_IF_ERROR(obj.StringList("forms", false, &Forms(), f.forms));
  JJ_RETURN_IF_ERROR(obj.StringList("levels", false, &Levels(), f.levels));
  JJ_RETURN_IF_ERROR(obj.StringList("topic_tags", false, nullptr, f.topic_tags));
  JJ_RETURN_IF_ERROR(obj.Bool("include_achievements", false, f.include_achievements));
  if (f.include_achievements &&
      (!f.dimensions.empty() || !f.forms.empty() || !f.levels.empty() || !f.topic_tags.empty())) {
    return PathError("policy.achievement_filter", obj.PathOf("include_achievements"));
  }
  return Status::Ok();
}

Status ParseRequirement(const Json& v, const std::string& path, Requirement& r);

Status ParseRequirements(const ObjectReader& top, Policy& p) {
  const Json* v = top.Find("requirements");
  if (!v) return top.Required("requirements");
  const std::string list_path = top.PathOf("requirements");
  if (!v->is_array()) return PathError("policy.type", list_path, {{"expected", "array"}});
  if (v->size() > kMaxRequirements) {
    return PathError("policy.too_many", list_path, {{"max", std::to_string(kMaxRequirements)}});
  }
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string path = Index(list_path, i);
    Requirement r;
    JJ_RETURN_IF_ERROR(ParseRequirement((*v)[i], path, r));
    for (const auto& prev : p.requirements) {
      if (prev.id == r.id) return PathError("policy.duplicate", Join(path, "id"), {{"value", r.id}});
    }
    p.requirements.push_back(std::move(r));
  }
  return Status::Ok();
}

// One requirement at `path` ("origin" is informational, as for rules).
Status ParseRequirement(const Json& v, const std::string& path, Requirement& r) {
  {
    JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(v, path, {"id", "name", "name_en", "applies_to", "period", "counts",
                                                             "measure", "minimum", "origin"}));
    JJ_RETURN_IF_ERROR(obj.String("id", true, r.id));
    JJ_RETURN_IF_ERROR(obj.String("name", true, r.name));
    JJ_RETURN_IF_ERROR(obj.String("name_en", false, r.name_en));
    JJ_RETURN_IF_ERROR(ParseAppliesTo(obj, r));
    JJ_RETURN_IF_ERROR(ParsePeriod(obj, r));
    JJ_RETURN_IF_ERROR(ParseCounts(obj, r));
    std::string measure;
    JJ_RETURN_IF_ERROR(obj.String("measure", true, measure));
    if (measure == "hours") {
      r.measure = Measure::kHours;
    } else if (measure != "credits") {
      return PathError("policy.enum", obj.PathOf("measure"), {{"value", measure}, {"allowed", "credits、hours"}});
    }
    std::optional<int64_t> min;
    JJ_RETURN_IF_ERROR(obj.Fixed("minimum", true, 1, 0, kMaxTenths, min));
    r.minimum_tenths = *min;
  }
  return Status::Ok();
}

Json Decimal(int64_t scaled, int scale) { return static_cast<double>(scaled) / scale; }

}  // namespace

Result<Policy> ParsePolicy(const Json& j) {
  // An extension on its own extends the default policy (what it does when
  // no ancestor region has a policy for the year).
  if (IsExtension(j)) return ExtendPolicy(DefaultPolicy(), j, 1);
  JJ_ASSIGN_OR_RETURN(auto top, ObjectReader::Of(j, "", {"name", "description", "hours_per_credit", "coefficients",
                                                        "passing_grades", "achievements", "requirements", "origin"}));
  Policy p;
  JJ_RETURN_IF_ERROR(top.String("name", false, p.name));
  std::string description;  // for people reading the file; not kept
  JJ_RETURN_IF_ERROR(top.String("description", false, description));
  std::optional<int64_t> hpc;
  JJ_RETURN_IF_ERROR(top.Int("hours_per_credit", true, 1, 100, hpc));
  p.hours_per_credit = static_cast<int>(*hpc);
  JJ_RETURN_IF_ERROR(ParseCoefficients(top, p));
  JJ_RETURN_IF_ERROR(top.StringList("passing_grades", true, nullptr, p.passing_grades));
  JJ_RETURN_IF_ERROR(ParseAchievements(top, p));
  JJ_RETURN_IF_ERROR(ParseRequirements(top, p));
  return p;
}

Result<Policy> ParsePolicyText(std::string_view text) {
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return PathError("policy.malformed", "$");
  return ParsePolicy(j);
}

namespace {

Json RuleToJson(const CoefficientRule& r) {
  Json jr = Json::object();
  if (!r.id.empty()) jr["id"] = r.id;
  if (!r.levels.empty()) jr["levels"] = r.levels;
  if (!r.forms.empty()) jr["forms"] = r.forms;
  if (!r.locations.empty()) jr["locations"] = r.locations;
  jr["coefficient"] = Decimal(r.coef_hundredths, 100);
  return jr;
}

Json RequirementToJson(const Requirement& r) {
  Json jr = {{"id", r.id}, {"name", r.name}};
  if (!r.name_en.empty()) jr["name_en"] = r.name_en;
  const AppliesTo& t = r.applies_to;
  if (t.IsAll()) {
    jr["applies_to"] = "all";
  } else {
    Json a = Json::object();
    if (!t.stages.empty()) a["stages"] = t.stages;
    if (!t.posts.empty()) a["posts"] = t.posts;
    if (!t.sex.empty()) a["sex"] = t.sex;
    if (t.age_under) a["age_under"] = *t.age_under;
    if (t.age_on) a["age_on"] = t.age_on->ToString();
    if (t.years_since_hire_under) a["years_since_hire_under"] = *t.years_since_hire_under;
    jr["applies_to"] = std::move(a);
  }
  if (r.period.kind == Period::Kind::kCycle) {
    jr["period"] = {{"kind", "cycle"}, {"years", r.period.cycle_years}, {"start_year", r.period.start_year}};
  } else {
    jr["period"] = {{"kind", "year"}};
  }
  Json c = Json::object();
  if (!r.counts.dimensions.empty()) c["dimensions"] = r.counts.dimensions;
  if (!r.counts.forms.empty()) c["forms"] = r.counts.forms;
  if (!r.counts.levels.empty()) c["levels"] = r.counts.levels;
  if (!r.counts.topic_tags.empty()) c["topic_tags"] = r.counts.topic_tags;
  if (r.counts.include_achievements) c["include_achievements"] = true;
  jr["counts"] = std::move(c);
  jr["measure"] = MeasureName(r.measure);
  jr["minimum"] = Decimal(r.minimum_tenths, 10);
  return jr;
}

// `base` with the keys of `entry` put over it (an override by id).
Json Overlay(Json base, const Json& entry) {
  for (auto it = entry.begin(); it != entry.end(); ++it) base[it.key()] = it.value();
  return base;
}

// An entry {"id": X, "remove": true} of an extension's list: checks its
// shape; `remove` is false for any other entry.
Status RemoveEntry(const Json& e, const std::string& path, bool& remove, std::string& id) {
  remove = e.is_object() && e.contains("remove") && !e["remove"].is_null();
  if (!remove) return Status::Ok();
  JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(e, path, {"id", "remove", "origin"}));
  JJ_RETURN_IF_ERROR(obj.String("id", true, id));
  bool flag = false;
  JJ_RETURN_IF_ERROR(obj.Bool("remove", true, flag));
  if (!flag) return PathError("policy.enum", obj.PathOf("remove"), {{"value", "false"}, {"allowed", "true"}});
  return Status::Ok();
}

Status ExtendRules(const ObjectReader& coefs, const Policy& base, int origin, Policy& p) {
  const Json* rules = coefs.Find("rules");
  if (!rules) return Status::Ok();
  const std::string rules_path = coefs.PathOf("rules");
  if (!rules->is_array()) return PathError("policy.type", rules_path, {{"expected", "array"}});
  struct Slot {
    CoefficientRule rule;
    std::string own_path;  // the entry of this extension that wrote it; empty = inherited as is
  };
  std::vector<Slot> inherited, added;
  for (const auto& r : base.coefficients) inherited.push_back({r, ""});
  std::vector<std::string> seen;
  for (size_t i = 0; i < rules->size(); ++i) {
    const std::string path = Index(rules_path, i);
    const Json& e = (*rules)[i];
    if (!e.is_object()) return PathError("policy.type", path, {{"expected", "object"}});
    bool remove = false;
    std::string id;
    JJ_RETURN_IF_ERROR(RemoveEntry(e, path, remove, id));
    if (!remove && e.contains("id") && e["id"].is_string()) id = e["id"].get<std::string>();
    if (!id.empty()) {
      if (std::find(seen.begin(), seen.end(), id) != seen.end())
        return PathError("policy.duplicate", Join(path, "id"), {{"value", id}});
      seen.push_back(id);
    }
    auto found = id.empty() ? inherited.end()
                            : std::find_if(inherited.begin(), inherited.end(),
                                           [&](const Slot& s) { return s.rule.id == id; });
    if (remove) {
      if (found == inherited.end()) return PathError("policy.not_inherited", Join(path, "id"), {{"value", id}});
      inherited.erase(found);
      continue;
    }
    CoefficientRule rule;
    if (found != inherited.end()) {  // override: the inherited rule with this entry's keys over it
      JJ_RETURN_IF_ERROR(ParseRule(Overlay(RuleToJson(found->rule), e), path, rule));
      rule.origin = origin;
      *found = {std::move(rule), path};
    } else {  // a new rule: tried before every inherited one
      JJ_RETURN_IF_ERROR(ParseRule(e, path, rule));
      rule.origin = origin;
      added.push_back({std::move(rule), path});
    }
  }
  std::vector<Slot> all = std::move(added);
  for (auto& s : inherited) all.push_back(std::move(s));
  std::vector<const Slot*> kept;
  for (const Slot& s : all) {
    const Slot* by = nullptr;
    for (const Slot* k : kept)
      if (RuleCovers(k->rule, s.rule)) {
        by = k;
        break;
      }
    if (!by) {
      kept.push_back(&s);
    } else if (!s.own_path.empty()) {
      // This document's own rule could never apply.
      return PathError("policy.rule_shadowed", s.own_path,
                       {{"by", !by->own_path.empty() ? by->own_path : by->rule.id.empty() ? "?" : by->rule.id}});
    }
    // An inherited rule that this document's rules cover completely can
    // never apply: it is left out of the effective policy.
  }
  p.coefficients.clear();
  for (const Slot* s : kept) p.coefficients.push_back(s->rule);
  return Status::Ok();
}

Status ExtendRequirements(const ObjectReader& top, int origin, std::vector<std::string>& restated, Policy& p) {
  const Json* v = top.Find("requirements");
  if (!v) return Status::Ok();
  const std::string list_path = top.PathOf("requirements");
  if (!v->is_array()) return PathError("policy.type", list_path, {{"expected", "array"}});
  std::vector<std::string> seen;
  for (size_t i = 0; i < v->size(); ++i) {
    const std::string path = Index(list_path, i);
    const Json& e = (*v)[i];
    if (!e.is_object()) return PathError("policy.type", path, {{"expected", "object"}});
    bool remove = false;
    std::string id;
    JJ_RETURN_IF_ERROR(RemoveEntry(e, path, remove, id));
    if (!remove) {
      JJ_ASSIGN_OR_RETURN(auto obj, ObjectReader::Of(e, path, {"id", "name", "name_en", "applies_to", "period",
                                                               "counts", "measure", "minimum", "origin"}));
      JJ_RETURN_IF_ERROR(obj.String("id", true, id));
    }
    if (std::find(seen.begin(), seen.end(), id) != seen.end())
      return PathError("policy.duplicate", Join(path, "id"), {{"value", id}});
    seen.push_back(id);
    auto found = std::find_if(p.requirements.begin(), p.requirements.end(),
                              [&](const Requirement& r) { return r.id == id; });
    if (remove) {
      if (found == p.requirements.end()) return PathError("policy.not_inherited", Join(path, "id"), {{"value", id}});
      p.requirements.erase(found);
      continue;
    }
    Requirement r;
    if (found != p.requirements.end()) {  // override in place: the inherited one with these keys over it
      JJ_RETURN_IF_ERROR(ParseRequirement(Overlay(RequirementToJson(*found), e), path, r));
      r.origin = origin;
      if (e.contains("minimum")) restated.push_back(id);
      *found = std::move(r);
    } else {  // a new requirement, complete, after the inherited ones
      JJ_RETURN_IF_ERROR(ParseRequirement(e, path, r));
      r.origin = origin;
      restated.push_back(id);
      p.requirements.push_back(std::move(r));
    }
  }
  if (p.requirements.size() > kMaxRequirements)
    return PathError("policy.too_many", list_path, {{"max", std::to_string(kMaxRequirements)}});
  return Status::Ok();
}

}  // namespace

bool IsExtension(const Json& j) { return j.is_object() && j.contains("extends") && !j["extends"].is_null(); }

Result<Policy> ExtendPolicy(const Policy& base, const Json& j, int origin) {
  JJ_ASSIGN_OR_RETURN(auto top, ObjectReader::Of(j, "", {"name", "description", "extends", "hours_per_credit",
                                                        "coefficients", "passing_grades", "achievements",
                                                        "requirements", "origin"}));
  std::string extends;
  JJ_RETURN_IF_ERROR(top.String("extends", true, extends));
  if (extends != "parent")
    return PathError("policy.enum", top.PathOf("extends"), {{"value", extends}, {"allowed", "parent"}});
  Policy p = base;
  if (top.Find("name")) {
    JJ_RETURN_IF_ERROR(top.String("name", false, p.name));
    p.origins["name"] = origin;
  }
  std::string description;
  JJ_RETURN_IF_ERROR(top.String("description", false, description));
  std::optional<int64_t> hpc;
  JJ_RETURN_IF_ERROR(top.Int("hours_per_credit", false, 1, 100, hpc));
  if (hpc) {
    p.hours_per_credit = static_cast<int>(*hpc);
    p.origins["hours_per_credit"] = origin;
  }
  if (const Json* c = top.Find("coefficients")) {
    JJ_ASSIGN_OR_RETURN(auto coefs, ObjectReader::Of(*c, top.PathOf("coefficients"), {"default", "rules"}));
    std::optional<int64_t> def;
    JJ_RETURN_IF_ERROR(coefs.Fixed("default", false, 2, 0, kMaxCoefHundredths, def));
    if (def) {
      p.default_coef_hundredths = static_cast<int>(*def);
      p.origins["coefficients.default"] = origin;
    }
    JJ_RETURN_IF_ERROR(ExtendRules(coefs, base, origin, p));
  }
  if (top.Find("passing_grades")) {
    p.passing_grades.clear();
    JJ_RETURN_IF_ERROR(top.StringList("passing_grades", false, nullptr, p.passing_grades));
    p.origins["passing_grades"] = origin;
  }
  if (top.Find("achievements")) {
    p.achievement_types.clear();
    p.achievement_cap_tenths.reset();
    JJ_RETURN_IF_ERROR(ParseAchievements(top, p));
    p.origins["achievements"] = origin;
  }
  std::vector<std::string> restated;
  JJ_RETURN_IF_ERROR(ExtendRequirements(top, origin, restated, p));
  // A requirement in credits means "credits at the hours_per_credit it was
  // written for", and one in hours that counts achievements converts their
  // credits by hours_per_credit. Raw hours do not depend on it. So an
  // extension that changes hours_per_credit must restate (give a minimum)
  // or remove every inherited requirement whose meaning would change.
  if (p.hours_per_credit != base.hours_per_credit) {
    for (const Requirement& r : p.requirements) {
      const bool depends = r.measure == Measure::kCredits || r.counts.include_achievements;
      if (depends && std::find(restated.begin(), restated.end(), r.id) == restated.end())
        return PathError("policy.hpc_inherited", top.PathOf("hours_per_credit"), {{"value", r.id}});
    }
  }
  return p;
}

Json PolicyToJson(const Policy& p) {
  Json out = Json::object();
  if (!p.name.empty()) out["name"] = p.name;
  out["hours_per_credit"] = p.hours_per_credit;
  Json rules = Json::array();
  for (const auto& r : p.coefficients) rules.push_back(RuleToJson(r));
  out["coefficients"] = {{"default", Decimal(p.default_coef_hundredths, 100)}, {"rules", std::move(rules)}};
  out["passing_grades"] = p.passing_grades;
  if (!p.achievement_types.empty() || p.achievement_cap_tenths) {
    Json a = Json::object();
    Json types = Json::object();
    for (const auto& [type, coef] : p.achievement_types) types[type] = Decimal(coef, 100);
    a["types"] = std::move(types);
    if (p.achievement_cap_tenths) a["yearly_cap_credits"] = Decimal(*p.achievement_cap_tenths, 10);
    out["achievements"] = std::move(a);
  }
  Json reqs = Json::array();
  for (const auto& r : p.requirements) reqs.push_back(RequirementToJson(r));
  out["requirements"] = std::move(reqs);
  return out;
}

}  // namespace jj::credits::policy
