// The drain on SIGTERM, on the real binaries: health answers NOT_SERVING to
// new checks while the port still answers; an ingest stream open across the
// signal answers the documents it read after it UNAVAILABLE, with RetryInfo,
// and every document it acknowledged is kept; open streams (a health watch,
// WatchDocuments) end; a call in flight finishes, while new ones are
// refused with the reason; the process exits as soon as that is done.
#include <signal.h>

#include <atomic>
#include <iostream>
#include <map>
#include <set>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/status.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/binary.h"
#include "tests/support/http.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;
using testing::RunningBinary;
using testing::StartBinary;
using testing::TempDir;

// How long past its grace window a drained process may take to exit, on a
// loaded two-core machine. Before the drain was fixed, any open stream held
// the process for the whole 10 s drain timeout.
constexpr absl::Duration kExitSlack = absl::Seconds(6);

// A health check of the server as a whole: its status, or the RPC's error
// code as a negative number.
int Check(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(2));
  HealthCheckResponse response;
  const grpc::Status s = Health::NewStub(channel)->Check(&context, HealthCheckRequest(), &response);
  return s.ok() ? static_cast<int>(response.status()) : -static_cast<int>(s.error_code());
}

// Checks health until it says something else than SERVING (or `timeout`
// passes); returns what it said last.
int CheckUntilNotServing(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  int status = Check(channel);
  while (status == HealthCheckResponse::SERVING && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(20));
    status = Check(channel);
  }
  return status;
}

// Waits for `binary` to exit; returns how long after `signalled` it did, or
// an infinite duration when it did not exit with 0.
absl::Duration ExitAfter(RunningBinary* binary, absl::Time signalled) {
  auto code = binary->process.Wait(absl::Seconds(60));
  const absl::Duration took = absl::Now() - signalled;
  EXPECT_TRUE(code.ok()) << code.status();
  if (!code.ok()) return absl::InfiniteDuration();
  EXPECT_EQ(*code, 0) << testing::ReadFile(binary->log);
  return *code == 0 ? took : absl::InfiniteDuration();
}

