// From what a client sent to the document dossier keeps: validation,
// normalisation, metadata and the id. Pure; no I/O.
#ifndef DOSSIER_SERVICES_INGEST_PREPARE_H_
#define DOSSIER_SERVICES_INGEST_PREPARE_H_

#include <cstddef>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/api_limits.h"
#include "dossier/v1/document.pb.h"

namespace dossier::ingest {

// Caps on what a client may send. Each is documented, with its value, on
// its field in protos/dossier/v1/document.proto; change both together.
struct PrepareOptions {
  // Largest text accepted, in bytes, before normalisation.
  // Default: 2 MiB.
  size_t max_document_bytes = size_t{2} << 20;
  // Longest client key, in bytes.
  // Default: 1024.
  size_t max_client_key_bytes = 1024;
  // Longest title, in bytes. Headlines run to a few hundred characters;
  // 2 KiB holds 680 characters of a script that takes 3 bytes each.
  // Default: 2048.
  size_t max_title_bytes = 2048;
  // Longest outlet name and dateline place, in bytes.
  // Default: 256.
  size_t max_outlet_bytes = kMaxOutletBytes;
  size_t max_dateline_bytes = 256;
  // Longest URL, in bytes: the 8,000 octets RFC 9110 (section 4.1) asks
  // every HTTP party to support, rounded up.
  // Default: 8192.
  size_t max_url_bytes = 8192;
  // Most labels per document, and the longest key and value of one, in
  // bytes. Keys must not be empty.
  // Default: 32, 128, 1024.
  int max_labels = 32;
  size_t max_label_key_bytes = 128;
  size_t max_label_value_bytes = 1024;
  // The window `receive_time` and `publish_date` must fall in: from
  // `earliest_time` to `max_time_ahead` past the moment ingest receives
  // the document. The floor is older than any newspaper in digitised
  // archives; the margin ahead covers clocks a little fast and a date
  // given in a time zone ahead of UTC (at most 14 hours). Outside it a
  // time is a client bug (a zero, milliseconds sent as seconds), and a
  // receive time fixes the year of every dateline that has none.
  // Default: 1700-01-01T00:00:00Z and 24 hours.
  absl::Time earliest_time =
      absl::FromCivil(absl::CivilSecond(1700, 1, 1, 0, 0, 0), absl::UTCTimeZone());
  absl::Duration max_time_ahead = absl::Hours(24);
};

// INVALID_ARGUMENT, naming the field (as "document.<field>") and the
// reason (ErrorInfo), for:
//   EMPTY_TEXT          no text, an empty one, or nothing left after cleaning
//   NO_VISIBLE_TEXT     only control, format or space characters (NUL bytes...)
//   TEXT_TOO_LARGE      text over max_document_bytes
//   TEXT_NOT_UTF8       text_bytes not UTF-8 (the message gives the offset)
//   FIELD_NOT_UTF8      a metadata string not UTF-8
//   <FIELD>_TOO_LONG    CLIENT_KEY, TITLE, OUTLET, DATELINE, URL, LABEL_KEY,
//                       LABEL_VALUE: over its cap above
//   TOO_MANY_LABELS     more than max_labels
//   EMPTY_LABEL_KEY     a label with an empty key
//   INVALID_DATE        publish_date not a calendar date
//   INVALID_TIMESTAMP   receive_time not a valid Timestamp (nanos outside
//                       [0, 1e9))
//   TIME_OUT_OF_RANGE   receive_time or publish_date outside the window above
// Otherwise the document with id, name, content hash, original and cleaned
// text (article.h) and metadata: what the client gave (provenance CLIENT)
// and, where it gave nothing, what the text says (provenance EXTRACTED).
// `now` is when ingest received the document: it stands for the receive
// time when the client gives none, and anchors the window above;
// accept_time is left for the caller.
absl::StatusOr<v1::Document> PrepareDocument(const v1::DocumentInput& input,
                                             const PrepareOptions& options, absl::Time now);

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_PREPARE_H_
