#include "services/query/stories.h"

#include <xxhash.h>

#include <algorithm>
#include <cstring>
#include <limits>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/binary_file.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "services/query/doc_table.h"
#include "services/query/index_writer.h"
#include "services/query/paging.h"
#include "services/query/store_layout.h"
#include "services/query/stored_document.h"
#include "services/query/text_match.h"

namespace dossier::query {
namespace {

uint64_t EntityHash(const v1::Entity& e) {
  const std::string key = absl::StrCat(static_cast<int>(e.type()), ":", e.key());
  return XXH3_64bits(key.data(), key.size());
}

// Who an entity of a document is, for comparing documents: the registry's
// entity it was linked to at index time ("Lavrov" and "Sergei Lavrov" are
// one), else its key. The keys a document is found by stay the ones it
// was stored with (the tagger's, or the numbered key of a surname's sense,
// Registry::SenseOf), which a later merge does not change, so that they can
// be taken out again when it is deleted.
uint64_t IdentityHash(const v1::Entity& e) {
  if (e.entity_id().empty()) return EntityHash(e);
  const std::string id = absl::StrCat("id:", e.entity_id());
  return XXH3_64bits(id.data(), id.size());
}

// (key, weight) pairs with one pair per key, the weights of a key summed;
// sorted by key.
std::vector<std::pair<uint64_t, float>> SumByKey(std::vector<std::pair<uint64_t, float>> weights) {
  std::sort(weights.begin(), weights.end());
  std::vector<std::pair<uint64_t, float>> merged;
  for (const auto& w : weights) {
    if (!merged.empty() && merged.back().first == w.first) {
      merged.back().second += w.second;
    } else {
      merged.push_back(w);
    }
  }
  return merged;
}

struct Features {
  std::string story_id;  // hex
  TermVector text;
  TermVector entities;
};

// Vectors are compared with their keys cut to 24 bits (two of a
// document's 64 terms meet by chance once in some 4,000 comparisons) and
// stored with weights cut to 8 bits: close enough for the cosines that
// decide stories, at a quarter of the bytes.
constexpr uint64_t kFeatureKeyMask = 0xFFFFFF;

void AppendQuantized(const TermVector& v, std::string* out) {
  AppendVarint32(out, static_cast<uint32_t>(v.size()));
  for (const auto& [key, weight] : v) {
    for (int shift = 0; shift < 24; shift += 8) out->push_back(static_cast<char>(key >> shift));
    out->push_back(
        static_cast<char>(std::clamp<int>(static_cast<int>(std::lround(weight * 255.0f)), 1, 255)));
  }
}

bool ReadQuantized(absl::string_view bytes, size_t* pos, TermVector* v) {
  uint32_t n = 0;
  if (!ReadVarint32(bytes, pos, &n) || bytes.size() - *pos < static_cast<size_t>(n) * 4) {
    return false;
  }
  v->resize(n);
  for (auto& [key, weight] : *v) {
    key = 0;
    for (int shift = 0; shift < 24; shift += 8) {
      key |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[(*pos)++])) << shift;
    }
    weight = static_cast<float>(static_cast<uint8_t>(bytes[(*pos)++])) / 255.0f;
  }
  return std::is_sorted(v->begin(), v->end());
}

// Layout: story id(16), then the text and entity vectors, quantized.
std::string EncodeFeatures(const Features& f) {
  std::string out = IdToKey(f.story_id);
  AppendQuantized(f.text, &out);
  AppendQuantized(f.entities, &out);
  return out;
}

bool DecodeFeatures(absl::string_view bytes, Features* f) {
  if (bytes.size() < kIdKeyBytes) return false;
  f->story_id = KeyToId(bytes.substr(0, kIdKeyBytes));
  size_t pos = kIdKeyBytes;
  return ReadQuantized(bytes, &pos, &f->text) && ReadQuantized(bytes, &pos, &f->entities) &&
         pos == bytes.size();
}

// key(4) day(4): the start of a candidate key; the document number follows.
std::string CandidateKey(uint32_t key, uint32_t day) {
  std::string out;
  AppendBigEndian32(&out, key);
  AppendBigEndian32(&out, day);
  return out;
}

