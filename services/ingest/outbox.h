// The ingest outbox: documents accepted but not yet committed by the query
// service, and the status of every document this ingest has accepted.
//
// Column families and keys (integers big-endian, ids as 16 raw bytes):
//   outbox   seq(8)   -> v1::Document as accepted (id, texts, metadata)
//            One entry per document on its way downstream, in acceptance
//            order. Removed once the query service has committed it.
//   status   id(16)   -> v1::DocumentStatus
//            Every document ever accepted: its state, attempts, last error.
//            A deleted one keeps DOCUMENT_STATE_DELETED and its times.
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
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/store.h"
#include "dossier/v1/document.pb.h"
#include "dossier/v1/ingest_service.pb.h"
#include "services/ingest/minhash.h"

namespace dossier::ingest {

// The interface is what the ingestor needs of its store; Open gives the
// RocksDB implementation. (Tests wrap it to inject storage faults.) Every
// method is thread-safe. Errors are RocksDB's, mapped by FromRocksStatus:
// UNAVAILABLE for I/O errors (a full disk), DATA_LOSS for corruption or an
// entry that does not parse.
class Outbox {
 public:
  static absl::StatusOr<std::unique_ptr<Outbox>> Open(const std::string& path,
                                                      const StoreOptions& rocks);
  virtual ~Outbox() = default;

  // Sequences of the entries waiting downstream, oldest first.
  virtual absl::StatusOr<std::vector<uint64_t>> PendingSequences() const = 0;
  // One past the highest sequence in use.
  virtual absl::StatusOr<uint64_t> NextSequence() const = 0;

  struct Accepted {
    uint64_t sequence;
    const v1::Document* document;
    const v1::DocumentStatus* status;
    // Null: no near-duplicate entry.
    const Signature* signature;
  };
  // Stores the documents, their statuses, content hashes and LSH entries in
  // one synced batch.
  virtual absl::Status Accept(const std::vector<Accepted>& accepted) = 0;

  // The id of the document first accepted with this content hash (hex), if
  // any.
  virtual absl::StatusOr<std::optional<std::string>> FindContent(
      absl::string_view content_hash) const = 0;

  // Calls `fn` with every stored signature accepted at `since` or later,
  // in acceptance order.
  virtual absl::Status ForEachSignature(
      absl::Time since,
      const std::function<void(const std::string& id, const Signature&, absl::Time)>& fn) const = 0;

  // The entry at `sequence`; NOT_FOUND when it is gone, DATA_LOSS when it
  // does not parse.
  virtual absl::StatusOr<v1::Document> Load(uint64_t sequence) const = 0;

  // NOT_FOUND when the id was never accepted here; DATA_LOSS when the
  // stored status does not parse.
  virtual absl::StatusOr<v1::DocumentStatus> GetStatus(absl::string_view id) const = 0;

  // Compacts the outbox family: when it has drained, its blob files (all
  // garbage then) are deleted.
  virtual absl::Status CompactEntries() = 0;

  // After a delete downstream: stores `deleted` (DOCUMENT_STATE_DELETED)
  // as the document's status and removes its near-duplicate signature, in
  // one synced batch. (The content hash stays, pointing at an id whose
  // status is DELETED: a hash, not the text, and no longer a duplicate.)
  virtual absl::Status Forget(const v1::DocumentStatus& deleted) {
    return absl::UnimplementedError("this outbox cannot forget");
  }
  // Documents by DocumentState (index = the enum's value), from a scan of
  // every status.
  virtual absl::StatusOr<std::vector<int64_t>> CountStates() const {
    return absl::UnimplementedError("this outbox cannot count");
  }
  // The accept time of the oldest entry waiting downstream; none when the
  // outbox is empty.
  virtual absl::StatusOr<std::optional<absl::Time>> OldestEntry() const {
    return absl::UnimplementedError("this outbox cannot tell");
  }
  // Bytes of the store's SST and blob files.
  virtual int64_t BytesOnDisk() const { return 0; }

  // Writes statuses and removes the outbox entries of `done`, in one batch.
  // Not synced: a status lost in a crash is rebuilt (an entry still in the
  // outbox is delivered again; the query store answers ALREADY_INDEXED).
  virtual absl::Status Update(const std::vector<const v1::DocumentStatus*>& statuses,
                              const std::vector<uint64_t>& done) = 0;

  // RocksDB's statistics of the store, for metrics; empty for an outbox
  // that has none.
  virtual StoreStats Stats() const { return StoreStats(); }
};

}  // namespace dossier::ingest

#endif  // DOSSIER_SERVICES_INGEST_OUTBOX_H_
