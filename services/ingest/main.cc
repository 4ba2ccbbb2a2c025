// dossier-ingest: the front door. Accepts documents durably and moves them
// on to the tagger and the query service.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/cpus.h"
#include "common/flags.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/observe_flags.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/store_flags.h"
#include "services/ingest/downstream.h"
#include "services/ingest/ingest_service.h"
#include "services/ingest/ingestor.h"

// jemalloc's options, as in services/tagger/main.cc (which says why): freed
// pages go back to the kernel within a second, also when the server is idle.
// Ingest held 211 MB after 20 documents of 1.9 MB, against 52 MB before
// them; it is back to 89 MB (the outbox's memtable holds the documents).
extern "C" {
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "HOST:PORT to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, port_file, "", "write HOST:PORT here once serving");
ABSL_FLAG(std::string, data_dir, "var/ingest", "where the outbox lives");
ABSL_FLAG(std::string, tagger, "127.0.0.1:50052", "the tagger's HOST:PORT");
ABSL_FLAG(std::string, index, "127.0.0.1:50054",
          "HOST:PORT of the query service's internal listener (its --internal_listen), "
          "where documents are indexed");
ABSL_FLAG(int64_t, max_document_bytes, 2 << 20, "largest document accepted, in bytes");
ABSL_FLAG(int64_t, max_outbox_documents, 100000,
          "most documents waiting downstream before RESOURCE_EXHAUSTED");
ABSL_FLAG(int, workers, 4, "threads moving documents downstream");
ABSL_FLAG(int, index_batch, 512, "documents per tagging and IndexDocuments call");
ABSL_FLAG(int64_t, index_batch_bytes, int64_t{8} << 20,
          "bytes of text per tagging and IndexDocuments call (a longer document goes alone)");
ABSL_FLAG(absl::Duration, tag_timeout, absl::Seconds(30), "deadline of one TagText call");
ABSL_FLAG(absl::Duration, index_timeout, absl::Seconds(60), "deadline of one IndexDocuments call");
ABSL_FLAG(absl::Duration, backoff_max, absl::Seconds(10),
          "longest wait between downstream retries");
ABSL_FLAG(absl::Duration, drain_grace, absl::Seconds(3),
          "on SIGTERM or SIGINT, how long health answers NOT_SERVING and new "
          "documents are refused (UNAVAILABLE) while the port still answers, "
          "before the server stops; a second signal cuts it short");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "then how long calls in flight may take before they are cancelled "
          "(the process exits as soon as none is left)");
ABSL_FLAG(double, near_duplicate_threshold, 0.5,
          "estimated Jaccard similarity (word 5-shingles) from which an earlier "
          "document is linked as a near duplicate");
ABSL_FLAG(int64_t, near_duplicate_max_documents, 500000,
          "near duplicates are looked for among this many of the latest documents at most "
          "(and those of the last 7 days): about 1 KB of memory each");

