#include "services/query/registry.h"

#include <algorithm>
#include <fstream>
#include <limits>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

// Co-occurring entities kept per entity for linking by context.
constexpr size_t kCompany = 64;
// Entities of a document counted for company (its first named).
constexpr size_t kCompanyPerDocument = 16;

constexpr int kPerson = 1;
constexpr int kOrganization = 2;
constexpr int kLocation = 3;
constexpr int kMisc = 4;

bool OneWord(absl::string_view folded) { return folded.find(' ') == absl::string_view::npos; }

absl::string_view LastWord(absl::string_view folded) {
  const size_t space = folded.rfind(' ');
  return space == absl::string_view::npos ? folded : folded.substr(space + 1);
}

// The key with its last word in the other number: "tories" for "tory" and
// back, "lib dems" for "lib dem" and back. A word of two letters before an
// "s" is left alone ("pcs", "sas": abbreviations).
std::vector<std::string> OtherNumber(absl::string_view key) {
  const size_t space = key.rfind(' ');
  const absl::string_view head = space == absl::string_view::npos ? "" : key.substr(0, space + 1);
  const absl::string_view word = LastWord(key);
  std::vector<std::string> out;
  if (word.size() >= 5 && absl::EndsWith(word, "ies")) {
    out.push_back(absl::StrCat(head, word.substr(0, word.size() - 3), "y"));  // tories
    out.push_back(absl::StrCat(head, word.substr(0, word.size() - 1)));       // movies
  } else if (word.size() >= 4 && absl::EndsWith(word, "s") && !absl::EndsWith(word, "ss")) {
    out.push_back(absl::StrCat(head, word.substr(0, word.size() - 1)));
  }
  if (word.size() >= 3 && !absl::EndsWith(word, "s")) {
    out.push_back(absl::StrCat(key, "s"));
    if (absl::EndsWith(word, "y") && !absl::StrContains("aeiou", word[word.size() - 2])) {
      out.push_back(absl::StrCat(head, word.substr(0, word.size() - 1), "ies"));
    }
  }
  return out;
}

// The other spellings of an organisation's or MISC name that step 5 of
// Link reads as the same name when the document keeps its company: the
// last word in the other number ("tories" for "tory"), and "party" added
// or dropped ("labour party" for "labour", "conservatives" for
// "conservative party"), without a leading "the" before two words or more
// ("the labour party"), and a ministry by its field written the other way
// ("foreign ministry" for "ministry of foreign affairs"). Never `key`
// itself.
std::vector<std::string> OtherSpellings(absl::string_view key) {
  absl::string_view base = key;
  if (absl::StartsWith(base, "the ") && !OneWord(base.substr(4))) base.remove_prefix(4);
  absl::ConsumeSuffix(&base, " party");
  std::vector<std::string> bases = {std::string(base)};
  for (std::string& other : OtherNumber(base)) bases.push_back(std::move(other));
  std::vector<std::string> out;
  auto add = [&](std::string name) {
    if (name != key && std::find(out.begin(), out.end(), name) == out.end()) {
      out.push_back(std::move(name));
    }
  };
  for (const std::string& b : bases) {
    add(b);
    // "party" follows a name in the singular: "labour party", "tory
    // party", not "tories party".
    if (!absl::EndsWith(b, "s") && b != "party") add(absl::StrCat(b, " party"));
  }
  // A ministry by its field, written either way: "ministry of foreign
  // affairs" is the "foreign ministry", "ministry of (the) interior" the
  // "interior ministry" (a country's name before either stays: "russian
  // foreign ministry"). Of "ministry of X", "ministry of the X" and "X
  // ministry", each gives the others; "affairs" goes with "foreign",
  // "internal" and "home" ("ministry of foreign affairs", never "ministry
  // of foreign").
  absl::string_view rest = base;
  std::string before, field;
  bool affairs = false;
  if (const size_t at = rest.find("ministry of "); at != absl::string_view::npos) {
    before = std::string(rest.substr(0, at));
    rest.remove_prefix(at + 12);
    absl::ConsumePrefix(&rest, "the ");
    affairs = absl::ConsumeSuffix(&rest, " affairs");
    if (rest.find(' ') == absl::string_view::npos) field = std::string(rest);
  } else if (absl::ConsumeSuffix(&rest, " ministry")) {
    affairs = absl::ConsumeSuffix(&rest, " affairs");
    const size_t space = rest.rfind(' ');
    if (space != absl::string_view::npos) before = std::string(rest.substr(0, space + 1));
    field = std::string(space == absl::string_view::npos ? rest : rest.substr(space + 1));
  }
  if (!field.empty()) {
    const bool of_affairs = affairs || field == "foreign" || field == "internal" || field == "home";
    if (of_affairs) {
      add(absl::StrCat(before, "ministry of ", field, " affairs"));
      add(absl::StrCat(before, field, " affairs ministry"));
    } else {
      add(absl::StrCat(before, "ministry of ", field));
      add(absl::StrCat(before, "ministry of the ", field));
    }
    add(absl::StrCat(before, field, " ministry"));
  }
  return out;
}

// "st" as a word is "saint" ("St Etienne", "Saint-Étienne").
std::string SaintInFull(absl::string_view folded) {
  if (folded != "st" && !absl::StartsWith(folded, "st ") && !absl::EndsWith(folded, " st") &&
      !absl::StrContains(folded, " st ")) {
    return std::string(folded);
  }
  std::vector<std::string> words = absl::StrSplit(folded, ' ');
  for (std::string& word : words) {
    if (word == "st") word = "saint";
  }
  return absl::StrJoin(words, " ");
}

