// dossier-eval-quotes: quote extraction scored on PolNeAR-format folders.
//
//   dossier-eval-quotes --data ../shared/data/polnear/dev [--json]
//       [--model models/ner/model.bin] [--annotators=first|all] [--errors=N]
//       [--show]
//
// Every DIR/text/<stem>.txt with annotations DIR/attributions/<stem>_<id>.ann
// is tagged through Tagger::Tag with the NER model and scored as
// services/tagger/eval/polnear.h describes. A text with several annotators
// is scored against the first in name order, or against each with
// --annotators=all. --errors=N prints examples of each error class, --show
// every predicted quote (also for texts without annotations).
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>

#include "absl/flags/flag.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/time/clock.h"
#include "common/binary_file.h"
#include "common/flags.h"
#include "common/utf8.h"
#include "services/tagger/eval/polnear.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"

ABSL_FLAG(std::string, data, "", "a PolNeAR-format folder (text/, attributions/)");
ABSL_FLAG(bool, json, false, "print the scores as one JSON object");
ABSL_FLAG(std::string, model, "", "NER model file (default: the committed one)");
ABSL_FLAG(std::string, annotators, "first",
          "which annotations of a text with several: \"first\" (the first "
          "<stem>_<annotator>.ann in name order) or \"all\" (score against each; "
          "counts are pooled, so a text weighs once per annotator)");
ABSL_FLAG(int, errors, 0, "print up to N examples of each error class");
ABSL_FLAG(bool, show, false, "print every predicted quote (speaker, cue, text)");

