#include "services/query/entity_index.h"

#include <algorithm>
#include <numeric>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/keys.h"
#include "common/status.h"
#include "common/time_util.h"
#include "dossier/store/v1/store.pb.h"
#include "services/query/entity_stats.h"
#include "services/query/store_layout.h"
#include "text/fold.h"
#include "text/given_names.h"

namespace dossier::query {

std::string DocumentCountText(int64_t documents) {
  return absl::StrCat(documents, documents == 1 ? " document" : " documents");
}

namespace {

// Most spellings an autocomplete reads.
constexpr int kMaxCompletionScan = 20000;

v1::Date DayToDate(uint32_t day_plus_one) {
  return ToProtoDate(absl::CivilDay(1, 1, 1) + (day_plus_one - 1));
}

// The first and last days (plus one) of two ranges together.
void Widen(uint32_t first, uint32_t last, uint32_t* out_first, uint32_t* out_last) {
  if (first != 0 && (*out_first == 0 || first < *out_first)) *out_first = first;
  *out_last = std::max(*out_last, last);
}

// Rows of one registry entity and type made one: a name the tagger read as
// two types in one document ("Veritas" a person in one sentence, a party
// in the next), the type of one curated to the other's, is one entity of
// the document. The first row takes the others' mentions, the highest
// salience and the most complete name; every index into the entities is
// renumbered.
void MergeRowsOfOneEntity(v1::Annotations* annotations) {
  const int n = annotations->entities_size();
  // Each row's row after the merge; most documents have none to merge.
  absl::flat_hash_map<std::pair<std::string, int>, int> row_of;
  std::vector<int> renumbered(n);
  int rows = 0;
  for (int i = 0; i < n; ++i) {
    const v1::Entity& entity = annotations->entities(i);
    if (entity.entity_id().empty()) {
      renumbered[i] = rows++;
      continue;
    }
    const auto [it, inserted] = row_of.try_emplace(
        std::make_pair(entity.entity_id(), static_cast<int>(entity.type())), rows);
    renumbered[i] = it->second;
    if (inserted) ++rows;
  }
  if (rows == n) return;
  google::protobuf::RepeatedPtrField<v1::Entity> merged;
  for (int i = 0; i < n; ++i) {
    v1::Entity* entity = annotations->mutable_entities(i);
    if (renumbered[i] < merged.size()) {
      v1::Entity* into = merged.Mutable(renumbered[i]);
      for (const int m : entity->mention_indices()) into->add_mention_indices(m);
      std::sort(into->mutable_mention_indices()->begin(), into->mutable_mention_indices()->end());
      into->set_salience(std::max(into->salience(), entity->salience()));
      // The most complete name: more words, else more letters ("Robert
      // Kilroy-Silk", not the "Kilroy" named first).
      const auto words = [](const std::string& name) {
        return std::count(name.begin(), name.end(), ' ');
      };
      if (std::make_pair(words(entity->name()), entity->name().size()) >
          std::make_pair(words(into->name()), into->name().size())) {
        into->set_name(entity->name());
        into->set_key(entity->key());
      }
    } else {
      *merged.Add() = std::move(*entity);
    }
  }
  annotations->mutable_entities()->Swap(&merged);
  auto renumber = [&](int index) { return index >= 0 && index < n ? renumbered[index] : index; };
  for (v1::Mention& m : *annotations->mutable_mentions()) {
    m.set_entity_index(renumber(m.entity_index()));
  }
  for (v1::Quote& q : *annotations->mutable_quotes()) {
    if (q.has_speaker_entity_index()) {
      q.set_speaker_entity_index(renumber(q.speaker_entity_index()));
    }
  }
  for (v1::Role& r : *annotations->mutable_roles()) {
    r.set_entity_index(renumber(r.entity_index()));
    if (r.has_organization_entity_index()) {
      r.set_organization_entity_index(renumber(r.organization_entity_index()));
    }
  }
}

}  // namespace

std::vector<uint32_t> EntityIndex::Ordinals(const std::vector<uint64_t>& ids) const {
  std::vector<uint32_t> out;
  for (const uint64_t id : ids) {
    for (const uint32_t o : registry_->Ordinals(id)) out.push_back(o);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void EntityIndex::FillIds(v1::Annotations* annotations) const {
  for (v1::Entity& entity : *annotations->mutable_entities()) {
    uint32_t ordinal = 0;
    if (entity.key().empty() ||
        !dictionaries_->FindEntity(static_cast<int>(entity.type()), entity.key(), &ordinal)) {
      continue;
    }
    const uint64_t id = registry_->IdOf(ordinal);
    if (id == 0) continue;
    entity.set_entity_id(RegistryIdString(id));
    // The type curation gave the entity, on it and its mentions (read
    // without copying the record: this runs for every entity of every
    // document read).
    const int curated = registry_->CuratedType(id);
    if (curated != 0 && curated != static_cast<int>(entity.type())) {
      const auto type = static_cast<v1::EntityType>(curated);
      entity.set_type(type);
      for (const int m : entity.mention_indices()) {
        if (m >= 0 && m < annotations->mentions_size()) {
          annotations->mutable_mentions(m)->set_type(type);
        }
      }
    }
  }
  MergeRowsOfOneEntity(annotations);
}

void EntityIndex::FillIds(v1::Story* story, int max_rows) const {
  google::protobuf::RepeatedPtrField<v1::StoryEntity> rows;
  std::vector<uint64_t> ids;  // per row; 0: a key the registry has not linked
  absl::flat_hash_map<uint64_t, int> row_of;
  for (v1::StoryEntity& entity : *story->mutable_entities()) {
    uint32_t ordinal = 0;
    const uint64_t id =
        !entity.key().empty() &&
                dictionaries_->FindEntity(static_cast<int>(entity.type()), entity.key(), &ordinal)
            ? registry_->IdOf(ordinal)
            : 0;
    // Stored most named first: the first row of an entity is its largest.
    // A document names one person by one key as a rule ("Donald J. Trump"
    // here, "Trump" there): the entity's documents are its keys' together,
    // and never more than the story's.
    if (auto it = id == 0 ? row_of.end() : row_of.find(id); it != row_of.end()) {
      v1::StoryEntity& row = rows[it->second];
      row.set_document_count(
          std::min(story->document_count(), row.document_count() + entity.document_count()));
      continue;
    }
    if (id != 0) row_of.emplace(id, rows.size());
    ids.push_back(id);
    *rows.Add() = std::move(entity);
  }
  std::vector<int> order(rows.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return rows[a].document_count() > rows[b].document_count();
  });
  if (static_cast<int>(order.size()) > max_rows) order.resize(max_rows);
  // The rows kept get their entity, its type and its curated name.
  google::protobuf::RepeatedPtrField<v1::StoryEntity> kept;
  for (const int r : order) {
    v1::StoryEntity& entity = rows[r];
    const uint64_t id = ids[r];
    if (id != 0) {
      entity.set_entity_id(RegistryIdString(id));
      // The entity's type, where a MISC key ("Russian") joined a place.
      if (const int type = Type(id); type != 0) {
        entity.set_type(static_cast<v1::EntityType>(type));
      }
      // The name curation or a knowledge base gave it ("Conservative
      // Party" for the "Tories" of the story's documents).
      if (store::v1::RegistryEntity record;
          registry_->Record(id, &record) && !record.name().empty()) {
        entity.set_name(record.name());
      }
    }
    *kept.Add() = std::move(entity);
  }
  story->mutable_entities()->Swap(&kept);
}

bool EntityIndex::OnlyDocumentsMade(const store::v1::RegistryEntity& record) {
  return !record.imported() && record.name().empty() && record.aliases().empty() &&
         record.external_ids().empty();
}

bool EntityIndex::Gone(uint64_t id) const {
  store::v1::RegistryEntity record;
  return !registry_->Record(id, &record) || (Documents(id) == 0 && OnlyDocumentsMade(record));
}

int EntityIndex::Type(uint64_t id) const {
  store::v1::RegistryEntity record;
  return registry_->Record(id, &record) ? record.type() : 0;
}

int64_t EntityIndex::Documents(uint64_t id) const {
  int64_t documents = 0;
  for (const uint32_t o : registry_->Ordinals(id)) documents += dictionaries_->EntityDocuments(o);
  return documents;
}

std::vector<uint32_t> EntityIndex::DocumentsName(std::vector<uint32_t> ordinals) const {
  ordinals.erase(
      std::remove_if(ordinals.begin(), ordinals.end(),
                     [this](uint32_t o) { return dictionaries_->EntityDocuments(o) <= 0; }),
      ordinals.end());
  return ordinals;
}

bool EntityIndex::OnlyDeletedDocumentsName(absl::string_view reference) const {
  const std::string folded = text::FoldName(reference);
  if (folded.empty()) return false;
  std::vector<uint32_t> whole, suffix;
  dictionaries_->NamedBy(folded, 4 * kMaxResolvedEntities, &whole, &suffix);
  return !whole.empty() && DocumentsName(std::move(whole)).empty();
}

namespace {

// Whether two role titles differ only in case and spacing ("shadow
// chancellor", "Shadow Chancellor", "Treasury\nSecretary"), or also in a
// place's possessive and its nationality adjective as their first word
// ("Russia's ambassador to Serbia", "Russian ambassador to Serbia").
bool SameTitle(absl::string_view a, absl::string_view b) {
  const std::string x = FoldedTitle(a), y = FoldedTitle(b);
  if (x == y) return true;
  const size_t xs = x.find(' '), ys = y.find(' ');
  if (xs == std::string::npos || ys == std::string::npos ||
      absl::string_view(x).substr(xs) != absl::string_view(y).substr(ys)) {
    return false;
  }
  const auto place = [](absl::string_view word) {
    for (const absl::string_view s : {"'s", "\xe2\x80\x99s"}) {
      if (absl::ConsumeSuffix(&word, s)) return word;
    }
    return absl::string_view();
  };
  const absl::string_view first_x = absl::string_view(x).substr(0, xs);
  const absl::string_view first_y = absl::string_view(y).substr(0, ys);
  const absl::string_view px = place(first_x), py = place(first_y);
  return (!px.empty() && py.empty() && text::IsDemonymOf(first_y, px)) ||
         (!py.empty() && px.empty() && text::IsDemonymOf(first_x, py));
}

}  // namespace

absl::StatusOr<std::vector<uint64_t>> EntityIndex::Resolve(
    absl::string_view reference, int type, size_t* whole_count,
    std::vector<uint64_t>* also_named) const {
  std::vector<uint64_t> out;
  if (also_named != nullptr) also_named->clear();
  size_t unused = 0;
  if (whole_count == nullptr) whole_count = &unused;
  *whole_count = 0;
  uint64_t id_hash = 0;
  if (ParseEntityId(reference, &id_hash)) {
    const uint64_t id = registry_->Current(id_hash);
    if (id != 0 && (type == 0 || Type(id) == type)) out.push_back(id);
    *whole_count = out.size();
    return out;
  }
  const std::string folded = text::FoldName(reference);
  if (folded.empty()) return out;
  // The name as written first; `otherwise` only where it names nothing.
  const auto unless_whole = [&](const auto& otherwise) -> absl::StatusOr<std::vector<uint64_t>> {
    absl::StatusOr<std::vector<uint64_t>> as_written =
        ResolveWhole(reference, folded, type, whole_count, also_named);
    if (!as_written.ok() || !as_written->empty()) return as_written;
    return otherwise();
  };
  // "Mr Blair", "Dr. Rice", "Sir Alex Ferguson": the person the words after
  // the courtesy title or the honour name, which is how documents' names
  // are kept; unless the whole is a name of its own ("Miss Saigon", the
  // musical).
  if (const size_t space = reference.find(' ');
      (type == 0 || type == v1::ENTITY_TYPE_PERSON) && space != absl::string_view::npos &&
      (text::IsCourtesyTitle(reference.substr(0, space)) ||
       text::IsHonourTitle(reference.substr(0, space)))) {
    return unless_whole([&] {
      return Resolve(absl::StripLeadingAsciiWhitespace(reference.substr(space + 1)),
                     v1::ENTITY_TYPE_PERSON, whole_count, also_named);
    });
  }
  // "Sen. Ted Cruz (R-Texas)", "Nick Clegg (Lib Dem)": a party's or a
  // place's tag in brackets after a name, as political copy writes it,
  // where the whole names nothing.
  if (const size_t open = reference.rfind(" (");
      open != absl::string_view::npos && open > 0 && absl::EndsWith(reference, ")")) {
    return unless_whole(
        [&] { return Resolve(reference.substr(0, open), type, whole_count, also_named); });
  }
  // "Senator Cruz", "Sen. Cruz", "Vice President Biden": an office's title
  // before a name, which the tagger leaves out of people's names and gives
  // as a role. Where the whole names nothing, it is the person the words
  // after the title name, and of the people they may name, the one
  // documents most often give a role of that office: "Secretary Clinton"
  // is Hillary Clinton and "President Clinton" Bill, whichever "Clinton"
  // alone names.
  if (type == 0 || type == v1::ENTITY_TYPE_PERSON) {
    if (const std::optional<text::OfficeTitle> title = text::LeadingOfficeTitle(reference)) {
      return unless_whole(
          [&] { return ResolveHolder(title->name, title->head, whole_count, also_named); });
    }
  }
  absl::StatusOr<std::vector<uint64_t>> as_written =
      ResolveWhole(reference, folded, type, whole_count, also_named);
  // "Gerhard Schröder" for the "Gerhard Schroeder" of the documents: a
  // German umlaut written as its vowel and "e", as news in English often
  // writes it, where the name as written names nothing.
  if (as_written.ok() && as_written->empty()) {
    if (const std::string german = text::UmlautsAsVowelAndE(reference); german != reference) {
      // (Resolve, not ResolveWhole: "Schröder's" is a possessive too.)
      return Resolve(german, type, whole_count, also_named);
    }
    // "Wenger's", "Blair’s": a possessive that names nothing as written
    // names what the name before it does.
    for (const absl::string_view possessive : {"'s", "\xe2\x80\x99s", "'", "\xe2\x80\x99"}) {
      if (reference.size() > possessive.size() + 1 && absl::EndsWith(reference, possessive)) {
        return Resolve(reference.substr(0, reference.size() - possessive.size()), type, whole_count,
                       also_named);
      }
    }
  }
  return as_written;
}

absl::StatusOr<std::vector<uint64_t>> EntityIndex::ResolveHolder(
    absl::string_view name, absl::string_view head, size_t* whole_count,
    std::vector<uint64_t>* also_named) const {
  std::vector<uint64_t> others;
  DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                           Resolve(name, v1::ENTITY_TYPE_PERSON, whole_count, &others));
  std::vector<uint64_t> candidates = ids;
  candidates.insert(candidates.end(), others.begin(), others.end());
  // The one documents give a role of the office most often: a namesake a
  // document or two misread as holding it (Michelle Obama as "President"
  // where "President Obama" was read as her) is not also meant. Ties go
  // to the one the name alone ranks first.
  uint64_t holder = 0;
  int64_t most = 0;
  for (const uint64_t id : candidates) {
    DOSSIER_ASSIGN_OR_RETURN(const auto stats, Stats(registry_->Ordinals(id)));
    int64_t documents = 0;
    for (const auto& [ordinal, entity_stats] : stats) {
      for (const store::v1::EntityRole& role : entity_stats.roles()) {
        if (text::TitleHasOffice(role.title(), head)) documents += role.count();
      }
    }
    if (documents > most) {
      most = documents;
      holder = id;
    }
  }
  // No one the name may mean holds the office: the name alone decides.
  if (holder == 0) {
    if (also_named != nullptr) *also_named = std::move(others);
    return ids;
  }
  if (also_named != nullptr) {
    also_named->clear();
    for (const uint64_t id : candidates) {
      if (id != holder) also_named->push_back(id);
    }
  }
  *whole_count = std::min<size_t>(*whole_count, 1);
  return std::vector<uint64_t>{holder};
}

absl::StatusOr<std::vector<uint64_t>> EntityIndex::ResolveWhole(
    absl::string_view reference, const std::string& folded, int type, size_t* whole_count,
    std::vector<uint64_t>* also_named) const {
  std::vector<uint64_t> out;
  std::vector<uint32_t> whole, suffix;
  dictionaries_->NamedBy(folded, 4 * kMaxResolvedEntities, &whole, &suffix);
  // Spellings of documents that are still there: a deleted document's
  // names stay in memory until a restart, and a key it alone named ("london"
  // read once as a person, whom the registry joined to Michael London) must
  // not name anything meanwhile.
  whole = DocumentsName(std::move(whole));
  suffix = DocumentsName(std::move(suffix));
  // A name that is some key's own ("brown", which the registry joined to
  // Gordon Brown) or a sense the registry gave the word ("brown#2", the
  // Brown of the football reports, Registry::SenseOf) names, among those of
  // its type, the one entity that documents call so most often, as a
  // profile does: not every one some document also called so, nor the one
  // the word happened to name first (Reuters-21578's "Baker" went first to
  // Howard Baker, 29 documents, and is James Baker in 205). That counts the
  // mentions of the word's own keys and senses, and those spelled so of the
  // other keys of its type (the forms their statistics keep): "Clinton" of
  // 2016's news is Hillary Clinton, whom hundreds of documents call so after
  // her full name, not the few reports that gave the word alone its own
  // entity. The others are what else the word may mean.
  // Entities of the word's own key or senses that another of them was
  // chosen over.
  std::vector<uint64_t> passed_over;
  // Whether the word names a person through a sense the registry gave it
  // ("brown#2"): that settles who is meant, and no surname tier adds the
  // people named in full so (as a person known by a longer name does,
  // below).
  bool own_person = false;
  // How often documents call each entity by the word: the mentions of its
  // own key or senses among these, and of its other keys those spelled so
  // (the forms their statistics keep; not all of its mentions: James
  // Baker's full name counts for "James Baker", not for "Baker").
  absl::flat_hash_map<uint64_t, std::pair<int, int64_t>> by_word;  // id: type, mentions
  {
    const std::vector<EntityInfo> infos = dictionaries_->Entities(whole);
    absl::flat_hash_set<int> own_types;
    for (const EntityInfo& info : infos) {
      if (info.key == folded && (type == 0 || info.type == type)) own_types.insert(info.type);
    }
    // The entity of each key spelled so (0: none).
    std::vector<uint64_t> id_of(whole.size(), 0);
    absl::flat_hash_set<uint64_t> own;  // entities of an own key or sense
    // Needed to choose among the word's own keys, or among types (below).
    const bool weighed = !own_types.empty() || (type == 0 && folded.find(' ') == std::string::npos);
    if (weighed && infos.size() == whole.size()) {
      std::vector<uint32_t> spelled_so;  // other keys' ordinals
      for (size_t i = 0; i < whole.size(); ++i) {
        id_of[i] = registry_->Current(registry_->IdOf(whole[i]));
        if (id_of[i] == 0) continue;
        auto& counted = by_word[id_of[i]];
        counted.first = infos[i].type;
        if (IsKeyOrSense(infos[i].key, folded)) {
          counted.second += infos[i].mentions;
          own.insert(id_of[i]);
        } else {
          spelled_so.push_back(whole[i]);
        }
      }
      absl::StatusOr<absl::flat_hash_map<uint32_t, store::v1::EntityStats>> stats =
          Stats(spelled_so);
      if (!stats.ok()) return stats.status();
      for (const auto& [ordinal, entity_stats] : *stats) {
        auto it = by_word.find(registry_->Current(registry_->IdOf(ordinal)));
        if (it == by_word.end()) continue;
        for (const store::v1::EntityForm& form : entity_stats.forms()) {
          if (form.count() > 0 && text::FoldName(form.text()) == folded) {
            it->second.second += form.count();
          }
        }
      }
    }
    if (!own_types.empty() && infos.size() == whole.size()) {
      // Per type: the entity and its mentions by the word.
      absl::flat_hash_map<int, std::pair<uint64_t, int64_t>> chosen;
      for (const auto& [id, counted] : by_word) {
        if (!own_types.contains(counted.first)) continue;
        const int64_t d = counted.second;
        auto [it, fresh] = chosen.try_emplace(counted.first, id, d);
        if (!fresh &&
            (d > it->second.second || (d == it->second.second && id < it->second.first))) {
          it->second = {id, d};
        }
      }
      // The others are what else the word may mean: those of its own keys
      // or senses, and others it calls so more than once.
      for (const auto& [id, counted] : by_word) {
        if (!own_types.contains(counted.first)) continue;
        if (chosen[counted.first].first != id && (own.contains(id) || counted.second > 1)) {
          passed_over.push_back(id);
        }
      }
      std::vector<uint32_t> kept;
      for (size_t i = 0; i < whole.size(); ++i) {
        if (!own_types.contains(infos[i].type)) {
          kept.push_back(whole[i]);
          continue;
        }
        if (id_of[i] != 0 && id_of[i] == chosen[infos[i].type].first) {
          kept.push_back(whole[i]);
          own_person =
              own_person || (infos[i].type == v1::ENTITY_TYPE_PERSON && infos[i].key != folded);
        }
      }
      whole = std::move(kept);
    }
  }
  // Curated aliases and whole spellings first, then people whose names end
  // with the reference (a surname names its person however the given name
  // is spelled), each tier by documents. Only people: "UK" is not "AOL
  // UK", nor "York" "New York". No surname tier when the whole spelling
  // settles who is meant, so that a profile and a filter by the same words
  // count the same documents:
  // - a reference of several words that is some entity's whole name
  //   names that entity ("Charles Kennedy" is not also "Liberal Democrat
  //   Charles Kennedy");
  // - a spelling that the registry joined to a person with a longer name
  //   ending so ("Kennedy", written alone, joined to Charles Kennedy)
  //   names that person, not every Kennedy (Jane, whom no document calls
  //   "Kennedy" alone; one that does is named so, whole);
  // - a reference that is the whole name of a place, an organisation or
  //   another name not a person's names that, when it is in as many
  //   documents as any of those people or more ("London" the city, not
  //   also Michael London; with a person's type asked for, the people). A
  //   rare one (a surname the tagger once read as a place) leaves them.
  // Each entity's documents, summed over its keys once.
  absl::flat_hash_map<uint64_t, int64_t> documents_of;
  auto documents = [&](uint64_t id) {
    auto [it, added] = documents_of.try_emplace(id, 0);
    if (added) it->second = Documents(id);
    return it->second;
  };
  // (A registry from before types were kept has none: maybe a person.)
  auto person = [](int id_type) { return id_type == v1::ENTITY_TYPE_PERSON || id_type == 0; };
  std::vector<uint64_t> tiers[2];
  tiers[0] = registry_->ByAlias(folded);
  for (const uint64_t id : registry_->Ids(whole)) tiers[0].push_back(id);
  const bool several_words = folded.find(' ') != std::string::npos;
  const std::string ending = absl::StrCat(" ", folded);
  bool whole_match = false, short_form = false;
  // The documents of the most named non-person spelled so.
  int64_t not_a_person = -1;
  for (const uint64_t id : tiers[0]) {
    if (id == 0) continue;
    const int id_type = Type(id);
    if (type != 0 && id_type != type) continue;
    whole_match = true;
    if (!person(id_type)) {
      not_a_person = std::max(not_a_person, documents(id));
      continue;
    }
    // A person the registry knows by a longer name ending so (its own
    // keys, read whole: not through the capped suffix list).
    if (short_form) continue;
    for (const EntityInfo& info : dictionaries_->Entities(registry_->Ordinals(id))) {
      short_form = short_form || absl::EndsWith(info.key, ending);
    }
  }
  if (!(several_words && whole_match) && !short_form && !own_person) {
    int64_t most_named_person = 0;
    for (const uint64_t id : registry_->Ids(suffix)) {
      if (id == 0 || !person(Type(id))) continue;
      tiers[1].push_back(id);
      most_named_person = std::max(most_named_person, documents(id));
    }
    if (not_a_person >= most_named_person) tiers[1].clear();
  }
  // A word that names entities of several types whole ("Ireland", the
  // country in 136 BBC documents and a rugby player's surname in one; "Bush",
  // the president and a place) names, when no type is asked for, those of
  // the type documents call so most often and those of another type called
  // so a tenth as often or more, as the profile by that word shows; the
  // rarer are what else a reader may have meant (`also_named`). How often
  // is the mentions spelled so where they are known for all ("DNC": the
  // Democratic National Committee, so called 43 times, not the convention,
  // in more documents, that one calls "D.N.C." once), else the documents.
  std::vector<uint64_t> rarer;
  if (type == 0 && !several_words) {
    // One measure for all: documents when the spellings of one are not
    // known (a curated alias's entity, or a spelling past the forms kept).
    bool spelled = true;
    for (const uint64_t id : tiers[0]) {
      auto it = by_word.find(id);
      spelled = spelled && (id == 0 || (it != by_word.end() && it->second.second > 0));
    }
    const auto weight = [&](uint64_t id) {
      return spelled ? by_word.find(id)->second.second : documents(id);
    };
    int64_t most = 0;
    int most_type = 0;
    for (const uint64_t id : tiers[0]) {
      if (id == 0) continue;
      if (const int64_t d = weight(id); d > most) {
        most = d;
        most_type = Type(id);
      }
    }
    if (most > 0) {
      std::vector<uint64_t> kept;
      for (const uint64_t id : tiers[0]) {
        if (id == 0) continue;
        if (Type(id) == most_type || weight(id) * 10 >= most) {
          kept.push_back(id);
        } else if (std::find(rarer.begin(), rarer.end(), id) == rarer.end()) {
          rarer.push_back(id);
        }
      }
      tiers[0] = std::move(kept);
    }
  }
  // Each tier's entities not taken before, by documents, up to
  // kMaxResolvedEntities in `into`.
  absl::flat_hash_set<uint64_t> taken;
  auto add_ranked = [&](const std::vector<uint64_t>& tier, std::vector<uint64_t>* into) {
    std::vector<std::pair<int64_t, uint64_t>> ranked;
    for (const uint64_t id : tier) {
      if (id == 0 || (type != 0 && Type(id) != type) || !taken.insert(id).second) continue;
      ranked.emplace_back(-documents(id), id);
    }
    std::sort(ranked.begin(), ranked.end());
    for (const auto& [documents, id] : ranked) {
      if (into->size() >= kMaxResolvedEntities) break;
      into->push_back(id);
    }
  };
  add_ranked(tiers[0], &out);
  *whole_count = out.size();
  add_ranked(tiers[1], &out);
  // The people of the surname the first tier settled against.
  if (short_form && !several_words && also_named != nullptr) {
    std::vector<uint64_t> people;
    for (const uint64_t id : registry_->Ids(suffix)) {
      if (id != 0 && person(Type(id))) people.push_back(id);
    }
    add_ranked(people, also_named);
  }
  if (also_named != nullptr) {
    add_ranked(passed_over, also_named);
    add_ranked(rarer, also_named);
  }
  return out;
}

absl::StatusOr<std::vector<uint64_t>> EntityIndex::Complete(absl::string_view prefix,
                                                            const std::vector<int>& types,
                                                            size_t limit) const {
  std::vector<uint64_t> out;
  const std::string folded = text::FoldName(prefix);
  if (folded.empty()) return out;
  // Spellings of documents: only keys some document still names (a
  // deleted document's names stay in memory until a restart).
  std::vector<uint64_t> found =
      registry_->Ids(DocumentsName(dictionaries_->NamesStartingWith(folded, kMaxCompletionScan)));
  // Entities that only an alias of theirs completes come after those a
  // document's name does: a knowledge base gives a country dozens of names
  // in other languages ("Samveldet" is no reason for the United Kingdom to
  // come before Samsung for "sam").
  // An alias completes in the script it is written in: "HP" typed in Latin
  // letters is no start of a name in Burmese that folds to "hpang ..."
  // (which made Finland, Russia and Fiji complete "HP").
  const size_t by_documents = found.size();
  const bool latin = text::IsLatinScript(prefix);
  const auto completes = [&](uint64_t id) {
    store::v1::RegistryEntity record;
    if (!registry_->Record(id, &record)) return false;
    // The script first, which is cheap; a name in it is folded (a Latin
    // one mostly by the ASCII fast path).
    const auto starts = [&](absl::string_view name) {
      return text::IsLatinScript(name) == latin &&
             text::AnyWordStartsWith(text::FoldName(name), folded);
    };
    if (starts(record.name())) return true;
    for (const std::string& alias : record.aliases()) {
      if (starts(alias)) return true;
    }
    return false;
  };
  for (const uint64_t id : registry_->AliasesStartingWith(folded, kMaxCompletionScan)) {
    // Of the types asked for first: the script's check folds names.
    if (!types.empty() && std::find(types.begin(), types.end(), Type(id)) == types.end()) {
      continue;
    }
    if (std::find(found.begin(), found.end(), id) == found.end() && completes(id)) {
      found.push_back(id);
    }
  }
  // Ranked by that, then by the documents each names, as the summaries
  // count them. The sum of an entity's keys' counts is that count where it
  // has one key, and an upper bound where it has several (a document
  // naming "Blackberry" and "Blackberries" counts once): candidates are
  // taken by that bound, each counted exactly, until no bound left can
  // beat the last of those kept.
  struct Rank {
    int alias_only;
    int64_t minus_documents;
    uint64_t id;
    bool operator<(const Rank& o) const {
      return std::tie(alias_only, minus_documents, id) <
             std::tie(o.alias_only, o.minus_documents, o.id);
    }
  };
  std::vector<Rank> bounds;
  for (size_t i = 0; i < found.size(); ++i) {
    const uint64_t id = found[i];
    if (!types.empty() && std::find(types.begin(), types.end(), Type(id)) == types.end()) {
      continue;
    }
    bounds.push_back({i >= by_documents ? 1 : 0, -Documents(id), id});
  }
  std::sort(bounds.begin(), bounds.end());
  std::vector<Rank> ranked;
  for (const Rank& bound : bounds) {
    if (ranked.size() >= limit) {
      std::sort(ranked.begin(), ranked.end());
      ranked.resize(limit);
      // A bound counts at least as many documents as the exact count.
      if (ranked.back() < bound) break;
    }
    Rank exact = bound;
    if (const std::vector<uint32_t> ordinals = registry_->Ordinals(bound.id);
        ordinals.size() > 1 && scan_documents_ != nullptr) {
      DOSSIER_ASSIGN_OR_RETURN(const EntityDocuments documents, scan_documents_(ordinals));
      exact.minus_documents = -documents.documents;
    }
    ranked.push_back(exact);
  }
  std::sort(ranked.begin(), ranked.end());
  for (const Rank& r : ranked) {
    if (out.size() >= limit) break;
    out.push_back(r.id);
  }
  return out;
}

absl::StatusOr<absl::flat_hash_map<uint32_t, store::v1::EntityStats>> EntityIndex::Stats(
    const std::vector<uint32_t>& ordinals) const {
  absl::flat_hash_map<uint32_t, store::v1::EntityStats> out;
  if (ordinals.empty()) return out;
  std::vector<std::string> keys;
  std::vector<rocksdb::Slice> slices;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  keys.reserve(ordinals.size());
  for (const uint32_t ordinal : ordinals) keys.push_back(OrdinalKey(ordinal));
  for (const std::string& key : keys) {
    slices.push_back(ToSlice(key));
    families.push_back(store_->cf(kEntityStats));
  }
  std::vector<std::string> values;
  const std::vector<rocksdb::Status> statuses =
      store_->db()->MultiGet(rocksdb::ReadOptions(), families, slices, &values);
  for (size_t i = 0; i < ordinals.size(); ++i) {
    if (statuses[i].IsNotFound()) continue;
    if (!statuses[i].ok()) return FromRocksStatus(statuses[i], "entity statistics");
    if (!out[ordinals[i]].ParseFromString(values[i])) {
      return absl::DataLossError("stored entity statistics do not parse");
    }
  }
  return out;
}

template <typename Message>
absl::Status EntityIndex::CountDocumentsOnce(const std::vector<uint32_t>& ordinals,
                                             Message* entity) const {
  // One key's count is exact; with several, a document that names two
  // ("Gordon Brown" and "Brown") is in both keys' counts.
  if (ordinals.size() < 2 || scan_documents_ == nullptr) return absl::OkStatus();
  DOSSIER_ASSIGN_OR_RETURN(const EntityDocuments documents, scan_documents_(ordinals));
  entity->set_document_count(documents.documents);
  return absl::OkStatus();
}

namespace {

// The name an entity shows: the one curation gave it; else the most
// complete name its documents give most often (EntityStats.names), where
// one in capitals ("PRISTINA" of datelines and headlines) gives way to the
// same name in mixed case ("Pristina") written at least a quarter as often
// ("NATO" stays "NATO" where a few write "Nato"), and a person's surname
// alone ("Obama", which most reports write after "President") to the
// full name ending with it that documents give most often, if at least a
// tenth as often ("Barack Obama"); else its most frequent spelling; else
// its key.
std::string DisplayName(const store::v1::RegistryEntity& record,
                        const store::v1::EntityStats& stats, const std::vector<EntityInfo>& infos) {
  if (!record.name().empty()) return record.name();
  if (stats.names_size() > 0) {
    const store::v1::EntityForm& top = stats.names(0);
    if (text::InCapitals(top.text())) {
      const std::string folded = text::FoldName(top.text());
      for (const store::v1::EntityForm& name : stats.names()) {
        if (name.count() * 4 < top.count()) break;  // most frequent first
        if (text::CaseOf(name.text()) == text::LetterCase::kMixed &&
            text::FoldName(name.text()) == folded) {
          return name.text();
        }
      }
    }
    if (stats.type() == v1::ENTITY_TYPE_PERSON && top.text().find(' ') == std::string::npos) {
      const std::string ending = absl::StrCat(" ", text::FoldName(top.text()));
      for (const store::v1::EntityForm& name : stats.names()) {
        if (name.count() * 10 < top.count()) break;  // most frequent first
        if (absl::EndsWith(text::FoldName(name.text()), ending)) return name.text();
      }
    }
    return top.text();
  }
  if (stats.forms_size() > 0) return stats.forms(0).text();
  return infos.empty() ? "" : infos[0].key;
}

}  // namespace

absl::StatusOr<std::vector<v1::EntitySummary>> EntityIndex::Summaries(
    const std::vector<uint64_t>& ids) const {
  std::vector<v1::EntitySummary> out;
  std::vector<std::vector<uint32_t>> ordinals_of;
  std::vector<uint32_t> all;
  for (const uint64_t id : ids) {
    ordinals_of.push_back(registry_->Ordinals(id));
    all.insert(all.end(), ordinals_of.back().begin(), ordinals_of.back().end());
  }
  DOSSIER_ASSIGN_OR_RETURN(const auto stats, Stats(all));
  for (size_t i = 0; i < ids.size(); ++i) {
    store::v1::RegistryEntity record;
    registry_->Record(ids[i], &record);
    store::v1::EntityStats merged;
    for (const uint32_t o : ordinals_of[i]) {
      auto it = stats.find(o);
      if (it != stats.end()) MergeEntityStats(it->second, &merged);
    }
    NormalizeEntityStats(&merged);
    const std::vector<EntityInfo> infos = dictionaries_->Entities(ordinals_of[i]);
    v1::EntitySummary summary;
    const std::string id = RegistryIdString(ids[i]);
    summary.set_name("entities/" + id);
    summary.set_id(id);
    summary.set_type(static_cast<v1::EntityType>(record.type()));
    summary.set_display_name(DisplayName(record, merged, infos));
    for (const EntityInfo& info : infos) {
      summary.set_document_count(summary.document_count() + info.documents);
      summary.set_mention_count(summary.mention_count() + info.mentions);
    }
    DOSSIER_RETURN_IF_ERROR(CountDocumentsOnce(ordinals_of[i], &summary));
    out.push_back(std::move(summary));
  }
  return out;
}

absl::StatusOr<v1::EntityProfile> EntityIndex::Profile(uint64_t id) const {
  store::v1::RegistryEntity record;
  if (!registry_->Record(id, &record)) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "ENTITY_NOT_FOUND", "no such entity");
  }
  const std::vector<uint32_t> ordinals = registry_->Ordinals(id);
  DOSSIER_ASSIGN_OR_RETURN(const auto stats, Stats(ordinals));
  store::v1::EntityStats merged;
  for (const uint32_t o : ordinals) {
    auto it = stats.find(o);
    if (it != stats.end()) MergeEntityStats(it->second, &merged);
  }
  NormalizeEntityStats(&merged);
  const std::vector<EntityInfo> infos = dictionaries_->Entities(ordinals);
  v1::EntityProfile profile;
  const std::string id_string = RegistryIdString(record.id());
  profile.set_name("entities/" + id_string);
  profile.set_id(id_string);
  profile.set_type(static_cast<v1::EntityType>(record.type()));
  profile.set_display_name(DisplayName(record, merged, infos));
  // The key of the most used spelling leads.
  std::vector<std::pair<int64_t, std::string>> keys;
  uint32_t first = 0, last = 0;
  for (const EntityInfo& info : infos) {
    keys.emplace_back(-info.documents, info.key);
    Widen(info.first_day, info.last_day, &first, &last);
    profile.set_mention_count(profile.mention_count() + info.mentions);
    profile.set_document_count(profile.document_count() + info.documents);
  }
  if (scan_documents_ != nullptr) {
    // Each document once, and whether only undated documents give the
    // first and last days.
    DOSSIER_ASSIGN_OR_RETURN(const EntityDocuments documents, scan_documents_(ordinals));
    profile.set_document_count(documents.documents);
    if (documents.days.first.has_value()) {
      first = *documents.days.first;
      last = *documents.days.last;
      profile.set_first_seen_undated(documents.days.first_undated);
      profile.set_last_seen_undated(documents.days.last_undated);
    }
  }
  // An entity that only documents made, and whose documents are all
  // deleted, is gone with them (one imported or curated stays).
  if (profile.document_count() <= 0 && OnlyDocumentsMade(record)) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "ENTITY_NOT_FOUND",
                           "no stored document names this entity any more");
  }
  std::sort(keys.begin(), keys.end());
  if (!keys.empty()) profile.set_key(keys[0].second);
  // A key linked under two types ("conservatives" as an organisation and
  // as MISC) is one key to a reader: once, where it counts most.
  absl::flat_hash_set<absl::string_view> listed;
  for (const auto& [documents, key] : keys) {
    if (listed.insert(key).second) profile.add_keys(key);
  }
  // On one line: a form stored before forms were ("Paul\nVolcker") counts
  // with the same form on one line.
  absl::flat_hash_map<std::string, int> form_at;
  for (const auto& form : merged.forms()) {
    std::string text = text::SingleSpaced(form.text());
    auto [it, fresh] = form_at.try_emplace(text, profile.surface_forms_size());
    if (!fresh) {
      v1::SurfaceForm* same = profile.mutable_surface_forms(it->second);
      same->set_mention_count(same->mention_count() + form.count());
      continue;
    }
    v1::SurfaceForm* out = profile.add_surface_forms();
    out->set_text(std::move(text));
    out->set_mention_count(form.count());
  }
  std::stable_sort(profile.mutable_surface_forms()->begin(), profile.mutable_surface_forms()->end(),
                   [](const v1::SurfaceForm& a, const v1::SurfaceForm& b) {
                     return a.mention_count() > b.mention_count();
                   });
  // "Russia's ambassador to Serbia" and "Russian ambassador to Serbia" are
  // one title, a place's possessive or its nationality adjective before
  // the same words, and so are titles written in other case or spacing
  // ("shadow chancellor", "Shadow Chancellor"): counted once, shown as
  // most documents write it.
  std::vector<store::v1::EntityRole> roles(merged.roles().begin(), merged.roles().end());
  for (size_t i = 0; i < roles.size(); ++i) {
    for (size_t j = i + 1; j < roles.size();) {
      if (!SameTitle(roles[i].title(), roles[j].title())) {
        ++j;
        continue;
      }
      if (roles[j].count() > roles[i].count()) roles[i].set_title(roles[j].title());
      MergeRole(roles[j], &roles[i]);
      roles.erase(roles.begin() + static_cast<std::ptrdiff_t>(j));
    }
  }
  std::stable_sort(roles.begin(), roles.end(),
                   [](const auto& a, const auto& b) { return a.count() > b.count(); });
  for (const auto& role : roles) {
    v1::EntityRole* out = profile.add_roles();
    out->set_title(text::SingleSpaced(role.title()));
    out->set_document_count(role.count());
    if (role.first_day() > 0) *out->mutable_first_seen() = DayToDate(role.first_day());
    if (role.last_day() > 0) *out->mutable_last_seen() = DayToDate(role.last_day());
    out->set_first_seen_undated(role.first_day() > 0 && role.first_undated());
    out->set_last_seen_undated(role.last_day() > 0 && role.last_undated());
  }
  if (first > 0) *profile.mutable_first_seen() = DayToDate(first);
  if (last > 0) *profile.mutable_last_seen() = DayToDate(last);
  // A knowledge base's preferred name is kept as an alias too (references
  // resolve by it); it is the entity's name, not another.
  for (const std::string& alias : record.aliases()) {
    if (!(record.imported() && alias == record.name())) profile.add_aliases(alias);
  }
  for (const auto& [kb, value] : record.external_ids()) {
    (*profile.mutable_external_ids())[kb] = value;
  }
  if (record.has_coordinates()) {
    profile.mutable_coordinates()->set_latitude(record.latitude());
    profile.mutable_coordinates()->set_longitude(record.longitude());
  }
  for (const uint64_t merged_id : registry_->MergedInto(record.id())) {
    profile.add_merged_ids(RegistryIdString(merged_id));
  }
  return profile;
}

}  // namespace dossier::query
