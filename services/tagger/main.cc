// dossier-tagger: text in, annotations out. Stateless. SIGHUP reloads the
// model from its file; calls in flight finish with the old one.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/time/clock.h"
#include "absl/synchronization/notification.h"
#include "common/client.h"
#include "common/cpus.h"
#include "common/flags.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/security_flags.h"
#include "common/server.h"
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
extern "C" const char* malloc_conf =
    "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";

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
  std::fprintf(stderr, "dossier-tagger: loaded %s (%s) in %.0f ms\n", path.c_str(),
               (*recognizer)->Version().c_str(),
               absl::ToDoubleMilliseconds(absl::Now() - start));
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
    std::fprintf(stderr, "dossier-tagger: %zu known names from the registry at %s\n", known,
                 address.c_str());
  } while (!stop->WaitForNotificationWithTimeout(every));
}

}  // namespace

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  dossier::ParseFlags(argc, argv,"dossier-tagger: tags entities, quotes and dates");
  // The token and TLS of the calls to --registry.
  auto client_security = dossier::ClientSecurityFromFlags();
  if (!client_security.ok()) {
    std::fprintf(stderr, "dossier-tagger: %s\n", client_security.status().ToString().c_str());
    return 64;
  }
  dossier::SetDefaultClientSecurity(*std::move(client_security));

  std::string model_path = absl::GetFlag(FLAGS_model);
  if (model_path.empty()) model_path = dossier::tagger::DefaultModelPath();
  auto recognizer = LoadModel(model_path);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "dossier-tagger: %s\n", recognizer.status().ToString().c_str());
    return 1;
  }
  dossier::tagger::Tagger tagger(*recognizer);
  int threads = absl::GetFlag(FLAGS_threads);
  if (threads <= 0) threads = dossier::UsableCpus();
  dossier::ThreadPool pool(threads);
  dossier::tagger::TaggerServiceOptions service_options;
  service_options.max_text_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_text_bytes));
  dossier::tagger::TaggerServiceImpl service(&tagger, &pool, service_options);

  dossier::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  options.drain_grace = absl::GetFlag(FLAGS_drain_grace);
  options.drain_timeout = absl::GetFlag(FLAGS_drain_timeout);
  if (absl::Status s = dossier::ApplyServerSecurityFlags(&options); !s.ok()) {
    std::fprintf(stderr, "dossier-tagger: %s\n", s.ToString().c_str());
    return 64;
  }
  auto server = dossier::Server::BuildAndStart(
      options, {{&service, dossier::v1::TaggerService::service_full_name(), nullptr,
                    dossier::kScopeQuery | dossier::kScopeInternal}});
  if (!server.ok()) {
    std::fprintf(stderr, "dossier-tagger: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "dossier-tagger: serving on %s\n", (*server)->address().c_str());
  absl::Notification stop_following;
  std::thread follower;
  if (!absl::GetFlag(FLAGS_registry).empty()) {
    follower = std::thread(FollowRegistry, absl::GetFlag(FLAGS_registry),
                           absl::GetFlag(FLAGS_known_names_refresh), &tagger, &stop_following);
  }
  while (true) {
    const int sig = dossier::WaitForSignal();
    if (sig != SIGHUP) {
      std::fprintf(stderr, "dossier-tagger: signal %d, draining\n", sig);
      break;
    }
    auto reloaded = LoadModel(model_path);
    if (!reloaded.ok()) {
      // Keep serving the model that works.
      std::fprintf(stderr, "dossier-tagger: reload failed, keeping %s: %s\n",
                   tagger.Version().c_str(), reloaded.status().ToString().c_str());
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
  std::fprintf(stderr, "dossier-tagger: drained in %s\n",
               absl::FormatDuration(absl::Now() - drain_start).c_str());
  return 0;
}
