#include "common/time_util.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"

namespace dossier {

google::protobuf::Timestamp ToProtoTimestamp(absl::Time t) {
  google::protobuf::Timestamp ts;
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rem = micros % 1000000;
  if (rem < 0) {
    rem += 1000000;
    --seconds;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rem * 1000));
  return ts;
}

absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

absl::CivilDay DocumentDate(const v1::Document& document) {
  const std::optional<absl::CivilDay> published = FromProtoDate(document.metadata().publish_date());
  if (published.has_value()) return *published;
  const google::protobuf::Timestamp& time =
      document.has_receive_time() ? document.receive_time() : document.accept_time();
  return absl::ToCivilDay(FromProtoTimestamp(time), absl::UTCTimeZone());
}

uint32_t DayNumber(absl::CivilDay day) {
  const int64_t days = day - absl::CivilDay(1, 1, 1);
  return static_cast<uint32_t>(std::clamp<int64_t>(days, 0, 0xFFFFFFFE));
}

absl::CivilDay DayFromNumber(uint32_t number) { return absl::CivilDay(1, 1, 1) + number; }

bool IsFullDate(const v1::Date& date) { return FromProtoDate(date).has_value(); }

v1::Date ToProtoDate(absl::CivilDay day) {
  v1::Date date;
  date.set_year(static_cast<int32_t>(day.year()));
  date.set_month(day.month());
  date.set_day(day.day());
  return date;
}

std::optional<absl::CivilDay> FromProtoDate(const v1::Date& date) {
  if (date.year() < 1 || date.year() > 9999 || date.month() < 1 || date.month() > 12 ||
      date.day() < 1 || date.day() > 31) {
    return std::nullopt;
  }
  const absl::CivilDay day(date.year(), date.month(), date.day());
  // CivilDay normalises 2023-02-30 to 2023-03-02: reject that.
  if (day.month() != date.month() || day.day() != date.day()) {
    return std::nullopt;
  }
  return day;
}

int MonthFromName(absl::string_view name) {
  static const char* kNames[] = {"january",   "february", "march",    "april",
                                 "may",       "june",     "july",     "august",
                                 "september", "october",  "november", "december"};
  std::string w = absl::AsciiStrToLower(name);
  while (!w.empty() && w.back() == '.') w.pop_back();
  if (w.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    const std::string full = kNames[m];
    if (w.size() <= full.size() && full.compare(0, w.size(), w) == 0) return m + 1;
  }
  return 0;
}

std::optional<absl::Weekday> WeekdayFromName(absl::string_view name) {
  static constexpr struct {
    const char* name;
    absl::Weekday weekday;
  } kWeekdays[] = {{"monday", absl::Weekday::monday},       {"tuesday", absl::Weekday::tuesday},
                   {"wednesday", absl::Weekday::wednesday}, {"thursday", absl::Weekday::thursday},
                   {"friday", absl::Weekday::friday},       {"saturday", absl::Weekday::saturday},
                   {"sunday", absl::Weekday::sunday}};
  for (const auto& w : kWeekdays) {
    if (absl::EqualsIgnoreCase(name, w.name)) return w.weekday;
  }
  return std::nullopt;
}

absl::CivilDay IsoWeekStart(absl::CivilDay day) {
  return absl::PrevWeekday(day + 1, absl::Weekday::monday);
}

std::string FormatIsoWeek(absl::CivilDay day) {
  // The week belongs to the year of its Thursday.
  const absl::CivilDay thursday = IsoWeekStart(day) + 3;
  const int week = (absl::GetYearDay(thursday) - 1) / 7 + 1;
  return absl::StrFormat("%04d-W%02d", thursday.year(), week);
}

std::string FormatDate(const v1::Date& date) {
  if (date.year() == 0) return "";
  if (date.month() == 0) return absl::StrFormat("%04d", date.year());
  if (date.day() == 0) {
    return absl::StrFormat("%04d-%02d", date.year(), date.month());
  }
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

absl::StatusOr<v1::Date> ParseDate(absl::string_view text, absl::string_view field) {
  auto invalid = [&]() {
    return InvalidFieldError(
        field, "INVALID_DATE",
        absl::StrCat(field, " must be a date YYYY-MM-DD; got \"", text.substr(0, 40), "\""));
  };
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return invalid();
  int y = 0, m = 0, d = 0;
  if (!absl::SimpleAtoi(text.substr(0, 4), &y) || !absl::SimpleAtoi(text.substr(5, 2), &m) ||
      !absl::SimpleAtoi(text.substr(8, 2), &d)) {
    return invalid();
  }
  if (text.size() > 10 && text[10] != 'T' && text[10] != 't' && text[10] != ' ') {
    return invalid();
  }
  v1::Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  if (!IsFullDate(date)) return invalid();
  return date;
}

}  // namespace dossier
