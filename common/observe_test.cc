// Metrics and their exposition, the metrics endpoint over real HTTP, the
// JSON log's escaping, request ids.
#include <string>

#include "absl/strings/match.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/metrics_http.h"
#include "common/request_id.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/http.h"

namespace dossier {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CountersAndHistogramsRenderInTheTextFormat) {
  metrics::Registry registry;
  auto* calls = registry.AddCounterFamily("calls_total", "Calls.", {"method", "code"});
  calls->Get({"/a.B/C", "OK"})->Add(3);
  calls->Get({"/a.B/C", "OK"})->Add();
  calls->Get({"say \"hi\"\n", "NOT_FOUND"})->Add();
  auto* latency =
      registry.AddHistogramFamily("latency_seconds", "Latency.", {"method"}, {0.01, 0.1, 1});
  metrics::Histogram* h = latency->Get({"/a.B/C"});
  h->Observe(0.005);
  h->Observe(0.05);
  h->Observe(5);
  registry.AddCollector([](metrics::Exposition* out) {
    out->Family("depth", "gauge", "Depth.");
    out->Sample("depth", {}, 2.5);
  });
  const std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("# HELP calls_total Calls.\n# TYPE calls_total counter\n"));
  EXPECT_THAT(text, HasSubstr("calls_total{method=\"/a.B/C\",code=\"OK\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("calls_total{method=\"say \\\"hi\\\"\\n\",code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE latency_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{method=\"/a.B/C\",le=\"0.01\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{method=\"/a.B/C\",le=\"0.1\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{method=\"/a.B/C\",le=\"1\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_bucket{method=\"/a.B/C\",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_sum{method=\"/a.B/C\"} 5.055\n"));
  EXPECT_THAT(text, HasSubstr("latency_seconds_count{method=\"/a.B/C\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE depth gauge\ndepth 2.5\n"));
}

TEST(MetricsServerTest, ServesTheRegistryOverHttp) {
  auto registry = std::make_shared<metrics::Registry>();
  metrics::Counter* scrapes = registry->AddCounterFamily("things_total", "Things.", {})->Get({});
  scrapes->Add(7);
  auto server = metrics::MetricsServer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_TRUE(absl::StartsWith((*server)->address(), "127.0.0.1:"));
  EXPECT_NE((*server)->address(), "127.0.0.1:0");

  auto got = testing::HttpGet("http://" + (*server)->address() + "/metrics");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->code, 200);
  EXPECT_THAT(got->content_type, HasSubstr("text/plain; version=0.0.4"));
  EXPECT_THAT(got->body, HasSubstr("things_total 7\n"));

  // Rendered at each scrape.
  scrapes->Add();
  got = testing::HttpGet("http://" + (*server)->address() + "/metrics");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_THAT(got->body, HasSubstr("things_total 8\n"));

  got = testing::HttpGet("http://" + (*server)->address() + "/other");
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->code, 404);
}

TEST(MetricsServerTest, ABadAddressIsRefused) {
  auto registry = std::make_shared<metrics::Registry>();
  EXPECT_EQ(metrics::MetricsServer::Start("no-port", registry).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto first = metrics::MetricsServer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(first.ok());
  // The port is taken.
  EXPECT_EQ(metrics::MetricsServer::Start((*first)->address(), registry).status().code(),
            absl::StatusCode::kUnavailable);
}

TEST(LogTest, FieldsAreJson) {
  log::Fields fields;
  fields.Str("method", "/a.B/C")
      .Str("text", "a \"quote\"\\ and\nnewline\x01")
      .Str("bad", std::string("ok \xff end"))
      .Str("accents", "Vučić")
      .Int("n", -3)
      .Num("ms", 1.5)
      .Bool("yes", true)
      .Status(absl::NotFoundError("gone"));
  EXPECT_EQ(fields.json(),
            ",\"method\":\"/a.B/C\",\"text\":\"a \\\"quote\\\"\\\\ and\\nnewline\\u0001\""
            ",\"bad\":\"ok \\ufffd end\",\"accents\":\"Vučić\",\"n\":-3,\"ms\":1.5"
            ",\"yes\":true,\"code\":\"NOT_FOUND\",\"error\":\"gone\"");
}

TEST(LogTest, Levels) {
  EXPECT_EQ(*log::ParseLevel("WARNING"), log::Level::kWarn);
  EXPECT_EQ(*log::ParseLevel("debug"), log::Level::kDebug);
  EXPECT_FALSE(log::ParseLevel("loud").ok());
  log::Init("observe-test", log::Level::kWarn);
  EXPECT_FALSE(log::Enabled(log::Level::kInfo));
  EXPECT_TRUE(log::Enabled(log::Level::kError));
  EXPECT_FALSE(log::Enabled(log::Level::kOff));
}

TEST(RequestIdTest, CleanedMadeAndScoped) {
  EXPECT_EQ(CleanRequestId("abc-123\",\"level\":\"x"), "abc-123,level:x");
  EXPECT_EQ(CleanRequestId(std::string(1000, 'a')).size(), kMaxRequestIdLength);
  const std::string made = NewRequestId();
  EXPECT_EQ(made.size(), 32u);
  EXPECT_NE(made, NewRequestId());
  EXPECT_EQ(CurrentRequestId(), "");
  {
    ScopedRequestId outer("outer");
    {
      ScopedRequestId inner("inner");
      EXPECT_EQ(CurrentRequestId(), "inner");
    }
    EXPECT_EQ(CurrentRequestId(), "outer");
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

}  // namespace
}  // namespace dossier