// Whether `part` is some whole words of `whole` ("new york" of "new york
// city", "westminster" of "city of westminster").
bool WordsOf(absl::string_view part, absl::string_view whole) {
  for (size_t at = whole.find(part); at != absl::string_view::npos; at = whole.find(part, at + 1)) {
    const size_t end = at + part.size();
    if ((at == 0 || whole[at - 1] == ' ') && (end == whole.size() || whole[end] == ' ')) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool Gazetteer::TrustedAlternate(absl::string_view alternate, absl::string_view folded,
                                 absl::Span<const std::string> names, int64_t population) {
  // Codes ("TOP" of Topeka, "NY").
  if (text::InCapitals(alternate)) return false;
  const std::string mine = SaintInFull(folded);
  for (const std::string& theirs : names) {
    // (Lengths more than two apart are more than two edits apart.)
    if (mine.size() <= theirs.size() + 2 && theirs.size() <= mine.size() + 2) {
      const int distance = text::EditDistance(mine, theirs);
      if (distance <= 1 || (distance <= 2 && mine.size() >= 4)) return true;
    }
    if (WordsOf(mine, theirs) || WordsOf(theirs, mine)) return true;
  }
  return population >= kWorldCity;
}

namespace {

void AddUnique(std::vector<uint64_t>* ids, uint64_t id) {
  if (id != 0 && std::find(ids->begin(), ids->end(), id) == ids->end()) ids->push_back(id);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Gazetteer>> Gazetteer::Load(const std::string& dir) {
  auto gazetteer = std::make_unique<Gazetteer>();
  // Countries first: "Serbia" is the country however many towns share it.
  std::ifstream countries(dir + "/countryInfo.txt");
  if (!countries) return absl::NotFoundError(absl::StrCat("no ", dir, "/countryInfo.txt"));
  std::string line;
  absl::flat_hash_map<std::string, std::vector<Place>> found;
  // Keeps a name's kMaxPlaces most populous places, most populous first.
  auto add = [&found](const std::string& folded, const Place& place) {
    std::vector<Place>& places = found[folded];
    for (const Place& p : places) {
      if (p.geonames_id == place.geonames_id) return;
    }
    auto at = std::find_if(places.begin(), places.end(),
                           [&](const Place& p) { return p.population < place.population; });
    places.insert(at, place);
    if (places.size() > kMaxPlaces) places.pop_back();
  };
  while (std::getline(countries, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (f.size() < 17) continue;
    Place place;
    place.country_code = std::string(f[0]);
    place.geonames_id = std::string(f[16]);
    // An unreadable number leaves 0 (and a place without coordinates).
    (void)absl::SimpleAtoi(f[7], &place.population);
    // Countries have no coordinates in the file; their capital's stand in
    // only when the capital is among the cities below.
    place.population += int64_t{1} << 40;  // ahead of any city
    // Its name and its three-letter code ("USA", "IRL"). Of the two-letter
    // codes, only those news writes as names ("US", and "UK" for GB): "BT"
    // and "IE" in a text are a firm and a browser, not Bhutan and Ireland.
    const absl::string_view short_name = f[0] == "US" ? "US" : f[0] == "GB" ? "UK" : "";
    for (const absl::string_view name : {f[4], f[1], short_name}) {
      const std::string folded = text::FoldName(name);
      if (!folded.empty()) add(folded, place);
    }
  }
  std::ifstream cities(dir + "/cities15000.txt");
  if (!cities) return absl::NotFoundError(absl::StrCat("no ", dir, "/cities15000.txt"));
  while (std::getline(cities, line)) {
    const std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    if (f.size() < 15) continue;
    Place place;
    place.geonames_id = std::string(f[0]);
    place.country_code = std::string(f[8]);
    (void)absl::SimpleAtod(f[4], &place.latitude);
    (void)absl::SimpleAtod(f[5], &place.longitude);
    (void)absl::SimpleAtoi(f[14], &place.population);
    const std::string own[] = {text::FoldName(f[1]), text::FoldName(f[2])};
    const std::string own_in_full[] = {SaintInFull(own[0]), SaintInFull(own[1])};
    std::vector<absl::string_view> names = {f[1], f[2]};
    for (absl::string_view alternate : absl::StrSplit(f[3], ',')) names.push_back(alternate);
    for (size_t n = 0; n < names.size(); ++n) {
      const std::string folded = n < 2 ? own[n] : text::FoldName(names[n]);
      if (folded.empty()) continue;
      if (n >= 2 && !TrustedAlternate(names[n], folded, own_in_full, place.population)) continue;
      add(folded, place);
    }
  }
  gazetteer->places_ = std::move(found);
  return gazetteer;
}

const Place* Gazetteer::Find(absl::string_view folded_name,
                             absl::Span<const std::string> countries) const {
  auto it = places_.find(folded_name);
  if (it == places_.end() || it->second.empty()) return nullptr;
  const Place& largest = it->second.front();
  for (const Place& place : it->second) {
    // Not a town a tenth the size of the largest ("Perth" beside the
    // United States is Perth, Western Australia, not Perth Amboy).
    if (place.population * 10 < largest.population) break;
    if (std::find(countries.begin(), countries.end(), place.country_code) != countries.end()) {
      return &place;
    }
  }
  return &largest;
}

void Registry::LoadEntity(store::v1::RegistryEntity record) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = record.id();
  for (const std::string& alias : record.aliases()) {
    const std::string folded = text::FoldName(alias);
    if (!folded.empty()) AddUnique(&index_[kAliases][folded], id);
  }
  nodes_[id].record = std::move(record);
}

void Registry::LoadLink(uint32_t ordinal, uint64_t id) {
  absl::MutexLock lock(&mu_);
  if (id_of_.size() <= ordinal) id_of_.resize(ordinal + 1, 0);
  id_of_[ordinal] = id;
  Node& node = nodes_[id];
  if (node.record.id() == 0) node.record.set_id(id);
  node.ordinals.push_back(ordinal);
  EntityInfo info;
  if (dictionaries_->Entity(ordinal, &info)) {
    if (node.record.type() == 0) node.record.set_type(info.type);
    IndexKeyLocked(id, info.type, info.key);
  }
}

void Registry::LoadCompany(absl::Span<const uint32_t> ordinals) {
  const std::vector<uint64_t> ids = Ids(ordinals);
  AddCompany(ids);
}

uint64_t Registry::IdOf(uint32_t ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  return ordinal < id_of_.size() ? id_of_[ordinal] : 0;
}

uint64_t Registry::CurrentLocked(uint64_t id) const {
  for (int hops = 0; hops < 64; ++hops) {
    auto it = nodes_.find(id);
    if (it == nodes_.end()) return 0;
    if (it->second.record.merged_into() == 0) return id;
    id = it->second.record.merged_into();
  }
  return 0;
}

uint64_t Registry::Current(uint64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  return CurrentLocked(id);
}

std::vector<uint32_t> Registry::Ordinals(uint64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = nodes_.find(CurrentLocked(id));
  return it == nodes_.end() ? std::vector<uint32_t>() : it->second.ordinals;
}

bool Registry::Record(uint64_t id, store::v1::RegistryEntity* out) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = nodes_.find(CurrentLocked(id));
  if (it == nodes_.end()) return false;
  *out = it->second.record;
  return true;
}

std::vector<uint32_t> Registry::MergedKeys(uint64_t merged) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = nodes_.find(merged);
  if (it == nodes_.end() || it->second.record.merged_into() == 0) return {};
  return {it->second.record.merged_keys().begin(), it->second.record.merged_keys().end()};
}

std::vector<uint64_t> Registry::MergedInto(uint64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<uint64_t> out;
  for (const auto& [other, node] : nodes_) {
    if (other != id && node.record.merged_into() != 0 && CurrentLocked(other) == id) {
      out.push_back(other);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<uint64_t> Registry::ByAlias(absl::string_view folded) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<uint64_t> out;
  auto it = index_[kAliases].find(folded);
  if (it == index_[kAliases].end()) return out;
  for (const uint64_t id : it->second) AddUnique(&out, CurrentLocked(id));
  return out;
}

std::vector<uint64_t> Registry::AliasesStartingWith(absl::string_view prefix, size_t limit) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<uint64_t> out;
  for (const auto& [alias, ids] : index_[kAliases]) {
    if (out.size() >= limit) break;
    if (!text::AnyWordStartsWith(alias, prefix)) continue;
    for (const uint64_t id : ids) AddUnique(&out, CurrentLocked(id));
  }
  return out;
}

std::vector<uint64_t> Registry::Ids(absl::Span<const uint32_t> ordinals) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<uint64_t> out;
  for (const uint32_t o : ordinals) {
    if (o < id_of_.size()) AddUnique(&out, id_of_[o]);
  }
  return out;
}

std::vector<uint64_t> Registry::Snapshot() const {
  absl::ReaderMutexLock lock(&mu_);
  return id_of_;
}

size_t Registry::EntityCount() const {
  absl::ReaderMutexLock lock(&mu_);
  size_t count = 0;
  for (const auto& [id, node] : nodes_) count += node.record.merged_into() == 0;
  return count;
}

std::vector<Registry::KnownName> Registry::KnownNames() const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<KnownName> out;
  for (const auto& [id, node] : nodes_) {
    if (node.record.merged_into() != 0) continue;
    const int type = node.record.type();
    if (!node.record.name().empty()) out.push_back({node.record.name(), type, id});
    for (const std::string& alias : node.record.aliases()) {
      if (alias != node.record.name()) out.push_back({alias, type, id});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

Registry::Node& Registry::TouchLocked(uint64_t id) {
  auto it = nodes_.find(id);
  if (!undo_.nodes.contains(id)) {
    undo_.nodes.emplace(id, it == nodes_.end() ? std::nullopt : std::optional<Node>(it->second));
  }
  Node& node = nodes_[id];
  if (node.record.id() == 0) node.record.set_id(id);
  return node;
}

void Registry::AddIndexLocked(int which, const std::string& key, uint64_t id) {
  std::vector<uint64_t>& ids = index_[which][key];
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) return;
  ids.push_back(id);
  undo_.index.emplace_back(which, key, id, true);
}

void Registry::RemoveIndexLocked(int which, const std::string& key, uint64_t id) {
  auto it = index_[which].find(key);
  if (it == index_[which].end()) return;
  auto at = std::find(it->second.begin(), it->second.end(), id);
  if (at == it->second.end()) return;
  it->second.erase(at);
  if (it->second.empty()) index_[which].erase(it);
  undo_.index.emplace_back(which, key, id, false);
}

void Registry::IndexKeyLocked(uint64_t id, int type, absl::string_view key) {
  if (type != kPerson || key.empty()) return;
  if (given_names_ != nullptr && !OneWord(key)) {
    AddIndexLocked(kCanonical, given_names_->Canonical(key), id);
  }
  AddIndexLocked(kSurnames, std::string(LastWord(key)), id);
}

void Registry::AttachLocked(uint32_t ordinal, uint64_t id, RegistryWrites* writes) {
  if (id_of_.size() <= ordinal) id_of_.resize(ordinal + 1, 0);
  undo_.links.emplace_back(ordinal, id_of_[ordinal]);
  const uint64_t old = id_of_[ordinal];
  if (old != 0 && old != id) {
    Node& from = TouchLocked(old);
    from.ordinals.erase(std::remove(from.ordinals.begin(), from.ordinals.end(), ordinal),
                        from.ordinals.end());
  }
  id_of_[ordinal] = id;
  Node& node = TouchLocked(id);
  if (std::find(node.ordinals.begin(), node.ordinals.end(), ordinal) == node.ordinals.end()) {
    node.ordinals.push_back(ordinal);
  }
  writes->links.emplace_back(ordinal, id);
}

namespace {

// The id after `id` when it is taken (a split key's hash, say): the same
// on every shard.
uint64_t NextId(uint64_t id) { return Hash64(absl::StrCat("next:", id)); }

}  // namespace

bool IsKeyOrSense(absl::string_view key, absl::string_view word) {
  return key == word ||
         (key.size() > word.size() + 1 && absl::StartsWith(key, word) && key[word.size()] == '#');
}

uint64_t Registry::NewIdLocked(uint64_t wanted) const {
  uint64_t id = wanted == 0 ? 1 : wanted;
  while (nodes_.contains(id)) id = NextId(id);
  return id;
}

uint64_t Registry::NewEntityLocked(int type, absl::string_view key,
                                   absl::Span<const uint64_t> company, RegistryWrites* writes) {
  const uint64_t id = NewIdLocked(EntityIdHash(type, key));
  Node& node = TouchLocked(id);
  node.record.set_type(type);
  if (type == kLocation) PlaceLocked(key, company, &node.record);
  writes->entities.push_back(node.record);
  return id;
}

int64_t Registry::DocumentsLocked(uint64_t id) const {
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return 0;
  int64_t documents = 0;
  for (const uint32_t o : it->second.ordinals) documents += dictionaries_->EntityDocuments(o);
  return documents;
}

void Registry::PlaceLocked(absl::string_view folded, absl::Span<const uint64_t> company,
                           store::v1::RegistryEntity* record) const {
  if (places_ == nullptr || record->external_ids().contains("geonames")) return;
  std::vector<std::string> countries;
  for (const uint64_t id : company) {
    auto node = nodes_.find(CurrentLocked(id));
    if (node == nodes_.end()) continue;
    auto code = node->second.record.external_ids().find("iso3166");
    if (code != node->second.record.external_ids().end() &&
        std::find(countries.begin(), countries.end(), code->second) == countries.end()) {
      countries.push_back(code->second);
    }
  }
  const Place* place = places_->Find(folded, countries);
  if (place == nullptr) return;
  (*record->mutable_external_ids())["geonames"] = place->geonames_id;
  if (!place->country_code.empty()) {
    (*record->mutable_external_ids())["iso3166"] = place->country_code;
  }
  if (place->latitude != 0 || place->longitude != 0) {
    record->set_has_coordinates(true);
    record->set_latitude(place->latitude);
    record->set_longitude(place->longitude);
  }
}

void BatchCompany::Add(std::vector<uint64_t> ids) {
  const uint32_t position = static_cast<uint32_t>(documents_.size());
  for (const uint64_t id : ids) {
    std::vector<uint32_t>& naming = naming_[id];
    // Once per document, however often it lists the entity.
    if (naming.empty() || naming.back() != position) naming.push_back(position);
  }
  documents_.push_back(std::move(ids));
}

absl::Span<const uint32_t> BatchCompany::Naming(uint64_t id) const {
  auto it = naming_.find(id);
  if (it == naming_.end()) return {};
  return it->second;
}

size_t BatchCompany::NamingBoth(uint64_t a, uint64_t b) const {
  const absl::Span<const uint32_t> x = Naming(a), y = Naming(b);
  size_t n = 0;
  for (size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] < y[j]) {
      ++i;
    } else if (y[j] < x[i]) {
      ++j;
    } else {
      ++n;
      ++i;
      ++j;
    }
  }
  return n;
}

uint64_t Registry::Link(uint32_t ordinal, int type, absl::string_view key,
                        const std::vector<std::string>& spellings,
                        absl::Span<const uint64_t> company, const BatchCompany& pending,
                        RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  std::vector<uint64_t> candidates;
  // (Lambdas run under the lock their caller holds; clang's analysis
  // must be told.)
  auto consider = [&](uint64_t id, bool any_type = false) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    id = CurrentLocked(id);
    auto it = nodes_.find(id);
    if (it != nodes_.end() && (any_type || it->second.record.type() == type)) {
      AddUnique(&candidates, id);
    }
  };
  // 1. Curated and knowledge-base aliases; a MISC name (a nationality, an
  // adjective) joins an entity of any type named so ("Russian": Russia).
  std::vector<std::string> names = spellings;
  names.emplace_back(key);
  for (const std::string& name : names) {
    auto it = index_[kAliases].find(name);
    if (it != index_[kAliases].end()) {
      for (const uint64_t id : it->second) consider(id, type == kMisc);
    }
  }
  const std::vector<uint64_t> by_alias = candidates;
  // 2. A full name another document spelled the same; for what is not a
  // person, one word too ("EU", which a document gave the European Union),
  // where this document keeps that entity's company, the word is no word
  // of the key itself ("Korea" of South Korea is a short form, not another
  // name), the entity it names is not known by a longer name holding it
  // ("North Korea", "EU-US"), and, for a key of several words, no other
  // name of several words of that entity was spelled so: an acronym names
  // more than one ("WTO" is the World Tourism Organisation too, in
  // economic news as well). A person's one word is a surname, which step
  // 4 weighs.
  // Whether a name of several words holds the one word (WordsOf).
  auto holds_word = [](absl::string_view name, absl::string_view word) {
    return !OneWord(name) && WordsOf(word, name);
  };
  for (const std::string& name : names) {
    const bool one_word = OneWord(name);
    if (one_word && (type == kPerson || holds_word(key, name))) continue;
    std::vector<uint32_t> whole, suffix;
    dictionaries_->NamedBy(name, 64, &whole, &suffix);
    if (!one_word) {
      for (const uint32_t o : whole) {
        if (o != ordinal && o < id_of_.size()) consider(id_of_[o]);
      }
      continue;
    }
    const std::vector<EntityInfo> infos = dictionaries_->Entities(whole);
    std::vector<uint64_t> refused;
    for (size_t i = 0; i < whole.size(); ++i) {
      if (whole[i] >= id_of_.size() || id_of_[whole[i]] == 0) continue;
      const std::string& other = infos[i].key;
      if (holds_word(other, name) ||
          (!OneWord(key) && !OneWord(other) && !other.empty() && other != key)) {
        refused.push_back(CurrentLocked(id_of_[whole[i]]));
      }
    }
    std::vector<uint64_t> weighed;
    for (const uint32_t o : whole) {
      if (o == ordinal || o >= id_of_.size() || id_of_[o] == 0) continue;
      const uint64_t known = CurrentLocked(id_of_[o]);
      if (std::find(weighed.begin(), weighed.end(), known) != weighed.end()) continue;
      weighed.push_back(known);
      auto node = nodes_.find(known);
      if (node == nodes_.end() || node->second.record.type() != type ||
          std::find(refused.begin(), refused.end(), known) != refused.end() ||
          !Keeps(FitLocked(known, company, pending))) {
        continue;
      }
      consider(known);
    }
  }
  if (type == kPerson) {
    // 3. The same person once given names are canonical.
    if (given_names_ != nullptr && !OneWord(key)) {
      auto it = index_[kCanonical].find(given_names_->Canonical(key));
      if (it != index_[kCanonical].end()) {
        for (const uint64_t id : it->second) {
          if (!HasOtherMiddleNameLocked(CurrentLocked(id), key)) consider(id);
        }
      }
    }
    // 4. A surname alone: the persons who have it; a full name: the person
    // known by its surname alone.
    if (candidates.empty()) {
      if (OneWord(key)) {
        // Unless this document names enough entities to tell and keeps
        // none of that person's company (the "Robinson" of a Wales squad
        // list is not Tony Robinson, the actor of a report before).
        auto it = index_[kSurnames].find(key);
        if (it != index_[kSurnames].end()) {
          for (const uint64_t id : it->second) {
            if (MayBeLocked(CurrentLocked(id), company, pending)) consider(id);
          }
        }
      } else {
        // Unless the person of the surname alone is plainly someone else:
        // this document names enough entities to tell and none of that
        // person's company ("Robert Jackson" of a Tory defection is not the
        // "Jackson" of a football report that came first).
        uint32_t alone = 0;
        if (dictionaries_->FindEntity(type, LastWord(key), &alone) && alone < id_of_.size() &&
            id_of_[alone] != 0) {
          const uint64_t known = CurrentLocked(id_of_[alone]);
          if (!HasOtherGivenNameLocked(known, key) && !HasOtherMiddleNameLocked(known, key) &&
              MayBeLocked(known, company, pending)) {
            consider(known);
          }
        }
      }
    }
  }
  // 5. An organisation or MISC name that is another spelling of one known
  // (OtherSpellings: "Tory" of "Tories", "Lib Dems" of "Lib Dem", "Labour"
  // of "Labour Party"), or the same name the model read as the other of
  // the two types ("Conservatives" as MISC and as ORG), when this document
  // keeps that entity's company or names it too: "Rover", the carmaker,
  // does not join Blackburn "Rovers".
  if (candidates.empty() && (type == kOrganization || type == kMisc)) {
    const int other_type = type == kOrganization ? kMisc : kOrganization;
    std::vector<std::pair<int, std::string>> variants = {{other_type, std::string(key)}};
    for (std::string& variant : OtherSpellings(key)) {
      variants.emplace_back(type, variant);
      variants.emplace_back(other_type, std::move(variant));
    }
    for (const auto& [variant_type, variant] : variants) {
      uint32_t other = 0;
      if (!dictionaries_->FindEntity(variant_type, variant, &other) || other >= id_of_.size() ||
          id_of_[other] == 0) {
        continue;
      }
      const uint64_t known = CurrentLocked(id_of_[other]);
      auto node = nodes_.find(known);
      if (node == nodes_.end() ||
          (node->second.record.type() != kOrganization && node->second.record.type() != kMisc)) {
        continue;
      }
      if (Keeps(FitLocked(known, company, pending))) consider(known, /*any_type=*/true);
    }
  }
  uint64_t id = 0;
  if (candidates.size() == 1) {
    id = candidates[0];
  } else if (candidates.size() > 1) {
    // The usual company this document shares most, the batch's documents
    // counted (a store's first batch has no usual company yet), then
    // documents.
    auto shared = [&](uint64_t candidate) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
      uint64_t n = 0;
      if (auto it = company_.find(candidate); it != company_.end()) {
        for (const uint64_t other : company) {
          auto c = it->second.find(other);
          if (c != it->second.end()) n += c->second;
        }
      }
      for (const uint64_t other : company) {
        if (other != candidate) n += pending.NamingBoth(candidate, other);
      }
      return n;
    };
    std::vector<std::tuple<uint64_t, int64_t, uint64_t>> ranked;
    for (const uint64_t c : candidates) ranked.emplace_back(shared(c), DocumentsLocked(c), c);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
      if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
      return std::get<2>(a) < std::get<2>(b);
    });
    id = std::get<2>(ranked[0]);
  }
  if (id == 0) id = NewEntityLocked(type, key, company, writes);
  // An organisation's key makes a MISC entity it joins an organisation
  // (step 5: "Conservatives" read first as a group, then as the party), so
  // that a reference by type finds it; not one curation gave its type.
  if (type == kOrganization) {
    auto node = nodes_.find(id);
    if (node != nodes_.end() && node->second.record.type() == kMisc &&
        !node->second.record.type_curated()) {
      Node& changed = TouchLocked(id);
      changed.record.set_type(kOrganization);
      writes->entities.push_back(changed.record);
    }
  }
  if (std::find(by_alias.begin(), by_alias.end(), id) != by_alias.end()) {
    Node& node = TouchLocked(id);
    node.record.add_alias_keys(ordinal);
    writes->entities.push_back(node.record);
  }
  AttachLocked(ordinal, id, writes);
  IndexKeyLocked(id, type, key);
  return id;
}

