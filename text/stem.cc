#include "text/stem.h"

#include <libstemmer.h>

#include <memory>

#include "absl/strings/ascii.h"

namespace dossier::text {
namespace {

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};

// A Snowball stemmer keeps its working buffer inside: one per thread.
sb_stemmer* ThreadStemmer() {
  thread_local std::unique_ptr<sb_stemmer, StemmerDeleter> stemmer(
      sb_stemmer_new("english", "UTF_8"));
  return stemmer.get();
}

}  // namespace

std::string Stem(absl::string_view term) {
  if (term.size() <= 2) return std::string(term);
  for (const char c : term) {
    if (absl::ascii_isdigit(c)) return std::string(term);
  }
  sb_stemmer* stemmer = ThreadStemmer();
  if (stemmer == nullptr) return std::string(term);
  const sb_symbol* stem = sb_stemmer_stem(stemmer, reinterpret_cast<const sb_symbol*>(term.data()),
                                          static_cast<int>(term.size()));
  if (stem == nullptr) return std::string(term);  // out of memory
  return std::string(reinterpret_cast<const char*>(stem),
                     static_cast<size_t>(sb_stemmer_length(stemmer)));
}

}  // namespace dossier::text
