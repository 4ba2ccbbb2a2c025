#include "services/query/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/keys.h"
#include "common/knowledge_base.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "dossier/store/v1/store.pb.h"
#include "rocksdb/slice.h"
#include "services/query/paging.h"
#include "services/query/store_layout.h"
#include "services/query/stored_document.h"
#include "services/query/text_match.h"
#include "text/fold.h"
#include "text/stem.h"
#include "text/words.h"

namespace dossier::query {
namespace {

// ---------------------------------------------------------------------------
// Reading lists.

// The lists one request reads, pinned while its iterators use them.
class IndexReader {
 public:
  IndexReader(const Store* store, const DocTable* table, uint32_t limit, uint64_t documents,
              uint64_t words, size_t max_prefix_terms)
      : store_(store),
        table_(table),
        limit_(limit),
        bm25_(documents, words),
        max_prefix_terms_(max_prefix_terms) {}

  uint32_t limit() const { return limit_; }
  const Bm25& bm25() const { return bm25_; }

  // The list at `key`, in the segments RocksDB holds it in (no merge, no
  // copy); none when there is no list.
  absl::StatusOr<PostingSegments> Load(const std::string& key) {
    int expected = 16;
    for (int attempt = 0; attempt < 3; ++attempt) {
      auto slices = std::make_unique<rocksdb::PinnableSlice[]>(expected);
      rocksdb::GetMergeOperandsOptions options;
      options.expected_max_number_of_operands = expected;
      int found = 0;
      const rocksdb::Status s =
          store_->db()->GetMergeOperands(rocksdb::ReadOptions(), store_->cf(kPostings),
                                         ToSlice(key), slices.get(), &options, &found);
      if (s.IsIncomplete()) {
        expected = std::max(found, 2 * expected);
        continue;
      }
      if (s.IsNotFound()) return PostingSegments();
      if (!s.ok()) return FromRocksStatus(s, "read posting list");
      PostingSegments segments;
      segments.reserve(found);
      for (int i = 0; i < found; ++i) {
        if (slices[i].size() > 0) segments.emplace_back(slices[i].data(), slices[i].size());
      }
      pinned_.push_back(std::move(slices));
      return segments;
    }
    return absl::UnavailableError("a posting list kept growing while it was read; retry");
  }

  enum class Weight { kFilter, kBm25, kTf };

  absl::StatusOr<std::unique_ptr<DocIterator>> List(const std::string& key, Weight weight) {
    DOSSIER_ASSIGN_OR_RETURN(PostingSegments list, Load(key));
    return FromList(std::move(list), weight);
  }

  std::unique_ptr<DocIterator> FromList(PostingSegments list, Weight weight) {
    if (list.empty()) return std::make_unique<EmptyIterator>();
    const uint64_t count = PostingCursor::CountBelow(list, limit_);
    const float idf = weight == Weight::kBm25 ? bm25_.Idf(count) : 0.0f;
    return std::make_unique<TermIterator>(std::move(list), count, table_, limit_, &bm25_, idf,
                                          weight == Weight::kTf);
  }

  // The iterator of a query over the lists of `kind` (words of the text or
  // of quotes).
  absl::StatusOr<std::unique_ptr<DocIterator>> Query(const QueryNode& node, char kind) {
    switch (node.kind) {
      case QueryNode::Kind::kTerm: {
        if (node.exact) return List(PostingsKey(kind, node.terms[0]), Weight::kBm25);
        DOSSIER_ASSIGN_OR_RETURN(auto forms, Word(node.terms[0], false, kind));
        return std::unique_ptr<DocIterator>(std::move(forms));
      }
      case QueryNode::Kind::kPrefix:
        return Prefix(node.terms[0], kind);
      case QueryNode::Kind::kPhrase:
        return Phrase(node, kind);
      case QueryNode::Kind::kAnd: {
        std::vector<std::unique_ptr<DocIterator>> required, excluded;
        if (node.children.empty()) {
          required.push_back(std::make_unique<AllIterator>(limit_, table_));
        }
        for (const QueryNode& child : node.children) {
          const bool exclude = child.kind == QueryNode::Kind::kNot;
          DOSSIER_ASSIGN_OR_RETURN(auto it, Query(exclude ? child.children[0] : child, kind));
          (exclude ? excluded : required).push_back(std::move(it));
        }
        return std::unique_ptr<DocIterator>(
            new AndIterator(std::move(required), std::move(excluded)));
      }
      case QueryNode::Kind::kOr: {
        std::vector<std::unique_ptr<DocIterator>> children;
        for (const QueryNode& child : node.children) {
          DOSSIER_ASSIGN_OR_RETURN(auto it, Query(child, kind));
          children.push_back(std::move(it));
        }
        return std::unique_ptr<DocIterator>(new OrIterator(std::move(children)));
      }
      case QueryNode::Kind::kNot:
        break;
    }
    return absl::InternalError("a query exclusion outside AND");
  }

  // The words of the index of `term`'s stem (text/stem.h), `term` first;
  // `term` alone when the stem has more than max_prefix_terms_ of them (a
  // bound on the lists one word reads).
  absl::StatusOr<std::vector<std::string>> Forms(const std::string& term) {
    std::vector<std::string> forms{term};
    const std::string prefix = StemPrefix(text::Stem(term));
    auto it = store_->NewIterator(store_->cf(kDictionary), rocksdb::ReadOptions());
    for (it->Seek(ToSlice(prefix)); it->Valid() && absl::StartsWith(ToView(it->key()), prefix);
         it->Next()) {
      const absl::string_view form = ToView(it->key()).substr(prefix.size());
      if (form != term) forms.emplace_back(form);
      if (forms.size() > max_prefix_terms_) return std::vector<std::string>{term};
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "read the stems"));
    return forms;
  }

  // One word of a query: its forms (`exact`: the word alone) as one term,
  // whose idf is that of its commonest form.
  absl::StatusOr<std::unique_ptr<FormsIterator>> Word(const std::string& term, bool exact,
                                                      char kind) {
    std::vector<std::string> forms{term};
    if (!exact) {
      DOSSIER_ASSIGN_OR_RETURN(forms, Forms(term));
    }
    std::vector<std::unique_ptr<TermIterator>> lists;
    uint64_t most = 0;
    bool first_is_word = false;
    for (const std::string& form : forms) {
      DOSSIER_ASSIGN_OR_RETURN(PostingSegments list, Load(PostingsKey(kind, form)));
      if (list.empty()) continue;
      first_is_word = first_is_word || (lists.empty() && form == term);
      const uint64_t count = PostingCursor::CountBelow(list, limit_);
      most = std::max(most, count);
      lists.push_back(std::make_unique<TermIterator>(std::move(list), count, table_, limit_, &bm25_,
                                                     0.0f, false));
    }
    const float idf = lists.empty() ? 0.0f : bm25_.Idf(most);
    return std::make_unique<FormsIterator>(std::move(lists), first_is_word, table_, &bm25_, idf);
  }

  // A phrase: its words in order, each (unless the phrase was quoted) in
  // any of its forms.
  absl::StatusOr<std::unique_ptr<DocIterator>> Phrase(const QueryNode& node, char kind) {
    std::vector<std::unique_ptr<FormsIterator>> words;
    float idf = 0;
    for (const std::string& term : node.terms) {
      DOSSIER_ASSIGN_OR_RETURN(auto word, Word(term, node.exact, kind));
      if (word->doc() == kEndDoc) return std::unique_ptr<DocIterator>(new EmptyIterator());
      idf += word->idf();
      words.push_back(std::move(word));
    }
    return std::unique_ptr<DocIterator>(new PhraseIterator(std::move(words), table_, &bm25_, idf));
  }

