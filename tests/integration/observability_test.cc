// Metrics and logs of the real binaries: after an ingest of the seeds, a
// GET of each service's /metrics (libcurl, a real HTTP client) shows the
// calls, the stages, the outbox, the tagger's tokens and RocksDB's sizes
// with sensible values; every log line is a JSON object with time, level
// and service; and a request id a client gives reaches the log lines of
// ingest, the tagger and the query service for the delivery of its document.
#include <signal.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/client.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "tests/support/cli_run.h"
#include "tests/support/cluster.h"
#include "tests/support/http.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using testing::Cluster;
using testing::Service;
using testing::WaitUntil;

// A scrape: each sample line ("name{labels} value") -> value.
using Samples = std::map<std::string, double>;

absl::StatusOr<Samples> Scrape(const std::string& address) {
  auto got = testing::HttpGet("http://" + address + "/metrics");
  if (!got.ok()) return got.status();
  if (got->code != 200) return absl::InternalError("metrics answered " + std::to_string(got->code));
  Samples samples;
  for (absl::string_view line : absl::StrSplit(got->body, '\n', absl::SkipEmpty())) {
    if (absl::StartsWith(line, "#")) continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    if (space == absl::string_view::npos || !absl::SimpleAtod(line.substr(space + 1), &value)) {
      return absl::InternalError("not a sample line: " + std::string(line));
    }
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

double Get(const Samples& samples, const std::string& series) {
  auto it = samples.find(series);
  return it == samples.end() ? -1 : it->second;
}

// The sum of the samples whose series starts with `prefix`.
double Sum(const Samples& samples, const std::string& prefix) {
  double sum = 0;
  for (const auto& [series, value] : samples) {
    if (absl::StartsWith(series, prefix)) sum += value;
  }
  return sum;
}

std::string Calls(const std::string& service, const std::string& method,
                  const std::string& code = "OK") {
  return "grpc_server_handled_total{grpc_service=\"" + service + "\",grpc_method=\"" + method +
         "\",grpc_code=\"" + code + "\"}";
}

// Every line of a log as a JSON object; a line that is not one fails.
std::vector<google::protobuf::Struct> LogLines(const std::string& path) {
  std::vector<google::protobuf::Struct> lines;
  for (absl::string_view line : absl::StrSplit(testing::ReadFile(path), '\n', absl::SkipEmpty())) {
    google::protobuf::Struct object;
    const auto parsed = google::protobuf::util::JsonStringToMessage(std::string(line), &object);
    EXPECT_TRUE(parsed.ok()) << path << ": " << line;
    if (parsed.ok()) lines.push_back(std::move(object));
  }
  return lines;
}

std::string Str(const google::protobuf::Struct& object, const std::string& name) {
  auto it = object.fields().find(name);
  return it == object.fields().end() ? "" : it->second.string_value();
}

// The rpc line of `method` whose request id contains `id`, if any.
const google::protobuf::Struct* RpcLine(const std::vector<google::protobuf::Struct>& lines,
                                        const std::string& method, const std::string& id) {
  for (const auto& line : lines) {
    if (Str(line, "msg") == "rpc" && absl::EndsWith(Str(line, "method"), method) &&
        absl::StrContains(Str(line, "request_id"), id)) {
      return &line;
    }
  }
  return nullptr;
}

class ObservabilityTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(cluster_.StartAll().ok()); }

  std::vector<std::string> Cli(std::vector<std::string> args) {
    return cluster_.WithCliFlags(std::move(args));
  }

  Samples MustScrape(Service service) {
    auto samples = Scrape(cluster_.metrics_address(service));
    EXPECT_TRUE(samples.ok()) << samples.status();
    return samples.ok() ? *samples : Samples();
  }

  testing::TempDir dir_;
  Cluster cluster_{dir_.path()};
};

