// dossier-tagger: text in, annotations out. Stateless. SIGHUP reloads the
// model from its file; calls in flight finish with the old one.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/cpus.h"
#include "common/flags.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/observe_flags.h"
#include "common/security_flags.h"
#include "common/server.h"
#include "common/store_flags.h"
#include "dossier/v1/registry_service.grpc.pb.h"
#include "services/tagger/known_names.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "services/tagger/tagger_service.h"

// jemalloc's options (MALLOC_CONF in the environment overrides them). By
// default it returns freed pages to the kernel only as it allocates again
// (decay is driven by allocation), so an idle server kept the peak of its
// largest request: the tagger held 242 MB after one 3.9 MB TagText with
// tokens, against 74 MB before it. Background threads purge on a timer,
// whether or not anything is allocated; dirty pages go after 1 s (the
// default is 10 s) and straight back to the kernel (no lazy MADV_FREE
// stage, whose pages still count as resident). After the same request the
// tagger is back to 98 MB within a second, the rest being its word cache,
// which is meant to stay (services/tagger/ner/model.cc;
// tests/integration/memory_test.cc checks it). jemalloc starts its threads
// with every signal blocked, so SIGTERM still reaches
// WaitForTerminationSignal.
extern "C" {
const char* malloc_conf = "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "HOST:PORT to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, port_file, "", "write HOST:PORT here once serving");
ABSL_FLAG(std::string, model, "",
          "the NER model file (default: $DOSSIER_MODEL, else the committed "
          "models/ner/model.bin)");
ABSL_FLAG(std::string, registry, "",
          "HOST:PORT of the query service: the names its entity registry got from "
          "curation and knowledge bases are recognised too, refreshed as they change "
          "(default: none)");
ABSL_FLAG(absl::Duration, known_names_refresh, absl::Seconds(10),
          "with --registry: how often the known names are fetched again");
ABSL_FLAG(int, threads, 0,
          "tagging threads (0: one per usable CPU: the cgroup's CPU quota, rounded up, "
          "else every core)");
ABSL_FLAG(absl::Duration, drain_grace, absl::Seconds(3),
          "on SIGTERM or SIGINT, how long health answers NOT_SERVING while "
          "the port still answers, before the server stops; a second signal "
          "cuts it short");
ABSL_FLAG(absl::Duration, drain_timeout, absl::Seconds(10),
          "then how long calls in flight may take before they are cancelled "
          "(the process exits as soon as none is left)");
ABSL_FLAG(int64_t, max_text_bytes, 4 << 20, "largest text TagText accepts");