  absl::StatusOr<std::unique_ptr<DocIterator>> Prefix(const std::string& prefix, char kind) {
    const std::string seek = PostingsKey(kind, prefix);
    std::vector<std::string> keys;
    {
      rocksdb::ReadOptions options;
      auto it = store_->NewIterator(store_->cf(kPostings), options);
      for (it->Seek(ToSlice(seek)); it->Valid() && absl::StartsWith(ToView(it->key()), seek);
           it->Next()) {
        if (keys.size() >= max_prefix_terms_) {
          return InvalidFieldError("query", "PREFIX_TOO_BROAD",
                                   absl::StrCat("query prefix '", prefix, "*' matches more than ",
                                                max_prefix_terms_, " words; make it longer"));
        }
        keys.emplace_back(ToView(it->key()));
      }
      DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "expand prefix"));
    }
    std::vector<std::unique_ptr<DocIterator>> children;
    for (const std::string& key : keys) {
      DOSSIER_ASSIGN_OR_RETURN(auto child, List(key, Weight::kBm25));
      children.push_back(std::move(child));
    }
    return std::unique_ptr<DocIterator>(new OrIterator(std::move(children)));
  }

  // An OR of the lists of several ordinals; empty `ordinals` match nothing.
  absl::StatusOr<std::unique_ptr<DocIterator>> Ordinals(char kind,
                                                        const std::vector<uint32_t>& ordinals,
                                                        Weight weight) {
    std::vector<std::unique_ptr<DocIterator>> children;
    for (const uint32_t ordinal : ordinals) {
      DOSSIER_ASSIGN_OR_RETURN(auto it, List(PostingsKey(kind, ordinal), weight));
      children.push_back(std::move(it));
    }
    if (children.size() == 1) return std::move(children[0]);
    return std::unique_ptr<DocIterator>(new OrIterator(std::move(children)));
  }

  // The filter's list conditions (dates are checked per document).
  absl::Status AddFilters(const ResolvedFilter& filter,
                          std::vector<std::unique_ptr<DocIterator>>* out) {
    if (filter.outlets_set) {
      DOSSIER_ASSIGN_OR_RETURN(auto it, Ordinals(kOutletPostings, filter.outlets, Weight::kFilter));
      out->push_back(std::move(it));
    }
    for (const auto& group : filter.entity_groups) {
      DOSSIER_ASSIGN_OR_RETURN(auto it, Ordinals(kEntityPostings, group, Weight::kFilter));
      out->push_back(std::move(it));
    }
    if (!filter.entity_types.empty()) {
      std::vector<std::unique_ptr<DocIterator>> types;
      for (const int type : filter.entity_types) {
        DOSSIER_ASSIGN_OR_RETURN(
            auto it, List(PostingsKey(kTypePostings, std::string(1, static_cast<char>(type))),
                          Weight::kFilter));
        types.push_back(std::move(it));
      }
      out->push_back(std::make_unique<OrIterator>(std::move(types)));
    }
    return absl::OkStatus();
  }

  // AND of `parts`, or every document when there are none.
  std::unique_ptr<DocIterator> And(std::vector<std::unique_ptr<DocIterator>> parts) {
    if (parts.empty()) return std::make_unique<AllIterator>(limit_, table_);
    if (parts.size() == 1) return std::move(parts[0]);
    return std::make_unique<AndIterator>(std::move(parts),
                                         std::vector<std::unique_ptr<DocIterator>>());
  }

 private:
  const Store* const store_;
  const DocTable* const table_;
  const uint32_t limit_;
  const Bm25 bm25_;
  const size_t max_prefix_terms_;
  std::vector<std::unique_ptr<rocksdb::PinnableSlice[]>> pinned_;
};

// Calls fn(doc, row, iterator) for every match below the limit within the
// filter's dates.
template <typename Fn>
absl::Status ForEachMatch(DocIterator* it, const DocTable& table, uint32_t limit,
                          const ResolvedFilter& filter, Fn&& fn) {
  for (; it->doc() < limit; it->Next()) {
    const DocRow& row = table.row(it->doc());
    if (row.day < filter.from_day || row.day > filter.to_day) continue;
    fn(it->doc(), row);
  }
  if (!it->ok()) return absl::DataLossError("a stored posting list does not decode");
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Page tokens.

// What a page stands on: the documents it reads and their BM25 statistics,
// those of the first page (cursor's document_limit, documents and words);
// after a first page (has_cursor), where the previous page ended (the rest
// of cursor).
struct Page {
  PageCursor cursor;
  bool has_cursor = false;

  // Only documents numbered below it are read.
  uint32_t limit() const { return cursor.document_limit; }
};

// The page after `cursor`, or the first page (none): the first searches the
// documents published now.
absl::StatusOr<Page> OpenPage(const std::optional<PageCursor>& cursor, const DocTable& table) {
  Page page;
  if (!cursor.has_value()) {
    page.cursor.document_limit = table.size();
    page.cursor.words = table.total_length();
    // Deleted documents leave BM25's N and word count (their postings stay
    // in the document frequencies until lists are rewritten: a small skew).
    page.cursor.documents = page.limit() - std::min(page.limit(), table.deleted_count());
    return page;
  }
  // A token of another store, or of this one before it lost documents.
  if (cursor->document_limit > table.size()) return InvalidPageTokenError();
  page.cursor = *cursor;
  page.has_cursor = true;
  return page;
}

// The next page's token: the documents and statistics of `page`, after the
// hit (`score`, `day`, `id`, `quote`) that ended it.
std::string PageTokenFor(uint64_t fingerprint, const Page& page, float score, uint32_t day,
                         absl::string_view id, int quote) {
  PageCursor cursor = page.cursor;
  cursor.score = score;
  cursor.day = day;
  cursor.id = std::string(id);
  cursor.quote = quote;
  return PageToken(fingerprint, cursor);
}

// ---------------------------------------------------------------------------
// Ordering hits.

enum class Order { kRelevance, kNewest, kOldest };

struct Hit {
  float score = 0;
  uint32_t day = 0;
  uint32_t doc = 0;
  const char* id = nullptr;  // 16 bytes, in the document table
};

// True when `a` comes before `b`: score (relevance only), then day (newest
// first, or oldest for kOldest), then id. The same order in every shard.
bool Before(Order order, float a_score, uint32_t a_day, absl::string_view a_id, float b_score,
            uint32_t b_day, absl::string_view b_id) {
  if (order == Order::kRelevance && a_score != b_score) return a_score > b_score;
  if (a_day != b_day) return order == Order::kOldest ? a_day < b_day : a_day > b_day;
  return a_id < b_id;
}

absl::string_view IdOf(const Hit& h) { return absl::string_view(h.id, 16); }

// The best `k` hits after a cursor, and how many follow it in all.
class TopHits {
 public:
  TopHits(Order order, size_t k, const Page& page) : order_(order), k_(k), page_(page) {}

  // Heap order: the worst hit on top.
  struct Worse {
    const TopHits* top;
    bool operator()(const Hit& a, const Hit& b) const { return top->Better(a, b); }
  };

  void Offer(const Hit& hit) {
    if (page_.has_cursor && !Before(order_, page_.cursor.score, page_.cursor.day, page_.cursor.id,
                                    hit.score, hit.day, IdOf(hit))) {
      return;
    }
    ++after_;
    if (heap_.size() < k_) {
      heap_.push_back(hit);
      std::push_heap(heap_.begin(), heap_.end(), Worse{this});
    } else if (k_ > 0 && Better(hit, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), Worse{this});
      heap_.back() = hit;
      std::push_heap(heap_.begin(), heap_.end(), Worse{this});
    }
  }

  // Best first.
  std::vector<Hit> Take() {
    std::sort(heap_.begin(), heap_.end(),
              [this](const Hit& a, const Hit& b) { return Better(a, b); });
    return std::move(heap_);
  }
  uint64_t after() const { return after_; }

 private:
  bool Better(const Hit& a, const Hit& b) const {
    return Before(order_, a.score, a.day, IdOf(a), b.score, b.day, IdOf(b));
  }

  const Order order_;
  const size_t k_;
  const Page& page_;
  std::vector<Hit> heap_;
  uint64_t after_ = 0;
};

}  // namespace

// ---------------------------------------------------------------------------
// Documents and snippets.

absl::Status DropLinksToDeleted(const Store& store, v1::Document* document) {
  auto* links = document->mutable_near_duplicates();
  for (int i = 0; i < links->size();) {
    const auto value = store.Get(store.cf(kDocuments), IdToKey(links->Get(i).document_id()));
    if (value.ok()) {
      ++i;
    } else if (value.status().code() == absl::StatusCode::kNotFound) {
      links->DeleteSubrange(i, 1);
    } else {
      return value.status();
    }
  }
  return absl::OkStatus();
}

