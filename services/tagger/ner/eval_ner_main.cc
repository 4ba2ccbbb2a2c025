// dossier-eval-ner: CoNLL-2003 entity-level scores of a model on a labelled
// file, the conlleval way.
//
//   dossier-eval-ner --model models/ner/model.bin --data dev.txt [--json | --errors]
//                    [--explain=WORD] [--off=GROUP,...] [--seen=TRAIN[,TRAIN]]
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/flags.h"
#include "services/tagger/ner/evaluate.h"
#include "services/tagger/ner/model.h"

ABSL_FLAG(std::string, model, "models/ner/model.bin", "the model file");
ABSL_FLAG(std::string, data, "", "labelled data (CoNLL-2003 format)");
ABSL_FLAG(std::string, format, "conll", "conll or gmb");
ABSL_FLAG(bool, json, false, "print the scores as JSON");
ABSL_FLAG(bool, markdown, false,
          "print the scores and the calibration as the model card's Markdown tables");
ABSL_FLAG(bool, errors, false,
          "error analysis: boundary vs type errors per class and the most frequent confusions, "
          "with examples");
ABSL_FLAG(int, top, 15,
          "with --errors: how many confusions to show; with --explain: how many occurrences");
ABSL_FLAG(int, examples, 3, "with --errors: examples per confusion");
ABSL_FLAG(std::string, explain, "",
          "error analysis: for each occurrence of this word (as written; up to --top), the tag "
          "each stage chose and the feature templates that weigh most for it against the gold "
          "tag or the runner-up");
ABSL_FLAG(std::vector<std::string>, seen, {},
          "labelled files the model trained on (CoNLL-2003 format): the scores are given twice, "
          "for entities whose words are a name in those files (any class) and for the others, "
          "the names the model never saw");
ABSL_FLAG(std::vector<std::string>, off, {},
          "feature groups to switch off while tagging (clusters, vectors, gazetteers, document, "
          "affixes, context, names, elsewhere, history): the model keeps its weights, so the "
          "change in its output shows what those groups decide");

