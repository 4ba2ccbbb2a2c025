// dossier-build-kb: a knowledge base of the world's countries for the entity
// registry, from public data read where it lies: Wikidata's country names
// and aliases in every language (CSV iso3,iso2,language,is_official_language,
// label,label_type) and GeoNames' countryInfo.txt (names, GeoNames ids),
// with the demonyms of models/registry/demonyms.txt.
// Writes JSON Lines of dossier.v1.KnowledgeBaseEntity for `dossier
// import-kb` or `dossier-eval-linking --kb`.
//
//   dossier-build-kb --wikidata ../shared/data/wikidata/country_aliases.csv
//       --geonames ../shared/data/geonames --out countries.jsonl
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/flags.h"
#include "common/paths.h"
#include "dossier/v1/registry_service.pb.h"
#include "google/protobuf/util/json_util.h"
#include "text/fold.h"

ABSL_FLAG(std::string, wikidata, "", "Wikidata country aliases (CSV)");
ABSL_FLAG(std::string, geonames, "", "a directory with GeoNames' countryInfo.txt");
ABSL_FLAG(std::string, out, "", "the JSON Lines file to write");
ABSL_FLAG(std::string, demonyms, "",
          "what the people of each country are called (default: the committed "
          "models/registry/demonyms.txt)");

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

struct Country {
  std::string name;
  std::string geonames_id;
  std::vector<std::string> aliases;
  absl::flat_hash_set<std::string> folded;
};

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(
      argc, argv,
      "dossier-build-kb --wikidata CSV --geonames DIR --out FILE: countries as a knowledge base "
      "(JSON Lines of dossier.v1.KnowledgeBaseEntity)");
  if (absl::GetFlag(FLAGS_wikidata).empty() || absl::GetFlag(FLAGS_geonames).empty() ||
      absl::GetFlag(FLAGS_out).empty()) {
    std::fprintf(stderr, "dossier-build-kb: --wikidata, --geonames and --out are required\n");
    return 64;
  }
  // GeoNames: ISO code -> English name and GeoNames id.
  std::map<std::string, Country> countries;
  std::ifstream info(absl::GetFlag(FLAGS_geonames) + "/countryInfo.txt");
  if (!info) {
    std::fprintf(stderr, "dossier-build-kb: cannot read countryInfo.txt\n");
    return 1;
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
  std::ifstream csv(absl::GetFlag(FLAGS_wikidata));
  if (!csv) {
    std::fprintf(stderr, "dossier-build-kb: cannot read %s\n",
                 absl::GetFlag(FLAGS_wikidata).c_str());
    return 1;
  }
  std::getline(csv, line);  // the header
  while (std::getline(csv, line)) {
    const std::vector<std::string> f = CsvFields(line);
    if (f.size() < 6) continue;
    auto it = countries.find(f[1]);
    if (it == countries.end()) continue;
    const std::string folded = dossier::text::FoldName(f[4]);
    // Names that fold to nothing (flags, scripts without a Latin form), to
    // one letter, or to two lower-case ones (web domains like "rs") would
    // only mislead; "US" and "U.S." stay.
    const bool capitals =
        std::any_of(f[4].begin(), f[4].end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    if (folded.size() < 2 || (folded.size() == 2 && !capitals) ||
        !it->second.folded.insert(folded).second) {
      continue;
    }
    it->second.aliases.push_back(f[4]);
  }
  // Demonyms: "Russia: Russian, Russians".
  std::string demonyms_path = absl::GetFlag(FLAGS_demonyms);
  if (demonyms_path.empty()) {
    demonyms_path = dossier::ResolveDataFile("DOSSIER_DEMONYMS", "models/registry/demonyms.txt");
  }
  std::ifstream demonyms(demonyms_path);
  if (!demonyms) {
    std::fprintf(stderr, "dossier-build-kb: cannot read %s\n", demonyms_path.c_str());
    return 1;
  }
  std::map<std::string, std::string> iso_of;
  for (const auto& [iso, c] : countries) iso_of[c.name] = iso;
  while (std::getline(demonyms, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> parts = absl::StrSplit(line, absl::MaxSplits(':', 1));
    if (parts.size() != 2) continue;
    auto iso = iso_of.find(parts[0]);
    if (iso == iso_of.end()) {
      std::fprintf(stderr, "dossier-build-kb: %s is no GeoNames country name\n", parts[0].c_str());
      continue;
    }
    Country& c = countries[iso->second];
    for (absl::string_view demonym : absl::StrSplit(parts[1], ',', absl::SkipWhitespace())) {
      const std::string name(absl::StripAsciiWhitespace(demonym));
      if (c.folded.insert(dossier::text::FoldName(name)).second) c.aliases.push_back(name);
    }
  }
  std::ofstream out(absl::GetFlag(FLAGS_out));
  int written = 0;
  for (auto& [iso, c] : countries) {
    if (c.name.empty() || c.aliases.empty()) continue;
    dossier::v1::KnowledgeBaseEntity entity;
    entity.set_name(c.name);
    for (const std::string& alias : c.aliases) {
      if (alias != c.name) entity.add_aliases(alias);
    }
    entity.set_type(dossier::v1::ENTITY_TYPE_LOCATION);
    (*entity.mutable_external_ids())["iso3166"] = iso;
    if (!c.geonames_id.empty()) (*entity.mutable_external_ids())["geonames"] = c.geonames_id;
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(entity, &json);
    out << json << '\n';
    ++written;
  }
  if (!out) {
    std::fprintf(stderr, "dossier-build-kb: cannot write %s\n", absl::GetFlag(FLAGS_out).c_str());
    return 1;
  }
  std::fprintf(stderr, "dossier-build-kb: %d countries written to %s\n", written,
               absl::GetFlag(FLAGS_out).c_str());
  return 0;
}
