#include "cli/arguments.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "common/knowledge_base.h"

namespace dossier::cli {
namespace {

absl::Status Invalid(absl::string_view flag, absl::string_view text, absl::string_view takes) {
  return absl::InvalidArgumentError(absl::StrCat(flag, ": \"", text, "\" is not ", takes));
}

// `text` as a number of 1 to `max_digits` digits, and nothing else:
// SimpleAtoi alone would take "+8" or " 8".
bool Digits(absl::string_view text, size_t max_digits, int* out) {
  if (text.empty() || text.size() > max_digits) return false;
  for (const char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return absl::SimpleAtoi(text, out);
}

// A word of a fixed set, in any case.
template <typename T>
absl::StatusOr<T> ParseChoice(absl::string_view flag, absl::string_view text,
                              std::initializer_list<std::pair<absl::string_view, T>> choices,
                              absl::string_view takes) {
  const std::string word = absl::AsciiStrToLower(text);
  for (const auto& [name, value] : choices) {
    if (word == name) return value;
  }
  return Invalid(flag, text, takes);
}

// The first or last day a date covers: a partial date spans its month or
// year, as the server reads it.
absl::CivilDay Bound(const v1::Date& date, bool last) {
  if (date.month() == 0) {
    return last ? absl::CivilDay(date.year(), 12, 31) : absl::CivilDay(date.year(), 1, 1);
  }
  const absl::CivilMonth month(date.year(), date.month());
  if (date.day() == 0) return last ? absl::CivilDay(month + 1) - 1 : absl::CivilDay(month);
  return absl::CivilDay(date.year(), date.month(), date.day());
}

}  // namespace

absl::StatusOr<v1::Date> ParseDateArgument(absl::string_view flag, absl::string_view text) {
  constexpr absl::string_view kTakes = "a date (YYYY-MM-DD, YYYY-MM or YYYY)";
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int year = 0, month = 0, day = 0;
  if (parts.size() > 3 || parts[0].size() != 4 || !Digits(parts[0], 4, &year) || year < 1) {
    return Invalid(flag, text, kTakes);
  }
  if (parts.size() > 1 && (!Digits(parts[1], 2, &month) || month < 1 || month > 12)) {
    return Invalid(flag, text, kTakes);
  }
  if (parts.size() > 2) {
    // CivilDay normalises 2023-02-30 to March 2: a day it moves is no day.
    if (!Digits(parts[2], 2, &day) || day < 1 ||
        absl::CivilDay(year, month, day).month() != month) {
      return Invalid(flag, text, kTakes);
    }
  }
  v1::Date date;
  date.set_year(year);
  date.set_month(month);
  date.set_day(day);
  return date;
}

absl::StatusOr<v1::EntityType> ParseEntityType(absl::string_view flag, absl::string_view text) {
  if (auto type = EntityTypeFromShortName(text)) return *type;
  return Invalid(flag, text,
                 "an entity type (person, org or organisation, location or place, or misc)");
}

absl::StatusOr<v1::EntityType> ParseOneEntityType(absl::string_view flag,
                                                  const std::vector<std::string>& texts) {
  if (texts.empty()) return v1::ENTITY_TYPE_UNSPECIFIED;
  if (texts.size() > 1) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, ": one entity type here, not ", texts.size()));
  }
  return ParseEntityType(flag, texts[0]);
}

absl::StatusOr<v1::SearchOrder> ParseSearchOrder(absl::string_view text) {
  if (text.empty()) return v1::SEARCH_ORDER_UNSPECIFIED;
  return ParseChoice<v1::SearchOrder>("--order", text,
                                      {{"relevance", v1::SEARCH_ORDER_RELEVANCE},
                                       {"newest", v1::SEARCH_ORDER_NEWEST},
                                       {"oldest", v1::SEARCH_ORDER_OLDEST}},
                                      "an order (relevance, newest or oldest)");
}

absl::StatusOr<v1::TimelineGranularity> ParseGranularity(absl::string_view text) {
  return ParseChoice<v1::TimelineGranularity>("--granularity", text,
                                              {{"day", v1::TIMELINE_GRANULARITY_DAY},
                                               {"week", v1::TIMELINE_GRANULARITY_WEEK},
                                               {"month", v1::TIMELINE_GRANULARITY_MONTH}},
                                              "a granularity (day, week or month)");
}

