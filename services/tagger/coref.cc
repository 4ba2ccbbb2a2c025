#include "services/tagger/coref.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "services/tagger/org_names.h"
#include "services/tagger/quote_lexicon.h"
#include "text/fold.h"

namespace dossier::tagger {
namespace {

// A spelling skeleton that transliteration variants share: x -> ks, y and j
// -> i, ph -> f, w -> v, doubled letters once.
std::string Skeleton(absl::string_view name) {
  std::string out;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == 'x') {
      out += "ks";
      continue;
    }
    if (c == 'p' && i + 1 < name.size() && name[i + 1] == 'h') {
      out += 'f';
      ++i;
      continue;
    }
    if (c == 'y' || c == 'j') c = 'i';
    if (c == 'w') c = 'v';
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  return out;
}

std::vector<std::string> Words(absl::string_view key) {
  return absl::StrSplit(key, ' ', absl::SkipEmpty());
}

// True when `shorter` names the same entity as `longer` in one document:
// its words are the last words of `longer` ("vucic" in "aleksandar vucic",
// "botsan kharchenko" in "alexander botsan kharchenko"), or the two share
// their last word and their first words are compatible given names.
bool PersonNamesMatch(const std::vector<std::string>& shorter,
                      const std::vector<std::string>& longer) {
  if (shorter.empty() || longer.empty() || shorter.size() > longer.size()) {
    return false;
  }
  if (std::equal(shorter.rbegin(), shorter.rend(), longer.rbegin())) {
    return true;
  }
  if (shorter.size() == longer.size() && shorter.size() >= 2 && shorter.back() == longer.back()) {
    for (size_t i = 0; i + 1 < shorter.size(); ++i) {
      if (!CompatibleGivenNames(shorter[i], longer[i])) return false;
    }
    return true;
  }
  return false;
}

// Whether a person's name, as written, reads as a personal name, whose last
// word is a surname: every word capitalised but the particles of names
// ("Charles de Gaulle", "Osama bin Laden"). A curated alias that is a
// title ("Russian ambassador to Serbia") names a person but ends on no
// surname: a lone "Serbia" is not that person.
bool ReadsAsPersonalName(absl::string_view name) {
  for (absl::string_view word : absl::StrSplit(name, absl::ByAnyChar(" -"), absl::SkipEmpty())) {
    // A word in small letters, in any alphabet ("посол России" too); one
    // with a capital inside ("d'Estaing") is a name's.
    if (text::CaseOf(word) != text::LetterCase::kSmall) continue;
    if (!IsNameParticle(word)) return false;
  }
  return true;
}

}  // namespace

bool LooksLikeAcronym(absl::string_view text) {
  bool dotted = false;
  const int letters = text::AcronymLetters(text, &dotted);
  return letters >= 2 && (dotted || letters <= 3);
}

bool IsNameParticle(absl::string_view word) {
  static constexpr absl::string_view kParticles[] = {
      "af",    "al",  "bin", "ibn", "ben", "da",  "das", "de", "dei", "del",
      "della", "den", "der", "di",  "do",  "dos", "du",  "el", "la",  "le",
      "st",    "ter", "ten", "van", "von", "zu",  "y",   "e"};
  return std::any_of(std::begin(kParticles), std::end(kParticles),
                     [&](absl::string_view p) { return absl::EqualsIgnoreCase(word, p); });
}

bool IsAcronymOf(absl::string_view acronym, const std::vector<std::string>& words) {
  std::string initials;
  for (const auto& w : words) {
    if (w == "of" || w == "the" || w == "and" || w == "for") continue;
    initials += w[0];
  }
  return initials.size() >= 2 && initials == acronym;
}

