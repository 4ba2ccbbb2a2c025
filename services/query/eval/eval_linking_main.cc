// dossier-eval-linking: how well the entity registry gives one identity per
// real entity across documents, scored on AIDA-format JSON Lines.
//
//   dossier-eval-linking --data ../shared/data/aida/aida-conll-dev.jsonl [--json]
//       [--kb FILE] [--geonames DIR]
//
// Every document is tagged by the committed NER model and indexed into one
// query store in a temp dir, through the code the services run (the
// tagger's Tag, the store's Index and its registry); an optional knowledge
// base (JSON Lines of dossier.v1.KnowledgeBaseEntity) is imported first.
// Ingest's normalisation is left out: AIDA's texts are clean already, and
// its gold offsets refer to them as they are.
//
// Each gold mention with an entity id (NIL ones are left out) is given the
// registry entity of the predicted mention that overlaps it most (at least
// half of the gold span), or a cluster of its own when there is none; the
// clusters are then scored against the gold ids with B-cubed precision,
// recall and F1 (percentages). Deterministic.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "absl/container/flat_hash_map.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/flags.h"
#include "common/ids.h"
#include "common/json_fields.h"
#include "common/knowledge_base.h"
#include "common/paths.h"
#include "common/time_util.h"
#include "google/protobuf/util/json_util.h"
#include "services/query/document_store.h"
#include "services/query/registry.h"
#include "services/query/requests.h"
#include "services/query/terms.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "text/given_names.h"

ABSL_FLAG(std::string, data, "", "AIDA-format JSON Lines: text, labels[{span, entity_id}]");
ABSL_FLAG(std::string, model, "", "the NER model (default: the committed one)");
ABSL_FLAG(std::string, kb, "",
          "a knowledge base to import first (JSON Lines of dossier.v1.KnowledgeBaseEntity)");
ABSL_FLAG(std::string, geonames, "", "GeoNames countryInfo.txt and cities15000.txt, for places");
ABSL_FLAG(std::string, work_dir, "", "where the query store goes (default: a temp dir)");
ABSL_FLAG(bool, json, false, "print the scores as JSON");
ABSL_FLAG(std::string, mentions, "",
          "also write each gold mention as TSV (document, begin, end, text, gold id, "
          "predicted entity), for error analysis");

