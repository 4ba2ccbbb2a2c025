// The six drills. Each brings up its own suite, offers its load, does its
// harm, and checks the one promise: every acknowledged article is stored
// once, tagged and searchable, and nothing crashed.
#include <sys/mount.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "dossier/v1/ingest_service.grpc.pb.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "dossier/v1/tagger_service.grpc.pb.h"
#include "tools/drill/drill.h"

namespace dossier::drill {
namespace {

// Runs a drill body with a started suite and stamps the row with the
// suite's crashes, peak memory and the time it took.
template <typename Body>
Row RunDrill(const std::string& name, Suite* suite, Body body) {
  Row row;
  row.drill = name;
  const absl::Time start = absl::Now();
  const absl::Status started = suite->Start();
  if (!started.ok()) {
    row.Fail(absl::StrCat("the suite did not start: ", started.message()));
    return row;
  }
  body(&row);
  row.seconds = absl::ToDoubleSeconds(absl::Now() - start);
  row.crashes = suite->crashes();
  row.peak_rss_mb = suite->PeakRssMb();
  if (row.crashes > 0) row.Fail(absl::StrCat(row.crashes, " unasked exits"));
  suite->Shutdown();
  return row;
}

// Prepares `count` articles as JSON Lines under the suite's root.
absl::StatusOr<std::string> Corpus(const DrillOptions& options, size_t count,
                                   const std::string& name) {
  const std::vector<bench::BenchArticle> articles = Articles(options.data_dir, count);
  if (articles.size() < count) {
    return absl::NotFoundError(absl::StrCat("the reference corpus under ", options.data_dir,
                                            " has ", articles.size(), " articles"));
  }
  const std::string path = absl::StrCat(options.root, "/", name, ".jsonl");
  absl::Status s = WriteJsonLines(path, articles);
  if (!s.ok()) return s;
  return path;
}

// The query service's document count, -1 when it does not answer.
int64_t Count(const Suite& suite) { return testing::DocumentCount(suite.address(Service::kQuery)); }

// Waits until the query service holds at least `n` documents or `cli`
// ends.
void WaitForCount(const Suite& suite, int64_t n, CliIngest* cli, absl::Duration timeout) {
  const absl::Time deadline = absl::Now() + timeout;
  while (Count(suite) < n && !cli->Finished() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(100));
  }
}

}  // namespace

Row KillDrill(const DrillOptions& options) {
  Suite suite(options.root);
  // A bounded outbox keeps the stream in step with delivery, so that the
  // kills land while documents are everywhere at once: in the CLI, the
  // outbox, the tagger, the query service's commit.
  suite.SetFlags(Service::kIngest, {"--max_outbox_documents=2000", "--backoff_max=1s"});
  auto path = Corpus(options, options.documents, "kill");
  return RunDrill("kill", &suite, [&](Row* row) {
    if (!path.ok()) return row->Fail(std::string(path.status().message()));
    row->load = absl::StrCat(options.documents, " articles, one CLI stream");
    auto cli = CliIngest::Start(suite, *path, "kill-cli");
    if (!cli.ok()) return row->Fail(std::string(cli.status().message()));
    // Every service killed `kills` times, in a shuffled order, at random
    // moments while the articles move.
    std::vector<Service> order;
    for (int k = 0; k < options.kills; ++k) {
      for (Service s : kServices) order.push_back(s);
    }
    std::mt19937_64 random(options.seed);
    std::shuffle(order.begin(), order.end(), random);
    const int gap = static_cast<int>(absl::ToInt64Milliseconds(options.kill_gap));
    std::uniform_int_distribution<int> gap_ms(gap / 4, gap);
    std::uniform_int_distribution<int> down_ms(0, 1500);
    std::map<std::string, int> kills;
    int64_t last = -1;
    absl::Time moved = absl::Now();
    WaitForCount(suite, 200, &*cli, absl::Minutes(2));
    for (Service s : order) {
      absl::SleepFor(absl::Milliseconds(gap_ms(random)));
      // Once the CLI is done and the store has stopped growing, there is
      // nothing left in flight to hurt.
      const int64_t now = Count(suite);
      if (now != last) moved = absl::Now();
      last = now;
      if (cli->Finished() && absl::Now() - moved > absl::Seconds(5)) break;
      const absl::Status killed = suite.Kill(s, absl::Milliseconds(down_ms(random)));
      if (!killed.ok()) {
        row->Fail(absl::StrCat("restart of ", ServiceName(s), ": ", killed.message()));
        return;
      }
      ++kills[ServiceName(s)];
    }
    row->faults = absl::StrCat("SIGKILL: ingest ×", kills["ingest"], ", tagger ×", kills["tagger"],
                               ", query ×", kills["query"]);
    std::set<std::string> acknowledged;
    auto code = cli->Wait(absl::Minutes(30), &acknowledged);
    if (!code.ok() || (*code != 0 && *code != 2)) {
      row->Fail(absl::StrCat("the CLI ended with ",
                             code.ok() ? absl::StrCat(*code) : code.status().ToString(), ": ",
                             cli->log().substr(0, 2000)));
    }
    Verify(suite, acknowledged, absl::Minutes(10), row);
  });
}