namespace {

// The stored documents with these 16-byte ids, in order.
absl::StatusOr<std::vector<v1::Document>> LoadDocuments(const Store& store,
                                                        const std::vector<std::string>& keys) {
  std::vector<rocksdb::Slice> slices;
  std::vector<rocksdb::ColumnFamilyHandle*> families;
  for (const std::string& key : keys) {
    slices.push_back(ToSlice(key));
    families.push_back(store.cf(kDocuments));
  }
  std::vector<std::string> values;
  const std::vector<rocksdb::Status> statuses =
      store.db()->MultiGet(rocksdb::ReadOptions(), families, slices, &values);
  std::vector<v1::Document> out(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (!statuses[i].ok()) return FromRocksStatus(statuses[i], "read document");
    DOSSIER_RETURN_IF_ERROR(DecodeStoredDocument(KeyToId(keys[i]), values[i], &out[i]));
    DOSSIER_RETURN_IF_ERROR(DropLinksToDeleted(store, &out[i]));
  }
  return out;
}

// Which words match `wanted` (PositiveTerms): a word, or every word of a
// phrase where the phrase's terms follow each other.
std::vector<bool> MatchedWords(const std::vector<text::Word>& words,
                               const std::vector<std::vector<std::string>>& wanted) {
  std::vector<bool> matched(words.size(), false);
  // Whether word i is `w`: as written, by prefix ('*' last) or by stem
  // ('~' first). A word's stem is found once, and only where it may match:
  // a stem starts with its word's first letter.
  std::vector<std::string> stems(words.size());
  std::vector<bool> stemmed(words.size(), false);
  auto matches = [&](size_t i, absl::string_view w) {
    const std::string& term = words[i].term;
    if (!w.empty() && w.back() == '*') return absl::StartsWith(term, w.substr(0, w.size() - 1));
    if (w.size() < 2 || w.front() != '~') return term == w;
    if (term.empty() || term[0] != w[1]) return false;
    if (!stemmed[i]) {
      stems[i] = text::Stem(term);
      stemmed[i] = true;
    }
    return stems[i] == w.substr(1);
  };
  for (const std::vector<std::string>& sequence : wanted) {
    if (sequence.empty() || sequence.size() > words.size()) continue;
    for (size_t i = 0; i + sequence.size() <= words.size(); ++i) {
      bool all = true;
      for (size_t j = 0; j < sequence.size() && all; ++j) {
        all = matches(i + j, sequence[j]) && words[i + j].position == words[i].position + j;
      }
      if (!all) continue;
      for (size_t j = 0; j < sequence.size(); ++j) matched[i + j] = true;
    }
  }
  return matched;
}

// Up to two passages of about kSnippetWords words around the densest
// matches, in text order.
void AddSnippets(const std::string& text, const std::vector<std::vector<std::string>>& wanted,
                 v1::EncodingType encoding, v1::SearchHit* hit) {
  constexpr size_t kSnippetWords = 28;
  constexpr size_t kLead = 5;
  if (wanted.empty()) return;
  const std::vector<text::Word> words = text::Words(text);
  const std::vector<bool> is_match = MatchedWords(words, wanted);
  std::vector<size_t> matched;
  for (size_t i = 0; i < words.size(); ++i) {
    if (is_match[i]) matched.push_back(i);
  }
  if (matched.empty()) return;
  // Windows start a few words before a match; score by distinct terms.
  struct Window {
    size_t begin, end;
    int score;
  };
  std::vector<Window> windows;
  for (const size_t m : matched) {
    const size_t begin = m > kLead ? m - kLead : 0;
    const size_t end = std::min(words.size(), begin + kSnippetWords);
    absl::flat_hash_set<std::string> distinct;
    int count = 0;
    for (const size_t k : matched) {
      if (k >= begin && k < end) {
        distinct.insert(words[k].term);
        ++count;
      }
    }
    windows.push_back({begin, end, static_cast<int>(distinct.size()) * 16 + count});
  }
  std::stable_sort(windows.begin(), windows.end(),
                   [](const Window& a, const Window& b) { return a.score > b.score; });
  std::vector<Window> chosen;
  for (const Window& w : windows) {
    bool overlaps = false;
    for (const Window& c : chosen) overlaps |= w.begin < c.end && c.begin < w.end;
    if (!overlaps) chosen.push_back(w);
    if (chosen.size() == 2) break;
  }
  std::sort(chosen.begin(), chosen.end(),
            [](const Window& a, const Window& b) { return a.begin < b.begin; });
  const OffsetConverter in_text(text, encoding);
  for (const Window& w : chosen) {
    const int32_t begin = words[w.begin].begin;
    const int32_t end = words[w.end - 1].end;
    std::string passage = text.substr(begin, end - begin);
    for (char& c : passage) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    }
    v1::Snippet* snippet = hit->add_snippets();
    const OffsetConverter in_passage(passage, encoding);
    for (size_t k = w.begin; k < w.end; ++k) {
      if (!is_match[k]) continue;
      v1::Span* span = snippet->add_highlights();
      span->set_begin(in_passage.FromUtf8(words[k].begin - begin));
      span->set_end(in_passage.FromUtf8(words[k].end - begin));
    }
    snippet->mutable_span()->set_begin(in_text.FromUtf8(begin));
    snippet->mutable_span()->set_end(in_text.FromUtf8(end));
    snippet->set_text(std::move(passage));
  }
}

// ---------------------------------------------------------------------------
// Co-occurrence.

float Npmi(uint64_t both, uint64_t x, uint64_t y, uint64_t total) {
  if (both == 0 || x == 0 || y == 0 || total == 0) return -1;
  const double pxy = static_cast<double>(both) / total;
  const double px = static_cast<double>(x) / total;
  const double py = static_cast<double>(y) / total;
  if (pxy >= 1.0) return 1;
  return static_cast<float>(std::log(pxy / (px * py)) / -std::log(pxy));
}

}  // namespace

// Drops the entities whose every document was deleted (EntityIndex::Gone).
void Searcher::DropGone(std::vector<uint64_t>* ids) const {
  ids->erase(
      std::remove_if(ids->begin(), ids->end(), [&](uint64_t id) { return entities_->Gone(id); }),
      ids->end());
}

// What a reference names of other types than the one asked for ("; it
// names misc Sideways (10 documents)"), for the message that it names
// none of that type; "" when it names none of any type either.
std::string Searcher::OtherTypesNamed(const EntityReferenceSpec& entity) const {
  if (entity.type == v1::ENTITY_TYPE_UNSPECIFIED) return "";
  auto ids = entities_->Resolve(entity.reference, v1::ENTITY_TYPE_UNSPECIFIED);
  if (!ids.ok()) return "";
  DropGone(&*ids);
  if (ids->size() > 3) ids->resize(3);
  auto found = entities_->Summaries(*ids);
  if (!found.ok() || found->empty()) return "";
  std::string out = "; it names";
  for (size_t i = 0; i < found->size(); ++i) {
    const v1::EntitySummary& s = (*found)[i];
    absl::StrAppend(&out, i == 0 ? " " : ", ", EntityTypeShortName(s.type()), " ",
                    s.display_name().empty() ? s.name() : s.display_name(), " (",
                    DocumentCountText(s.document_count()), ")");
  }
  return out;
}

