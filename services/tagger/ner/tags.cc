#include "services/tagger/ner/tags.h"

#include "absl/strings/str_cat.h"

namespace dossier::ner {

int TypeIndex(absl::string_view name) {
  for (int t = 0; t < kNumTypes; ++t) {
    if (name == kTypeNames[t]) return t;
  }
  return -1;
}

std::vector<int> TagsFromSpans(int length, const std::vector<Span>& spans) {
  std::vector<int> tags(length, kOutside);
  for (const Span& s : spans) {
    if (s.end - s.begin == 1) {
      tags[s.begin] = MakeTag(s.type, kUnit);
      continue;
    }
    tags[s.begin] = MakeTag(s.type, kBegin);
    for (int i = s.begin + 1; i < s.end - 1; ++i) tags[i] = MakeTag(s.type, kInside);
    tags[s.end - 1] = MakeTag(s.type, kLast);
  }
  return tags;
}

std::vector<Span> SpansFromTags(const std::vector<int>& tags) {
  std::vector<Span> spans;
  int start = -1;
  for (int i = 0; i < static_cast<int>(tags.size()); ++i) {
    const int tag = tags[i];
    if (tag == kOutside) {
      start = -1;
      continue;
    }
    switch (TagPosition(tag)) {
      case kUnit:
        spans.push_back({i, i + 1, TagType(tag)});
        start = -1;
        break;
      case kBegin:
        start = i;
        break;
      case kLast:
        if (start >= 0) spans.push_back({start, i + 1, TagType(tag)});
        start = -1;
        break;
      default:
        break;
    }
  }
  return spans;
}

std::string TagName(int tag) {
  if (tag == kOutside) return "O";
  static const char kPos[] = {'B', 'I', 'L', 'U'};
  return absl::StrCat(std::string(1, kPos[TagPosition(tag)]), "-", kTypeNames[TagType(tag)]);
}

}  // namespace dossier::ner