TEST_F(ObservabilityTest, MetricsAndLogsAfterTheSeeds) {
  testing::CliRun run = testing::RunCli(dir_, Cli({"ingest", testing::SharedDir() + "/seeds"}));
  ASSERT_EQ(run.exit_code, 0) << run.log;
  ASSERT_EQ(testing::CountOutcome(run, "ACCEPTED"), 5);

  // The CLI pointed at a metrics port (HTTP/1) says so, not that the
  // service is down.
  const testing::CliRun metrics =
      testing::RunCli(dir_, {"list", "--query=" + cluster_.metrics_address(Service::kQuery)});
  EXPECT_EQ(metrics.exit_code, 69) << metrics.log;
  EXPECT_THAT(metrics.log, ::testing::HasSubstr("answered, but not in gRPC")) << metrics.log;

  // One more document, with a request id of the client's.
  const std::string request_id = "obs-test-request-7f3a";
  auto ingest = v1::IngestService::NewStub(MakeChannel(cluster_.address(Service::kIngest)));
  v1::IngestDocumentRequest request;
  request.mutable_document()->set_text(
      "Sergei Lavrov met Aleksandar Vucic in Belgrade on Monday, the ministry said.");
  v1::IngestDocumentResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(30));
  context.AddMetadata("x-request-id", request_id);
  ASSERT_TRUE(ingest->IngestDocument(&context, request, &response).ok());
  ASSERT_EQ(response.result().outcome(), v1::INGEST_OUTCOME_ACCEPTED);
  // The server answers the id it logged.
  auto echoed = context.GetServerInitialMetadata().find("x-request-id");
  ASSERT_NE(echoed, context.GetServerInitialMetadata().end());
  EXPECT_EQ(std::string(echoed->second.data(), echoed->second.size()), request_id);

  ASSERT_TRUE(WaitUntil(
      [&] {
        auto s = Scrape(cluster_.metrics_address(Service::kIngest));
        return cluster_.DocumentCount() == 6 && s.ok() &&
               Get(*s, "dossier_ingest_outbox_documents") == 0;
      },
      absl::Seconds(60)));

  const Samples ingest_metrics = MustScrape(Service::kIngest);
  EXPECT_EQ(Get(ingest_metrics, Calls("dossier.v1.IngestService", "IngestDocument")), 1);
  EXPECT_GE(Get(ingest_metrics, Calls("dossier.v1.IngestService", "StreamIngestDocuments")), 1);
  EXPECT_EQ(Get(ingest_metrics,
                "grpc_server_handling_seconds_count{grpc_service=\"dossier.v1.IngestService\","
                "grpc_method=\"IngestDocument\"}"),
            1);
  EXPECT_GT(Get(ingest_metrics,
                "grpc_server_handling_seconds_sum{grpc_service=\"dossier.v1.IngestService\","
                "grpc_method=\"IngestDocument\"}"),
            0);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_documents_total{stage=\"accepted\"}"), 6);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_documents_total{stage=\"tagged\"}"), 6);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_documents_total{stage=\"indexed\"}"), 6);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_documents_total{stage=\"failed\"}"), 0);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_outbox_documents"), 0);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_outbox_oldest_age_seconds"), 0);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_delivery_failures_total{cause=\"outage\"}"), 0);
  EXPECT_EQ(Get(ingest_metrics, "dossier_ingest_delivery_failures_total{cause=\"permanent\"}"), 0);
  EXPECT_EQ(Get(ingest_metrics, "dossier_rocksdb_stall_seconds_total{store=\"outbox\"}"), 0);
  EXPECT_GE(Get(ingest_metrics,
                "dossier_rocksdb_memtable_bytes{store=\"outbox\",column_family=\"outbox\"}"),
            0);

  const Samples tagger_metrics = MustScrape(Service::kTagger);
  EXPECT_GE(Get(tagger_metrics, Calls("dossier.v1.TaggerService", "BatchTagTexts")), 1);
  EXPECT_EQ(Get(tagger_metrics, "dossier_tagger_texts_total"), 6);
  EXPECT_GT(Get(tagger_metrics, "dossier_tagger_tokens_total"), 500);
  EXPECT_GT(Get(tagger_metrics, "dossier_tagger_tokens_per_second"), 1000);

  const Samples query_metrics = MustScrape(Service::kQuery);
  EXPECT_GE(Get(query_metrics, Calls("dossier.internal.v1.IndexService", "IndexDocuments")), 1);
  EXPECT_EQ(Get(query_metrics, "dossier_query_documents"), 6);
  EXPECT_GT(Sum(query_metrics, "dossier_rocksdb_memtable_bytes{store=\"query\""), 0);
  EXPECT_GE(Get(query_metrics, "dossier_rocksdb_compaction_write_bytes_total{store=\"query\"}"), 0);

  // A deleted document is no longer stored and searchable, before and
  // after a restart.
  v1::DeleteDocumentRequest take_down;
  take_down.set_name(response.result().document_id());
  v1::DeleteDocumentResponse taken_down;
  grpc::ClientContext delete_context;
  SetDeadline(&delete_context, absl::Seconds(30));
  const grpc::Status deleted = ingest->DeleteDocument(&delete_context, take_down, &taken_down);
  ASSERT_TRUE(deleted.ok()) << deleted.error_message();
  ASSERT_TRUE(taken_down.deleted());
  EXPECT_EQ(Get(MustScrape(Service::kQuery), "dossier_query_documents"), 5);

  // A clean stop flushes the memtables: after the restart the documents
  // are in SST files.
  ASSERT_TRUE(cluster_.Stop(Service::kQuery, SIGTERM).ok());
  ASSERT_TRUE(cluster_.Start(Service::kQuery).ok());
  const Samples restarted = MustScrape(Service::kQuery);
  EXPECT_GT(Sum(restarted, "dossier_rocksdb_sst_bytes{store=\"query\""), 0);
  EXPECT_GT(
      Get(restarted, "dossier_rocksdb_sst_bytes{store=\"query\",column_family=\"documents\"}"), 0);
  EXPECT_EQ(Get(restarted, "dossier_query_documents"), 5);
  EXPECT_EQ(Get(restarted, "dossier_rocksdb_delayed_write_rate_bytes{store=\"query\"}"), 0);

  // Logs: JSON lines with time, level and service; one per call.
  const std::map<Service, std::string> names = {{Service::kIngest, "dossier-ingest"},
                                                {Service::kTagger, "dossier-tagger"},
                                                {Service::kQuery, "dossier-query"}};
  for (const auto& [service, name] : names) {
    const auto lines = LogLines(cluster_.log(service));
    ASSERT_FALSE(lines.empty()) << name;
    for (const auto& line : lines) {
      EXPECT_EQ(Str(line, "service"), name);
      EXPECT_THAT(Str(line, "level"), ::testing::AnyOf("debug", "info", "warn", "error"));
      EXPECT_TRUE(absl::EndsWith(Str(line, "time"), "Z")) << Str(line, "time");
      EXPECT_FALSE(Str(line, "msg").empty());
    }
  }
  // The client's id: on its call to ingest, and on the calls that took its
  // document to the tagger and to the query service.
  const auto ingest_lines = LogLines(cluster_.log(Service::kIngest));
  const google::protobuf::Struct* accepted = RpcLine(ingest_lines, "/IngestDocument", request_id);
  ASSERT_NE(accepted, nullptr) << testing::ReadFile(cluster_.log(Service::kIngest));
  EXPECT_EQ(Str(*accepted, "request_id"), request_id);
  EXPECT_EQ(Str(*accepted, "code"), "OK");
  EXPECT_GT(accepted->fields().at("duration_ms").number_value(), 0);
  EXPECT_TRUE(WaitUntil(
      [&] {
        const auto tagger_lines = LogLines(cluster_.log(Service::kTagger));
        const auto query_lines = LogLines(cluster_.log(Service::kQuery));
        return RpcLine(tagger_lines, "/BatchTagTexts", request_id) != nullptr &&
               RpcLine(query_lines, "/IndexDocuments", request_id) != nullptr;
      },
      absl::Seconds(10)))
      << testing::ReadFile(cluster_.log(Service::kTagger))
      << testing::ReadFile(cluster_.log(Service::kQuery));
}

}  // namespace
}  // namespace dossier