// The entities a request is about, with their summaries; NOT_FOUND when
// the reference names none.
absl::StatusOr<std::vector<uint64_t>> Searcher::ResolveSubject(
    const EntityReferenceSpec& entity,
    google::protobuf::RepeatedPtrField<v1::EntitySummary>* summaries,
    std::vector<uint64_t>* also_named) const {
  DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                           entities_->Resolve(entity.reference, entity.type, nullptr, also_named));
  if (also_named != nullptr) DropGone(also_named);
  // An entity that only documents made, whose every document was deleted,
  // is no subject: the profile, timeline and co-occurrences all say so
  // alike (one imported or curated stays, with no documents). A name only
  // deleted documents gave resolves to nothing already.
  DropGone(&ids);
  if (ids.empty() && !entities_->OnlyDeletedDocumentsName(entity.reference)) {
    return ErrorWithReason(
        absl::StatusCode::kNotFound, "ENTITY_NOT_FOUND",
        absl::StrCat("no ",
                     entity.type != v1::ENTITY_TYPE_UNSPECIFIED
                         ? absl::StrCat(EntityTypeShortName(entity.type), " entity")
                         : "entity",
                     " matches '", entity.reference, "'", OtherTypesNamed(entity)));
  }
  if (ids.empty()) {
    return ErrorWithReason(
        absl::StatusCode::kNotFound, "ENTITY_NOT_FOUND",
        absl::StrCat("no stored document names '", entity.reference,
                     "' any more: the documents that did were deleted, or re-tagged without "
                     "it"));
  }
  if (summaries != nullptr) {
    DOSSIER_ASSIGN_OR_RETURN(auto found, entities_->Summaries(ids));
    for (auto& s : found) *summaries->Add() = std::move(s);
  }
  return ids;
}

void ApplyView(v1::DocumentView view, v1::Document* document) {
  document->set_headline(Headline(*document));
  *document->mutable_day() = ToProtoDate(DocumentDate(*document));
  document->set_day_undated(!IsFullDate(document->metadata().publish_date()));
  if (view == v1::DOCUMENT_VIEW_FULL) return;
  document->clear_text();
  document->clear_original_text();
  document->clear_annotations();
}

void KeepFields(const std::vector<std::string>& fields, v1::Document* document) {
  if (fields.empty()) return;
  const google::protobuf::Reflection* reflection = document->GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> set;
  reflection->ListFields(*document, &set);
  for (const google::protobuf::FieldDescriptor* field : set) {
    if (field->number() == v1::Document::kNameFieldNumber ||
        field->number() == v1::Document::kIdFieldNumber ||
        std::find(fields.begin(), fields.end(), field->name()) != fields.end()) {
      continue;
    }
    reflection->ClearField(document, field);
  }
}

void FitDocument(size_t bytes, v1::Document* document) {
  const google::protobuf::Reflection* reflection = document->GetReflection();
  const google::protobuf::Descriptor* descriptor = document->GetDescriptor();
  for (const int number : {v1::Document::kOriginalTextFieldNumber,
                           v1::Document::kAnnotationsFieldNumber, v1::Document::kTextFieldNumber}) {
    if (ElementBytes(*document) <= bytes) return;
    const google::protobuf::FieldDescriptor* field = descriptor->FindFieldByNumber(number);
    if (!reflection->HasField(*document, field)) continue;
    reflection->ClearField(document, field);
    document->add_omitted_fields(field->name());
  }
}

absl::Status Searcher::ResolveFilter(
    const FilterSpec& filter, ResolvedFilter* out,
    google::protobuf::RepeatedPtrField<v1::ResolvedEntity>* resolved) const {
  out->from_day = filter.from_day.value_or(0);
  out->to_day = filter.to_day.value_or(UINT32_MAX);
  if (!filter.outlets.empty()) {
    out->outlets_set = true;
    for (const std::string& outlet : filter.outlets) {
      uint32_t ordinal = 0;
      if (dictionaries_->OutletByFolded(text::FoldName(outlet), &ordinal)) {
        out->outlets.push_back(ordinal);
      }
    }
  }
  for (const std::string& reference : filter.entities) {
    DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> ids, entities_->Resolve(reference, 0));
    if (resolved != nullptr) {
      v1::ResolvedEntity* r = resolved->Add();
      r->set_reference(reference);
      DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_->Summaries(ids));
      for (auto& s : summaries) *r->add_entities() = std::move(s);
    }
    out->entity_groups.push_back(entities_->Ordinals(ids));
    out->entity_ids.push_back(std::move(ids));
  }
  out->entity_types.assign(filter.entity_types.begin(), filter.entity_types.end());
  return absl::OkStatus();
}

