#include "services/tagger/ner/conll.h"

#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace dossier::ner {

namespace {

// The CoNLL class of a GMB tag suffix, or "" for none.
std::string GmbClass(absl::string_view gmb) {
  if (gmb == "per") return "PER";
  if (gmb == "org") return "ORG";
  if (gmb == "geo" || gmb == "gpe") return "LOC";
  if (gmb == "art" || gmb == "eve" || gmb == "nat") return "MISC";
  return "";
}

}  // namespace

std::vector<Span> SpansFromIob(const std::vector<std::string>& tags) {
  std::vector<Span> spans;
  int start = -1;
  int type = -1;
  auto close = [&](int end) {
    if (start >= 0 && type >= 0) spans.push_back({start, end, type});
    start = -1;
    type = -1;
  };
  for (int i = 0; i < static_cast<int>(tags.size()); ++i) {
    const std::string& tag = tags[i];
    if (tag.size() < 3 || tag[1] != '-') {
      close(i);
      continue;
    }
    const char prefix = tag[0];
    const int t = TypeIndex(absl::string_view(tag).substr(2));
    if (t < 0) {
      close(i);
      continue;
    }
    if (prefix == 'B' || prefix == 'S' || prefix == 'U' || type != t) {
      close(i);
      start = i;
      type = t;
    }
    if (prefix == 'E' || prefix == 'L' || prefix == 'S' || prefix == 'U') {
      close(i + 1);
    }
  }
  close(static_cast<int>(tags.size()));
  return spans;
}

absl::StatusOr<std::vector<LabeledDocument>> ReadCorpus(const std::string& path,
                                                        CorpusFormat format,
                                                        int gmb_sentences_per_document) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<LabeledDocument> documents(1);
  std::vector<std::string> words, tags;
  auto end_sentence = [&]() {
    if (words.empty()) return;
    LabeledSentence sentence;
    sentence.words = std::move(words);
    sentence.spans = SpansFromIob(tags);
    words.clear();
    tags.clear();
    documents.back().sentences.push_back(std::move(sentence));
    if (format == CorpusFormat::kGmb &&
        static_cast<int>(documents.back().sentences.size()) >= gmb_sentences_per_document) {
      documents.emplace_back();
    }
  };
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (absl::StripAsciiWhitespace(line).empty()) {
      end_sentence();
      continue;
    }
    if (format == CorpusFormat::kConll) {
      std::vector<std::string> fields = absl::StrSplit(line, ' ', absl::SkipEmpty());
      if (fields.empty()) continue;
      if (fields[0] == "-DOCSTART-") {
        end_sentence();
        if (!documents.back().sentences.empty()) documents.emplace_back();
        continue;
      }
      if (fields.size() < 2) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ":", number, ": expected \"word ... tag\""));
      }
      words.push_back(fields[0]);
      tags.push_back(fields.back());
    } else {
      std::vector<std::string> fields = absl::StrSplit(line, '\t');
      if (fields.size() < 3) {
        return absl::InvalidArgumentError(
            absl::StrCat(path, ":", number, ": expected word<TAB>POS<TAB>tag"));
      }
      words.push_back(fields[0]);
      const std::string& tag = fields[2];
      std::string mapped = "O";
      if (tag.size() > 2 && tag[1] == '-') {
        const std::string cls = GmbClass(tag.substr(2));
        if (!cls.empty()) mapped = absl::StrCat(tag.substr(0, 2), cls);
      }
      tags.push_back(mapped);
    }
  }
  end_sentence();
  if (documents.back().sentences.empty()) documents.pop_back();
  return documents;
}

absl::StatusOr<std::vector<LabeledDocument>> ReadCorpora(const std::vector<std::string>& paths,
                                                         CorpusFormat format) {
  std::vector<LabeledDocument> out;
  for (const std::string& path : paths) {
    auto documents = ReadCorpus(path, format);
    if (!documents.ok()) return documents.status();
    out.insert(out.end(), std::make_move_iterator(documents->begin()),
               std::make_move_iterator(documents->end()));
  }
  return out;
}

void Evaluation::Add(const std::vector<Span>& gold, const std::vector<Span>& predicted) {
  for (const Span& g : gold) {
    ++overall_.gold;
    ++per_type_[g.type].gold;
  }
  for (const Span& p : predicted) {
    ++overall_.predicted;
    ++per_type_[p.type].predicted;
    for (const Span& g : gold) {
      if (g == p) {
        ++overall_.correct;
        ++per_type_[p.type].correct;
        break;
      }
    }
  }
}

std::string Evaluation::ToJson() const {
  auto counts = [](const Counts& c) {
    return absl::StrFormat(
        "{\"f1\": %.2f, \"precision\": %.2f, \"recall\": %.2f, "
        "\"correct\": %d, \"predicted\": %d, \"gold\": %d}",
        c.F1(), c.Precision(), c.Recall(), c.correct, c.predicted, c.gold);
  };
  std::string out = absl::StrFormat(
      "{\"f1\": %.2f, \"precision\": %.2f, \"recall\": %.2f, \"correct\": %d, "
      "\"predicted\": %d, \"gold\": %d, \"per_type\": {",
      overall_.F1(), overall_.Precision(), overall_.Recall(), overall_.correct, overall_.predicted,
      overall_.gold);
  for (int t = 0; t < kNumTypes; ++t) {
    absl::StrAppend(&out, t ? ", " : "", "\"", kTypeNames[t], "\": ", counts(per_type_[t]));
  }
  absl::StrAppend(&out, "}}");
  return out;
}

std::string Evaluation::ToText() const {
  std::string out = absl::StrFormat(
      "entities: %d gold, %d predicted, %d correct\n"
      "%-8s precision %6.2f%%  recall %6.2f%%  F1 %6.2f\n",
      overall_.gold, overall_.predicted, overall_.correct, "overall", overall_.Precision(),
      overall_.Recall(), overall_.F1());
  for (int t = 0; t < kNumTypes; ++t) {
    const Counts& c = per_type_[t];
    absl::StrAppend(&out,
                    absl::StrFormat("%-8s precision %6.2f%%  recall %6.2f%%  F1 %6.2f  (%d)\n",
                                    kTypeNames[t], c.Precision(), c.Recall(), c.F1(), c.predicted));
  }
  return out;
}

}  // namespace dossier::ner