Row OutageDrill(const DrillOptions& options) {
  Suite suite(options.root);
  suite.SetFlags(Service::kIngest, {"--backoff_max=2s"});
  auto path = Corpus(options, options.documents, "outage");
  return RunDrill("outage", &suite, [&](Row* row) {
    if (!path.ok()) return row->Fail(std::string(path.status().message()));
    row->load = absl::StrCat(options.documents, " articles, one CLI stream");
    row->faults = absl::StrCat("tagger, then query, down ", absl::FormatDuration(options.outage),
                               " each (SIGTERM)");
    auto cli = CliIngest::Start(suite, *path, "outage-cli");
    if (!cli.ok()) return row->Fail(std::string(cli.status().message()));
    for (Service s : {Service::kTagger, Service::kQuery}) {
      // Let documents flow, then take the service away.
      WaitForCount(suite, Count(suite) + 300, &*cli, absl::Minutes(2));
      absl::Status status = suite.Stop(s);
      if (!status.ok()) return row->Fail(std::string(status.message()));
      // Documents tagged before the stop may still be indexed (on a loaded
      // machine, seconds later): once the count has held for a second,
      // nothing untagged may reach the store for the rest of the outage.
      absl::SleepFor(options.outage / 2);
      int64_t before = Count(suite);
      for (absl::Time held = absl::Now(), give_up = held + absl::Seconds(30);
           absl::Now() - held < absl::Seconds(1) && absl::Now() < give_up;) {
        absl::SleepFor(absl::Milliseconds(100));
        const int64_t now = Count(suite);
        if (now != before) {
          before = now;
          held = absl::Now();
        }
      }
      absl::SleepFor(options.outage / 2);
      if (s == Service::kTagger && Count(suite) != before) {
        row->Fail("documents were indexed while the tagger was down");
      }
      status = suite.Restart(s);
      if (!status.ok()) return row->Fail(std::string(status.message()));
    }
    std::set<std::string> acknowledged;
    auto code = cli->Wait(absl::Minutes(30), &acknowledged);
    if (!code.ok() || (*code != 0 && *code != 2)) {
      row->Fail(absl::StrCat("the CLI failed: ", cli->log().substr(0, 2000)));
    }
    Verify(suite, acknowledged, absl::Minutes(10), row);
  });
}