absl::Status Searcher::Search(const SearchDocumentsSpec& spec,
                              v1::SearchDocumentsResponse* response) const {
  response->Clear();
  const size_t page_size = spec.page.size;
  const size_t facet_size = spec.facet_size;
  bool facet[5] = {false, false, false, false, false};
  for (const v1::Facet f : spec.facets) facet[f] = true;
  const QueryNode& query = spec.query;
  const uint64_t fingerprint = spec.page.fingerprint;
  DOSSIER_ASSIGN_OR_RETURN(const Page page, OpenPage(spec.page.cursor, *table_));
  ResolvedFilter filter;
  DOSSIER_RETURN_IF_ERROR(
      ResolveFilter(spec.filter, &filter, response->mutable_resolved_entities()));

  const v1::SearchOrder asked = SearchOrderOf(spec);
  const Order order = asked == v1::SEARCH_ORDER_NEWEST   ? Order::kNewest
                      : asked == v1::SEARCH_ORDER_OLDEST ? Order::kOldest
                                                         : Order::kRelevance;
  IndexReader reader(store_, table_, page.limit(), page.cursor.documents, page.cursor.words,
                     options_.max_prefix_terms);
  std::vector<std::unique_ptr<DocIterator>> parts;
  if (!MatchesAll(query)) {
    DOSSIER_ASSIGN_OR_RETURN(auto it, reader.Query(query, kWordPostings));
    parts.push_back(std::move(it));
  }
  DOSSIER_RETURN_IF_ERROR(reader.AddFilters(filter, &parts));
  std::unique_ptr<DocIterator> root = reader.And(std::move(parts));

  // Facet counters.
  std::vector<uint8_t> types;
  if (facet[v1::FACET_ENTITY_TYPES]) {
    const size_t n = dictionaries_->entity_count();
    types.resize(n);
    std::vector<uint32_t> all(n);
    for (uint32_t i = 0; i < n; ++i) all[i] = i;
    const std::vector<EntityInfo> infos = dictionaries_->Entities(all);
    for (size_t i = 0; i < n; ++i) types[i] = static_cast<uint8_t>(infos[i].type);
  }
  std::vector<uint64_t> outlet_counts, type_counts(5, 0);
  if (facet[v1::FACET_OUTLETS]) outlet_counts.assign(dictionaries_->outlet_count() + 1, 0);
  // Entities count once a document, by registry entity.
  std::vector<uint64_t> entity_of;
  if (facet[v1::FACET_ENTITIES]) entity_of = entities_->Snapshot();
  absl::flat_hash_map<uint64_t, uint32_t> entity_counts;
  std::vector<uint64_t> in_document;
  absl::flat_hash_map<uint32_t, uint32_t> day_counts;

  TopHits top(order, page_size, page);
  uint64_t total = 0;
  const bool score = order == Order::kRelevance;
  // With collapse_stories: each story's first hit in the order, and how
  // many of its documents matched. A story's hit is chosen from all its
  // matches, so that every page agrees on it.
  struct StoryHit {
    Hit hit;
    uint32_t matches = 0;
  };
  absl::flat_hash_map<uint64_t, StoryHit> stories;
  uint64_t alone = 0;  // matches of no known story
  DOSSIER_RETURN_IF_ERROR(
      ForEachMatch(root.get(), *table_, page.limit(), filter, [&](uint32_t doc, const DocRow& row) {
        ++total;
        if (facet[v1::FACET_OUTLETS] && row.outlet > 0 && row.outlet < outlet_counts.size()) {
          ++outlet_counts[row.outlet];
        }
        if (facet[v1::FACET_ENTITY_TYPES] || facet[v1::FACET_ENTITIES]) {
          uint8_t seen = 0;
          in_document.clear();
          for (const uint32_t e : table_->entities(row)) {
            if (e < entity_of.size() && entity_of[e] != 0 &&
                std::find(in_document.begin(), in_document.end(), entity_of[e]) ==
                    in_document.end()) {
              in_document.push_back(entity_of[e]);
              ++entity_counts[entity_of[e]];
            }
            if (e < types.size()) seen |= static_cast<uint8_t>(1u << types[e]);
          }
          for (int t = 1; t < 5; ++t) type_counts[t] += (seen >> t) & 1;
        }
        if (facet[v1::FACET_DATES]) ++day_counts[row.day];
        const Hit hit{score ? root->Score() : 0.0f, row.day, doc, row.id};
        if (!spec.collapse_stories || row.story == 0) {
          ++alone;
          top.Offer(hit);
          return;
        }
        auto [it, fresh] = stories.try_emplace(row.story, StoryHit{hit, 0});
        ++it->second.matches;
        const Hit& kept = it->second.hit;
        if (!fresh &&
            Before(order, hit.score, hit.day, IdOf(hit), kept.score, kept.day, IdOf(kept))) {
          it->second.hit = hit;
        }
      }));
  for (const auto& [story, best] : stories) top.Offer(best.hit);
  response->set_total_size(
      static_cast<int64_t>(spec.collapse_stories ? alone + stories.size() : total));

  // Facets.
  if (facet[v1::FACET_OUTLETS]) {
    std::vector<std::pair<uint64_t, uint32_t>> ranked;
    for (uint32_t o = 1; o < outlet_counts.size(); ++o) {
      if (outlet_counts[o] > 0) ranked.emplace_back(outlet_counts[o], o - 1);
    }
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first > b.first || (a.first == b.first && a.second < b.second);
    });
    for (size_t i = 0; i < ranked.size() && i < facet_size; ++i) {
      v1::OutletCount* c = response->mutable_facets()->add_outlets();
      c->set_outlet(dictionaries_->OutletName(ranked[i].second));
      c->set_document_count(static_cast<int64_t>(ranked[i].first));
    }
  }
  if (facet[v1::FACET_ENTITY_TYPES]) {
    for (int t = 1; t < 5; ++t) {
      if (type_counts[t] == 0) continue;
      v1::EntityTypeCount* c = response->mutable_facets()->add_entity_types();
      c->set_type(static_cast<v1::EntityType>(t));
      c->set_document_count(static_cast<int64_t>(type_counts[t]));
    }
  }
  if (facet[v1::FACET_ENTITIES]) {
    std::vector<std::pair<uint64_t, uint32_t>> ranked(entity_counts.begin(), entity_counts.end());
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second > b.second || (a.second == b.second && a.first < b.first);
    });
    // Entities in as many matching documents rank by the documents naming
    // them in all: in one article every entity counts once, and the one the
    // news names most (Kosovo) leads over a word of it tagged once
    // ("anti-Russian"). Only the ties at the cut and above it are weighed.
    if (!ranked.empty() && facet_size > 0) {
      const uint32_t cut = ranked[std::min(facet_size, ranked.size()) - 1].second;
      size_t end = 0;
      while (end < ranked.size() && ranked[end].second >= cut) ++end;
      // (A result where thousands tie keeps the order of ids: weighing
      // them would cost more than the search.)
      constexpr size_t kMaxFacetTies = 4096;
      if (end <= kMaxFacetTies) {
        // (matching documents, documents in all, id), most first, then by id.
        std::vector<std::tuple<uint32_t, int64_t, uint64_t>> weighed;
        for (size_t i = 0; i < end; ++i) {
          weighed.emplace_back(ranked[i].second, entities_->Documents(ranked[i].first),
                               ranked[i].first);
        }
        std::sort(weighed.begin(), weighed.end(), [](const auto& a, const auto& b) {
          if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a) > std::get<0>(b);
          if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
          return std::get<2>(a) < std::get<2>(b);
        });
        for (size_t i = 0; i < end; ++i) {
          ranked[i] = {std::get<2>(weighed[i]), std::get<0>(weighed[i])};
        }
      }
    }
    if (ranked.size() > facet_size) ranked.resize(facet_size);
    std::vector<uint64_t> ids;
    for (const auto& [id, c] : ranked) ids.push_back(id);
    DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_->Summaries(ids));
    for (size_t i = 0; i < ranked.size(); ++i) {
      v1::EntityCount* c = response->mutable_facets()->add_entities();
      *c->mutable_entity() = std::move(summaries[i]);
      c->set_document_count(ranked[i].second);
    }
  }
  if (facet[v1::FACET_DATES]) {
    std::vector<std::pair<uint32_t, uint32_t>> days(day_counts.begin(), day_counts.end());
    std::sort(days.begin(), days.end());
    const size_t from =
        days.size() > options_.max_date_buckets ? days.size() - options_.max_date_buckets : 0;
    for (size_t i = from; i < days.size(); ++i) {
      v1::DateCount* c = response->mutable_facets()->add_dates();
      *c->mutable_date() = ToProtoDate(DayFromNumber(days[i].first));
      c->set_document_count(days[i].second);
    }
  }

  // The page.
  const std::vector<Hit> hits = top.Take();
  const v1::SearchView view = spec.view;
  std::vector<v1::Document> documents;
  if (view != v1::SEARCH_VIEW_IDS && !hits.empty()) {
    std::vector<std::string> keys;
    for (const Hit& h : hits) keys.emplace_back(h.id, 16);
    DOSSIER_ASSIGN_OR_RETURN(documents, LoadDocuments(*store_, keys));
  }
  const std::vector<std::vector<std::string>> wanted =
      view == v1::SEARCH_VIEW_SNIPPETS ? PositiveTerms(query)
                                       : std::vector<std::vector<std::string>>();
  PageBudget budget(options_.response_bytes, response->ByteSizeLong(), kPageTokenBytes);
  for (size_t i = 0; i < hits.size(); ++i) {
    v1::SearchHit hit;
    hit.set_score(hits[i].score);
    if (spec.collapse_stories) {
      const uint64_t story = table_->row(hits[i].doc).story;
      if (auto it = stories.find(story); story != 0 && it != stories.end()) {
        hit.set_story_matches(static_cast<int32_t>(it->second.matches - 1));
      }
    }
    if (view == v1::SEARCH_VIEW_IDS) {
      const std::string id = KeyToId(IdOf(hits[i]));
      hit.mutable_document()->set_name(DocumentName(id));
      hit.mutable_document()->set_id(id);
    } else {
      v1::Document& document = documents[i];
      if (view == v1::SEARCH_VIEW_SNIPPETS) {
        AddSnippets(document.text(), wanted, spec.encoding, &hit);
      }
      ApplyView(v1::DOCUMENT_VIEW_BASIC, &document);
      *hit.mutable_document() = std::move(document);
    }
    if (!budget.Take(ElementBytes(hit))) break;
    *response->add_hits() = std::move(hit);
  }
  const size_t returned = budget.taken();
  if (returned > 0 && top.after() > returned) {
    const Hit& last = hits[returned - 1];
    response->set_next_page_token(
        PageTokenFor(fingerprint, page, last.score, last.day, IdOf(last), 0));
  }
  return absl::OkStatus();
}

absl::Status Searcher::List(const ListDocumentsSpec& spec,
                            v1::ListDocumentsResponse* response) const {
  response->Clear();
  const size_t page_size = spec.page.size;
  const uint64_t fingerprint = spec.page.fingerprint;
  DOSSIER_ASSIGN_OR_RETURN(const Page page, OpenPage(spec.page.cursor, *table_));
  ResolvedFilter filter;
  DOSSIER_RETURN_IF_ERROR(
      ResolveFilter(spec.filter, &filter, response->mutable_resolved_entities()));
  IndexReader reader(store_, table_, page.limit(), page.cursor.documents, page.cursor.words,
                     options_.max_prefix_terms);
  std::vector<std::unique_ptr<DocIterator>> parts;
  DOSSIER_RETURN_IF_ERROR(reader.AddFilters(filter, &parts));
  std::unique_ptr<DocIterator> root = reader.And(std::move(parts));
  TopHits top(Order::kNewest, page_size, page);
  uint64_t total = 0;
  DOSSIER_RETURN_IF_ERROR(
      ForEachMatch(root.get(), *table_, page.limit(), filter, [&](uint32_t doc, const DocRow& row) {
        ++total;
        top.Offer(Hit{0, row.day, doc, row.id});
      }));
  response->set_total_size(static_cast<int64_t>(total));
  const std::vector<Hit> hits = top.Take();
  const bool full = spec.view == v1::DOCUMENT_VIEW_FULL;
  PageBudget budget(options_.response_bytes, response->ByteSizeLong(), kPageTokenBytes);
  // Read in slices, so that a page of large documents stops reading once it
  // is full.
  constexpr size_t kSlice = 64;
  for (size_t from = 0; from < hits.size() && budget.taken() == from; from += kSlice) {
    std::vector<std::string> keys;
    for (size_t i = from; i < std::min(hits.size(), from + kSlice); ++i) {
      keys.emplace_back(hits[i].id, 16);
    }
    DOSSIER_ASSIGN_OR_RETURN(std::vector<v1::Document> documents, LoadDocuments(*store_, keys));
    for (v1::Document& document : documents) {
      ApplyView(full ? v1::DOCUMENT_VIEW_FULL : v1::DOCUMENT_VIEW_BASIC, &document);
      if (full && document.has_annotations()) {
        entities_->FillIds(document.mutable_annotations());
        ConvertAnnotationOffsets(document.text(), spec.encoding, document.mutable_annotations());
      }
      // A document larger than a response may be comes alone, without
      // what does not fit.
      if (budget.taken() == 0) FitDocument(budget.room(), &document);
      if (!budget.Take(ElementBytes(document))) break;
      *response->add_documents() = std::move(document);
    }
  }
  const size_t returned = budget.taken();
  if (returned > 0 && top.after() > returned) {
    const Hit& last = hits[returned - 1];
    response->set_next_page_token(PageTokenFor(fingerprint, page, 0, last.day, IdOf(last), 0));
  }
  return absl::OkStatus();
}

