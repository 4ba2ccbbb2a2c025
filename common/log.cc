#include "common/log.h"

#include <spdlog/formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace dossier::log {
namespace {

spdlog::level::level_enum ToSpd(Level level) {
  switch (level) {
    case Level::kDebug:
      return spdlog::level::debug;
    case Level::kInfo:
      return spdlog::level::info;
    case Level::kWarn:
      return spdlog::level::warn;
    case Level::kError:
      return spdlog::level::err;
    case Level::kOff:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

absl::string_view SpdName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    default:
      return "error";
  }
}

// Wraps each message, which Write() makes the JSON members after "service"
// ("msg" and the fields), into the whole line.
class JsonFormatter final : public spdlog::formatter {
 public:
  explicit JsonFormatter(std::string service) : service_(std::move(service)) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    std::string line = absl::StrCat(
        "{\"time\":\"",
        absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::FromChrono(msg.time), absl::UTCTimeZone()),
        "\",\"level\":\"", SpdName(msg.level), "\",\"service\":\"", service_, "\",");
    line.append(msg.payload.data(), msg.payload.size());
    line.append("}\n");
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>(service_);
  }

 private:
  const std::string service_;
};

std::shared_ptr<spdlog::logger> MakeLogger(absl::string_view service, Level level) {
  auto logger = std::make_shared<spdlog::logger>(std::string(service),
                                                 std::make_shared<spdlog::sinks::stderr_sink_mt>());
  logger->set_formatter(std::make_unique<JsonFormatter>(std::string(service)));
  logger->set_level(ToSpd(level));
  // A line is on disk (the service's log file) when Write returns, so a
  // crash right after loses none.
  logger->flush_on(spdlog::level::trace);
  return logger;
}

// The process's logger. Init() replaces it before threads start; it is
// never freed, so a line written during exit still has somewhere to go.
std::atomic<spdlog::logger*> current{nullptr};

// Every logger made, kept reachable (so that LeakSanitizer sees the owners
// of these deliberate never-freed objects); guarded by being written only
// by Init() before threads start and by the fallback's static init.
std::vector<std::shared_ptr<spdlog::logger>>& Kept() {
  static auto* kept = new std::vector<std::shared_ptr<spdlog::logger>>();
  return *kept;
}

spdlog::logger* Logger() {
  spdlog::logger* logger = current.load(std::memory_order_acquire);
  if (logger != nullptr) return logger;
  static spdlog::logger* fallback = [] {
    static auto* made = new std::shared_ptr<spdlog::logger>(MakeLogger("dossier", Level::kInfo));
    return made->get();
  }();
  spdlog::logger* expected = nullptr;
  current.compare_exchange_strong(expected, fallback);
  return current.load(std::memory_order_acquire);
}

void AppendKey(absl::string_view key, std::string* out) {
  out->append(",\"");
  AppendJsonEscaped(key, out);
  out->append("\":");
}

// Bytes of the UTF-8 sequence at the start of `s`; 0 when it is not one.
size_t Utf8Length(absl::string_view s) {
  const unsigned char c = static_cast<unsigned char>(s[0]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || n > s.size()) return 0;
  for (size_t i = 1; i < n; ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0;
  }
  return n;
}

}  // namespace

absl::StatusOr<Level> ParseLevel(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  if (lower == "debug") return Level::kDebug;
  if (lower == "info") return Level::kInfo;
  if (lower == "warn" || lower == "warning") return Level::kWarn;
  if (lower == "error") return Level::kError;
  if (lower == "off") return Level::kOff;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown log level \"", name, "\" (debug, info, warn, error, off)"));
}

absl::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "info";
}

void Init(absl::string_view service, Level level) {
  Kept().push_back(MakeLogger(service, level));
  current.store(Kept().back().get(), std::memory_order_release);
}

bool Enabled(Level level) { return level != Level::kOff && Logger()->should_log(ToSpd(level)); }

void Write(Level level, absl::string_view msg, const Fields& fields) {
  if (!Enabled(level)) return;
  std::string payload = "\"msg\":\"";
  AppendJsonEscaped(msg, &payload);
  payload.push_back('"');
  payload.append(fields.json());
  Logger()->log(ToSpd(level), spdlog::string_view_t(payload.data(), payload.size()));
}

Fields& Fields::Str(absl::string_view key, absl::string_view value) {
  AppendKey(key, &json_);
  json_.push_back('"');
  AppendJsonEscaped(value, &json_);
  json_.push_back('"');
  return *this;
}

Fields& Fields::Int(absl::string_view key, int64_t value) {
  AppendKey(key, &json_);
  absl::StrAppend(&json_, value);
  return *this;
}

Fields& Fields::Num(absl::string_view key, double value) {
  AppendKey(key, &json_);
  // JSON has no NaN or infinity.
  if (value != value || value > 1e300 || value < -1e300) {
    json_.append("null");
  } else {
    absl::StrAppend(&json_, value);
  }
  return *this;
}

Fields& Fields::Bool(absl::string_view key, bool value) {
  AppendKey(key, &json_);
  json_.append(value ? "true" : "false");
  return *this;
}

Fields& Fields::Status(const absl::Status& status) {
  Str("code", absl::StatusCodeToString(status.code()));
  if (!status.ok()) Str("error", status.message());
  return *this;
}

void AppendJsonEscaped(absl::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  while (!text.empty()) {
    const unsigned char c = static_cast<unsigned char>(text[0]);
    if (c >= 0x80) {
      const size_t n = Utf8Length(text);
      if (n == 0) {
        out->append("\\ufffd");
        text.remove_prefix(1);
      } else {
        out->append(text.data(), n);
        text.remove_prefix(n);
      }
      continue;
    }
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      default:
        if (c < 0x20) {
          out->append("\\u00");
          out->push_back(kHex[c >> 4]);
          out->push_back(kHex[c & 0xF]);
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
    text.remove_prefix(1);
  }
}

}  // namespace dossier::log