Row OverloadDrill(const DrillOptions& options) {
  Suite suite(options.root);
  suite.SetFlags(Service::kIngest,
                 {absl::StrCat("--max_outbox_documents=", options.overload_outbox)});
  // Enough distinct articles that no stream runs out.
  const std::vector<bench::BenchArticle> articles = Articles(options.data_dir, 200000);
  return RunDrill("overload", &suite, [&](Row* row) {
    if (articles.empty()) return row->Fail("no reference corpus");
    auto ingest = v1::IngestService::NewStub(MakeChannel(suite.address(Service::kIngest)));
    std::atomic<size_t> next{0};
    std::atomic<int64_t> sent{0};
    absl::Mutex mu;
    std::set<std::string> acknowledged;
    std::map<std::string, int64_t> shed;     // code -> count
    std::map<std::string, int64_t> refused;  // anything else
    const absl::Time start = absl::Now();
    const absl::Time end = start + options.overload_for;
    std::vector<std::thread> threads;
    for (int t = 0; t < options.streams; ++t) {
      threads.emplace_back([&] {
        grpc::ClientContext context;
        SetDeadline(&context, options.overload_for + absl::Minutes(5));
        auto stream = ingest->StreamIngestDocuments(&context);
        // As fast as the stream takes them: no pacing and no retries, so
        // the service, not the client, decides what to shed.
        std::thread writer([&] {
          while (absl::Now() < end) {
            const size_t i = next++;
            if (i >= articles.size()) break;
            v1::StreamIngestDocumentsRequest request;
            request.mutable_document()->set_text(articles[i].text);
            request.mutable_document()->set_title(articles[i].title);
            if (!stream->Write(request)) break;
            ++sent;
          }
          stream->WritesDone();
        });
        v1::StreamIngestDocumentsResponse response;
        while (stream->Read(&response)) {
          const v1::IngestResult& r = response.result();
          absl::MutexLock lock(&mu);
          if (r.outcome() == v1::INGEST_OUTCOME_ACCEPTED ||
              r.outcome() == v1::INGEST_OUTCOME_DUPLICATE) {
            acknowledged.insert(r.outcome() == v1::INGEST_OUTCOME_ACCEPTED ? r.document_id()
                                                                           : r.duplicate_of());
            continue;
          }
          const auto code = static_cast<grpc::StatusCode>(r.error().code());
          const std::string name = absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
          if (code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
              code == grpc::StatusCode::UNAVAILABLE) {
            ++shed[name];
          } else {
            ++refused[absl::StrCat(name, ": ", r.error().message())];
          }
        }
        writer.join();
        const grpc::Status s = stream->Finish();
        if (!s.ok()) {
          absl::MutexLock lock(&mu);
          ++refused[absl::StrCat("stream ended ", s.error_message())];
        }
      });
    }
    for (auto& t : threads) t.join();
    const double offered_seconds = absl::ToDoubleSeconds(absl::Now() - start);
    const absl::Time drain_start = absl::Now();
    Verify(suite, acknowledged, absl::Minutes(15), row);
    const double drain_seconds = absl::ToDoubleSeconds(absl::Now() - drain_start);
    const double offered = sent.load() / offered_seconds;
    const double indexed = acknowledged.size() / (offered_seconds + drain_seconds);
    row->load = absl::StrFormat(
        "%d streams, %.0f docs/s offered for %.0f s (%.1f× the %.0f "
        "docs/s the suite indexed)",
        options.streams, offered, offered_seconds, indexed > 0 ? offered / indexed : 0.0, indexed);
    row->faults = "none: load only";
    int64_t shed_total = 0;
    for (const auto& [code, n] : shed) {
      shed_total += n;
      row->notes.push_back(absl::StrCat("shed ", n, " ", code));
    }
    if (shed_total == 0) row->notes.push_back("nothing shed: the offer did not overload");
    for (const auto& [what, n] : refused) {
      row->Fail(absl::StrCat(n, " refused other than by shedding: ", what));
    }
  });
}

