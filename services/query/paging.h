// Pages of the query service's lists and searches (AIP-158), written once:
// how many items a request may ask for, what a page token holds, the
// errors for a token this service did not issue, and cutting a page by
// bytes as well as by count, so that a page of large items stays under the
// message cap. Tokens are made here for the core, which ends pages, and
// read here for the boundary (requests.h), which turns a token into the
// cursor of a spec. Search, ListDocuments and SearchQuotes pin the request
// and the documents searched (PageCursor); ListStories and ListKnownNames
// keep a position.
#ifndef DOSSIER_SERVICES_QUERY_PAGING_H_
#define DOSSIER_SERVICES_QUERY_PAGING_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace dossier::query {

// The page size a request asks for in `field`: `fallback` for 0 (unset),
// at most `most`. INVALID_ARGUMENT (INVALID_PAGE_SIZE) when negative.
absl::StatusOr<size_t> PageSize(int32_t requested, int32_t fallback, int32_t most,
                                absl::string_view field = "page_size");

// What PageSize gives for a size known not to be negative.
inline size_t CapPageSize(size_t requested, size_t fallback, size_t most) {
  return std::min(requested == 0 ? fallback : requested, most);
}

// INVALID_ARGUMENT (INVALID_PAGE_TOKEN) on page_token: a token this service
// did not issue, or cannot read.
absl::Status InvalidPageTokenError();

// Where the previous page of a search, listing or quote search ended, and
// what it stands on: only documents numbered below `document_limit` are
// read, with the BM25 statistics of the first page (`documents`, `words`),
// so that later pages neither shift nor repeat while documents arrive. The
// last hit: its `score`, `day` and 16-byte `id`, and for quotes its index
// in the document (`quote`).
struct PageCursor {
  uint32_t document_limit = 0;
  uint64_t documents = 0;
  uint64_t words = 0;
  float score = 0;
  uint32_t day = 0;
  std::string id;
  int32_t quote = 0;
};

// What a pinned page's token is bound to: a hash of `kind` ("search") and
// of the request fields that decide its results (`pinned`, serialised
// deterministically). A token is refused for any other request.
uint64_t RequestFingerprint(absl::string_view kind, const google::protobuf::Message& pinned);

// The next page's token (web-safe base64 of store::v1::PageToken).
std::string PageToken(uint64_t fingerprint, const PageCursor& cursor);

// The cursor `token` holds, none for an empty token. INVALID_ARGUMENT on
// page_token: INVALID_PAGE_TOKEN for a token this service did not issue,
// PAGE_TOKEN_MISMATCH for one issued for a request of another
// `fingerprint`. Whether its document limit is within the store is for the
// searcher to check (INVALID_PAGE_TOKEN), after this: a token both for
// another request and beyond the store is PAGE_TOKEN_MISMATCH, as the API
// says (SearchDocumentsRequest.page_token).
// `also`, when not 0, is another fingerprint of the same request (one
// written the way an earlier version pinned it).
absl::StatusOr<std::optional<PageCursor>> ParsePageToken(absl::string_view token,
                                                         uint64_t fingerprint, uint64_t also = 0);

// ListStories: a token holds the last key listed (`key_bytes` long).
std::string KeyPageToken(absl::string_view key);
// The key, "" for an empty token; INVALID_PAGE_TOKEN when it is not one.
absl::StatusOr<std::string> ParseKeyPageToken(absl::string_view token, size_t key_bytes);

// ListKnownNames: a token holds the position of the next item.
std::string PositionPageToken(size_t position);
// The position, 0 for an empty token; INVALID_PAGE_TOKEN when it is not
// one.
absl::StatusOr<size_t> ParsePositionPageToken(absl::string_view token);

// What adding `message` to a repeated field costs in bytes (the message,
// its tag and its length).
size_t ElementBytes(const google::protobuf::Message& message);

// Room kept in a response's byte budget for the next page token.
inline constexpr size_t kPageTokenBytes = 512;

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
  // The bytes an item may still have.
  size_t room() const { return used_ + reserve_ >= limit_ ? 0 : limit_ - used_ - reserve_; }

 private:
  const size_t limit_;
  size_t used_;
  const size_t reserve_;
  size_t taken_ = 0;
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_PAGING_H_
