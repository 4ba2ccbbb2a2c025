#include "text/given_names.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace dossier::text {

namespace {

// Whether `token`, case and a full stop after it aside ("Mr.", "Lt."), is
// one of `words`.
template <size_t N>
bool IsTitleOf(absl::string_view token, const absl::string_view (&words)[N]) {
  absl::ConsumeSuffix(&token, ".");
  return std::any_of(std::begin(words), std::end(words),
                     [&](absl::string_view word) { return absl::EqualsIgnoreCase(token, word); });
}

}  // namespace

bool IsCourtesyTitle(absl::string_view token) {
  static constexpr absl::string_view kTitles[] = {"mr", "mrs", "ms",   "miss",
                                                  "mx", "dr",  "prof", "messrs"};
  return IsTitleOf(token, kTitles);
}

std::string OfficeTitleHead(absl::string_view token) {
  static constexpr std::pair<absl::string_view, absl::string_view> kHeads[] = {
      {"president", "president"},
      {"pres", "president"},
      {"senator", "senator"},
      {"sen", "senator"},
      {"secretary", "secretary"},
      {"sec", "secretary"},
      {"governor", "governor"},
      {"gov", "governor"},
      {"representative", "representative"},
      {"rep", "representative"},
      {"congressman", "congressman"},
      {"congresswoman", "congresswoman"},
      {"minister", "minister"},
      {"chancellor", "chancellor"},
      {"mayor", "mayor"},
      {"justice", "justice"},
      {"judge", "judge"},
      {"ambassador", "ambassador"},
      {"speaker", "speaker"},
      {"commissioner", "commissioner"},
      {"general", "general"},
      {"gen", "general"},
      {"admiral", "admiral"},
      {"adm", "admiral"},
  };
  absl::ConsumeSuffix(&token, ".");
  for (const auto& [word, head] : kHeads) {
    if (absl::EqualsIgnoreCase(token, word)) return std::string(head);
  }
  return "";
}

bool TitleHasOffice(absl::string_view title, absl::string_view head) {
  for (absl::string_view word : absl::StrSplit(title, absl::ByAnyChar(" \t\r\n"))) {
    if (!word.empty() && OfficeTitleHead(word) == head) return true;
  }
  return false;
}

std::optional<OfficeTitle> LeadingOfficeTitle(absl::string_view reference) {
  const std::vector<absl::string_view> words =
      absl::StrSplit(reference, ' ', absl::SkipWhitespace());
  std::optional<OfficeTitle> out;
  size_t name = 0;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    std::string head = OfficeTitleHead(words[i]);
    if (head.empty()) continue;
    size_t end = i + 1;
    while (end < words.size() && (words[end] == "of" || words[end] == "for")) end += 2;
    if (end >= words.size()) continue;
    out = OfficeTitle{std::move(head), ""};
    name = end;
  }
  if (out.has_value()) {
    out->name = absl::StrJoin(words.begin() + static_cast<std::ptrdiff_t>(name), words.end(), " ");
  }
  return out;
}

bool IsHonourTitle(absl::string_view token) {
  return absl::EqualsIgnoreCase(token, "sir") || absl::EqualsIgnoreCase(token, "dame");
}

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

bool IsNameSuffix(absl::string_view folded_word) {
  static constexpr absl::string_view kSuffixes[] = {"jr", "sr", "ii", "iii", "iv"};
  return std::find(std::begin(kSuffixes), std::end(kSuffixes), folded_word) != std::end(kSuffixes);
}

std::string GivenNames::Canonical(absl::string_view folded_name) const {
  std::vector<absl::string_view> words = absl::StrSplit(folded_name, ' ');
  if (words.size() < 2) return std::string(folded_name);
  const size_t written = words.size();
  // A middle initial goes: "george w bush" is "george bush". Two stay
  // ("george h w bush" is another man).
  auto initial = [](absl::string_view w) { return w.size() == 1; };
  if (std::count_if(words.begin() + 1, words.end() - 1, initial) == 1) {
    words.erase(std::remove_if(words.begin() + 1, words.end() - 1, initial), words.end() - 1);
  }
  // So does the middle name of a name of three words: "hillary rodham
  // clinton" is "hillary clinton". Not of a longer name, nor before a
  // suffix ("robert f kennedy jr", "robert downey jr").
  if (written == 3 && words.size() == 3 && words[0].size() > 1 && words[2].size() > 1 &&
      !IsNameSuffix(words[2])) {
    words.erase(words.begin() + 1);
  }
  auto it = canonical_.find(words[0]);
  if (it != canonical_.end()) words[0] = it->second;
  return absl::StrJoin(words, " ");
}

}  // namespace dossier::text