Row LargeDrill(const DrillOptions& options) {
  Suite suite(options.root);
  suite.SetFlags(Service::kIngest, {"--backoff_max=1s"});
  return RunDrill("large", &suite, [&](Row* row) {
    // Documents just under ingest's 2 MiB cap, each distinct: together far
    // past any message cap.
    const std::vector<bench::BenchArticle> articles = Articles(options.data_dir, 3000);
    if (articles.empty()) return row->Fail("no reference corpus");
    constexpr size_t kLarge = (size_t{2} << 20) - (64 << 10);
    std::vector<bench::BenchArticle> large;
    size_t a = 0;
    for (int d = 0; d < options.large_documents; ++d) {
      bench::BenchArticle doc;
      doc.title = absl::StrCat("Large drill document ", d);
      while (doc.text.size() < kLarge - 20000) {
        absl::StrAppend(&doc.text, articles[a++ % articles.size()].text, "\n\n");
      }
      absl::StrAppend(&doc.text, "Large drill document number ", d, ".");
      large.push_back(std::move(doc));
    }
    // Then ordinary ones: they must not queue behind the large for ever.
    std::vector<bench::BenchArticle> small(articles.begin(), articles.begin() + 200);
    const std::string large_path = absl::StrCat(options.root, "/large.jsonl");
    const std::string small_path = absl::StrCat(options.root, "/small.jsonl");
    if (!WriteJsonLines(large_path, large).ok() || !WriteJsonLines(small_path, small).ok()) {
      return row->Fail("cannot write the corpus");
    }
    row->load = absl::StrCat(options.large_documents, " documents of ~", kLarge >> 10,
                             " KiB, then 200 ordinary ones; BatchTagTexts of 1,000 × 60 KB");
    row->faults = "none: size only";
    std::set<std::string> acknowledged;
    for (const std::string& path : {large_path, small_path}) {
      auto cli = CliIngest::Start(suite, path, path == large_path ? "large-cli" : "small-cli");
      if (!cli.ok()) return row->Fail(std::string(cli.status().message()));
      std::set<std::string> ids;
      auto code = cli->Wait(absl::Minutes(20), &ids);
      if (!code.ok() || *code != 0) {
        row->Fail(absl::StrCat("the CLI failed: ", cli->log().substr(0, 2000)));
      }
      acknowledged.insert(ids.begin(), ids.end());
    }
    // A document ingest gave up on (FAILED with its reason) is not in the
    // store, and must say why.
    auto ingest = v1::IngestService::NewStub(MakeChannel(suite.address(Service::kIngest)));
    const absl::Time deadline = absl::Now() + absl::Minutes(10);
    std::set<std::string> stored = acknowledged;
    for (const std::string& id : acknowledged) {
      while (true) {
        v1::GetDocumentStatusRequest request;
        request.set_name("documents/" + id);
        v1::GetDocumentStatusResponse response;
        grpc::ClientContext context;
        SetDeadline(&context, absl::Seconds(10));
        const grpc::Status s = ingest->GetDocumentStatus(&context, request, &response);
        const v1::DocumentState state = response.status().state();
        if (s.ok() && state == v1::DOCUMENT_STATE_FAILED) {
          stored.erase(id);
          row->notes.push_back(absl::StrCat("FAILED: ", response.status().error()));
          if (response.status().error().empty()) {
            row->Fail(absl::StrCat(id, " FAILED without a reason"));
          }
          break;
        }
        if (s.ok() && state == v1::DOCUMENT_STATE_INDEXED) break;
        if (absl::Now() > deadline) {
          row->Fail(absl::StrCat(id, " is still not indexed after 10 minutes: delivery wedged"));
          break;
        }
        absl::SleepFor(absl::Milliseconds(200));
      }
    }
    Verify(suite, stored, absl::Minutes(5), row);
    // Documents ingest gave up on with a reason are refused, not lost.
    row->acknowledged = static_cast<int64_t>(acknowledged.size());

    // The tagger asked for more than one answer can carry.
    auto tagger = v1::TaggerService::NewStub(MakeChannel(suite.address(Service::kTagger)));
    v1::BatchTagTextsRequest request;
    for (int i = 0; i < 1000; ++i) {
      std::string text;
      while (text.size() < 60000)
        absl::StrAppend(&text, articles[(i * 7 + text.size()) % articles.size()].text, "\n\n");
      v1::TagTextRequest* one = request.add_requests();
      one->set_text(text.substr(0, 60000));
      one->set_include_tokens(true);
    }
    v1::BatchTagTextsResponse response;
    grpc::ClientContext context;
    context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Minutes(2)));
    const absl::Time asked = absl::Now();
    const grpc::Status s = tagger->BatchTagTexts(&context, request, &response);
    const double took = absl::ToDoubleSeconds(absl::Now() - asked);
    row->notes.push_back(absl::StrFormat(
        "BatchTagTexts 1,000 × 60 KB with tokens: %s in %.1f s",
        s.ok() ? "OK" : absl::StatusCodeToString(static_cast<absl::StatusCode>(s.error_code())),
        took));
    if (!s.ok() && s.error_code() != grpc::StatusCode::INVALID_ARGUMENT &&
        s.error_code() != grpc::StatusCode::RESOURCE_EXHAUSTED) {
      row->Fail(absl::StrCat("BatchTagTexts: ", s.error_message()));
    }
    if (!s.ok() && took > 5) row->Fail("BatchTagTexts did the work before refusing it");
  });
}

