// The words of the `dossier` command line that stand for API values: dates,
// entity types, orders, and the filter flags that make a DocumentFilter.
// Each parser answers INVALID_ARGUMENT naming the flag and what it takes,
// so that the command line can report a usage error before any call.
#ifndef DOSSIER_CLI_ARGUMENTS_H_
#define DOSSIER_CLI_ARGUMENTS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/query_service.pb.h"
#include "dossier/v1/search.pb.h"

namespace dossier::cli {

// The filter flags as typed: --from and --to (YYYY-MM-DD, YYYY-MM or YYYY),
// --outlet and --entity (names), --type (entity types).
struct FilterFlags {
  std::string from;
  std::string to;
  std::vector<std::string> outlets;
  std::vector<std::string> entities;
  std::vector<std::string> types;
};

// "2022-08-01", "2022-08" (day 0) or "2022" (month and day 0).
absl::StatusOr<v1::Date> ParseDateArgument(absl::string_view flag, absl::string_view text);
// person, org, location or misc, in any case.
absl::StatusOr<v1::EntityType> ParseEntityType(absl::string_view flag, absl::string_view text);
// At most one type; UNSPECIFIED for none.
absl::StatusOr<v1::EntityType> ParseOneEntityType(absl::string_view flag,
                                                  const std::vector<std::string>& texts);
// relevance, newest or oldest; "" for the server's default.
absl::StatusOr<v1::SearchOrder> ParseSearchOrder(absl::string_view text);
// day, week or month.
absl::StatusOr<v1::TimelineGranularity> ParseGranularity(absl::string_view text);
// count or npmi.
absl::StatusOr<v1::CooccurrenceOrder> ParseCooccurrenceOrder(absl::string_view text);

// A service address as gRPC takes it: HOST:PORT (a name, an IPv4 address
// or a bracketed IPv6 one, and a port of 1 to 65535), or a target with one
// of gRPC's schemes (dns:, ipv4:, ipv6:, unix:, unix-abstract:, vsock:,
// xds:), passed on as it is. Otherwise INVALID_ARGUMENT, saying
// "NAME=ADDRESS: why (expected HOST:PORT, as EXAMPLE)": a mistyped address
// is a usage error, not a service that cannot be reached. `name` is the
// flag ("--query") or the variable ("$DOSSIER_QUERY") that gave it.
absl::Status CheckAddress(absl::string_view name, absl::string_view address,
                          absl::string_view example);

// The DocumentFilter the flags stand for. Empty names are dropped (a stray
// comma in "--outlet=TASS,"), and a range that ends before it starts is
// refused here rather than by the server.
absl::StatusOr<v1::DocumentFilter> ParseFilter(const FilterFlags& flags);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_ARGUMENTS_H_
