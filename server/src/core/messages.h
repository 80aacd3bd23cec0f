// The catalogue of user-facing messages, zh-CN first with English.
// Keys are stable identifiers ("teacher.id_number.checksum"); a message may
// hold {name} slots filled from a Status's params.
#pragma once

#include <map>
#include <string>

namespace jj {

// Returns the message for `key` in `lang` ("zh" or "en", anything else = zh)
// with its {slots} filled. An unknown key returns the key itself.
std::string FormatMessage(const std::string& key, const std::string& lang,
                          const std::map<std::string, std::string>& params = {});

// The label of a request field in `lang`, as the forms show it ("date" →
// "日期" / "Date"); FormatMessage puts it in every {field} slot. Unknown
// names come back unchanged.
std::string FieldLabel(const std::string& name, const std::string& lang);

// True when `key` is in the catalogue (tests use it to catch typos).
bool HasMessage(const std::string& key);

}  // namespace jj