absl::Status Searcher::StoriesPassing(
    const FilterSpec& filter_spec, absl::flat_hash_set<uint64_t>* stories,
    google::protobuf::RepeatedPtrField<v1::ResolvedEntity>* resolved) const {
  DOSSIER_ASSIGN_OR_RETURN(const Page page, OpenPage(std::nullopt, *table_));
  ResolvedFilter filter;
  DOSSIER_RETURN_IF_ERROR(ResolveFilter(filter_spec, &filter, resolved));
  IndexReader reader(store_, table_, page.limit(), page.cursor.documents, page.cursor.words,
                     options_.max_prefix_terms);
  std::vector<std::unique_ptr<DocIterator>> parts;
  DOSSIER_RETURN_IF_ERROR(reader.AddFilters(filter, &parts));
  std::unique_ptr<DocIterator> root = reader.And(std::move(parts));
  return ForEachMatch(root.get(), *table_, page.limit(), filter, [&](uint32_t, const DocRow& row) {
    if (row.story != 0) stories->insert(row.story);
  });
}

absl::Status Searcher::SearchQuotes(const SearchQuotesSpec& spec,
                                    v1::SearchQuotesResponse* response) const {
  response->Clear();
  const size_t page_size = spec.page.size;
  const QueryNode& query = spec.query;
  const uint64_t fingerprint = spec.page.fingerprint;
  DOSSIER_ASSIGN_OR_RETURN(const Page page, OpenPage(spec.page.cursor, *table_));
  ResolvedFilter filter;
  DOSSIER_RETURN_IF_ERROR(
      ResolveFilter(spec.filter, &filter, response->mutable_resolved_entities()));
  IndexReader reader(store_, table_, page.limit(), page.cursor.documents, page.cursor.words,
                     options_.max_prefix_terms);
  std::vector<std::unique_ptr<DocIterator>> parts;
  DOSSIER_ASSIGN_OR_RETURN(
      auto has_quotes, reader.List(std::string(1, kQuotedPostings), IndexReader::Weight::kFilter));
  parts.push_back(std::move(has_quotes));
  absl::flat_hash_set<uint32_t> speakers, about;
  for (const auto& [field, reference, kind, set] :
       {std::make_tuple("speaker", &spec.speaker, kSpeakerPostings, &speakers),
        std::make_tuple("about", &spec.about, kAboutPostings, &about)}) {
    if (reference->empty()) continue;
    DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> ids, entities_->Resolve(*reference, 0));
    const std::vector<uint32_t> ordinals = entities_->Ordinals(ids);
    v1::ResolvedEntity* r = response->add_resolved_entities();
    r->set_reference(*reference);
    DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_->Summaries(ids));
    for (auto& s : summaries) *r->add_entities() = std::move(s);
    set->insert(ordinals.begin(), ordinals.end());
    DOSSIER_ASSIGN_OR_RETURN(auto it,
                             reader.Ordinals(kind, ordinals, IndexReader::Weight::kFilter));
    parts.push_back(std::move(it));
  }
  if (!MatchesAll(query)) {
    DOSSIER_ASSIGN_OR_RETURN(auto it, reader.Query(query, kQuoteWordPostings));
    parts.push_back(std::move(it));
  }
  DOSSIER_RETURN_IF_ERROR(reader.AddFilters(filter, &parts));
  std::unique_ptr<DocIterator> root = reader.And(std::move(parts));

  // Documents newest first, then quotes in text order.
  std::vector<Hit> docs;
  DOSSIER_RETURN_IF_ERROR(
      ForEachMatch(root.get(), *table_, page.limit(), filter, [&](uint32_t doc, const DocRow& row) {
        docs.push_back(Hit{0, row.day, doc, row.id});
      }));
  std::sort(docs.begin(), docs.end(), [](const Hit& a, const Hit& b) {
    return Before(Order::kNewest, 0, a.day, IdOf(a), 0, b.day, IdOf(b));
  });
  if (docs.size() > options_.max_quote_documents) docs.resize(options_.max_quote_documents);
  struct Found {
    size_t doc;  // index into docs
    int quote;
    store::v1::StoredQuote stored;
  };
  std::vector<Found> found;
  uint64_t total = 0;
  bool more = false;
  for (size_t from = 0; from < docs.size(); from += 64) {
    const size_t to = std::min(docs.size(), from + 64);
    std::vector<std::string> keys;
    std::vector<rocksdb::Slice> slices;
    std::vector<rocksdb::ColumnFamilyHandle*> families;
    // A row a re-tag replaced after this reader began holds no quotes any
    // more: the document's are at the row that replaced it.
    for (size_t i = from; i < to; ++i) keys.push_back(OrdinalKey(table_->Current(docs[i].doc)));
    for (const std::string& key : keys) {
      slices.push_back(ToSlice(key));
      families.push_back(store_->cf(kQuotes));
    }
    std::vector<std::string> values;
    const std::vector<rocksdb::Status> statuses =
        store_->db()->MultiGet(rocksdb::ReadOptions(), families, slices, &values);
    for (size_t i = from; i < to; ++i) {
      const rocksdb::Status& s = statuses[i - from];
      if (s.IsNotFound()) continue;
      if (!s.ok()) return FromRocksStatus(s, "read quotes");
      store::v1::StoredQuotes quotes;
      if (!quotes.ParseFromString(values[i - from])) {
        return absl::DataLossError("stored quotes do not parse");
      }
      for (int q = 0; q < quotes.quotes_size(); ++q) {
        const store::v1::StoredQuote& quote = quotes.quotes(q);
        if (!speakers.empty() &&
            (quote.speaker() == 0 || !speakers.contains(quote.speaker() - 1))) {
          continue;
        }
        if (!about.empty() && std::none_of(quote.targets().begin(), quote.targets().end(),
                                           [&](uint32_t t) { return about.contains(t); })) {
          continue;
        }
        if (!spec.kinds.empty() &&
            std::find(spec.kinds.begin(), spec.kinds.end(), quote.kind()) == spec.kinds.end()) {
          continue;
        }
        if (!MatchesAll(query) && !TextTerms(quote.text()).Matches(query)) continue;
        ++total;
        if (page.has_cursor) {
          const Hit& h = docs[i];
          const std::string& cid = page.cursor.id;
          const bool same_doc = h.day == page.cursor.day && IdOf(h) == cid;
          if (same_doc ? q <= page.cursor.quote
                       : !Before(Order::kNewest, 0, page.cursor.day, cid, 0, h.day, IdOf(h))) {
            continue;
          }
        }
        if (found.size() < page_size) {
          found.push_back(Found{i, q, quote});
        } else {
          more = true;
        }
      }
    }
  }
  response->set_total_size(static_cast<int64_t>(total));

  // The page's documents and entities.
  std::vector<std::string> keys;
  absl::flat_hash_map<size_t, size_t> document_at;
  for (const Found& f : found) {
    if (document_at.emplace(f.doc, keys.size()).second) keys.emplace_back(docs[f.doc].id, 16);
  }
  DOSSIER_ASSIGN_OR_RETURN(std::vector<v1::Document> documents, LoadDocuments(*store_, keys));
  // Speakers and targets as registry entities.
  std::vector<uint32_t> ordinals;
  for (const Found& f : found) {
    if (f.stored.speaker() > 0) ordinals.push_back(f.stored.speaker() - 1);
    for (const uint32_t t : f.stored.targets()) ordinals.push_back(t);
  }
  std::sort(ordinals.begin(), ordinals.end());
  ordinals.erase(std::unique(ordinals.begin(), ordinals.end()), ordinals.end());
  const std::vector<uint64_t> entity_of = entities_->Snapshot();
  std::vector<uint64_t> ids;
  for (const uint32_t o : ordinals) ids.push_back(o < entity_of.size() ? entity_of[o] : 0);
  DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_->Summaries(ids));
  absl::flat_hash_map<uint32_t, const v1::EntitySummary*> summary_of;
  for (size_t i = 0; i < ordinals.size(); ++i) summary_of[ordinals[i]] = &summaries[i];

  PageBudget budget(options_.response_bytes, response->ByteSizeLong(), kPageTokenBytes);
  for (const Found& f : found) {
    const v1::Document& document = documents[document_at[f.doc]];
    const OffsetConverter offsets(document.text(), spec.encoding);
    v1::QuoteHit hit;
    v1::Quote* quote = hit.mutable_quote();
    quote->mutable_span()->set_begin(offsets.FromUtf8(static_cast<int32_t>(f.stored.begin())));
    quote->mutable_span()->set_end(offsets.FromUtf8(static_cast<int32_t>(f.stored.end())));
    quote->set_text(f.stored.text());
    quote->set_kind(static_cast<v1::QuoteKind>(f.stored.kind()));
    if (f.stored.cue_end() > f.stored.cue_begin()) {
      quote->mutable_cue_span()->set_begin(
          offsets.FromUtf8(static_cast<int32_t>(f.stored.cue_begin())));
      quote->mutable_cue_span()->set_end(
          offsets.FromUtf8(static_cast<int32_t>(f.stored.cue_end())));
    }
    quote->set_cue(f.stored.cue());
    quote->set_confidence(f.stored.confidence());
    *hit.mutable_document() = document;
    ApplyView(v1::DOCUMENT_VIEW_BASIC, hit.mutable_document());
    if (f.stored.speaker() > 0) *hit.mutable_speaker() = *summary_of[f.stored.speaker() - 1];
    for (const uint32_t t : f.stored.targets()) *hit.add_targets() = *summary_of[t];
    if (!budget.Take(ElementBytes(hit))) {
      more = true;
      break;
    }
    *response->add_quotes() = std::move(hit);
  }
  const size_t returned = budget.taken();
  if (returned > 0 && (more || returned < found.size())) {
    const Found& last = found[returned - 1];
    const Hit& h = docs[last.doc];
    response->set_next_page_token(PageTokenFor(fingerprint, page, 0, h.day, IdOf(h), last.quote));
  }
  return absl::OkStatus();
}