TEST(DrainTest, QuerySaysNotServingEndsItsStreamsAndExitsPromptly) {
  TempDir dir;
  const absl::Duration grace = absl::Seconds(2);
  auto query = StartBinary(
      "query",
      {"--data_dir=" + dir.Sub("query-data"), "--internal_listen=127.0.0.1:0", "--drain_grace=2s"},
      dir);
  ASSERT_TRUE(query.ok()) << query.status();
  auto channel = MakeChannel(query->address);

  // Two streams open across the signal: a health watch, and a watch of
  // documents.
  grpc::ClientContext health_context;
  auto health_watch = Health::NewStub(channel)->Watch(&health_context, HealthCheckRequest());
  HealthCheckResponse health;
  ASSERT_TRUE(health_watch->Read(&health));
  EXPECT_EQ(health.status(), HealthCheckResponse::SERVING);
  auto query_stub = v1::QueryService::NewStub(channel);
  grpc::ClientContext watch_context;
  v1::WatchDocumentsRequest watch_request;
  watch_request.set_query("ceasefire");
  auto documents_watch = query_stub->WatchDocuments(&watch_context, watch_request);
  documents_watch->WaitForInitialMetadata();

  const absl::Time signalled = absl::Now();
  query->process.Signal(SIGTERM);
  // A probe during the grace window gets an answer, and it is NOT_SERVING.
  EXPECT_EQ(CheckUntilNotServing(channel, grace), HealthCheckResponse::NOT_SERVING);
  EXPECT_LT(absl::Now() - signalled, grace);
  // Reads are still served meanwhile.
  {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(2));
    v1::ListDocumentsRequest request;
    v1::ListDocumentsResponse response;
    const grpc::Status s = query_stub->ListDocuments(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
  }
  // The health watch is told, then ends; so does the watch of documents.
  ASSERT_TRUE(health_watch->Read(&health));
  EXPECT_EQ(health.status(), HealthCheckResponse::NOT_SERVING);
  EXPECT_FALSE(health_watch->Read(&health));
  EXPECT_EQ(health_watch->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::WatchDocumentsResponse watched;
  EXPECT_FALSE(documents_watch->Read(&watched));
  EXPECT_EQ(documents_watch->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);

  const absl::Duration took = ExitAfter(&*query, signalled);
  std::cout << "query exited " << took << " after SIGTERM (grace " << grace << ")\n";
  EXPECT_GE(took, grace);
  EXPECT_LT(took, grace + kExitSlack);
}

// The text of document `i`: distinct words, so that no two are duplicates.
std::string Text(int i) {
  return absl::StrCat("Delegation ", i,
                      " arrived in Geneva on Tuesday.\n\nThe minister said talks ", "on item ",
                      i * 7919, " would resume after the holiday, officials ",
                      "confirmed to reporters gathered outside hall ", i % 13, ".");
}

std::string Key(int i) { return absl::StrCat("drain-test/", i); }

TEST(DrainTest, IngestStreamRefusesNewDocumentsAndKeepsEveryAcknowledgedOne) {
  TempDir dir;
  const absl::Duration grace = absl::Seconds(2);
  auto query =
      // IndexService on the one listener (an empty --internal_listen), so
      // that ingest finds it at the address StartBinary reports.
      StartBinary("query", {"--data_dir=" + dir.Sub("query-data"), "--internal_listen="}, dir);
  ASSERT_TRUE(query.ok()) << query.status();
  auto tagger = StartBinary("tagger", {}, dir);
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  const std::vector<std::string> ingest_flags = {
      "--data_dir=" + dir.Sub("ingest-data"), "--tagger=" + tagger->address,
      "--index=" + query->address, "--backoff_max=500ms"};
  std::vector<std::string> first_flags = ingest_flags;
  first_flags.push_back("--drain_grace=2s");
  auto ingest = StartBinary("ingest", first_flags, dir);
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  auto channel = MakeChannel(ingest->address);
  auto stub = v1::IngestService::NewStub(channel);

  grpc::ClientContext context;
  auto stream = stub->StreamIngestDocuments(&context);
  absl::Mutex mu;
  std::map<int, v1::IngestResult> answers;  // by request id
  std::vector<int> order;
  std::thread reader([&] {
    v1::StreamIngestDocumentsResponse response;
    while (stream->Read(&response)) {
      absl::MutexLock lock(&mu);
      const int i = std::stoi(response.request_id());
      answers[i] = response.result();
      order.push_back(i);
    }
  });
  auto answered = [&](size_t n) {
    absl::MutexLock lock(&mu);
    auto enough = [&]() { return answers.size() >= n; };
    return mu.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(60));
  };
  auto send = [&](int from, int to) {
    for (int i = from; i < to; ++i) {
      v1::StreamIngestDocumentsRequest request;
      request.set_request_id(absl::StrCat(i));
      request.mutable_document()->set_client_key(Key(i));
      request.mutable_document()->set_text(Text(i));
      if (!stream->Write(request)) return false;
    }
    return true;
  };

  // Before the signal: accepted.
  ASSERT_TRUE(send(0, 40));
  ASSERT_TRUE(answered(40));
  // Across it: a burst in flight when the signal comes.
  ASSERT_TRUE(send(40, 140));
  const absl::Time signalled = absl::Now();
  ingest->process.Signal(SIGTERM);
  ASSERT_TRUE(send(140, 240));
  // Once the drain shows: every new document is refused.
  EXPECT_EQ(CheckUntilNotServing(channel, grace), HealthCheckResponse::NOT_SERVING);
  ASSERT_TRUE(send(240, 260));
  ASSERT_TRUE(answered(260));
  {
    // A lone document too.
    grpc::ClientContext unary_context;
    SetDeadline(&unary_context, absl::Seconds(5));
    v1::IngestDocumentRequest request;
    request.mutable_document()->set_text(Text(1000));
    v1::IngestDocumentResponse response;
    const absl::Status s = FromGrpcStatus(stub->IngestDocument(&unary_context, request, &response));
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << s;
    EXPECT_EQ(ErrorReason(s), "SHUTTING_DOWN");
    EXPECT_TRUE(RetryDelay(s).has_value());
  }
  // When the grace window ends the stream ends, though the client never
  // closed its side.
  reader.join();
  const grpc::Status finish = stream->Finish();
  EXPECT_EQ(finish.error_code(), grpc::StatusCode::UNAVAILABLE) << finish.error_message();
  const absl::Duration took = ExitAfter(&*ingest, signalled);
  EXPECT_LT(took, grace + kExitSlack);

  // Every answer came in order, and is an acceptance or a refusal to retry.
  std::set<std::string> accepted, refused;
  {
    absl::MutexLock lock(&mu);
    ASSERT_EQ(order.size(), 260u);
    for (int i = 0; i < 260; ++i) EXPECT_EQ(order[i], i);
    for (const auto& [i, result] : answers) {
      const std::string id = DocumentIdForClientKey(Key(i));
      if (result.outcome() == v1::INGEST_OUTCOME_ACCEPTED) {
        EXPECT_EQ(result.document_id(), id);
        accepted.insert(id);
        continue;
      }
      ASSERT_EQ(result.outcome(), v1::INGEST_OUTCOME_REJECTED) << i;
      const absl::Status s = FromRpcStatusProto(result.error());
      EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << i << ": " << s;
      EXPECT_EQ(ErrorReason(s), "SHUTTING_DOWN") << i;
      EXPECT_TRUE(RetryDelay(s).has_value()) << i;
      refused.insert(id);
    }
    std::cout << "ingest: " << accepted.size() << " accepted, " << refused.size()
              << " refused; exited " << took << " after SIGTERM (grace " << grace << ")\n";
    for (int i = 0; i < 40; ++i) EXPECT_TRUE(accepted.count(DocumentIdForClientKey(Key(i)))) << i;
    for (int i = 240; i < 260; ++i) EXPECT_TRUE(refused.count(DocumentIdForClientKey(Key(i)))) << i;
  }

  // Nothing acknowledged is lost: once ingest is back, every accepted
  // document reaches the query service, and no refused one does.
  auto back = StartBinary("ingest", ingest_flags, dir, "restarted");
  ASSERT_TRUE(back.ok()) << back.status();
  auto query_stub = v1::QueryService::NewStub(MakeChannel(query->address));
  auto stored = [&](const std::string& id) {
    grpc::ClientContext get_context;
    SetDeadline(&get_context, absl::Seconds(5));
    v1::GetDocumentRequest request;
    request.set_name(id);
    request.set_view(v1::DOCUMENT_VIEW_BASIC);
    v1::GetDocumentResponse response;
    return query_stub->GetDocument(&get_context, request, &response).ok();
  };
  std::set<std::string> missing = accepted;
  const absl::Time deadline = absl::Now() + absl::Minutes(2);
  while (!missing.empty() && absl::Now() < deadline) {
    for (auto it = missing.begin(); it != missing.end();) {
      it = stored(*it) ? missing.erase(it) : std::next(it);
    }
    if (!missing.empty()) absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << accepted.size()
                               << " acknowledged documents never reached the query service";
  for (const std::string& id : refused) EXPECT_FALSE(stored(id)) << id;
}

TEST(DrainTest, TaggerFinishesTheCallInFlightThenExits) {
  TempDir dir;
  // No grace window: the server stops taking calls at once, and the one in
  // flight must still finish.
  const std::string metrics_file = dir.path() + "/tagger.metrics";
  auto tagger = StartBinary("tagger",
                            // Two threads, so that a small call after the signal is not queued
                            // behind the large one on a one-core machine.
                            {"--drain_grace=0s", "--threads=2", "--metrics_listen=127.0.0.1:0",
                             "--metrics_port_file=" + metrics_file},
                            dir);
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  const std::string metrics_url =
      "http://" + std::string(absl::StripAsciiWhitespace(testing::ReadFile(metrics_file))) +
      "/metrics";
  auto stub = v1::TaggerService::NewStub(MakeChannel(tagger->address));
  // Long enough (about a second) to be tagging when the signal comes.
  std::string text;
  for (int i = 0; text.size() < (size_t{3} << 20); ++i) text += Text(i) + "\n\n";
  v1::TagTextRequest request;
  request.set_text(text);
  // The answer is larger than the default budget; this channel receives it.
  request.set_max_response_bytes(static_cast<int64_t>(kMaxMessageBytes));
  std::atomic<bool> started{false};
  grpc::Status status;
  v1::TagTextResponse response;
  std::thread call([&] {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Minutes(2));
    started = true;
    status = stub->TagText(&context, request, &response);
  });
  // The signal goes once the tagger counts the call in flight, not at a
  // guess: on a loaded machine the call may take a while to arrive.
  const absl::Time give_up = absl::Now() + absl::Minutes(1);
  bool in_flight = false;
  while (!in_flight && absl::Now() < give_up) {
    const auto scraped = testing::HttpGet(metrics_url);
    in_flight =
        scraped.ok() && absl::StrContains(scraped->body, "\ngrpc_server_calls_in_flight 1\n");
    if (!in_flight) absl::SleepFor(absl::Milliseconds(5));
  }
  EXPECT_TRUE(in_flight) << "the call never reached the tagger";
  const absl::Time signalled = absl::Now();
  tagger->process.Signal(SIGTERM);
  // A call that comes after the signal, while the first is still being
  // tagged, is refused by the server itself, with the reason and a delay to
  // retry after: it stops taking calls, but tells its clients to go only
  // once the call in flight has ended, so that its answer is read before
  // the connection closes. (A call may come before the signal is acted on,
  // and be tagged.)
  absl::Status refused;
  int tagged_after_signal = 0;
  while (absl::Now() < signalled + absl::Seconds(30)) {
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(10));
    v1::TagTextRequest small;
    small.set_text("Tony Blair spoke in London.");
    v1::TagTextResponse small_response;
    refused = FromGrpcStatus(stub->TagText(&context, small, &small_response));
    if (!refused.ok()) break;
    ++tagged_after_signal;
    absl::SleepFor(absl::Milliseconds(2));
  }
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable) << refused;
  EXPECT_EQ(ErrorReason(refused), "SHUTTING_DOWN") << refused;
  EXPECT_TRUE(RetryDelay(refused).has_value()) << refused;
  const absl::Time refused_at = absl::Now();
  call.join();
  const absl::Time answered = absl::Now();
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(response.annotations().mentions_size(), 0);
  const absl::Duration took = ExitAfter(&*tagger, signalled);
  EXPECT_LT(refused_at, answered) << "the call in flight ended before a new one was refused";
  std::cout << "a new call refused " << refused_at - signalled << " after SIGTERM ("
            << tagged_after_signal << " tagged before)\n";
  std::cout << "tagger answered " << answered - signalled << " and exited " << took
            << " after SIGTERM\n";
  EXPECT_LT(took, (answered - signalled) + kExitSlack);
}

}  // namespace
}  // namespace dossier