namespace {

// "Sir Digby", "Dame Judi": a knight or dame is named by the title and the
// given name once named in full. The given name of such a two-word form,
// else "".
absl::string_view GivenNameAfterTitle(const std::vector<std::string>& words) {
  if (words.size() == 2 && (words[0] == "sir" || words[0] == "dame")) return words[1];
  return {};
}

// A peer's title before a surname ("Lord Butler", "Baroness Boothroyd").
bool IsPeerTitle(absl::string_view word) {
  return word == "lord" || word == "lady" || word == "baroness" || word == "baron";
}

// Given names of both sexes (a woman's "Chris", "Lindsey", "Jamie" where
// the lexicon says a man's): no evidence of a person's sex.
bool GivenToBothSexes(absl::string_view given) {
  static constexpr absl::string_view kNames[] = {
      "alex",  "chris",  "jamie", "lindsey", "kelly", "sam",    "pat",    "jordan", "taylor",
      "casey", "jesse",  "jean",  "terry",   "robin", "leslie", "lee",    "dana",   "kim",
      "tracy", "ashley", "hope",  "carey",   "corey", "jo",     "marion", "evelyn", "sydney"};
  return std::find(std::begin(kNames), std::end(kNames), given) != std::end(kNames);
}

quotes::Gender PeerGender(absl::string_view title) {
  return title == "lady" || title == "baroness" ? quotes::Gender::kFemale : quotes::Gender::kMale;
}

// The words that name the person: one for "Sir Digby", else all of them
// (the tagger leaves a knight's title out of a longer name).
size_t NameLength(const std::vector<std::string>& words) {
  return GivenNameAfterTitle(words).empty() ? words.size() : 1;
}

struct Cluster {
  v1::EntityType type;
  std::string key;
  std::vector<std::string> words;
  std::vector<int> mentions;
  // Its first mention's text reads as a personal name (ReadsAsPersonalName).
  bool personal_name = true;
  // A knight or dame: named in full after "Sir" or "Dame", or as "Sir Ian".
  bool honoured = false;
  // Its first mention opens on a word news writes in lower case.
  bool common_first = false;
  // The sex its titles or its given name say, when one does.
  quotes::Gender gender = quotes::Gender::kUnknown;
  // A surname alone kept apart from a person of the document named in
  // full with it (Entity.apart_from_namesakes).
  bool apart = false;
  // The first part of a double-barrelled surname, folded ("kilroy" of
  // "Robert Kilroy-Silk"), which names the person alone too; empty when
  // the surname is none.
  std::string surname_first_part;
  // The words of `key` when it differs from `words` (a firm's name without
  // its legal form), for acronyms; else empty.
  std::vector<std::string> key_words;
  // The offices (OfficeBit) the titles around its mentions give.
  uint32_t offices = 0;
};

}  // namespace

std::string SurnameFirstPart(absl::string_view name) {
  const size_t space = name.find_last_of(" \n\t");
  if (space == absl::string_view::npos) return "";
  const absl::string_view last = name.substr(space + 1);
  const size_t hyphen = last.find('-');
  if (hyphen == absl::string_view::npos || hyphen == 0 || hyphen + 1 == last.size()) return "";
  const std::string first = text::FoldName(last.substr(0, hyphen));
  return first.find(' ') == std::string::npos ? first : "";
}

bool CompatibleGivenNames(absl::string_view a, absl::string_view b) {
  if (a == b) return true;
  if (a.empty() || b.empty() || a[0] != b[0]) return false;
  if (a.size() == 1 || b.size() == 1) return true;  // an initial
  const std::string sa = Skeleton(a), sb = Skeleton(b);
  if (sa == sb) return true;
  const int allowed = std::min(sa.size(), sb.size()) >= 7 ? 2 : 1;
  return text::EditDistance(sa, sb) <= allowed;
}

uint32_t OfficeBit(absl::string_view word) {
  static constexpr absl::string_view kOffices[][3] = {{"president", "", ""},
                                                      {"secretary", "", ""},
                                                      {"senator", "sen", "sens"},
                                                      {"governor", "gov", ""},
                                                      {"mayor", "", ""},
                                                      {"judge", "justice", ""},
                                                      {"minister", "premier", ""},
                                                      {"chancellor", "", ""},
                                                      {"speaker", "", ""},
                                                      {"chairman", "chairwoman", "chair"},
                                                      {"congressman", "congresswoman", "rep"},
                                                      {"representative", "", ""},
                                                      {"ambassador", "", ""},
                                                      {"general", "gen", ""},
                                                      {"lady", "", ""},
                                                      {"director", "", ""}};
  for (size_t i = 0; i < std::size(kOffices); ++i) {
    for (const absl::string_view office : kOffices[i]) {
      if (!office.empty() && word == office) return 1u << i;
    }
  }
  return 0;
}

