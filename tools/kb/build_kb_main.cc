// dossier-build-kb: a knowledge base for the entity registry. The world's
// countries, from public data read where it lies: Wikidata's country names
// and aliases in every language (CSV iso3,iso2,language,is_official_language,
// label,label_type) and GeoNames' countryInfo.txt (names, GeoNames ids;
// cities15000.txt keeps the names of cities out of the aliases),
// with the demonyms of models/registry/demonyms.txt; the organisations
// news names by several names ("Tories", "Conservatives", "Conservative
// Party"), from models/registry/organisations.txt; and the places the
// country lists lack that news names so ("Kosovo and Metohija"), from
// models/registry/places.txt; and other names news writes several ways
// (awards: "Oscar", "Oscars", "Academy Awards"), from
// models/registry/misc.txt.
// Writes JSON Lines of dossier.v1.KnowledgeBaseEntity for `dossier
// import-kb` or `dossier-eval-linking --kb`.
//
//   dossier-build-kb --wikidata ../shared/data/wikidata/country_aliases.csv
//       --geonames ../shared/data/geonames --out kb.jsonl
//   dossier-build-kb --out organisations.jsonl      (no countries)
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/flags.h"
#include "common/paths.h"
#include "dossier/v1/registry_service.pb.h"
#include "google/protobuf/util/json_util.h"
#include "text/fold.h"

ABSL_FLAG(std::string, wikidata, "",
          "Wikidata country aliases (CSV); with --geonames, the countries are written");
ABSL_FLAG(std::string, geonames, "",
          "a directory with GeoNames' countryInfo.txt (the countries) and cities15000.txt (the "
          "cities whose names no country's alias may be)");
ABSL_FLAG(std::string, out, "", "the JSON Lines file to write");
ABSL_FLAG(std::string, demonyms, "",
          "what the people of each country are called (default: the committed "
          "models/registry/demonyms.txt)");
ABSL_FLAG(std::string, organisations, "",
          "organisations and their other names (default: the committed "
          "models/registry/organisations.txt; \"off\": none)");
ABSL_FLAG(std::string, places, "",
          "places and their other names (default: the committed models/registry/places.txt; "
          "\"off\": none)");
ABSL_FLAG(
    std::string, misc, "",
    "other names (awards, events, products) and their other names, as MISC entities (default: the "
    "committed models/registry/misc.txt; \"off\": none)");

