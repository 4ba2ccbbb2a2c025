// dossier-ingest: the front door. Accepts documents durably and moves them
// on to the tagger and the query service.
#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/security_flags.h"
#include "common/flags.h"
#include "common/server.h"
#include "services/ingest/downstream.h"
#include "services/ingest/ingest_service.h"
#include "services/ingest/ingestor.h"

// jemalloc's options, as in services/tagger/main.cc (which says why): freed
// pages go back to the kernel within a second, also when the server is idle.
// Ingest held 211 MB after 20 documents of 1.9 MB, against 52 MB before
// them; it is back to 89 MB (the outbox's memtable holds the documents).
extern "C" const char* malloc_conf =
    "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";

ABSL_FLAG(std::string, listen, "127.0.0.1:50051",
          "HOST:PORT to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, port_file, "", "write HOST:PORT here once serving");
ABSL_FLAG(std::string, data_dir, "var/ingest", "where the outbox lives");
ABSL_FLAG(std::string, tagger, "127.0.0.1:50052", "the tagger's HOST:PORT");
ABSL_FLAG(std::string, index, "127.0.0.1:50054",
          "HOST:PORT of the query service's internal listener (its --internal_listen), "
          "where documents are indexed");
ABSL_FLAG(int64_t, max_document_bytes, 2 << 20,
          "largest document accepted, in bytes");
ABSL_FLAG(int64_t, max_outbox_documents, 100000,
          "most documents waiting downstream before RESOURCE_EXHAUSTED");
ABSL_FLAG(int, workers, 4, "threads moving documents downstream");
ABSL_FLAG(int, index_batch, 512, "documents per tagging and IndexDocuments call");
ABSL_FLAG(int64_t, index_batch_bytes, int64_t{8} << 20,
          "bytes of text per tagging and IndexDocuments call (a longer document goes alone)");
ABSL_FLAG(absl::Duration, tag_timeout, absl::Seconds(30),
          "deadline of one TagText call");
ABSL_FLAG(absl::Duration, index_timeout, absl::Seconds(60),
          "deadline of one IndexDocuments call");
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

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  dossier::ParseFlags(argc, argv,
      "dossier-ingest: accepts documents durably and passes them on");
  // The token and TLS of the calls to the tagger and the query service.
  auto client_security = dossier::ClientSecurityFromFlags();
  if (!client_security.ok()) {
    std::fprintf(stderr, "dossier-ingest: %s\n", client_security.status().ToString().c_str());
    return 64;
  }
  dossier::SetDefaultClientSecurity(*std::move(client_security));

  dossier::ingest::IngestorOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.prepare.max_document_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_document_bytes));
  options.max_outbox_documents =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_outbox_documents));
  options.workers = absl::GetFlag(FLAGS_workers);
  options.index_batch = static_cast<size_t>(absl::GetFlag(FLAGS_index_batch));
  options.index_batch_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_index_batch_bytes));
  options.backoff_max = absl::GetFlag(FLAGS_backoff_max);
  options.near_duplicate_threshold =
      static_cast<float>(absl::GetFlag(FLAGS_near_duplicate_threshold));
  options.prepare_threads =
      static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto ingestor = dossier::ingest::Ingestor::Start(
      options,
      dossier::ingest::NewGrpcTaggerClient(absl::GetFlag(FLAGS_tagger),
                                           absl::GetFlag(FLAGS_tag_timeout)),
      dossier::ingest::NewGrpcIndexClient(absl::GetFlag(FLAGS_index),
                                          absl::GetFlag(FLAGS_index_timeout)));
  if (!ingestor.ok()) {
    std::fprintf(stderr, "dossier-ingest: %s\n",
                 ingestor.status().ToString().c_str());
    return 1;
  }
  dossier::ThreadPool pool(2);
  dossier::ingest::IngestServiceImpl service(ingestor->get(), &pool);

  dossier::ServerOptions server_options;
  server_options.listen = absl::GetFlag(FLAGS_listen);
  server_options.port_file = absl::GetFlag(FLAGS_port_file);
  server_options.drain_grace = absl::GetFlag(FLAGS_drain_grace);
  server_options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  if (absl::Status s = dossier::ApplyServerSecurityFlags(&server_options); !s.ok()) {
    std::fprintf(stderr, "dossier-ingest: %s\n", s.ToString().c_str());
    return 64;
  }
  auto server = dossier::Server::BuildAndStart(
      server_options,
      {{&service, dossier::v1::IngestService::service_full_name(),
        [&service](dossier::DrainPhase phase) { service.Drain(phase); }, dossier::kScopeIngest,
        // Takedowns are for admins; statuses and stats for whoever ingests
        // (or administers).
        {{"/dossier.v1.IngestService/DeleteDocument", dossier::kScopeAdmin},
         {"/dossier.v1.IngestService/GetIngestStats",
          dossier::kScopeIngest | dossier::kScopeAdmin}}}});
  if (!server.ok()) {
    std::fprintf(stderr, "dossier-ingest: %s\n",
                 server.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr,
               "dossier-ingest: serving on %s, outbox in %s, tagger %s, index %s\n",
               (*server)->address().c_str(), options.data_dir.c_str(),
               absl::GetFlag(FLAGS_tagger).c_str(),
               absl::GetFlag(FLAGS_index).c_str());
  const int sig = dossier::WaitForTerminationSignal();
  const absl::Time drain_start = absl::Now();
  std::fprintf(stderr, "dossier-ingest: signal %d, draining\n", sig);
  (*server)->Drain();
  // The committer writes what was submitted; the workers stop between
  // batches. The outbox keeps what is not delivered for the next start.
  ingestor->reset();
  std::fprintf(stderr, "dossier-ingest: drained in %s\n",
               absl::FormatDuration(absl::Now() - drain_start).c_str());
  return 0;
}
