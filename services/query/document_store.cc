#include "services/query/document_store.h"

#include <algorithm>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "rocksdb/convenience.h"
#include "services/query/store_layout.h"

namespace dossier::query {
namespace {

constexpr size_t kIdBytes = 16;
constexpr size_t kByDateKeyBytes = 4 + kIdBytes;

std::vector<ColumnFamilySpec> Specs() {
  std::shared_ptr<rocksdb::MergeOperator> add;
  // A built-in of every RocksDB build: cannot fail.
  rocksdb::MergeOperator::CreateFromString(rocksdb::ConfigOptions(),
                                           "uint64add", &add)
      .PermitUncheckedError();
  // Families read by id alone are hashed by it (store.h prefix_length).
  return {{"documents", nullptr, kIdBytes, /*large_values=*/true},
          {"by_date", nullptr},
          {"counters", add},
          {"doc_features", nullptr, kIdBytes},
          {"story_candidates", nullptr, 8},
          {"stories", nullptr, kIdBytes},
          {"story_members", nullptr},
          {"stories_by_date", nullptr}};
}

// Days from 0001-01-01 of the day the document sorts by.
uint32_t SortDay(const v1::Document& document) {
  absl::CivilDay day;
  if (auto d = FromProtoDate(document.metadata().publish_date())) {
    day = *d;
  } else {
    day = absl::ToCivilDay(FromProtoTimestamp(document.accept_time()),
                           absl::UTCTimeZone());
  }
  const int64_t days = day - absl::CivilDay(1, 1, 1);
  return static_cast<uint32_t>(std::clamp<int64_t>(days, 0, 0xFFFFFFFE));
}

std::string ByDateKey(const v1::Document& document) {
  std::string key;
  key.reserve(kByDateKeyBytes);
  AppendBigEndian32(&key, 0xFFFFFFFFu - SortDay(document));
  key += IdToKey(document.id());
  return key;
}

absl::Status ValidateForIndex(const v1::Document& document, int index) {
  const std::string field = absl::StrCat("documents[", index, "]");
  auto id = ParseDocumentName(document.id(), field + ".id");
  if (!id.ok()) return id.status();
  if (*id != document.id()) {
    return InvalidFieldError(field + ".id", "INVALID_DOCUMENT_ID",
                             absl::StrCat(field, ".id must be lower-case hex"));
  }
  if (document.text().empty()) {
    return InvalidFieldError(field + ".text", "EMPTY_TEXT",
                             absl::StrCat(field, ".text is empty"));
  }
  return absl::OkStatus();
}

}  // namespace

void ApplyView(v1::DocumentView view, v1::Document* document) {
  if (view == v1::DOCUMENT_VIEW_FULL) return;
  document->clear_text();
  document->clear_original_text();
  document->clear_annotations();
}

DocumentStore::DocumentStore(const DocumentStoreOptions& options,
                             std::unique_ptr<Store> store)
    : options_(options),
      store_(std::move(store)),
      stories_(store_.get(), options_.idf, options_.stories) {}

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(
    const DocumentStoreOptions& options) {
  if (options.idf == nullptr) {
    return absl::FailedPreconditionError("the document store needs an IDF table");
  }
  StoreOptions rocks = options.rocks;
  rocks.path = options.path;
  DOSSIER_ASSIGN_OR_RETURN(auto store, Store::Open(rocks, Specs()));
  return std::unique_ptr<DocumentStore>(
      new DocumentStore(options, std::move(store)));
}

absl::StatusOr<std::vector<v1::IndexOutcome>> DocumentStore::Index(
    const std::vector<const v1::Document*>& documents, absl::Time now) {
  for (size_t i = 0; i < documents.size(); ++i) {
    DOSSIER_RETURN_IF_ERROR(ValidateForIndex(*documents[i], static_cast<int>(i)));
  }
  std::vector<v1::IndexOutcome> outcomes(documents.size(),
                                         v1::INDEX_OUTCOME_ALREADY_INDEXED);
  absl::MutexLock lock(&write_mu_);
  rocksdb::WriteBatch batch;
  StoryBatch stories;
  absl::flat_hash_set<std::string> in_batch;
  uint64_t added = 0;
  for (size_t i = 0; i < documents.size(); ++i) {
    const v1::Document& input = *documents[i];
    const std::string key = IdToKey(input.id());
    if (in_batch.contains(key)) continue;
    auto existing = store_->Get(store_->cf(kDocuments), key);
    if (existing.ok()) continue;
    if (existing.status().code() != absl::StatusCode::kNotFound) {
      return existing.status();
    }
    v1::Document document = input;
    document.set_name(DocumentName(document.id()));
    *document.mutable_index_time() = ToProtoTimestamp(now);
    DOSSIER_RETURN_IF_ERROR(stories_.Assign(&document, SortDay(document), &stories, now).status());
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch.Put(store_->cf(kDocuments), key, document.SerializeAsString())));
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch.Put(store_->cf(kByDate), ByDateKey(document), "")));
    in_batch.insert(key);
    outcomes[i] = v1::INDEX_OUTCOME_INDEXED;
    ++added;
  }
  if (added == 0) return outcomes;
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Merge(
      store_->cf(kCounters), ToSlice(kDocumentsCounter), EncodeCounter(added))));
  DOSSIER_RETURN_IF_ERROR(stories_.Write(stories, &batch));
  DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
  return outcomes;
}

