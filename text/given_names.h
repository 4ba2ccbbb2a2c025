// Given names that are one name in several spellings ("Aleksandar",
// "Alexander"; "Sergei", "Sergey"), as classes read from a data file
// (models/registry/given_names.txt): how the entity registry tells that
// "aleksandar vucic" and "alexander vucic" name one person.
#ifndef DOSSIER_TEXT_GIVEN_NAMES_H_
#define DOSSIER_TEXT_GIVEN_NAMES_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier::text {

// "Mr", "Mrs.", "Dr": a courtesy title, which is no part of a person's
// name: the tagger leaves it out of people's spans, and the query service
// reads "Mr Blair" as the person "Blair" names.
bool IsCourtesyTitle(absl::string_view token);

// "Sir", "Dame": an honour written before a knight's or dame's name, which
// the tagger leaves out of the person's span too ("Sir Alex Ferguson" is
// the person "Alex Ferguson").
bool IsHonourTitle(absl::string_view token);

// The office a title's word heads, folded and written out ("Sen." and
// "Senator" are "senator", "Gov." is "governor", "Prime" and "Minister"
// of "Prime Minister" are "" and "minister"), or "" for a word that heads
// none. The query service reads "Senator Cruz" as the person "Cruz" names
// who holds that office; the tagger leaves such titles out of people's
// names and gives them as roles.
std::string OfficeTitleHead(absl::string_view token);

// Whether the role `title` ("former Secretary of State", "Texas
// Senator") has a word of the office `head` (OfficeTitleHead).
bool TitleHasOffice(absl::string_view title, absl::string_view head);

// An office's title before a name: its head (OfficeTitleHead) and the
// name after it.
struct OfficeTitle {
  std::string head;
  std::string name;
};

// The title `reference` opens on, to its last office word and the
// complement after it, with whatever qualifies it before ("Foreign
// Minister Lavrov", "U.S. Secretary of State John Kerry": "secretary" and
// "John Kerry"); none when no office word has a name after it.
std::optional<OfficeTitle> LeadingOfficeTitle(absl::string_view reference);

// "jr", "sr", "ii", "iii", "iv": a folded word that ends a person's name
// as a suffix, no part of the surname.
bool IsNameSuffix(absl::string_view folded_word);

class GivenNames {
 public:
  // One class a line, words separated by spaces, the first standing for
  // the class; '#' starts a comment. NOT_FOUND when the file cannot be
  // read.
  static absl::StatusOr<GivenNames> Load(const std::string& path);
  static GivenNames FromText(absl::string_view text);

  // A folded name (text::FoldName) with its first word replaced by its
  // class's first word, a lone middle initial left out, and the middle
  // name of a name of three words that ends on no suffix ("jr"): equal for
  // spellings of one full name ("george w bush", "george bush"; "hillary
  // rodham clinton", "hillary clinton"; "joe biden", "joseph r biden" with
  // the class "joseph joe"; not "george h w bush"). "John Quincy Adams"
  // is then John Adams's name too: a curator splits them (`dossier split`).
  std::string Canonical(absl::string_view folded_name) const;

  size_t size() const { return canonical_.size(); }

 private:
  absl::flat_hash_map<std::string, std::string> canonical_;
};

}  // namespace dossier::text

#endif  // DOSSIER_TEXT_GIVEN_NAMES_H_
