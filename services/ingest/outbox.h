// The ingest outbox: documents accepted but not yet committed by the query
// service, and the status of every document this ingest has accepted.
//
// Column families and keys (integers big-endian, ids as 16 raw bytes):
//   outbox   seq(8)   -> v1::Document as accepted (id, texts, metadata)
//            One entry per document on its way downstream, in acceptance
//            order. Removed once the query service has committed it.
//   status   id(16)   -> v1::DocumentStatus
//            Every document ever accepted: its state, attempts, last error.
//   content  hash(16) -> id(16)
//            The first document accepted with this normalised text (its
//            content hash): later ones with the same text are duplicates.
//   recent_signatures  accept time(8, µs since the epoch) id(16) -> MinHash
//            signature (60 × u16, little-endian; stores from before kept
//            60 × u32, which still read): what the in-memory near-duplicate
//            index (lsh_index.h) is rebuilt from. In time order, so a
//            start reads only the window it needs. (An older family,
//            "signatures", keyed by id alone, is dropped at start.)
//
// Acceptance writes the outbox entry and the status in one synced batch, so
// an acknowledged document is on disk before the client hears of it.
#ifndef DOSSIER_SERVICES_INGEST_OUTBOX_H_
#define DOSSIER_SERVICES_INGEST_OUTBOX_H_

#include <cstdint>
#include <memory>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store.h"
#include "dossier/v1/document.pb.h"
#include "dossier/v1/ingest_service.pb.h"
#include "services/ingest/minhash.h"

namespace dossier::ingest {

class Outbox {
 public:
  static absl::StatusOr<std::unique_ptr<Outbox>> Open(const std::string& path,
                                                      const StoreOptions& rocks);

  // Sequences of the entries waiting downstream, oldest first.
  absl::StatusOr<std::vector<uint64_t>> PendingSequences() const;
  // One past the highest sequence in use.
  absl::StatusOr<uint64_t> NextSequence() const;

  struct Accepted {
    uint64_t sequence;
    const v1::Document* document;
    const v1::DocumentStatus* status;
    const Signature* signature;
  };
  // Stores the documents, their statuses, content hashes and LSH entries in
  // one synced batch.
  absl::Status Accept(const std::vector<Accepted>& accepted);

  // The id of the document first accepted with this content hash (hex), if
  // any.
  absl::StatusOr<std::optional<std::string>> FindContent(absl::string_view content_hash) const;

  // Calls `fn` with every stored signature accepted at `since` or later,
  // in acceptance order.
  absl::Status ForEachSignature(
      absl::Time since,
      const std::function<void(const std::string& id, const Signature&, absl::Time)>& fn) const;

  // The entry at `sequence`; NOT_FOUND when it is gone.
  absl::StatusOr<v1::Document> Load(uint64_t sequence) const;

  // NOT_FOUND when the id was never accepted here.
  absl::StatusOr<v1::DocumentStatus> GetStatus(absl::string_view id) const;

  // Compacts the outbox family: when it has drained, its blob files (all
  // garbage then) are deleted.
  absl::Status CompactEntries();

  // Writes statuses (not synced: they can be recomputed from the outbox
  // after a crash) and removes the outbox entries of `done`.
  absl::Status Update(const std::vector<const v1::DocumentStatus*>& statuses,
                      const std::vector<uint64_t>& done);

 private:
  explicit Outbox(std::unique_ptr<Store> store) : store_(std::move(store)) {}
  const std::unique_ptr<Store> store_;
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_OUTBOX_H_
