// The pure rules of surveys: templates, checks of definitions and answers,
// and the tally. No I/O.
#include <cmath>
#include <set>

#include "infra/http/json_io.h"
#include "modules/surveys/surveys.h"

namespace jj::surveys {

namespace {

using Json = nlohmann::json;

bool IsBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

bool WellFormedId(const std::string& id) {
  if (id.empty() || id.size() > 20) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

// An answer error: the field is the question id, the message names the
// question by number and title.
Status AnswerError(const std::string& key, size_t index, const Question& q) {
  return Status(Code::kInvalidArgument, key,
                {{"n", std::to_string(index + 1)},
                 {"title", q.title},
                 {"min", std::to_string(kRatingMin)},
                 {"max", std::to_string(q.type == "rating" ? kRatingMax : static_cast<int>(kMaxTextChars))}})
      .WithField(q.id);
}

double Round(double v, double scale) { return std::round(v * scale) / scale; }

}  // namespace

const std::vector<std::string>& Kinds() {
  static const std::vector<std::string> k = {"needs", "satisfaction"};
  return k;
}

const std::vector<std::string>& QuestionTypes() {
  static const std::vector<std::string> k = {"rating", "text"};
  return k;
}

std::string KindTitle(const std::string& kind) { return kind == "needs" ? "训前需求调研" : "培训满意度调查"; }

std::vector<Question> DefaultQuestions(const std::string& kind) {
  if (kind == "needs") {
    return {{"q1", "rating", "您对本次培训主题的需求程度", true},
            {"q2", "rating", "您在本主题方面的现有水平（自评）", true},
            {"q3", "text", "您在教育教学中遇到的主要困难或问题", false},
            {"q4", "text", "您最希望本次培训安排的内容", false},
            {"q5", "text", "您希望的培训方式（如专题讲座、工作坊、观课议课、跟岗研修）", false},
            {"q6", "text", "意见和建议", false}};
  }
  return {{"q1", "rating", "培训内容与需求的契合度", true},
          {"q2", "rating", "培训师水平", true},
          {"q3", "rating", "组织管理", true},
          {"q4", "rating", "培训对教育教学实践的帮助", true},
          {"q5", "rating", "总体满意度", true},
          {"q6", "text", "意见和建议", false}};
}

Status ValidateQuestions(const std::vector<Question>& questions) {
  if (questions.empty()) return InvalidArgument("survey.no_questions", "questions");
  if (questions.size() > kMaxQuestions)
    return Status(Code::kInvalidArgument, "survey.too_many", {{"max", std::to_string(kMaxQuestions)}})
        .WithField("questions");
  std::set<std::string> ids;
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    const std::string at = "questions[" + std::to_string(i) + "].";
    if (!WellFormedId(q.id))
      return Status(Code::kInvalidArgument, "survey.bad_id", {{"value", q.id}}).WithField(at + "id");
    if (!ids.insert(q.id).second)
      return Status(Code::kInvalidArgument, "survey.duplicate_id", {{"value", q.id}}).WithField(at + "id");
    JJ_RETURN_IF_ERROR(http::CheckEnum(at + "type", q.type, QuestionTypes()));
    if (IsBlank(q.title))
      return Status(Code::kInvalidArgument, "field.empty", {{"field", at + "title"}}).WithField(at + "title");
    if (http::Utf8Length(q.title) > kMaxTitleChars)
      return Status(Code::kInvalidArgument, "field.too_long",
                    {{"field", at + "title"}, {"max", std::to_string(kMaxTitleChars)}})
          .WithField(at + "title");
  }
  return Status::Ok();
}

Status ValidateAnswers(const std::vector<Question>& questions, const Json& answers) {
  if (!answers.is_object())
    return Status(Code::kInvalidArgument, "field.type", {{"field", "answers"}, {"type", "对象"}}).WithField("answers");
  for (auto it = answers.begin(); it != answers.end(); ++it) {
    bool known = false;
    for (const Question& q : questions) known = known || q.id == it.key();
    if (!known)
      return Status(Code::kInvalidArgument, "survey.unknown_question", {{"field", it.key()}}).WithField(it.key());
  }
  for (size_t i = 0; i < questions.size(); ++i) {
    const Question& q = questions[i];
    auto it = answers.find(q.id);
    bool absent = it == answers.end() || it->is_null() || (it->is_string() && IsBlank(it->get<std::string>()));
    if (absent) {
      if (q.required) return AnswerError("survey.answer_required", i, q);
      continue;
    }
    if (q.type == "rating") {
      if (!it->is_number_integer() || it->get<int64_t>() < kRatingMin || it->get<int64_t>() > kRatingMax)
        return AnswerError("survey.answer_rating", i, q);
    } else {
      if (!it->is_string()) return AnswerError("survey.answer_text", i, q);
      if (http::Utf8Length(it->get<std::string>()) > kMaxTextChars) return AnswerError("survey.answer_too_long", i, q);
    }
  }
  return Status::Ok();
}

std::vector<QuestionResult> Tally(const std::vector<Question>& questions, const std::vector<Json>& answers) {
  std::vector<QuestionResult> out;
  for (const Question& q : questions) {
    QuestionResult r;
    r.question = q;
    int64_t sum = 0;
    for (const Json& a : answers) {
      auto it = a.find(q.id);
      if (it == a.end()) continue;
      if (q.type == "rating" && it->is_number_integer()) {
        int64_t v = it->get<int64_t>();
        if (v < kRatingMin || v > kRatingMax) continue;
        ++r.distribution[v - kRatingMin];
        sum += v;
        ++r.answered;
      } else if (q.type == "text" && it->is_string() && !IsBlank(it->get<std::string>())) {
        r.texts.push_back(it->get<std::string>());
        ++r.answered;
      }
    }
    if (q.type == "rating" && r.answered > 0) r.average = Round(static_cast<double>(sum) / r.answered, 100);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace jj::surveys