absl::StatusOr<v1::CooccurrenceOrder> ParseCooccurrenceOrder(absl::string_view text) {
  if (text.empty()) return v1::COOCCURRENCE_ORDER_UNSPECIFIED;
  return ParseChoice<v1::CooccurrenceOrder>(
      "--order", text,
      {{"count", v1::COOCCURRENCE_ORDER_COUNT}, {"npmi", v1::COOCCURRENCE_ORDER_NPMI}},
      "an order here (count or npmi)");
}

absl::StatusOr<v1::DocumentFilter> ParseFilter(const FilterFlags& flags) {
  v1::DocumentFilter filter;
  if (!flags.from.empty()) {
    auto from = ParseDateArgument("--from", flags.from);
    if (!from.ok()) return from.status();
    *filter.mutable_from_date() = *from;
  }
  if (!flags.to.empty()) {
    auto to = ParseDateArgument("--to", flags.to);
    if (!to.ok()) return to.status();
    *filter.mutable_to_date() = *to;
  }
  if (filter.has_from_date() && filter.has_to_date() &&
      Bound(filter.to_date(), true) < Bound(filter.from_date(), false)) {
    return absl::InvalidArgumentError(
        absl::StrCat("--to ", flags.to, " is before --from ", flags.from));
  }
  for (const std::string& outlet : flags.outlets) {
    if (!outlet.empty()) filter.add_outlets(outlet);
  }
  for (const std::string& entity : flags.entities) {
    if (!entity.empty()) filter.add_entities(entity);
  }
  for (const std::string& text : flags.types) {
    if (text.empty()) continue;
    auto type = ParseEntityType("--type", text);
    if (!type.ok()) return type.status();
    filter.add_entity_types(*type);
  }
  return filter;
}

absl::Status CheckAddress(absl::string_view name, absl::string_view address,
                          absl::string_view example) {
  const auto refuse = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, "=", address, ": ", why, " (expected HOST:PORT, as ", example, ")"));
  };
  if (address.empty()) return refuse("empty");
  // A target with a scheme gRPC resolves goes as it is; another scheme is
  // most often a URL given for an address.
  for (const absl::string_view scheme :
       {"dns:", "ipv4:", "ipv6:", "unix:", "unix-abstract:", "vsock:", "xds:"}) {
    if (!absl::StartsWith(address, scheme)) continue;
    if (address.size() == scheme.size()) {
      return refuse(absl::StrCat("nothing follows \"", scheme, "\""));
    }
    return absl::OkStatus();
  }
  if (const size_t slashes = address.find("://"); slashes != absl::string_view::npos) {
    return refuse(absl::StrCat("\"", address.substr(0, slashes + 1),
                               "\" is not a gRPC scheme (dns:, unix:, ipv4:, ipv6:)"));
  }
  const size_t colon = address.rfind(':');
  if (colon == absl::string_view::npos || absl::EndsWith(address, "]")) return refuse("no port");
  const absl::string_view host = address.substr(0, colon);
  const absl::string_view port = address.substr(colon + 1);
  int number = 0;
  if (!Digits(port, 5, &number) || number < 1 || number > 65535) {
    return refuse(absl::StrCat("\"", port, "\" is not a port (1 to 65535)"));
  }
  if (host.empty()) return refuse("no host");
  const bool bracketed = absl::StartsWith(host, "[");
  if (bracketed != absl::EndsWith(host, "]") ||
      (!bracketed && host.find(':') != absl::string_view::npos)) {
    return refuse("an IPv6 address goes in brackets, as [::1]:50053");
  }
  const absl::string_view inside = bracketed ? host.substr(1, host.size() - 2) : host;
  if (inside.empty()) return refuse("no host");
  for (const char c : inside) {
    const unsigned char u = static_cast<unsigned char>(c);
    // In brackets: an IPv6 address, with a zone after "%" (an interface).
    const bool fits = bracketed ? (u > ' ' && u < 0x7f && c != '/' && c != '[' && c != ']')
                                : (absl::ascii_isalnum(u) || c == '.' || c == '-' || c == '_');
    if (!fits) {
      return refuse(u > ' ' && u < 0x7f
                        ? absl::StrCat("the host has a '", absl::string_view(&c, 1), "'")
                        : std::string("the host has a space or a character outside ASCII"));
    }
  }
  return absl::OkStatus();
}

}  // namespace dossier::cli
