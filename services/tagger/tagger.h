// The tagger core: text in, annotations out. Pure and thread-safe; knows
// nothing of gRPC.
#ifndef DOSSIER_SERVICES_TAGGER_TAGGER_H_
#define DOSSIER_SERVICES_TAGGER_TAGGER_H_

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "dossier/v1/annotations.pb.h"
#include "services/tagger/known_names.h"
#include "services/tagger/recognizer.h"
#include "text/tokenizer.h"

namespace dossier::tagger {

struct TagOptions {
  // The publication date, to resolve relative dates.
  std::optional<absl::CivilDay> document_date;
  // The publication or agency the text comes from: its name there is an
  // organisation (MarkOutlet in known_names.h). Empty when unknown.
  std::string outlet;
};

class Tagger {
 public:
  explicit Tagger(std::shared_ptr<const Recognizer> recognizer);

  // Replaces the recognizer (a reloaded model). Calls in progress finish
  // with the old one.
  void SetRecognizer(std::shared_ptr<const Recognizer> recognizer);
  // Replaces the names recognised besides the model's (known_names.h).
  void SetKnownNames(std::shared_ptr<const KnownNames> names);

  // Annotations of `text` with UTF-8 byte offsets. When `tokens` is given,
  // the tokens and sentences are left there too.
  v1::Annotations Tag(absl::string_view text, const TagOptions& options,
                      text::TokenizedText* tokens = nullptr) const;

  std::string Version() const { return Current()->Version(); }

  // What Tag() did since the start, for metrics: texts, tokens, and the
  // time spent in it summed over threads (tokens / busy time is the speed
  // of one thread; the rate of tokens over wall time is the throughput).
  struct Counts {
    uint64_t texts = 0;
    uint64_t tokens = 0;
    absl::Duration busy;
  };
  Counts counts() const;

 private:
  std::shared_ptr<const Recognizer> Current() const;

  mutable absl::Mutex mu_;
  std::shared_ptr<const Recognizer> recognizer_ ABSL_GUARDED_BY(mu_);
  std::shared_ptr<const KnownNames> known_names_ ABSL_GUARDED_BY(mu_);
  mutable std::atomic<uint64_t> texts_{0};
  mutable std::atomic<uint64_t> tokens_{0};
  mutable std::atomic<int64_t> busy_ns_{0};
};

}  // namespace dossier::tagger

#endif  // DOSSIER_SERVICES_TAGGER_TAGGER_H_