// The key of a story's member entry: story(16) ~day(4) id(16).
std::string MemberKey(absl::string_view story_key, const v1::Document& d) {
  std::string member(story_key);
  AppendBigEndian32(&member, 0xFFFFFFFFu - DocumentDay(d));
  member += IdToKey(d.id());
  return member;
}

// Stories are stored without their name and id, which the key gives.
std::string SerializeStory(v1::Story story) {
  story.clear_name();
  story.clear_id();
  return story.SerializeAsString();
}

absl::Status ParseStory(absl::string_view id, absl::string_view bytes, v1::Story* story) {
  if (!story->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError("stored story does not parse");
  }
  story->set_id(std::string(id));
  story->set_name(absl::StrCat("stories/", id));
  return absl::OkStatus();
}

std::string ByDateKey(const v1::Story& story) {
  std::string key;
  const auto last = FromProtoDate(story.last_date());
  const uint32_t day =
      last.has_value() ? static_cast<uint32_t>(*last - absl::CivilDay(1, 1, 1)) : 0;
  AppendBigEndian32(&key, 0xFFFFFFFFu - day);
  key += IdToKey(story.id());
  return key;
}

// Adds what `d` brings to `story`: its date, outlet and entities.
void AddToStory(const v1::Document& d, absl::CivilDay day, v1::Story* story) {
  story->set_document_count(story->document_count() + 1);
  DaySpan<absl::CivilDay> days{FromProtoDate(story->first_date()),
                               FromProtoDate(story->last_date()), story->first_date_undated(),
                               story->last_date_undated()};
  days.Add(day, !d.metadata().has_publish_date());
  *story->mutable_first_date() = ToProtoDate(*days.first);
  *story->mutable_last_date() = ToProtoDate(*days.last);
  story->set_first_date_undated(days.first_undated);
  story->set_last_date_undated(days.last_undated);
  const std::string& outlet = d.metadata().outlet();
  // The first kMaxStoryOutlets: a story every outlet ran stays a size
  // a page of stories can hold.
  if (!outlet.empty() && story->outlets_size() < kMaxStoryOutlets &&
      std::find(story->outlets().begin(), story->outlets().end(), outlet) ==
          story->outlets().end()) {
    story->add_outlets(outlet);
  }
  absl::flat_hash_set<std::string> seen;
  auto* entities = story->mutable_entities();
  const int known = entities->size();
  for (const v1::Entity& e : d.annotations().entities()) {
    const std::string id = absl::StrCat(static_cast<int>(e.type()), ":", e.key());
    if (e.key().empty() || !seen.insert(id).second) continue;
    v1::StoryEntity* match = nullptr;
    for (auto& se : *entities) {
      if (se.type() == e.type() && se.key() == e.key()) match = &se;
    }
    if (match == nullptr) {
      match = story->add_entities();
      match->set_type(e.type());
      match->set_key(e.key());
    }
    match->set_document_count(match->document_count() + 1);
    if (e.name().size() > match->name().size()) match->set_name(e.name());
  }
  // Most named first; of those named equally, the newest first, so that
  // past kStoryEntityCandidates the oldest of the least named go and a
  // newcomer gets its chance to be named again.
  std::rotate(entities->begin(), entities->begin() + known, entities->end());
  std::stable_sort(entities->begin(), entities->end(),
                   [](const v1::StoryEntity& a, const v1::StoryEntity& b) {
                     return a.document_count() > b.document_count();
                   });
  while (entities->size() > kStoryEntityCandidates) entities->RemoveLast();
}

// The story of one document, as it is until a second joins.
v1::Story StoryOf(const v1::Document& d) {
  v1::Story story;
  story.set_id(d.id());
  story.set_name(absl::StrCat("stories/", d.id()));
  story.set_title(Headline(d));
  AddToStory(d, DayFromNumber(DocumentDay(d)), &story);
  *story.mutable_update_time() = d.index_time();
  return story;
}

