// dossier-tagger: text in, annotations out. Stateless. SIGHUP reloads the
// model from its file; calls in flight finish with the old one.
#include <signal.h>

#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "common/server.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "services/tagger/tagger_service.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50052",
          "HOST:PORT to serve on (port 0 picks a free port)");
ABSL_FLAG(std::string, port_file, "", "write HOST:PORT here once serving");
ABSL_FLAG(std::string, model, "",
          "the NER model file (default: $DOSSIER_MODEL, else the committed "
          "models/ner/model.bin)");
ABSL_FLAG(int, threads, 0, "tagging threads (0: one per core)");
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

}  // namespace

int main(int argc, char** argv) {
  dossier::BlockTerminationSignals();
  absl::SetProgramUsageMessage("dossier-tagger: tags entities, quotes and dates");
  absl::ParseCommandLine(argc, argv);

  std::string model_path = absl::GetFlag(FLAGS_model);
  if (model_path.empty()) model_path = dossier::tagger::DefaultModelPath();
  auto recognizer = LoadModel(model_path);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "dossier-tagger: %s\n", recognizer.status().ToString().c_str());
    return 1;
  }
  dossier::tagger::Tagger tagger(*recognizer);
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
    std::fprintf(stderr, "dossier-tagger: %s\n", server.status().ToString().c_str());
    return 1;
  }
  std::fprintf(stderr, "dossier-tagger: serving on %s\n", (*server)->address().c_str());
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
  (*server)->Shutdown();
  return 0;
}
