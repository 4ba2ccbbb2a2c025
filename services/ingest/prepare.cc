#include "services/ingest/prepare.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "services/ingest/article.h"
#include "services/ingest/normalizer.h"

namespace dossier::ingest {
namespace {

// Whether `text` (valid UTF-8) has a character that shows: anything but
// control, format, surrogate, unassigned and space characters (ICU's
// u_isgraph). A text of NUL bytes, escape codes or zero-width spaces alone
// is not an article.
bool HasVisibleCharacter(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t i = 0;
  while (i < length) {
    UChar32 c;
    U8_NEXT_OR_FFFD(s, i, length, c);
    if (u_isgraph(c)) return true;
  }
  return false;
}

// `field` over `cap` bytes: INVALID_ARGUMENT with `reason`.
absl::Status CheckLength(const std::string& value, size_t cap, absl::string_view field,
                         absl::string_view reason) {
  if (value.size() <= cap) return absl::OkStatus();
  return InvalidFieldError(field, reason,
                           absl::StrCat(field, " is ", value.size(), " bytes; the limit is ", cap));
}

std::string FormatUtc(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

// The window of PrepareOptions, for `receive_time` and `publish_date`.
absl::Status CheckTimes(const v1::DocumentInput& input, const PrepareOptions& options,
                        absl::Time now) {
  const absl::Time latest = now + options.max_time_ahead;
  if (input.has_receive_time()) {
    const google::protobuf::Timestamp& ts = input.receive_time();
    if (ts.nanos() < 0 || ts.nanos() > 999999999) {
      return InvalidFieldError("document.receive_time", "INVALID_TIMESTAMP",
                               absl::StrCat("document.receive_time.nanos is ", ts.nanos(),
                                            "; it must be in [0, 999999999]"));
    }
    // Compared as seconds, so that values no absl::Time holds are caught too.
    const int64_t earliest = absl::ToUnixSeconds(options.earliest_time);
    const int64_t last = absl::ToUnixSeconds(latest);
    if (ts.seconds() < earliest || ts.seconds() > last) {
      return InvalidFieldError(
          "document.receive_time", "TIME_OUT_OF_RANGE",
          absl::StrCat("document.receive_time (", ts.seconds(),
                       " s since the Unix epoch) must lie between ",
                       FormatUtc(options.earliest_time), " and ", FormatUtc(latest), " (",
                       absl::FormatDuration(options.max_time_ahead), " after ingest received it)"));
    }
  }
  if (input.has_publish_date()) {
    // Valid (checked by the caller), so a civil day.
    const absl::CivilDay day = *FromProtoDate(input.publish_date());
    const absl::CivilDay first = absl::ToCivilDay(options.earliest_time, absl::UTCTimeZone());
    const absl::CivilDay last = absl::ToCivilDay(latest, absl::UTCTimeZone());
    if (day < first || day > last) {
      return InvalidFieldError(
          "document.publish_date", "TIME_OUT_OF_RANGE",
          absl::StrCat("document.publish_date ", absl::FormatCivilTime(day), " must lie between ",
                       absl::FormatCivilTime(first), " and ", absl::FormatCivilTime(last), " (",
                       absl::FormatDuration(options.max_time_ahead), " after ingest received it)"));
    }
  }
  return absl::OkStatus();
}

// Every metadata field against its cap (PrepareOptions).
absl::Status CheckMetadata(const v1::DocumentInput& input, const PrepareOptions& options) {
  DOSSIER_RETURN_IF_ERROR(CheckLength(input.client_key(), options.max_client_key_bytes,
                                      "document.client_key", "CLIENT_KEY_TOO_LONG"));
  DOSSIER_RETURN_IF_ERROR(
      CheckLength(input.title(), options.max_title_bytes, "document.title", "TITLE_TOO_LONG"));
  DOSSIER_RETURN_IF_ERROR(
      CheckLength(input.outlet(), options.max_outlet_bytes, "document.outlet", "OUTLET_TOO_LONG"));
  DOSSIER_RETURN_IF_ERROR(CheckLength(input.dateline(), options.max_dateline_bytes,
                                      "document.dateline", "DATELINE_TOO_LONG"));
  DOSSIER_RETURN_IF_ERROR(
      CheckLength(input.url(), options.max_url_bytes, "document.url", "URL_TOO_LONG"));
  if (input.labels_size() > options.max_labels) {
    return InvalidFieldError("document.labels", "TOO_MANY_LABELS",
                             absl::StrCat("document.labels has ", input.labels_size(),
                                          " entries; the limit is ", options.max_labels));
  }
  for (const auto& [key, value] : input.labels()) {
    if (key.empty()) {
      return InvalidFieldError("document.labels", "EMPTY_LABEL_KEY",
                               "document.labels has an entry with an empty key");
    }
    if (key.size() > options.max_label_key_bytes) {
      return InvalidFieldError("document.labels", "LABEL_KEY_TOO_LONG",
                               absl::StrCat("a key of document.labels is ", key.size(),
                                            " bytes; the limit is ", options.max_label_key_bytes));
    }
    DOSSIER_RETURN_IF_ERROR(CheckLength(value, options.max_label_value_bytes,
                                        absl::StrCat("document.labels[\"", key, "\"]"),
                                        "LABEL_VALUE_TOO_LONG"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Document> PrepareDocument(const v1::DocumentInput& input,
                                             const PrepareOptions& options, absl::Time now) {
  const bool from_bytes = input.content_case() == v1::DocumentInput::kTextBytes;
  const std::string field = from_bytes ? "document.text_bytes" : "document.text";
  const std::string& raw = from_bytes ? input.text_bytes() : input.text();
  if (raw.empty()) {
    return InvalidFieldError(field, "EMPTY_TEXT",
                             from_bytes ? "document.text_bytes must not be empty"
                                        : "document.text is required and must not be empty");
  }
  if (raw.size() > options.max_document_bytes) {
    return InvalidFieldError(field, "TEXT_TOO_LARGE",
                             absl::StrCat(field, " is ", raw.size(), " bytes; the limit is ",
                                          options.max_document_bytes));
  }
  if (const int64_t bad = FirstInvalidUtf8(raw); bad >= 0) {
    return InvalidFieldError(
        field, "TEXT_NOT_UTF8",
        absl::StrCat(field, " is not valid UTF-8: bad byte 0x",
                     absl::Hex(static_cast<uint8_t>(raw[bad]), absl::kZeroPad2), " at offset ",
                     bad));
  }
  DOSSIER_RETURN_IF_ERROR(CheckMetadata(input, options));
  for (const std::string* s :
       {&input.client_key(), &input.title(), &input.outlet(), &input.dateline(), &input.url()}) {
    if (FirstInvalidUtf8(*s) >= 0) {
      return InvalidFieldError("document", "FIELD_NOT_UTF8",
                               "a metadata field of document is not UTF-8");
    }
  }
  const bool has_date = input.has_publish_date();
  if (has_date && !IsFullDate(input.publish_date())) {
    return InvalidFieldError(
        "document.publish_date", "INVALID_DATE",
        absl::StrFormat("document.publish_date is not a calendar date: "
                        "%04d-%02d-%02d (year, month, day)",
                        input.publish_date().year(), input.publish_date().month(),
                        input.publish_date().day()));
  }
  // Before the article is read: its dateline year is inferred back from
  // the receive time.
  DOSSIER_RETURN_IF_ERROR(CheckTimes(input, options, now));

  const absl::Time received =
      input.has_receive_time() ? FromProtoTimestamp(input.receive_time()) : now;
  ParsedArticle article =
      ParseArticle(NormalizeText(raw), absl::ToCivilDay(received, absl::UTCTimeZone()));
  v1::Document document;
  document.set_text(std::move(article.text));
  if (document.text().empty() && HasVisibleCharacter(raw)) {
    return InvalidFieldError(
        field, "EMPTY_TEXT",
        absl::StrCat(field, " has no visible text once scraper residue is removed"));
  }
  if (!HasVisibleCharacter(document.text())) {
    return InvalidFieldError(
        field, "NO_VISIBLE_TEXT",
        absl::StrCat(field,
                     " has no visible character: only control characters (such as "
                     "NUL bytes), format characters or spaces"));
  }
  document.set_original_text(raw);
  document.set_content_hash(Hash128Hex(document.text()));
  document.set_client_key(input.client_key());
  document.set_id(input.client_key().empty() ? DocumentIdForText(document.text())
                                             : DocumentIdForClientKey(input.client_key()));
  document.set_name(DocumentName(document.id()));
  v1::DocumentMetadata* metadata = document.mutable_metadata();
  // The client's values win; the text fills what it left out.
  auto set = [](const std::string& client, const std::string& extracted, std::string* value,
                v1::Provenance* provenance) {
    if (!client.empty()) {
      *value = client;
      *provenance = v1::PROVENANCE_CLIENT;
    } else if (!extracted.empty()) {
      *value = extracted;
      *provenance = v1::PROVENANCE_EXTRACTED;
    }
  };
  v1::Provenance provenance = v1::PROVENANCE_UNSPECIFIED;
  std::string value;
  set(input.title(), article.title, &value, &provenance);
  metadata->set_title(value);
  metadata->set_title_provenance(provenance);
  value.clear();
  provenance = v1::PROVENANCE_UNSPECIFIED;
  set(input.outlet(), article.outlet, &value, &provenance);
  metadata->set_outlet(value);
  metadata->set_outlet_provenance(provenance);
  value.clear();
  provenance = v1::PROVENANCE_UNSPECIFIED;
  set(input.dateline(), article.dateline, &value, &provenance);
  metadata->set_dateline(value);
  metadata->set_dateline_provenance(provenance);
  if (has_date) {
    *metadata->mutable_publish_date() = input.publish_date();
    metadata->set_publish_date_provenance(v1::PROVENANCE_CLIENT);
  } else if (article.date.has_value()) {
    *metadata->mutable_publish_date() = ToProtoDate(*article.date);
    metadata->set_publish_date_provenance(article.date_year_inferred ? v1::PROVENANCE_INFERRED
                                                                     : v1::PROVENANCE_EXTRACTED);
  }
  metadata->set_url(input.url());
  *document.mutable_labels() = input.labels();
  // Kept: it dates the document when the text gives no date.
  if (input.has_receive_time()) *document.mutable_receive_time() = input.receive_time();
  return document;
}

}  // namespace dossier::ingest