// What a document is compared by (its story id left empty), and the keys
// it is found by.
Features Describe(const v1::Document& document, const IdfTable& idf, const StoryOptions& options,
                  std::vector<uint32_t>* keys_out) {
  Features mine;
  // The words of the text but the names: what is said, apart from who says
  // it (the entity vector carries who). Otherwise a surname that runs
  // through two interviews with one man makes them look like one story.
  std::string content = document.text();
  for (const v1::Mention& m : document.annotations().mentions()) {
    const size_t begin = std::min<size_t>(m.span().begin(), content.size());
    const size_t end = std::min<size_t>(m.span().end(), content.size());
    std::fill(content.begin() + begin, content.begin() + end, ' ');
  }
  mine.text = TfIdf(content, idf);
  std::vector<std::pair<uint64_t, float>> by_key, by_identity;
  for (const v1::Entity& e : document.annotations().entities()) {
    if (e.key().empty()) continue;
    const float salience = std::max(e.salience(), 1e-3f);
    by_key.emplace_back(EntityHash(e), salience);
    by_identity.emplace_back(IdentityHash(e), salience);
  }
  std::vector<std::pair<uint64_t, float>> salient = SumByKey(std::move(by_key));
  auto heavier = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  std::sort(salient.begin(), salient.end(), heavier);
  if (static_cast<int>(salient.size()) > options.candidate_entities) {
    salient.resize(options.candidate_entities);
  }
  mine.entities = Normalize(SumByKey(std::move(by_identity)));
  // The keys a document is found by: its salient entities and heaviest
  // terms (kept apart by the low bit), 32 bits of each.
  std::vector<uint32_t> keys;
  for (const auto& [entity, weight] : salient) keys.push_back(static_cast<uint32_t>(entity) | 1);
  std::vector<std::pair<uint64_t, float>> heavy = mine.text;
  std::sort(heavy.begin(), heavy.end(), heavier);
  for (size_t i = 0; i < heavy.size() && static_cast<int>(i) < options.candidate_terms; ++i) {
    keys.push_back(static_cast<uint32_t>(heavy[i].first) & ~uint32_t{1});
  }

  *keys_out = std::move(keys);
  // Compared as stored.
  for (TermVector* v : {&mine.text, &mine.entities}) {
    for (auto& [key, weight] : *v) key &= kFeatureKeyMask;
    std::sort(v->begin(), v->end());
  }
  return mine;
}

}  // namespace

