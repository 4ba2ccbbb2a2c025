// Quote extraction scored against PolNeAR attributions (brat standoff).
//
// Gold quotes. PolNeAR marks attributions (source, cue, content), quoted
// or not. A gold quote is a stretch of an attribution's content that is
// enclosed in double quotation marks (“ ” " „ « »): within each content
// fragment the marks are paired, nested marks belong to the quote around
// them, and every top-level pair gives one gold quote, the text between
// the marks with surrounding spaces trimmed. So a content that is wholly a
// quotation gives one gold quote; a quote split around its attribution
// (two content fragments) gives two, both with the attribution's source;
// and the quoted part of reported speech (said that Lavrov “abuses ...”)
// gives one for the part in marks. A fragment that starts inside a quote
// (its first mark closes) gives the stretch up to that mark; one that ends
// inside a quote, the stretch after its last opening mark. A fragment
// with no marks of its own counts when it sits right between an opening
// and a closing mark of the text. A mark that opens a paragraph while a
// quote is open reopens it (the long-quote convention). Where nested
// attributions give overlapping gold quotes, the innermost attribution's
// is kept. Two apostrophes typed together ('') are a double mark. Single
// marks make a top-level quote only when curly, ‘ opening after a space
// and ’ closing outside a word; straight single marks never do here.
//
// Matching. A predicted quote (any kind) matches a gold one when their
// spans overlap by at least half their union; pairs are taken greedily by
// overlap, one to one. Exact matches have equal spans.
//
// Speakers, over matched gold quotes with a source: right when the
// predicted speaker mention overlaps the gold source, or the predicted
// speaker entity has a mention that does (the literal rule; "named
// sources" below; MISC mentions such as "Republican" in "The Republican
// presidential nominee", and places the source goes on past, "New
// Hampshire" in "a New Hampshire Republican", do not count as naming the
// source). A gold source
// that overlaps no other mention of the tagged text is judged as follows. A
// third-person pronoun is judged by its antecedent: for who/which/that the
// mention just before it, else the nearest earlier gold source that overlaps a
// PERSON mention (for he and she) or a PERSON or ORGANIZATION mention (they,
// it); the speaker is right when its entity has a mention there. An indefinite
// source ("one user", "some protesters", "a person close to the Clintons")
// names nobody: the speaker is right when it is unset. A definite description
// ("the former Florida governor", "the statement"), a first- or second-person
// pronoun (the writer or whoever they address), and a pronoun with no earlier
// named source are left out of the accuracy: the gold does not say whom they
// mean (they are counted).
#ifndef DOSSIER_SERVICES_TAGGER_EVAL_POLNEAR_H_
#define DOSSIER_SERVICES_TAGGER_EVAL_POLNEAR_H_

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"

namespace dossier::tagger::eval {

// Byte offsets [begin, end) into the text.
struct ByteSpan {
  int begin = 0;
  int end = 0;
};

struct GoldAttribution {
  std::vector<ByteSpan> content;  // Content and Content2 fragments
  std::vector<ByteSpan> source;
  std::vector<ByteSpan> cue;
};

// The attributions of a brat .ann file for `text` (UTF-8), with the
// character (code point) offsets of brat converted to bytes. Lines other
// than T and E lines, and text-bound annotations other than Content,
// Source and Cue, are skipped. `offset_mismatches` (optional) counts
// single-fragment spans whose text in the file differs from the text at
// their offsets.
absl::StatusOr<std::vector<GoldAttribution>> ParseBrat(absl::string_view ann,
                                                       absl::string_view text,
                                                       int* offset_mismatches = nullptr);

// How a gold quote is written, for the breakdown of what is missed.
enum class Construction {
  kDirect,          // “...,” she said
  kColon,           // he answered: “...”
  kSplit,           // “...,” she said, “...”
  kMultiParagraph,  // a quote over several paragraphs
  kPartial,         // a quoted fragment of reported speech
  kReportedSaid,    // reported speech whose cue is "say" or "tell"
  kReported,        // other attributions with no quotation marks
};
const char* ConstructionName(Construction c);

struct GoldQuote {
  ByteSpan span;
  int attribution = 0;  // index into the attributions
  Construction construction = Construction::kDirect;
};

// The gold quotes of `text`, in text order (see the file comment).
std::vector<GoldQuote> GoldQuotes(absl::string_view text, const std::vector<GoldAttribution>& gold);

// The gold reported speech of `text`, in text order: each stretch of the
// content of an attribution that has no quotation marks at all (spaces and
// a final stop or comma trimmed), the innermost where attributions nest.
std::vector<GoldQuote> GoldReported(absl::string_view text,
                                    const std::vector<GoldAttribution>& gold);

// Counts accumulated over texts.
struct Scores {
  int texts = 0;
  int gold = 0;
  int predicted = 0;
  int matched = 0;
  int exact = 0;
  int speaker_judged = 0;  // matched, with a judgeable gold source
  int speaker_right = 0;
  int named_judged = 0;  // of those, sources that overlap a mention
  int named_right = 0;
  int by_antecedent = 0;   // judged through an antecedent
  int unnamed_judged = 0;  // indefinite sources: right is no speaker
  int no_gold_source = 0;  // matched, gold has no source
  int unjudgeable = 0;     // source with no mention and no antecedent
  int offset_mismatches = 0;
  std::map<std::string, int> missed;    // by construction
  std::map<std::string, int> gold_by;   // gold quotes by construction
  std::map<std::string, int> spurious;  // by kind, with or without speaker
  std::map<std::string, int> speaker_errors;
  // Judged speakers by the quote's confidence, in tenths: [judged, right].
  int by_confidence[10][2] = {};
  // A few examples per error class, when asked for.
  std::map<std::string, std::vector<std::string>> examples;
  int max_examples = 0;
  // Which annotations were scored, as the tool was asked ("first", "all").
  std::string annotators = "first";

  double Precision() const;
  double Recall() const;
  double F1() const;
  double ExactF1() const;
  double SpeakerAccuracy() const;
  std::string ToJson() const;
  std::string ToText() const;
};

// Scores the quotes of `predicted` (tagged from `text`) against `gold`:
// quoted speech (DIRECT and MIXED quotes against GoldQuotes) in `scores`,
// and, when `reported` is given, reported speech (INDIRECT quotes against
// GoldReported) there, matched and judged the same way but for one more
// condition: a predicted cue must overlap the gold attribution's cue.
void ScoreText(absl::string_view name, absl::string_view text,
               const std::vector<GoldAttribution>& gold, const v1::Annotations& predicted,
               Scores* scores, Scores* reported = nullptr);

}  // namespace dossier::tagger::eval

#endif  // DOSSIER_SERVICES_TAGGER_EVAL_POLNEAR_H_
