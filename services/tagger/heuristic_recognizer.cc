#include "services/tagger/heuristic_recognizer.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"

namespace dossier::tagger {
namespace {

bool Capitalised(const std::string& t) {
  return !t.empty() && (absl::ascii_isupper(static_cast<unsigned char>(t[0])) ||
                        static_cast<unsigned char>(t[0]) >= 0xC3);
}

const absl::flat_hash_set<std::string>& SentenceStarters() {
  static const auto* set = new absl::flat_hash_set<std::string>{
      "The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We",
      "This", "That", "But", "And", "As", "If", "When", "After", "Before",
      "According", "Such", "Earlier", "Obviously", "Of", "For", "Asked",
      "Our", "Their", "His", "Her", "Its", "There", "Police", "Western"};
  return *set;
}

v1::EntityType Guess(const std::vector<Token>& tokens, int begin, int end) {
  static const auto* org_words = new absl::flat_hash_set<std::string>{
      "Ministry", "Bank", "Party", "Council", "Union", "Agency", "Inc.",
      "Corp.", "Ltd", "Group", "News", "Committee", "Organization",
      "Organisation", "Commission", "Parliament", "Government", "Company",
      "Novosti", "TASS", "NATO", "UN", "EU", "KFOR", "Association", "Force"};
  static const auto* place_cues = new absl::flat_hash_set<std::string>{
      "in", "to", "from", "at", "near", "across"};
  for (int i = begin; i < end; ++i) {
    if (org_words->contains(tokens[i].text)) return v1::ENTITY_TYPE_ORGANIZATION;
  }
  if (begin > 0 && place_cues->contains(tokens[begin - 1].text)) {
    return v1::ENTITY_TYPE_LOCATION;
  }
  if (end - begin >= 2) return v1::ENTITY_TYPE_PERSON;
  return v1::ENTITY_TYPE_LOCATION;
}

}  // namespace

std::vector<MentionSpan> HeuristicRecognizer::Recognize(
    const TokenizedText& text) const {
  std::vector<MentionSpan> out;
  const auto& tokens = text.tokens;
  for (const Sentence& s : text.sentences) {
    int i = s.begin;
    while (i < s.end) {
      if (!Capitalised(tokens[i].text) ||
          (i == s.begin && SentenceStarters().contains(tokens[i].text))) {
        ++i;
        continue;
      }
      int j = i + 1;
      while (j < s.end && Capitalised(tokens[j].text)) ++j;
      out.push_back({i, j, Guess(tokens, i, j), 0.5f});
      i = j;
    }
  }
  return out;
}

}  // namespace dossier::tagger