absl::StatusOr<StoryMatch> Stories::Assign(v1::Document* document, uint32_t day, uint32_t number,
                                           StoryBatch* batch, absl::Time now) const {
  std::vector<uint32_t> keys;
  Features mine = Describe(*document, *idf_, options_, &keys);

  // Earlier documents within the window that share a key, in the store and
  // in this batch; the ones that share the most keys are compared.
  const uint32_t from =
      static_cast<uint32_t>(std::max<int64_t>(0, static_cast<int64_t>(day) - options_.window_days));
  const uint32_t to = day + static_cast<uint32_t>(options_.window_days);
  absl::flat_hash_map<uint32_t, int> hits;
  {
    auto it = store_->NewIterator(store_->cf(kStoryCandidates));
    for (const uint32_t key : keys) {
      const std::string start = CandidateKey(key, from);
      const absl::string_view key_bytes = absl::string_view(start).substr(0, 4);
      int taken = 0;
      for (it->Seek(ToSlice(start)); it->Valid() && taken < options_.candidates_per_key;
           it->Next(), ++taken) {
        const absl::string_view k = ToView(it->key());
        if (k.size() != 4 + kDayBytes + 4 || k.substr(0, 4) != key_bytes ||
            ReadBigEndian32(k.substr(4, kDayBytes)) > to) {
          break;
        }
        ++hits[ReadBigEndian32(k.substr(4 + kDayBytes))];
      }
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "story candidates"));
  }
  for (const StoryBatch::Candidate& c : batch->candidates) {
    if (c.day < from || c.day > to) continue;
    if (std::find(keys.begin(), keys.end(), c.key) != keys.end()) ++hits[c.number];
  }
  std::vector<std::pair<int, uint32_t>> ranked;
  for (auto& [other, count] : hits) ranked.emplace_back(count, other);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (static_cast<int>(ranked.size()) > options_.max_candidates) {
    ranked.resize(options_.max_candidates);
  }
  StoryMatch match;
  for (const auto& [count, other] : ranked) {
    if (other == number) continue;
    std::string value;
    if (auto in_batch = batch->features.find(other); in_batch != batch->features.end()) {
      value = in_batch->second;
    } else if (auto stored = store_->Get(store_->cf(kDocFeatures), OrdinalKey(other));
               stored.ok()) {
      value = std::move(*stored);
    } else if (stored.status().code() == absl::StatusCode::kNotFound) {
      continue;
    } else {
      return stored.status();
    }
    Features theirs;
    if (!DecodeFeatures(value, &theirs)) {
      return absl::DataLossError("stored story features do not decode");
    }
    // Documents that name no entity in common are never one story, however
    // alike their words: templated wire briefs (earnings, dividends, bond
    // issues) share every word but the company's name.
    const float shared_entities = Cosine(mine.entities, theirs.entities);
    if (shared_entities <= 0) continue;
    const float similarity = options_.text_weight * Cosine(mine.text, theirs.text) +
                             (1 - options_.text_weight) * shared_entities;
    if (similarity > match.similarity) {
      match.similarity = similarity;
      match.nearest_document = other;
      match.story_id = theirs.story_id;
    }
  }
  if (match.similarity < options_.threshold) match.story_id = document->id();
  mine.story_id = match.story_id;
  document->set_story_id(match.story_id);

  // The story, created or grown.
  const std::string story_key = IdToKey(match.story_id);
  auto in_batch = batch->stories.find(story_key);
  if (in_batch == batch->stories.end()) {
    v1::Story story;
    auto stored = store_->Get(store_->cf(kStories), story_key);
    if (stored.ok()) {
      DOSSIER_RETURN_IF_ERROR(ParseStory(match.story_id, *stored, &story));
      batch->stale_dates.push_back(ByDateKey(story));
    } else if (stored.status().code() != absl::StatusCode::kNotFound) {
      return stored.status();
    } else if (match.story_id == document->id()) {
      story.set_id(match.story_id);
      story.set_name(absl::StrCat("stories/", match.story_id));
      story.set_title(Headline(*document));
    } else {
      // An earlier document's story of one, kept only as that document:
      // made whole now that it grows, its member entry with it.
      DOSSIER_ASSIGN_OR_RETURN(const v1::Document first, StoredDocument(match.story_id));
      story = StoryOf(first);
      batch->stale_dates.push_back(ByDateKey(story));
      batch->members.push_back(MemberKey(story_key, first));
    }
    in_batch = batch->stories.emplace(story_key, std::move(story)).first;
  }
  v1::Story& story = in_batch->second;
  AddToStory(*document, DayFromNumber(day), &story);
  *story.mutable_update_time() = ToProtoTimestamp(now);

  batch->features[number] = EncodeFeatures(mine);
  for (const uint32_t key : keys) batch->candidates.push_back({key, day, number});
  batch->members.push_back(MemberKey(story_key, *document));
  return match;
}

void Stories::Remember(const v1::Document& document, uint32_t day, uint32_t number,
                       StoryBatch* batch) const {
  std::vector<uint32_t> keys;
  Features features = Describe(document, *idf_, options_, &keys);
  features.story_id = document.story_id().empty() ? document.id() : document.story_id();
  batch->features[number] = EncodeFeatures(features);
  for (const uint32_t key : keys) batch->candidates.push_back({key, day, number});
}

absl::Status Stories::Forget(const v1::Document& document, uint32_t number,
                             rocksdb::WriteBatch* out) const {
  std::vector<uint32_t> keys;
  Describe(document, *idf_, options_, &keys);
  const uint32_t day = DocumentDay(document);
  for (const uint32_t key : keys) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        out->Delete(store_->cf(kStoryCandidates), CandidateKey(key, day) + OrdinalKey(number))));
  }
  return FromRocksStatus(out->Delete(store_->cf(kDocFeatures), OrdinalKey(number)));
}

