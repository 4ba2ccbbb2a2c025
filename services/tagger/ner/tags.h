// BILOU tags over the four CoNLL classes: O, then B I L U for each class.
// Entities of one token are U; longer ones are B I* L.
#ifndef DOSSIER_SERVICES_TAGGER_NER_TAGS_H_
#define DOSSIER_SERVICES_TAGGER_NER_TAGS_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace dossier::ner {

// The four CoNLL-2003 classes, in this order everywhere.
inline constexpr int kNumTypes = 4;
inline constexpr const char* kTypeNames[kNumTypes] = {"PER", "ORG", "LOC", "MISC"};
// -1 for anything else.
int TypeIndex(absl::string_view name);

// An entity: tokens [begin, end) of a sentence, of class `type`.
struct Span {
  int begin = 0;
  int end = 0;
  int type = 0;
  bool operator==(const Span& o) const {
    return begin == o.begin && end == o.end && type == o.type;
  }
};

inline constexpr int kNumTags = 1 + 4 * kNumTypes;
inline constexpr int kOutside = 0;
enum Position { kBegin = 0, kInside = 1, kLast = 2, kUnit = 3 };

inline int MakeTag(int type, Position position) { return 1 + type * 4 + position; }
inline int TagType(int tag) { return (tag - 1) / 4; }
inline int TagPosition(int tag) { return (tag - 1) % 4; }

// Whether `cur` may follow `prev` (an entity must close with L before
// anything else starts, and I/L continue only their own class).
inline bool AllowedTransition(int prev, int cur) {
  const bool prev_open =
      prev != kOutside && (TagPosition(prev) == kBegin || TagPosition(prev) == kInside);
  const bool cur_continues =
      cur != kOutside && (TagPosition(cur) == kInside || TagPosition(cur) == kLast);
  if (prev_open) return cur_continues && TagType(cur) == TagType(prev);
  return !cur_continues;
}
inline bool AllowedStart(int tag) {
  return tag == kOutside || TagPosition(tag) == kBegin || TagPosition(tag) == kUnit;
}
inline bool AllowedEnd(int tag) {
  return tag == kOutside || TagPosition(tag) == kLast || TagPosition(tag) == kUnit;
}

std::vector<int> TagsFromSpans(int length, const std::vector<Span>& spans);
// Spans of a well-formed tag sequence.
std::vector<Span> SpansFromTags(const std::vector<int>& tags);
std::string TagName(int tag);

}  // namespace dossier::ner

#endif  // DOSSIER_SERVICES_TAGGER_NER_TAGS_H_