bool Registry::HasOtherGivenNameLocked(uint64_t id, absl::string_view key) const {
  auto node = nodes_.find(id);
  if (node == nodes_.end()) return false;
  const std::string canonical =
      given_names_ != nullptr ? given_names_->Canonical(key) : std::string(key);
  const absl::string_view first = key.substr(0, key.find(' '));
  for (const uint32_t ordinal : node->second.ordinals) {
    // (The keys of the writer's batch too: two full names of one batch
    // must not both join a surname.)
    EntityInfo info;
    if (!dictionaries_->EntityOfBatch(ordinal, &info) || OneWord(info.key) ||
        LastWord(info.key) != LastWord(key)) {
      continue;
    }
    if ((given_names_ != nullptr ? given_names_->Canonical(info.key) : info.key) == canonical) {
      continue;
    }
    const absl::string_view other = absl::string_view(info.key).substr(0, info.key.find(' '));
    const bool initial = (first.size() == 1 || other.size() == 1) && first[0] == other[0];
    if (!initial) return true;
  }
  return false;
}

namespace {

// The initials of the words between the first and the last of a folded
// full name, a suffix ("jr") left out: "w" of "george w bush", "hw" of
// "george hw bush" (written "H.W.") and of "george herbert walker bush".
std::string MiddleInitials(absl::string_view key) {
  std::vector<absl::string_view> words = absl::StrSplit(key, ' ', absl::SkipEmpty());
  if (!words.empty() && text::IsNameSuffix(words.back())) words.pop_back();
  std::string initials;
  for (size_t i = 1; i + 1 < words.size(); ++i) {
    // Two letters are initials written together ("H.W."), more a name.
    if (words[i].size() <= 2) {
      absl::StrAppend(&initials, words[i]);
    } else {
      initials.push_back(words[i][0]);
    }
  }
  return initials;
}

}  // namespace

