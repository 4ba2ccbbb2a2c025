#include "services/ingest/ingestor.h"

#include <algorithm>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/log.h"
#include "common/request_id.h"
#include "common/rpc_status.h"
#include "common/status.h"
#include "common/time_util.h"
#include "google/protobuf/io/coded_stream.h"

namespace dossier::ingest {
namespace {

// What a failed call leaves in a document's status: the code and message,
// without payloads.
std::string Describe(const absl::Status& s) {
  return absl::StrCat(absl::StatusCodeToString(s.code()), ": ", s.message());
}

// Bytes of a length-delimited field of `n` bytes in a message.
size_t FieldBytes(size_t n) {
  return 1 + google::protobuf::io::CodedOutputStream::VarintSize64(n) + n;
}

// The document reached `state` (TAGGED, INDEXED) at `now`: no error left.
void Reached(v1::DocumentState state, const google::protobuf::Timestamp& now,
             v1::DocumentStatus* status) {
  status->set_state(state);
  status->set_error("");
  *status->mutable_update_time() = now;
}

const char* StepName(bool tag) { return tag ? "tag" : "index"; }

}  // namespace

// The distinct request ids of `works`, in order, joined by commas, as many
// as fit in kMaxRequestIdLength (a server keeps no more); "+N" ends a list
// that had to leave N out. A batch of one stream names its one request; a
// batch of documents resumed after a restart names none, and its calls get
// ids of the servers' making.
std::string Ingestor::BatchRequestId(absl::Span<Work* const> works) {
  std::vector<const std::string*> ids;
  absl::flat_hash_set<const std::string*> seen;
  absl::flat_hash_set<absl::string_view> seen_text;
  for (const Work* w : works) {
    if (w->request_id == nullptr || w->request_id->empty()) continue;
    if (!seen.insert(w->request_id.get()).second) continue;
    if (!seen_text.insert(*w->request_id).second) continue;
    ids.push_back(w->request_id.get());
  }
  std::string joined;
  size_t listed = 0;
  for (const std::string* id : ids) {
    // Room for this id and a "+N" after it.
    if (joined.size() + 1 + id->size() + 8 > kMaxRequestIdLength) break;
    if (!joined.empty()) joined.push_back(',');
    joined.append(*id);
    ++listed;
  }
  if (listed < ids.size()) absl::StrAppend(&joined, ",+", ids.size() - listed);
  return joined;
}

namespace {}  // namespace

v1::IngestResult Ingestor::Rejected(const std::string& id, const absl::Status& s) {
  v1::IngestResult result;
  result.set_document_id(id);
  result.set_outcome(v1::INGEST_OUTCOME_REJECTED);
  *result.mutable_error() = ToRpcStatusProto(s);
  return result;
}

Ingestor::Ingestor(const IngestorOptions& options, std::unique_ptr<Outbox> outbox,
                   std::unique_ptr<TaggerClient> tagger, std::unique_ptr<IndexClient> index)
    : options_(options),
      clock_(options.clock != nullptr ? options.clock : RealClock()),
      outbox_(std::move(outbox)),
      tagger_(std::move(tagger)),
      index_(std::move(index)) {}

absl::StatusOr<std::unique_ptr<Ingestor>> Ingestor::Start(const IngestorOptions& options,
                                                          std::unique_ptr<TaggerClient> tagger,
                                                          std::unique_ptr<IndexClient> index) {
  DOSSIER_ASSIGN_OR_RETURN(auto outbox, Outbox::Open(options.data_dir, options.rocks));
  return Start(options, std::move(outbox), std::move(tagger), std::move(index));
}

absl::StatusOr<std::unique_ptr<Ingestor>> Ingestor::Start(const IngestorOptions& options,
                                                          std::unique_ptr<Outbox> outbox,
                                                          std::unique_ptr<TaggerClient> tagger,
                                                          std::unique_ptr<IndexClient> index) {
  DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> pending, outbox->PendingSequences());
  DOSSIER_ASSIGN_OR_RETURN(uint64_t next, outbox->NextSequence());
  std::unique_ptr<Ingestor> ingestor(
      new Ingestor(options, std::move(outbox), std::move(tagger), std::move(index)));
  ingestor->next_sequence_ = next;
  ingestor->outbox_size_ = pending.size();
  auto near_duplicates = std::make_unique<LshIndex>(options.near_duplicate_window,
                                                    options.near_duplicate_max_documents);
  DOSSIER_RETURN_IF_ERROR(ingestor->outbox_->ForEachSignature(
      ingestor->clock_->Now() - options.near_duplicate_window,
      [&](const std::string& id, const Signature& signature, absl::Time accepted) {
        near_duplicates->Add(id, signature, accepted);
      }));
  {
    absl::MutexLock lock(&ingestor->lsh_mu_);
    ingestor->near_duplicates_ = std::move(near_duplicates);
  }
  {
    absl::MutexLock lock(&ingestor->mu_);
    ingestor->work_queue_.assign(pending.begin(), pending.end());
  }
  {
    absl::MutexLock lock(&ingestor->entries_mu_);
    for (uint64_t sequence : pending) ingestor->entries_.emplace(sequence, Entry());
  }
  if (!pending.empty()) {
    log::Info("documents in the outbox resume",
              log::Fields().Int("documents", static_cast<int64_t>(pending.size())));
  }
  ingestor->prepare_pool_ = std::make_unique<ThreadPool>(options.prepare_threads);
  ingestor->committer_ = std::thread([p = ingestor.get()] { p->CommitLoop(); });
  for (int w = 0; w < std::max(1, options.workers); ++w) {
    ingestor->workers_.emplace_back([p = ingestor.get(), w] { p->WorkLoop(w); });
  }
  return ingestor;
}

