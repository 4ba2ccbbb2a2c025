#include "cli/sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/json_fields.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "unicode/ucnv.h"
#include "unicode/ucsdet.h"
#include "unicode/unistr.h"

namespace dossier::cli {
namespace fs = std::filesystem;

namespace {

bool IsJsonLines(const fs::path& path) {
  const std::string ext = absl::AsciiStrToLower(path.extension().string());
  return ext == ".jsonl" || ext == ".ndjson";
}

bool IsJson(const fs::path& path) {
  return absl::AsciiStrToLower(path.extension().string()) == ".json";
}

// UTF-8's byte-order mark, which editors on Windows put before a file's
// first character.
constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";

absl::string_view WithoutBom(absl::string_view text) {
  absl::ConsumePrefix(&text, kUtf8Bom);
  return text;
}

void AddJsonLines(std::shared_ptr<const std::string> data, std::vector<Source>* out) {
  int64_t offset = 0, number = 0;
  for (absl::string_view line : absl::StrSplit(*data, '\n')) {
    ++number;
    if (!absl::StripAsciiWhitespace(WithoutBom(line)).empty()) {
      out->push_back({"-", offset, number, data});
    }
    offset += static_cast<int64_t>(line.size()) + 1;
  }
}

// A .json file is one JSON value: an object, one document (over as many
// lines as it likes), or an array of them, each its own document, numbered
// from 1 as a line of JSON Lines is. Each is read as a line of JSON Lines,
// written on one line; a file that is no JSON is one line, whose reading
// says why.
absl::Status AddJson(const std::string& path, const std::string& encoding,
                     std::vector<Source>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string raw((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Read in its encoding, so that its documents are UTF-8 (a file that
  // does not decode is read as it is, and its documents say why).
  bool utf8 = false;
  if (!encoding.empty()) {
    if (auto decoded = ToUtf8(raw, encoding); decoded.ok()) {
      raw = *std::move(decoded);
      utf8 = true;
    }
  }
  const std::string body(WithoutBom(raw));
  google::protobuf::Value value;
  std::vector<std::string> lines;
  if (google::protobuf::util::JsonStringToMessage(body, &value).ok()) {
    auto compact = [](const google::protobuf::Value& v) {
      std::string line;
      (void)google::protobuf::util::MessageToJsonString(v, &line);
      return line;
    };
    if (value.has_list_value()) {
      for (const auto& v : value.list_value().values()) lines.push_back(compact(v));
    } else {
      lines.push_back(compact(value));
    }
  } else {
    lines.push_back(absl::StrReplaceAll(body, {{"\r", " "}, {"\n", " "}}));
  }
  auto data = std::make_shared<const std::string>(absl::StrJoin(lines, "\n"));
  int64_t offset = 0, number = 0;
  for (const std::string& line : lines) {
    out->push_back({path, offset, ++number, data, utf8});
    offset += static_cast<int64_t>(line.size()) + 1;
  }
  return absl::OkStatus();
}

absl::Status AddJsonLines(const std::string& path, std::vector<Source>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string line;
  int64_t offset = 0;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!absl::StripAsciiWhitespace(WithoutBom(line)).empty()) {
      out->push_back({path, offset, number, nullptr});
    }
    offset += static_cast<int64_t>(line.size()) + 1;
  }
  return absl::OkStatus();
}

// What a folder holds besides its articles: hidden files and folders
// (".git", ".DS_Store") and the notes that come with a corpus (README.TXT
// in the BBC folder, LICENSE, ...). Named on the command line, such a file
// is read like any other.
bool IsHiddenOrProjectFile(const fs::path& path) {
  const std::string name = path.filename().string();
  if (absl::StartsWith(name, ".")) return true;
  const std::string stem = absl::AsciiStrToUpper(path.stem().string());
  for (absl::string_view note : {"README", "LICENSE", "LICENCE", "COPYING", "NOTICE", "CHANGELOG",
                                 "CHANGES", "AUTHORS", "CONTRIBUTING"}) {
    if (stem == note) return true;
  }
  return false;
}

}  // namespace

std::string Source::Describe() const {
  const std::string name = path == "-" ? "stdin" : path;
  return offset < 0 ? name : absl::StrCat(name, ":", line);
}

absl::StatusOr<std::vector<Source>> EnumerateSources(const std::vector<std::string>& paths,
                                                     std::istream* stdin_stream,
                                                     const std::string& encoding) {
  std::vector<Source> out;
  bool read_stdin = false;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-") {
      if (read_stdin) return absl::InvalidArgumentError("- (standard input) is named twice");
      read_stdin = true;
      std::istream& in = stdin_stream != nullptr ? *stdin_stream : std::cin;
      auto data = std::make_shared<const std::string>(std::istreambuf_iterator<char>(in),
                                                      std::istreambuf_iterator<char>());
      if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(WithoutBom(*data)), "{")) {
        AddJsonLines(std::move(data), &out);
      } else {
        out.push_back({path, -1, 0, std::move(data)});
      }
    } else if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        const auto& p = it->path();
        if (IsHiddenOrProjectFile(p)) {
          if (it->is_directory()) it.disable_recursion_pending();
          continue;
        }
        if (!it->is_regular_file()) continue;
        const std::string ext = absl::AsciiStrToLower(p.extension().string());
        if (ext == ".txt" || IsJsonLines(p) || IsJson(p)) files.push_back(p);
      }
      if (ec) return absl::UnavailableError(absl::StrCat(path, ": ", ec.message()));
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        if (IsJsonLines(f)) {
          DOSSIER_RETURN_IF_ERROR(AddJsonLines(f.string(), &out));
        } else if (IsJson(f)) {
          DOSSIER_RETURN_IF_ERROR(AddJson(f.string(), encoding, &out));
        } else {
          out.push_back({f.string(), -1, 0, nullptr});
        }
      }
    } else if (fs::is_regular_file(path, ec)) {
      if (IsJsonLines(path)) {
        DOSSIER_RETURN_IF_ERROR(AddJsonLines(path, &out));
      } else if (IsJson(path)) {
        DOSSIER_RETURN_IF_ERROR(AddJson(path, encoding, &out));
      } else {
        out.push_back({path, -1, 0, nullptr});
      }
    } else {
      return absl::NotFoundError(absl::StrCat(path, ": no such file or folder"));
    }
  }
  return out;
}

