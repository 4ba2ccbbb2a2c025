// What `dossier ingest` reads: plain-text files (one article each), folders
// of them, and JSON Lines files (one article per line, fields mapped by
// name).
#ifndef DOSSIER_CLI_SOURCES_H_
#define DOSSIER_CLI_SOURCES_H_

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/document.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace dossier::cli {

struct SourceOptions {
  // JSON Lines field names. The text field is required in each line; the
  // others are used when present.
  std::string text_field = "text";
  std::string title_field = "title";
  std::string date_field = "date";
  std::string outlet_field = "outlet";
  std::string dateline_field = "dateline";
  std::string url_field = "url";
  // When set, this field is the client key (a stable id from the feed).
  std::string key_field;
  // Use each text file's path as its client key.
  bool key_from_path = false;
  // The encoding of the files: "utf-8" sends their bytes as they are (the
  // server refuses ill-formed UTF-8, naming the byte); any other ICU
  // converter name ("latin1", "windows-1252", "shift_jis") converts them to
  // UTF-8 first; "auto" guesses per file, or per line of JSON Lines, with
  // ICU's charset detector.
  std::string encoding = "utf-8";
  // The outlet of every document that names none (`ingest --outlet`): a
  // JSON Lines line's own outlet field wins.
  std::string outlet;
  // When the articles were received (an archive's date): sent as every
  // document's receive_time. It dates those without a publish date and
  // gives a dateline without a year its year.
  std::optional<google::protobuf::Timestamp> receive_time;
  // When set, this JSON Lines field is each line's receive time, as
  // ParseReceived reads it; it wins over receive_time.
  std::string received_field;
};

// The time --received (or the field `what` names) gives: an RFC 3339 time,
// or a day (YYYY-MM-DD, its midnight UTC). INVALID_ARGUMENT naming `what`
// otherwise.
absl::StatusOr<google::protobuf::Timestamp> ParseReceived(const std::string& text,
                                                          absl::string_view what = "--received");

// INVALID_ARGUMENT naming `encoding` when it is neither "auto" nor a
// converter ICU knows.
absl::Status CheckEncoding(const std::string& encoding);

// `bytes` in `encoding` (as SourceOptions::encoding) as UTF-8; "auto"
// takes bytes that are valid UTF-8 (without NUL) as UTF-8 and guesses
// otherwise. INVALID_ARGUMENT at the first byte that is not valid in it.
absl::StatusOr<std::string> ToUtf8(absl::string_view bytes, const std::string& encoding);

// One article to send: a whole file, or one line of a JSON Lines file.
struct Source {
  std::string path;
  // Byte offset of the line in a JSON Lines file; -1 for a whole file.
  int64_t offset = -1;
  int64_t line = 0;
  // For "-": standard input, read once and shared by its lines; for a
  // .json file, its documents, one per line.
  std::shared_ptr<const std::string> data;
  // `data` is UTF-8 already (a .json file read in its encoding).
  bool utf8 = false;

  std::string Describe() const;
};

// Expands paths: a folder becomes its .txt, .jsonl, .ndjson and .json files
// (recursively), a .jsonl or .ndjson file its non-blank lines, a .json file
// its one object or each of its array's (in `data`, one per line), any
// other file itself. Sorted
// within each folder. NOT_FOUND for a path that does not exist.
// "-" reads standard input to its end: JSON Lines when its first
// non-blank character is "{", else one article. `stdin_stream` stands in
// for std::cin (tests). A .json file is read in `encoding` (SourceOptions'
// encoding; empty: UTF-8).
absl::StatusOr<std::vector<Source>> EnumerateSources(const std::vector<std::string>& paths,
                                                     std::istream* stdin_stream = nullptr,
                                                     const std::string& encoding = "");

// Reads one source. In UTF-8, text is sent as raw bytes so that the server
// judges its encoding; in another encoding it is converted first.
// INVALID_ARGUMENT for a line that is not JSON, has no text field, has a
// field of the wrong type (every field a string; the key field may be a
// number, as feeds number their items), or has a date that does not parse.
// When `seen` is given, it records that a JSON line was loaded and which
// of the optional fields `options` names it has (not null).
struct FieldsSeen {
  bool any_line = false;
  std::set<std::string> present;
};
absl::StatusOr<v1::DocumentInput> LoadSource(const Source& source, const SourceOptions& options,
                                             FieldsSeen* seen = nullptr);

// The optional fields a run was told to read (a flag other than its
// default) that no JSON line `seen` has, each said in a line: most often
// a mistyped name, which would otherwise pass in silence (no dates, no
// keys). None when no JSON line was loaded.
std::vector<std::string> FieldsNoLineHas(const SourceOptions& options, const FieldsSeen& seen);

// Dates as feeds write them: "2023-02-13", RFC 3339, "26-FEB-1987
// 15:01:01.79" (Reuters), "Feb 26, 1987".
absl::StatusOr<v1::Date> ParseFeedDate(const std::string& text);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_SOURCES_H_
