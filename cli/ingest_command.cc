#include "cli/ingest_command.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "cli/command_line.h"
#include "cli/lifecycle_commands.h"
#include "cli/output.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/status.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "google/protobuf/struct.pb.h"

namespace dossier::cli {
namespace {

constexpr size_t kDocumentsPerStream = 5000;
// What to do about a failure is Classify's (common/retry.h); how long to
// keep at it is a command's own: an outage (a broken stream, a full
// outbox, a service restarting) is waited out, up to 30 broken streams in
// all, while the service answers something at least every --timeout; a
// document refused with a fluke (kRetry) is sent again up to 3 times;
// anything permanent is reported.
constexpr int kMaxStreamRetries = 30;
constexpr int kMaxDocumentRetries = 3;

struct Rejection {
  std::string source;
  absl::Status status;
};

class Progress {
 public:
  Progress(size_t total, bool enabled) : total_(total), enabled_(enabled), start_(absl::Now()) {}

  void Update(size_t done, bool force = false) {
    if (!enabled_) return;
    const absl::Time now = absl::Now();
    if (!force && now - last_ < absl::Milliseconds(100)) return;
    last_ = now;
    const double seconds = absl::ToDoubleSeconds(now - start_);
    const double rate = seconds > 0 ? done / seconds : 0;
    const double eta = rate > 0 ? (total_ - done) / rate : 0;
    const int width = 30;
    const int filled = total_ > 0 ? static_cast<int>(width * done / total_) : width;
    std::string bar(filled, '#');
    bar.resize(width, '.');
    std::fprintf(stderr, "\r%zu/%zu [%s] %3d%%  %.0f docs/s  ETA %s   ", done, total_, bar.c_str(),
                 total_ > 0 ? static_cast<int>(100 * done / total_) : 100, rate,
                 FormatEta(eta).c_str());
  }

  void End() {
    if (enabled_) std::fprintf(stderr, "\n");
  }