namespace {

using dossier::v1::Document;

struct Gold {
  int document = 0;
  int32_t begin = 0, end = 0;
  std::string entity;
  std::string text;
};

int Fail(const std::string& what) {
  std::fprintf(stderr, "dossier-eval-linking: %s\n", what.c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(
      argc, argv,
      "dossier-eval-linking --data FILE [--json] [--kb FILE] [--geonames DIR]: B-cubed "
      "precision, recall and F1 of the entity registry's identities against gold entity ids");
  if (absl::GetFlag(FLAGS_data).empty()) {
    std::fprintf(stderr, "dossier-eval-linking: --data is required\n");
    return 64;
  }
  std::string model_path = absl::GetFlag(FLAGS_model);
  if (model_path.empty()) model_path = dossier::tagger::DefaultModelPath();
  auto recognizer = dossier::tagger::NerRecognizer::Load(model_path);
  if (!recognizer.ok()) return Fail(recognizer.status().ToString());
  const dossier::tagger::Tagger tagger(
      std::shared_ptr<const dossier::tagger::Recognizer>(std::move(*recognizer)));
  auto idf = dossier::query::IdfTable::Load(dossier::query::DefaultIdfPath());
  if (!idf.ok()) return Fail(idf.status().ToString());
  auto given_names = dossier::text::GivenNames::Load(
      dossier::ResolveDataFile("DOSSIER_GIVEN_NAMES", "models/registry/given_names.txt"));
  if (!given_names.ok()) return Fail(given_names.status().ToString());
  std::unique_ptr<dossier::query::Gazetteer> places;
  if (!absl::GetFlag(FLAGS_geonames).empty()) {
    auto loaded = dossier::query::Gazetteer::Load(absl::GetFlag(FLAGS_geonames));
    if (!loaded.ok()) return Fail(loaded.status().ToString());
    places = *std::move(loaded);
  }
  std::string work = absl::GetFlag(FLAGS_work_dir);
  bool remove_work = false;
  if (work.empty()) {
    work =
        (std::filesystem::temp_directory_path() / absl::StrCat("dossier-eval-linking-", getpid()))
            .string();
    remove_work = true;
  }
  std::filesystem::remove_all(work);

  // Documents and gold mentions.
  std::ifstream in(absl::GetFlag(FLAGS_data));
  if (!in) return Fail(absl::StrCat("cannot read ", absl::GetFlag(FLAGS_data)));
  std::vector<Document> documents;
  std::vector<Gold> gold;
  std::string line;
  int nil = 0;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    google::protobuf::Struct object;
    if (!google::protobuf::util::JsonStringToMessage(line, &object).ok()) {
      return Fail(absl::StrCat("line ", documents.size() + 1, " is not JSON"));
    }
    Document d;
    d.set_text(dossier::JsonFieldString(object, "text"));
    // Keyed by position: two documents with the same text stay two.
    d.set_client_key(absl::StrCat("aida:", documents.size()));
    d.set_id(dossier::DocumentIdForClientKey(d.client_key()));
    // One day for all: story matching and dates play no part here.
    *d.mutable_metadata()->mutable_publish_date() =
        dossier::ToProtoDate(absl::CivilDay(1996, 8, 30));
    const int index = static_cast<int>(documents.size());
    auto labels = object.fields().find("labels");
    if (labels != object.fields().end()) {
      for (const auto& label : labels->second.list_value().values()) {
        const auto& f = label.struct_value().fields();
        auto span = f.find("span");
        auto id = f.find("entity_id");
        if (span == f.end() || id == f.end() || span->second.list_value().values_size() != 2) {
          continue;
        }
        Gold g;
        g.document = index;
        g.begin = static_cast<int32_t>(span->second.list_value().values(0).number_value());
        g.end = static_cast<int32_t>(span->second.list_value().values(1).number_value());
        g.entity = id->second.string_value();
        if (g.entity.empty() || g.entity == "<NIL>") {
          ++nil;
          continue;
        }
        g.text = d.text().substr(g.begin, g.end - g.begin);
        gold.push_back(std::move(g));
      }
    }
    documents.push_back(std::move(d));
  }

  // Tag, import the knowledge base, index.
  dossier::query::DocumentStoreOptions options;
  options.path = work;
  options.idf = idf->get();
  options.given_names = &*given_names;
  options.places = places.get();
  options.flush_when_idle = absl::ZeroDuration();
  auto store = dossier::query::DocumentStore::Open(options);
  if (!store.ok()) return Fail(store.status().ToString());
  int kb_entities = 0;
  if (!absl::GetFlag(FLAGS_kb).empty()) {
    std::ifstream kb(absl::GetFlag(FLAGS_kb));
    if (!kb) return Fail(absl::StrCat("cannot read ", absl::GetFlag(FLAGS_kb)));
    dossier::v1::ImportKnowledgeBaseRequest request;
    auto flush = [&]() -> absl::Status {
      if (request.entities_size() == 0) return absl::OkStatus();
      dossier::v1::ImportKnowledgeBaseResponse response;
      // Checked as the service checks it.
      auto spec = dossier::query::ToSpec(request);
      absl::Status s = spec.ok() ? (*store)->ImportKnowledgeBase(*spec, &response) : spec.status();
      kb_entities += request.entities_size();
      request.Clear();
      return s;
    };
    while (std::getline(kb, line)) {
      if (line.empty()) continue;
      auto entity = dossier::ParseKnowledgeBaseLine(line);
      if (!entity.ok()) {
        return Fail(absl::StrCat("knowledge base line ", kb_entities + request.entities_size() + 1,
                                 ": ", entity.status().message()));
      }
      *request.add_entities() = *std::move(entity);
      if (request.entities_size() == 1000) {
        absl::Status s = flush();
        if (!s.ok()) return Fail(s.ToString());
      }
    }
    absl::Status s = flush();
    if (!s.ok()) return Fail(s.ToString());
  }
  for (Document& d : documents) {
    *d.mutable_annotations() = tagger.Tag(d.text(), {});
    *d.mutable_accept_time() = dossier::ToProtoTimestamp(absl::FromUnixSeconds(841363200));
    auto outcome = (*store)->Index({&d}, absl::FromUnixSeconds(841363200));
    if (!outcome.ok()) return Fail(outcome.status().ToString());
  }

  // Each gold mention's predicted cluster: the registry entity of the
  // predicted mention overlapping it most, read back as the store gives it.
  std::vector<std::string> predicted(gold.size());
  int covered = 0;
  std::map<int, Document> stored;
  for (size_t i = 0; i < gold.size(); ++i) {
    const Gold& g = gold[i];
    auto it = stored.find(g.document);
    if (it == stored.end()) {
      auto d = (*store)->Get(documents[g.document].id());
      if (!d.ok()) return Fail(d.status().ToString());
      it = stored.emplace(g.document, *std::move(d)).first;
    }
    const dossier::v1::Annotations& a = it->second.annotations();
    int32_t best = 0;
    for (const auto& m : a.mentions()) {
      const int32_t overlap = std::min(g.end, m.span().end()) - std::max(g.begin, m.span().begin());
      if (overlap > best && 2 * overlap >= g.end - g.begin) {
        best = overlap;
        predicted[i] = a.entities(m.entity_index()).entity_id();
      }
    }
    if (predicted[i].empty()) {
      predicted[i] = absl::StrCat("unlinked:", i);
    } else {
      ++covered;
    }
  }

  if (!absl::GetFlag(FLAGS_mentions).empty()) {
    std::ofstream out(absl::GetFlag(FLAGS_mentions));
    for (size_t i = 0; i < gold.size(); ++i) {
      out << gold[i].document << '\t' << gold[i].begin << '\t' << gold[i].end << '\t'
          << gold[i].text << '\t' << gold[i].entity << '\t' << predicted[i] << '\n';
    }
  }

  // B-cubed over the gold mentions.
  absl::flat_hash_map<std::string, int> predicted_size, gold_size;
  absl::flat_hash_map<std::string, int> both;  // predicted + "\t" + gold
  for (size_t i = 0; i < gold.size(); ++i) {
    ++predicted_size[predicted[i]];
    ++gold_size[gold[i].entity];
    ++both[absl::StrCat(predicted[i], "\t", gold[i].entity)];
  }
  double precision = 0, recall = 0;
  for (size_t i = 0; i < gold.size(); ++i) {
    const double shared = both[absl::StrCat(predicted[i], "\t", gold[i].entity)];
    precision += shared / predicted_size[predicted[i]];
    recall += shared / gold_size[gold[i].entity];
  }
  const double n = std::max<double>(1, static_cast<double>(gold.size()));
  precision = 100 * precision / n;
  recall = 100 * recall / n;
  const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
  const double coverage = 100.0 * covered / n;
  if (absl::GetFlag(FLAGS_json)) {
    std::printf(
        "{\"b3_precision\": %.2f, \"b3_recall\": %.2f, \"b3_f1\": %.2f, \"mentions\": %zu, "
        "\"nil_mentions_left_out\": %d, \"mentions_found_by_ner\": %.2f, \"documents\": %zu, "
        "\"gold_entities\": %zu, \"predicted_clusters\": %zu, \"knowledge_base_entities\": %d}\n",
        precision, recall, f1, gold.size(), nil, coverage, documents.size(), gold_size.size(),
        predicted_size.size(), kb_entities);
  } else {
    std::printf("%s: %zu documents, %zu gold mentions with an entity (%d NIL left out)\n",
                absl::GetFlag(FLAGS_data).c_str(), documents.size(), gold.size(), nil);
    std::printf("B-cubed  precision %.2f  recall %.2f  F1 %.2f\n", precision, recall, f1);
    std::printf("gold mentions the NER found: %.2f %%; %zu gold entities, %zu predicted clusters",
                coverage, gold_size.size(), predicted_size.size());
    if (kb_entities > 0) std::printf("; %d knowledge-base entities imported", kb_entities);
    std::printf("\n");
  }
  store->reset();
  if (remove_work) std::filesystem::remove_all(work);
  return 0;
}
