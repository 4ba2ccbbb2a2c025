#include "services/tagger/ner_recognizer.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/paths.h"

namespace dossier::tagger {

using text::Sentence;
using text::TokenizedText;

namespace {

v1::EntityType ToEntityType(int type) {
  switch (type) {
    case 0:
      return v1::ENTITY_TYPE_PERSON;
    case 1:
      return v1::ENTITY_TYPE_ORGANIZATION;
    case 2:
      return v1::ENTITY_TYPE_LOCATION;
    default:
      return v1::ENTITY_TYPE_MISC;
  }
}

}  // namespace

absl::string_view ModelSpelling(absl::string_view word) {
  // The model learned from Reuters' news, which writes "U.S." where most news
  // now writes "US": 507 times against 6 in CoNLL-2003's train and dev files.
  // Read as written, "US" is a word the model hardly knows, whose lower case
  // is the pronoun's, and "US court", "US rulings" or "US subsidiary" became
  // an organisation (63 of the 1,393 names "US" of BBC's texts). The model
  // reads it in its own spelling; the text and the spans stay as written.
  // "UN" against "U.N." (4 against 57) is the only other capitalised word of
  // two to four letters whose dotted form those files write over three times
  // as often, but the model reads "UN" right (30 of 30 on BBC), and reading
  // it dotted split "UN Office for the Coordination of Humanitarian Affairs".
  return word == "US" ? "U.S." : word;
}

absl::StatusOr<std::unique_ptr<NerRecognizer>> NerRecognizer::Load(const std::string& path) {
  auto model = ner::NerModel::Load(path);
  if (!model.ok()) return model.status();
  return std::make_unique<NerRecognizer>(std::move(*model));
}

NewsCase NerRecognizer::HowNewsWrites(absl::string_view word) const {
  // A model without word clusters read no news.
  if (model_->clusters().size() == 0) return NewsCase::kUnread;
  const ner::WordClusters::Ids* ids =
      model_->clusters().Find(ner::HashWord(ner::FoldWord(ModelSpelling(word))));
  if (ids == nullptr) return NewsCase::kRare;
  switch (ids->case_profile) {
    case 1:
      return NewsCase::kLower;
    case 2:
      return NewsCase::kMostlyLower;
    case 3:
      return NewsCase::kMostlyCapitalised;
    case 4:
      return NewsCase::kCapitalised;
    default:
      return NewsCase::kRare;
  }
}

NerRecognizer::NerRecognizer(std::unique_ptr<ner::NerModel> model) : model_(std::move(model)) {
  const std::vector<std::string>& lists = model_->gazetteer().lists();
  for (size_t l = 0; l < lists.size() && l < 32; ++l) {
    if (absl::StartsWith(lists[l], "loc.")) place_lists_ |= 1u << l;
  }
}

bool NerRecognizer::ListsAsPlace(const std::vector<std::string>& words) const {
  if (place_lists_ == 0 || words.empty()) return false;
  std::vector<std::string> folded;
  for (const std::string& word : words) folded.push_back(ner::FoldWord(ModelSpelling(word)));
  const std::vector<absl::string_view> views(folded.begin(), folded.end());
  return (model_->gazetteer().Lookup(ner::HashSequence(views)) & place_lists_) != 0;
}

std::vector<MentionSpan> NerRecognizer::Recognize(const TokenizedText& text) const {
  ner::DocumentWords sentences(text.sentences.size());
  for (size_t s = 0; s < text.sentences.size(); ++s) {
    const Sentence& sentence = text.sentences[s];
    sentences[s].reserve(sentence.end - sentence.begin);
    // A sentence in capitals ("LET US PRAY"): most of its words of two
    // letters or more are; there "US" may be the pronoun.
    int words = 0, capitals = 0;
    for (int i = sentence.begin; i < sentence.end; ++i) {
      const std::string& w = text.tokens[i].text;
      if (w.size() < 2 || !absl::ascii_isalpha(static_cast<unsigned char>(w[0]))) continue;
      ++words;
      capitals += std::all_of(w.begin(), w.end(), [](char c) { return !absl::ascii_islower(c); });
    }
    const bool in_capitals = words >= 3 && capitals * 5 >= words * 3;
    for (int i = sentence.begin; i < sentence.end; ++i) {
      const absl::string_view word = text.tokens[i].text;
      sentences[s].push_back(in_capitals ? word : ModelSpelling(word));
    }
  }
  const auto tagged = model_->TagDocument(sentences);
  std::vector<MentionSpan> out;
  for (size_t s = 0; s < sentences.size(); ++s) {
    const int base = text.sentences[s].begin;
    for (const ner::TaggedSpan& t : tagged[s]) {
      out.push_back(
          {base + t.span.begin, base + t.span.end, ToEntityType(t.span.type), t.confidence});
    }
  }
  return out;
}

std::string DefaultModelPath() { return ResolveDataFile("DOSSIER_MODEL", "models/ner/model.bin"); }

}  // namespace dossier::tagger
