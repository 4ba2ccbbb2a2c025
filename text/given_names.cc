#include "text/given_names.h"

#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace dossier::text {

GivenNames GivenNames::FromText(absl::string_view text) {
  GivenNames out;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    line = line.substr(0, line.find('#'));
    std::string first;
    for (absl::string_view word : absl::StrSplit(line, ' ', absl::SkipWhitespace())) {
      if (first.empty()) first = std::string(word);
      out.canonical_.emplace(std::string(word), first);
    }
  }
  return out;
}

absl::StatusOr<GivenNames> GivenNames::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read given names ", path));
  std::stringstream text;
  text << in.rdbuf();
  return FromText(text.str());
}

std::string GivenNames::Canonical(absl::string_view folded_name) const {
  const size_t space = folded_name.find(' ');
  if (space == absl::string_view::npos) return std::string(folded_name);
  auto it = canonical_.find(folded_name.substr(0, space));
  if (it == canonical_.end()) return std::string(folded_name);
  return absl::StrCat(it->second, folded_name.substr(space));
}

}  // namespace dossier::text