namespace {

absl::StatusOr<std::shared_ptr<const dossier::tagger::Recognizer>> LoadModel(
    const std::string& path) {
  const absl::Time start = absl::Now();
  auto recognizer = dossier::tagger::NerRecognizer::Load(path);
  if (!recognizer.ok()) return recognizer.status();
  dossier::log::Info("model loaded",
                     dossier::log::Fields()
                         .Str("path", path)
                         .Str("version", (*recognizer)->Version())
                         .Num("ms", absl::ToDoubleMilliseconds(absl::Now() - start)));
  return std::shared_ptr<const dossier::tagger::Recognizer>(std::move(*recognizer));
}

// Every name the registry knows, page by page.
absl::StatusOr<std::vector<dossier::tagger::KnownNames::Name>> FetchKnownNames(
    dossier::v1::RegistryService::Stub* stub) {
  std::vector<dossier::tagger::KnownNames::Name> names;
  std::string token;
  do {
    dossier::v1::ListKnownNamesRequest request;
    request.set_page_size(10000);
    request.set_page_token(token);
    dossier::v1::ListKnownNamesResponse response;
    grpc::ClientContext context;
    dossier::SetDeadline(&context, absl::Seconds(30));
    const grpc::Status s = stub->ListKnownNames(&context, request, &response);
    if (!s.ok()) return dossier::FromGrpcStatus(s);
    for (const auto& n : response.names()) names.push_back({n.name(), n.type()});
    token = response.next_page_token();
  } while (!token.empty());
  return names;
}

// Keeps the tagger's known names as the registry has them, until `stop`.
void FollowRegistry(const std::string& address, absl::Duration every,
                    dossier::tagger::Tagger* tagger, absl::Notification* stop) {
  auto stub = dossier::v1::RegistryService::NewStub(dossier::MakeChannel(address));
  size_t known = 0;
  uint64_t fingerprint = 0;
  do {
    auto names = FetchKnownNames(stub.get());
    if (!names.ok()) {
      // The query service may be starting or away: the names in hand stay.
      continue;
    }
    uint64_t hash = names->size();
    for (const auto& n : *names) hash = hash * 1000003 + dossier::Hash64(n.text) + n.type;
    if (hash == fingerprint && names->size() == known) continue;
    fingerprint = hash;
    known = names->size();
    tagger->SetKnownNames(std::make_shared<const dossier::tagger::KnownNames>(*names));
    dossier::log::Info(
        "known names from the registry",
        dossier::log::Fields().Int("names", static_cast<int64_t>(known)).Str("registry", address));
  } while (!stop->WaitForNotificationWithTimeout(every));
}

// What the tagger did, for Prometheus: texts and tokens tagged, and the time
// spent tagging them.
void AddTaggerMetrics(const dossier::tagger::Tagger* tagger, dossier::metrics::Registry* registry) {
  registry->AddCollector([tagger](dossier::metrics::Exposition* out) {
    const dossier::tagger::Tagger::Counts counts = tagger->counts();
    out->Family("dossier_tagger_texts_total", "counter", "Texts tagged.");
    out->Sample("dossier_tagger_texts_total", {}, static_cast<double>(counts.texts));
    out->Family("dossier_tagger_tokens_total", "counter",
                "Tokens tagged; its rate is the tagger's throughput in tokens/s.");
    out->Sample("dossier_tagger_tokens_total", {}, static_cast<double>(counts.tokens));
    out->Family("dossier_tagger_busy_seconds_total", "counter",
                "Time spent tagging, summed over threads (tokens_total / busy_seconds_total "
                "is the speed of one thread).");
    out->Sample("dossier_tagger_busy_seconds_total", {}, absl::ToDoubleSeconds(counts.busy));
    out->Family("dossier_tagger_tokens_per_second", "gauge",
                "Tokens tagged per second of one thread's tagging, since the start.");
    out->Sample("dossier_tagger_tokens_per_second", {},
                counts.busy > absl::ZeroDuration()
                    ? static_cast<double>(counts.tokens) / absl::ToDoubleSeconds(counts.busy)
                    : 0.0);
  });
}

int Fail(const absl::Status& status, int code) {
  dossier::log::Error("cannot start", dossier::log::Fields().Status(status));
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  dossier::ParseFlags(argc, argv, "dossier-tagger: tags entities, quotes and dates");
  dossier::ServerOptions options;
  if (absl::Status s = dossier::ApplyObserveFlags("dossier-tagger", &options); !s.ok()) {
    return Fail(s, 64);
  }
  // The token and TLS of the calls to --registry.
  auto client_security = dossier::ClientSecurityFromFlags();
  if (!client_security.ok()) return Fail(client_security.status(), 64);
  dossier::SetDefaultClientSecurity(*std::move(client_security));
  // The tagger keeps no store but takes --store_memory_mb too, so that one
  // set of flags (DOSSIER_SERVICE_FLAGS of tools/up) serves all three.
  dossier::StoreOptions unused;
  if (absl::Status s = dossier::ApplyStoreFlags(256, &unused); !s.ok()) return Fail(s, 64);

  std::string model_path = absl::GetFlag(FLAGS_model);
  if (model_path.empty()) model_path = dossier::tagger::DefaultModelPath();
  auto recognizer = LoadModel(model_path);
  if (!recognizer.ok()) return Fail(recognizer.status(), 1);
  dossier::tagger::Tagger tagger(*recognizer);
  int threads = absl::GetFlag(FLAGS_threads);
  if (threads <= 0) threads = dossier::UsableCpus();
  dossier::ThreadPool pool(threads);
  dossier::tagger::TaggerServiceOptions service_options;
  service_options.max_text_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_text_bytes));
  dossier::tagger::TaggerServiceImpl service(&tagger, &pool, service_options);

  if (options.metrics != nullptr) AddTaggerMetrics(&tagger, options.metrics.get());
  options.listen = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.drain_grace = absl::GetFlag(FLAGS_drain_grace);
  options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  if (absl::Status s = dossier::ApplyServerSecurityFlags(&options); !s.ok()) return Fail(s, 64);
  auto server = dossier::Server::BuildAndStart(
      options, {{&service, dossier::v1::TaggerService::service_full_name(), nullptr,
                 dossier::kScopeQuery | dossier::kScopeInternal}});
  if (!server.ok()) return Fail(server.status(), 1);
  dossier::log::Info("serving", dossier::log::Fields()
                                    .Str("address", (*server)->address())
                                    .Str("metrics", (*server)->metrics_address()));
  absl::Notification stop_following;
  std::thread follower;
  if (!absl::GetFlag(FLAGS_registry).empty()) {
    follower = std::thread(FollowRegistry, absl::GetFlag(FLAGS_registry),
                           absl::GetFlag(FLAGS_known_names_refresh), &tagger, &stop_following);
  }
  while (true) {
    const int sig = dossier::WaitForSignal();
    if (sig != SIGHUP) {
      dossier::log::Info("draining", dossier::log::Fields().Int("signal", sig));
      break;
    }
    auto reloaded = LoadModel(model_path);
    if (!reloaded.ok()) {
      // Keep serving the model that works.
      dossier::log::Error(
          "model reload failed; the loaded one stays",
          dossier::log::Fields().Str("version", tagger.Version()).Status(reloaded.status()));
      continue;
    }
    tagger.SetRecognizer(*reloaded);
  }
  const absl::Time drain_start = absl::Now();
  // The drain first: health must say NOT_SERVING at once, and a fetch of
  // known names in flight may take its whole deadline.
  (*server)->Drain();
  stop_following.Notify();
  if (follower.joinable()) follower.join();
  dossier::log::Info("drained", dossier::log::Fields().Num(
                                    "seconds", absl::ToDoubleSeconds(absl::Now() - drain_start)));
  return 0;
}
