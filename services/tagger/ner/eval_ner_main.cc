// dossier-eval-ner: CoNLL-2003 entity-level scores of a model on a labelled
// file, the conlleval way.
//
//   dossier-eval-ner --model models/ner/model.bin --data dev.txt [--json | --errors]
//                    [--explain=WORD] [--off=GROUP,...] [--seen=TRAIN[,TRAIN]]
//                    [--pipeline [--known_names=KB.jsonl] [--json | --errors]]
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/flags.h"
#include "services/tagger/known_names.h"
#include "services/tagger/ner/evaluate.h"
#include "services/tagger/ner/model.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"

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
ABSL_FLAG(bool, pipeline, false,
          "score the whole tagger as dossier-tagger serves it (the model, then the known names "
          "and the span rules) instead of the model alone: each document's words joined by "
          "spaces, a sentence a paragraph, a mention the words its characters cover");
ABSL_FLAG(
    std::string, known_names, "",
    "with --pipeline: a knowledge base (JSON Lines of KnowledgeBaseEntity, as dossier-build-kb "
    "writes it) whose names the tagger knows, as one following a registry that imported it "
    "does");
ABSL_FLAG(std::vector<std::string>, off, {},
          "feature groups to switch off while tagging (clusters, vectors, gazetteers, document, "
          "affixes, context, names, elsewhere, history): the model keeps its weights, so the "
          "change in its output shows what those groups decide");

namespace {

// The CoNLL class of a mention's type; -1 for none.
int ClassOf(dossier::v1::EntityType type) {
  switch (type) {
    case dossier::v1::ENTITY_TYPE_PERSON:
      return 0;
    case dossier::v1::ENTITY_TYPE_ORGANIZATION:
      return 1;
    case dossier::v1::ENTITY_TYPE_LOCATION:
      return 2;
    case dossier::v1::ENTITY_TYPE_MISC:
      return 3;
    default:
      return -1;
  }
}

// The whole tagger's spans of `doc`, sentence by sentence, as the model's
// are given. A document is its words joined by spaces, a sentence a
// paragraph (the tokenizer ends a sentence at a blank line, not at a line
// break, so CoNLL's headlines and datelines stay sentences of their own,
// as a blank line keeps them in BBC's articles); a mention stands for the
// words its characters overlap, in the sentence of its first word (the
// tagger's tokenizer may cut a word the corpus keeps whole).
std::vector<std::vector<dossier::ner::Span>> TagWithPipeline(
    const dossier::tagger::Tagger& tagger, const dossier::ner::LabeledDocument& doc) {
  struct Word {
    int sentence, index;
    size_t begin, end;
  };
  std::vector<Word> words;
  std::string text;
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const std::vector<std::string>& sentence = doc.sentences[s].words;
    for (size_t w = 0; w < sentence.size(); ++w) {
      if (w > 0) text += ' ';
      words.push_back({static_cast<int>(s), static_cast<int>(w), text.size(),
                       text.size() + sentence[w].size()});
      text += sentence[w];
    }
    text += "\n\n";
  }
  const dossier::v1::Annotations annotations = tagger.Tag(text, {});
  std::vector<std::vector<dossier::ner::Span>> predicted(doc.sentences.size());
  for (const dossier::v1::Mention& m : annotations.mentions()) {
    const int type = ClassOf(m.type());
    const size_t begin = m.span().begin(), end = m.span().end();
    // Words are in text order: the first that ends past the mention's start.
    auto first = std::partition_point(words.begin(), words.end(),
                                      [&](const Word& w) { return w.end <= begin; });
    if (type < 0 || first == words.end() || first->begin >= end) continue;
    auto last = first;
    while (last + 1 != words.end() && (last + 1)->begin < end &&
           (last + 1)->sentence == first->sentence) {
      ++last;
    }
    const dossier::ner::Span span{first->index, last->index + 1, type};
    std::vector<dossier::ner::Span>& spans = predicted[first->sentence];
    if (std::find(spans.begin(), spans.end(), span) == spans.end()) spans.push_back(span);
  }
  return predicted;
}

}  // namespace

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
  if (absl::GetFlag(FLAGS_pipeline) &&
      (!absl::GetFlag(FLAGS_explain).empty() || absl::GetFlag(FLAGS_markdown) ||
       !absl::GetFlag(FLAGS_seen).empty() || !absl::GetFlag(FLAGS_off).empty())) {
    std::fprintf(stderr,
                 "dossier-eval-ner: --pipeline goes with the scores, --json or --errors only\n");
    return 64;
  }
  if (!absl::GetFlag(FLAGS_known_names).empty() && !absl::GetFlag(FLAGS_pipeline)) {
    std::fprintf(stderr, "dossier-eval-ner: --known_names goes with --pipeline\n");
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
  if (absl::GetFlag(FLAGS_pipeline)) {
    auto recognizer = dossier::tagger::NerRecognizer::Load(absl::GetFlag(FLAGS_model));
    if (!recognizer.ok()) {
      std::fprintf(stderr, "dossier-eval-ner: %s\n", recognizer.status().ToString().c_str());
      return 1;
    }
    dossier::tagger::Tagger tagger(std::move(*recognizer));
    label = "the tagger (" + label + ", the span rules";
    if (!absl::GetFlag(FLAGS_known_names).empty()) {
      auto known = dossier::tagger::ReadKnowledgeBase(absl::GetFlag(FLAGS_known_names));
      if (!known.ok()) {
        std::fprintf(stderr, "dossier-eval-ner: --known_names: %s\n",
                     known.status().ToString().c_str());
        return 1;
      }
      absl::StrAppend(&label, ", ", (*known)->size(), " known names");
      tagger.SetKnownNames(*std::move(known));
    }
    label += ")";
    const dossier::ner::ErrorAnalysis analysis = dossier::ner::AnalyzeErrors(
        *documents, [&tagger](const dossier::ner::LabeledDocument& document) {
          return TagWithPipeline(tagger, document);
        });
    const dossier::ner::Evaluation& evaluation = analysis.evaluation;
    if (absl::GetFlag(FLAGS_errors)) {
      std::printf("%s: %s\n%s", absl::GetFlag(FLAGS_data).c_str(), label.c_str(),
                  analysis.ToText(absl::GetFlag(FLAGS_top), absl::GetFlag(FLAGS_examples)).c_str());
    } else if (absl::GetFlag(FLAGS_json)) {
      std::printf("%s\n", evaluation.ToJson().c_str());
    } else {
      std::printf("%s: %s\n%s", absl::GetFlag(FLAGS_data).c_str(), label.c_str(),
                  evaluation.ToText().c_str());
    }
    return 0;
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
