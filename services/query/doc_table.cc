#include "services/query/doc_table.h"

#include <xxhash.h>

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "common/keys.h"
#include "text/fold.h"

namespace dossier::query {

DocTable::DocTable()
    : segments_(new std::atomic<DocRow*>[kMaxSegments]),
      arenas_(new std::atomic<uint32_t*>[kMaxSegments]),
      deleted_(new std::atomic<std::atomic<uint64_t>*>[kMaxSegments]),
      replaced_(new std::atomic<std::atomic<uint32_t>*>[kMaxSegments]) {
  for (size_t i = 0; i < kMaxSegments; ++i) {
    segments_[i].store(nullptr, std::memory_order_relaxed);
    deleted_[i].store(nullptr, std::memory_order_relaxed);
    replaced_[i].store(nullptr, std::memory_order_relaxed);
    arenas_[i].store(nullptr, std::memory_order_relaxed);
  }
}

absl::Span<const uint32_t> DocTable::entities(const DocRow& row) const {
  if (row.entity_count == 0) return {};
  const uint32_t* arena = arenas_[row.entities_at >> kArenaBits].load(std::memory_order_relaxed);
  return absl::Span<const uint32_t>(arena + (row.entities_at & kArenaMask), row.entity_count);
}

void DocTable::Append(const DocRow& input, absl::Span<const uint32_t> entities) {
  const uint32_t doc = appended_;
  const size_t segment = doc >> kSegmentBits;
  if (segment >= owned_segments_.size()) {
    owned_segments_.push_back(std::make_unique<DocRow[]>(size_t{1} << kSegmentBits));
    segments_[segment].store(owned_segments_.back().get(), std::memory_order_release);
    constexpr size_t kWords = (size_t{1} << kSegmentBits) / 64;
    owned_deleted_.push_back(std::make_unique<std::atomic<uint64_t>[]>(kWords));
    for (size_t i = 0; i < kWords; ++i)
      owned_deleted_.back()[i].store(0, std::memory_order_relaxed);
    deleted_[segment].store(owned_deleted_.back().get(), std::memory_order_release);
  }
  DocRow row = input;
  // A list never straddles two arenas; lists longer than an arena are cut.
  const uint64_t count = std::min<uint64_t>(entities.size(), kArenaMask);
  uint64_t at = arena_used_;
  if ((at & kArenaMask) + count > (uint64_t{1} << kArenaBits)) {
    at = ((at >> kArenaBits) + 1) << kArenaBits;
  }
  if (count > 0) {
    const size_t arena = at >> kArenaBits;
    while (arena >= owned_arenas_.size()) {
      owned_arenas_.push_back(std::make_unique<uint32_t[]>(size_t{1} << kArenaBits));
      arenas_[owned_arenas_.size() - 1].store(owned_arenas_.back().get(),
                                              std::memory_order_release);
    }
    std::copy(entities.begin(), entities.begin() + count,
              owned_arenas_[arena].get() + (at & kArenaMask));
  }
  row.entities_at = static_cast<uint32_t>(at);
  row.entity_count = static_cast<uint32_t>(count);
  arena_used_ = at + count;
  owned_segments_[segment][doc & kSegmentMask] = row;
  appended_length_ += row.length;
  ++appended_;
}

uint64_t StoryKey(absl::string_view story_id) {
  uint64_t key = 0;
  if (story_id.size() < 16) return 0;
  for (size_t i = 0; i < 16; ++i) {
    const char c = story_id[i];
    const int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (digit < 0) return 0;
    key = key << 4 | static_cast<uint64_t>(digit);
  }
  return key;
}

void DocTable::SetStory(uint32_t doc, uint64_t story) {
  if (doc >= appended_) return;
  owned_segments_[doc >> kSegmentBits][doc & kSegmentMask].story = story;
}

void DocTable::Rollback() {
  appended_ = published_.load(std::memory_order_relaxed);
  appended_length_ = total_length_.load(std::memory_order_relaxed);
  arena_used_ = published_arena_used_;
}

void DocTable::Publish() {
  published_arena_used_ = arena_used_;
  total_length_.store(appended_length_, std::memory_order_release);
  published_.store(appended_, std::memory_order_release);
}

void DocTable::MarkDeleted(uint32_t doc) {
  std::atomic<uint64_t>& word =
      deleted_[doc >> kSegmentBits].load(std::memory_order_relaxed)[(doc & kSegmentMask) >> 6];
  const uint64_t bit = uint64_t{1} << (doc & 63);
  if (word.fetch_or(bit, std::memory_order_acq_rel) & bit) return;
  deleted_count_.fetch_add(1, std::memory_order_acq_rel);
  const uint32_t length = row(doc).length;
  appended_length_ -= length;
  if (doc < published_.load(std::memory_order_relaxed)) {
    total_length_.fetch_sub(length, std::memory_order_acq_rel);
  }
}

void DocTable::MarkReplaced(uint32_t doc, uint32_t by) {
  const size_t segment = doc >> kSegmentBits;
  std::atomic<uint32_t>* rows = replaced_[segment].load(std::memory_order_relaxed);
  if (rows == nullptr) {
    const size_t n = size_t{1} << kSegmentBits;
    owned_replaced_.push_back(std::make_unique<std::atomic<uint32_t>[]>(n));
    rows = owned_replaced_.back().get();
    for (size_t i = 0; i < n; ++i) rows[i].store(0, std::memory_order_relaxed);
    replaced_[segment].store(rows, std::memory_order_release);
  }
  // Before the deleted bit: a reader that sees the bit sees this too.
  rows[doc & kSegmentMask].store(by, std::memory_order_release);
  MarkDeleted(doc);
}

uint64_t EntityIdHash(int type, absl::string_view key) { return Hash64(EntityHandle(type, key)); }

std::string EntityIdString(uint64_t id_hash) { return absl::StrFormat("ent_%016x", id_hash); }

bool ParseEntityId(absl::string_view id, uint64_t* id_hash) {
  absl::ConsumePrefix(&id, "entities/");
  if (!absl::ConsumePrefix(&id, "ent_") || id.size() != 16) return false;
  for (const char c : id) {
    if (!absl::ascii_isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleHexAtoi(id, id_hash);
}

std::string EntityHandle(int type, absl::string_view key) { return absl::StrCat(type, ":", key); }

void Dictionaries::LoadEntity(uint32_t ordinal, EntityInfo info) {
  absl::MutexLock lock(&mu_);
  if (entities_.size() <= ordinal) entities_.resize(ordinal + 1);
  entity_by_handle_[EntityHandle(info.type, info.key)] = ordinal;
  entity_by_id_[info.id_hash] = ordinal;
  entities_[ordinal] = std::move(info);
  committed_entities_ = entities_.size();
}

void Dictionaries::LoadOutlet(uint32_t ordinal, std::string folded, std::string display) {
  absl::MutexLock lock(&mu_);
  if (outlets_.size() <= ordinal) outlets_.resize(ordinal + 1);
  outlet_by_folded_[folded] = ordinal;
  outlets_[ordinal] = std::move(display);
  committed_outlets_ = outlets_.size();
}

uint32_t Dictionaries::EntityOrdinal(int type, absl::string_view key, bool* created) {
  absl::MutexLock lock(&mu_);
  const std::string handle = EntityHandle(type, key);
  auto it = entity_by_handle_.find(handle);
  if (it != entity_by_handle_.end()) {
    *created = false;
    return it->second;
  }
  const uint32_t ordinal = static_cast<uint32_t>(entities_.size());
  EntityInfo info;
  info.type = type;
  info.key = std::string(key);
  info.id_hash = Hash64(handle);
  entity_by_handle_.emplace(handle, ordinal);
  entity_by_id_.emplace(info.id_hash, ordinal);
  entities_.push_back(std::move(info));
  *created = true;
  return ordinal;
}

uint32_t Dictionaries::OutletOrdinal(absl::string_view folded, absl::string_view display,
                                     bool* created) {
  absl::MutexLock lock(&mu_);
  auto it = outlet_by_folded_.find(folded);
  if (it != outlet_by_folded_.end()) {
    *created = false;
    return it->second;
  }
  const uint32_t ordinal = static_cast<uint32_t>(outlets_.size());
  outlet_by_folded_.emplace(std::string(folded), ordinal);
  outlets_.emplace_back(display);
  *created = true;
  return ordinal;
}

namespace {

constexpr char kWhole = 0;
constexpr char kSuffix = 1;
// What follows a name in an entry: 0, ordinal(4), flag(1).
constexpr size_t kNameTail = 6;

std::string NameEntry(absl::string_view folded, uint32_t ordinal, char flag) {
  std::string entry(folded);
  entry.push_back('\0');
  AppendBigEndian32(&entry, ordinal);
  entry.push_back(flag);
  return entry;
}

}  // namespace

bool Dictionaries::AddName(uint32_t ordinal, absl::string_view folded) {
  absl::MutexLock lock(&mu_);
  std::string whole = NameEntry(folded, ordinal, kWhole);
  if (!names_.insert(whole).second) return false;
  pending_names_.push_back(std::move(whole));
  for (size_t at = folded.find(' '); at != absl::string_view::npos; at = folded.find(' ', at + 1)) {
    std::string suffix = NameEntry(folded.substr(at + 1), ordinal, kSuffix);
    if (names_.insert(suffix).second) pending_names_.push_back(std::move(suffix));
  }
  return true;
}

void Dictionaries::NamedBy(absl::string_view folded, size_t limit, std::vector<uint32_t>* whole,
                           std::vector<uint32_t>* suffix) const {
  std::string start(folded);
  start.push_back('\0');
  absl::ReaderMutexLock lock(&mu_);
  for (auto it = names_.lower_bound(start); it != names_.end() && absl::StartsWith(*it, start);
       ++it) {
    if (it->size() != start.size() + kNameTail - 1) continue;
    const uint32_t ordinal = ReadBigEndian32(absl::string_view(*it).substr(start.size(), 4));
    if (ordinal >= committed_entities_) continue;
    std::vector<uint32_t>* out = it->back() == kWhole ? whole : suffix;
    if (out->size() < limit) out->push_back(ordinal);
  }
}

std::vector<uint32_t> Dictionaries::NamesStartingWith(absl::string_view prefix,
                                                      size_t limit) const {
  std::vector<uint32_t> out;
  absl::ReaderMutexLock lock(&mu_);
  size_t read = 0;
  for (auto it = names_.lower_bound(prefix);
       it != names_.end() && absl::StartsWith(*it, prefix) && read < limit; ++it, ++read) {
    if (it->size() < kNameTail) continue;
    const uint32_t ordinal =
        ReadBigEndian32(absl::string_view(*it).substr(it->size() - kNameTail + 1, 4));
    if (ordinal < committed_entities_) out.push_back(ordinal);
  }
  return out;
}

void Dictionaries::AddEntityCounts(uint32_t ordinal, int64_t documents, int64_t mentions,
                                   uint32_t first_day, uint32_t last_day) {
  absl::MutexLock lock(&mu_);
  EntityInfo& info = entities_[ordinal];
  info.documents += documents;
  info.mentions += mentions;
  if (first_day != 0 && (info.first_day == 0 || first_day < info.first_day)) {
    info.first_day = first_day;
  }
  info.last_day = std::max(info.last_day, last_day);
}

void Dictionaries::SetEntityDays(uint32_t ordinal, uint32_t first_day, uint32_t last_day) {
  absl::MutexLock lock(&mu_);
  EntityInfo& info = entities_[ordinal];
  info.first_day = first_day;
  info.last_day = last_day;
}

bool Dictionaries::AddStemmedWord(absl::string_view term) {
  const uint64_t hash = XXH3_64bits(term.data(), term.size());
  absl::MutexLock lock(&mu_);
  if (!stemmed_words_.insert(hash).second) return false;
  pending_stemmed_words_.push_back(hash);
  return true;
}

void Dictionaries::Commit() {
  absl::MutexLock lock(&mu_);
  pending_names_.clear();
  pending_stemmed_words_.clear();
  committed_entities_ = entities_.size();
  committed_outlets_ = outlets_.size();
}

void Dictionaries::Rollback() {
  absl::MutexLock lock(&mu_);
  for (const std::string& entry : pending_names_) names_.erase(entry);
  pending_names_.clear();
  for (const uint64_t hash : pending_stemmed_words_) stemmed_words_.erase(hash);
  pending_stemmed_words_.clear();
  while (entities_.size() > committed_entities_) {
    const EntityInfo& info = entities_.back();
    entity_by_handle_.erase(EntityHandle(info.type, info.key));
    entity_by_id_.erase(info.id_hash);
    entities_.pop_back();
  }
  while (outlets_.size() > committed_outlets_) {
    for (auto it = outlet_by_folded_.begin(); it != outlet_by_folded_.end(); ++it) {
      if (it->second == outlets_.size() - 1) {
        outlet_by_folded_.erase(it);
        break;
      }
    }
    outlets_.pop_back();
  }
}

size_t Dictionaries::entity_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return committed_entities_;
}

bool Dictionaries::Entity(uint32_t ordinal, EntityInfo* out) const {
  absl::ReaderMutexLock lock(&mu_);
  if (ordinal >= committed_entities_) return false;
  *out = entities_[ordinal];
  return true;
}

bool Dictionaries::EntityOfBatch(uint32_t ordinal, EntityInfo* out) const {
  absl::ReaderMutexLock lock(&mu_);
  if (ordinal >= entities_.size()) return false;
  *out = entities_[ordinal];
  return true;
}

bool Dictionaries::FindEntity(int type, absl::string_view key, uint32_t* ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = entity_by_handle_.find(EntityHandle(type, key));
  if (it == entity_by_handle_.end()) return false;
  *ordinal = it->second;
  return true;
}

bool Dictionaries::EntityByIdHash(uint64_t id_hash, uint32_t* ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = entity_by_id_.find(id_hash);
  if (it == entity_by_id_.end() || it->second >= committed_entities_) return false;
  *ordinal = it->second;
  return true;
}

std::vector<EntityInfo> Dictionaries::Entities(absl::Span<const uint32_t> ordinals) const {
  absl::ReaderMutexLock lock(&mu_);
  std::vector<EntityInfo> out;
  out.reserve(ordinals.size());
  for (const uint32_t o : ordinals) {
    out.push_back(o < committed_entities_ ? entities_[o] : EntityInfo());
  }
  return out;
}

int Dictionaries::EntityType(uint32_t ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  return ordinal < committed_entities_ ? entities_[ordinal].type : 0;
}

int64_t Dictionaries::EntityDocuments(uint32_t ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  return ordinal < committed_entities_ ? entities_[ordinal].documents : 0;
}

size_t Dictionaries::outlet_count() const {
  absl::ReaderMutexLock lock(&mu_);
  return committed_outlets_;
}

bool Dictionaries::OutletByFolded(absl::string_view folded, uint32_t* ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  auto it = outlet_by_folded_.find(folded);
  if (it == outlet_by_folded_.end() || it->second >= committed_outlets_) {
    // "washington post" and "the washington post": the other one.
    const absl::string_view bare = text::WithoutLeadingThe(folded);
    it = outlet_by_folded_.find(bare.size() < folded.size() ? std::string(bare)
                                                            : absl::StrCat("the ", folded));
  }
  if (it == outlet_by_folded_.end() || it->second >= committed_outlets_) return false;
  *ordinal = it->second;
  return true;
}

std::string Dictionaries::OutletName(uint32_t ordinal) const {
  absl::ReaderMutexLock lock(&mu_);
  return ordinal < committed_outlets_ ? outlets_[ordinal] : std::string();
}

}  // namespace dossier::query