Ingestor::~Ingestor() {
  accepting_ = false;
  // Documents already being prepared still reach the committer...
  prepare_pool_.reset();
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  // ...which commits what is queued before it exits.
  if (committer_.joinable()) committer_.join();
  for (auto& w : workers_) w.join();
}

size_t Ingestor::OutboxSize() const { return outbox_size_.load(); }

DeliveryStats Ingestor::Stats() const {
  DeliveryStats stats;
  stats.outages = outages_.load();
  stats.retries = retries_.load();
  stats.permanent_failures = permanent_failures_.load();
  stats.splits = splits_.load();
  stats.indexed = indexed_.load();
  stats.failed = failed_.load();
  stats.store_errors = store_errors_.load();
  stats.unreadable_entries = unreadable_entries_.load();
  stats.accepted = accepted_.load();
  stats.duplicates = duplicates_.load();
  stats.rejected = rejected_.load();
  stats.tagged = tagged_.load();
  return stats;
}

absl::Duration Ingestor::OldestOutboxAge() const {
  uint64_t sequence;
  {
    absl::MutexLock lock(&entries_mu_);
    if (entries_.empty()) return absl::ZeroDuration();
    const auto& [first, entry] = *entries_.begin();
    if (entry.accepted != absl::InfinitePast()) {
      return std::max(absl::ZeroDuration(), clock_->Now() - entry.accepted);
    }
    sequence = first;
  }
  // Accepted before this start: its document says when.
  auto document = outbox_->Load(sequence);
  if (!document.ok()) return absl::ZeroDuration();
  const absl::Time accepted = FromProtoTimestamp(document->accept_time());
  absl::MutexLock lock(&entries_mu_);
  if (auto it = entries_.find(sequence); it != entries_.end()) it->second.accepted = accepted;
  return std::max(absl::ZeroDuration(), clock_->Now() - accepted);
}

void Ingestor::Notify(const v1::DocumentStatus& status) const {
  if (options_.on_status) options_.on_status(status);
}

void Ingestor::Submit(v1::DocumentInput input, Done done,
                      std::shared_ptr<const std::string> request_id) {
  if (!accepting_) {
    ++rejected_;
    done(Rejected("", absl::UnavailableError("ingest is shutting down")));
    return;
  }
  const size_t waiting = outbox_size_.load();
  const size_t accepting = in_flight_.load();
  if (waiting + accepting >= options_.max_outbox_documents) {
    ++rejected_;
    done(Rejected(
        "", RetryableError(
                absl::StatusCode::kResourceExhausted, "OUTBOX_FULL",
                absl::StrCat("the outbox holds ", waiting, " documents waiting downstream and ",
                             accepting, " more are being accepted (limit ",
                             options_.max_outbox_documents, " in all); retry later"),
                options_.full_retry_after)));
    return;
  }
  ++in_flight_;
  prepare_pool_->Schedule([this, input = std::move(input), done = std::move(done),
                           request_id = std::move(request_id)]() mutable {
    auto document = PrepareDocument(input, options_.prepare, clock_->Now());
    if (!document.ok()) {
      --in_flight_;
      ++rejected_;
      done(Rejected("", document.status()));
      return;
    }
    const Signature signature = MinHash(document->text());
    Enqueue({std::move(*document), signature, std::move(done), std::move(request_id)});
  });
}

void Ingestor::Enqueue(Pending pending) {
  absl::MutexLock lock(&mu_);
  commit_queue_.push_back(std::move(pending));
}

void Ingestor::CommitLoop() {
  while (true) {
    std::vector<Pending> batch;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return !commit_queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (commit_queue_.empty()) return;  // stopping, nothing left
      const size_t n = std::min(commit_queue_.size(), options_.max_commit_batch);
      batch.assign(std::make_move_iterator(commit_queue_.begin()),
                   std::make_move_iterator(commit_queue_.begin() + n));
      commit_queue_.erase(commit_queue_.begin(), commit_queue_.begin() + n);
    }
    Commit(std::move(batch));
  }
}

