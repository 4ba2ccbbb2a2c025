// dossier-bench-ner: tagging speed on one core (tokenise + tag + resolve
// entities, model loaded), model load time and peak memory.
//
//   dossier-bench-ner --corpus=../shared/data/bbc [--known_names=KB.jsonl] [--json]
//                     [--mentions=FILE]
//
// Reads every .txt under --corpus (skipping files that are not UTF-8), then
// tags them all --repeat times on one thread. The digest is a hash of every
// annotation, serialised deterministically, from one more pass after the
// timed ones (after peak memory is read): a change made for speed alone
// must leave it as it was.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/binary_file.h"
#include "common/flags.h"
#include "common/ids.h"
#include "common/utf8.h"
#include "dossier/v1/registry_service.pb.h"
#include "google/protobuf/util/json_util.h"
#include "services/tagger/known_names.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"

ABSL_FLAG(std::string, corpus, "../shared/data/bbc", "folder of .txt articles");
ABSL_FLAG(std::string, model, "", "model file (default: the committed one)");
ABSL_FLAG(int, repeat, 3, "passes over the corpus (the best is reported)");
ABSL_FLAG(std::string, known_names, "",
          "a knowledge base (JSON Lines of KnowledgeBaseEntity, as dossier-build-kb writes "
          "it; types by their full enum names): its names are recognised too, as a tagger "
          "following a registry does");
ABSL_FLAG(bool, json, false, "print JSON");
ABSL_FLAG(std::string, mentions, "",
          "write every mention of the last pass here, one line each (file under --corpus, "
          "start and end byte, type, text, and the key of the entity of the document it is "
          "one of; tab-separated, files in path order), to compare two taggers' output "
          "where their digests differ");

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
  dossier::ParseFlags(argc, argv,
                      "dossier-bench-ner --corpus=DIR [--known_names=KB.jsonl] [--json] "
                      "[--mentions=FILE]: tagging speed on one core, model load time, peak "
                      "memory and a digest of every annotation (a change made for speed alone "
                      "leaves it as it was); --mentions lists every mention, to compare two "
                      "taggers");
  std::vector<std::string> paths, texts;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(absl::GetFlag(FLAGS_corpus))) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> kept_paths;
  for (const std::string& p : paths) {
    std::string text = dossier::ReadFileBytes(p).value_or("");
    if (dossier::FirstInvalidUtf8(text) >= 0) continue;
    texts.push_back(std::move(text));
    kept_paths.push_back(p);
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
  size_t known = 0;
  if (!absl::GetFlag(FLAGS_known_names).empty()) {
    auto table = dossier::tagger::ReadKnowledgeBase(absl::GetFlag(FLAGS_known_names));
    if (!table.ok()) {
      std::fprintf(stderr, "dossier-bench-ner: --known_names: %s\n",
                   table.status().ToString().c_str());
      return 1;
    }
    known = (*table)->size();
    tagger.SetKnownNames(*std::move(table));
  }
  long tokens = 0, mentions = 0;
  double best = 1e30;
  for (int pass = 0; pass < absl::GetFlag(FLAGS_repeat); ++pass) {
    tokens = 0;
    mentions = 0;
    const absl::Time start = absl::Now();
    for (const auto& text : texts) {
      dossier::text::TokenizedText t;
      const auto annotations = tagger.Tag(text, {}, &t);
      tokens += static_cast<long>(t.tokens.size());
      mentions += annotations.mentions_size();
    }
    best = std::min(best, absl::ToDoubleSeconds(absl::Now() - start));
  }
  const long rss = PeakRssKb();
  uint64_t digest = 0;
  std::string listing;
  for (size_t d = 0; d < texts.size(); ++d) {
    // Each document's hash goes on from the one before.
    const std::string before(reinterpret_cast<const char*>(&digest), sizeof(digest));
    const dossier::v1::Annotations annotations = tagger.Tag(texts[d], {});
    digest = dossier::MessageHash64(before, annotations);
    if (absl::GetFlag(FLAGS_mentions).empty()) continue;
    // Paths relative to --corpus, so that two runs compare whatever way
    // the folder was named; a mention's tabs and line breaks as spaces.
    const std::string file =
        std::filesystem::path(kept_paths[d]).lexically_relative(absl::GetFlag(FLAGS_corpus));
    for (const auto& m : annotations.mentions()) {
      std::string text = m.text();
      std::replace_if(
          text.begin(), text.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; },
          ' ');
      const std::string entity =
          m.entity_index() >= 0 && m.entity_index() < annotations.entities_size()
              ? annotations.entities(m.entity_index()).key()
              : "";
      absl::StrAppend(&listing, file, "\t", m.span().begin(), "\t", m.span().end(), "\t",
                      dossier::v1::EntityType_Name(m.type()), "\t", text, "\t", entity, "\n");
    }
  }
  if (!absl::GetFlag(FLAGS_mentions).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_mentions), std::ios::binary);
    out << listing;
    if (!out.flush()) {
      std::fprintf(stderr, "dossier-bench-ner: cannot write %s\n",
                   absl::GetFlag(FLAGS_mentions).c_str());
      return 1;
    }
  }
  if (absl::GetFlag(FLAGS_json)) {
    std::printf(
        "{\"documents\": %zu, \"tokens\": %ld, \"mentions\": %ld, \"seconds\": %.4f, "
        "\"tokens_per_second\": %.0f, \"load_ms\": %.1f, \"peak_rss_mb\": %.1f, "
        "\"model_rss_mb\": %.1f, \"known_names\": %zu, \"digest\": \"%016llx\"}\n",
        texts.size(), tokens, mentions, best, tokens / best, load_ms, rss / 1024.0,
        (rss - rss_before) / 1024.0, known, static_cast<unsigned long long>(digest));
  } else {
    std::printf("%zu documents, %ld tokens, %ld mentions; %zu known names\n", texts.size(), tokens,
                mentions, known);
    std::printf("tagging: %.0f tokens/s on one thread (best of %d passes, %.3f s)\n", tokens / best,
                absl::GetFlag(FLAGS_repeat), best);
    std::printf("model load: %.1f ms; peak RSS %.1f MB (%.1f MB after reading the corpus)\n",
                load_ms, rss / 1024.0, (rss - rss_before) / 1024.0);
    std::printf("digest of the annotations: %016llx\n", static_cast<unsigned long long>(digest));
  }
  return 0;
}