Row DiskFullDrill(const DrillOptions& options) {
  Suite suite(options.root);
  suite.SetFlags(Service::kIngest, {"--backoff_max=1s"});
  // The query store on a small tmpfs of its own; a second phase does the
  // same to ingest's outbox.
  const std::string query_dir = absl::StrCat(options.root, "/query-data");
  const std::string ingest_dir = absl::StrCat(options.root, "/ingest-data");
  std::filesystem::create_directories(query_dir);
  std::filesystem::create_directories(ingest_dir);
  Row row;
  row.drill = "disk full";
  // Small enough that the articles cannot all fit, big enough to start in
  // and take some (RocksDB preallocates 4 MB for its manifest).
  const int small_mb = std::max(8, options.documents / 500);
  const std::string small = absl::StrCat("size=", small_mb, "m");
  if (mount("tmpfs", query_dir.c_str(), "tmpfs", 0, small.c_str()) != 0) {
    row.skipped = true;
    row.notes.push_back(absl::StrCat("skipped: cannot mount a tmpfs (", std::strerror(errno),
                                     "); needs root or CAP_SYS_ADMIN"));
    return row;
  }
  if (mount("tmpfs", ingest_dir.c_str(), "tmpfs", 0, "size=256m") != 0) {
    umount(query_dir.c_str());
    row.skipped = true;
    row.notes.push_back("skipped: cannot mount the second tmpfs");
    return row;
  }
  auto grow = [](const std::string& dir, const char* size) {
    return mount("tmpfs", dir.c_str(), "tmpfs", MS_REMOUNT, size) == 0;
  };
  auto path = Corpus(options, options.documents, "diskfull");
  row = RunDrill("disk full", &suite, [&](Row* row) {
    if (!path.ok()) return row->Fail(std::string(path.status().message()));
    row->load = absl::StrCat(options.documents, " articles, one CLI stream");
    row->faults =
        absl::StrCat("query store on a ", small_mb, " MB tmpfs until it fills, then 1 GB");
    auto cli = CliIngest::Start(suite, *path, "diskfull-cli");
    if (!cli.ok()) return row->Fail(std::string(cli.status().message()));
    // Until the query service's disk is full: the store stops growing.
    int64_t last = -1;
    absl::Time moved = absl::Now();
    const absl::Time deadline = absl::Now() + absl::Minutes(10);
    while (absl::Now() < deadline) {
      absl::SleepFor(absl::Milliseconds(500));
      const int64_t now = Count(suite);
      if (now != last) moved = absl::Now();
      last = now;
      if (absl::Now() - moved > absl::Seconds(10)) break;
    }
    const std::string query_log = testing::ReadFile(suite.log(Service::kQuery));
    const bool said = absl::StrContains(query_log, "No space") ||
                      absl::StrContains(query_log, "no space") ||
                      absl::StrContains(query_log, "NoSpace");
    row->notes.push_back(absl::StrCat("store stuck at ", last, " documents with the disk full; ",
                                      said ? "the query log says so" : "the query log is silent"));
    if (!said) row->Fail("the query service did not log the full disk");
    if (!grow(query_dir, "size=1g")) return row->Fail("cannot grow the tmpfs again");
    std::set<std::string> acknowledged;
    auto code = cli->Wait(absl::Minutes(30), &acknowledged);
    if (!code.ok() || (*code != 0 && *code != 2)) {
      row->Fail(absl::StrCat("the CLI failed: ", cli->log().substr(0, 2000)));
    }
    Verify(suite, acknowledged, absl::Minutes(10), row);
    // Recovery needs no restart: count the restarts the drill did not ask
    // for as crashes (the monitor does).
  });
  umount2(query_dir.c_str(), MNT_DETACH);
  umount2(ingest_dir.c_str(), MNT_DETACH);
  return row;
}