void Ingestor::LinkNearDuplicates(Pending* pending, const std::vector<const Pending*>& earlier) {
  std::vector<std::pair<float, std::string>> links;
  auto consider = [&](const std::string& id, float similarity) {
    if (id != pending->document.id() && similarity >= options_.near_duplicate_threshold) {
      links.emplace_back(similarity, id);
    }
  };
  {
    absl::MutexLock lock(&lsh_mu_);
    for (const auto& [id, signature] : near_duplicates_->Candidates(pending->signature)) {
      consider(id, EstimatedJaccard(pending->signature, *signature));
    }
  }
  for (const Pending* other : earlier) {
    consider(other->document.id(), EstimatedJaccard(pending->signature, other->signature));
  }
  std::sort(links.begin(), links.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (size_t i = 0; i < links.size() && static_cast<int>(i) < options_.max_near_duplicates; ++i) {
    auto* link = pending->document.add_near_duplicates();
    link->set_document_id(links[i].second);
    link->set_similarity(links[i].first);
  }
}

namespace {

// A failure of a call to a service behind ingest, as ingest's caller
// should read it: an outage is ingest's own UNAVAILABLE with `reason` and
// a retry delay (not gRPC's words about a connection, which a client would
// take for "cannot reach ingest"), saying what a retry does (`retry`);
// anything else as it came.
absl::Status DownstreamFailure(const absl::Status& status, absl::string_view service,
                               absl::string_view reason, absl::string_view what,
                               absl::string_view retry) {
  if (Classify(status) != FailureClass::kOutage) return status;
  return RetryableError(absl::StatusCode::kUnavailable, reason,
                        absl::StrCat("the ", service, " service did not take the ", what, " (",
                                     absl::StatusCodeToString(status.code()), "); ", retry),
                        absl::Seconds(1));
}

absl::Status RetagFailure(const absl::Status& status, absl::string_view service,
                          absl::string_view reason) {
  return DownstreamFailure(status, service, reason, "re-tag",
                           "documents answered before are re-tagged, retry the rest");
}

}  // namespace

absl::StatusOr<bool> Ingestor::Delete(absl::string_view id) {
  auto status = outbox_->GetStatus(id);
  if (!status.ok() && status.status().code() != absl::StatusCode::kNotFound) {
    return status.status();
  }
  // Not accepted here (another replica's, or from before this ingest): the
  // query service may still hold it.
  const bool known = status.ok();
  if (known && (status->state() == v1::DOCUMENT_STATE_ACCEPTED ||
                status->state() == v1::DOCUMENT_STATE_TAGGED)) {
    return RetryableError(absl::StatusCode::kUnavailable, "STILL_DELIVERING",
                          absl::StrCat("document ", id,
                                       " is on its way to the index; delete it once it is "
                                       "indexed"),
                          absl::Seconds(1));
  }
  const absl::StatusOr<bool> deleted = index_->Delete(id);
  if (!deleted.ok()) {
    return DownstreamFailure(deleted.status(), "query", "QUERY_UNAVAILABLE", "delete",
                             "nothing was half done that a retry does not finish");
  }
  {
    // Taken down: no new document links to it as a near duplicate.
    absl::MutexLock lock(&lsh_mu_);
    near_duplicates_->Remove(id);
  }
  if (known && status->state() != v1::DOCUMENT_STATE_DELETED) {
    v1::DocumentStatus gone;
    gone.set_document_id(std::string(id));
    gone.set_state(v1::DOCUMENT_STATE_DELETED);
    *gone.mutable_accept_time() = status->accept_time();
    *gone.mutable_update_time() = ToProtoTimestamp(clock_->Now());
    DOSSIER_RETURN_IF_ERROR(outbox_->Forget(gone));
    Notify(gone);
  }
  return *deleted;
}

absl::StatusOr<v1::RetagDocumentsResponse> Ingestor::Retag(const std::vector<std::string>& ids,
                                                           bool only_stale,
                                                           const std::function<bool()>& cancelled) {
  v1::RetagDocumentsResponse response;
  // Each id once; a name given twice is answered twice.
  std::vector<std::string> unique;
  absl::flat_hash_map<std::string, std::vector<int>> at;
  for (size_t i = 0; i < ids.size(); ++i) {
    v1::RetagResult* result = response.add_results();
    result->set_document_id(ids[i]);
    result->set_outcome(v1::RETAG_OUTCOME_NOT_FOUND);
    auto& positions = at[ids[i]];
    if (positions.empty()) unique.push_back(ids[i]);
    positions.push_back(static_cast<int>(i));
  }
  auto set = [&](const std::string& id, v1::RetagOutcome outcome,
                 const absl::Status& error = absl::OkStatus()) {
    for (const int i : at[id]) {
      v1::RetagResult* result = response.mutable_results(i);
      result->set_outcome(outcome);
      if (!error.ok()) *result->mutable_error() = ToRpcStatusProto(error);
    }
  };
  if (only_stale && !unique.empty()) {
    // The version the tagger runs now, not the one it last answered with:
    // it may have been upgraded since.
    v1::Document probe;
    probe.set_text("Version.");
    auto answer = tagger_->TagBatch({&probe});
    if (!answer.ok()) return RetagFailure(answer.status(), "tagger", "TAGGER_UNAVAILABLE");
    if (answer->size() != 1) return absl::InternalError("tagger: answered a different number");
    response.set_tagger_version(answer->front().tagger_version());
  }
  // A message of replacements stays well under the cap: a piece of 3 MiB
  // of text gives annotations of a few times that.
  const size_t replace_bytes = options_.max_message_bytes / 2;
  for (size_t pos = 0; pos < unique.size();) {
    if (cancelled && cancelled()) return absl::CancelledError("the caller went away");
    auto read = index_->ReadStored(absl::MakeConstSpan(unique).subspan(pos));
    if (!read.ok()) return RetagFailure(read.status(), "query", "QUERY_UNAVAILABLE");
    pos += read->answered;
    for (const auto& [id, error] : read->failures) {
      set(id, v1::RETAG_OUTCOME_FAILED, absl::DataLossError(error));
    }
    std::vector<const v1::Document*> stale;
    for (const v1::Document& d : read->documents) {
      if (only_stale && d.annotations().tagger_version() == response.tagger_version()) {
        set(d.id(), v1::RETAG_OUTCOME_UP_TO_DATE);
      } else {
        stale.push_back(&d);
      }
    }
    // Tagged in one call; a call the tagger refuses is split until the
    // document it refuses is alone, which fails with the reason.
    std::vector<std::optional<v1::Annotations>> tagged(stale.size());
    std::function<absl::Status(size_t, size_t)> tag = [&](size_t from, size_t to) -> absl::Status {
      if (from == to) return absl::OkStatus();
      std::vector<const v1::Document*> part(stale.begin() + static_cast<std::ptrdiff_t>(from),
                                            stale.begin() + static_cast<std::ptrdiff_t>(to));
      auto annotations = tagger_->TagBatch(part);
      if (annotations.ok() && annotations->size() == part.size()) {
        for (size_t i = 0; i < part.size(); ++i) tagged[from + i] = std::move((*annotations)[i]);
        return absl::OkStatus();
      }
      const absl::Status status =
          annotations.ok() ? absl::InternalError("tagger: answered a different number of texts")
                           : annotations.status();
      if (Classify(status) == FailureClass::kOutage) {
        return RetagFailure(status, "tagger", "TAGGER_UNAVAILABLE");
      }
      if (to - from == 1) {
        set(stale[from]->id(), v1::RETAG_OUTCOME_FAILED, status);
        return absl::OkStatus();
      }
      const size_t half = from + (to - from) / 2;
      DOSSIER_RETURN_IF_ERROR(tag(from, half));
      return tag(half, to);
    };
    DOSSIER_RETURN_IF_ERROR(tag(0, stale.size()));
    std::vector<v1::Document> replacements;
    for (size_t i = 0; i < stale.size(); ++i) {
      if (!tagged[i].has_value()) continue;
      if (response.tagger_version().empty()) {
        response.set_tagger_version(tagged[i]->tagger_version());
      }
      v1::Document& r = replacements.emplace_back();
      r.set_id(stale[i]->id());
      r.set_content_hash(stale[i]->content_hash());
      *r.mutable_annotations() = std::move(*tagged[i]);
    }
    for (size_t from = 0; from < replacements.size();) {
      std::vector<const v1::Document*> piece;
      size_t bytes = 0;
      for (; from < replacements.size(); ++from) {
        const size_t size = replacements[from].ByteSizeLong();
        if (!piece.empty() && bytes + size > replace_bytes) break;
        bytes += size;
        piece.push_back(&replacements[from]);
      }
      auto results = index_->Replace(piece);
      if (!results.ok()) return RetagFailure(results.status(), "query", "QUERY_UNAVAILABLE");
      if (results->size() != piece.size()) {
        return absl::InternalError("query: answered a different number of documents");
      }
      for (size_t i = 0; i < piece.size(); ++i) {
        const auto& r = (*results)[i];
        switch (r.outcome()) {
          case internal::v1::REPLACE_OUTCOME_REPLACED:
            set(piece[i]->id(), v1::RETAG_OUTCOME_RETAGGED);
            break;
          case internal::v1::REPLACE_OUTCOME_TEXT_CHANGED:
            set(piece[i]->id(), v1::RETAG_OUTCOME_TEXT_CHANGED);
            break;
          case internal::v1::REPLACE_OUTCOME_FAILED:
            set(piece[i]->id(), v1::RETAG_OUTCOME_FAILED, absl::DataLossError(r.error()));
            break;
          default:
            set(piece[i]->id(), v1::RETAG_OUTCOME_NOT_FOUND);
        }
      }
    }
  }
  return response;
}

absl::Status Ingestor::Stats(v1::GetIngestStatsResponse* response) const {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<int64_t> states, outbox_->CountStates());
  for (size_t state = 1; state < states.size(); ++state) {
    if (!v1::DocumentState_IsValid(static_cast<int>(state))) continue;
    v1::StateCount* count = response->add_states();
    count->set_state(static_cast<v1::DocumentState>(state));
    count->set_documents(states[state]);
  }
  response->set_outbox_documents(static_cast<int64_t>(OutboxSize()));
  DOSSIER_ASSIGN_OR_RETURN(const std::optional<absl::Time> oldest, outbox_->OldestEntry());
  if (oldest.has_value())
    *response->mutable_oldest_outbox_accept_time() = ToProtoTimestamp(*oldest);
  response->set_bytes_on_disk(outbox_->BytesOnDisk());
  return absl::OkStatus();
}