namespace {

// Delivery, the outbox and its store, for Prometheus.
void AddIngestMetrics(const dossier::ingest::Ingestor* ingestor,
                      dossier::metrics::Registry* registry) {
  registry->AddCollector([ingestor](dossier::metrics::Exposition* out) {
    const dossier::ingest::DeliveryStats stats = ingestor->Stats();
    out->Family("dossier_ingest_documents_total", "counter",
                "Documents by the stage they reached: what Submit answered (accepted, "
                "duplicate, rejected), then tagged, indexed or failed downstream.");
    const std::pair<const char*, uint64_t> stages[] = {
        {"accepted", stats.accepted}, {"duplicate", stats.duplicates}, {"rejected", stats.rejected},
        {"tagged", stats.tagged},     {"indexed", stats.indexed},      {"failed", stats.failed}};
    for (const auto& [stage, n] : stages) {
      out->Sample("dossier_ingest_documents_total", {{"stage", stage}}, static_cast<double>(n));
    }
    out->Family("dossier_ingest_documents", "gauge",
                "Documents now in a stage: being prepared and committed, or in the outbox "
                "waiting to be tagged and indexed.");
    out->Sample("dossier_ingest_documents", {{"stage", "accepting"}},
                static_cast<double>(ingestor->InFlight()));
    out->Sample("dossier_ingest_documents", {{"stage", "outbox"}},
                static_cast<double>(ingestor->OutboxSize()));
    out->Family("dossier_ingest_outbox_documents", "gauge",
                "Documents accepted and not yet committed by the query service.");
    out->Sample("dossier_ingest_outbox_documents", {}, static_cast<double>(ingestor->OutboxSize()));
    out->Family("dossier_ingest_outbox_oldest_age_seconds", "gauge",
                "How long ago the oldest document in the outbox was accepted (0: empty).");
    out->Sample("dossier_ingest_outbox_oldest_age_seconds", {},
                absl::ToDoubleSeconds(ingestor->OldestOutboxAge()));
    out->Family("dossier_ingest_delivery_failures_total", "counter",
                "Tagger and query calls that failed, by the retry policy's class "
                "(common/retry.h): outage (waited out), retry (split, then retried), "
                "permanent (split, then the document fails).");
    const std::pair<const char*, uint64_t> causes[] = {{"outage", stats.outages},
                                                       {"retry", stats.retries},
                                                       {"permanent", stats.permanent_failures}};
    for (const auto& [cause, n] : causes) {
      out->Sample("dossier_ingest_delivery_failures_total", {{"cause", cause}},
                  static_cast<double>(n));
    }
    out->Family("dossier_ingest_batch_splits_total", "counter",
                "Delivery batches split in halves.");
    out->Sample("dossier_ingest_batch_splits_total", {}, static_cast<double>(stats.splits));
    out->Family("dossier_ingest_outbox_errors_total", "counter",
                "Outbox reads and writes that failed and were tried again.");
    out->Sample("dossier_ingest_outbox_errors_total", {}, static_cast<double>(stats.store_errors));
    out->Family("dossier_ingest_outbox_unreadable_entries_total", "counter",
                "Outbox entries that cannot be read, skipped until the next start.");
    out->Sample("dossier_ingest_outbox_unreadable_entries_total", {},
                static_cast<double>(stats.unreadable_entries));
    dossier::WriteStoreMetrics(ingestor->OutboxStoreStats(), "outbox", out);
  });
}

int Fail(const absl::Status& status, int code) {
  dossier::log::Error("cannot start", dossier::log::Fields().Status(status));
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  dossier::ParseFlags(argc, argv, "dossier-ingest: accepts documents durably and passes them on");
  dossier::ServerOptions server_options;
  if (absl::Status s = dossier::ApplyObserveFlags("dossier-ingest", &server_options); !s.ok()) {
    return Fail(s, 64);
  }
  // The token and TLS of the calls to the tagger and the query service.
  auto client_security = dossier::ClientSecurityFromFlags();
  if (!client_security.ok()) return Fail(client_security.status(), 64);
  dossier::SetDefaultClientSecurity(*std::move(client_security));

  dossier::ingest::IngestorOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  if (absl::Status s = dossier::ApplyStoreFlags(256, &options.rocks); !s.ok()) return Fail(s, 64);
  options.prepare.max_document_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_document_bytes));
  options.max_outbox_documents = static_cast<size_t>(absl::GetFlag(FLAGS_max_outbox_documents));
  options.workers = absl::GetFlag(FLAGS_workers);
  options.index_batch = static_cast<size_t>(absl::GetFlag(FLAGS_index_batch));
  options.index_batch_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_index_batch_bytes));
  options.backoff_max = absl::GetFlag(FLAGS_backoff_max);
  options.near_duplicate_threshold =
      static_cast<float>(absl::GetFlag(FLAGS_near_duplicate_threshold));
  if (absl::GetFlag(FLAGS_near_duplicate_max_documents) < 1) {
    return Fail(absl::InvalidArgumentError("--near_duplicate_max_documents: at least 1"), 64);
  }
  options.near_duplicate_max_documents =
      static_cast<size_t>(absl::GetFlag(FLAGS_near_duplicate_max_documents));
  // One per CPU the container may use, not per core of the machine.
  options.prepare_threads = dossier::UsableCpus();
  auto ingestor = dossier::ingest::Ingestor::Start(
      options,
      dossier::ingest::NewGrpcTaggerClient(absl::GetFlag(FLAGS_tagger),
                                           absl::GetFlag(FLAGS_tag_timeout)),
      dossier::ingest::NewGrpcIndexClient(absl::GetFlag(FLAGS_index),
                                          absl::GetFlag(FLAGS_index_timeout)));
  if (!ingestor.ok()) return Fail(ingestor.status(), 1);
  dossier::ThreadPool pool(2);
  dossier::ingest::IngestServiceImpl service(ingestor->get(), &pool);

  if (server_options.metrics != nullptr) {
    AddIngestMetrics(ingestor->get(), server_options.metrics.get());
  }
  server_options.listen = absl::GetFlag(FLAGS_listen);
  server_options.port_file = absl::GetFlag(FLAGS_port_file);
  server_options.drain_grace = absl::GetFlag(FLAGS_drain_grace);
  server_options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  if (absl::Status s = dossier::ApplyServerSecurityFlags(&server_options); !s.ok()) {
    return Fail(s, 64);
  }
  auto server = dossier::Server::BuildAndStart(
      server_options, {{&service,
                        dossier::v1::IngestService::service_full_name(),
                        [&service](dossier::DrainPhase phase) { service.Drain(phase); },
                        dossier::kScopeIngest,
                        // Takedowns and re-tags are for admins; statuses and stats for whoever
                        // ingests (or administers).
                        {{"/dossier.v1.IngestService/DeleteDocument", dossier::kScopeAdmin},
                         {"/dossier.v1.IngestService/RetagDocuments", dossier::kScopeAdmin},
                         {"/dossier.v1.IngestService/GetIngestStats",
                          dossier::kScopeIngest | dossier::kScopeAdmin}}}});
  if (!server.ok()) return Fail(server.status(), 1);
  dossier::log::Info("serving", dossier::log::Fields()
                                    .Str("address", (*server)->address())
                                    .Str("metrics", (*server)->metrics_address())
                                    .Str("outbox", options.data_dir)
                                    .Str("tagger", absl::GetFlag(FLAGS_tagger))
                                    .Str("index", absl::GetFlag(FLAGS_index)));
  const int sig = dossier::WaitForTerminationSignal();
  const absl::Time drain_start = absl::Now();
  dossier::log::Info("draining", dossier::log::Fields().Int("signal", sig));
  (*server)->Drain();
  // The committer writes what was submitted; the workers stop between
  // batches. The outbox keeps what is not delivered for the next start.
  ingestor->reset();
  dossier::log::Info("drained", dossier::log::Fields().Num(
                                    "seconds", absl::ToDoubleSeconds(absl::Now() - drain_start)));
  return 0;
}
