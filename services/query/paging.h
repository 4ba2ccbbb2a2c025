// Pages of the query service's lists and searches (AIP-158), written once:
// how many items a request may ask for, the error for a token this service
// did not issue, and cutting a page by bytes as well as by count, so that a
// page of large items stays under the message cap. What a token holds is
// each method's own (searcher.cc pins the request and the documents
// searched; ListStories and ListKnownNames keep a position).
#ifndef DOSSIER_SERVICES_QUERY_PAGING_H_
#define DOSSIER_SERVICES_QUERY_PAGING_H_

#include <cstddef>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace dossier::query {

// The page size a request asks for in `field`: `fallback` for 0 (unset),
// at most `most`. INVALID_ARGUMENT (INVALID_PAGE_SIZE) when negative.
absl::StatusOr<size_t> PageSize(int32_t requested, int32_t fallback, int32_t most,
                                absl::string_view field = "page_size");

// INVALID_ARGUMENT (INVALID_PAGE_TOKEN) on page_token: a token this service
// did not issue, or cannot read.
absl::Status InvalidPageTokenError();

// What adding `message` to a repeated field costs in bytes (the message,
// its tag and its length).
size_t ElementBytes(const google::protobuf::Message& message);

// Cuts a page by bytes: items are offered in order, and the page ends
// before the first that would take it past its budget. The first item
// always goes in, so that a page is never empty while items remain.
class PageBudget {
 public:
  // `limit`: the most bytes the response may hold; `used`: the bytes it
  // holds already (its other fields); `reserve`: room kept for what is set
  // after the items (the next page token).
  explicit PageBudget(size_t limit, size_t used = 0, size_t reserve = 0)
      : limit_(limit), used_(used), reserve_(reserve) {}

  // Whether an item of `bytes` still fits; if so it is counted in.
  bool Take(size_t bytes);

  // How many items went in.
  size_t taken() const { return taken_; }

 private:
  const size_t limit_;
  size_t used_;
  const size_t reserve_;
  size_t taken_ = 0;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_PAGING_H_
