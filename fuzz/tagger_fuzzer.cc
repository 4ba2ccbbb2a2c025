// libFuzzer: the tagger. Any UTF-8 text through tokens, entity recognition
// with the committed model, coreference, known and organisation names,
// quotes, roles and dates; every span must lie inside the text.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>

#include "common/utf8.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"

namespace {

dossier::tagger::Tagger* LoadTagger() {
  auto recognizer = dossier::tagger::NerRecognizer::Load(dossier::tagger::DefaultModelPath());
  if (!recognizer.ok()) {
    std::fprintf(stderr, "tagger_fuzzer: %s\n", recognizer.status().ToString().c_str());
    std::abort();
  }
  auto* tagger = new dossier::tagger::Tagger(std::move(*recognizer));
  tagger->SetKnownNames(std::make_shared<const dossier::tagger::KnownNames>(
      std::vector<dossier::tagger::KnownNames::Name>{
          {"Republic of Serbia", dossier::v1::ENTITY_TYPE_LOCATION},
          {"NATO", dossier::v1::ENTITY_TYPE_ORGANIZATION}}));
  return tagger;
}

void CheckSpan(const dossier::v1::Span& span, size_t size) {
  if (span.begin() < 0 || span.begin() > span.end() || static_cast<size_t>(span.end()) > size) {
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static dossier::tagger::Tagger* const tagger = LoadTagger();
  FuzzedDataProvider in(data, size);
  dossier::tagger::TagOptions options;
  if (in.ConsumeBool()) {
    options.document_date =
        absl::CivilDay(in.ConsumeIntegralInRange(1900, 2100), in.ConsumeIntegralInRange(1, 12),
                       in.ConsumeIntegralInRange(1, 28));
  }
  const std::string text = in.ConsumeRemainingBytesAsString();
  // The service refuses ill-formed UTF-8 before tagging.
  if (dossier::FirstInvalidUtf8(text) >= 0) return 0;
  const dossier::v1::Annotations a = tagger->Tag(text, options);
  for (const auto& m : a.mentions()) CheckSpan(m.span(), text.size());
  for (const auto& s : a.sentences()) CheckSpan(s.span(), text.size());
  for (const auto& q : a.quotes()) {
    CheckSpan(q.span(), text.size());
    if (q.has_speaker_entity_index() &&
        (q.speaker_entity_index() < 0 || q.speaker_entity_index() >= a.entities_size())) {
      __builtin_trap();
    }
  }
  for (const auto& r : a.roles()) {
    CheckSpan(r.span(), text.size());
    if (r.entity_index() < 0 || r.entity_index() >= a.entities_size()) __builtin_trap();
  }
  for (const auto& t : a.temporal_expressions()) CheckSpan(t.span(), text.size());
  return 0;
}
