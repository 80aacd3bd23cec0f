#include "core/messages.h"

#include <string_view>
#include <unordered_map>

namespace jj {
namespace {

struct Text {
  const char* zh;
  const char* en;
};

// One table for the whole product, grouped by module. Keep keys sorted
// within a group.
const std::unordered_map<std::string_view, Text>& Catalogue() {
  static const std::unordered_map<std::string_view, Text> kTable = {
      // --- generic
      {"internal", {"服务器内部错误", "Internal server error"}},
      {"not_found", {"记录不存在或不在您的管理范围内", "Not found or outside your scope"}},
      {"db.missing", {"数据库文件不存在", "The database file does not exist"}},
      {"permission_denied", {"没有权限执行此操作", "You are not allowed to do this"}},
      {"unauthenticated", {"请先登录", "Please log in"}},
      {"route_not_found", {"接口不存在", "No such API endpoint"}},
      {"method_not_allowed", {"不支持的请求方法", "Method not allowed"}},
      {"json.malformed", {"请求体不是合法的 JSON：{detail}", "Malformed JSON body: {detail}"}},
      {"json.not_object", {"请求体必须是 JSON 对象", "The request body must be a JSON object"}},
      {"json.invalid_utf8", {"请求包含非法的 UTF-8 字符", "The request contains invalid UTF-8"}},
      {"field.required", {"缺少必填字段：{field}", "Missing required field: {field}"}},
      {"field.type", {"字段 {field} 的类型应为{type}", "Field {field} must be {type}"}},
      // --- job progress (JobContext::Progress takes these keys)
      {"job.check", {"校验数据", "Checking the rows"}},
      {"job.write", {"写入数据库", "Writing to the database"}},
      {"job.written", {"已写入", "Written"}},
      {"job.not_written", {"未写入", "Not written"}},
      {"job.export", {"导出", "Exporting"}},
      {"job.done", {"完成", "Done"}},
      {"job.certificates", {"生成证书", "Issuing certificates"}},
      {"job.audit_packs", {"整理学分审核数据", "Preparing the audit data"}},
      {"field.enum", {"字段 {field} 的值“{value}”不在允许范围内：{allowed}",
                      "Field {field} has value \"{value}\" outside the allowed set: {allowed}"}},
      {"field.unknown", {"未知字段：{field}", "Unknown field: {field}"}},
      {"field.too_long", {"字段 {field} 超过最大长度 {max}", "Field {field} is longer than {max}"}},
      {"field.empty", {"字段 {field} 不能为空", "Field {field} must not be empty"}},
      {"field.date", {"字段 {field} 不是合法日期（YYYY-MM-DD）", "Field {field} is not a valid date (YYYY-MM-DD)"}},
      {"field.phone", {"手机号格式不正确", "Invalid mobile phone number"}},
      {"query.int", {"参数 {field} 必须是正整数", "Parameter {field} must be a positive integer"}},
      {"origin.forbidden", {"拒绝来自其他网站的修改请求", "Changes from another site are refused"}},
      {"body.not_json", {"请求体必须是 JSON（Content-Type: application/json）", "The body must be JSON (Content-Type: application/json)"}},
      {"json.too_deep", {"请求体嵌套过深（最多 {max} 层）", "The body is nested too deeply (at most {max} levels)"}},
      {"field.too_many", {"字段 {field} 的项数超过上限 {max}", "Field {field} has more than {max} items"}},
      {"field.control", {"字段 {field} 含有不允许的控制字符（如 NUL）", "Field {field} contains a control character (such as NUL)"}},
      {"server.busy", {"服务器繁忙，请 {seconds} 秒后重试", "The server is busy: try again in {seconds} s"}},
      {"body.too_large", {"请求体过大（上限 {limit} 字节）", "Request body too large (limit {limit} bytes)"}},
      {"csrf.missing", {"缺少或错误的 CSRF 令牌，请刷新页面后重试", "Missing or wrong CSRF token; reload the page and retry"}},
      // --- auth
      {"auth.bad_credentials", {"用户名或密码错误", "Wrong username or password"}},
      {"auth.disabled", {"账号已停用", "This account is disabled"}},
      {"auth.throttled", {"登录失败次数过多，请 {minutes} 分钟后再试", "Too many failed logins; try again in {minutes} minutes"}},
      {"auth.password_weak", {"新密码至少 8 位，且须同时包含字母和数字", "The new password needs at least 8 characters with letters and digits"}},
      {"auth.password_same", {"新密码不能与旧密码相同", "The new password must differ from the old one"}},
      {"auth.must_change_password", {"首次登录请先修改密码", "Please change your password first"}},
      // --- org
      {"org.import_code", {"机构代码必须是 1–20 位数字", "The org code must be 1–20 digits"}},
      {"org.import_duplicate", {"代码 {code} 在文件中出现了多次", "Code {code} appears more than once in the file"}},
      {"org.import_move", {"导入不能更改已有机构的类型或上级，请在机构管理中调整", "An import cannot change an existing org's type or parent"}},
      {"org.import_parent", {"上级代码 {code} 不存在、不在您的管理范围内，或形成了循环", "Parent code {code} does not exist, is outside your scope, or forms a cycle"}},
      {"org.import_parent_row", {"上级代码 {code} 所在的行有错误，本行未能导入", "The row of parent code {code} has errors, so this row could not be imported"}},
      {"org.import_root_exists", {"机构树已建立，本行须填写上级代码（只有空的机构树可以导入不填上级代码的根节点）", "The org tree exists already: this row needs a parent code (only an empty tree takes a root without one)"}},
      {"org.import_root_type", {"根节点（未填上级代码的行）的类型须为省、市或县区", "A root (a row without parent code) must be a province, city or county"}},
      {"org.code_taken", {"机构代码 {code} 已被“{name}”使用", "Org code {code} is already used by \"{name}\""}},
      {"org.parent_type", {"{child} 不能隶属于 {parent}", "A {child} cannot be placed under a {parent}"}},
      {"org.code_format", {"机构代码只能包含数字和字母（最长 20 位）", "The org code may only hold digits and letters (up to 20)"}},
      // --- teachers
      {"id_card.length", {"身份证号应为 18 位", "The ID number must have 18 characters"}},
      {"id_card.chars", {"身份证号前 17 位必须是数字，最后一位是数字或 X", "The first 17 characters must be digits, the last a digit or X"}},
      {"id_card.checksum", {"身份证号校验位错误（应为 {expected}）", "Wrong check digit in the ID number (expected {expected})"}},
      {"id_card.birth_date", {"身份证号中的出生日期无效", "The ID number holds an invalid birth date"}},
      {"id_card.region", {"身份证号的地区码无效", "The ID number holds an invalid region code"}},
      {"teacher.sex_mismatch", {"性别与身份证号不符（身份证号表明为{expected}）", "Sex does not match the ID number (it says {expected})"}},
      {"teacher.birth_mismatch", {"出生日期与身份证号不符（身份证号表明为 {expected}）", "Birth date does not match the ID number (it says {expected})"}},
      {"teacher.duplicate", {"身份证号已存在：{name}（{school}）", "This ID number already exists: {name} ({school})"}},
      {"teacher.duplicate_elsewhere", {"该身份证号已在其他单位登记", "This ID number is already registered elsewhere"}},
      {"teacher.org_not_school", {"教师只能隶属于学校、中心校或进修学校", "A teacher must belong to a school, center school or training school"}},
      {"teacher.use_transfer", {"更换学校请使用“调动”功能，以保留调动记录", "Use a transfer to change the school, so the history is kept"}},
      {"teacher.transfer_same", {"调入学校与当前学校相同", "The target school is the current school"}},
      {"teacher.hire_before_birth", {"入职日期早于出生日期", "The hire date is before the birth date"}},
      // --- certificates
      {"certificates.no_base_url", {"未设置系统的对外访问地址（启动参数 --base-url 或环境变量 JIJIAO_BASE_URL），证书的二维码和核验链接无法指向本系统，因此不能签发或打印证书。请管理员设置后重启服务", "The public address of the system is not set (--base-url or JIJIAO_BASE_URL): a certificate's QR code and verification link could not point here, so certificates cannot be issued or printed. Ask the administrator to set it and restart the server"}},
      {"certificates.no_teachers", {"该单位下没有在职教师，未生成证书", "No in-service teachers in this org; no certificates were issued"}},
      // --- credits
      {"credits.bad_transition", {"记录当前为“{from}”状态，不能改为“{to}”", "The record is {from}; it cannot become {to}"}},
      {"credits.end_before_start", {"结束日期早于开始日期", "The end date is before the start date"}},
      {"credits.evidence_empty", {"请选择要上传的证明材料", "Choose a file to upload"}},
      {"credits.evidence_state", {"记录已提交审核，不能再添加材料；如需补充请联系学校管理员", "The record is already under review; ask the school admin to add material"}},
      {"credits.evidence_too_large", {"证明材料不能超过 {max}", "Evidence files are limited to {max}"}},
      {"credits.evidence_type", {"证明材料只能是 PDF、PNG 或 JPG 文件", "Evidence must be a PDF, PNG or JPEG file"}},
      {"credits.import_duplicate", {"与第 {row} 行重复", "Same record as row {row}"}},
      {"credits.import_name", {"姓名与教师信息库不符（库中为 {name}）", "The name does not match the registry ({name})"}},
      {"credits.import_teacher", {"教师信息库中没有此身份证号，或不在您的管理范围内", "No teacher with this ID number in your scope"}},
      {"credits.not_passed", {"未达标，不能验印：{shortfall}", "Not passed, cannot be stamped: {shortfall}"}},
      {"credits.policy_breaks_child", {"下级地区 {region} 的政策扩展将无法成立：{reason}",
                                       "The policy extension of region {region} below would no longer hold: {reason}"}},
      {"credits.policy_region", {"学分政策只能设在省、市或县区", "A policy belongs to a province, city or county"}},
      {"credits.tags_too_many", {"专题标签最多 {max} 个", "At most {max} topic tags"}},
      {"credits.tag_length", {"专题标签应为 1 到 {max} 个字，前后不留空格", "A topic tag takes 1 to {max} characters, without surrounding blanks"}},
      {"credits.tag_separator", {"专题标签“{tag}”含有分隔符或控制字符；多个标签请分开填写", "The topic tag \"{tag}\" holds a separator or control character; give several tags separately"}},
      {"credits.tag_repeated", {"专题标签“{tag}”重复", "The topic tag \"{tag}\" is repeated"}},
      {"credits.year_locked", {"{year} 年度已锁定，记录不能再修改；如需修改请教育局先解锁", "Year {year} is locked: records cannot change until the bureau unlocks it"}},
      {"field.range", {"字段 {field} 应在 {min} 到 {max} 之间", "Field {field} must be between {min} and {max}"}},
      // --- projects (training projects and registration)
      {"project.absence_fraction", {"缺勤比例应为 0 到 1 之间的分数（如 1/3）", "The absence limit must be a fraction below 1 (e.g. 1/3)"}},
      {"project.already_registered", {"已报名该项目，请勿重复报名", "Already registered for this project"}},
      {"project.bad_transition", {"项目当前为“{from}”状态，不能变为“{to}”", "The project is {from_en}; it cannot become {to_en}"}},
      {"project.bad_tutor", {"账号 {id} 不能担任本项目的班级辅导员（须为项目所在区域内的管理员或培训机构账号）", "Account {id} cannot tutor this project (it takes an admin or institution account of the project's region)"}},
      {"project.code_taken", {"项目编号已被使用", "The project code is already used"}},
      {"project.half_days", {"校本研修模块项目全年至少安排 1 个半天的集中培训", "A school module project needs at least one half-day of centralized training"}},
      {"project.kind_fixed", {"项目类型创建后不能修改", "A project's kind cannot change"}},
      {"project.no_base_url", {"未设置系统的对外访问地址（启动参数 --base-url 或环境变量 JIJIAO_BASE_URL），签到二维码无法生成。请管理员设置后重启服务", "The public address of the system is not set (--base-url or JIJIAO_BASE_URL), so no check-in QR code can be made. Ask the administrator to set it and restart the server"}},
      {"project.no_failing_grade", {"成绩等级中至少要有一个不合格等级", "The grade scale needs at least one failing grade"}},
      {"project.no_region", {"找不到主办单位所属的县区或市，无法确定审批的教育局", "The organiser has no county or city above it to approve the project"}},
      {"project.no_reviews", {"尚无专家提交评审意见，不能立项", "No expert has scored the project yet"}},
      {"project.not_editable", {"项目当前为“{state}”状态，不能修改", "The project can no longer be edited ({state})"}},
      {"project.not_eligible.backbone_level", {"不符合该项目的报名条件：骨干级别不在培训对象范围内", "Not eligible: backbone level outside the target audience"}},
      {"project.not_eligible.post", {"不符合该项目的报名条件：岗位不在培训对象范围内", "Not eligible: post outside the target audience"}},
      {"project.not_eligible.region", {"不符合该项目的报名条件：所在学校不在培训对象的区域内", "Not eligible: school outside the target regions"}},
      {"project.not_eligible.stage", {"不符合该项目的报名条件：学段不在培训对象范围内", "Not eligible: school stage outside the target audience"}},
      {"project.not_eligible.subject", {"不符合该项目的报名条件：学科不在培训对象范围内", "Not eligible: subject outside the target audience"}},
      {"project.not_expert", {"账号 {id} 不是评审专家", "Account {id} is not an expert"}},
      {"project.not_serving", {"只有在职教师可以报名", "Only serving teachers can register"}},
      {"project.overlap", {"与已报名的集中培训《{name}》（{code}，{start} 至 {end}）时间重叠", "Overlaps the centralized training {name} ({code}, {start} to {end}) already registered"}},
      {"project.quota_below_used", {"名额不能少于已占用的 {used} 个", "A quota cannot be below the {used} seats already taken"}},
      {"project.quota_duplicate", {"同一单位只能设置一次名额", "An org can have only one quota"}},
      {"project.reg_after_end", {"报名截止日期不能晚于培训结束日期", "Registration cannot close after the project ends"}},
      {"project.registration_closed", {"该项目当前不在报名阶段", "The project is not open for registration"}},
      {"project.registration_decided", {"该报名当前为“{state}”，不能再处理", "The registration is already {state}"}},
      {"project.registration_window_over", {"报名截止日期 {end} 已过，不能开放报名；请先修改报名时间",
                                              "The registration window ended on {end}; set a new window before opening registration"}},
      {"project.registration_window", {"不在报名时间内（{start} 至 {end}）", "Outside the registration window ({start} to {end})"}},
      {"project.review_closed", {"项目不在专家评审阶段，不能提交评分", "The project is not under review"}},
      {"project.school_module_enrolment", {"校本研修模块项目由全校教师参加，无需报名", "All teachers of the school take part in a school module project; no registration"}},
      {"project.school_module_level", {"校本研修模块项目的级别应为“校本”", "A school module project's level is 校本"}},
      {"project.school_module_org", {"校本研修模块项目的主办单位应为学校", "A school module project belongs to a school"}},
      {"project.score_missing", {"缺少评分项：{criterion}", "Missing score: {criterion}"}},
      {"project.session_hours", {"课次学时合计 {sum} 与项目学时 {hours} 不一致", "Sessions add up to {sum} hours, the project has {hours}"}},
      {"project.session_outside", {"课次日期不在培训起止日期内", "The session is outside the project's dates"}},
      {"project.time", {"时间格式应为 HH:MM", "Times are HH:MM"}},
      {"project.time_order", {"结束时间应晚于开始时间", "The end time must be after the start time"}},
      {"project.unknown_org", {"培训对象中的区域不存在", "An audience region does not exist"}},
      {"project.withdraw_closed", {"报名阶段已结束，不能退出；请联系培训机构", "Registration has closed; ask the organiser to withdraw you"}},
      // --- projects: assessment (attendance, grades, make-up, close, upgrade)
      {"assess.already_upgraded", {"项目已于 {date} 升格为区县级培训，不能重复升格", "The project was already upgraded on {date}"}},
      {"assess.bad_token", {"签到码无效或已失效", "This check-in code is not valid"}},
      {"assess.checkin_closed", {"本课次已于 {end} 结束，签到已关闭", "The session ended at {end}; check-in is closed"}},
      {"assess.checkin_early", {"签到尚未开始：{date} {opens} 起可以签到", "Check-in opens at {opens} on {date}"}},
      {"assess.grade_scale", {"成绩“{value}”不在本项目的成绩等级中：{allowed}", "Grade \"{value}\" is not in the project's scale: {allowed}"}},
      {"assess.makeup_not_failed", {"该学员考核已合格，无需补考", "This participant passed; no make-up is needed"}},
      {"assess.not_participant", {"您不是本项目的正式学员", "You are not an accepted participant of this project"}},
      {"assess.not_school_module", {"只有校本研修模块化项目可以升格", "Only school-based module projects can be upgraded"}},
      {"assess.project_state", {"项目当前为“{state}”状态，不能进行此操作", "The project is {state}; this cannot be done now"}},
      {"assess.reason.absence", {"缺勤 {absent} 学时，超过培训总学时 {hours} 的 {num}/{den}，按培训不合格处理",
                                 "Absent {absent} h, over {num}/{den} of the programme's {hours} h: failed"}},
      {"assess.reason.course_failed", {"课程“{course}”成绩“{grade}”不合格", "Course \"{course}\" graded \"{grade}\": not a pass"}},
      {"assess.reason.course_voided", {"课程“{course}”缺勤 {absent} 学时，超过该课程 {hours} 学时的 {num}/{den}，成绩作废",
                                       "Course \"{course}\": absent {absent} h, over {num}/{den} of its {hours} h: its grade is void"}},
      {"assess.reason.failed_grade", {"结业成绩“{grade}”不合格", "Final grade \"{grade}\" is not a pass"}},
      {"assess.reason.no_grade", {"尚未评定结业成绩", "No final grade yet"}},
      {"assess.reason.passed", {"考核合格", "Passed"}},
      {"assess.reason.passed_makeup", {"补考（补学）成绩“{grade}”合格", "Passed by make-up (\"{grade}\")"}},
      {"assess.session_time", {"课次的日期或时间无效", "The session's date or time is invalid"}},
      {"assess.unknown_course", {"“{course}”不是本项目的课程", "\"{course}\" is not a course of this project"}},
      {"assess.unknown_registration", {"报名 {id} 不是本项目的正式学员", "Registration {id} is not an accepted participant of this project"}},
      {"assess.unknown_session", {"课次 {id} 不属于本项目", "Session {id} does not belong to this project"}},
      // --- school plans
      // --- backbone
      {"backbone.assessment_deadline", {"已过年度考核提交截止日期（{deadline}）", "The annual assessment deadline ({deadline}) has passed"}},
      {"backbone.assessment_state", {"该年度考核当前为“{state}”，不能进行此操作", "The annual assessment is {state_en}; this action is not possible now"}},
      {"backbone.assessment_year", {"考核年度须在 2000 年至今年之间（年度）", "The assessment year must be between 2000 and this year (year)"}},
      {"backbone.not_backbone", {"该教师不是已确定的骨干教师，无需年度考核", "This teacher has no backbone level; there is no annual assessment"}},
      {"backbone.no_county", {"该教师所在学校不在任何区县之下，无法进行县级审核", "The teacher's school lies under no county; there is no county review"}},
      {"backbone.already_recommended", {"该教师已被推荐参加本批次遴选", "This teacher is already recommended in this round"}},
      {"backbone.application_decided", {"该推荐当前为“{state}”，不能再处理", "The recommendation is already {state_en}"}},
      {"backbone.apply_window", {"不在推荐时间内（{start} 至 {end}）", "Outside the recommendation window ({start} to {end})"}},
      {"backbone.bad_expert", {"评审专家须为本批次发起单位范围内启用的专家账号（专家）", "Experts must be enabled expert accounts inside the round's region (experts)"}},
      {"backbone.no_scores", {"尚无专家评分，不能确定培训对象", "No expert has scored this candidate yet"}},
      {"backbone.score_range", {"评分（总分）应在 0 到 100 之间", "The score (total) must be between 0 and 100"}},
      {"backbone.bad_transition", {"遴选批次当前为“{from}”，不能变为“{to}”", "The round is {from_en}; it cannot become {to_en}"}},
      {"backbone.none_selected", {"尚无入选的培训对象，不能公示", "No candidate is selected yet; there is nothing to publish"}},
      {"backbone.not_in_publicity", {"本批次不在公示期，不能记录异议", "The round is not in its publicity period"}},
      {"backbone.publicity_running", {"公示期至 {end} 结束，期满后才能确定名单", "The publicity runs until {end}; confirm after it"}},
      {"backbone.publicity_window", {"不在公示期内（{start} 至 {end}）", "Outside the publicity period ({start} to {end})"}},
      {"backbone.not_forwarded", {"该推荐尚未通过初审上报，还没有专家评分", "This recommendation is not forwarded yet; nobody scores it"}},
      {"backbone.not_serving", {"只能推荐在职教师", "Only serving teachers can be recommended"}},
      {"backbone.outside_round", {"该教师所在学校不在本批次遴选范围内", "The teacher's school lies outside this round's region"}},
      {"backbone.owner_type", {"遴选批次只能由省、市、县区或教育局发起（发起单位）", "A round belongs to a province, city, county or bureau (owner)"}},
      {"backbone.quota_below_used", {"名额不能少于已上报的 {used} 人", "A quota cannot be below the {used} already forwarded"}},
      {"backbone.quota_duplicate", {"同一单位只能设置一次名额", "An org can have only one quota"}},
      {"backbone.quota_full", {"{org}的推荐名额（{quota} 名）已用完", "The quota of {org} ({quota}) is used up"}},
      {"backbone.quota_org", {"名额只能分配给发起单位下属的单位（单位）", "Quotas go to orgs beneath the round's owner (org)"}},
      {"backbone.range", {"数值应在 {min} 到 {max} 之间", "The value must be between {min} and {max}"}},
      {"backbone.review_before_apply", {"评审开始日期不能早于推荐开始日期", "The review cannot start before the recommendations"}},
      {"backbone.review_window", {"不在审核时间内（{start} 至 {end}）", "Outside the review window ({start} to {end})"}},
      {"backbone.round_closed", {"本批次遴选已结束", "This selection round is closed"}},
      {"backbone.too_old", {"该教师年龄 {age} 岁，超过本批次的年龄上限 {max} 岁", "The teacher is {age}, above this round's age limit of {max}"}},
      {"backbone.too_young_in_service", {"该教师教龄 {years} 年，不满本批次要求的 {min} 年", "The teacher has taught {years} years, fewer than the {min} this round requires"}},
      {"backbone.window_order", {"结束日期不能早于开始日期", "The end date cannot be before the start date"}},
      {"backbone.year", {"年度应在 2000 到 2100 之间", "The year must be between 2000 and 2100"}},
      {"school_plans.deadline_region", {"报送截止日期只能设在省、市或县区", "A filing deadline belongs to a province, city or county"}},
      {"school_plans.not_school", {"只能为学校报送校本培训实施方案，请选择学校", "Plans are filed for a school; choose one"}},
      // --- surveys
      {"survey.already_answered", {"您已提交过本问卷，每人只能提交一次", "You have already answered this survey; each participant answers once"}},
      {"survey.answer_rating", {"第 {n} 题“{title}”请选择 {min} 到 {max} 分", "Question {n} \"{title}\": choose a rating from {min} to {max}"}},
      {"survey.answer_required", {"第 {n} 题“{title}”为必答题", "Question {n} \"{title}\" must be answered"}},
      {"survey.answer_text", {"第 {n} 题“{title}”的回答应为文字", "Question {n} \"{title}\" takes a text answer"}},
      {"survey.answer_too_long", {"第 {n} 题“{title}”的回答不能超过 {max} 字", "The answer to question {n} \"{title}\" is longer than {max} characters"}},
      {"survey.bad_id", {"题目编号“{value}”无效：只能使用小写字母、数字和下划线，最长 20 位", "Question id \"{value}\" is invalid: up to 20 lower-case letters, digits or underscores"}},
      {"survey.closed", {"该问卷当前未开放填写：需求调研在报名和培训期间开放，满意度调查在培训期间和结束后开放",
                         "This survey is not open: the needs survey is open during registration and training, the satisfaction survey during and after training"}},
      {"survey.duplicate_id", {"题目编号“{value}”重复", "Question id \"{value}\" appears twice"}},
      {"survey.locked", {"问卷已收到 {responses} 份答卷，题目不能再修改", "The survey already has {responses} answers; its questions can no longer change"}},
      {"survey.no_questions", {"问卷至少需要一道题", "A survey needs at least one question"}},
      {"survey.too_many", {"问卷最多 {max} 道题", "A survey holds at most {max} questions"}},
      {"survey.unknown_question", {"问卷中没有题目 {field}", "The survey has no question {field}"}},
      // --- import (spreadsheets of any module)
      {"import.duplicate_column", {"列“{column}”出现了两次", "The column \"{column}\" appears twice"}},
      {"import.duplicate_in_file", {"与第 {row} 行的身份证号重复", "Same ID number as row {row}"}},
      {"import.missing_column", {"缺少必需的列：{column}", "Missing required column: {column}"}},
      {"import.no_rows", {"文件中没有数据行", "The file has no data rows"}},
      {"import.no_school_column", {"缺少“学校代码”或“学校名称”列", "The file needs a 学校代码 (school code) or 学校名称 (school name) column"}},
      {"import.rolled_back", {"导入未写入", "The import was not written"}},
      {"import.school_ambiguous", {"学校名称“{value}”对应多所学校，请改填学校代码", "Several schools are named \"{value}\": use the school code"}},
      {"import.school_not_found", {"学校“{value}”不存在或不在您的管理范围内", "School \"{value}\" does not exist or is outside your scope"}},
      {"import.school_required", {"请填写学校代码或学校名称", "Give the school code or the school name"}},
      // --- jobs
      {"job.cancelled", {"任务已取消，未写入任何数据", "The job was cancelled; nothing was written"}},
      {"job.not_running", {"任务已结束，无法取消", "The job has finished and cannot be cancelled"}},
      // --- accounts
      {"account.username_taken", {"用户名 {username} 已存在", "Username {username} is taken"}},
      {"account.username_format", {"用户名为 3-32 位字母、数字、下划线或点", "Usernames have 3-32 letters, digits, underscores or dots"}},
      {"account.role_too_high", {"不能创建或授予高于自己权限的角色", "You cannot grant a role above your own"}},
      {"account.grant_forbidden", {"您无权创建或授予该角色（{role}）", "You may not create or grant this role ({role})"}},
      {"account.org_type", {"该角色（{role}）的账号只能建在：{allowed}", "An account of this role ({role}) can only sit at: {allowed}"}},
      {"account.teacher_taken", {"该教师已有教师账号，一名教师只能有一个账号", "This teacher already has an account; one teacher, one account"}},
      {"account.teacher_only", {"只有教师角色的账号可以关联教师", "Only a teacher account can be linked to a teacher"}},
      {"account.teacher_bound", {"该账号关联了一名教师，只能是教师角色", "This account is linked to a teacher and must keep the teacher role"}},
      {"account.teacher_required", {"教师账号必须关联一名教师", "A teacher account must be linked to a teacher"}},
      {"account.self_disable", {"不能停用自己的账号", "You cannot disable your own account"}},
      // --- policy
      {"policy.achievement_filter", {"{field}：成果只计入总量类要求，不能与维度、形式、级别或专题筛选同用",
                                     "{field}: achievements count only toward total-type requirements and cannot be combined with dimension, form, level or tag filters"}},
      {"policy.age_on_alone", {"{field} 须与 age_under 一起使用", "{field} needs age_under"}},
      {"policy.date", {"{field} 不是合法日期（YYYY-MM-DD）：{value}", "{field} is not a valid date (YYYY-MM-DD): {value}"}},
      {"policy.decimals", {"{field} 最多保留 {places} 位小数", "{field} allows at most {places} decimal places"}},
      {"policy.duplicate", {"{field} 的值“{value}”重复", "{field}: duplicate value \"{value}\""}},
      {"policy.empty", {"{field} 不能为空", "{field} must not be empty"}},
      {"policy.too_long", {"{field} 过长（最多 {max} 个字）", "{field} is too long (at most {max} characters)"}},
      {"policy.enum", {"{field} 的值“{value}”不在允许范围内：{allowed}", "{field} has value \"{value}\" outside the allowed set: {allowed}"}},
      {"policy.malformed", {"政策文件不是合法的 JSON", "The policy is not valid JSON"}},
      {"policy.range", {"{field} 应在 {min} 到 {max} 之间", "{field} must be between {min} and {max}"}},
      {"policy.reason.achievement", {"计入 {year} 年度成果学分：1 项 × 系数 {coef} = {credits} 学分（只计入总量，不计入维度）",
                                     "Counts in {year} as an achievement: 1 × {coef} = {credits} credits (total only, no dimension)"}},
      {"policy.reason.counted", {"计入 {year} 年度：{hours} 学时 × 系数 {coef} = {credits} 学分",
                                 "Counts in {year}: {hours} h × {coef} = {credits} credits"}},
      {"policy.reason.counted_per_credit", {"计入 {year} 年度：{hours} 学时 × 系数 {coef} ÷ {hpc} 学时/学分 = {credits} 学分",
                                            "Counts in {year}: {hours} h × {coef} ÷ {hpc} h per credit = {credits} credits"}},
      {"policy.reason.cycle_only", {"属于 {record_year} 年，不计入 {year} 年度合计，只计入周期要求（{credits} 学分）",
                                    "Dated {record_year}: not in the {year} totals, counts toward the cycle requirement only ({credits} credits)"}},
      {"policy.reason.duplicate", {"与记录 {other} 为同一项目，只计一次", "Same project as record {other}; counted once"}},
      {"policy.reason.failed_grade", {"成绩“{grade}”未达合格，不计", "Grade \"{grade}\" is not a pass; not counted"}},
      {"policy.reason.invalid", {"记录数据无效（{field}），不计", "Invalid record data ({field}); not counted"}},
      {"policy.reason.outside_period", {"日期 {date} 不在 {year} 年度或适用的周期内，不计",
                                        "Dated {date}, outside {year} and every applicable cycle; not counted"}},
      {"policy.reason.over_cap", {"本年度成果学分已达上限 {cap} 学分，本项不计",
                                  "This year's achievement credits already reached the cap of {cap}; not counted"}},
      {"policy.reason.partially_counted", {"成果学分每年以 {cap} 学分为限，本项只计 {credits} 学分",
                                           "Achievements count at most {cap} credits a year; this one counts {credits}"}},
      {"policy.reason.unknown_achievement_type", {"成果类别“{type}”不在本政策中，不计",
                                                  "Achievement type \"{type}\" is not in this policy; not counted"}},
      {"policy.required", {"缺少必填项：{field}", "Missing required field: {field}"}},
      {"policy.rule_shadowed", {"{field} 永远不会生效：它匹配的记录都已被前面的 {by} 匹配",
                                "{field} can never apply: the earlier {by} matches every record it matches"}},
      {"policy.not_inherited", {"{field}：上级政策中没有“{value}”，无法覆盖或删除",
                                 "{field}: the inherited policy has no \"{value}\" to override or remove"}},
      {"policy.hpc_inherited", {"{field} 与上级政策不同：继承的要求“{value}”以学分计或含成果，须在本文件中重新给出其 minimum 或删除它",
                                "{field} differs from the inherited policy: requirement \"{value}\" is in credits or counts achievements; restate its minimum here or remove it"}},
      {"policy.needed.line", {"{name}：要求 {required}，已有 {actual}，差 {amount} {unit}",
                              "{name}: {required} required, {actual} so far, {amount} {unit} short"}},
      {"policy.needed.disjoint", {"以下要求计入的记录互不重叠，须分别补足：{sum} = {amount} {unit}",
                                  "No record counts toward two of these, so their shortfalls add up: {sum} = {amount} {unit}"}},
      {"policy.needed.result", {"还需取得 {amount} {unit}（以上各项中最大者；一条记录计入它相符的每一项要求）",
                                "Still to earn: {amount} {unit} (the largest of the above; a record counts toward every requirement it matches)"}},
      {"policy.shortfall", {"{name} 差 {amount} {unit}", "{name}: {amount} {unit} short"}},
      {"policy.too_many", {"{field} 最多 {max} 项", "{field} holds at most {max} items"}},
      {"policy.type", {"{field} 的类型应为 {expected}", "{field} must be of type {expected}"}},
      {"policy.unit.credits", {"学分", "credits"}},
      {"policy.unit.hours", {"学时", "hours"}},
      {"policy.unknown_field", {"未知字段：{field}", "Unknown field: {field}"}},
      // --- sheet
      {"sheet.bad_csv", {"第 {row} 行的双引号不成对：请检查该行是否有未闭合的引号",
                         "Unbalanced double quotes starting at row {row}"}},
      {"sheet.bad_encoding", {"文件编码无法识别：请另存为 UTF-8 或 GB18030 编码的 CSV，或 xlsx 文件",
                              "Unrecognised file encoding ({detail}); save it as a UTF-8 or GB18030 CSV, or as xlsx"}},
      {"sheet.bad_xlsx", {"无法读取该 xlsx 文件（{detail}）：请用 Excel 或 WPS 打开后另存为 xlsx 再试",
                          "Not a readable xlsx file ({detail}); open it in Excel or WPS and save it as xlsx again"}},
      {"sheet.empty", {"文件中没有表头行，请使用下载的模板填写", "The file has no header row; please fill in the template"}},
      {"sheet.too_large", {"文件过大（最多 {max_rows} 行数据、{max_mb} MB）：请拆分成多个文件分批导入",
                           "The file is too large (at most {max_rows} data rows, {max_mb} MB); split it and import the parts"}},
  };
  return kTable;
}

}  // namespace

bool HasMessage(const std::string& key) { return Catalogue().count(key) > 0; }

// The labels of the fields a message names ({field}), as the forms show
// them: a message never shows a JSON name to the user. A name not listed
// (an import column already in Chinese, a policy JSON path) is shown as it
// is. "list[i].leaf" (sessions[2].date) reads "第 3 个课次的日期" /
// "Date of session 3" when both the list and the leaf are listed here.
static const std::map<std::string, Text>& FieldLabels() {
  static const std::map<std::string, Text> kLabels = {
      {"absence_den", {"缺勤比例分母", "Absence ratio denominator"}},
      {"absence_num", {"缺勤比例分子", "Absence ratio numerator"}},
      {"achievement_type", {"成果类型", "Achievement type"}},
      {"action", {"操作", "Action"}},
      {"answers", {"答案", "Answers"}},
      {"approval", {"审批方式", "Approval"}},
      {"audience", {"面向对象", "Audience"}},
      {"backbone_level", {"骨干级别", "Backbone level"}},
      {"backbone_levels", {"骨干级别", "Backbone levels"}},
      {"birth_date", {"出生日期", "Date of birth"}},
      {"capacity", {"名额", "Capacity"}},
      {"cert_number", {"证书编号", "Certificate number"}},
      {"code", {"编号", "Code"}},
      {"content", {"内容", "Content"}},
      {"course", {"课程", "Course"}},
      {"courses", {"课程", "Courses"}},
      {"date", {"日期", "Date"}},
      {"deadline", {"截止日期", "Deadline"}},
      {"dimension", {"维度", "Dimension"}},
      {"disabled", {"停用", "Disabled"}},
      {"display_name", {"姓名", "Name"}},
      {"end_date", {"结束日期", "End date"}},
      {"end_time", {"结束时间", "End time"}},
      {"ethnicity", {"民族", "Ethnicity"}},
      {"expert_ids", {"评审专家", "Experts"}},
      {"file", {"文件", "File"}},
      {"first_year", {"起始年度", "First year"}},
      {"form", {"形式", "Form"}},
      {"grade", {"成绩", "Grade"}},
      {"grade_scale", {"成绩等级", "Grade scale"}},
      {"grades", {"成绩", "Grades"}},
      {"half_days", {"半天数", "Half days"}},
      {"hire_date", {"入职日期", "Hire date"}},
      {"hours", {"学时", "Hours"}},
      {"id", {"编号", "ID"}},
      {"id_number", {"身份证号", "ID number"}},
      {"items", {"条目", "Items"}},
      {"kind", {"类别", "Kind"}},
      {"last_year", {"截止年度", "Last year"}},
      {"level", {"级别", "Level"}},
      {"location", {"地点", "Location"}},
      {"marks", {"考勤", "Marks"}},
      {"mode", {"导入方式", "Mode"}},
      {"modules", {"模块", "Modules"}},
      {"name", {"名称", "Name"}},
      {"new_password", {"新密码", "New password"}},
      {"org_id", {"所属单位", "Organisation"}},
      {"organiser_org_id", {"主办单位", "Organiser"}},
      {"parent_code", {"上级编码", "Parent code"}},
      {"parent_id", {"上级单位", "Parent organisation"}},
      {"passing_grades", {"合格等级", "Passing grades"}},
      {"password", {"密码", "Password"}},
      {"phone", {"手机号", "Mobile phone"}},
      {"posts", {"岗位", "Posts"}},
      {"project_code", {"项目编号", "Project code"}},
      {"project_name", {"项目名称", "Project name"}},
      {"question", {"题目", "question"}},
      {"questions", {"题目", "Questions"}},
      {"quota", {"名额", "Quota"}},
      {"quotas", {"名额分配", "Quotas"}},
      {"reason", {"原因", "Reason"}},
      {"reg_end", {"报名截止日期", "Registration end"}},
      {"reg_start", {"报名开始日期", "Registration start"}},
      {"region_ids", {"区域", "Regions"}},
      {"registration_id", {"报名记录", "Registration"}},
      {"required", {"必答", "Required"}},
      {"role", {"角色", "Role"}},
      {"rural", {"城乡", "Urban/rural"}},
      {"school_code", {"学校编码", "School code"}},
      {"school_id", {"学校", "School"}},
      {"scores", {"评分", "Scores"}},
      {"session", {"课次", "session"}},
      {"session_id", {"课次", "Session"}},
      {"sessions", {"课次", "Sessions"}},
      {"sex", {"性别", "Sex"}},
      {"sort", {"排序方式", "Sort order"}},
      {"source", {"来源", "Source"}},
      {"stage", {"学段", "Stage"}},
      {"stages", {"学段", "Stages"}},
      {"start_date", {"开始日期", "Start date"}},
      {"start_time", {"开始时间", "Start time"}},
      {"state", {"状态", "State"}},
      {"status", {"状态", "Status"}},
      {"subject", {"学科", "Subject"}},
      {"subjects", {"学科", "Subjects"}},
      {"syllabus", {"课程大纲", "Syllabus"}},
      {"teacher_id", {"教师", "Teacher"}},
      {"teacher_ids", {"教师", "Teachers"}},
      {"theme", {"主题", "Theme"}},
      {"title", {"标题", "Title"}},
      {"to_org_id", {"调入单位", "Destination organisation"}},
      {"topic", {"专题", "Topic"}},
      {"topic_tags", {"专题标签", "Topic tags"}},
      {"trainer", {"授课教师", "Trainer"}},
      {"trainers", {"授课教师", "Trainers"}},
      {"tutor_ids", {"班主任", "Class tutors"}},
      {"type", {"类型", "Type"}},
      {"username", {"用户名", "Username"}},
      {"year", {"年度", "Year"}},
  };
  return kLabels;
}

// One item of a list, singular, for "list[i].leaf".
static const std::map<std::string, std::string>& ItemOf() {
  static const std::map<std::string, std::string> kItems = {{"sessions", "session"}, {"questions", "question"}};
  return kItems;
}

std::string FieldLabel(const std::string& name, const std::string& lang) {
  bool en = lang == "en";
  auto it = FieldLabels().find(name);
  if (it != FieldLabels().end()) return en ? it->second.en : it->second.zh;
  // list[i].leaf
  size_t open = name.find('['), close = name.find("].");
  if (open == std::string::npos || close == std::string::npos || close < open + 2) return name;
  std::string list = name.substr(0, open), index = name.substr(open + 1, close - open - 1),
              leaf = name.substr(close + 2);
  if (index.find_first_not_of("0123456789") != std::string::npos || index.size() > 6) return name;
  auto item = ItemOf().find(list);
  auto leaf_label = FieldLabels().find(leaf);
  if (item == ItemOf().end() || leaf_label == FieldLabels().end()) return name;
  const Text& item_label = FieldLabels().at(item->second);
  std::string n = std::to_string(std::stol(index) + 1);
  if (en) return std::string(leaf_label->second.en) + " of " + item_label.en + " " + n;
  return "第 " + n + " 个" + item_label.zh + "的" + leaf_label->second.zh;
}

// Words that travel as parameter values (the JSON type in field.type), and
// what an English message says instead.
static const std::map<std::string, std::string>& EnglishWords() {
  static const std::map<std::string, std::string> kWords = {
      {"字符串", "a string"},      {"整数", "an integer"},           {"数字", "a number"},
      {"布尔值", "true or false"}, {"整数数组", "an array of integers"}, {"字符串数组", "an array of strings"},
      {"对象", "an object"},       {"数组", "an array"}};
  return kWords;
}

std::string FormatMessage(const std::string& key, const std::string& lang,
                          const std::map<std::string, std::string>& params) {
  auto it = Catalogue().find(key);
  if (it == Catalogue().end()) return key;
  std::string_view tmpl = lang == "en" ? it->second.en : it->second.zh;
  std::string out;
  out.reserve(tmpl.size() + 16);
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{') {
      size_t close = tmpl.find('}', i);
      if (close != std::string_view::npos) {
        std::string name(tmpl.substr(i + 1, close - i - 1));
        auto p = params.find(name);
        if (p != params.end() && name == "field") {
          out += FieldLabel(p->second, std::string(lang));
        } else if (p != params.end()) {
          auto word = lang == "en" ? EnglishWords().find(p->second) : EnglishWords().end();
          out += word != EnglishWords().end() ? word->second : p->second;
        }
        i = close;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}

}  // namespace jj