absl::StatusOr<bool> Ingestor::Alive(absl::string_view id) const {
  auto status = outbox_->GetStatus(id);
  // A document taken down (DeleteDocument) is forgotten: sent again, it is
  // accepted as new.
  if (status.ok()) {
    return status->state() != v1::DOCUMENT_STATE_FAILED &&
           status->state() != v1::DOCUMENT_STATE_DELETED;
  }
  if (status.status().code() == absl::StatusCode::kNotFound) return false;
  return status.status();
}

void Ingestor::Commit(std::vector<Pending> batch) {
  const absl::Time now = clock_->Now();
  std::vector<v1::IngestResult> results(batch.size());
  std::vector<v1::DocumentStatus> statuses(batch.size());
  std::vector<Outbox::Accepted> accepted;
  std::vector<size_t> accepted_index;
  std::vector<const Pending*> accepted_so_far;
  // Ids and contents (content hash -> id) of this batch, for duplicates
  // within it.
  absl::flat_hash_set<std::string> ids;
  absl::flat_hash_map<std::string, std::string> contents;
  auto duplicate = [](v1::IngestResult* result, const std::string& of) {
    result->set_outcome(v1::INGEST_OUTCOME_DUPLICATE);
    result->set_duplicate_of(of);
  };
  for (size_t i = 0; i < batch.size(); ++i) {
    v1::Document& document = batch[i].document;
    const std::string& id = document.id();
    v1::IngestResult& result = results[i];
    result.set_document_id(id);
    if (ids.contains(id)) {
      duplicate(&result, id);
      continue;
    }
    if (auto it = contents.find(document.content_hash()); it != contents.end()) {
      duplicate(&result, it->second);
      continue;
    }
    // A document counts as accepted unless it failed for good. A lookup
    // that fails decides nothing: the client hears the error (UNAVAILABLE
    // for a disk that fails) rather than the document being taken twice.
    absl::StatusOr<bool> alive = Alive(id);
    if (!alive.ok()) {
      result = Rejected(id, alive.status());
      continue;
    }
    if (*alive) {
      duplicate(&result, id);
      continue;
    }
    auto same_text = outbox_->FindContent(document.content_hash());
    if (!same_text.ok()) {
      result = Rejected(id, same_text.status());
      continue;
    }
    if (same_text->has_value() && **same_text != id) {
      absl::StatusOr<bool> earlier_alive = Alive(**same_text);
      if (!earlier_alive.ok()) {
        result = Rejected(id, earlier_alive.status());
        continue;
      }
      if (*earlier_alive) {
        duplicate(&result, **same_text);
        continue;
      }
    }
    LinkNearDuplicates(&batch[i], accepted_so_far);
    *document.mutable_accept_time() = ToProtoTimestamp(now);
    v1::DocumentStatus& status = statuses[i];
    status.set_document_id(id);
    status.set_state(v1::DOCUMENT_STATE_ACCEPTED);
    *status.mutable_accept_time() = document.accept_time();
    *status.mutable_update_time() = document.accept_time();
    accepted.push_back({next_sequence_++, &document, &status, &batch[i].signature});
    accepted_index.push_back(i);
    accepted_so_far.push_back(&batch[i]);
    ids.insert(id);
    contents[document.content_hash()] = id;
    result.set_outcome(v1::INGEST_OUTCOME_ACCEPTED);
    for (const auto& link : document.near_duplicates()) *result.add_near_duplicates() = link;
  }
  if (!accepted.empty()) {
    absl::Status written = outbox_->Accept(accepted);
    if (!written.ok()) {
      log::Error("outbox write failed", log::Fields().Status(written));
      for (size_t i : accepted_index) {
        results[i] = Rejected(
            batch[i].document.id(),
            absl::UnavailableError(absl::StrCat("outbox write failed: ", written.message())));
      }
    } else {
      {
        absl::MutexLock lock(&entries_mu_);
        for (size_t k = 0; k < accepted.size(); ++k) {
          entries_[accepted[k].sequence] = Entry{now, batch[accepted_index[k]].request_id};
        }
      }
      outbox_size_ += accepted.size();
      {
        absl::MutexLock lock(&lsh_mu_);
        for (const auto& a : accepted) near_duplicates_->Add(a.document->id(), *a.signature, now);
      }
      for (const auto& a : accepted) Notify(*a.status);
      absl::MutexLock lock(&mu_);
      for (const auto& a : accepted) work_queue_.push_back(a.sequence);
    }
  }
  for (const v1::IngestResult& result : results) {
    switch (result.outcome()) {
      case v1::INGEST_OUTCOME_ACCEPTED:
        ++accepted_;
        break;
      case v1::INGEST_OUTCOME_DUPLICATE:
        ++duplicates_;
        break;
      default:
        ++rejected_;
    }
  }
  in_flight_ -= batch.size();
  for (size_t i = 0; i < batch.size(); ++i) batch[i].done(std::move(results[i]));
}

