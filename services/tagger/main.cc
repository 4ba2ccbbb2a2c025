// dossier-tagger: text in, annotations out. Stateless.
#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/server.h"
#include "services/tagger/heuristic_recognizer.h"
#include "services/tagger/tagger.h"
#include "services/tagger/tagger_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "HOST:PORT to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, port_file, "", "write HOST:PORT here once serving");
ABSL_FLAG(int, threads, 0, "tagging threads (0: one per core)");
ABSL_FLAG(int64_t, max_text_bytes, 4 << 20, "largest text TagText accepts");

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  absl::SetProgramUsageMessage("dossier-tagger: tags entities, quotes and dates");
  absl::ParseCommandLine(argc, argv);

  dossier::tagger::Tagger tagger(
      std::make_unique<dossier::tagger::HeuristicRecognizer>());
  int threads = absl::GetFlag(FLAGS_threads);
  if (threads <= 0) threads = std::max(1u, std::thread::hardware_concurrency());
  dossier::ThreadPool pool(threads);
  dossier::tagger::TaggerServiceOptions service_options;
  service_options.max_text_bytes =
      static_cast<size_t>(absl::GetFlag(FLAGS_max_text_bytes));
  dossier::tagger::TaggerServiceImpl service(&tagger, &pool, service_options);

  dossier::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.port_file = absl::GetFlag(FLAGS_port_file);
  auto server = dossier::Server::BuildAndStart(
      options, {{&service, dossier::v1::TaggerService::service_full_name()}});
  if (!server.ok()) {
    std::fprintf(stderr, "dossier-tagger: %s\n",
                 server.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "dossier-tagger: serving on %s with %s\n",
               (*server)->address().c_str(), tagger.Version().c_str());
  const int sig = dossier::WaitForTerminationSignal();
  std::fprintf(stderr, "dossier-tagger: signal %d, draining\n", sig);
  (*server)->Shutdown();
  return 0;
}
