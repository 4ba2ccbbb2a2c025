// dossier-bench-ner: tagging speed on one core (tokenise + tag + resolve
// entities, model loaded), model load time and peak memory.
//
//   dossier-bench-ner --corpus=../shared/data/bbc [--json]
//
// Reads every .txt under --corpus (skipping files that are not UTF-8), then
// tags them all --repeat times on one thread.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/binary_file.h"
#include "common/utf8.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"

ABSL_FLAG(std::string, corpus, "../shared/data/bbc", "folder of .txt articles");
ABSL_FLAG(std::string, model, "", "model file (default: the committed one)");
ABSL_FLAG(int, repeat, 3, "passes over the corpus (the best is reported)");
ABSL_FLAG(bool, json, false, "print JSON");

namespace {

long PeakRssKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  std::vector<std::string> texts;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(absl::GetFlag(FLAGS_corpus))) {
    if (!entry.is_regular_file() || entry.path().extension() != ".txt") continue;
    std::string text = dossier::ReadFileBytes(entry.path().string()).value_or("");
    if (dossier::FirstInvalidUtf8(text) < 0) texts.push_back(std::move(text));
  }
  const long rss_before = PeakRssKb();
  std::string path = absl::GetFlag(FLAGS_model);
  if (path.empty()) path = dossier::tagger::DefaultModelPath();
  const absl::Time load_start = absl::Now();
  auto recognizer = dossier::tagger::NerRecognizer::Load(path);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "dossier-bench-ner: %s\n", recognizer.status().ToString().c_str());
    return 1;
  }
  const double load_ms = absl::ToDoubleMilliseconds(absl::Now() - load_start);
  dossier::tagger::Tagger tagger(std::move(*recognizer));
  long tokens = 0, mentions = 0;
  double best = 1e30;
  for (int pass = 0; pass < absl::GetFlag(FLAGS_repeat); ++pass) {
    tokens = 0;
    mentions = 0;
    const absl::Time start = absl::Now();
    for (const auto& text : texts) {
      dossier::tagger::TokenizedText t;
      const auto annotations = tagger.Tag(text, {}, &t);
      tokens += static_cast<long>(t.tokens.size());
      mentions += annotations.mentions_size();
    }
    best = std::min(best, absl::ToDoubleSeconds(absl::Now() - start));
  }
  const long rss = PeakRssKb();
  if (absl::GetFlag(FLAGS_json)) {
    std::printf(
        "{\"documents\": %zu, \"tokens\": %ld, \"mentions\": %ld, \"seconds\": %.4f, "
        "\"tokens_per_second\": %.0f, \"load_ms\": %.1f, \"peak_rss_mb\": %.1f, "
        "\"model_rss_mb\": %.1f}\n",
        texts.size(), tokens, mentions, best, tokens / best, load_ms, rss / 1024.0,
        (rss - rss_before) / 1024.0);
  } else {
    std::printf("%zu documents, %ld tokens, %ld mentions\n", texts.size(), tokens, mentions);
    std::printf("tagging: %.0f tokens/s on one thread (best of %d passes, %.3f s)\n",
                tokens / best, absl::GetFlag(FLAGS_repeat), best);
    std::printf("model load: %.1f ms; peak RSS %.1f MB (%.1f MB after reading the corpus)\n",
                load_ms, rss / 1024.0, (rss - rss_before) / 1024.0);
  }
  return 0;
}