bool Registry::HasOtherMiddleNameLocked(uint64_t id, absl::string_view key) const {
  const std::string middle = MiddleInitials(key);
  if (middle.empty()) return false;
  auto node = nodes_.find(id);
  if (node == nodes_.end()) return false;
  const absl::string_view first = key.substr(0, key.find(' '));
  for (const uint32_t ordinal : node->second.ordinals) {
    EntityInfo info;
    if (!dictionaries_->EntityOfBatch(ordinal, &info) || OneWord(info.key) ||
        LastWord(info.key) != LastWord(key) ||
        absl::string_view(info.key).substr(0, info.key.find(' ')) != first) {
      continue;
    }
    const std::string other = MiddleInitials(info.key);
    if (!other.empty() && other != middle) return true;
  }
  return false;
}

void Registry::AddCompany(absl::Span<const uint64_t> ids) {
  absl::MutexLock lock(&mu_);
  ++company_documents_;
  const size_t n = std::min(ids.size(), kCompanyPerDocument);
  for (size_t i = 0; i < n; ++i) {
    ++company_count_[ids[i]];
    auto& company = company_[ids[i]];
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      auto it = company.find(ids[j]);
      if (it != company.end()) {
        ++it->second;
      } else if (company.size() < kCompany) {
        company.emplace(ids[j], 1);
      }
    }
  }
}

