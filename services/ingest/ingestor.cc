#include "services/ingest/ingestor.h"

#include <cstdio>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/grpc_status.h"
#include "common/status.h"
#include "common/time_util.h"

namespace dossier::ingest {
namespace {

// Outages: the call may well succeed later, and never counts as the
// document's fault.
bool IsOutage(const absl::Status& s) {
  return s.code() == absl::StatusCode::kUnavailable ||
         s.code() == absl::StatusCode::kDeadlineExceeded ||
         s.code() == absl::StatusCode::kResourceExhausted ||
         s.code() == absl::StatusCode::kCancelled;
}

}  // namespace

v1::IngestResult Ingestor::Rejected(const std::string& id, const absl::Status& s) {
  v1::IngestResult result;
  result.set_document_id(id);
  result.set_outcome(v1::INGEST_OUTCOME_REJECTED);
  *result.mutable_error() = ToRpcStatusProto(s);
  return result;
}

Ingestor::Ingestor(const IngestorOptions& options, std::unique_ptr<Outbox> outbox,
                   std::unique_ptr<TaggerClient> tagger,
                   std::unique_ptr<IndexClient> index)
    : options_(options),
      outbox_(std::move(outbox)),
      tagger_(std::move(tagger)),
      index_(std::move(index)) {}

absl::StatusOr<std::unique_ptr<Ingestor>> Ingestor::Start(
    const IngestorOptions& options, std::unique_ptr<TaggerClient> tagger,
    std::unique_ptr<IndexClient> index) {
  DOSSIER_ASSIGN_OR_RETURN(auto outbox,
                           Outbox::Open(options.data_dir, options.rocks));
  DOSSIER_ASSIGN_OR_RETURN(std::vector<uint64_t> pending,
                           outbox->PendingSequences());
  DOSSIER_ASSIGN_OR_RETURN(uint64_t next, outbox->NextSequence());
  std::unique_ptr<Ingestor> ingestor(new Ingestor(
      options, std::move(outbox), std::move(tagger), std::move(index)));
  ingestor->next_sequence_ = next;
  ingestor->outbox_size_ = pending.size();
  ingestor->near_duplicates_ = std::make_unique<LshIndex>(options.near_duplicate_window);
  DOSSIER_RETURN_IF_ERROR(ingestor->outbox_->ForEachSignature(
      absl::Now() - options.near_duplicate_window,
      [&](const std::string& id, const Signature& signature, absl::Time accepted) {
        ingestor->near_duplicates_->Add(id, signature, accepted);
      }));
  {
    absl::MutexLock lock(&ingestor->mu_);
    ingestor->work_queue_.assign(pending.begin(), pending.end());
  }
  if (!pending.empty()) {
    std::fprintf(stderr, "dossier-ingest: %zu documents in the outbox resume\n",
                 pending.size());
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

void Ingestor::Submit(v1::DocumentInput input, Done done) {
  if (!accepting_) {
    done(Rejected("", absl::UnavailableError("ingest is shutting down")));
    return;
  }
  if (in_flight_.load() + outbox_size_.load() >= options_.max_outbox_documents) {
    done(Rejected("", RetryableError(
                          absl::StatusCode::kResourceExhausted, "OUTBOX_FULL",
                          absl::StrCat("the outbox holds ", outbox_size_.load(),
                                       " documents waiting downstream (limit ",
                                       options_.max_outbox_documents,
                                       "); retry later"),
                          options_.full_retry_after)));
    return;
  }
  ++in_flight_;
  prepare_pool_->Schedule(
      [this, input = std::move(input), done = std::move(done)]() mutable {
        auto document = PrepareDocument(input, options_.prepare, absl::Now());
        if (!document.ok()) {
          --in_flight_;
          done(Rejected("", document.status()));
          return;
        }
        const Signature signature = MinHash(document->text());
        Enqueue({std::move(*document), signature, std::move(done)});
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
  for (const auto& [id, signature] : near_duplicates_->Candidates(pending->signature)) {
    consider(id, EstimatedJaccard(pending->signature, *signature));
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

void Ingestor::Commit(std::vector<Pending> batch) {
  const absl::Time now = absl::Now();
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
  // A document counts as accepted unless it failed for good.
  auto alive = [](const absl::StatusOr<v1::DocumentStatus>& status) {
    return status.ok() && status->state() != v1::DOCUMENT_STATE_FAILED;
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
    auto existing = outbox_->GetStatus(id);
    if (alive(existing)) {
      duplicate(&result, id);
      continue;
    }
    if (!existing.ok() && existing.status().code() != absl::StatusCode::kNotFound) {
      result = Rejected(id, existing.status());
      continue;
    }
    auto same_text = outbox_->FindContent(document.content_hash());
    if (!same_text.ok()) {
      result = Rejected(id, same_text.status());
      continue;
    }
    if (same_text->has_value() && **same_text != id && alive(outbox_->GetStatus(**same_text))) {
      duplicate(&result, **same_text);
      continue;
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
      std::fprintf(stderr, "dossier-ingest: outbox write failed: %s\n",
                   written.ToString().c_str());
      for (size_t i : accepted_index) {
        results[i] = Rejected(batch[i].document.id(),
                              absl::UnavailableError(absl::StrCat(
                                  "outbox write failed: ", written.message())));
      }
    } else {
      outbox_size_ += accepted.size();
      for (const auto& a : accepted) {
        near_duplicates_->Add(a.document->id(), *a.signature, now);
      }
      absl::MutexLock lock(&mu_);
      for (const auto& a : accepted) work_queue_.push_back(a.sequence);
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
  return !mu_.AwaitWithTimeout(absl::Condition(&stopping), d);
}

bool Ingestor::WaitToRetry(const absl::Status& status, Backoff* backoff) {
  const absl::Duration delay = backoff->Next();
  std::fprintf(stderr, "dossier-ingest: %s; retrying in %s\n", status.ToString().c_str(),
               absl::FormatDuration(delay).c_str());
  return SleepUnlessStopping(delay);
}

bool Ingestor::GivesUp(const absl::Status& status, int attempts) const {
  return !IsTransient(status) || (!IsOutage(status) && attempts >= options_.max_attempts);
}

void Ingestor::RecordFailures(absl::Span<Work> works, const absl::Status& status) {
  std::vector<const v1::DocumentStatus*> statuses;
  const auto now = ToProtoTimestamp(absl::Now());
  for (Work& work : works) {
    work.status.set_attempts(work.status.attempts() + 1);
    work.status.set_error(std::string(status.message()));
    *work.status.mutable_update_time() = now;
    statuses.push_back(&work.status);
  }
  // Visible to GetDocumentStatus while the retries go on.
  WriteStatuses(statuses);
}

void Ingestor::WriteStatuses(const std::vector<const v1::DocumentStatus*>& statuses) {
  absl::Status s = outbox_->Update(statuses, {});
  if (!s.ok()) {
    std::fprintf(stderr, "dossier-ingest: status write: %s\n", s.ToString().c_str());
  }
}

namespace {

// The document reached `state` (TAGGED, INDEXED) at `now`: no error left.
void Reached(v1::DocumentState state, const google::protobuf::Timestamp& now,
             v1::DocumentStatus* status) {
  status->set_state(state);
  status->set_error("");
  *status->mutable_update_time() = now;
}

}  // namespace

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
    size_t bytes = 0;
    for (size_t i = 0; i < sequences.size(); ++i) {
      const uint64_t sequence = sequences[i];
      auto document = outbox_->Load(sequence);
      if (!document.ok()) {
        std::fprintf(stderr, "dossier-ingest: outbox entry %llu: %s\n",
                     static_cast<unsigned long long>(sequence),
                     document.status().ToString().c_str());
        continue;
      }
      const size_t size = document->text().size() + document->original_text().size();
      if (!batch.empty() && bytes + size > options_.index_batch_bytes) {
        // The batch is full by bytes: the rest wait for the next one.
        absl::MutexLock lock(&mu_);
        for (size_t k = sequences.size(); k > i; --k) work_queue_.push_front(sequences[k - 1]);
        break;
      }
      bytes += size;
      auto status = outbox_->GetStatus(document->id());
      Work work{sequence, std::move(*document), {}};
      if (status.ok()) {
        work.status = std::move(*status);
      } else {
        work.status.set_document_id(work.document.id());
        *work.status.mutable_accept_time() = work.document.accept_time();
      }
      batch.push_back(std::move(work));
    }
    if (!TagAll(&batch, &backoff)) return;
    if (!IndexAll(&batch, &backoff)) return;
  }
}

bool Ingestor::TagAll(std::vector<Work>* batch, Backoff* backoff) {
  // One call for the batch; retried through outages. A document the tagger
  // refuses for good fails the call: then each goes alone, to find it.
  std::vector<const v1::Document*> documents;
  for (const Work& w : *batch) documents.push_back(&w.document);
  bool one_by_one = false;
  while (!documents.empty()) {
    auto annotations = tagger_->TagBatch(documents);
    if (annotations.ok()) {
      const auto now = ToProtoTimestamp(absl::Now());
      for (size_t i = 0; i < batch->size(); ++i) {
        Work& w = (*batch)[i];
        *w.document.mutable_annotations() = std::move((*annotations)[i]);
        Reached(v1::DOCUMENT_STATE_TAGGED, now, &w.status);
      }
      backoff->Reset();
      break;
    }
    const absl::Status& s = annotations.status();
    if (!IsOutage(s)) {
      one_by_one = true;
      break;
    }
    RecordFailures(absl::MakeSpan(*batch), s);
    if (!WaitToRetry(s, backoff)) return false;
  }
  std::vector<Work> kept;
  std::vector<Work> failed;
  for (Work& work : *batch) {
    while (one_by_one) {
      auto annotations = tagger_->Tag(work.document);
      if (annotations.ok()) {
        *work.document.mutable_annotations() = std::move(*annotations);
        Reached(v1::DOCUMENT_STATE_TAGGED, ToProtoTimestamp(absl::Now()), &work.status);
        backoff->Reset();
        break;
      }
      const absl::Status& s = annotations.status();
      RecordFailures(absl::MakeSpan(&work, 1), s);
      if (GivesUp(s, work.status.attempts())) {
        work.status.set_state(v1::DOCUMENT_STATE_FAILED);
        break;
      }
      if (!WaitToRetry(s, backoff)) return false;
    }
    if (work.status.state() == v1::DOCUMENT_STATE_FAILED) {
      failed.push_back(std::move(work));
    } else {
      kept.push_back(std::move(work));
    }
  }
  if (!failed.empty()) Finish(&failed);
  std::vector<const v1::DocumentStatus*> statuses;
  for (const Work& w : kept) statuses.push_back(&w.status);
  WriteStatuses(statuses);
  *batch = std::move(kept);
  return true;
}

bool Ingestor::IndexAll(std::vector<Work>* batch, Backoff* backoff) {
  if (batch->empty()) return true;
  std::vector<const v1::Document*> documents;
  for (const Work& w : *batch) documents.push_back(&w.document);
  while (true) {
    auto outcomes = index_->Index(documents);
    if (outcomes.ok()) {
      backoff->Reset();
      const auto now = ToProtoTimestamp(absl::Now());
      for (Work& w : *batch) Reached(v1::DOCUMENT_STATE_INDEXED, now, &w.status);
      Finish(batch);
      return true;
    }
    const absl::Status& s = outcomes.status();
    if (!IsTransient(s) && batch->size() > 1) {
      // One document spoils the call: send each alone to find it.
      for (Work& w : *batch) {
        std::vector<Work> single;
        single.push_back(std::move(w));
        if (!IndexAll(&single, backoff)) return false;
      }
      batch->clear();
      return true;
    }
    RecordFailures(absl::MakeSpan(*batch), s);
    if (GivesUp(s, (*batch)[0].status.attempts())) {
      for (Work& w : *batch) w.status.set_state(v1::DOCUMENT_STATE_FAILED);
      Finish(batch);
      return true;
    }
    if (!WaitToRetry(s, backoff)) return false;
  }
}

void Ingestor::Finish(std::vector<Work>* finished) {
  std::vector<const v1::DocumentStatus*> statuses;
  std::vector<uint64_t> done;
  for (const Work& w : *finished) {
    statuses.push_back(&w.status);
    done.push_back(w.sequence);
  }
  absl::Status s = outbox_->Update(statuses, done);
  if (!s.ok()) {
    // The entries stay in the outbox and go downstream again after a
    // restart, where the query service answers ALREADY_INDEXED.
    std::fprintf(stderr, "dossier-ingest: outbox update: %s\n", s.ToString().c_str());
    return;
  }
  if ((outbox_size_ -= finished->size()) == 0) {
    // Drained: what the delivered entries left on disk can go now. At most
    // once a minute, so that a trickle does not compact per document.
    const absl::Time now = absl::Now();
    bool compact = false;
    {
      absl::MutexLock lock(&compact_mu_);
      if (now - last_compaction_ >= absl::Minutes(1)) {
        last_compaction_ = now;
        compact = true;
      }
    }
    if (compact) {
      absl::Status c = outbox_->CompactEntries();
      if (!c.ok()) std::fprintf(stderr, "dossier-ingest: compact outbox: %s\n", c.ToString().c_str());
    }
  }
}

}  // namespace dossier::ingest