int main(int argc, char** argv) {
  dossier::ParseFlags(argc, argv,
                      "dossier-eval-ner --model FILE --data FILE [--json]: entity-level "
                      "precision, recall and F1, overall and per class");
  if (absl::GetFlag(FLAGS_data).empty()) {
    std::fprintf(stderr, "dossier-eval-ner: --data is required\n");
    return 64;
  }
  auto model = dossier::ner::NerModel::Load(absl::GetFlag(FLAGS_model));
  if (!model.ok()) {
    std::fprintf(stderr, "dossier-eval-ner: %s\n", model.status().ToString().c_str());
    return 1;
  }
  if (!absl::GetFlag(FLAGS_explain).empty() + absl::GetFlag(FLAGS_errors) +
          absl::GetFlag(FLAGS_json) + absl::GetFlag(FLAGS_markdown) >
      1) {
    std::fprintf(stderr,
                 "dossier-eval-ner: --explain, --errors, --json and --markdown are one each\n");
    return 64;
  }
  if (!absl::GetFlag(FLAGS_seen).empty() &&
      (!absl::GetFlag(FLAGS_explain).empty() || absl::GetFlag(FLAGS_errors) ||
       absl::GetFlag(FLAGS_markdown))) {
    std::fprintf(stderr, "dossier-eval-ner: --seen goes with the scores (and --json) only\n");
    return 64;
  }
  // The scores are the model's own unless groups are switched off.
  std::string label = "model " + (*model)->version();
  if (!absl::GetFlag(FLAGS_off).empty()) {
    absl::StrAppend(&label, " with ", absl::StrJoin(absl::GetFlag(FLAGS_off), ","), " off");
    dossier::ner::FeatureConfig config = (*model)->config();
    for (const std::string& group : absl::GetFlag(FLAGS_off)) {
      if (group == "history") {
        if ((*model)->history().empty()) {
          std::fprintf(stderr, "dossier-eval-ner: --off: %s has no corpus history\n",
                       (*model)->version().c_str());
          return 64;
        }
        (*model)->mutable_history()->Clear();
        continue;
      }
      bool* flag = group == "clusters"     ? &config.clusters
                   : group == "vectors"    ? &config.vectors
                   : group == "gazetteers" ? &config.gazetteers
                   : group == "document"   ? &config.document
                   : group == "affixes"    ? &config.affixes
                   : group == "context"    ? &config.context
                   : group == "names"      ? &config.names
                   : group == "elsewhere"  ? &config.elsewhere
                                           : nullptr;
      if (flag == nullptr) {
        std::fprintf(stderr, "dossier-eval-ner: --off: no feature group \"%s\"\n", group.c_str());
        return 64;
      }
      *flag = false;
    }
    (*model)->set_config(config);
  }
  auto documents =
      dossier::ner::ReadCorpus(absl::GetFlag(FLAGS_data), absl::GetFlag(FLAGS_format) == "gmb"
                                                              ? dossier::ner::CorpusFormat::kGmb
                                                              : dossier::ner::CorpusFormat::kConll);
  if (!documents.ok()) {
    std::fprintf(stderr, "dossier-eval-ner: %s\n", documents.status().ToString().c_str());
    return 1;
  }
  if (!absl::GetFlag(FLAGS_explain).empty()) {
    std::printf("%s: %s\n%s", absl::GetFlag(FLAGS_data).c_str(), label.c_str(),
                dossier::ner::ExplainWord(**model, *documents, absl::GetFlag(FLAGS_explain),
                                          absl::GetFlag(FLAGS_top), 12)
                    .c_str());
    return 0;
  }
  if (absl::GetFlag(FLAGS_errors)) {
    const dossier::ner::ErrorAnalysis errors = dossier::ner::AnalyzeErrors(**model, *documents);
    std::printf("%s: %s\n%s", absl::GetFlag(FLAGS_data).c_str(), label.c_str(),
                errors.ToText(absl::GetFlag(FLAGS_top), absl::GetFlag(FLAGS_examples)).c_str());
    return 0;
  }
  if (!absl::GetFlag(FLAGS_seen).empty()) {
    auto training =
        dossier::ner::ReadCorpora(absl::GetFlag(FLAGS_seen), dossier::ner::CorpusFormat::kConll);
    if (!training.ok()) {
      std::fprintf(stderr, "dossier-eval-ner: --seen: %s\n", training.status().ToString().c_str());
      return 1;
    }
    const dossier::ner::SeenSplit split =
        dossier::ner::EvaluateBySeen(**model, *documents, dossier::ner::NamesOf(*training));
    if (absl::GetFlag(FLAGS_json)) {
      std::printf("{\"seen\": %s, \"unseen\": %s}\n", split.seen.ToJson().c_str(),
                  split.unseen.ToJson().c_str());
    } else {
      std::printf(
          "%s: %s\nnames seen in training (%ld gold entities)\n%s\n"
          "names not seen in training (%ld gold entities)\n%s",
          absl::GetFlag(FLAGS_data).c_str(), label.c_str(), split.seen.overall().gold,
          split.seen.ToText().c_str(), split.unseen.overall().gold, split.unseen.ToText().c_str());
    }
    return 0;
  }
  const dossier::ner::Scores scores = dossier::ner::EvaluateModel(**model, *documents);
  if (absl::GetFlag(FLAGS_json)) {
    std::printf("%s\n", scores.evaluation.ToJson().c_str());
  } else if (absl::GetFlag(FLAGS_markdown)) {
    std::printf("%s", scores.ToMarkdown("Its").c_str());
  } else {
    std::printf("%s: %s\n%s", absl::GetFlag(FLAGS_data).c_str(), label.c_str(),
                scores.evaluation.ToText().c_str());
    std::printf("calibration: ECE %.4f over %ld predicted entities (10 bins)\n",
                scores.calibration_error, scores.evaluation.overall().predicted);
  }
  return 0;
}