bool Registry::NamedLocked(uint64_t id, absl::Span<const uint64_t> company) const {
  for (const uint64_t c : company) {
    if (CurrentLocked(c) == id) return true;
  }
  return false;
}

bool Registry::MayBeLocked(uint64_t id, absl::Span<const uint64_t> company,
                           const BatchCompany& pending) const {
  if (company.size() < kSenseJudge) return true;
  const Fit fit = FitLocked(id, company, pending);
  return fit.named || fit.partners > 0;
}

Registry::Fit Registry::FitLocked(uint64_t id, absl::Span<const uint64_t> company,
                                  const BatchCompany& pending) const {
  Fit fit;
  if (NamedLocked(id, company)) {
    // The document names the person otherwise too ("Gordon Brown ...
    // Brown", which coreference left apart).
    fit.named = true;
    return fit;
  }
  // The company as it is now: ids merged since a document was counted lead
  // to the entity they were merged into.
  std::vector<uint64_t> now(company.size());
  for (size_t k = 0; k < company.size(); ++k) now[k] = CurrentLocked(company[k]);
  // Documents are counted as the company is (AddCompany), once each
  // however many of an entity's keys a document names.
  auto counted = [&](uint64_t entity) ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    auto it = company_count_.find(entity);
    return it == company_count_.end() ? 0.0 : static_cast<double>(it->second);
  };
  double documents = counted(id);
  std::vector<double> shared(company.size(), 0);
  std::vector<double> partner_documents(company.size(), 0);
  for (size_t k = 0; k < company.size(); ++k) partner_documents[k] = counted(now[k]);
  if (auto usual = company_.find(id); usual != company_.end()) {
    for (const auto& [other, count] : usual->second) {
      const uint64_t current = CurrentLocked(other);
      for (size_t k = 0; k < now.size(); ++k) {
        if (now[k] == current) shared[k] += count;
      }
    }
  }
  documents += static_cast<double>(pending.Naming(id).size());
  for (size_t k = 0; k < company.size(); ++k) {
    partner_documents[k] += static_cast<double>(pending.Naming(company[k]).size());
    shared[k] += static_cast<double>(pending.NamingBoth(id, company[k]));
  }
  // Below a hundred documents, the share of all documents is taken of a
  // hundred: a store's first documents say little of how common a name is.
  const double all = std::max(100.0, static_cast<double>(company_documents_ + pending.size()));
  for (size_t k = 0; k < company.size(); ++k) {
    if (shared[k] == 0) continue;
    const double lift = shared[k] / std::max(1.0, documents) - partner_documents[k] / all;
    if (lift <= 0) continue;
    fit.score += lift;
    ++fit.partners;
  }
  return fit;
}

