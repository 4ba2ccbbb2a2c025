// dossier-query: the store of tagged documents and every read over it.
#include <cstdio>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "common/cpus.h"
#include "common/flags.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/observe_flags.h"
#include "common/paths.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/store_flags.h"
#include "services/query/document_store.h"
#include "services/query/query_service.h"
#include "services/query/registry.h"
#include "text/given_names.h"

// jemalloc's options, as in services/tagger/main.cc (which says why): freed
// pages go back to the kernel within a second, also when the server is idle.
extern "C" {
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

ABSL_FLAG(std::string, listen, "127.0.0.1:50053",
          "HOST:PORT to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, internal_listen, "127.0.0.1:50054",
          "HOST:PORT of the internal listener: IndexService (ingest's writes) and health, "
          "nothing else; only ingest should reach it (port 0 picks a free port; empty: "
          "IndexService on --listen, for tests only)");
ABSL_FLAG(std::string, internal_port_file, "",
          "write the internal listener's HOST:PORT here once serving");
ABSL_FLAG(std::string, port_file, "", "write HOST:PORT here once serving");
ABSL_FLAG(std::string, data_dir, "var/query", "where the store lives");
ABSL_FLAG(std::string, idf, "",
          "the IDF table for story matching (default: $DOSSIER_IDF, else the "
          "committed models/idf/idf.bin)");
ABSL_FLAG(std::string, given_names, "",
          "given-name classes the entity registry links persons by (default: "
          "$DOSSIER_GIVEN_NAMES, else the committed models/registry/given_names.txt)");
ABSL_FLAG(std::string, geonames, "",
          "a directory with GeoNames' countryInfo.txt and cities15000.txt: places "
          "the registry first meets get their GeoNames id and coordinates (default: "
          "none)");
ABSL_FLAG(int, threads, 0,
          "worker threads for reads and writes (0: two per usable CPU: the cgroup's "
          "CPU quota, rounded up, else every core)");
ABSL_FLAG(absl::Duration, drain_grace, absl::Seconds(3),
          "on SIGTERM or SIGINT, how long health answers NOT_SERVING while "
          "the port still answers, before the server stops; a second signal "
          "cuts it short");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "then how long calls in flight may take before they are cancelled "
          "(the process exits as soon as none is left)");

