// dossier-bench-registry: how long the query service's index writer takes
// to index one batch of documents whose entities the registry must link,
// with Google Benchmark. The documents are made here: people with a full
// name whose surnames other documents give alone, people sharing a
// surname, organisations and places, in the company of each other, so
// that linking weighs candidates by the company the batch's own
// documents keep (Registry::FitLocked), the work that grows with the
// batch.
//
//   dossier-bench-registry [--benchmark_filter=...] [--benchmark_repetitions=N]
//
// Each iteration indexes a new batch of BATCH documents (the argument) into
// a store that already holds a first batch of them, in a fresh temporary
// directory.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/ids.h"
#include "common/paths.h"
#include "common/time_util.h"
#include "services/query/document_store.h"
#include "services/query/terms.h"
#include "text/fold.h"

namespace {

namespace v1 = dossier::v1;
using dossier::query::DocumentStore;

// A capitalised made-up word for `n` ("Kabo", "Tesu"): letters in turn,
// consonant and vowel.
std::string Word(uint32_t n, int length = 4) {
  static constexpr char kConsonants[] = "bdfgklmnprstvz";
  static constexpr char kVowels[] = "aeiou";
  std::string w;
  for (int i = 0; i < length; ++i) {
    if (i % 2 == 0) {
      w += kConsonants[n % 14];
      n /= 14;
    } else {
      w += kVowels[n % 5];
      n /= 5;
    }
  }
  w[0] = static_cast<char>(w[0] - 'a' + 'A');
  return w;
}

struct Name {
  v1::EntityType type;
  std::string text;
};

// Document `n` of the run: 8 people by full name, 8 by surname alone
// (each surname held by three people), 6 organisations and 3 places.
v1::Document MakeDocument(uint64_t n, std::mt19937* random) {
  constexpr uint32_t kSurnames = 300, kOrganisations = 150, kPlaces = 60;
  std::vector<Name> names;
  auto pick = [&](uint32_t range) { return static_cast<uint32_t>((*random)() % range); };
  for (int i = 0; i < 8; ++i) {
    const uint32_t surname = pick(kSurnames);
    names.push_back({v1::ENTITY_TYPE_PERSON,
                     absl::StrCat(Word(surname * 3 + pick(3) + 7000, 5), " ", Word(surname, 6))});
  }
  for (int i = 0; i < 8; ++i) names.push_back({v1::ENTITY_TYPE_PERSON, Word(pick(kSurnames), 6)});
  for (int i = 0; i < 6; ++i) {
    names.push_back(
        {v1::ENTITY_TYPE_ORGANIZATION, absl::StrCat(Word(pick(kOrganisations) + 900, 6), " Corp")});
  }
  for (int i = 0; i < 3; ++i)
    names.push_back({v1::ENTITY_TYPE_LOCATION, Word(pick(kPlaces) + 5000, 7)});
  v1::Document d;
  std::string text = absl::StrCat("Report ", n, ".");
  v1::Annotations* a = d.mutable_annotations();
  for (size_t e = 0; e < names.size(); ++e) {
    text += " ";
    const size_t at = text.size();
    text += names[e].text;
    text += " spoke.";
    v1::Entity* entity = a->add_entities();
    entity->set_type(names[e].type);
    entity->set_name(names[e].text);
    entity->set_key(dossier::text::FoldName(names[e].text));
    v1::Mention* mention = a->add_mentions();
    mention->mutable_span()->set_begin(static_cast<int>(at));
    mention->mutable_span()->set_end(static_cast<int>(at + names[e].text.size()));
    mention->set_text(names[e].text);
    mention->set_type(names[e].type);
    mention->set_entity_index(static_cast<int>(e));
    entity->add_mention_indices(a->mentions_size() - 1);
  }
  a->add_sentences()->mutable_span()->set_end(static_cast<int>(text.size()));
  d.set_id(dossier::DocumentIdForText(text));
  d.set_text(text);
  *d.mutable_accept_time() = dossier::ToProtoTimestamp(absl::FromUnixSeconds(1700000000 + n));
  return d;
}

absl::Status Index(DocumentStore* store, uint64_t first, int count, std::mt19937* random) {
  std::vector<v1::Document> documents;
  for (int i = 0; i < count; ++i) documents.push_back(MakeDocument(first + i, random));
  std::vector<const v1::Document*> pointers;
  for (const auto& d : documents) pointers.push_back(&d);
  return store->Index(pointers, absl::Now()).status();
}

void BM_IndexBatch(benchmark::State& state) {
  const int batch = static_cast<int>(state.range(0));
  auto idf = dossier::query::IdfTable::Load(dossier::query::DefaultIdfPath());
  auto names = dossier::text::GivenNames::Load(
      dossier::ResolveDataFile("DOSSIER_GIVEN_NAMES", "models/registry/given_names.txt"));
  if (!idf.ok() || !names.ok()) {
    state.SkipWithError("models/idf/idf.bin or models/registry/given_names.txt not found");
    return;
  }
  const std::string dir =
      std::filesystem::temp_directory_path() / absl::StrCat("dossier-bench-registry-", getpid());
  std::filesystem::remove_all(dir);
  dossier::query::DocumentStoreOptions options;
  options.path = dir;
  options.idf = idf->get();
  options.given_names = &*names;
  std::unique_ptr<DocumentStore> store;
  {
    auto opened = DocumentStore::Open(options);
    if (!opened.ok()) {
      state.SkipWithError(std::string(opened.status().message()).c_str());
      return;
    }
    store = std::move(*opened);
  }
  std::mt19937 random(1);
  uint64_t next = 0;
  // The store's first batch: the entities later ones link to.
  if (absl::Status s = Index(store.get(), next, batch, &random); !s.ok()) {
    state.SkipWithError(std::string(s.message()).c_str());
    return;
  }
  next += batch;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<v1::Document> documents;
    for (int i = 0; i < batch; ++i) documents.push_back(MakeDocument(next + i, &random));
    std::vector<const v1::Document*> pointers;
    for (const auto& d : documents) pointers.push_back(&d);
    next += batch;
    state.ResumeTiming();
    const absl::Status s = store->Index(pointers, absl::Now()).status();
    if (!s.ok()) {
      state.SkipWithError(std::string(s.message()).c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * batch);
  store.reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IndexBatch)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
