// Memory comes back: after a large request a real binary's resident set
// returns near where it was before (jemalloc's background purge, set in each
// main.cc), instead of staying at the request's peak.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/client.h"
#include "common/utf8.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/support/binary.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::ResidentKib;
using testing::RunningBinary;
using testing::StartBinary;
using testing::TempDir;

constexpr int64_t kMiB = 1024;  // in KiB

// `bytes` of news text: BBC articles from the shared data, from the
// `skip`-th on, joined by blank lines.
std::string News(size_t bytes, size_t skip = 0) {
  std::vector<std::string> files;
  const std::string bbc = testing::SharedDir() + "/data/bbc";
  if (std::filesystem::exists(bbc)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(bbc)) {
      if (entry.path().extension() == ".txt") files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  std::string text;
  for (size_t i = 0; !files.empty() && text.size() < bytes; ++i) {
    const std::string article = testing::ReadFile(files[(skip + i) % files.size()]);
    // One file is Latin-1: only UTF-8 goes in a string field.
    if (FirstInvalidUtf8(article) >= 0) continue;
    text += article;
    text += "\n\n";
  }
  // Without the data: sentences with numbered names, as many distinct
  // words as news has.
  for (int i = 0; text.size() < bytes; ++i) {
    text +=
        absl::StrCat("Minister Aleksandar Example", i, " told Reuters in Geneva on Tuesday that ",
                     "talks on item ", i * 7919, " would resume.\n\n");
  }
  text.resize(bytes);
  // Not in the middle of a UTF-8 sequence.
  while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.pop_back();
  if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.pop_back();
  return text;
}

// The resident set once it stops moving (two readings 300 ms apart within
// 1 MiB), or after `timeout`.
int64_t SettledKib(pid_t pid, absl::Duration timeout = absl::Seconds(10)) {
  const absl::Time deadline = absl::Now() + timeout;
  int64_t last = ResidentKib(pid).value_or(-1);
  while (absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(300));
    const int64_t now = ResidentKib(pid).value_or(-1);
    if (std::abs(now - last) <= kMiB) return now;
    last = now;
  }
  return last;
}

// Polls until the resident set is at most `limit` KiB or `timeout` passes;
// returns the last reading.
int64_t WaitForResidentAtMost(pid_t pid, int64_t limit, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  int64_t now = ResidentKib(pid).value_or(-1);
  while (now > limit && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(200));
    now = ResidentKib(pid).value_or(-1);
  }
  return now;
}

// One TagText of 3.9 MB with tokens answers 800,000 of them; before, the
// tagger kept ~170 MB of what that took for good. Now what stays is its word
// cache, which is meant to stay: one tagging thread's is at most 32,768 words
// of 800 bytes (26 MB, services/tagger/ner/model.cc). The margin is that cache
// and 22 MB more.
TEST(MemoryTest, TaggerGivesBackTheMemoryOfALargeRequest) {
  TempDir dir;
  auto tagger = StartBinary("tagger", {"--threads=1", "--drain_grace=0s"}, dir);
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  const pid_t pid = tagger->process.pid();
  auto stub = v1::TaggerService::NewStub(MakeChannel(tagger->address));
  auto tag = [&](const std::string& text) {
    v1::TagTextRequest request;
    request.set_text(text);
    request.set_include_tokens(true);
    // This channel receives what MakeChannel allows.
    request.set_max_response_bytes(static_cast<int64_t>(kMaxMessageBytes));
    v1::TagTextResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Minutes(5));
    const grpc::Status s = stub->TagText(&context, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response.tokens_size();
  };
  // The first call sets up what any call needs (thread-local state, the
  // model's pages): the baseline is after it.
  ASSERT_GT(tag(News(20000)), 0);
  const int64_t baseline = SettledKib(pid);
  const std::string big = News(static_cast<size_t>(3.9 * (1 << 20)), 100);
  ASSERT_GT(tag(big), 500000);
  const int64_t peak = ResidentKib(pid).value_or(-1);
  constexpr int64_t kMargin = 48 * kMiB;
  const int64_t after = WaitForResidentAtMost(pid, baseline + kMargin, absl::Seconds(20));
  std::cout << "tagger VmRSS: baseline " << baseline / kMiB << " MiB, after the response "
            << peak / kMiB << " MiB, then " << after / kMiB << " MiB, settled at "
            << SettledKib(pid) / kMiB << " MiB\n";
  EXPECT_LE(after, baseline + kMargin)
      << "baseline " << baseline / kMiB << " MiB, after " << after / kMiB << " MiB";
}

// Twenty documents of 1.9 MB: before, ingest kept ~165 MB past what it
// held before them. What it may keep now: the documents themselves, which
// the outbox holds (its RocksDB memtable) until they are delivered (here
// never: downstream is nowhere), a delivery batch loaded for a retry, and
// 32 MB more.
TEST(MemoryTest, IngestGivesBackTheMemoryOfLargeDocuments) {
  TempDir dir;
  auto ingest = StartBinary("ingest",
                            {"--data_dir=" + dir.Sub("ingest-data"), "--tagger=127.0.0.1:1",
                             "--index=127.0.0.1:1", "--drain_grace=0s"},
                            dir);
  ASSERT_TRUE(ingest.ok()) << ingest.status();
  const pid_t pid = ingest->process.pid();
  auto stub = v1::IngestService::NewStub(MakeChannel(ingest->address));
  {
    grpc::ClientContext context;
    v1::IngestDocumentRequest request;
    request.mutable_document()->set_text(News(20000));
    v1::IngestDocumentResponse response;
    ASSERT_TRUE(stub->IngestDocument(&context, request, &response).ok());
  }
  const int64_t baseline = SettledKib(pid);
  constexpr int kDocuments = 20;
  const size_t size = static_cast<size_t>(1.9 * (1 << 20));
  grpc::ClientContext context;
  SetDeadline(&context, absl::Minutes(5));
  auto stream = stub->StreamIngestDocuments(&context);
  int64_t bytes = 0;
  for (int i = 0; i < kDocuments; ++i) {
    v1::StreamIngestDocumentsRequest request;
    request.set_request_id(absl::StrCat(i));
    request.mutable_document()->set_client_key(absl::StrCat("large/", i));
    request.mutable_document()->set_text(News(size, static_cast<size_t>(i) * 37));
    bytes += static_cast<int64_t>(request.document().text().size());
    ASSERT_TRUE(stream->Write(request));
  }
  ASSERT_TRUE(stream->WritesDone());
  v1::StreamIngestDocumentsResponse response;
  int accepted = 0;
  while (stream->Read(&response)) {
    accepted += response.result().outcome() == v1::INGEST_OUTCOME_ACCEPTED;
  }
  ASSERT_TRUE(stream->Finish().ok());
  ASSERT_EQ(accepted, kDocuments);
  const int64_t peak = ResidentKib(pid).value_or(-1);
  const int64_t margin = bytes / 1024 + 32 * kMiB;
  const int64_t after = WaitForResidentAtMost(pid, baseline + margin, absl::Seconds(20));
  std::cout << "ingest VmRSS: baseline " << baseline / kMiB << " MiB, after the stream "
            << peak / kMiB << " MiB, then " << after / kMiB << " MiB, settled at "
            << SettledKib(pid) / kMiB << " MiB (documents " << bytes / (1 << 20) << " MiB)\n";
  EXPECT_LE(after, baseline + margin)
      << "baseline " << baseline / kMiB << " MiB, after " << after / kMiB << " MiB";
}

}  // namespace
}  // namespace dossier
