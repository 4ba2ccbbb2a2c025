#include "services/query/watch.h"

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "services/query/doc_table.h"
#include "services/query/index_writer.h"
#include "services/query/text_match.h"
#include "text/fold.h"

namespace dossier::query {

bool Watch::TakeTurnLocked() {
  if (turn_taken_ || finished_) return false;
  turn_taken_ = true;
  return true;
}

Watch::Action Watch::Next(v1::Document* out) {
  absl::MutexLock lock(&mu_);
  if (cancelled_) {
    finished_ = true;
    return Action::kFinishCancelled;
  }
  if (!queue_.empty()) {
    *out = std::move(queue_.front());
    queue_.pop_front();
    return Action::kWrite;
  }
  if (overflow_) {
    finished_ = true;
    return Action::kFinishOverflow;
  }
  if (closed_) {
    finished_ = true;
    return Action::kFinishClosed;
  }
  turn_taken_ = false;
  return Action::kIdle;
}

bool Watch::Cancel() {
  absl::MutexLock lock(&mu_);
  cancelled_ = true;
  return TakeTurnLocked();
}

bool Watch::Offer(const v1::Document& document) {
  absl::MutexLock lock(&mu_);
  if (finished_ || overflow_ || closed_) return false;
  if (queue_.size() >= buffer_) {
    // Cut off: what is queued is dropped, the stream ends.
    overflow_ = true;
    queue_.clear();
  } else {
    queue_.push_back(document);
  }
  return TakeTurnLocked();
}

bool Watch::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
  return TakeTurnLocked();
}

bool Watch::Matches(const v1::Document& document, const TextTerms& terms) {
  absl::MutexLock lock(&match_mu_);
  std::vector<std::pair<size_t, uint64_t>> learned;
  const bool matches = WatchMatches(spec_, document, terms, &learned);
  for (const auto& [group, id] : learned) spec_.entity_ids[group].insert(id);
  return matches;
}

bool WatchMatches(const WatchSpec& spec, const v1::Document& document, const TextTerms& terms,
                  std::vector<std::pair<size_t, uint64_t>>* learned) {
  const ResolvedFilter& filter = spec.filter;
  const uint32_t day = DocumentDay(document);
  if (day < filter.from_day || day > filter.to_day) return false;
  if (filter.outlets_set && !spec.outlets.contains(text::WithoutLeadingThe(
                                text::FoldName(document.metadata().outlet())))) {
    return false;
  }
  const v1::Annotations& annotations = document.annotations();
  if (!filter.entity_types.empty()) {
    bool any = false;
    for (const v1::Entity& e : annotations.entities()) {
      any |= std::find(filter.entity_types.begin(), filter.entity_types.end(),
                       static_cast<int>(e.type())) != filter.entity_types.end();
    }
    if (!any) return false;
  }
  // Every group is looked at, past one that does not match, so that each
  // learns the ids its name matched.
  bool all = true;
  for (size_t g = 0; g < spec.entity_ids.size(); ++g) {
    const std::string& name = spec.entity_names[g];
    bool any = false;
    for (const v1::Entity& e : annotations.entities()) {
      uint64_t hash = 0;
      const bool has_id = ParseEntityId(e.entity_id(), &hash);
      if (has_id && spec.entity_ids[g].contains(hash)) {
        any = true;
        break;
      }
      if (name.empty()) continue;
      // The name, or for a person a full name ending in it ("Blair" in
      // "Tony Blair"); not an organisation's name that ends in a place's
      // ("Japan" in "Export-Import Bank of Japan").
      const bool person = e.type() == v1::ENTITY_TYPE_PERSON;
      auto named = [&name, person](const std::string& spelling) {
        const std::string folded = text::FoldName(spelling);
        return folded == name || (person && absl::EndsWith(folded, " " + name));
      };
      bool by_name = named(e.name());
      for (const int m : e.mention_indices()) {
        if (by_name) break;
        by_name =
            m >= 0 && m < annotations.mentions_size() && named(annotations.mentions(m).text());
      }
      if (by_name) {
        any = true;
        if (has_id && learned != nullptr) learned->emplace_back(g, hash);
        break;
      }
    }
    all = all && any;
  }
  return all && terms.Matches(spec.query);
}

absl::StatusOr<WatchSpec> MakeWatchSpec(const WatchDocumentsSpec& watch, const Searcher& searcher) {
  WatchSpec spec;
  spec.query = watch.query;
  DOSSIER_RETURN_IF_ERROR(searcher.ResolveFilter(watch.filter, &spec.filter, nullptr));
  for (const std::string& outlet : watch.filter.outlets) {
    // A leading "the" aside, as the search's outlets are matched.
    spec.outlets.insert(std::string(text::WithoutLeadingThe(text::FoldName(outlet))));
  }
  for (size_t g = 0; g < spec.filter.entity_groups.size(); ++g) {
    absl::flat_hash_set<uint64_t> ids(spec.filter.entity_ids[g].begin(),
                                      spec.filter.entity_ids[g].end());
    const std::string& reference = watch.filter.entities[g];
    uint64_t hash = 0;
    if (ParseEntityId(reference, &hash)) {
      // An id names an entity the registry has: one it does not know (a
      // typo, another store's) would wait for ever. A name waits for the
      // entity's first document.
      if (ids.empty()) {
        return ErrorWithReason(absl::StatusCode::kNotFound, "ENTITY_NOT_FOUND",
                               absl::StrCat("filter.entities: no entity has the id '", reference,
                                            "'; to wait for a new entity, watch its name"));
      }
      ids.insert(hash);
      spec.entity_names.emplace_back();
    } else {
      spec.entity_names.push_back(text::FoldName(reference));
    }
    spec.entity_ids.push_back(std::move(ids));
  }
  return spec;
}

absl::StatusOr<std::shared_ptr<Watch>> WatchHub::Subscribe(WatchSpec spec,
                                                           std::function<void()> wake) {
  absl::MutexLock lock(&mu_);
  if (closed_) return absl::UnavailableError("the query service is shutting down");
  if (watches_.size() >= options_.max_watches) {
    return absl::ResourceExhaustedError(
        "too many open watches on this query service; try again later");
  }
  auto watch = std::make_shared<Watch>(std::move(spec), options_.buffer);
  watches_.push_back(Entry{watch, std::move(wake)});
  return watch;
}

void WatchHub::Unsubscribe(const Watch* watch) {
  absl::MutexLock lock(&mu_);
  watches_.erase(std::remove_if(watches_.begin(), watches_.end(),
                                [watch](const Entry& e) { return e.watch.get() == watch; }),
                 watches_.end());
}

void WatchHub::Publish(const std::vector<const v1::Document*>& documents) {
  std::vector<Entry> watches;
  {
    absl::MutexLock lock(&mu_);
    if (watches_.empty()) return;
    watches = watches_;
  }
  for (const v1::Document* document : documents) {
    const TextTerms terms(document->text(), SearchableTitle(*document));
    v1::Document basic;
    bool made = false;
    for (const Entry& entry : watches) {
      if (!entry.watch->Matches(*document, terms)) continue;
      if (!made) {
        basic = *document;
        ApplyView(v1::DOCUMENT_VIEW_BASIC, &basic);
        made = true;
      }
      if (entry.watch->Offer(basic)) entry.wake();
    }
  }
}

void WatchHub::Close() {
  std::vector<Entry> watches;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    watches = watches_;
  }
  for (const Entry& entry : watches) {
    if (entry.watch->Close()) entry.wake();
  }
}

size_t WatchHub::size() const {
  absl::MutexLock lock(&mu_);
  return watches_.size();
}

}  // namespace dossier::query
