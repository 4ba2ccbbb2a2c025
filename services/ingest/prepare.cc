#include "services/ingest/prepare.h"

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "services/ingest/article.h"
#include "services/ingest/normalizer.h"

namespace dossier::ingest {

absl::StatusOr<v1::Document> PrepareDocument(const v1::DocumentInput& input,
                                             const PrepareOptions& options, absl::Time now) {
  const bool from_bytes = input.content_case() == v1::DocumentInput::kTextBytes;
  const std::string field = from_bytes ? "document.text_bytes" : "document.text";
  const std::string& raw = from_bytes ? input.text_bytes() : input.text();
  if (raw.empty()) {
    return InvalidFieldError("document.text", "EMPTY_TEXT",
                             "document.text is required and must not be empty");
  }
  if (raw.size() > options.max_document_bytes) {
    return InvalidFieldError(
        field, "TEXT_TOO_LARGE",
        absl::StrCat(field, " is ", raw.size(), " bytes; the limit is ",
                     options.max_document_bytes));
  }
  if (const int64_t bad = FirstInvalidUtf8(raw); bad >= 0) {
    return InvalidFieldError(
        field, "TEXT_NOT_UTF8",
        absl::StrCat(field, " is not valid UTF-8: bad byte 0x",
                     absl::Hex(static_cast<uint8_t>(raw[bad]), absl::kZeroPad2),
                     " at offset ", bad));
  }
  if (input.client_key().size() > options.max_client_key_bytes) {
    return InvalidFieldError(
        "document.client_key", "CLIENT_KEY_TOO_LONG",
        absl::StrCat("document.client_key is ", input.client_key().size(),
                     " bytes; the limit is ", options.max_client_key_bytes));
  }
  if (input.labels_size() > options.max_labels) {
    return InvalidFieldError(
        "document.labels", "TOO_MANY_LABELS",
        absl::StrCat("document.labels has ", input.labels_size(),
                     " entries; the limit is ", options.max_labels));
  }
  for (const std::string* s :
       {&input.client_key(), &input.title(), &input.outlet(), &input.dateline(),
        &input.url()}) {
    if (FirstInvalidUtf8(*s) >= 0) {
      return InvalidFieldError("document", "FIELD_NOT_UTF8",
                               "a metadata field of document is not UTF-8");
    }
  }
  const bool has_date = input.has_publish_date();
  if (has_date && !IsFullDate(input.publish_date())) {
    return InvalidFieldError(
        "document.publish_date", "INVALID_DATE",
        absl::StrCat("document.publish_date is not a calendar date: ",
                     input.publish_date().ShortDebugString()));
  }

  const absl::Time received =
      input.has_receive_time() ? FromProtoTimestamp(input.receive_time()) : now;
  ParsedArticle article =
      ParseArticle(NormalizeText(raw), absl::ToCivilDay(received, absl::UTCTimeZone()));
  v1::Document document;
  document.set_text(std::move(article.text));
  if (document.text().empty()) {
    return InvalidFieldError(
        field, "EMPTY_TEXT",
        absl::StrCat(field, " has no visible text once scraper residue is removed"));
  }
  document.set_original_text(raw);
  document.set_content_hash(Hash128Hex(document.text()));
  document.set_client_key(input.client_key());
  document.set_id(input.client_key().empty()
                      ? DocumentIdForText(document.text())
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
    metadata->set_publish_date_provenance(v1::PROVENANCE_EXTRACTED);
  }
  metadata->set_url(input.url());
  *document.mutable_labels() = input.labels();
  return document;
}

}  // namespace dossier::ingest