absl::StatusOr<v1::Date> ParseFeedDate(const std::string& raw) {
  const std::string text(absl::StripAsciiWhitespace(raw));
  auto iso = ParseDate(text, "date");
  if (iso.ok()) return iso;
  // An ISO date whose day the calendar lacks ("2005-02-30") is said so,
  // not as a format dossier does not know.
  int y = 0, m = 0, d = 0;
  if (text.size() >= 10 && text[4] == '-' && text[7] == '-' &&
      absl::SimpleAtoi(text.substr(0, 4), &y) && absl::SimpleAtoi(text.substr(5, 2), &m) &&
      absl::SimpleAtoi(text.substr(8, 2), &d)) {
    const absl::CivilDay day(y, m, d);
    if (day.year() != y || day.month() != m || day.day() != d) {
      return absl::InvalidArgumentError(
          absl::StrCat("date \"", text, "\" is no day of the calendar"));
    }
  }
  // A day of the calendar from its day, month name and year as written
  // (31 February is none).
  auto calendar = [](absl::string_view day_text, absl::string_view month_text,
                     absl::string_view year_text, int min_year) -> std::optional<v1::Date> {
    int day = 0, year = 0;
    const int month = MonthFromName(month_text);
    if (month == 0 || !absl::SimpleAtoi(day_text, &day) || !absl::SimpleAtoi(year_text, &year) ||
        year < min_year) {
      return std::nullopt;
    }
    const v1::Date date = ToProtoDate(absl::CivilDay(year, month, day));
    if (date.day() != day) return std::nullopt;
    return date;
  };
  // "26-FEB-1987 15:01:01.79"
  const std::vector<std::string> parts = absl::StrSplit(text.substr(0, text.find(' ')), '-');
  if (parts.size() == 3) {
    if (auto date = calendar(parts[0], parts[1], parts[2], 0)) return *date;
  }
  // "Feb 26, 1987" / "February 26 1987"
  const std::vector<std::string> words =
      absl::StrSplit(text, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  if (words.size() >= 3) {
    if (auto date = calendar(words[1], words[0], words[2], 0)) return *date;
  }
  // "Tue, 01 Mar 2005 10:00:00 GMT" (RSS's RFC 822 date) / "1 March 2005":
  // the day as written, the time and zone aside, as for ISO dates.
  int number = 0;
  const size_t w =
      words.size() >= 4 && MonthFromName(words[0]) == 0 && !absl::SimpleAtoi(words[0], &number) ? 1
                                                                                                : 0;
  if (words.size() >= w + 3) {
    if (auto date = calendar(words[w], words[w + 1], words[w + 2], 1000)) return *date;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "date \"", text,
      "\" is in no format dossier knows (2005-03-01, 2005-03-01T10:00:00Z, 01-MAR-2005, Mar 1, "
      "2005, 1 March 2005, Tue, 01 Mar 2005 10:00:00 GMT)"));
}

