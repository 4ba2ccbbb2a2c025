#include "services/query/entity_stats.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "services/query/doc_table.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

void MergeForms(const google::protobuf::RepeatedPtrField<store::v1::EntityForm>& from,
                google::protobuf::RepeatedPtrField<store::v1::EntityForm>* into) {
  absl::flat_hash_map<std::string, int> at;
  for (int i = 0; i < into->size(); ++i) at[into->Get(i).text()] = i;
  for (const auto& form : from) {
    auto it = at.find(form.text());
    if (it != at.end()) {
      into->Mutable(it->second)->set_count(into->Get(it->second).count() + form.count());
    } else {
      at[form.text()] = into->size();
      *into->Add() = form;
    }
  }
}

void SortAndCut(google::protobuf::RepeatedPtrField<store::v1::EntityForm>* forms, int limit) {
  std::sort(forms->begin(), forms->end(),
            [](const store::v1::EntityForm& a, const store::v1::EntityForm& b) {
              if (a.count() != b.count()) return a.count() > b.count();
              if (a.text().size() != b.text().size()) return a.text().size() > b.text().size();
              return a.text() < b.text();
            });
  while (forms->size() > limit) forms->RemoveLast();
  // A deleted document's spellings come back negative (DocumentStore::
  // Delete): what no document spells any more goes.
  while (!forms->empty() && forms->rbegin()->count() <= 0) forms->RemoveLast();
}

// First and last days (+1, 0 unset) of an entity or a role: widened by a
// delta, or replaced by one a delete recomputed (replace_days), which a
// partial merge keeps as an operand that replaces.
template <typename Message>
void MergeDays(const Message& delta, Message* into) {
  if (delta.replace_days()) {
    into->set_first_day(delta.first_day());
    into->set_last_day(delta.last_day());
    into->set_replace_days(true);
    return;
  }
  if (delta.first_day() != 0 && (into->first_day() == 0 || delta.first_day() < into->first_day())) {
    into->set_first_day(delta.first_day());
  }
  into->set_last_day(std::max(into->last_day(), delta.last_day()));
}

// A role's days and undated marks: widened as a DaySpan widens (a delta
// that moves a day brings its mark; one on the same day keeps the day
// undated only if it is undated too), or replaced by a delete's.
void MergeRoleDays(const store::v1::EntityRole& delta, store::v1::EntityRole* into) {
  if (delta.replace_days()) {
    MergeDays(delta, into);
    into->set_first_undated(delta.first_undated());
    into->set_last_undated(delta.last_undated());
    return;
  }
  DaySpan<uint32_t> span;
  if (into->first_day() != 0) {
    span.first = into->first_day();
    span.last = into->last_day();
    span.first_undated = into->first_undated();
    span.last_undated = into->last_undated();
  }
  if (delta.first_day() != 0) span.Add(delta.first_day(), delta.first_undated());
  if (delta.last_day() != 0) span.Add(delta.last_day(), delta.last_undated());
  if (!span.first.has_value()) return;
  into->set_first_day(*span.first);
  into->set_last_day(*span.last);
  into->set_first_undated(span.first_undated);
  into->set_last_undated(span.last_undated);
}

void MergeRoles(const google::protobuf::RepeatedPtrField<store::v1::EntityRole>& from,
                google::protobuf::RepeatedPtrField<store::v1::EntityRole>* into) {
  for (const auto& role : from) {
    store::v1::EntityRole* match = nullptr;
    for (auto& r : *into) {
      if (r.title() == role.title()) match = &r;
    }
    if (match == nullptr) {
      *into->Add() = role;
      continue;
    }
    MergeRole(role, match);
  }
}

}  // namespace

std::string FoldedTitle(absl::string_view title) {
  return absl::AsciiStrToLower(text::SingleSpaced(title));
}

void MergeRole(const store::v1::EntityRole& from, store::v1::EntityRole* into) {
  into->set_count(into->count() + from.count());
  MergeRoleDays(from, into);
}

void MergeEntityStats(const store::v1::EntityStats& delta, store::v1::EntityStats* stats) {
  if (stats->key().empty()) {
    stats->set_type(delta.type());
    stats->set_key(delta.key());
  }
  MergeForms(delta.forms(), stats->mutable_forms());
  MergeForms(delta.names(), stats->mutable_names());
  MergeRoles(delta.roles(), stats->mutable_roles());
  MergeDays(delta, stats);
  stats->set_mentions(stats->mentions() + delta.mentions());
  stats->set_documents(stats->documents() + delta.documents());
}

void NormalizeEntityStats(store::v1::EntityStats* stats) {
  SortAndCut(stats->mutable_forms(), kMaxEntityForms);
  SortAndCut(stats->mutable_names(), kMaxEntityNames);
  auto* roles = stats->mutable_roles();
  std::sort(roles->begin(), roles->end(),
            [](const store::v1::EntityRole& a, const store::v1::EntityRole& b) {
              return a.count() != b.count() ? a.count() > b.count() : a.title() < b.title();
            });
  while (roles->size() > kMaxEntityRoles) roles->RemoveLast();
  while (!roles->empty() && roles->rbegin()->count() <= 0) roles->RemoveLast();
}

namespace {

class EntityStatsMergeOperator : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    store::v1::EntityStats stats;
    if (in.existing_value != nullptr &&
        !stats.ParseFromArray(in.existing_value->data(),
                              static_cast<int>(in.existing_value->size()))) {
      return false;  // RocksDB reports Corruption
    }
    for (const auto& operand : in.operand_list) {
      store::v1::EntityStats delta;
      if (!delta.ParseFromArray(operand.data(), static_cast<int>(operand.size()))) return false;
      MergeEntityStats(delta, &stats);
    }
    stats.clear_replace_days();
    for (auto& role : *stats.mutable_roles()) role.clear_replace_days();
    NormalizeEntityStats(&stats);
    return stats.SerializeToString(&out->new_value);
  }

  bool PartialMergeMulti(const rocksdb::Slice& key, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger* logger) const override {
    store::v1::EntityStats stats;
    for (const auto& operand : operands) {
      store::v1::EntityStats delta;
      if (!delta.ParseFromArray(operand.data(), static_cast<int>(operand.size()))) return false;
      MergeEntityStats(delta, &stats);
    }
    // Forms are not cut here: a partial merge's tail may still add up.
    return stats.SerializeToString(new_value);
  }

  const char* Name() const override { return "dossier.EntityStatsMergeOperator"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewEntityStatsMergeOperator() {
  return std::make_shared<EntityStatsMergeOperator>();
}

}  // namespace dossier::query
