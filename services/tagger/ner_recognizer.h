// The trained CRF model as the tagger's recognizer.
#ifndef DOSSIER_SERVICES_TAGGER_NER_RECOGNIZER_H_
#define DOSSIER_SERVICES_TAGGER_NER_RECOGNIZER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "services/tagger/ner/model.h"
#include "services/tagger/recognizer.h"

namespace dossier::tagger {

class NerRecognizer final : public Recognizer {
 public:
  static absl::StatusOr<std::unique_ptr<NerRecognizer>> Load(const std::string& path);
  explicit NerRecognizer(std::unique_ptr<ner::NerModel> model);

  std::vector<MentionSpan> Recognize(const text::TokenizedText& text) const override;
  std::string Version() const override { return model_->version(); }
  // From the model's word clusters, which count how the unlabelled news
  // they were learned from writes each word.
  NewsCase HowNewsWrites(absl::string_view word) const override;
  // From the model's gazetteers of places (lists named "loc.": GeoNames'
  // countries and cities).
  bool ListsAsPlace(const std::vector<std::string>& words) const override;

 private:
  const std::unique_ptr<ner::NerModel> model_;
  // The bits of the model's gazetteer lists of places ("loc.").
  uint32_t place_lists_ = 0;
};

// The spelling the model reads a word in: the training text's own for the
// few words news writes otherwise ("US" is "U.S." to the model).
absl::string_view ModelSpelling(absl::string_view word);

// Where the committed model is found when no path is given: $DOSSIER_MODEL,
// then models/ner/model.bin of the source tree the binary was built in
// (<binary>/../../models/...), then /usr/share/dossier/models/ner/model.bin.
std::string DefaultModelPath();

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_NER_RECOGNIZER_H_
