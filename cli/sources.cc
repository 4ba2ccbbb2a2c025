#include "cli/sources.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "common/json_fields.h"
#include "common/status.h"
#include "common/time_util.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace dossier::cli {
namespace fs = std::filesystem;

namespace {

bool IsJsonLines(const fs::path& path) {
  const std::string ext = absl::AsciiStrToLower(path.extension().string());
  return ext == ".jsonl" || ext == ".ndjson" || ext == ".json";
}

absl::Status AddJsonLines(const std::string& path, std::vector<Source>* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::string line;
  int64_t offset = 0;
  int64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!absl::StripAsciiWhitespace(line).empty()) {
      out->push_back({path, offset, number});
    }
    offset += static_cast<int64_t>(line.size()) + 1;
  }
  return absl::OkStatus();
}

}  // namespace

std::string Source::Describe() const {
  return offset < 0 ? path : absl::StrCat(path, ":", line);
}

absl::StatusOr<std::vector<Source>> EnumerateSources(
    const std::vector<std::string>& paths) {
  std::vector<Source> out;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> files;
      for (auto it = fs::recursive_directory_iterator(path, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (!it->is_regular_file()) continue;
        const auto& p = it->path();
        const std::string ext = absl::AsciiStrToLower(p.extension().string());
        if (ext == ".txt" || IsJsonLines(p)) files.push_back(p);
      }
      if (ec) return absl::UnavailableError(absl::StrCat(path, ": ", ec.message()));
      std::sort(files.begin(), files.end());
      for (const auto& f : files) {
        if (IsJsonLines(f)) {
          DOSSIER_RETURN_IF_ERROR(AddJsonLines(f.string(), &out));
        } else {
          out.push_back({f.string(), -1, 0});
        }
      }
    } else if (fs::is_regular_file(path, ec)) {
      if (IsJsonLines(path)) {
        DOSSIER_RETURN_IF_ERROR(AddJsonLines(path, &out));
      } else {
        out.push_back({path, -1, 0});
      }
    } else {
      return absl::NotFoundError(absl::StrCat(path, ": no such file or folder"));
    }
  }
  return out;
}

absl::StatusOr<v1::Date> ParseFeedDate(const std::string& raw) {
  const std::string text(absl::StripAsciiWhitespace(raw));
  if (auto iso = ParseDate(text, "date"); iso.ok()) return iso;
  // "26-FEB-1987 15:01:01.79"
  std::vector<std::string> parts = absl::StrSplit(
      text.substr(0, text.find(' ')), '-');
  int day = 0, year = 0;
  if (parts.size() == 3 && absl::SimpleAtoi(parts[0], &day) &&
      absl::SimpleAtoi(parts[2], &year) && MonthFromName(parts[1]) > 0) {
    v1::Date date = ToProtoDate(absl::CivilDay(year, MonthFromName(parts[1]), day));
    if (date.day() == day) return date;
  }
  // "Feb 26, 1987" / "February 26 1987"
  std::vector<std::string> words =
      absl::StrSplit(text, absl::ByAnyChar(" ,"), absl::SkipEmpty());
  if (words.size() >= 3 && MonthFromName(words[0]) > 0 &&
      absl::SimpleAtoi(words[1], &day) && absl::SimpleAtoi(words[2], &year)) {
    v1::Date date = ToProtoDate(absl::CivilDay(year, MonthFromName(words[0]), day));
    if (date.day() == day) return date;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("date \"", text, "\" is in no format dossier knows"));
}

absl::StatusOr<v1::DocumentInput> LoadSource(const Source& source,
                                             const SourceOptions& options) {
  std::ifstream in(source.path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", source.path));
  v1::DocumentInput input;
  if (source.offset < 0) {
    std::stringstream buffer;
    buffer << in.rdbuf();
    input.set_text_bytes(buffer.str());
    if (options.key_from_path) input.set_client_key(source.path);
    return input;
  }
  in.seekg(source.offset);
  std::string line;
  std::getline(in, line);
  google::protobuf::Struct object;
  auto parsed = google::protobuf::util::JsonStringToMessage(line, &object);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a JSON object: ", parsed.message().ToString()));
  }
  const std::string text = JsonFieldString(object, options.text_field);
  if (text.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no \"", options.text_field, "\" field with text"));
  }
  input.set_text(text);
  input.set_title(JsonFieldString(object, options.title_field));
  input.set_outlet(JsonFieldString(object, options.outlet_field));
  input.set_dateline(JsonFieldString(object, options.dateline_field));
  input.set_url(JsonFieldString(object, options.url_field));
  input.set_client_key(JsonFieldString(object, options.key_field));
  const std::string date = JsonFieldString(object, options.date_field);
  if (!date.empty()) {
    DOSSIER_ASSIGN_OR_RETURN(*input.mutable_publish_date(), ParseFeedDate(date));
  }
  return input;
}

}  // namespace dossier::cli
