// The query store's column families and key layout: the one place that says
// what is where. One RocksDB per query instance (per shard); nothing in a key
// names the shard, so re-sharding moves keys without rewriting them.
//
// Integers in keys are big-endian so that RocksDB's bytewise order is numeric
// order. A document id in a key is its 16 raw bytes (common/ids.h IdToKey).
//
//   documents   id(16)                         -> v1::Document, serialized
//               The full document: text, metadata, annotations.
//   by_date     ~day(4) id(16)                 -> ""
//               Written by stores from before the search index (which lists
//               now); read once, to index their documents. `day` counts days
//               from 0001-01-01 of the publish date (the accept date when
//               there is none); stored inverted (0xFFFFFFFF - day).
//   counters    name                           -> uint64, little-endian
//               Merged with RocksDB's built-in "uint64add" operator.
//               "documents": how many documents are stored.
//               "words": their summed search-index lengths.
//   story_features  doc(4)                     -> story id(16), then the
//               quantized TF-IDF vector and entity vector (stories.cc):
//               what story matching compares.
//   story_keys  key(4) day(4) doc(4)           -> ""
//               The salient entities (hash, low bit 1) and heaviest terms
//               (hash, low bit 0) of each document by its day: where
//               matching looks for earlier documents about the same thing.
//   stories     story id(16)                   -> v1::Story
//   story_members  story id(16) ~day(4) id(16) -> ""
//               A story's documents, newest first.
//   stories_by_date  ~last day(4) story id(16) -> ""
//               Stories, most recently dated first.
//
// The search index. Each document also gets a local document number (u32,
// 0, 1, 2, ... in commit order): posting lists name documents by it, and
// the in-memory document table (doc_table.h) is indexed by it. It never
// leaves the shard; ids do.
//   doc_rows    doc(4)                         -> store::v1::DocumentRow
//               Loaded into the document table at start. A deleted
//               document's row stays, marked deleted: its number is never
//               reused, and its postings (left in the lists) are skipped.
//   postings    kind(1) body                   -> posting list (postings.h)
//               Appended to by RocksDB Merge (concatenation). Kinds:
//               'w' term     words of the text, with positions
//               'e' ent(4)   documents naming the entity; tf = mentions
//               'o' out(4)   documents of the outlet
//               't' type(1)  documents naming an entity of the type;
//                            tf = such entities
//               's' ent(4)   documents quoting the entity; tf = quotes
//               'a' ent(4)   documents with a quote naming the entity
//               'q' term     words inside quotes, with positions
//               'Q'          documents with quotes; tf = quotes
//               ent and out are dictionary ordinals; terms are
//               text/words.h terms.
//   dictionary  'O' folded outlet              -> out(4) display name
//               'S' stem '\0' term            -> ""
//               Every term of the word index by its stem (text/stem.h):
//               what a query word expands to. Written with the postings
//               that first name the term (the words written are kept in
//               memory, Dictionaries::AddStemmedWord, loaded at start);
//               stores from before it get it at start from their 'w' keys
//               (DocumentStore::Backfill), and counter "stems" says that
//               was done.
//               (Stores before 2026-11-30 also kept 'E' and 'N' keys for
//               entities and their spellings here; they are deleted at
//               start.)
//   entity_stats  ent(4)                       -> store::v1::EntityStats
//               Merged by entity_stats.h's operator. Every entity has one
//               from the batch that numbered it, with its type and key: the
//               entity dictionary and the spellings (forms and names) that
//               references resolve by are loaded from these.
//   quotes      doc(4)                         -> store::v1::StoredQuotes
//   registry    'e' id(8)                      -> store::v1::RegistryEntity
//               'k' ent(4)                     -> id(8)
//               The entity registry (registry.h): the registry entity of
//               each identity key, and what curation and knowledge bases
//               added. Written in the batch that links or curates.
//
// A document and all of its entries are written in one WriteBatch, synced,
// so a crash leaves either all of them or none. Deleting one
// (DocumentStore::Delete) is one synced batch too: the document, its
// by_date key, quotes, story_features and story_keys go; its doc_row is
// marked deleted; counters and entity_stats get negative operands; its
// story is recounted or removed. Postings are not rewritten.
#ifndef DOSSIER_SERVICES_QUERY_STORE_LAYOUT_H_
#define DOSSIER_SERVICES_QUERY_STORE_LAYOUT_H_

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "common/keys.h"
#include "common/store.h"
#include "services/query/entity_stats.h"
#include "services/query/postings.h"