std::optional<Registry::Sense> Registry::SenseOf(
    absl::string_view key, absl::Span<const uint64_t> company, size_t others,
    const BatchCompany& pending, absl::Span<const uint64_t> apart, bool kept_apart,
    const std::function<bool(absl::Span<const uint32_t>)>& holds_title) const {
  if (key.empty() || !OneWord(key) || absl::StrContains(key, '#')) return std::nullopt;
  absl::ReaderMutexLock lock(&mu_);
  auto linked = [&](absl::string_view k) ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    uint32_t ordinal = 0;
    if (!dictionaries_->FindEntity(kPerson, k, &ordinal) || ordinal >= id_of_.size()) {
      return uint64_t{0};
    }
    return CurrentLocked(id_of_[ordinal]);
  };
  // Whether entity `id` holds a full name ending in the word.
  auto full_name = [&](uint64_t id) ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    auto node = nodes_.find(id);
    if (node == nodes_.end()) return false;
    for (const uint32_t ordinal : node->second.ordinals) {
      EntityInfo info;
      if (dictionaries_->EntityOfBatch(ordinal, &info) && info.type == kPerson &&
          !OneWord(info.key) && LastWord(info.key) == key) {
        return true;
      }
    }
    return false;
  };
  const uint64_t base = linked(key);
  auto is_apart = [&](uint64_t id) ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    for (const uint64_t a : apart) {
      if (a != 0 && CurrentLocked(a) == id) return true;
    }
    return false;
  };
  if (base == 0 && !kept_apart) return std::nullopt;
  // A person the word named alone first, whom no full name joined: the
  // word is that person's name unless a person of the surname named in
  // full fits the document better; it takes no sense of its own.
  const bool base_named_in_full = base != 0 && full_name(base);
  // A curator or knowledge base that gave the person the word as an alias
  // said who it is (unless the document keeps the word apart from them).
  if (auto it = index_[kAliases].find(std::string(key)); it != index_[kAliases].end()) {
    for (const uint64_t id : it->second) {
      if (CurrentLocked(id) == base && !is_apart(base)) return std::nullopt;
    }
  }

  struct Candidate {
    uint64_t id;
    std::string key;  // empty: a person of the surname the word has not named yet
  };
  std::vector<Candidate> candidates;
  if (base != 0) candidates.push_back({base, std::string(key)});
  auto known = [&](uint64_t id) {
    for (const Candidate& c : candidates) {
      if (c.id == id) return true;
    }
    return false;
  };
  int free_number = 0;
  for (int n = 2; n <= kMaxSenses; ++n) {
    const std::string numbered = absl::StrCat(key, "#", n);
    const uint64_t id = linked(numbered);
    if (id == 0) {
      uint32_t ordinal = 0;
      if (free_number == 0 && !dictionaries_->FindEntity(kPerson, numbered, &ordinal)) {
        free_number = n;
      }
      continue;
    }
    if (!known(id)) candidates.push_back({id, numbered});
  }
  if (auto it = index_[kSurnames].find(std::string(key)); it != index_[kSurnames].end()) {
    for (const uint64_t person : it->second) {
      const uint64_t id = CurrentLocked(person);
      if (id != 0 && !known(id) && full_name(id)) candidates.push_back({id, ""});
    }
  }
  // The first candidate the document names otherwise too ("Wes Brown ...
  // Brown"), the key's person first.
  auto first_named = [&]() ABSL_SHARED_LOCKS_REQUIRED(mu_) -> const Candidate* {
    for (const Candidate& c : candidates) {
      if (NamedLocked(c.id, company)) return &c;
    }
    return nullptr;
  };
  // The candidate but `skip` whose company this document keeps best, at
  // kSenseFit with two entities or more.
  auto best_fitting = [&](uint64_t skip) ABSL_SHARED_LOCKS_REQUIRED(mu_) -> const Candidate* {
    const Candidate* best = nullptr;
    double best_score = 0;
    for (const Candidate& c : candidates) {
      if (c.id == skip) continue;
      const Fit f = FitLocked(c.id, company, pending);
      if (f.partners >= 2 && f.score >= kSenseFit && f.score > best_score) {
        best = &c;
        best_score = f.score;
      }
    }
    return best;
  };
  // The one candidate holding a title this document gives the word.
  if (holds_title != nullptr) {
    const Candidate* titled = nullptr;
    int holders = 0, asked = 0;
    for (const Candidate& c : candidates) {
      // A common surname's first few dozen people (each asked costs reads).
      if (is_apart(c.id) || ++asked > kTitleCandidates) continue;
      auto node = nodes_.find(c.id);
      if (node == nodes_.end() || !holds_title(node->second.ordinals)) continue;
      titled = &c;
      ++holders;
    }
    if (holders == 1) {
      if (titled->id == base || !titled->key.empty()) {
        return Sense{titled->id == base ? std::string(key) : titled->key, 0};
      }
      if (free_number != 0) return Sense{absl::StrCat(key, "#", free_number), titled->id};
    }
  }
  if (kept_apart) {
    // None of the namesakes the document keeps apart; of the rest, one it
    // names otherwise too or fits, else a sense of its own.
    candidates.erase(std::remove_if(candidates.begin(), candidates.end(),
                                    [&](const Candidate& c)
                                        ABSL_SHARED_LOCKS_REQUIRED(mu_) { return is_apart(c.id); }),
                     candidates.end());
    const Candidate* chosen = first_named();
    if (chosen == nullptr) chosen = best_fitting(0);
    if (chosen != nullptr && !chosen->key.empty()) return Sense{chosen->key, 0};
    if (free_number != 0) {
      return Sense{absl::StrCat(key, "#", free_number), chosen != nullptr ? chosen->id : 0};
    }
    // Every numbered sense taken: the bare key, unless its person is a
    // namesake kept apart; then the last sense, someone else at least.
    if (base == 0 || !is_apart(base)) return Sense{std::string(key), 0};
    return Sense{absl::StrCat(key, "#", kMaxSenses), 0};
  }
  if (!base_named_in_full && candidates.size() == 1) return std::nullopt;
  // A person of the surname the document names otherwise too ("Wes Brown
  // ... Brown"), however short the document; the key's person first.
  const Candidate* best = first_named();
  if (best == nullptr) {
    // The key's person, unless this document names enough entities to
    // tell and keeps too little of its company.
    if (others < kSenseJudge) return Sense{std::string(key), 0};
    if (Keeps(FitLocked(base, company, pending))) return Sense{std::string(key), 0};
    // Another sense or person of the surname, when this document keeps
    // its company with two entities or more; else a sense of its own.
    best = best_fitting(base);
  }
  if (best != nullptr && best->id == base) return Sense{std::string(key), 0};
  if (best != nullptr && !best->key.empty()) return Sense{best->key, 0};
  if (free_number == 0 || (best == nullptr && !base_named_in_full)) {
    return Sense{std::string(key), 0};
  }
  return Sense{absl::StrCat(key, "#", free_number), best != nullptr ? best->id : 0};
}

uint64_t Registry::LinkSense(uint32_t ordinal, absl::string_view key, uint64_t id,
                             RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  id = CurrentLocked(id);
  if (id == 0) id = NewEntityLocked(kPerson, key, {}, writes);
  AttachLocked(ordinal, id, writes);
  IndexKeyLocked(id, kPerson, key);
  return id;
}