namespace {

// The fields of one CSV line (double quotes around a field that holds
// commas; "" inside quotes is a quote).
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back().push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back().push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

// The lines "Name: other, other" of a list like models/registry/demonyms.txt,
// comments (#) and blank lines skipped, as (name, others). A line with no
// colon or no name is an error, said on stderr with its number, as is a
// file that cannot be read.
enum class ListRead { kOk, kUnreadable, kMalformed };
ListRead ReadNamedLists(const std::string& path,
                        std::vector<std::pair<std::string, std::vector<std::string>>>* out) {
  std::ifstream in(path);
  if (!in) {
    std::fprintf(stderr, "dossier-build-kb: cannot read %s\n", path.c_str());
    return ListRead::kUnreadable;
  }
  std::string raw;
  for (int number = 1; std::getline(in, raw); ++number) {
    const absl::string_view line = absl::StripAsciiWhitespace(raw);  // CRLF too
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> parts = absl::StrSplit(line, absl::MaxSplits(':', 1));
    const absl::string_view name =
        parts.size() == 2 ? absl::StripAsciiWhitespace(parts[0]) : absl::string_view();
    if (name.empty()) {
      std::fprintf(stderr, "dossier-build-kb: %s:%d: expected \"Name: other, other\"\n",
                   path.c_str(), number);
      return ListRead::kMalformed;
    }
    std::vector<std::string> others;
    for (absl::string_view other : absl::StrSplit(parts[1], ',', absl::SkipWhitespace())) {
      others.emplace_back(absl::StripAsciiWhitespace(other));
    }
    out->emplace_back(std::string(name), std::move(others));
  }
  return ListRead::kOk;
}

struct Country {
  std::string name;
  std::string geonames_id;
  std::vector<std::string> aliases;
  absl::flat_hash_set<std::string> folded;
};

// The countries of GeoNames with their Wikidata names and demonyms, as
// knowledge-base entities into `out`; false (said on stderr) when a file
// cannot be read.
// `unlisted` gets, by name, the ids of the GeoNames countries Wikidata
// gave no names (Kosovo), which a place of models/registry/places.txt may
// be.
bool Countries(std::vector<dossier::v1::KnowledgeBaseEntity>* out,
               std::map<std::string, std::pair<std::string, std::string>>* unlisted) {
  // GeoNames: ISO code -> English name and GeoNames id.
  std::map<std::string, Country> countries;
  std::ifstream info(absl::GetFlag(FLAGS_geonames) + "/countryInfo.txt");
  if (!info) {
    std::fprintf(stderr, "dossier-build-kb: cannot read countryInfo.txt\n");
    return false;
  }
  std::string line;
  while (std::getline(info, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = absl::StrSplit(line, '\t');
    if (f.size() < 17) continue;
    Country& c = countries[f[0]];
    c.name = f[4];
    c.geonames_id = f[16];
  }
  // A city's name, as GeoNames writes the cities of 100,000 people or
  // more: Wikidata gives a country, in some languages, the name a city has
  // in English ("Brasilia" is Brazil in Finnish and Latin, "Franca" France
  // in Portuguese), which would make the city a written form of the
  // country. An alias of another language than English that is such a
  // name is left out; a smaller town's name stays an alias ("Singapur").
  absl::flat_hash_set<std::string> cities;
  {
    std::ifstream cities_file(absl::GetFlag(FLAGS_geonames) + "/cities15000.txt");
    if (!cities_file) {
      std::fprintf(stderr, "dossier-build-kb: cannot read cities15000.txt\n");
      return false;
    }
    while (std::getline(cities_file, line)) {
      const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
      int64_t population = 0;
      if (f.size() < 15 || !absl::SimpleAtoi(f[14], &population) || population < 100000) {
        continue;
      }
      cities.insert(dossier::text::FoldName(f[1]));
      cities.insert(dossier::text::FoldName(f[2]));
    }
  }
  std::set<std::string> city_names;
  std::set<std::string> latin_words;
  std::set<std::string> described;
  std::set<std::string> codes;
  std::ifstream csv(absl::GetFlag(FLAGS_wikidata));
  if (!csv) {
    std::fprintf(stderr, "dossier-build-kb: cannot read %s\n",
                 absl::GetFlag(FLAGS_wikidata).c_str());
    return false;
  }
  std::getline(csv, line);  // the header
  while (std::getline(csv, line)) {
    const std::vector<std::string> f = CsvFields(line);
    if (f.size() < 6) continue;
    auto it = countries.find(f[1]);
    if (it == countries.end()) continue;
    const std::string folded = dossier::text::FoldName(f[4]);
    // Names that fold to nothing (flags, scripts without a Latin form) or
    // to one letter would only mislead. So would two letters, but for the
    // two countries news names so ("US", "U.S.", "UK"): the rest are codes
    // (web domains like "rs") or words ("IN" India, "IT" Italy, "NO"
    // Norway), and "IE" or "BT" in a text is a browser or a firm, which
    // such an alias made Ireland or Bhutan.
    if (folded.size() < 2 || it->second.folded.contains(folded)) continue;
    if (folded.size() == 2 && folded != "us" && folded != "uk") {
      codes.insert(folded);
      continue;
    }
    const bool english = f[2] == "en" || absl::StartsWith(f[2], "en-");
    if (!english && cities.contains(folded) && folded != dossier::text::FoldName(it->second.name)) {
      city_names.insert(folded);
      continue;
    }
    // One word of another language in the Latin script is too often an
    // English word or name: "Take" is Turkey in Samoan, "End" India in
    // Haitian Creole, "Celts" Ireland in Zulu, "Marshall" the Marshall
    // Islands and "Cameron" Cameroon in French. Such an alias would make
    // the tagger read "Take That" as Turkey and "Cameron" as Cameroon.
    // Names of several words ("Palestinian territories") and names in
    // other scripts (which match only text in their script) stay.
    if (!english && folded.find(' ') == std::string::npos && dossier::text::IsLatinScript(f[4])) {
      latin_words.insert(folded);
      continue;
    }
    // Words of the Latin script with no capital are a description, not a
    // name: "metropole starověku" (Syria in Czech, "metropolis of
    // antiquity"), "vihreä niemi"; they would complete "Met" as Syria.
    if (!english && dossier::text::IsLatinScript(f[4]) &&
        dossier::text::CaseOf(f[4]) == dossier::text::LetterCase::kSmall) {
      described.insert(folded);
      continue;
    }
    it->second.folded.insert(folded);
    it->second.aliases.push_back(f[4]);
  }
  std::fprintf(stderr,
               "dossier-build-kb: %zu aliases of two letters left out: codes and words, not "
               "names\n",
               codes.size());
  if (!city_names.empty()) {
    std::fprintf(stderr,
                 "dossier-build-kb: %zu aliases in other languages than English left out: the "
                 "names of cities\n",
                 city_names.size());
  }
  std::fprintf(stderr,
               "dossier-build-kb: %zu aliases of one word in other languages than English left "
               "out: words of English too often\n",
               latin_words.size());
  std::fprintf(stderr,
               "dossier-build-kb: %zu aliases in small letters of the Latin script left out: "
               "descriptions, not names\n",
               described.size());
  // Demonyms: "Russia: Russian, Russians".
  std::string demonyms_path = absl::GetFlag(FLAGS_demonyms);
  if (demonyms_path.empty()) {
    demonyms_path = dossier::ResolveDataFile("DOSSIER_DEMONYMS", "models/registry/demonyms.txt");
  }
  std::vector<std::pair<std::string, std::vector<std::string>>> demonyms;
  if (ReadNamedLists(demonyms_path, &demonyms) != ListRead::kOk) return false;
  std::map<std::string, std::string> iso_of;
  for (const auto& [iso, c] : countries) iso_of[c.name] = iso;
  for (const auto& [country, names] : demonyms) {
    auto iso = iso_of.find(country);
    if (iso == iso_of.end()) {
      std::fprintf(stderr, "dossier-build-kb: %s is no GeoNames country name\n", country.c_str());
      continue;
    }
    Country& c = countries[iso->second];
    for (const std::string& name : names) {
      if (c.folded.insert(dossier::text::FoldName(name)).second) c.aliases.push_back(name);
    }
  }
  for (auto& [iso, c] : countries) {
    if (!c.name.empty() && c.aliases.empty()) (*unlisted)[c.name] = {iso, c.geonames_id};
    if (c.name.empty() || c.aliases.empty()) continue;
    dossier::v1::KnowledgeBaseEntity& entity = out->emplace_back();
    entity.set_name(c.name);
    for (const std::string& alias : c.aliases) {
      if (alias != c.name) entity.add_aliases(alias);
    }
    entity.set_type(dossier::v1::ENTITY_TYPE_LOCATION);
    (*entity.mutable_external_ids())["iso3166"] = iso;
    if (!c.geonames_id.empty()) (*entity.mutable_external_ids())["geonames"] = c.geonames_id;
  }
  return true;
}

// The entities of type `type` of `path` ("Conservative Party:
// Conservatives, Tories, Tory"), as knowledge-base entities into `out`. A
// name that two lines give would join two entities into one, and a line
// whose other names all fold to its name ("FIFA: Fifa") teaches nothing:
// errors, said on stderr. A line with no other name ("U2:") is a name the
// news writes one way, there for the tagger: found where the model missed
// it, typed where the model was unsure. The exit code: 0, 65 for a list with
// errors, 66 for one that cannot be read.
int NamedList(const std::string& path, dossier::v1::EntityType type,
              std::vector<dossier::v1::KnowledgeBaseEntity>* out) {
  std::vector<std::pair<std::string, std::vector<std::string>>> lines;
  switch (ReadNamedLists(path, &lines)) {
    case ListRead::kOk:
      break;
    case ListRead::kUnreadable:
      return 66;
    case ListRead::kMalformed:
      return 65;
  }
  std::map<std::string, std::string> owner;  // folded name -> the line's name
  bool ok = true;
  for (const auto& [name, others] : lines) {
    dossier::v1::KnowledgeBaseEntity& entity = out->emplace_back();
    entity.set_name(name);
    entity.set_type(type);
    absl::flat_hash_set<std::string> own;
    for (size_t i = 0; i <= others.size(); ++i) {
      const std::string& n = i == 0 ? name : others[i - 1];
      const std::string folded = dossier::text::FoldName(n);
      if (folded.empty() || !own.insert(folded).second) continue;
      auto [it, inserted] = owner.emplace(folded, name);
      if (!inserted) {
        std::fprintf(stderr, "dossier-build-kb: %s: \"%s\" names both %s and %s\n", path.c_str(),
                     n.c_str(), it->second.c_str(), name.c_str());
        ok = false;
      }
      if (i > 0) entity.add_aliases(n);
    }
    if (!others.empty() && entity.aliases().empty()) {
      std::fprintf(stderr, "dossier-build-kb: %s: %s has no other name (case and accents aside)\n",
                   path.c_str(), name.c_str());
      ok = false;
    }
  }
  return ok ? 0 : 65;
}

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(argc, argv,
                      "dossier-build-kb [--wikidata CSV --geonames DIR] --out FILE: countries "
                      "(with both sources), organisations, places and other names as a "
                      "knowledge base (JSON Lines of dossier.v1.KnowledgeBaseEntity)");
  const bool countries = !absl::GetFlag(FLAGS_wikidata).empty();
  if (absl::GetFlag(FLAGS_out).empty() || countries != !absl::GetFlag(FLAGS_geonames).empty()) {
    std::fprintf(stderr,
                 "dossier-build-kb: --out is required, and --wikidata and --geonames go "
                 "together\n");
    return 64;
  }
  std::vector<dossier::v1::KnowledgeBaseEntity> entities;
  std::map<std::string, std::pair<std::string, std::string>> unlisted;
  if (countries && !Countries(&entities, &unlisted)) return 1;
  const size_t country_count = entities.size();
  // The committed lists unless a flag names another, or "off"; how many
  // entities each gave.
  struct List {
    std::string flag;
    const char* variable;
    const char* file;
    dossier::v1::EntityType type;
  };
  const List lists[] = {
      {absl::GetFlag(FLAGS_organisations), "DOSSIER_ORGANISATIONS",
       "models/registry/organisations.txt", dossier::v1::ENTITY_TYPE_ORGANIZATION},
      {absl::GetFlag(FLAGS_places), "DOSSIER_PLACES", "models/registry/places.txt",
       dossier::v1::ENTITY_TYPE_LOCATION},
      {absl::GetFlag(FLAGS_misc), "DOSSIER_MISC", "models/registry/misc.txt",
       dossier::v1::ENTITY_TYPE_MISC}};
  size_t counts[std::size(lists)] = {};
  for (size_t i = 0; i < std::size(lists); ++i) {
    const std::string path = lists[i].flag.empty()
                                 ? dossier::ResolveDataFile(lists[i].variable, lists[i].file)
                                 : lists[i].flag;
    if (path == "off") continue;
    const size_t before = entities.size();
    if (const int code = NamedList(path, lists[i].type, &entities); code != 0) return code;
    counts[i] = entities.size() - before;
    // A listed place that is a GeoNames country with no Wikidata names
    // ("Kosovo", XK) gets that country's ids.
    if (lists[i].type != dossier::v1::ENTITY_TYPE_LOCATION) continue;
    for (size_t e = before; e < entities.size(); ++e) {
      auto it = unlisted.find(entities[e].name());
      if (it == unlisted.end()) continue;
      auto& ids = *entities[e].mutable_external_ids();
      ids["iso3166"] = it->second.first;
      if (!it->second.second.empty()) ids["geonames"] = it->second.second;
    }
  }
  std::ofstream out(absl::GetFlag(FLAGS_out));
  for (const dossier::v1::KnowledgeBaseEntity& entity : entities) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(entity, &json);
    out << json << '\n';
  }
  if (!out) {
    std::fprintf(stderr, "dossier-build-kb: cannot write %s\n", absl::GetFlag(FLAGS_out).c_str());
    return 1;
  }
  std::fprintf(stderr,
               "dossier-build-kb: %zu countries, %zu organisations, %zu places and %zu other "
               "names written to %s\n",
               country_count, counts[0], counts[1], counts[2], absl::GetFlag(FLAGS_out).c_str());
  return 0;
}