Row SoakDrill(const DrillOptions& options) {
  Suite suite(options.root);
  const size_t count =
      static_cast<size_t>(options.soak_rate * absl::ToDoubleSeconds(options.soak_for)) + 100;
  const std::vector<bench::BenchArticle> articles = Articles(options.data_dir, count);
  std::vector<std::string> ingest_flags;
  if (options.soak_store_memory_mb > 0) {
    const std::string flag = absl::StrCat("--store_memory_mb=", options.soak_store_memory_mb);
    suite.SetFlags(Service::kQuery, {flag});
    ingest_flags.push_back(flag);
  }
  if (options.soak_near_duplicate_max_documents > 0) {
    ingest_flags.push_back(
        absl::StrCat("--near_duplicate_max_documents=", options.soak_near_duplicate_max_documents));
  }
  if (!ingest_flags.empty()) suite.SetFlags(Service::kIngest, ingest_flags);
  return RunDrill("soak", &suite, [&](Row* row) {
    if (articles.empty()) return row->Fail("no reference corpus");
    row->load = absl::StrFormat("%s: %d docs/s ingested while %d queries/s search",
                                absl::FormatDuration(options.soak_for), options.soak_rate,
                                options.soak_qps);
    row->faults = "none: time";
    const absl::Time start = absl::Now();
    const absl::Time end = start + options.soak_for;
    constexpr int kWindows = 10;
    const absl::Duration window = options.soak_for / kWindows;
    absl::Mutex mu;
    std::vector<std::vector<double>> latency_ms(kWindows);
    // Resident memory of each service at the end of each tenth.
    std::vector<std::map<Service, double>> rss_mb(kWindows);
    std::map<std::string, int64_t> errors;
    std::set<std::string> acknowledged;
    int64_t shed = 0;
    auto window_of = [&](absl::Time t) {
      return std::clamp(static_cast<int>((t - start) / window), 0, kWindows - 1);
    };

    std::thread ingester([&] {
      auto ingest = v1::IngestService::NewStub(MakeChannel(suite.address(Service::kIngest)));
      size_t i = 0;
      while (absl::Now() < end && i < articles.size()) {
        grpc::ClientContext context;
        SetDeadline(&context, options.soak_for + absl::Minutes(1));
        auto stream = ingest->StreamIngestDocuments(&context);
        std::thread reader([&] {
          v1::StreamIngestDocumentsResponse response;
          while (stream->Read(&response)) {
            const v1::IngestResult& r = response.result();
            absl::MutexLock lock(&mu);
            if (r.outcome() == v1::INGEST_OUTCOME_ACCEPTED) {
              acknowledged.insert(r.document_id());
            } else if (r.outcome() == v1::INGEST_OUTCOME_DUPLICATE) {
              acknowledged.insert(r.duplicate_of());
            } else if (r.error().code() == static_cast<int>(grpc::StatusCode::RESOURCE_EXHAUSTED)) {
              ++shed;
            } else {
              ++errors[absl::StrCat("ingest: ", r.error().message())];
            }
          }
        });
        // Paced: one document every 1/rate seconds.
        const absl::Duration every = absl::Seconds(1) / options.soak_rate;
        absl::Time next = absl::Now();
        while (absl::Now() < end && i < articles.size()) {
          v1::StreamIngestDocumentsRequest request;
          request.mutable_document()->set_text(articles[i].text);
          request.mutable_document()->set_title(articles[i].title);
          ++i;
          if (!stream->Write(request)) break;
          next += every;
          absl::SleepFor(next - absl::Now());
        }
        stream->WritesDone();
        reader.join();
        const grpc::Status s = stream->Finish();
        if (!s.ok()) {
          absl::MutexLock lock(&mu);
          ++errors[absl::StrCat("ingest stream: ", s.error_message())];
        }
      }
    });

    // Searches, profiles and timelines, paced, from two threads.
    const std::vector<std::string> words = {
        "government", "said",   "market",   "minister", "oil",   "\"prime minister\"",
        "film",       "shares", "election", "bank",     "music", "police"};
    const std::vector<std::string> entities = {"Reuters", "London", "Blair", "U.S.",
                                               "BBC",     "Europe", "Japan", "Bush"};
    std::vector<std::thread> searchers;
    for (int t = 0; t < 2; ++t) {
      searchers.emplace_back([&, t] {
        auto query = v1::QueryService::NewStub(MakeChannel(suite.address(Service::kQuery)));
        const absl::Duration every = absl::Seconds(2) / std::max(1, options.soak_qps);
        absl::Time next = absl::Now();
        for (size_t n = t; absl::Now() < end; n += 2) {
          grpc::ClientContext context;
          SetDeadline(&context, absl::Seconds(10));
          const absl::Time asked = absl::Now();
          grpc::Status s;
          if (n % 4 == 3) {
            v1::GetEntityTimelineRequest request;
            request.set_entity(entities[n % entities.size()]);
            request.set_granularity(v1::TIMELINE_GRANULARITY_MONTH);
            v1::GetEntityTimelineResponse response;
            s = query->GetEntityTimeline(&context, request, &response);
          } else {
            v1::SearchDocumentsRequest request;
            request.set_query(words[n % words.size()]);
            if (n % 4 == 1) request.mutable_filter()->add_entities(entities[n % entities.size()]);
            v1::SearchDocumentsResponse response;
            s = query->SearchDocuments(&context, request, &response);
          }
          const absl::Time answered = absl::Now();
          {
            absl::MutexLock lock(&mu);
            // An entity no document has named yet is an answer, not an error.
            if (!s.ok() && s.error_code() != grpc::StatusCode::NOT_FOUND) {
              ++errors[absl::StrCat("query: ", s.error_message())];
            } else {
              latency_ms[window_of(asked)].push_back(absl::ToDoubleMilliseconds(answered - asked));
            }
          }
          next += every;
          absl::SleepFor(next - absl::Now());
        }
      });
    }
    // Memory at the end of each window.
    for (int w = 0; w < kWindows; ++w) {
      absl::SleepFor(start + window * (w + 1) - absl::Now());
      for (Service s : kServices) rss_mb[w][s] = suite.RssMb(s);
    }
    ingester.join();
    for (auto& t : searchers) t.join();
    Verify(suite, acknowledged, absl::Minutes(10), row);
    for (const auto& [what, n] : errors) row->Fail(absl::StrCat(n, " × ", what));
    const double p50_first = bench::Percentile(latency_ms[0], 0.5);
    const double p50_last = bench::Percentile(latency_ms[kWindows - 1], 0.5);
    const double p99_first = bench::Percentile(latency_ms[0], 0.99);
    const double p99_last = bench::Percentile(latency_ms[kWindows - 1], 0.99);
    row->notes.push_back(
        absl::StrFormat("query latency p50 %.2f → %.2f ms, p99 %.2f → %.2f ms (first → last tenth)",
                        p50_first, p50_last, p99_first, p99_last));
    auto total = [&](int w) {
      double sum = 0;
      for (const auto& [s, mb] : rss_mb[w]) sum += mb;
      return sum;
    };
    std::vector<std::string> series;
    for (int w = 0; w < kWindows; ++w) series.push_back(absl::StrFormat("%.0f", total(w)));
    row->notes.push_back(absl::StrFormat("RSS of the three services by tenth: %s MB; %lld shed",
                                         absl::StrJoin(series, " "), static_cast<long long>(shed)));
    for (Service s : kServices) {
      std::vector<std::string> own;
      for (int w = 0; w < kWindows; ++w) own.push_back(absl::StrFormat("%.0f", rss_mb[w][s]));
      row->notes.push_back(absl::StrFormat("  %s: %s MB", ServiceName(s), absl::StrJoin(own, " ")));
    }
    // Flat: once the stores' caches and memtables have filled (by half
    // time), memory may grow only by what the in-memory indexes add per
    // document. The median of the last three tenths against that of the
    // middle three, so that one compaction's buffers at a sampling moment
    // are not taken for growth.
    auto median3 = [&](int from) {
      std::vector<double> v = {total(from), total(from + 1), total(from + 2)};
      std::sort(v.begin(), v.end());
      return v[1];
    };
    const double middle = median3(3);
    const double last = median3(kWindows - 3);
    if (middle > 0 && last > middle * 1.25 + 50) {
      row->Fail(
          absl::StrFormat("resident memory keeps growing: %.0f MB in the middle tenths, "
                          "%.0f MB in the last",
                          middle, last));
    }
  });
}

}  // namespace dossier::drill