absl::StatusOr<v1::DocumentStatus> Ingestor::GetStatus(absl::string_view id) const {
  return outbox_->GetStatus(id);
}

bool Ingestor::SleepUnlessStopping(absl::Duration d) {
  absl::MutexLock lock(&mu_);
  auto stopping = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) { return stopping_; };
  return !clock_->WaitUntil(&mu_, absl::Condition(&stopping), clock_->Now() + d);
}

bool Ingestor::WaitToRetry(absl::string_view what, const absl::Status& status, Backoff* backoff) {
  const absl::Duration delay = NextRetryDelay(status, backoff);
  log::Warn(absl::StrCat(what, ": retrying"),
            log::Fields()
                .Status(status)
                .Str("class", FailureClassName(Classify(status)))
                .Num("retry_in_ms", absl::ToDoubleMilliseconds(delay)));
  return SleepUnlessStopping(delay);
}

void Ingestor::RecordFailures(absl::Span<Work* const> works, const absl::Status& status) {
  const auto now = ToProtoTimestamp(clock_->Now());
  for (Work* work : works) {
    work->status.set_attempts(work->status.attempts() + 1);
    work->status.set_error(Describe(status));
    *work->status.mutable_update_time() = now;
  }
  // Visible to GetDocumentStatus while the retries go on.
  WriteStatuses(works);
}

