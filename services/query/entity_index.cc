#include "services/query/entity_index.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "common/keys.h"
#include "common/status.h"
#include "common/time_util.h"
#include "dossier/store/v1/store.pb.h"
#include "services/query/store_layout.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

// Most name keys an autocomplete reads.
constexpr int kMaxCompletionScan = 20000;

v1::Date DayToDate(uint32_t day_plus_one) {
  return ToProtoDate(absl::CivilDay(1, 1, 1) + (day_plus_one - 1));
}

}  // namespace

absl::StatusOr<std::vector<uint32_t>> EntityIndex::Resolve(absl::string_view reference,
                                                           int type) const {
  std::vector<uint32_t> out;
  uint64_t id_hash = 0;
  if (ParseEntityId(reference, &id_hash)) {
    uint32_t ordinal = 0;
    if (dictionaries_->EntityByIdHash(id_hash, &ordinal) &&
        (type == 0 || dictionaries_->EntityType(ordinal) == type)) {
      out.push_back(ordinal);
    }
    return out;
  }
  const std::string folded = text::FoldName(reference);
  if (folded.empty()) return out;
  std::vector<uint32_t> whole, suffix;
  dictionaries_->NamedBy(folded, 4 * kMaxResolvedEntities, &whole, &suffix);
  // Whole spellings first, then names that end with the reference (a
  // surname names its person however the given name is spelled), each
  // tier by documents.
  absl::flat_hash_set<uint32_t> taken;
  for (std::vector<uint32_t>* tier : {&whole, &suffix}) {
    const std::vector<EntityInfo> infos = dictionaries_->Entities(*tier);
    std::vector<std::pair<int64_t, uint32_t>> ranked;
    for (size_t i = 0; i < tier->size(); ++i) {
      if (infos[i].key.empty() || (type != 0 && infos[i].type != type)) continue;
      if (!taken.insert((*tier)[i]).second) continue;
      ranked.emplace_back(-infos[i].documents, (*tier)[i]);
    }
    std::sort(ranked.begin(), ranked.end());
    for (const auto& [documents, ordinal] : ranked) {
      if (out.size() >= kMaxResolvedEntities) break;
      out.push_back(ordinal);
    }
  }
  return out;
}

absl::StatusOr<std::vector<uint32_t>> EntityIndex::Complete(absl::string_view prefix,
                                                            const std::vector<int>& types,
                                                            size_t limit) const {
  std::vector<uint32_t> out;
  const std::string folded = text::FoldName(prefix);
  if (folded.empty()) return out;
  const std::vector<uint32_t> named = dictionaries_->NamesStartingWith(folded, kMaxCompletionScan);
  const absl::flat_hash_set<uint32_t> found(named.begin(), named.end());
  std::vector<uint32_t> ordinals(found.begin(), found.end());
  const std::vector<EntityInfo> infos = dictionaries_->Entities(ordinals);
  std::vector<std::tuple<int64_t, std::string, uint32_t>> ranked;
  for (size_t i = 0; i < ordinals.size(); ++i) {
    if (infos[i].key.empty()) continue;
    if (!types.empty() && std::find(types.begin(), types.end(), infos[i].type) == types.end()) {
      continue;
    }
    ranked.emplace_back(-infos[i].documents, infos[i].key, ordinals[i]);
  }
  std::sort(ranked.begin(), ranked.end());
  for (const auto& entry : ranked) {
    if (out.size() >= limit) break;
    out.push_back(std::get<2>(entry));
  }
  return out;
}

absl::StatusOr<std::vector<v1::EntitySummary>> EntityIndex::Summaries(
    const std::vector<uint32_t>& ordinals) const {
  std::vector<v1::EntitySummary> out;
  if (ordinals.empty()) return out;
  const std::vector<EntityInfo> infos = dictionaries_->Entities(ordinals);
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
    if (!statuses[i].ok() && !statuses[i].IsNotFound()) {
      return FromRocksStatus(statuses[i], "entity summary");
    }
    store::v1::EntityStats stats;
    if (statuses[i].ok() && !stats.ParseFromString(values[i])) {
      return absl::DataLossError("stored entity statistics do not parse");
    }
    v1::EntitySummary summary;
    const std::string id = EntityIdString(infos[i].id_hash);
    summary.set_name("entities/" + id);
    summary.set_id(id);
    summary.set_type(static_cast<v1::EntityType>(infos[i].type));
    summary.set_display_name(stats.names_size() > 0   ? stats.names(0).text()
                             : stats.forms_size() > 0 ? stats.forms(0).text()
                                                      : infos[i].key);
    summary.set_document_count(infos[i].documents);
    summary.set_mention_count(infos[i].mentions);
    out.push_back(std::move(summary));
  }
  return out;
}

absl::StatusOr<v1::EntityProfile> EntityIndex::Profile(uint32_t ordinal) const {
  EntityInfo info;
  if (!dictionaries_->Entity(ordinal, &info)) return absl::NotFoundError("no such entity");
  auto value = store_->Get(store_->cf(kEntityStats), OrdinalKey(ordinal));
  store::v1::EntityStats stats;
  if (value.ok()) {
    if (!stats.ParseFromString(*value)) {
      return absl::DataLossError("stored entity statistics do not parse");
    }
  } else if (value.status().code() != absl::StatusCode::kNotFound) {
    return value.status();
  }
  v1::EntityProfile profile;
  const std::string id = EntityIdString(info.id_hash);
  profile.set_name("entities/" + id);
  profile.set_id(id);
  profile.set_type(static_cast<v1::EntityType>(info.type));
  profile.set_display_name(stats.names_size() > 0 ? stats.names(0).text() : info.key);
  profile.set_key(info.key);
  for (const auto& form : stats.forms()) {
    v1::SurfaceForm* out = profile.add_surface_forms();
    out->set_text(form.text());
    out->set_mention_count(form.count());
  }
  if (info.first_day > 0) *profile.mutable_first_seen() = DayToDate(info.first_day);
  if (info.last_day > 0) *profile.mutable_last_seen() = DayToDate(info.last_day);
  profile.set_mention_count(info.mentions);
  profile.set_document_count(info.documents);
  return profile;
}

}  // namespace dossier::query
