#include "services/query/paging.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "dossier/store/v1/store.pb.h"

namespace dossier::query {

absl::StatusOr<size_t> PageSize(int32_t requested, int32_t fallback, int32_t most,
                                absl::string_view field) {
  if (requested < 0) {
    return InvalidFieldError(field, "INVALID_PAGE_SIZE",
                             absl::StrCat(field, " must not be negative"));
  }
  return CapPageSize(static_cast<size_t>(requested), static_cast<size_t>(fallback),
                     static_cast<size_t>(most));
}

absl::Status InvalidPageTokenError() {
  return InvalidFieldError("page_token", "INVALID_PAGE_TOKEN",
                           "page_token is not one this service issued");
}

uint64_t RequestFingerprint(absl::string_view kind, const google::protobuf::Message& pinned) {
  return MessageHash64(kind, pinned);
}

std::string PageToken(uint64_t fingerprint, const PageCursor& cursor) {
  store::v1::PageToken token;
  token.set_fingerprint(fingerprint);
  store::v1::Cursor* out = token.add_cursors();
  out->set_document_limit(cursor.document_limit);
  out->set_documents(cursor.documents);
  out->set_words(cursor.words);
  out->set_score(cursor.score);
  out->set_day(cursor.day);
  out->set_id(cursor.id);
  out->set_quote(cursor.quote);
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

absl::StatusOr<std::optional<PageCursor>> ParsePageToken(absl::string_view token,
                                                         uint64_t fingerprint, uint64_t also) {
  if (token.empty()) return std::nullopt;
  std::string bytes;
  store::v1::PageToken parsed;
  if (!absl::WebSafeBase64Unescape(token, &bytes) || !parsed.ParseFromString(bytes) ||
      parsed.cursors_size() != 1 || parsed.cursors(0).shard() != 0) {
    return InvalidPageTokenError();
  }
  if (parsed.fingerprint() != fingerprint && (also == 0 || parsed.fingerprint() != also)) {
    return InvalidFieldError(
        "page_token", "PAGE_TOKEN_MISMATCH",
        "page_token was issued for a different request; send the same query, filter and "
        "order as the first page, or start again without a token");
  }
  const store::v1::Cursor& in = parsed.cursors(0);
  PageCursor cursor;
  cursor.document_limit = in.document_limit();
  cursor.documents = in.documents();
  cursor.words = in.words();
  cursor.score = in.score();
  cursor.day = in.day();
  cursor.id = in.id();
  cursor.quote = in.quote();
  return cursor;
}

std::string KeyPageToken(absl::string_view key) { return absl::WebSafeBase64Escape(key); }

absl::StatusOr<std::string> ParseKeyPageToken(absl::string_view token, size_t key_bytes) {
  std::string key;
  if (!token.empty() && (!absl::WebSafeBase64Unescape(token, &key) || key.size() != key_bytes)) {
    return InvalidPageTokenError();
  }
  return key;
}

std::string PositionPageToken(size_t position) { return absl::StrCat(position); }

absl::StatusOr<size_t> ParsePositionPageToken(absl::string_view token) {
  size_t position = 0;
  if (!token.empty() && !absl::SimpleAtoi(token, &position)) return InvalidPageTokenError();
  return position;
}

size_t ElementBytes(const google::protobuf::Message& message) {
  const size_t size = message.ByteSizeLong();
  return size + 1 + google::protobuf::io::CodedOutputStream::VarintSize64(size);
}

bool PageBudget::Take(size_t bytes) {
  if (taken_ > 0 && used_ + bytes + reserve_ > limit_) return false;
  used_ += bytes;
  ++taken_;
  return true;
}

}  // namespace dossier::query