bool Registry::JoinAcronym(uint64_t acronym, uint64_t into, absl::Span<const uint64_t> company,
                           const BatchCompany& pending, RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  acronym = CurrentLocked(acronym);
  into = CurrentLocked(into);
  if (acronym == 0 || into == 0 || acronym == into) return false;
  auto from = nodes_.find(acronym);
  auto to = nodes_.find(into);
  if (from == nodes_.end() || to == nodes_.end()) return false;
  const store::v1::RegistryEntity& record = from->second.record;
  if (record.type() != to->second.record.type() || from->second.ordinals.size() != 1 ||
      !record.name().empty() || record.aliases_size() > 0 || record.external_ids_size() > 0 ||
      record.type_curated() || record.alias_keys_size() > 0 ||
      !Keeps(FitLocked(acronym, company, pending))) {
    return false;
  }
  MergeLocked(acronym, into, writes);
  return true;
}

void Registry::MergeLocked(uint64_t from, uint64_t into, RegistryWrites* writes) {
  Node& source = TouchLocked(from);
  Node& target = TouchLocked(into);
  const std::vector<uint32_t> moving = source.ordinals;
  for (const std::string& alias : source.record.aliases()) {
    if (std::find(target.record.aliases().begin(), target.record.aliases().end(), alias) ==
        target.record.aliases().end()) {
      target.record.add_aliases(alias);
    }
    // The index entry moves with the alias, so that a split that brings
    // `from` back finds it without the alias, as a restart would.
    const std::string folded = text::FoldName(alias);
    if (folded.empty()) continue;
    RemoveIndexLocked(kAliases, folded, from);
    AddIndexLocked(kAliases, folded, into);
  }
  for (const auto& [kb, value] : source.record.external_ids()) {
    target.record.mutable_external_ids()->insert({kb, value});
  }
  if (!target.record.has_coordinates() && source.record.has_coordinates()) {
    target.record.set_has_coordinates(true);
    target.record.set_latitude(source.record.latitude());
    target.record.set_longitude(source.record.longitude());
  }
  if (target.record.name().empty()) target.record.set_name(source.record.name());
  // Curation said what type these keys' entity is: it holds for the whole
  // (merges are of one type).
  if (source.record.type_curated() && source.record.type() == target.record.type()) {
    target.record.set_type_curated(true);
  }
  for (const uint32_t o : source.record.alias_keys()) target.record.add_alias_keys(o);
  source.record.clear_alias_keys();
  source.record.clear_aliases();
  source.record.clear_external_ids();
  source.record.set_merged_into(into);
  source.record.clear_merged_keys();
  for (const uint32_t o : moving) source.record.add_merged_keys(o);
  for (const uint32_t o : moving) {
    AttachLocked(o, into, writes);
    EntityInfo info;
    if (dictionaries_->Entity(o, &info)) IndexKeyLocked(into, info.type, info.key);
  }
  writes->entities.push_back(nodes_[from].record);
  writes->entities.push_back(nodes_[into].record);
}

void Registry::Merge(uint64_t from, uint64_t into, absl::string_view into_name,
                     RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  from = CurrentLocked(from);
  into = CurrentLocked(into);
  if (from == 0 || into == 0 || from == into) return;
  Node& target = TouchLocked(into);
  if (target.record.name().empty()) target.record.set_name(std::string(into_name));
  MergeLocked(from, into, writes);
}

void Registry::AddAlias(uint64_t id, absl::string_view alias, RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  id = CurrentLocked(id);
  if (id == 0) return;
  AddAliasLocked(id, alias);
  writes->entities.push_back(nodes_[id].record);
}

void Registry::AddAliasLocked(uint64_t id, absl::string_view alias) {
  Node& node = TouchLocked(id);
  if (std::find(node.record.aliases().begin(), node.record.aliases().end(), alias) ==
      node.record.aliases().end()) {
    node.record.add_aliases(std::string(alias));
  }
  const std::string folded = text::FoldName(alias);
  if (!folded.empty()) AddIndexLocked(kAliases, folded, id);
}

int Registry::CuratedType(uint64_t id) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = nodes_.find(CurrentLocked(id));
  return it != nodes_.end() && it->second.record.type_curated() ? it->second.record.type() : 0;
}

void Registry::SetType(uint64_t id, int type, absl::string_view name, RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  id = CurrentLocked(id);
  if (id == 0) return;
  Node& node = TouchLocked(id);
  store::v1::RegistryEntity& record = node.record;
  const int before = record.type();
  record.set_type(type);
  record.set_type_curated(true);
  if (record.name().empty()) record.set_name(std::string(name));
  AddAliasLocked(id, record.name());
  const std::string folded = text::FoldName(record.name());
  if (before == kLocation && type != kLocation && !record.imported()) {
    // The country of "Jordan" is not the player's.
    record.mutable_external_ids()->erase("geonames");
    record.mutable_external_ids()->erase("iso3166");
    record.set_has_coordinates(false);
    record.clear_latitude();
    record.clear_longitude();
  }
  if (type == kLocation && before != kLocation && !folded.empty()) {
    PlaceLocked(folded, {}, &record);
  }
  writes->entities.push_back(record);
}

uint64_t Registry::Split(uint64_t id, absl::string_view folded, bool keep_a_key,
                         RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  id = CurrentLocked(id);
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return 0;
  std::vector<uint32_t> moving;
  std::vector<EntityInfo> infos = dictionaries_->Entities(it->second.ordinals);
  for (size_t i = 0; i < infos.size(); ++i) {
    if (infos[i].key == folded) moving.push_back(it->second.ordinals[i]);
  }
  if (moving.empty() || (keep_a_key && moving.size() == it->second.ordinals.size())) return 0;
  const EntityInfo& first =
      infos[std::find(it->second.ordinals.begin(), it->second.ordinals.end(), moving[0]) -
            it->second.ordinals.begin()];
  // Undoing a merge: the entity these keys started was merged into this
  // one; it comes back under its own id, which stops finding this entity.
  uint64_t split = MergedOriginLocked(id, first);
  if (split == 0) split = NewIdLocked(EntityIdHash(first.type, first.key));
  Node& fresh = TouchLocked(split);
  // A merged entity comes back with the type curation gave it, if any.
  if (!fresh.record.type_curated()) fresh.record.set_type(first.type);
  fresh.record.clear_merged_into();
  // A split (not an alias taken back, which `keep_a_key` marks: that moves
  // only the keys spelled so) takes back every key the merged entity
  // brought that is still here ("brown" with "gordon brown"), as if the
  // merge had not been.
  if (!keep_a_key) {
    const std::vector<uint32_t>& here = nodes_[id].ordinals;
    for (const uint32_t o : fresh.record.merged_keys()) {
      if (std::find(here.begin(), here.end(), o) != here.end() &&
          std::find(moving.begin(), moving.end(), o) == moving.end()) {
        moving.push_back(o);
      }
    }
    fresh.record.clear_merged_keys();
  }
  // A curated alias of the split name goes with it: references by it find
  // the entity split off, and no longer this one.
  for (std::string& alias : TakeAliasesLocked(id, folded)) {
    fresh.record.add_aliases(std::move(alias));
    AddIndexLocked(kAliases, std::string(folded), split);
  }
  // A name a merge kept for the entity goes with its spelling (one a
  // knowledge base gave stays).
  Node& old = TouchLocked(id);
  if (!old.record.imported() && text::FoldName(old.record.name()) == folded) {
    old.record.clear_name();
  }
  for (const uint32_t o : moving) AttachLocked(o, split, writes);
  writes->entities.push_back(nodes_[id].record);
  writes->entities.push_back(nodes_[split].record);
  return split;
}

