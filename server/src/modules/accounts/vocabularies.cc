#include "modules/accounts/accounts.h"

namespace jj::accounts {

std::vector<Vocabulary> Vocabularies() {
  return {MakeVocabulary("role", auth::RoleNames(),
                         {{"sys_admin", {"平台管理员", "System admin"}},
                          {"bureau_admin", {"教育局管理员", "Bureau admin"}},
                          {"institution_staff", {"培训机构", "Training institution"}},
                          // domain.md §1: a 中心校's admin is a school admin whose scope is its township.
                          {"school_admin", {"学校/中心校管理员", "School or center-school admin"}},
                          {"teacher", {"教师", "Teacher"}},
                          {"expert", {"评审专家", "Review expert"}},
                          {"mentor", {"导师", "Mentor"}}})};
}

}  // namespace jj::accounts