namespace {

bool IsUtf8Name(absl::string_view encoding) {
  const std::string e = absl::AsciiStrToLower(encoding);
  return e.empty() || e == "utf-8" || e == "utf8";
}

// What a JSON value is, as a message names it.
const char* KindName(const google::protobuf::Value& value) {
  switch (value.kind_case()) {
    case google::protobuf::Value::kNumberValue:
      return "a number";
    case google::protobuf::Value::kBoolValue:
      return "true or false";
    case google::protobuf::Value::kStructValue:
      return "an object";
    case google::protobuf::Value::kListValue:
      return "a list";
    case google::protobuf::Value::kStringValue:
      return "a string";
    default:
      return "null";
  }
}

// The string of `field`; "" when it is missing or null. A number is taken
// only with `numbers` (written out: 1987, not 1987.0).
absl::StatusOr<std::string> StringField(const google::protobuf::Struct& object,
                                        const std::string& field, bool numbers = false) {
  if (field.empty()) return std::string();
  auto it = object.fields().find(field);
  if (it == object.fields().end()) return std::string();
  const google::protobuf::Value& value = it->second;
  switch (value.kind_case()) {
    case google::protobuf::Value::kStringValue:
      return value.string_value();
    case google::protobuf::Value::kNullValue:
      return std::string();
    case google::protobuf::Value::kNumberValue:
      if (numbers) return JsonFieldString(object, field);
      [[fallthrough]];
    default:
      return absl::InvalidArgumentError(absl::StrCat("field \"", field, "\" is ", KindName(value),
                                                     "; it must be a string",
                                                     numbers ? " or a number" : ""));
  }
}

}  // namespace