void Ingestor::Fail(Work* work, const std::string& reason) {
  work->status.set_state(v1::DOCUMENT_STATE_FAILED);
  work->status.set_error(reason);
  *work->status.mutable_update_time() = ToProtoTimestamp(clock_->Now());
}

void Ingestor::WriteStatuses(absl::Span<Work* const> works) {
  if (works.empty()) return;
  std::vector<const v1::DocumentStatus*> statuses;
  for (const Work* w : works) statuses.push_back(&w->status);
  absl::Status s = outbox_->Update(statuses, {});
  if (!s.ok()) {
    // The statuses stay in memory and go with the next write, or with the
    // outcome (Finish, which retries).
    ++store_errors_;
    log::Warn("status write failed", log::Fields().Status(s));
    return;
  }
  for (const v1::DocumentStatus* status : statuses) Notify(*status);
}

bool Ingestor::GiveUpEntry(uint64_t sequence, const absl::Status& status) {
  ++store_errors_;
  bool give_up = false;
  switch (Classify(status)) {
    case FailureClass::kOutage:
      break;
    case FailureClass::kRetry: {
      absl::MutexLock lock(&mu_);
      if (++entry_failures_[sequence] >= options_.max_attempts) {
        entry_failures_.erase(sequence);
        give_up = true;
      }
      break;
    }
    case FailureClass::kPermanent:
      give_up = true;
      break;
  }
  return give_up;
}

void Ingestor::Load(const std::vector<uint64_t>& sequences, std::vector<Work>* batch,
                    std::vector<uint64_t>* deferred, absl::Status* cause) {
  size_t bytes = 0;
  for (size_t i = 0; i < sequences.size(); ++i) {
    const uint64_t sequence = sequences[i];
    auto document = outbox_->Load(sequence);
    if (!document.ok()) {
      const absl::Status& s = document.status();
      if (s.code() == absl::StatusCode::kNotFound) {
        // Delivered and removed already: nothing left to do.
        log::Info("outbox entry is gone (delivered already)",
                  log::Fields().Int("sequence", static_cast<int64_t>(sequence)));
        continue;
      }
      if (GiveUpEntry(sequence, s)) {
        // Its document cannot be named (the id is inside the entry), so it
        // cannot be marked FAILED: the entry stays in the outbox for an
        // operator and is tried again at the next start.
        ++unreadable_entries_;
        log::Error(
            "outbox entry cannot be read; left in the outbox and skipped until the "
            "next start",
            log::Fields().Int("sequence", static_cast<int64_t>(sequence)).Status(s));
        continue;
      }
      deferred->push_back(sequence);
      *cause = absl::Status(s.code(), absl::StrCat("outbox entry ", sequence, ": ", s.message()));
      continue;
    }
    const size_t size = document->text().size() + document->original_text().size();
    if (!batch->empty() && bytes + size > options_.index_batch_bytes) {
      // The batch is full by bytes: the rest wait for the next one.
      absl::MutexLock lock(&mu_);
      for (size_t k = sequences.size(); k > i; --k) work_queue_.push_front(sequences[k - 1]);
      break;
    }
    Work work{sequence, std::move(*document), {}, 0, nullptr};
    {
      absl::MutexLock lock(&entries_mu_);
      if (auto it = entries_.find(sequence); it != entries_.end()) {
        work.request_id = it->second.request_id;
      }
    }
    auto status = outbox_->GetStatus(work.document.id());
    if (status.ok()) {
      work.status = std::move(*status);
    } else {
      const absl::Status& s = status.status();
      const bool missing = s.code() == absl::StatusCode::kNotFound;
      if (!missing && !GiveUpEntry(sequence, s)) {
        // Starting from a blank status would lose the attempts counted so
        // far: read it again later.
        deferred->push_back(sequence);
        *cause = absl::Status(s.code(),
                              absl::StrCat("status of ", work.document.id(), ": ", s.message()));
        continue;
      }
      // Never written (acceptance writes it with the entry, so only a
      // store from before statuses), or unreadable for good: rebuilt from
      // the entry.
      work.status.set_document_id(work.document.id());
      work.status.set_state(v1::DOCUMENT_STATE_ACCEPTED);
      *work.status.mutable_accept_time() = work.document.accept_time();
      if (!missing) {
        work.status.set_error(
            absl::StrCat("the stored status was unreadable (", Describe(s), "); rebuilt"));
      }
    }
    {
      absl::MutexLock lock(&mu_);
      if (!entry_failures_.empty()) entry_failures_.erase(sequence);
    }
    bytes += size;
    batch->push_back(std::move(work));
  }
}