uint64_t Registry::MergedOriginLocked(uint64_t id, const EntityInfo& first) const {
  // Its id is the hash of the key it started with, or the next along when
  // that was taken.
  for (uint64_t candidate = EntityIdHash(first.type, first.key);
       candidate != 0 && nodes_.contains(candidate); candidate = NextId(candidate)) {
    const Node& node = nodes_.at(candidate);
    // (A curated type may differ from its keys'.)
    if (node.record.merged_into() != 0 &&
        (node.record.type() == first.type || node.record.type_curated()) &&
        CurrentLocked(candidate) == id) {
      return candidate;
    }
  }
  return 0;
}

bool Registry::UndoesMerge(uint64_t id, absl::string_view folded) const {
  absl::MutexLock lock(&mu_);
  id = CurrentLocked(id);
  auto it = nodes_.find(id);
  if (it == nodes_.end()) return false;
  for (const EntityInfo& info : dictionaries_->Entities(it->second.ordinals)) {
    if (info.key == folded) return MergedOriginLocked(id, info) != 0;
  }
  return false;
}

std::vector<std::string> Registry::TakeAliasesLocked(uint64_t id, absl::string_view folded) {
  std::vector<std::string> taken;
  auto* aliases = TouchLocked(id).record.mutable_aliases();
  for (int i = aliases->size() - 1; i >= 0; --i) {
    if (text::FoldName(aliases->Get(i)) == folded) {
      taken.push_back(aliases->Get(i));
      aliases->DeleteSubrange(i, 1);
    }
  }
  // The index may also hold the entity's alias under the id of an entity
  // merged into it, which brought it.
  if (auto named = index_[kAliases].find(folded); named != index_[kAliases].end()) {
    const std::vector<uint64_t> ids = named->second;
    for (const uint64_t other : ids) {
      if (CurrentLocked(other) == id) RemoveIndexLocked(kAliases, std::string(folded), other);
    }
  }
  return taken;
}

bool Registry::RemoveAlias(uint64_t id, absl::string_view folded, RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  id = CurrentLocked(id);
  if (nodes_.find(id) == nodes_.end() || TakeAliasesLocked(id, folded).empty()) return false;
  writes->entities.push_back(nodes_[id].record);
  return true;
}

uint64_t Registry::Import(const store::v1::RegistryEntity& entity, bool* created, int* joined,
                          RegistryWrites* writes) {
  absl::MutexLock lock(&mu_);
  const uint64_t id = CurrentLocked(entity.id());
  uint64_t into = id;
  // The entities its names name already join it.
  std::vector<uint64_t> named;
  std::vector<std::string> names = {entity.name()};
  for (const std::string& a : entity.aliases()) names.push_back(a);
  for (const std::string& name : names) {
    const std::string folded = text::FoldName(name);
    if (folded.empty()) continue;
    std::vector<uint32_t> whole, suffix;
    dictionaries_->NamedBy(folded, 64, &whole, &suffix);
    for (const uint32_t o : whole) {
      if (o < id_of_.size()) {
        const uint64_t other = CurrentLocked(id_of_[o]);
        auto n = nodes_.find(other);
        if (n != nodes_.end() && n->second.record.type() == entity.type()) AddUnique(&named, other);
      }
    }
    auto a = index_[kAliases].find(folded);
    if (a != index_[kAliases].end()) {
      for (const uint64_t other : a->second) {
        const uint64_t current = CurrentLocked(other);
        auto n = nodes_.find(current);
        if (n != nodes_.end() && n->second.record.type() == entity.type()) {
          AddUnique(&named, current);
        }
      }
    }
  }
  // Another knowledge-base entity is another entity, whatever name the two
  // share (transliterations of two countries' names meet now and then): only
  // entities documents made join.
  named.erase(std::remove_if(named.begin(), named.end(),
                             [&](uint64_t other) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
                               auto n = nodes_.find(other);
                               return n != nodes_.end() && other != id &&
                                      n->second.record.imported();
                             }),
              named.end());
  // New: neither its external ids nor its names named an entity before.
  *created = id == 0 && named.empty();
  if (into == 0) {
    into = NewIdLocked(entity.id());
    TouchLocked(into).record.set_type(entity.type());
  }
  Node& node = TouchLocked(into);
  node.record.set_imported(true);
  node.record.set_name(entity.name());
  for (const std::string& alias : names) {
    if (std::find(node.record.aliases().begin(), node.record.aliases().end(), alias) ==
        node.record.aliases().end()) {
      node.record.add_aliases(alias);
    }
    const std::string folded = text::FoldName(alias);
    if (!folded.empty()) AddIndexLocked(kAliases, folded, into);
  }
  for (const auto& [kb, value] : entity.external_ids()) {
    (*node.record.mutable_external_ids())[kb] = value;
  }
  if (entity.has_coordinates()) {
    node.record.set_has_coordinates(true);
    node.record.set_latitude(entity.latitude());
    node.record.set_longitude(entity.longitude());
  }
  writes->entities.push_back(node.record);
  *joined = 0;
  for (const uint64_t other : named) {
    // Entities of the knowledge base's type do not join one that curation
    // gave another type since ("Jordan", the country, retyped a person).
    if (other == into || nodes_.at(other).record.type() != node.record.type()) continue;
    MergeLocked(other, into, writes);
    ++*joined;
  }
  return into;
}

void Registry::Commit() {
  absl::MutexLock lock(&mu_);
  undo_ = Undo();
}

void Registry::Rollback() {
  absl::MutexLock lock(&mu_);
  for (auto it = undo_.links.rbegin(); it != undo_.links.rend(); ++it) {
    id_of_[it->first] = it->second;
  }
  for (auto& [id, node] : undo_.nodes) {
    if (node.has_value()) {
      nodes_[id] = *std::move(node);
    } else {
      nodes_.erase(id);
    }
  }
  for (auto u = undo_.index.rbegin(); u != undo_.index.rend(); ++u) {
    const auto& [which, key, id, added] = *u;
    if (!added) {
      index_[which][key].push_back(id);
      continue;
    }
    auto it = index_[which].find(key);
    if (it == index_[which].end()) continue;
    it->second.erase(std::remove(it->second.begin(), it->second.end(), id), it->second.end());
    if (it->second.empty()) index_[which].erase(it);
  }
  undo_ = Undo();
}

}  // namespace dossier::query