 private:
  static std::string FormatEta(double seconds) {
    const int s = static_cast<int>(seconds + 0.5);
    return absl::StrFormat("%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
  const size_t total_;
  const bool enabled_;
  const absl::Time start_;
  absl::Time last_ = absl::InfinitePast();
};

struct Tally {
  size_t accepted = 0;
  // The ids accepted, for --wait.
  std::vector<std::string> accepted_ids;
  // The stored documents that duplicates repeat: --wait waits for them too
  // (a re-send after a restart answers DUPLICATE for documents still on
  // their way to the index).
  std::vector<std::string> duplicate_of;
  size_t duplicates = 0;
  // Accepted documents linked to earlier ones they nearly repeat.
  size_t near_duplicates = 0;
  std::vector<Rejection> rejections;
  // Written by one chunk's writer at a time.
  FieldsSeen fields;
};

// With --json, each document's line as it is answered: the source, and the
// result in the protobuf JSON mapping.
class ResultLines {
 public:
  explicit ResultLines(bool enabled) : enabled_(enabled) {}

  void Print(const std::string& source, const v1::IngestResult& result) {
    if (!enabled_) return;
    google::protobuf::Value name;
    name.set_string_value(source);
    absl::MutexLock lock(&mu_);
    std::printf("{\"source\":%s,\"result\":%s}\n", JsonOf(name, false, true).c_str(),
                JsonOf(result, false, true).c_str());
    // Whoever reads the other end wants each result as it comes.
    std::fflush(stdout);
  }

  // A document refused before it was sent (unreadable, bad JSON).
  void PrintRefused(const std::string& source, const absl::Status& status) {
    v1::IngestResult result;
    result.set_outcome(v1::INGEST_OUTCOME_REJECTED);
    *result.mutable_error() = ToRpcStatusProto(status);
    Print(source, result);
  }

 private:
  const bool enabled_;
  absl::Mutex mu_;
};

}  // namespace

int RunIngest(const std::vector<std::string>& paths, const IngestCommandOptions& options) {
  if (absl::Status s = CheckEncoding(options.sources.encoding); !s.ok()) {
    return UsageError("ingest", s.message());
  }
  auto sources = EnumerateSources(paths, nullptr, options.sources.encoding);
  if (!sources.ok() && sources.status().code() == absl::StatusCode::kInvalidArgument) {
    return UsageError("ingest", sources.status().message());
  }
  if (!sources.ok()) {
    std::fprintf(stderr, "dossier ingest: %s\n", std::string(sources.status().message()).c_str());
    return 66;
  }
  if (sources->empty()) {
    std::fprintf(stderr, "dossier ingest: nothing to ingest in the given paths\n");
    return 1;
  }
  auto channel = MakeChannel(options.address);
  auto stub = v1::IngestService::NewStub(channel);
  const bool show_progress = options.progress && isatty(STDERR_FILENO);
  Progress progress(sources->size(), show_progress);
  const absl::Time start = absl::Now();

  Tally tally;
  ResultLines lines(options.json);
  Endpoints endpoints;
  endpoints.ingest = options.address;
  endpoints.timeout = options.timeout;
  // When the service last answered anything; --timeout runs from here.
  std::atomic<int64_t> last_answer{absl::ToUnixNanos(start)};
  auto stalled_for = [&] { return absl::Now() - absl::FromUnixNanos(last_answer.load()); };
  // Sources answered for good (accepted, duplicate or rejected).
  size_t answered = 0;
  // The stream error that made us give up, for the message, and what was
  // acknowledged before, so that a user knows what went in and that
  // sending the rest again is safe.
  auto give_up = [&](const grpc::Status& status) {
    progress.End();
    const int code = Fail("ingest", status, Service::kIngest, endpoints);
    std::fprintf(stderr,
                 "dossier ingest: before it stopped, of %zu sources: %zu accepted, %zu "
                 "duplicates, %zu rejected; %zu without an answer. Ingesting the same paths "
                 "again is safe: what went in comes back as a duplicate.\n",
                 sources->size(), tally.accepted, tally.duplicates, tally.rejections.size(),
                 sources->size() - std::min(sources->size(), answered));
    return code;
  };
  std::vector<size_t> todo(sources->size());
  for (size_t i = 0; i < todo.size(); ++i) todo[i] = i;
  int stream_failures = 0;
  // The last broken stream's status.
  grpc::Status last_failure;
  // Per source: the times it was refused with a fluke.
  std::vector<int> flukes(sources->size(), 0);
  // Between rounds that left documents to send again.
  Backoff backoff(absl::Seconds(1), absl::Seconds(30));

  while (!todo.empty()) {
    std::vector<size_t> retry;
    // What the server asked for (RetryInfo), and whether anything went in.
    absl::Duration retry_after = absl::ZeroDuration();
    bool went_in = false;
    for (size_t chunk = 0; chunk < todo.size(); chunk += kDocumentsPerStream) {
      const size_t end = std::min(todo.size(), chunk + kDocumentsPerStream);
      grpc::ClientContext context;
      SetDeadline(&context, options.stream_timeout);
      auto stream = stub->StreamIngestDocuments(&context);
      // Cancels the stream when the service stops answering for --timeout.
      absl::Notification stream_over;
      std::atomic<bool> stalled{false};
      std::thread watchdog([&] {
        while (!stream_over.WaitForNotificationWithTimeout(absl::Milliseconds(100))) {
          if (stalled_for() > options.timeout) {
            stalled = true;
            context.TryCancel();
            return;
          }
        }
      });
      // Per document of this chunk: waiting for an answer, answered, or
      // refused before sending (unreadable, bad JSON).
      enum class State { kWaiting, kAnswered, kRefused };
      absl::Mutex mu;
      std::vector<State> state(end - chunk, State::kWaiting);
      std::vector<Rejection> refused;
      std::thread writer([&] {
        for (size_t k = chunk; k < end; ++k) {
          const Source& source = (*sources)[todo[k]];
          auto input = LoadSource(source, options.sources, &tally.fields);
          if (!input.ok()) {
            lines.PrintRefused(source.Describe(), input.status());
            absl::MutexLock lock(&mu);
            state[k - chunk] = State::kRefused;
            refused.push_back({source.Describe(), input.status()});
            continue;
          }
          v1::StreamIngestDocumentsRequest request;
          *request.mutable_document() = std::move(*input);
          request.set_request_id(absl::StrCat(k - chunk));
          if (const size_t bytes = request.ByteSizeLong(); bytes > kMaxMessageBytes) {
            // The channel would refuse it, and break the stream for the
            // documents after it.
            const absl::Status too_big = absl::InvalidArgumentError(absl::StrCat(
                "the document is ", bytes, " bytes; a message may be at most ", kMaxMessageBytes));
            lines.PrintRefused(source.Describe(), too_big);
            absl::MutexLock lock(&mu);
            state[k - chunk] = State::kRefused;
            refused.push_back({source.Describe(), too_big});
            continue;
          }
          if (!stream->Write(request)) break;
        }
        stream->WritesDone();
      });
      v1::StreamIngestDocumentsResponse response;
      while (stream->Read(&response)) {
        last_answer = absl::ToUnixNanos(absl::Now());
        size_t k = 0;
        if (!absl::SimpleAtoi(response.request_id(), &k) || k >= end - chunk) {
          continue;
        }
        const size_t index = todo[chunk + k];
        {
          absl::MutexLock lock(&mu);
          state[k] = State::kAnswered;
        }
        const v1::IngestResult& result = response.result();
        switch (result.outcome()) {
          case v1::INGEST_OUTCOME_ACCEPTED:
            ++tally.accepted;
            tally.accepted_ids.push_back(result.document_id());
            went_in = true;
            if (result.near_duplicates_size() > 0) ++tally.near_duplicates;
            break;
          case v1::INGEST_OUTCOME_DUPLICATE:
            ++tally.duplicates;
            if (!result.duplicate_of().empty()) tally.duplicate_of.push_back(result.duplicate_of());
            went_in = true;
            break;
          default: {
            absl::Status s = FromRpcStatusProto(result.error());
            const FailureClass c = Classify(s);
            if (c == FailureClass::kOutage ||
                (c == FailureClass::kRetry && ++flukes[index] <= kMaxDocumentRetries)) {
              retry.push_back(index);
              retry_after = std::max(retry_after, RetryDelay(s).value_or(absl::ZeroDuration()));
              continue;
            }
            tally.rejections.push_back({(*sources)[index].Describe(), s});
          }
        }
        lines.Print((*sources)[index].Describe(), result);
        ++answered;
        progress.Update(answered);
      }
      writer.join();
      const grpc::Status finish = stream->Finish();
      stream_over.Notify();
      watchdog.join();
      for (auto& r : refused) {
        tally.rejections.push_back(std::move(r));
        ++answered;
      }
      // Sent or not, a document without an answer goes again.
      for (size_t k = chunk; k < end; ++k) {
        if (state[k - chunk] == State::kWaiting) retry.push_back(todo[k]);
      }
      progress.Update(answered, /*force=*/true);
      if (stalled) {
        return give_up(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "no answer"));
      }
      if (!finish.ok()) {
        last_failure = finish;
        const absl::Status s = FromGrpcStatus(finish);
        if (Classify(s) == FailureClass::kPermanent || ++stream_failures > kMaxStreamRetries) {
          return give_up(finish);
        }
        retry_after = std::max(retry_after, RetryDelay(s).value_or(absl::ZeroDuration()));
      }
    }
    todo = std::move(retry);
    if (todo.empty()) break;
    if (went_in) backoff.Reset();
    // An outage is waited out while the service answers; one that answers
    // nothing for --timeout is given up on.
    const absl::Duration left = options.timeout - stalled_for();
    if (left <= absl::ZeroDuration()) {
      return give_up(last_failure.ok()
                         ? grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "no answer")
                         : last_failure);
    }
    absl::SleepFor(std::min(left, std::max(retry_after, backoff.Next())));
  }
  progress.Update(answered, /*force=*/true);
  progress.End();
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);

