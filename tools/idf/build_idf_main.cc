// dossier-build-idf: the inverse document frequencies that the query
// service weighs words by when it compares documents (story clusters),
// learned from the reference news, and their card.
//
//   dossier-build-idf --data_dir=../shared/data --out=models/idf/idf.bin
#include <cstdio>
#include <fstream>

#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "common/flags.h"
#include "common/reference_corpus.h"
#include "services/query/terms.h"

ABSL_FLAG(std::string, data_dir, "../shared/data", "the reference data");
ABSL_FLAG(std::string, out, "models/idf/idf.bin", "where to write the table");
ABSL_FLAG(int, min_df, 2, "leave out terms in fewer documents");

int main(int argc, char** argv) {
  dossier::ParseFlags(
      argc, argv,
      "dossier-build-idf --data_dir=DIR --out=FILE: the inverse document frequencies the query "
      "service weighs words by, learned from the reference news");
  absl::flat_hash_map<uint64_t, uint32_t> df;
  absl::flat_hash_map<std::string, long> per_corpus;
  const long documents = dossier::ForEachReferenceArticle(
      absl::GetFlag(FLAGS_data_dir), [&](const dossier::ReferenceArticle& article) {
        absl::flat_hash_set<uint64_t> seen;
        for (uint64_t t : dossier::query::Terms(article.text)) {
          if (seen.insert(t).second) ++df[t];
        }
        ++per_corpus[article.corpus];
      });
  if (documents == 0) {
    std::fprintf(stderr, "dossier-build-idf: no articles under %s\n",
                 absl::GetFlag(FLAGS_data_dir).c_str());
    return 1;
  }
  const auto table = dossier::query::IdfTable::FromCounts(
      df, static_cast<uint64_t>(documents), static_cast<uint32_t>(absl::GetFlag(FLAGS_min_df)));
  const std::string out = absl::GetFlag(FLAGS_out);
  if (auto s = table->Save(out); !s.ok()) {
    std::fprintf(stderr, "dossier-build-idf: %s\n", s.ToString().c_str());
    return 1;
  }
  const std::string card_path = out.substr(0, out.rfind('/') + 1) + "CARD.md";
  std::ofstream card(card_path, std::ios::trunc);
  card << "# IDF table card\n\n"
       << "Inverse document frequencies, log(N / df), that `dossier-query` weighs words by "
          "when it compares documents for story clusters. Built by `dossier-build-idf` "
          "(tools/idf/) from the reference news; words are stored as 64-bit hashes of their "
          "folded form, so the file holds no text.\n\n"
       << absl::StrFormat("- Documents: %ld (Reuters-21578 bodies %ld, BBC %ld, PolNeAR %ld)\n",
                          documents, per_corpus["reuters21578"], per_corpus["bbc"],
                          per_corpus["polnear"])
       << absl::StrFormat(
              "- Terms: %zu kept of %zu (in at least %d documents); rarer ones "
              "weigh as much as a term seen once\n",
              table->size(), df.size(), absl::GetFlag(FLAGS_min_df))
       << "- Recipe: `dossier-build-idf --data_dir=../shared/data --out=models/idf/idf.bin`\n";
  std::fprintf(stderr, "wrote %s (%zu terms over %ld documents) and %s\n", out.c_str(),
               table->size(), documents, card_path.c_str());
  return 0;
}