namespace {

int Fail(const absl::Status& status, int code) {
  dossier::log::Error("cannot start", dossier::log::Fields().Status(status));
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  dossier::ParseFlags(argc, argv, "dossier-query: stores tagged documents and answers queries");
  // The query service calls no other service, but takes the client-side
  // security flags too, so that one set of flags (a flagfile,
  // DOSSIER_SERVICE_FLAGS of tools/up) serves all three services.
  if (auto security = dossier::ClientSecurityFromFlags(); !security.ok()) {
    return Fail(security.status(), 64);
  }
  dossier::ServerOptions options;
  if (absl::Status s = dossier::ApplyObserveFlags("dossier-query", &options); !s.ok()) {
    return Fail(s, 64);
  }

  std::string idf_path = absl::GetFlag(FLAGS_idf);
  if (idf_path.empty()) idf_path = dossier::query::DefaultIdfPath();
  auto idf = dossier::query::IdfTable::Load(idf_path);
  if (!idf.ok()) return Fail(idf.status(), 1);
  std::string names_path = absl::GetFlag(FLAGS_given_names);
  if (names_path.empty()) {
    names_path = dossier::ResolveDataFile("DOSSIER_GIVEN_NAMES", "models/registry/given_names.txt");
  }
  auto given_names = dossier::text::GivenNames::Load(names_path);
  if (!given_names.ok()) return Fail(given_names.status(), 1);
  std::unique_ptr<dossier::query::Gazetteer> places;
  if (!absl::GetFlag(FLAGS_geonames).empty()) {
    auto loaded = dossier::query::Gazetteer::Load(absl::GetFlag(FLAGS_geonames));
    if (!loaded.ok()) return Fail(loaded.status(), 1);
    places = *std::move(loaded);
  }
  dossier::query::DocumentStoreOptions store_options;
  store_options.path = absl::GetFlag(FLAGS_data_dir);
  store_options.idf = idf->get();
  store_options.given_names = &*given_names;
  store_options.places = places.get();
  if (absl::Status s = dossier::ApplyStoreFlags(512, &store_options.rocks); !s.ok())
    return Fail(s, 64);
  auto store = dossier::query::DocumentStore::Open(store_options);
  if (!store.ok()) return Fail(store.status(), 1);
  int threads = absl::GetFlag(FLAGS_threads);
  if (threads <= 0) threads = 2 * dossier::UsableCpus();
  dossier::ThreadPool pool(threads);
  dossier::query::WatchHub watches;
  (*store)->SetListener([&watches](const std::vector<const dossier::v1::Document*>& documents) {
    watches.Publish(documents);
  });
  dossier::query::QueryServiceImpl query_service(store->get(), &watches, &pool);
  dossier::query::IndexServiceImpl index_service(store->get(), &pool);
  dossier::query::RegistryServiceImpl registry_service(store->get(), &pool);

  if (options.metrics != nullptr) {
    const dossier::query::DocumentStore* documents = store->get();
    options.metrics->AddCollector([documents](dossier::metrics::Exposition* out) {
      out->Family("dossier_query_documents", "gauge", "Documents stored and searchable.");
      out->Sample("dossier_query_documents", {}, documents->DocumentCount());
      dossier::WriteStoreMetrics(documents->StoreStatistics(), "query", out);
    });
  }
  options.listen = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.drain_grace = absl::GetFlag(FLAGS_drain_grace);
  options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  options.internal_listen = absl::GetFlag(FLAGS_internal_listen);
  options.internal_port_file = absl::GetFlag(FLAGS_internal_port_file);
  if (absl::Status s = dossier::ApplyServerSecurityFlags(&options); !s.ok()) return Fail(s, 64);
  auto server = dossier::Server::BuildAndStart(
      options, {{&query_service, dossier::v1::QueryService::service_full_name(),
                 // Open watches end (UNAVAILABLE) when the drain ends, so that they
                 // do not hold it.
                 [&watches](dossier::DrainPhase phase) {
                   if (phase == dossier::DrainPhase::kEnding) watches.Close();
                 },
                 dossier::kScopeQuery},
                // Curation is for admins; the known names are read by the taggers
                // (internal) and by anyone who may query.
                {&registry_service,
                 dossier::v1::RegistryService::service_full_name(),
                 nullptr,
                 dossier::kScopeAdmin,
                 {{"/dossier.v1.RegistryService/ListKnownNames",
                   dossier::kScopeQuery | dossier::kScopeInternal | dossier::kScopeAdmin}}},
                {&index_service,
                 dossier::internal::v1::IndexService::service_full_name(),
                 nullptr,
                 dossier::kScopeInternal,
                 {},
                 /*internal=*/true}});
  if (!server.ok()) return Fail(server.status(), 1);
  dossier::log::Info("serving", dossier::log::Fields()
                                    .Str("address", (*server)->address())
                                    .Str("internal", (*server)->internal_address().empty()
                                                         ? (*server)->address()
                                                         : (*server)->internal_address())
                                    .Str("metrics", (*server)->metrics_address())
                                    .Str("data", store_options.path));
  const int sig = dossier::WaitForTerminationSignal();
  const absl::Time drain_start = absl::Now();
  dossier::log::Info("draining", dossier::log::Fields().Int("signal", sig));
  (*server)->Drain();
  dossier::log::Info("drained", dossier::log::Fields().Num(
                                    "seconds", absl::ToDoubleSeconds(absl::Now() - drain_start)));
  return 0;
}