  // With --json the lines on stdout are the results; the summary is for
  // the person watching, on stderr.
  FILE* out = options.json ? stderr : stdout;
  {
    std::fprintf(out, "ingested %s in %.1f s (%.0f documents/s)\n",
                 Count(static_cast<int64_t>(sources->size()), "source").c_str(), seconds,
                 seconds > 0 ? sources->size() / seconds : 0.0);
    std::fprintf(out,
                 "  accepted    %zu (%zu linked to near duplicates)\n  duplicates  %zu\n"
                 "  rejected    %zu\n",
                 tally.accepted, tally.near_duplicates, tally.duplicates, tally.rejections.size());
    if (tally.duplicates > 0) {
      // What a client sent with a copy (another outlet, date or key) is
      // not stored: say so, and how to replace the stored one.
      std::fprintf(out,
                   "  (a duplicate keeps the copy stored first, with its metadata; `dossier "
                   "delete` it to ingest another)\n");
    }
    // Rejections grouped by reason, with a few examples each.
    std::map<std::string, std::vector<const Rejection*>> by_reason;
    for (const auto& r : tally.rejections) {
      std::string reason = ErrorReason(r.status);
      if (reason.empty()) reason = absl::StatusCodeToString(r.status.code());
      by_reason[reason].push_back(&r);
    }
    for (const auto& [reason, list] : by_reason) {
      std::fprintf(out, "    %zu x %s\n", list.size(), reason.c_str());
      for (size_t i = 0; i < list.size() && i < 3; ++i) {
        std::fprintf(out, "      %s: %s\n", list[i]->source.c_str(),
                     std::string(list[i]->status.message()).c_str());
      }
      if (list.size() > 3) {
        std::fprintf(out, "      ... and %zu more%s\n", list.size() - 3,
                     options.json ? " (each is a line of the output)" : " (--json prints each)");
      }
      // What to do about the reasons a flag fixes.
      if (reason == "TEXT_NOT_UTF8" && options.sources.encoding != "auto") {
        std::fprintf(out,
                     "      (not UTF-8: --encoding=auto guesses each file's encoding, or "
                     "--encoding=latin1, windows-1252, ... names it)\n");
      }
    }
  }
  for (const std::string& missing : FieldsNoLineHas(options.sources, tally.fields)) {
    std::fprintf(out, "  note: %s\n", missing.c_str());
  }
  int code = tally.rejections.empty() ? 0 : 2;
  if (options.wait > absl::ZeroDuration()) {
    std::fflush(out);
    endpoints.json = options.json;
    std::vector<std::string> ids = tally.accepted_ids;
    absl::flat_hash_set<std::string> seen(ids.begin(), ids.end());
    size_t before = 0;
    for (const std::string& id : tally.duplicate_of) {
      if (seen.insert(id).second) {
        ids.push_back(id);
        ++before;
      }
    }
    const int waited = WaitForIndexed(ids, options.wait, options.progress, endpoints, before);
    if (code == 0) code = waited;
  }
  return code;
}

}  // namespace dossier::cli