absl::Status Searcher::GetEntity(const GetEntitySpec& spec, v1::GetEntityResponse* response) const {
  response->Clear();
  constexpr size_t kMaxAlternatives = 20;
  std::vector<uint64_t> also_named;
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                           ResolveSubject(spec.entity, nullptr, &also_named));
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_->Profile(ids[0]));
  std::vector<uint64_t> rest(ids.begin() + 1,
                             ids.begin() + std::min(ids.size(), kMaxAlternatives + 1));
  // Then the other people of the surname, when the name settled on one.
  for (const uint64_t id : also_named) {
    if (rest.size() >= kMaxAlternatives) break;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) rest.push_back(id);
  }
  DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_->Summaries(rest));
  for (auto& s : summaries) *response->add_alternatives() = std::move(s);
  return absl::OkStatus();
}

absl::Status Searcher::SearchEntities(const SearchEntitiesSpec& spec,
                                      v1::SearchEntitiesResponse* response) const {
  response->Clear();
  const std::vector<int> types(spec.types.begin(), spec.types.end());
  // One more than asked for says whether there are more.
  DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> ids,
                           entities_->Complete(spec.prefix, types, spec.page_size + 1));
  if (ids.size() > spec.page_size) {
    ids.resize(spec.page_size);
    response->set_more(true);
  }
  DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_->Summaries(ids));
  for (auto& s : summaries) *response->add_entities() = std::move(s);
  return absl::OkStatus();
}

absl::Status Searcher::Timeline(const EntityTimelineSpec& spec,
                                v1::GetEntityTimelineResponse* response) const {
  response->Clear();
  constexpr size_t kMaxBuckets = 5000;
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                           ResolveSubject(spec.entity, response->mutable_entities()));
  const std::vector<uint32_t> ordinals = entities_->Ordinals(ids);
  ResolvedFilter filter;
  DOSSIER_RETURN_IF_ERROR(ResolveFilter(spec.filter, &filter, nullptr));
  // The range: the filter's dates, else the entities' first and last days.
  uint32_t from = filter.from_day, to = filter.to_day;
  // A range too long for the buckets: without a start date of the
  // filter's, it keeps its newest, up to the last day seen (recent news is
  // what a timeline is read for, and an archive's old dates would
  // otherwise push it out); from a start date asked for, it stops at the
  // last bucket.
  const bool keep_newest = !spec.filter.from_day.has_value();
  if (keep_newest || !spec.filter.to_day.has_value()) {
    uint32_t first = UINT32_MAX, last = 0;
    for (const EntityInfo& info : dictionaries_->Entities(ordinals)) {
      if (info.first_day > 0) first = std::min(first, info.first_day - 1);
      if (info.last_day > 0) last = std::max(last, info.last_day - 1);
    }
    if (!spec.filter.from_day.has_value()) from = first;
    if (!spec.filter.to_day.has_value() || (keep_newest && last < to)) to = last;
  }
  if (from > to) return absl::OkStatus();  // nothing seen
  const v1::TimelineGranularity granularity = spec.granularity;
  // Bucket starts.
  auto start_of = [granularity](uint32_t day) -> uint32_t {
    const absl::CivilDay civil = DayFromNumber(day);
    switch (granularity) {
      case v1::TIMELINE_GRANULARITY_WEEK: {
        const int since_monday = (static_cast<int>(absl::GetWeekday(civil)) + 7 -
                                  static_cast<int>(absl::Weekday::monday)) %
                                 7;
        return DayNumber(civil - since_monday);
      }
      case v1::TIMELINE_GRANULARITY_MONTH:
        return DayNumber(absl::CivilDay(absl::CivilMonth(civil)));
      default:
        return day;
    }
  };
  auto next_of = [granularity](uint32_t start) -> uint32_t {
    const absl::CivilDay civil = DayFromNumber(start);
    switch (granularity) {
      case v1::TIMELINE_GRANULARITY_WEEK:
        return start + 7;
      case v1::TIMELINE_GRANULARITY_MONTH:
        return DayNumber(absl::CivilDay(absl::CivilMonth(civil) + 1));
      default:
        return start + 1;
    }
  };
  std::vector<uint32_t> starts;
  if (keep_newest) {
    // Back from the last bucket, at most kMaxBuckets of them.
    const uint32_t first_start = start_of(from);
    for (uint32_t s = start_of(to); starts.size() < kMaxBuckets; s = start_of(s - 1)) {
      starts.push_back(s);
      if (s <= first_start || s == 0) break;
    }
    std::reverse(starts.begin(), starts.end());
    if (!starts.empty() && starts.front() > first_start) {
      // What comes before the first bucket kept is not counted.
      from = starts.front();
      response->set_truncated(true);
    }
  } else {
    for (uint32_t s = start_of(from); s <= to && starts.size() < kMaxBuckets; s = next_of(s)) {
      starts.push_back(s);
    }
  }
  if (!keep_newest && !starts.empty() && next_of(starts.back()) <= to) {
    // Cut at the last bucket: what comes after is not counted (into the
    // last bucket, as it once was).
    to = next_of(starts.back()) - 1;
    response->set_truncated(true);
  }
  std::vector<uint64_t> mentions(starts.size(), 0), documents(starts.size(), 0),
      undated(starts.size(), 0);
  const uint32_t limit = table_->size();
  IndexReader reader(store_, table_, limit, limit, table_->total_length(),
                     options_.max_prefix_terms);
  std::vector<std::unique_ptr<DocIterator>> parts;
  DOSSIER_ASSIGN_OR_RETURN(auto entity,
                           reader.Ordinals(kEntityPostings, ordinals, IndexReader::Weight::kTf));
  parts.push_back(std::move(entity));
  DOSSIER_RETURN_IF_ERROR(reader.AddFilters(filter, &parts));
  std::unique_ptr<DocIterator> root = reader.And(std::move(parts));
  filter.from_day = std::max(filter.from_day, from);
  filter.to_day = std::min(filter.to_day, to);
  DOSSIER_RETURN_IF_ERROR(
      ForEachMatch(root.get(), *table_, limit, filter, [&](uint32_t doc, const DocRow& row) {
        const size_t at = std::upper_bound(starts.begin(), starts.end(), row.day) - starts.begin();
        if (at == 0) return;
        mentions[at - 1] += static_cast<uint64_t>(root->Score());
        ++documents[at - 1];
        if (row.undated) ++undated[at - 1];
      }));
  for (size_t i = 0; i < starts.size(); ++i) {
    v1::TimelineBucket* bucket = response->add_buckets();
    *bucket->mutable_start_date() = ToProtoDate(DayFromNumber(starts[i]));
    bucket->set_mention_count(static_cast<int64_t>(mentions[i]));
    bucket->set_document_count(static_cast<int64_t>(documents[i]));
    bucket->set_undated_document_count(static_cast<int64_t>(undated[i]));
  }
  return absl::OkStatus();
}