void ResolveEntities(v1::Annotations* annotations, absl::Span<const NameTitle> titles,
                     absl::Span<const bool> opens_on_common_word,
                     absl::Span<const quotes::Gender> title_genders, absl::Span<const int> same_as,
                     absl::Span<const uint32_t> offices) {
  const int n = annotations->mentions_size();
  auto office = [&](int m) { return static_cast<size_t>(m) < offices.size() ? offices[m] : 0u; };
  auto title_gender = [&](int m) {
    return static_cast<size_t>(m) < title_genders.size() ? title_genders[m]
                                                         : quotes::Gender::kUnknown;
  };
  auto courtesy = [&](int m) {
    return static_cast<size_t>(m) < titles.size() && titles[m] == NameTitle::kCourtesy;
  };
  auto honour = [&](int m, const std::vector<std::string>& words) {
    return (static_cast<size_t>(m) < titles.size() && titles[m] == NameTitle::kHonour) ||
           !GivenNameAfterTitle(words).empty();
  };
  std::vector<std::string> keys(n);
  std::vector<std::vector<std::string>> key_words(n);
  for (int i = 0; i < n; ++i) {
    const v1::Mention& mention = annotations->mentions(i);
    // A firm named by its site ("Amazon.com") is the firm news also calls
    // by the site's name ("Amazon"): one key.
    const absl::string_view site =
        mention.type() == v1::ENTITY_TYPE_ORGANIZATION ? SiteName(mention.text()) : "";
    keys[i] = text::FoldName(site.empty() ? absl::string_view(mention.text()) : site);
    // The words before a firm's legal form goes: "AMC" is American Motors
    // Corp's acronym, though its key is "american motors".
    key_words[i] = Words(keys[i]);
    if (mention.type() == v1::ENTITY_TYPE_ORGANIZATION) keys[i] = WithoutLegalForm(keys[i]);
  }

  // Longest names first, so that short forms find their full names ("Sir
  // Digby" counts one word, "Digby Jones" two).
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return NameLength(key_words[a]) > NameLength(key_words[b]);
  });

  // The words the model read as a person alone somewhere in the document.
  absl::flat_hash_set<absl::string_view> lone_people;
  for (int i = 0; i < n; ++i) {
    if (annotations->mentions(i).type() == v1::ENTITY_TYPE_PERSON && key_words[i].size() == 1) {
      lone_people.insert(keys[i]);
    }
  }
  // The organisations the document names by one word ("BBC").
  absl::flat_hash_set<absl::string_view> lone_organisations;
  for (int i = 0; i < n; ++i) {
    if (annotations->mentions(i).type() == v1::ENTITY_TYPE_ORGANIZATION &&
        key_words[i].size() == 1) {
      lone_organisations.insert(keys[i]);
    }
  }

  std::vector<Cluster> clusters;
  std::vector<int> cluster_of(n, -1);
  // Whether mention m's title says a sex other than cluster c's.
  auto clashes = [&](int m, size_t c) {
    const quotes::Gender g = title_gender(m);
    return g != quotes::Gender::kUnknown && clusters[c].gender != quotes::Gender::kUnknown &&
           clusters[c].gender != g;
  };
  for (int m : order) {
    v1::Mention* mention = annotations->mutable_mentions(m);
    const std::vector<std::string>& words = key_words[m];
    int found = -1;
    // A ticker after its firm's name: that firm.
    if (static_cast<size_t>(m) < same_as.size() && same_as[m] >= 0 && same_as[m] < n &&
        cluster_of[same_as[m]] >= 0) {
      found = cluster_of[same_as[m]];
      mention->set_type(clusters[found].type);
    }
    for (size_t c = 0; c < clusters.size() && found < 0; ++c) {
      // Not a person kept apart from a namesake ("Mrs. Clinton" beside Bill
      // Clinton) for a surname with no title: that is the namesake as
      // much as her, and the first named has it.
      if (clusters[c].type == mention->type() && clusters[c].key == keys[m] && !clashes(m, c) &&
          !(clusters[c].apart && title_gender(m) == quotes::Gender::kUnknown)) {
        found = static_cast<int>(c);
      }
    }
    // A person's shorter or variant name; a lone surname typed otherwise.
    // Of two people it may name, the first named, but after "Mr" or "Dr"
    // not a knight when another is no knight: a knight is never "Mr Blair"
    // (Tony Blair where Sir Ian Blair is named first).
    for (size_t c = 0; c < clusters.size() && found < 0; ++c) {
      const Cluster& cl = clusters[c];
      if (cl.type != v1::ENTITY_TYPE_PERSON) continue;
      const bool typed_person = mention->type() == v1::ENTITY_TYPE_PERSON;
      if (!typed_person && (words.size() != 1 || !cl.personal_name)) continue;
      // Not an acronym typed otherwise ("U.N." beside Kim Jong Un).
      if (!typed_person && LooksLikeAcronym(mention->text())) continue;
      if (!PersonNamesMatch(words, cl.words) || clashes(m, c)) continue;
      found = static_cast<int>(c);
      // Of the people it may name, one named in full after the title this
      // mention has ("former President Bill Clinton" for "President
      // Clinton" where Hillary Clinton is named first).
      if (office(m) != 0 && words.size() == 1) {
        bool held = (cl.offices & office(m)) != 0;
        for (size_t other = c + 1; other < clusters.size() && !held; ++other) {
          const Cluster& o = clusters[other];
          if (o.type == v1::ENTITY_TYPE_PERSON && PersonNamesMatch(words, o.words) &&
              !clashes(m, other) && (o.offices & office(m))) {
            found = static_cast<int>(other);
            held = true;
          }
        }
        // With no one of the title, the rules below ("Mr" is no knight);
        // but a first lady is no holder of an office ("President Obama"
        // where only "first lady Michelle Obama" is named in full): none
        // of the document's people, whom the registry then finds.
        if (held) break;
        const uint32_t lady = OfficeBit("lady");
        if ((cl.offices & lady) && !(office(m) & lady)) {
          found = -1;
          continue;
        }
      }
      if (!cl.honoured || !courtesy(m)) break;
      for (size_t other = c + 1; other < clusters.size(); ++other) {
        if (clusters[other].type == v1::ENTITY_TYPE_PERSON && !clusters[other].honoured &&
            PersonNamesMatch(words, clusters[other].words) && !clashes(m, other)) {
          found = static_cast<int>(other);
          break;
        }
      }
    }
    // "Kilroy" for Robert Kilroy-Silk, as the BBC calls him too, where no
    // person is named with the word as surname ("Denise Lewis" beside Mark
    // Lewis-Francis) and one person's double-barrelled surname opens so.
    // Only a word the model read as a person, here or elsewhere in the
    // document (politics/293 has "Kilroy" as a person three times and as a
    // place six): "Jackson, Mississippi" beside Carl Jackson-Smith stays a
    // place.
    if (found < 0 && words.size() == 1 &&
        (mention->type() == v1::ENTITY_TYPE_PERSON || lone_people.contains(keys[m]))) {
      for (size_t c = 0; c < clusters.size(); ++c) {
        const Cluster& cl = clusters[c];
        if (cl.type != v1::ENTITY_TYPE_PERSON || cl.surname_first_part != words[0] ||
            clashes(m, c)) {
          continue;
        }
        if (found >= 0) {  // two such people: neither
          found = -1;
          break;
        }
        found = static_cast<int>(c);
      }
    }
    if (found >= 0 && clusters[found].type == v1::ENTITY_TYPE_PERSON) {
      mention->set_type(v1::ENTITY_TYPE_PERSON);
    }
    // "Sir Digby" for the one person of the document named in full with
    // that given name ("Digby Jones").
    if (const absl::string_view given = GivenNameAfterTitle(words);
        found < 0 && !given.empty() && mention->type() == v1::ENTITY_TYPE_PERSON) {
      int only = -1;
      for (size_t c = 0; c < clusters.size(); ++c) {
        const Cluster& cl = clusters[c];
        if (cl.type != v1::ENTITY_TYPE_PERSON || !cl.personal_name || NameLength(cl.words) < 2) {
          continue;
        }
        if (cl.words[0] != given) continue;
        if (only >= 0) {  // two people of that given name: neither
          only = -1;
          break;
        }
        only = static_cast<int>(c);
      }
      found = only;
    }
    // "Ozzy" for Ozzy Osbourne, "Anil" for Anil Ambani: a lone word the
    // model read as a person, the given name of the one person of the
    // document named in full with it; "Lord Butler" for Robin Butler and
    // "Baroness Boothroyd" for Betty Boothroyd: a peer's title and the
    // surname of the one person so named in full.
    // A lone word after a title ("Mr Howard", "Prince Charles") is no one
    // else's given name, and a peer is of the sex the title says.
    // After "Mr" a word that is no given name the lexicon knows is a
    // family name written first ("Mr Wang" of Wang Yan), not "Mr Howard".
    const bool titled = static_cast<size_t>(m) < titles.size() && titles[m] != NameTitle::kNone &&
                        !(titles[m] == NameTitle::kCourtesy && words.size() == 1 &&
                          quotes::GivenNameGender(words[0]) == quotes::Gender::kUnknown);
    if (found < 0 && mention->type() == v1::ENTITY_TYPE_PERSON &&
        ((words.size() == 1 && !titled) || (words.size() == 2 && IsPeerTitle(words[0])))) {
      int only = -1;
      for (size_t c = 0; c < clusters.size(); ++c) {
        const Cluster& cl = clusters[c];
        if (cl.type != v1::ENTITY_TYPE_PERSON || !cl.personal_name || cl.words.size() < 2 ||
            IsPeerTitle(cl.words[0])) {
          continue;
        }
        if (words.size() == 1 ? cl.words[0] != words[0] : cl.words.back() != words[1]) continue;
        if (words.size() == 2) {
          const quotes::Gender peer = PeerGender(words[0]);
          const quotes::Gender given = quotes::GivenNameGender(cl.words[0]);
          if (peer != quotes::Gender::kUnknown && given != quotes::Gender::kUnknown &&
              peer != given) {
            continue;  // "Baroness Thatcher" is not Sir Mark Thatcher
          }
        }
        if (only >= 0) {  // two people it may name: neither
          only = -1;
          break;
        }
        only = static_cast<int>(c);
      }
      found = only;
    }
    // An acronym of an organisation, or of a product or work, named in
    // full ("Internet Explorer", "IE").
    if (found < 0 && words.size() == 1 &&
        (mention->type() == v1::ENTITY_TYPE_ORGANIZATION ||
         mention->type() == v1::ENTITY_TYPE_MISC)) {
      for (size_t c = 0; c < clusters.size() && found < 0; ++c) {
        // With the legal form's initial or without it ("AMC" of American
        // Motors Corp, "IBM" of International Business Machines Corp).
        if (clusters[c].type == mention->type() &&
            (IsAcronymOf(words[0], clusters[c].words) ||
             (!clusters[c].key_words.empty() && IsAcronymOf(words[0], clusters[c].key_words)))) {
          found = static_cast<int>(c);
        }
      }
    }
    // "United" for the one "Manchester United" of the document, "Villa" for
    // Aston Villa, "Commission" for the European Commission: a lone word the
    // model read as an organisation, the last word of the one organisation
    // of two words that ends on it. Not where that name opens on a common
    // word ("New Labour" is no Labour of a place), on a word in small letters
    // or with a hyphen or an apostrophe ("ex-Boeing", "Sony's PlayStation"),
    // or on an organisation the document names alone or an acronym of three
    // letters or more ("Sega ESPN", "BBC Radio", "BBC Liverpool": two firms,
    // or a firm and its part or product). Of two ("Leeds United" and
    // "Manchester United"), neither; nor where a longer name holds the word
    // too ("Bank" beside "World Bank" and "Bank of England").
    if (found < 0 && words.size() == 1 && mention->type() == v1::ENTITY_TYPE_ORGANIZATION) {
      // The one longer organisation that holds the word, if one does.
      int holding = -1;
      for (size_t c = 0; c < clusters.size(); ++c) {
        const Cluster& cl = clusters[c];
        if (cl.type != v1::ENTITY_TYPE_ORGANIZATION || cl.words.size() < 2 ||
            std::find(cl.words.begin(), cl.words.end(), words[0]) == cl.words.end()) {
          continue;
        }
        if (holding >= 0) {
          holding = -1;
          break;
        }
        holding = static_cast<int>(c);
      }
      if (holding >= 0) {
        const Cluster& cl = clusters[holding];
        const std::string& named = annotations->mentions(cl.mentions.front()).text();
        const absl::string_view first = absl::string_view(named).substr(0, named.find(' '));
        if (cl.words.size() == 2 && cl.words[1] == words[0] && !cl.common_first &&
            !lone_organisations.contains(cl.words[0]) &&
            absl::ascii_isupper(static_cast<unsigned char>(first.front())) &&
            !(first.size() >= 3 && text::InCapitals(first)) && !absl::StrContains(first, "-") &&
            !absl::StrContains(first, "'") && !absl::StrContains(first, "\xe2\x80\x99")) {
          found = holding;
        }
      }
    }
    if (found < 0) {
      clusters.push_back(
          {mention->type(),
           keys[m],
           words,
           {},
           ReadsAsPersonalName(mention->text()),
           false,
           static_cast<size_t>(m) < opens_on_common_word.size() && opens_on_common_word[m]});
      found = static_cast<int>(clusters.size()) - 1;
      if (mention->type() == v1::ENTITY_TYPE_PERSON && clusters[found].personal_name) {
        clusters[found].surname_first_part = SurnameFirstPart(mention->text());
      }
      if (mention->type() == v1::ENTITY_TYPE_ORGANIZATION) {
        std::vector<std::string> stripped = Words(keys[m]);
        if (stripped != words) clusters[found].key_words = std::move(stripped);
      }
      // A person's sex by a given name the lexicon knows ("Hillary
      // Clinton"), but one given to both sexes (Chris Evert, Lindsey Vonn,
      // Jamie Gorelick), else by its title.
      if (mention->type() == v1::ENTITY_TYPE_PERSON && words.size() >= 2 &&
          !IsPeerTitle(words[0]) && !GivenToBothSexes(words[0])) {
        clusters[found].gender = quotes::GivenNameGender(words[0]);
      }
      if (mention->type() == v1::ENTITY_TYPE_PERSON && words.size() == 1) {
        for (size_t c = 0; c + 1 < clusters.size(); ++c) {
          if (clusters[c].type == v1::ENTITY_TYPE_PERSON && clusters[c].words.size() >= 2 &&
              PersonNamesMatch(words, clusters[c].words)) {
            clusters[found].apart = true;
          }
        }
      }
    }
    if (clusters[found].gender == quotes::Gender::kUnknown &&
        clusters[found].type == v1::ENTITY_TYPE_PERSON) {
      clusters[found].gender = title_gender(m);
    }
    clusters[found].mentions.push_back(m);
    clusters[found].offices |= office(m);
    clusters[found].honoured = clusters[found].honoured || honour(m, words);
    cluster_of[m] = found;
  }

  // Entities in order of first mention.
  std::vector<int> first(clusters.size(), n);
  for (int m = 0; m < n; ++m) first[cluster_of[m]] = std::min(first[cluster_of[m]], m);
  std::vector<int> corder(clusters.size());
  std::iota(corder.begin(), corder.end(), 0);
  std::sort(corder.begin(), corder.end(), [&](int a, int b) { return first[a] < first[b]; });

  annotations->clear_entities();
  double total = 0;
  std::vector<double> scores(clusters.size(), 0);
  for (size_t rank = 0; rank < corder.size(); ++rank) {
    Cluster& cl = clusters[corder[rank]];
    std::sort(cl.mentions.begin(), cl.mentions.end());
    v1::Entity* entity = annotations->add_entities();
    entity->set_type(cl.type);
    if (cl.apart) entity->set_apart_from_namesakes(true);
    // The longest form names the entity; among equals a full name before a
    // title and given name ("Digby Jones", not "Sir Digby"), one in mixed
    // case (a dateline's "MOSCOW" is "Moscow" in the text), then the
    // earliest.
    int best = cl.mentions.front();
    for (int m : cl.mentions) {
      if (key_words[m].size() > key_words[best].size() ||
          (key_words[m].size() == key_words[best].size() &&
           !GivenNameAfterTitle(key_words[best]).empty() &&
           GivenNameAfterTitle(key_words[m]).empty()) ||
          (key_words[m].size() == key_words[best].size() &&
           text::InCapitals(annotations->mentions(best).text()) &&
           !text::InCapitals(annotations->mentions(m).text()))) {
        best = m;
      }
    }
    // The name on one line: a mention may run across a line break
    // ("GFT-Gruppo\nFinanziario"), which a display or a CSV row does not
    // want.
    entity->set_name(text::SingleSpaced(annotations->mentions(best).text()));
    entity->set_key(keys[best]);
    for (int m : cl.mentions) {
      entity->add_mention_indices(m);
      annotations->mutable_mentions(m)->set_entity_index(static_cast<int>(rank));
      // Early and frequent mentions make an entity central.
      scores[rank] += 1.0 / (1.0 + 0.1 * annotations->mentions(m).sentence_index());
    }
    total += scores[rank];
  }
  for (int e = 0; e < annotations->entities_size(); ++e) {
    annotations->mutable_entities(e)->set_salience(total > 0 ? static_cast<float>(scores[e] / total)
                                                             : 0.f);
  }
}

}  // namespace dossier::tagger
