// The tagger core: text in, annotations out. Pure and thread-safe; knows
// nothing of gRPC.
#ifndef DOSSIER_SERVICES_TAGGER_TAGGER_H_
#define DOSSIER_SERVICES_TAGGER_TAGGER_H_

#include <memory>
#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "dossier/v1/annotations.pb.h"
#include "services/tagger/recognizer.h"
#include "services/tagger/tokenizer.h"

namespace dossier::tagger {

struct TagOptions {
  // The publication date, to resolve relative dates.
  std::optional<absl::CivilDay> document_date;
};

class Tagger {
 public:
  explicit Tagger(std::unique_ptr<Recognizer> recognizer);

  // Annotations of `text` with UTF-8 byte offsets. When `tokens` is given,
  // the tokens and sentences are left there too.
  v1::Annotations Tag(absl::string_view text, const TagOptions& options,
                      TokenizedText* tokens = nullptr) const;

  std::string Version() const { return recognizer_->Version(); }

 private:
  const std::unique_ptr<Recognizer> recognizer_;
};

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_TAGGER_H_