absl::Status CheckEncoding(const std::string& encoding) {
  if (absl::AsciiStrToLower(encoding) == "auto" || IsUtf8Name(encoding)) {
    return absl::OkStatus();
  }
  UErrorCode error = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(encoding.c_str(), &error);
  if (converter != nullptr) ucnv_close(converter);
  if (U_FAILURE(error)) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--encoding=", encoding,
        ": no such encoding (ICU's names: utf-8, latin1, windows-1252, ...; or auto)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ToUtf8(absl::string_view bytes, const std::string& encoding) {
  std::string name = encoding;
  // Text that is valid UTF-8 is UTF-8, whatever a guess says: ICU's
  // detector takes a few "£" for ISO-8859-1 ("Â£28.7m"). Not NUL bytes,
  // which UTF-16 and UTF-32 text has and UTF-8 text has not, nor ESC, with
  // which ISO-2022 encodings (all 7-bit, so valid UTF-8) switch sets.
  if (absl::AsciiStrToLower(name) == "auto" && FirstInvalidUtf8(bytes) < 0 &&
      bytes.find_first_of(absl::string_view("\0\x1b", 2)) == absl::string_view::npos) {
    return std::string(bytes);
  }
  if (absl::AsciiStrToLower(name) == "auto") {
    UErrorCode error = U_ZERO_ERROR;
    UCharsetDetector* detector = ucsdet_open(&error);
    ucsdet_setText(detector, bytes.data(), static_cast<int32_t>(bytes.size()), &error);
    const UCharsetMatch* match = ucsdet_detect(detector, &error);
    name = match != nullptr && U_SUCCESS(error) ? ucsdet_getName(match, &error) : "UTF-8";
    if (U_FAILURE(error)) name = "UTF-8";
    ucsdet_close(detector);
  }
  if (IsUtf8Name(name)) return std::string(bytes);
  UErrorCode error = U_ZERO_ERROR;
  UConverter* converter = ucnv_open(name.c_str(), &error);
  if (U_FAILURE(error)) return CheckEncoding(name);
  // Stop at a byte the encoding has no character for, rather than put in
  // U+FFFD: the text would no longer be what the file says.
  ucnv_setToUCallBack(converter, UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &error);
  std::u16string utf16(bytes.size() * 2 + 16, u'\0');
  const int32_t length = ucnv_toUChars(converter, reinterpret_cast<UChar*>(utf16.data()),
                                       static_cast<int32_t>(utf16.size()), bytes.data(),
                                       static_cast<int32_t>(bytes.size()), &error);
  ucnv_close(converter);
  if (U_FAILURE(error)) {
    return absl::InvalidArgumentError(
        absl::StrCat("the text is not valid ", name, " (", u_errorName(error), ")"));
  }
  utf16.resize(length);
  // A byte-order mark is no part of the text.
  const int32_t bom = length > 0 && utf16[0] == u'\ufeff' ? 1 : 0;
  std::string out;
  icu::UnicodeString(false, reinterpret_cast<const UChar*>(utf16.data()) + bom, length - bom)
      .toUTF8String(out);
  return out;
}