namespace {

namespace fs = std::filesystem;

// The annotation files of `stem`: <stem>_<hex id>.ann, in name order.
std::vector<std::string> AnnotationFiles(const std::vector<std::string>& names,
                                         const std::string& stem) {
  std::vector<std::string> out;
  const std::string prefix = stem + "_";
  for (const std::string& name : names) {
    if (!absl::StartsWith(name, prefix) || !absl::EndsWith(name, ".ann")) continue;
    const std::string id = name.substr(prefix.size(), name.size() - prefix.size() - 4);
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
          return absl::ascii_isxdigit(static_cast<unsigned char>(c));
        })) {
      continue;
    }
    out.push_back(name);
  }
  return out;
}

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n') c = ' ';
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(argc, argv,
                      "dossier-eval-quotes --data DIR [--json] [--model PATH] "
                      "[--annotators=first|all] [--errors=N]: quote span precision, recall and "
                      "F1 "
                      "(overlap of at least half the union, one to one), exact-span F1 and "
                      "speaker accuracy on PolNeAR attributions. Gold quotes are the parts of "
                      "attribution contents enclosed in quotation marks, speakers their "
                      "sources (services/tagger/eval/polnear.h has the details). By default "
                      "each text is scored against its first annotator in file-name order.");
  const std::string data = absl::GetFlag(FLAGS_data);
  const std::string policy = absl::GetFlag(FLAGS_annotators);
  if (data.empty()) {
    std::fprintf(stderr, "dossier-eval-quotes: --data is required\n");
    return 64;
  }
  if (policy != "first" && policy != "all") {
    std::fprintf(stderr, "dossier-eval-quotes: --annotators is first or all\n");
    return 64;
  }
  std::vector<std::string> stems, ann_names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(fs::path(data) / "text", error)) {
    if (entry.path().extension() == ".txt") stems.push_back(entry.path().stem().string());
  }
  if (error) {
    std::fprintf(stderr, "dossier-eval-quotes: %s/text: %s\n", data.c_str(),
                 error.message().c_str());
    return 1;
  }
  for (const auto& entry : fs::directory_iterator(fs::path(data) / "attributions", error)) {
    ann_names.push_back(entry.path().filename().string());
  }
  std::sort(stems.begin(), stems.end());
  std::sort(ann_names.begin(), ann_names.end());

  std::string model = absl::GetFlag(FLAGS_model);
  if (model.empty()) model = dossier::tagger::DefaultModelPath();
  auto recognizer = dossier::tagger::NerRecognizer::Load(model);
  if (!recognizer.ok()) {
    std::fprintf(stderr, "dossier-eval-quotes: %s\n", recognizer.status().ToString().c_str());
    return 1;
  }
  const dossier::tagger::Tagger tagger(std::move(*recognizer));

  dossier::tagger::eval::Scores scores;
  scores.max_examples = absl::GetFlag(FLAGS_errors);
  scores.annotators = policy;
  dossier::tagger::eval::Scores reported = scores;
  int unannotated = 0, scored_files = 0;
  const absl::Time start = absl::Now();
  for (const std::string& stem : stems) {
    const auto text = dossier::ReadFileBytes((fs::path(data) / "text" / (stem + ".txt")).string());
    if (!text.ok()) {
      std::fprintf(stderr, "dossier-eval-quotes: %s\n", text.status().ToString().c_str());
      return 1;
    }
    const dossier::v1::Annotations annotations = tagger.Tag(*text, {});
    if (absl::GetFlag(FLAGS_show)) {
      std::printf("== %s\n  entities:", stem.c_str());
      for (const auto& e : annotations.entities()) {
        std::printf(" %s/%s;", e.name().c_str(),
                    dossier::v1::EntityType_Name(e.type()).substr(12, 3).c_str());
      }
      std::printf("\n");
      for (const auto& q : annotations.quotes()) {
        const std::string speaker = q.has_speaker_entity_index()
                                        ? annotations.entities(q.speaker_entity_index()).name()
                                        : "?";
        std::printf("  [%s] %s <%s> %.2f: %s\n",
                    q.kind() == dossier::v1::QUOTE_KIND_MIXED      ? "mixed"
                    : q.kind() == dossier::v1::QUOTE_KIND_INDIRECT ? "reported"
                                                                   : "direct",
                    speaker.c_str(), q.cue().c_str(), q.confidence(),
                    OneLine(dossier::Ellipsize(q.text(), 100)).c_str());
      }
    }
    std::vector<std::string> files = AnnotationFiles(ann_names, stem);
    if (files.empty()) {
      ++unannotated;
      continue;
    }
    if (policy == "first") files.resize(1);
    for (const std::string& file : files) {
      const auto ann = dossier::ReadFileBytes((fs::path(data) / "attributions" / file).string());
      if (!ann.ok()) {
        std::fprintf(stderr, "dossier-eval-quotes: %s\n", ann.status().ToString().c_str());
        return 1;
      }
      auto gold = dossier::tagger::eval::ParseBrat(*ann, *text, &scores.offset_mismatches);
      if (!gold.ok()) {
        std::fprintf(stderr, "dossier-eval-quotes: %s: %s\n", file.c_str(),
                     gold.status().ToString().c_str());
        return 1;
      }
      dossier::tagger::eval::ScoreText(stem, *text, *gold, annotations, &scores, &reported);
      ++scored_files;
    }
  }
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  if (absl::GetFlag(FLAGS_json)) {
    // Quoted speech's scores, with reported speech's as one more field.
    std::string json = scores.ToJson();
    json.insert(json.size() - 1, ", \"reported\": " + reported.ToJson());
    std::printf("%s\n", json.c_str());
  } else {
    std::printf(
        "%s: model %s; annotators: %s (%d annotation files over %zu texts, "
        "%d texts without annotations skipped); %.1f s\n",
        data.c_str(), tagger.Version().c_str(),
        policy == "first" ? "the first in name order per text" : "all, pooled", scored_files,
        stems.size() - unannotated, unannotated, seconds);
    if (scores.offset_mismatches > 0) {
      std::printf(
          "warning: %d spans whose text differs from the text at their "
          "offsets\n",
          scores.offset_mismatches);
    }
    std::printf("%s", scores.ToText().c_str());
    std::printf(
        "\nreported speech (INDIRECT quotes; gold: the contents of attributions with no "
        "quotation marks):\n%s",
        reported.ToText().c_str());
  }
  return 0;
}
