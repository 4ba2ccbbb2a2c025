// The services' log: one JSON object per line on stderr, written through
// spdlog (its stderr sink serialises lines from many threads):
//
//   {"time":"2024-05-01T12:00:00.123Z","level":"info","service":"dossier-ingest",
//    "msg":"rpc","method":"/dossier.v1.IngestService/IngestDocument",
//    "request_id":"7f3a...","code":"OK","duration_ms":1.9}
//
// `time` is UTC with milliseconds; `level` one of debug, info, warn, error;
// `service` the binary; `msg` what happened; the rest are the call's fields
// (Fields). Until Init() is called the service is "dossier" and the level
// info, so library code and tests log the same way.
//
// No gRPC here: the cores (stores, the ingestor) log through it too.
#ifndef DOSSIER_COMMON_LOG_H_
#define DOSSIER_COMMON_LOG_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

// "debug", "info", "warn" (or "warning"), "error", "off".
absl::StatusOr<Level> ParseLevel(absl::string_view name);
absl::string_view LevelName(Level level);

// Names the service in every line and sets the lowest level written. Call
// once in main(), before threads start.
void Init(absl::string_view service, Level level);

// Whether a line at `level` would be written; cheap (an atomic load), so a
// caller can skip building its fields.
bool Enabled(Level level);

// The fields of a line after `msg`, in the order added, as JSON.
class Fields {
 public:
  Fields& Str(absl::string_view key, absl::string_view value);
  Fields& Int(absl::string_view key, int64_t value);
  Fields& Num(absl::string_view key, double value);
  Fields& Bool(absl::string_view key, bool value);
  // A status as "code" (its canonical name) and, unless OK, "error".
  Fields& Status(const absl::Status& status);

  // ,"key":value,... (empty when there are none).
  const std::string& json() const { return json_; }

 private:
  std::string json_;
};

void Write(Level level, absl::string_view msg, const Fields& fields = Fields());
inline void Debug(absl::string_view msg, const Fields& fields = Fields()) {
  Write(Level::kDebug, msg, fields);
}
inline void Info(absl::string_view msg, const Fields& fields = Fields()) {
  Write(Level::kInfo, msg, fields);
}
inline void Warn(absl::string_view msg, const Fields& fields = Fields()) {
  Write(Level::kWarn, msg, fields);
}
inline void Error(absl::string_view msg, const Fields& fields = Fields()) {
  Write(Level::kError, msg, fields);
}

// `text` as the inside of a JSON string (quotes, backslashes and control
// characters escaped; bytes that are not UTF-8 become U+FFFD).
void AppendJsonEscaped(absl::string_view text, std::string* out);

}  // namespace dossier::log

#endif  // DOSSIER_COMMON_LOG_H_