namespace {

// A file no article is: it has NUL bytes, which text has only in UTF-16
// or UTF-32 (a byte-order mark says so, or --encoding names it). An
// executable or an image would otherwise decode, with --encoding=auto, as
// some single-byte encoding's letters.
bool Binary(absl::string_view bytes, const std::string& encoding) {
  if (bytes.find('\0') == absl::string_view::npos) return false;
  const std::string name = absl::AsciiStrToLower(encoding);
  for (const char* wide :
       {"utf-16", "utf16", "utf-32", "utf32", "ucs-2", "ucs2", "ucs-4", "ucs4"}) {
    if (absl::StartsWith(name, wide)) return false;
  }
  for (absl::string_view bom : {absl::string_view("\xff\xfe"), absl::string_view("\xfe\xff"),
                                absl::string_view("\0\0\xfe\xff", 4)}) {
    if (absl::StartsWith(bytes, bom)) return false;
  }
  return true;
}

// The bytes of a source: its whole file, or its line.
absl::StatusOr<std::string> ReadSource(const Source& source) {
  if (source.data != nullptr) {
    if (source.offset < 0) return *source.data;
    const absl::string_view rest = absl::string_view(*source.data).substr(source.offset);
    return std::string(rest.substr(0, rest.find('\n')));
  }
  std::ifstream in(source.path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", source.path));
  if (source.offset < 0) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }
  in.seekg(source.offset);
  std::string line;
  std::getline(in, line);
  return line;
}

// The optional fields of a JSON line and the flags that name them.
struct OptionalField {
  const char* flag;
  std::string SourceOptions::*name;
};
constexpr OptionalField kOptionalFields[] = {{"title_field", &SourceOptions::title_field},
                                             {"date_field", &SourceOptions::date_field},
                                             {"outlet_field", &SourceOptions::outlet_field},
                                             {"dateline_field", &SourceOptions::dateline_field},
                                             {"url_field", &SourceOptions::url_field},
                                             {"key_field", &SourceOptions::key_field},
                                             {"received_field", &SourceOptions::received_field}};

absl::StatusOr<v1::DocumentInput> LoadInput(const Source& source, const SourceOptions& options,
                                            FieldsSeen* seen) {
  DOSSIER_ASSIGN_OR_RETURN(std::string line, ReadSource(source));
  v1::DocumentInput input;
  if (source.offset < 0) {
    if (Binary(line, options.encoding)) {
      return ErrorWithReason(absl::StatusCode::kInvalidArgument, "NOT_TEXT",
                             "a binary file, not text (it has NUL bytes; UTF-16 text without a "
                             "byte-order mark needs --encoding=utf-16le or utf-16be)");
    }
    if (IsUtf8Name(options.encoding)) {
      input.set_text_bytes(std::move(line));
    } else {
      DOSSIER_ASSIGN_OR_RETURN(std::string text, ToUtf8(line, options.encoding));
      // Decoded, a file of bytes that a byte-order mark let through has
      // NUL characters, or control characters no text has in number (wire
      // framing codes or an end-of-file mark are a few).
      constexpr absl::string_view kControls(
          "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
          "\x19\x1a\x1b\x1c\x1d\x1e\x1f",
          27);
      const size_t controls = std::count_if(text.begin(), text.end(), [&](char c) {
        return kControls.find(c) != absl::string_view::npos;
      });
      const size_t nul = text.find('\0');
      if (nul != std::string::npos || controls * 100 > text.size()) {
        const size_t at =
            nul != std::string::npos ? nul : absl::string_view(text).find_first_of(kControls);
        return ErrorWithReason(
            absl::StatusCode::kInvalidArgument, "NOT_TEXT",
            absl::StrCat("a binary file, not text (decoded as ", options.encoding, ", it has ",
                         controls, controls == 1 ? " control character" : " control characters",
                         ", the first U+",
                         absl::Hex(static_cast<unsigned char>(text[at]), absl::kZeroPad4),
                         " at byte ", at, " of the decoded text)"));
      }
      input.set_text(std::move(text));
    }
    if (options.key_from_path && source.data == nullptr) {
      if (const int64_t bad = FirstInvalidUtf8(source.path); bad >= 0) {
        return ErrorWithReason(
            absl::StatusCode::kInvalidArgument, "NOT_UTF8",
            absl::StrCat("its path is not UTF-8 (byte ", bad,
                         "), and --key_from_path sends the path as the client key: rename "
                         "the file, or leave out --key_from_path"));
      }
      input.set_client_key(source.path);
    }
    return input;
  }
  if (!IsUtf8Name(options.encoding) && !source.utf8) {
    DOSSIER_ASSIGN_OR_RETURN(line, ToUtf8(line, options.encoding));
  }
  if (absl::StartsWith(line, kUtf8Bom)) line.erase(0, kUtf8Bom.size());
  if (const absl::string_view start = absl::StripLeadingAsciiWhitespace(line);
      !absl::StartsWith(start, "{")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "not a JSON object: a document is one object, {\"text\": ...}; this begins with ",
        start.empty() ? "nothing" : absl::StrCat("\"", start.substr(0, 1), "\"")));
  }
  google::protobuf::Struct object;
  auto parsed = google::protobuf::util::JsonStringToMessage(line, &object);
  if (!parsed.ok()) {
    // The parser's message shows the line under a caret: its first line
    // is the reason, and the report is one line per document.
    const std::string message = parsed.message().ToString();
    return absl::InvalidArgumentError(
        absl::StrCat("not a JSON object: ", message.substr(0, message.find('\n'))));
  }
  if (seen != nullptr) {
    seen->any_line = true;
    for (const OptionalField& field : kOptionalFields) {
      const std::string& name = options.*field.name;
      const auto it = object.fields().find(name);
      if (it != object.fields().end() && !it->second.has_null_value()) seen->present.insert(name);
    }
  }
  DOSSIER_ASSIGN_OR_RETURN(const std::string text, StringField(object, options.text_field));
  if (const auto it = object.fields().find(options.text_field);
      text.empty() && it != object.fields().end()) {
    return absl::InvalidArgumentError(absl::StrCat("field \"", options.text_field, "\" is ",
                                                   it->second.has_null_value() ? "null" : "empty",
                                                   ": no text to ingest"));
  }
  if (text.empty()) {
    // Name the fields the line has: the text is often under another name
    // (Reuters' "body"), which --text_field gives.
    std::vector<std::string> fields;
    for (const auto& [name, value] : object.fields()) fields.push_back(name);
    std::sort(fields.begin(), fields.end());
    if (fields.size() > 12) {
      fields.resize(12);
      fields.push_back("...");
    }
    if (fields.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "no \"", options.text_field, "\" field with text (the object has no field at all)"));
    }
    return absl::InvalidArgumentError(
        absl::StrCat("no \"", options.text_field, "\" field with text (its fields: ",
                     absl::StrJoin(fields, ", "), "; --text_field names the one to read)"));
  }
  input.set_text(text);
  DOSSIER_ASSIGN_OR_RETURN(*input.mutable_title(), StringField(object, options.title_field));
  DOSSIER_ASSIGN_OR_RETURN(*input.mutable_outlet(), StringField(object, options.outlet_field));
  DOSSIER_ASSIGN_OR_RETURN(*input.mutable_dateline(), StringField(object, options.dateline_field));
  DOSSIER_ASSIGN_OR_RETURN(*input.mutable_url(), StringField(object, options.url_field));
  DOSSIER_ASSIGN_OR_RETURN(*input.mutable_client_key(),
                           StringField(object, options.key_field, /*numbers=*/true));
  DOSSIER_ASSIGN_OR_RETURN(const std::string date, StringField(object, options.date_field));
  if (!date.empty()) {
    DOSSIER_ASSIGN_OR_RETURN(*input.mutable_publish_date(), ParseFeedDate(date));
  }
  DOSSIER_ASSIGN_OR_RETURN(const std::string received, StringField(object, options.received_field));
  if (!received.empty()) {
    DOSSIER_ASSIGN_OR_RETURN(
        *input.mutable_receive_time(),
        ParseReceived(received, absl::StrCat("field \"", options.received_field, "\"")));
  }
  return input;
}

}  // namespace