absl::Status Stories::Recount(const v1::Document& document, const v1::Document* replacement,
                              absl::Time now, rocksdb::WriteBatch* out) const {
  const std::string story_id = document.story_id().empty() ? document.id() : document.story_id();
  const std::string story_key = IdToKey(story_id);
  auto stored = store_->Get(store_->cf(kStories), story_key);
  if (!stored.ok()) {
    if (stored.status().code() != absl::StatusCode::kNotFound) return stored.status();
    // A story of one document, kept only as that document.
    if (story_id == document.id()) {
      DOSSIER_RETURN_IF_ERROR(
          FromRocksStatus(out->Delete(store_->cf(kStoriesByDate), ByDateKey(StoryOf(document)))));
      if (replacement != nullptr) {
        DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
            out->Put(store_->cf(kStoriesByDate), ByDateKey(StoryOf(*replacement)), "")));
      }
    }
    return absl::OkStatus();
  }
  v1::Story story;
  DOSSIER_RETURN_IF_ERROR(ParseStory(story_id, *stored, &story));
  DOSSIER_RETURN_IF_ERROR(
      FromRocksStatus(out->Delete(store_->cf(kStoriesByDate), ByDateKey(story))));
  if (replacement == nullptr) {
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(out->Delete(store_->cf(kStoryMembers), MemberKey(story_key, document))));
  }
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> members,
                           Members(story_id, std::numeric_limits<int>::max()));
  std::vector<v1::Document> remaining;
  for (const std::string& member : members) {
    if (member == document.id()) {
      if (replacement != nullptr) remaining.push_back(*replacement);
      continue;
    }
    auto other = StoredDocument(member);
    if (!other.ok()) {
      if (other.status().code() == absl::StatusCode::kNotFound) continue;
      return other.status();
    }
    remaining.push_back(std::move(*other));
  }
  if (remaining.empty()) {
    return FromRocksStatus(out->Delete(store_->cf(kStories), story_key));
  }
  // Recounted, oldest first as they joined (members are newest first).
  v1::Story fresh;
  fresh.set_id(story.id());
  fresh.set_name(story.name());
  // The title is the first document's (the one the story is named by),
  // while it is there: members of one day are in no order of joining.
  const v1::Document* first = &remaining.back();
  for (const v1::Document& d : remaining) {
    if (d.id() == story.id()) first = &d;
  }
  fresh.set_title(Headline(*first));
  for (auto it = remaining.rbegin(); it != remaining.rend(); ++it) {
    AddToStory(*it, DayFromNumber(DocumentDay(*it)), &fresh);
  }
  *fresh.mutable_update_time() = ToProtoTimestamp(now);
  DOSSIER_RETURN_IF_ERROR(
      FromRocksStatus(out->Put(store_->cf(kStories), story_key, SerializeStory(fresh))));
  return FromRocksStatus(out->Put(store_->cf(kStoriesByDate), ByDateKey(fresh), ""));
}

absl::Status Stories::Remove(const v1::Document& document, uint32_t number, absl::Time now,
                             rocksdb::WriteBatch* out) const {
  DOSSIER_RETURN_IF_ERROR(Forget(document, number, out));
  return Recount(document, nullptr, now, out);
}

absl::Status Stories::Replace(const v1::Document& old_document, uint32_t old_number,
                              const v1::Document& document, uint32_t number, absl::Time now,
                              rocksdb::WriteBatch* out) const {
  DOSSIER_RETURN_IF_ERROR(Forget(old_document, old_number, out));
  StoryBatch batch;
  Remember(document, DocumentDay(document), number, &batch);
  DOSSIER_RETURN_IF_ERROR(Write(batch, out));
  return Recount(old_document, &document, now, out);
}

absl::Status Stories::Write(const StoryBatch& batch, rocksdb::WriteBatch* out) const {
  for (const auto& c : batch.candidates) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(out->Put(
        store_->cf(kStoryCandidates), CandidateKey(c.key, c.day) + OrdinalKey(c.number), "")));
  }
  for (const auto& [number, value] : batch.features) {
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(out->Put(store_->cf(kDocFeatures), OrdinalKey(number), value)));
  }
  for (const std::string& key : batch.stale_dates) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(out->Delete(store_->cf(kStoriesByDate), key)));
  }
  // A story of one document is that document: only its date entry is
  // written (Get and Members make the rest from the document).
  for (const auto& [key, story] : batch.stories) {
    if (story.document_count() > 1) {
      DOSSIER_RETURN_IF_ERROR(
          FromRocksStatus(out->Put(store_->cf(kStories), key, SerializeStory(story))));
    }
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(out->Put(store_->cf(kStoriesByDate), ByDateKey(story), "")));
  }
  for (const std::string& member : batch.members) {
    auto story = batch.stories.find(member.substr(0, kIdKeyBytes));
    if (story != batch.stories.end() && story->second.document_count() == 1) continue;
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(out->Put(store_->cf(kStoryMembers), member, "")));
  }
  return absl::OkStatus();
}

