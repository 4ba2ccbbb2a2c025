// Conversions between absl time, protobuf Timestamps and dossier.v1.Date.
#ifndef DOSSIER_COMMON_TIME_UTIL_H_
#define DOSSIER_COMMON_TIME_UTIL_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "dossier/v1/date.pb.h"
#include "dossier/v1/document.pb.h"
#include "google/protobuf/timestamp.pb.h"

namespace dossier {

google::protobuf::Timestamp ToProtoTimestamp(absl::Time t);
absl::Time FromProtoTimestamp(const google::protobuf::Timestamp& ts);

// True when `date` names a real calendar day (month and day both set).
bool IsFullDate(const v1::Date& date);
v1::Date ToProtoDate(absl::CivilDay day);
// The day `date` names; nullopt unless it is a full, valid date.
std::optional<absl::CivilDay> FromProtoDate(const v1::Date& date);

// The day a document is dated by: its publish date, else the day (UTC) the
// client received it (Document.receive_time), else the day ingest accepted
// it. It is undated when it has no publish date (IsFullDate).
absl::CivilDay DocumentDate(const v1::Document& document);

// Days from 0001-01-01: how store keys and the search index count days.
uint32_t DayNumber(absl::CivilDay day);
absl::CivilDay DayFromNumber(uint32_t number);

// The month a name or abbreviation of three letters or more stands for,
// in any case, with or without a final period ("February", "Feb.",
// "SEPT", the wire's "Apri"): 1 to 12, or 0.
int MonthFromName(absl::string_view name);

// The weekday a full English name stands for, in any case ("Monday",
// "SUNDAY"); nullopt otherwise. Abbreviations are left out: "Sun", "Sat"
// and "Wed" are words too.
std::optional<absl::Weekday> WeekdayFromName(absl::string_view name);

// The Monday of the ISO 8601 week that holds `day`.
absl::CivilDay IsoWeekStart(absl::CivilDay day);
// The ISO 8601 week that holds `day`, as "2023-W07". Its year is the
// week's, which differs from the day's around New Year (2021-01-03 is in
// 2020-W53).
std::string FormatIsoWeek(absl::CivilDay day);

// "2023-02-13", "2023-02", "2023", or "" for an empty date.
std::string FormatDate(const v1::Date& date);
// Parses "YYYY-MM-DD" or an RFC 3339 timestamp (its date part);
// INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<v1::Date> ParseDate(absl::string_view text, absl::string_view field);

}  // namespace dossier

#endif  // DOSSIER_COMMON_TIME_UTIL_H_