std::vector<std::string> FieldsNoLineHas(const SourceOptions& options, const FieldsSeen& seen) {
  std::vector<std::string> missing;
  if (!seen.any_line) return missing;
  const SourceOptions defaults;
  for (const OptionalField& field : kOptionalFields) {
    const std::string& name = options.*field.name;
    if (name.empty() || name == defaults.*field.name || seen.present.count(name) > 0) continue;
    missing.push_back(
        absl::StrCat("no line has the field \"", name, "\" that --", field.flag, " names"));
  }
  return missing;
}

absl::StatusOr<v1::DocumentInput> LoadSource(const Source& source, const SourceOptions& options,
                                             FieldsSeen* seen) {
  DOSSIER_ASSIGN_OR_RETURN(v1::DocumentInput input, LoadInput(source, options, seen));
  // A line's own receive time wins over the run's, and its own outlet.
  if (options.receive_time.has_value() && !input.has_receive_time()) {
    *input.mutable_receive_time() = *options.receive_time;
  }
  if (!options.outlet.empty() && input.outlet().empty()) input.set_outlet(options.outlet);
  return input;
}

absl::StatusOr<google::protobuf::Timestamp> ParseReceived(const std::string& text,
                                                          absl::string_view what) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return ToProtoTimestamp(time);
  const bool day_only = text.size() == 10 && text[4] == '-' && text[7] == '-';
  absl::StatusOr<v1::Date> day = ParseDate(text, what);
  if (!day_only || !day.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, " is \"", text,
                     "\": not a day (YYYY-MM-DD) or an RFC 3339 time (2005-03-01T09:30:00Z)"));
  }
  return ToProtoTimestamp(absl::FromCivil(*FromProtoDate(*day), absl::UTCTimeZone()));
}

}  // namespace dossier::cli