namespace dossier::query {

enum ColumnFamily : size_t {
  kDocuments = 0,
  kByDate = 1,
  kCounters = 2,
  kDocFeatures = 3,      // story_features
  kStoryCandidates = 4,  // story_keys
  kStories = 5,
  kStoryMembers = 6,
  kStoriesByDate = 7,
  kDocRows = 8,
  kPostings = 9,
  kDictionary = 10,
  kEntityStats = 11,
  kQuotes = 12,
  kRegistry = 13,
};

// A document or story id in a key: its 16 raw bytes.
inline constexpr size_t kIdKeyBytes = 16;

// The families as the store opens them, row i for ColumnFamily i. Families
// read by id alone are hashed by it (store.h prefix_length).
inline constexpr ColumnFamilyRow<ColumnFamily> kColumnFamilies[] = {
    // Documents are written once, read by id, and the bulk of the store.
    {kDocuments, "documents", nullptr, kIdKeyBytes, ColumnFamilySpec::Values::kArchive},
    {kByDate, "by_date"},
    {kCounters, "counters", NewCounterMergeOperator},
    {kDocFeatures, "story_features", nullptr, 4},
    {kStoryCandidates, "story_keys", nullptr, 4},
    {kStories, "stories", nullptr, kIdKeyBytes},
    {kStoryMembers, "story_members"},
    {kStoriesByDate, "stories_by_date"},
    // Read whole at start: ordered memtables.
    {kDocRows, "doc_rows"},
    // A batch writes its lists in key order (index_writer.cc).
    {kPostings, "postings", NewConcatenateMergeOperator, 0, ColumnFamilySpec::Values::kSmall,
     /*sorted_insert_prefix=*/1},
    {kDictionary, "dictionary"},
    {kEntityStats, "entity_stats", NewEntityStatsMergeOperator},
    // Read by document number alone.
    {kQuotes, "quotes", nullptr, 4},
    // Read whole at start.
    {kRegistry, "registry"},
};
static_assert(InEnumOrder(kColumnFamilies), "kColumnFamilies out of ColumnFamily's order");

// Posting list kinds (the first byte of a postings key).
inline constexpr char kWordPostings = 'w';
inline constexpr char kEntityPostings = 'e';
inline constexpr char kOutletPostings = 'o';
inline constexpr char kTypePostings = 't';
inline constexpr char kSpeakerPostings = 's';
inline constexpr char kAboutPostings = 'a';
inline constexpr char kQuoteWordPostings = 'q';
inline constexpr char kQuotedPostings = 'Q';

// Registry key kinds.
inline constexpr char kRegistryEntity = 'e';
inline constexpr char kRegistryLink = 'k';

inline std::string RegistryEntityKey(uint64_t id) {
  std::string key(1, kRegistryEntity);
  AppendBigEndian64(&key, id);
  return key;
}

// Dictionary key kinds. The outlets and the legacy keys sort before the
// stems, which LoadIndex does not read.
inline constexpr char kOutletKey = 'O';
inline constexpr char kLegacyEntityKey = 'E';
inline constexpr char kLegacyNameKey = 'N';
inline constexpr char kStemKey = 'S';

// The dictionary key of `term` under its `stem`; StemPrefix(stem) begins
// the keys of every term of the stem.
inline std::string StemPrefix(absl::string_view stem) {
  std::string key(1, kStemKey);
  key.append(stem.data(), stem.size());
  key.push_back('\0');
  return key;
}
inline std::string StemKey(absl::string_view stem, absl::string_view term) {
  std::string key = StemPrefix(stem);
  key.append(term.data(), term.size());
  return key;
}

inline std::string OrdinalKey(uint32_t ordinal) {
  std::string key;
  AppendBigEndian32(&key, ordinal);
  return key;
}

inline std::string PostingsKey(char kind, absl::string_view body) {
  std::string key(1, kind);
  key.append(body.data(), body.size());
  return key;
}

inline std::string PostingsKey(char kind, uint32_t ordinal) {
  std::string key(1, kind);
  AppendBigEndian32(&key, ordinal);
  return key;
}

// Day numbers in keys: days from 0001-01-01.
inline constexpr size_t kDayBytes = 4;
// A by_date key: ~day(4) id(16).
inline constexpr size_t kByDateKeyBytes = kDayBytes + kIdKeyBytes;
// A stories_by_date key: ~last day(4) story id(16) (what a ListStories page
// token holds).
inline constexpr size_t kStoriesByDateKeyBytes = kDayBytes + kIdKeyBytes;

inline constexpr absl::string_view kDocumentsCounter = "documents";
inline constexpr absl::string_view kWordsCounter = "words";
// Rows a re-tag replaced (DocumentStore::Replace): deleted rows that are
// no deleted document.
inline constexpr absl::string_view kReplacedCounter = "replaced";
// Set (to 1) once the dictionary's stems cover every term of the word index.
inline constexpr absl::string_view kStemsCounter = "stems";

// uint64add operands: 8 bytes little-endian.
inline std::string EncodeCounter(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  return out;
}

inline uint64_t DecodeCounter(absl::string_view in) {
  uint64_t v = 0;
  for (int i = 7; i >= 0 && static_cast<size_t>(i) < in.size(); --i) {
    v = (v << 8) | static_cast<uint8_t>(in[i]);
  }
  return v;
}

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_STORE_LAYOUT_H_