void Ingestor::WorkLoop(int worker) {
  Backoff backoff(options_.backoff_initial, options_.backoff_max,
                  /*seed=*/static_cast<uint64_t>(worker) + 1);
  while (true) {
    std::vector<uint64_t> sequences;
    {
      absl::MutexLock lock(&mu_);
      auto ready = [this]() ABSL_SHARED_LOCKS_REQUIRED(mu_) {
        return !work_queue_.empty() || stopping_;
      };
      mu_.Await(absl::Condition(&ready));
      if (stopping_) return;
      while (!work_queue_.empty() && sequences.size() < options_.index_batch) {
        sequences.push_back(work_queue_.front());
        work_queue_.pop_front();
      }
    }
    std::vector<Work> batch;
    std::vector<uint64_t> deferred;
    absl::Status cause;
    Load(sequences, &batch, &deferred, &cause);
    if (!batch.empty() && !Deliver(&batch, &backoff)) return;
    if (!deferred.empty()) {
      // The outbox could not give these up now: wait, then they go first.
      // (Stopping, they stay in the outbox for the next start.)
      if (!WaitToRetry(absl::StrCat("read ", deferred.size(), " outbox entries"), cause,
                       &backoff)) {
        return;
      }
      absl::MutexLock lock(&mu_);
      for (auto it = deferred.rbegin(); it != deferred.rend(); ++it) work_queue_.push_front(*it);
    }
  }
}

bool Ingestor::Deliver(std::vector<Work>* batch, Backoff* backoff) {
  std::vector<Work*> all;
  for (Work& w : *batch) all.push_back(&w);
  if (!RunStep(Step::kTag, all, backoff)) return false;
  std::vector<Work*> tagged;
  std::vector<Work*> finished;
  for (Work* w : all) {
    (w->status.state() == v1::DOCUMENT_STATE_FAILED ? finished : tagged).push_back(w);
  }
  // The documents the tagger refused are done with now; the progress of the
  // rest is visible while they are indexed.
  if (!finished.empty() && !Finish(finished, backoff)) return false;
  WriteStatuses(tagged);
  if (!RunStep(Step::kIndex, tagged, backoff)) return false;
  return Finish(tagged, backoff);
}

size_t Ingestor::RequestBytes(Step step, absl::Span<Work* const> works) const {
  size_t bytes = 0;
  for (const Work* w : works) {
    if (step == Step::kTag) {
      // TagTextRequest: the text, the outlet and a date (a few bytes; 16
      // is ample).
      bytes += FieldBytes(FieldBytes(w->document.text().size()) +
                          FieldBytes(w->document.metadata().outlet().size()) + 16);
    } else {
      bytes += FieldBytes(w->document.ByteSizeLong());
    }
  }
  return bytes;
}

absl::Status Ingestor::Call(Step step, absl::Span<Work* const> works) {
  std::vector<const v1::Document*> documents;
  for (const Work* w : works) documents.push_back(&w->document);
  // The call carries the ids of the requests that brought these documents.
  const ScopedRequestId request_id(BatchRequestId(works));
  if (step == Step::kTag) {
    DOSSIER_ASSIGN_OR_RETURN(std::vector<v1::Annotations> annotations,
                             tagger_->TagBatch(documents));
    if (annotations.size() != works.size()) {
      return absl::InternalError("tagger: answered a different number of texts");
    }
    const auto now = ToProtoTimestamp(clock_->Now());
    for (size_t i = 0; i < works.size(); ++i) {
      *works[i]->document.mutable_annotations() = std::move(annotations[i]);
      Reached(v1::DOCUMENT_STATE_TAGGED, now, &works[i]->status);
    }
    tagged_ += works.size();
    return absl::OkStatus();
  }
  // INDEXED or ALREADY_INDEXED (a redelivery): either way it is stored.
  DOSSIER_ASSIGN_OR_RETURN(std::vector<internal::v1::IndexOutcome> outcomes,
                           index_->Index(documents));
  if (outcomes.size() != works.size()) {
    return absl::InternalError("query: answered a different number of documents");
  }
  const auto now = ToProtoTimestamp(clock_->Now());
  for (Work* w : works) Reached(v1::DOCUMENT_STATE_INDEXED, now, &w->status);
  return absl::OkStatus();
}