absl::Status Searcher::Cooccurring(const CooccurringEntitiesSpec& spec,
                                   v1::ListCooccurringEntitiesResponse* response) const {
  response->Clear();
  constexpr size_t kNpmiCandidates = 200;
  const size_t page_size = spec.page_size;
  const std::vector<int> types(spec.types.begin(), spec.types.end());
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                           ResolveSubject(spec.entity, response->mutable_entities()));
  const std::vector<uint32_t> ordinals = entities_->Ordinals(ids);
  ResolvedFilter filter;
  DOSSIER_RETURN_IF_ERROR(ResolveFilter(spec.filter, &filter, nullptr));
  const uint32_t limit = table_->size();
  const absl::flat_hash_set<uint64_t> self(ids.begin(), ids.end());
  // Entities count once a document, by registry entity.
  const std::vector<uint64_t> entity_of = entities_->Snapshot();
  std::vector<uint64_t> in_document;

  // Documents within the filter, with and without the entity.
  auto count_with =
      [&](const std::vector<uint32_t>* entity,
          const std::function<void(const DocRow&)>& each) -> absl::StatusOr<uint64_t> {
    IndexReader reader(store_, table_, limit, limit, table_->total_length(),
                       options_.max_prefix_terms);
    std::vector<std::unique_ptr<DocIterator>> parts;
    if (entity != nullptr) {
      DOSSIER_ASSIGN_OR_RETURN(
          auto it, reader.Ordinals(kEntityPostings, *entity, IndexReader::Weight::kFilter));
      parts.push_back(std::move(it));
    }
    DOSSIER_RETURN_IF_ERROR(reader.AddFilters(filter, &parts));
    std::unique_ptr<DocIterator> root = reader.And(std::move(parts));
    uint64_t count = 0;
    DOSSIER_RETURN_IF_ERROR(
        ForEachMatch(root.get(), *table_, limit, filter, [&](uint32_t, const DocRow& row) {
          ++count;
          if (each) each(row);
        }));
    return count;
  };
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t total, count_with(nullptr, nullptr));
  absl::flat_hash_map<uint64_t, uint64_t> together;
  DOSSIER_ASSIGN_OR_RETURN(
      const uint64_t with_x, count_with(&ordinals, [&](const DocRow& row) {
        in_document.clear();
        for (const uint32_t e : table_->entities(row)) {
          const uint64_t id = e < entity_of.size() ? entity_of[e] : 0;
          if (id == 0 || self.contains(id) ||
              std::find(in_document.begin(), in_document.end(), id) != in_document.end()) {
            continue;
          }
          in_document.push_back(id);
          ++together[id];
        }
      }));
  response->set_total_document_count(static_cast<int64_t>(total));
  response->set_document_count(static_cast<int64_t>(with_x));

  std::vector<std::pair<uint64_t, uint64_t>> ranked;
  for (const auto& [id, count] : together) {
    if (!types.empty() &&
        std::find(types.begin(), types.end(), entities_->Type(id)) == types.end()) {
      continue;
    }
    ranked.emplace_back(count, id);
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  const bool by_npmi = spec.order == v1::COOCCURRENCE_ORDER_NPMI;
  const uint64_t min_count = spec.min_document_count;
  if (by_npmi) {
    while (!ranked.empty() && ranked.back().first < min_count) ranked.pop_back();
  }
  if (ranked.size() > (by_npmi ? kNpmiCandidates : page_size)) {
    ranked.resize(by_npmi ? kNpmiCandidates : page_size);
  }
  struct Scored {
    uint64_t id;
    uint64_t both, y;
    float npmi;
  };
  std::vector<Scored> scored;
  for (const auto& [both, e] : ranked) {
    const std::vector<uint32_t> keys = entities_->Ordinals({e});
    DOSSIER_ASSIGN_OR_RETURN(const uint64_t y, count_with(&keys, nullptr));
    scored.push_back(Scored{e, both, y, Npmi(both, with_x, y, total)});
  }
  if (by_npmi) {
    std::stable_sort(scored.begin(), scored.end(),
                     [](const Scored& a, const Scored& b) { return a.npmi > b.npmi; });
    if (scored.size() > page_size) scored.resize(page_size);
  }
  std::vector<uint64_t> page;
  for (const Scored& s : scored) page.push_back(s.id);
  DOSSIER_ASSIGN_OR_RETURN(auto entities, entities_->Summaries(page));
  for (size_t i = 0; i < scored.size(); ++i) {
    v1::CooccurringEntity* c = response->add_entities_together();
    *c->mutable_entity() = std::move(entities[i]);
    c->set_document_count(static_cast<int64_t>(scored[i].both));
    c->set_entity_document_count(static_cast<int64_t>(scored[i].y));
    c->set_npmi(scored[i].npmi);
  }
  return absl::OkStatus();
}

absl::StatusOr<EntityDocuments> Searcher::DocumentsNaming(
    const std::vector<uint32_t>& ordinals) const {
  const uint32_t limit = table_->size();
  IndexReader reader(store_, table_, limit, limit, table_->total_length(),
                     options_.max_prefix_terms);
  DOSSIER_ASSIGN_OR_RETURN(
      auto it, reader.Ordinals(kEntityPostings, ordinals, IndexReader::Weight::kFilter));
  EntityDocuments out;
  for (; it->doc() < limit; it->Next()) {
    ++out.documents;
    const DocRow& row = table_->row(it->doc());
    out.days.Add(row.day + 1, row.undated);
  }
  if (!it->ok()) return absl::DataLossError("a stored posting list does not decode");
  return out;
}

CollectionStatistics Searcher::Statistics(const std::vector<std::string>& terms) const {
  CollectionStatistics stats;
  const uint32_t limit = table_->size();
  stats.documents = limit - std::min(limit, table_->deleted_count());
  stats.words = table_->total_length();
  IndexReader reader(store_, table_, limit, limit, stats.words, options_.max_prefix_terms);
  for (const std::string& term : terms) {
    auto list = reader.Load(PostingsKey(kWordPostings, term));
    stats.document_frequencies.push_back(list.ok() ? PostingCursor::CountBelow(*list, limit) : 0);
  }
  return stats;
}

}  // namespace dossier::query