absl::StatusOr<v1::Document> DocumentStore::Get(absl::string_view id) const {
  auto value = store_->Get(store_->cf(kDocuments), IdToKey(id));
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(
          absl::StrCat("no document ", DocumentName(id)));
    }
    return value.status();
  }
  v1::Document document;
  if (!document.ParseFromString(*value)) {
    return absl::DataLossError(
        absl::StrCat("stored document ", id, " does not parse"));
  }
  return document;
}

absl::Status DocumentStore::List(const v1::ListDocumentsRequest& request,
                                 v1::ListDocumentsResponse* response) const {
  if (request.page_size() < 0) {
    return InvalidFieldError("page_size", "INVALID_PAGE_SIZE",
                             "page_size must not be negative");
  }
  int page_size = request.page_size() == 0 ? options_.default_page_size
                                           : request.page_size();
  page_size = std::min(page_size, options_.max_page_size);
  std::string start;
  if (!request.page_token().empty()) {
    if (!absl::WebSafeBase64Unescape(request.page_token(), &start) ||
        start.size() != kByDateKeyBytes) {
      return InvalidFieldError("page_token", "INVALID_PAGE_TOKEN",
                               "page_token is not one this service issued");
    }
  }
  const v1::DocumentView view = request.view() == v1::DOCUMENT_VIEW_UNSPECIFIED
                                    ? v1::DOCUMENT_VIEW_BASIC
                                    : request.view();
  rocksdb::ReadOptions read_options;
  // One snapshot for the page and its count.
  const rocksdb::Snapshot* snapshot = store_->db()->GetSnapshot();
  read_options.snapshot = snapshot;
  auto it = store_->NewIterator(store_->cf(kByDate), read_options);
  it->Seek(ToSlice(start));
  if (!start.empty() && it->Valid() && ToView(it->key()) == start) it->Next();
  std::string last_key;
  absl::Status status;
  for (; it->Valid() && response->documents_size() < page_size; it->Next()) {
    const absl::string_view key = ToView(it->key());
    if (key.size() != kByDateKeyBytes) continue;
    std::string value;
    rocksdb::Status s =
        store_->db()->Get(read_options, store_->cf(kDocuments),
                          ToSlice(key.substr(4)), &value);
    if (!s.ok()) {
      status = FromRocksStatus(s, "list");
      break;
    }
    v1::Document* document = response->add_documents();
    if (!document->ParseFromString(value)) {
      status = absl::DataLossError("stored document does not parse");
      break;
    }
    ApplyView(view, document);
    last_key = std::string(key);
  }
  if (status.ok()) status = FromRocksStatus(it->status(), "list");
  if (status.ok() && it->Valid() && !last_key.empty()) {
    response->set_next_page_token(absl::WebSafeBase64Escape(last_key));
  }
  std::string count;
  if (status.ok()) {
    rocksdb::Status s =
        store_->db()->Get(read_options, store_->cf(kCounters),
                          ToSlice(kDocumentsCounter), &count);
    if (!s.ok() && !s.IsNotFound()) status = FromRocksStatus(s, "count");
  }
  response->set_total_size(static_cast<int64_t>(DecodeCounter(count)));
  it.reset();
  store_->db()->ReleaseSnapshot(snapshot);
  return status;
}

absl::Status DocumentStore::GetStory(const v1::GetStoryRequest& request,
                                     v1::GetStoryResponse* response) const {
  DOSSIER_ASSIGN_OR_RETURN(const std::string id, ParseResourceName(request.name(), "stories"));
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_story(), stories_.Get(id));
  if (request.max_documents() < 0) {
    return InvalidFieldError("max_documents", "INVALID_PAGE_SIZE",
                             "max_documents must not be negative");
  }
  const int limit = std::min(request.max_documents() == 0 ? 100 : request.max_documents(),
                             options_.max_page_size);
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> members, stories_.Members(id, limit));
  for (const std::string& member : members) {
    DOSSIER_ASSIGN_OR_RETURN(v1::Document document, Get(member));
    ApplyView(v1::DOCUMENT_VIEW_BASIC, &document);
    *response->add_documents() = std::move(document);
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::ListStories(const v1::ListStoriesRequest& request,
                                        v1::ListStoriesResponse* response) const {
  return stories_.List(request, response, options_.default_page_size, options_.max_page_size);
}

absl::StatusOr<uint64_t> DocumentStore::Count() const {
  auto value = store_->Get(store_->cf(kCounters), kDocumentsCounter);
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) return 0;
    return value.status();
  }
  return DecodeCounter(*value);
}

}  // namespace dossier::query