bool Ingestor::RunStep(Step step, absl::Span<Work* const> works, Backoff* backoff) {
  if (works.empty()) return true;
  const bool tag = step == Step::kTag;
  auto split = [&]() {
    ++splits_;
    const size_t half = works.size() / 2;
    return RunStep(step, works.subspan(0, half), backoff) &&
           RunStep(step, works.subspan(half), backoff);
  };
  // A request over the message cap is refused by the channel: no need to
  // send it to find out.
  if (const size_t bytes = RequestBytes(step, works); bytes > options_.max_message_bytes) {
    if (works.size() > 1) return split();
    Fail(works[0], absl::StrCat("too large to ", StepName(tag), ": the request would be ", bytes,
                                " bytes", tag ? "" : " with the annotations",
                                "; a message may be at most ", options_.max_message_bytes));
    return true;
  }
  while (true) {
    const absl::Status s = Call(step, works);
    if (s.ok()) {
      backoff->Reset();
      return true;
    }
    RecordFailures(works, s);
    const std::string what = absl::StrCat(StepName(tag), " ", works.size(), " documents");
    switch (Classify(s)) {
      case FailureClass::kOutage:
        ++outages_;
        if (!WaitToRetry(what, s, backoff)) return false;
        continue;
      case FailureClass::kRetry:
        ++retries_;
        for (Work* w : works) ++w->retries;
        if (works.size() == 1 && works[0]->retries >= options_.max_attempts) {
          Fail(works[0],
               absl::StrCat("gave up after ", works[0]->retries, " attempts: ", Describe(s)));
          return true;
        }
        // Repeated after a wait; a batch in halves, since one of its
        // documents may be what fails it.
        if (!WaitToRetry(what, s, backoff)) return false;
        if (works.size() > 1) return split();
        continue;
      case FailureClass::kPermanent:
        ++permanent_failures_;
        if (works.size() > 1) return split();
        Fail(works[0], Describe(s));
        return true;
    }
  }
}

bool Ingestor::Finish(const std::vector<Work*>& finished, Backoff* backoff) {
  if (finished.empty()) return true;
  std::vector<const v1::DocumentStatus*> statuses;
  std::vector<uint64_t> done;
  for (const Work* w : finished) {
    statuses.push_back(&w->status);
    done.push_back(w->sequence);
  }
  int failures = 0;
  while (true) {
    const absl::Status s = outbox_->Update(statuses, done);
    if (s.ok()) break;
    ++store_errors_;
    const FailureClass c = Classify(s);
    if (c == FailureClass::kPermanent ||
        (c == FailureClass::kRetry && ++failures >= options_.max_attempts)) {
      // The outcome cannot be recorded: the entries go round again (the
      // query store answers ALREADY_INDEXED), rather than wait for a start.
      log::Error("recording outcomes failed; delivering them again",
                 log::Fields().Int("documents", static_cast<int64_t>(finished.size())).Status(s));
      if (!SleepUnlessStopping(NextRetryDelay(s, backoff))) return false;
      absl::MutexLock lock(&mu_);
      for (uint64_t sequence : done) work_queue_.push_back(sequence);
      return true;
    }
    if (!WaitToRetry(absl::StrCat("record ", finished.size(), " outcomes"), s, backoff)) {
      return false;
    }
  }
  {
    absl::MutexLock lock(&entries_mu_);
    for (uint64_t sequence : done) entries_.erase(sequence);
  }
  const bool drained = (outbox_size_ -= finished.size()) == 0;
  for (const Work* w : finished) {
    ++(w->status.state() == v1::DOCUMENT_STATE_FAILED ? failed_ : indexed_);
    if (w->status.state() == v1::DOCUMENT_STATE_FAILED) {
      log::Warn("document FAILED", log::Fields()
                                       .Str("document_id", w->document.id())
                                       .Str("request_id", w->request_id ? *w->request_id : "")
                                       .Str("error", w->status.error()));
    }
    Notify(w->status);
  }
  if (drained) {
    // Drained: what the delivered entries left on disk can go now. At most
    // once a minute, so that a trickle does not compact per document.
    const absl::Time now = clock_->Now();
    bool compact = false;
    {
      absl::MutexLock lock(&compact_mu_);
      if (now - last_compaction_ >= absl::Minutes(1)) {
        last_compaction_ = now;
        compact = true;
      }
    }
    if (compact) {
      // Only space is at stake; the next drain tries again.
      absl::Status c = outbox_->CompactEntries();
      if (!c.ok()) {
        ++store_errors_;
        log::Warn("compacting the outbox failed", log::Fields().Status(c));
      }
    }
  }
  return true;
}

}  // namespace dossier::ingest