absl::StatusOr<v1::Document> Stories::StoredDocument(absl::string_view id) const {
  auto value = store_->Get(store_->cf(kDocuments), IdToKey(id));
  if (!value.ok()) return value.status();
  v1::Document document;
  DOSSIER_RETURN_IF_ERROR(DecodeStoredDocument(id, *value, &document));
  return document;
}

absl::StatusOr<v1::Story> Stories::Get(absl::string_view id) const {
  auto value = store_->Get(store_->cf(kStories), IdToKey(id));
  if (!value.ok()) {
    if (value.status().code() != absl::StatusCode::kNotFound) return value.status();
    // A story of one document, which alone keeps it.
    auto document = StoredDocument(id);
    if (document.ok() && document->story_id() == id) return StoryOf(*document);
    if (!document.ok() && document.status().code() != absl::StatusCode::kNotFound) {
      return document.status();
    }
    return ErrorWithReason(absl::StatusCode::kNotFound, "STORY_NOT_FOUND",
                           absl::StrCat("no story stories/", id));
  }
  v1::Story story;
  DOSSIER_RETURN_IF_ERROR(ParseStory(id, *value, &story));
  return story;
}

absl::StatusOr<std::vector<std::string>> Stories::Members(absl::string_view id, int limit) const {
  std::vector<std::string> out;
  const std::string prefix = IdToKey(id);
  auto it = store_->NewIterator(store_->cf(kStoryMembers));
  for (it->Seek(ToSlice(prefix)); it->Valid() && it->key().starts_with(ToSlice(prefix)) &&
                                  static_cast<int>(out.size()) < limit;
       it->Next()) {
    out.push_back(KeyToId(ToView(it->key()).substr(prefix.size() + kDayBytes)));
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "story members"));
  if (out.empty() && limit > 0) {
    // A story of one document has no member entries.
    auto document = StoredDocument(id);
    if (document.ok() && document->story_id() == id) out.push_back(std::string(id));
  }
  return out;
}

absl::Status Stories::List(const ListStoriesSpec& spec, v1::ListStoriesResponse* response,
                           int default_page_size, int max_page_size, size_t response_bytes,
                           const std::function<void(v1::Story*)>& fill,
                           const std::function<bool(uint64_t)>& keep) const {
  const size_t page_size = CapPageSize(spec.page_size, default_page_size, max_page_size);
  const std::string& start = spec.after;
  auto it = store_->NewIterator(store_->cf(kStoriesByDate));
  it->Seek(ToSlice(start));
  if (!start.empty() && it->Valid() && ToView(it->key()) == start) it->Next();
  PageBudget budget(response_bytes, 0, kPageTokenBytes);
  std::string last;
  for (; it->Valid() && static_cast<size_t>(response->stories_size()) < page_size; it->Next()) {
    const std::string id = KeyToId(ToView(it->key()).substr(kDayBytes));
    if (keep == nullptr || keep(StoryKey(id))) {
      auto story = Get(id);
      if (!story.ok()) return story.status();
      if (story->document_count() >= spec.min_documents) {
        fill(&*story);
        // Full by bytes: the next page starts at this story.
        if (!budget.Take(ElementBytes(*story))) break;
        *response->add_stories() = std::move(*story);
      }
    }
    last = std::string(ToView(it->key()));
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "stories"));
  if (it->Valid() && !last.empty()) {
    response->set_next_page_token(KeyPageToken(last));
  }
  return absl::OkStatus();
}

void CountStoryDocument(const v1::Document& document, v1::Story* story) {
  AddToStory(document, DayFromNumber(DocumentDay(document)), story);
}

}  // namespace dossier::query
