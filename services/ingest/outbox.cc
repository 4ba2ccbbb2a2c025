#include "services/ingest/outbox.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/keys.h"
#include "common/status.h"
#include "common/time_util.h"

namespace dossier::ingest {
namespace {

enum ColumnFamily : size_t {
  kOutbox = 0,
  kStatus = 1,
  kContent = 2,
  kSignatures = 3,
};

// The families as the store opens them, row i for ColumnFamily i.
constexpr ColumnFamilyRow<ColumnFamily> kColumnFamilies[] = {
    {kOutbox, "outbox", nullptr, 0, ColumnFamilySpec::Values::kTransient},
    // Read by id or hash alone.
    {kStatus, "status", nullptr, 16},
    {kContent, "content", nullptr, 16},
    {kSignatures, "recent_signatures"},
};
static_assert(InEnumOrder(kColumnFamilies), "kColumnFamilies out of ColumnFamily's order");

class RocksOutbox final : public Outbox {
 public:
  explicit RocksOutbox(std::unique_ptr<Store> store) : store_(std::move(store)) {}

  absl::StatusOr<std::vector<uint64_t>> PendingSequences() const override;
  absl::StatusOr<uint64_t> NextSequence() const override;
  absl::Status Accept(const std::vector<Accepted>& accepted) override;
  absl::StatusOr<std::optional<std::string>> FindContent(
      absl::string_view content_hash) const override;
  absl::Status ForEachSignature(absl::Time since,
                                const std::function<void(const std::string& id, const Signature&,
                                                         absl::Time)>& fn) const override;
  absl::StatusOr<v1::Document> Load(uint64_t sequence) const override;
  absl::StatusOr<v1::DocumentStatus> GetStatus(absl::string_view id) const override;
  absl::Status CompactEntries() override;
  absl::Status Update(const std::vector<const v1::DocumentStatus*>& statuses,
                      const std::vector<uint64_t>& done) override;
  StoreStats Stats() const override { return store_->Stats(); }
  absl::Status Forget(const v1::DocumentStatus& deleted) override;
  absl::StatusOr<std::vector<int64_t>> CountStates() const override;
  absl::StatusOr<std::optional<absl::Time>> OldestEntry() const override;
  int64_t BytesOnDisk() const override;

 private:
  const std::unique_ptr<Store> store_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Outbox>> Outbox::Open(const std::string& path,
                                                     const StoreOptions& rocks) {
  StoreOptions options = rocks;
  options.path = path;
  DOSSIER_ASSIGN_OR_RETURN(auto store, Store::Open(options, SpecsOf(kColumnFamilies)));
  // Signatures keyed by id alone, as an older layout kept them.
  DOSSIER_RETURN_IF_ERROR(store->DropUnlisted("signatures"));
  return std::make_unique<RocksOutbox>(std::move(store));
}

absl::StatusOr<std::vector<uint64_t>> RocksOutbox::PendingSequences() const {
  std::vector<uint64_t> out;
  auto it = store_->NewIterator(store_->cf(kOutbox));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.push_back(ReadBigEndian64(ToView(it->key())));
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "scan outbox"));
  return out;
}

absl::StatusOr<uint64_t> RocksOutbox::NextSequence() const {
  auto it = store_->NewIterator(store_->cf(kOutbox));
  it->SeekToLast();
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "scan outbox"));
  return it->Valid() ? ReadBigEndian64(ToView(it->key())) + 1 : 0;
}

absl::Status RocksOutbox::Accept(const std::vector<Accepted>& accepted) {
  rocksdb::WriteBatch batch;
  for (const Accepted& a : accepted) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch.Put(store_->cf(kOutbox), BigEndian64(a.sequence), a.document->SerializeAsString())));
    const std::string id_key = IdToKey(a.document->id());
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(batch.Put(store_->cf(kStatus), id_key, a.status->SerializeAsString())));
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch.Put(store_->cf(kContent), IdToKey(a.document->content_hash()), id_key)));
    if (a.signature != nullptr) {
      const int64_t micros = absl::ToUnixMicros(FromProtoTimestamp(a.document->accept_time()));
      DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
          batch.Put(store_->cf(kSignatures), BigEndian64(static_cast<uint64_t>(micros)) + id_key,
                    EncodeSignature(*a.signature))));
    }
  }
  return store_->Write(&batch, /*sync=*/true);
}

absl::StatusOr<std::optional<std::string>> RocksOutbox::FindContent(
    absl::string_view content_hash) const {
  auto value = store_->Get(store_->cf(kContent), IdToKey(content_hash));
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) return std::nullopt;
    return value.status();
  }
  return KeyToId(*value);
}

absl::Status RocksOutbox::ForEachSignature(
    absl::Time since,
    const std::function<void(const std::string& id, const Signature&, absl::Time)>& fn) const {
  constexpr size_t kKeyBytes = 8 + 16;
  const std::string start =
      BigEndian64(static_cast<uint64_t>(std::max<int64_t>(0, absl::ToUnixMicros(since))));
  auto it = store_->NewIterator(store_->cf(kSignatures));
  Signature signature;
  for (it->Seek(ToSlice(start)); it->Valid(); it->Next()) {
    const absl::string_view key = ToView(it->key());
    if (key.size() != kKeyBytes || !DecodeSignature(ToView(it->value()), &signature)) continue;
    const int64_t micros = static_cast<int64_t>(ReadBigEndian64(key));
    fn(KeyToId(key.substr(8)), signature, absl::FromUnixMicros(micros));
  }
  return FromRocksStatus(it->status(), "signatures");
}

absl::StatusOr<v1::Document> RocksOutbox::Load(uint64_t sequence) const {
  DOSSIER_ASSIGN_OR_RETURN(std::string value,
                           store_->Get(store_->cf(kOutbox), BigEndian64(sequence)));
  v1::Document document;
  if (!document.ParseFromString(value)) {
    return absl::DataLossError(absl::StrCat("outbox entry ", sequence, " does not parse"));
  }
  return document;
}

absl::StatusOr<v1::DocumentStatus> RocksOutbox::GetStatus(absl::string_view id) const {
  auto value = store_->Get(store_->cf(kStatus), IdToKey(id));
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) {
      return ErrorWithReason(absl::StatusCode::kNotFound, "DOCUMENT_NOT_FOUND",
                             absl::StrCat("no document ", DocumentName(id), " was accepted here"));
    }
    return value.status();
  }
  v1::DocumentStatus status;
  if (!status.ParseFromString(*value)) {
    return absl::DataLossError(absl::StrCat("status of ", id, " does not parse"));
  }
  return status;
}

absl::Status RocksOutbox::CompactEntries() { return store_->Compact(store_->cf(kOutbox)); }

absl::Status RocksOutbox::Update(const std::vector<const v1::DocumentStatus*>& statuses,
                                 const std::vector<uint64_t>& done) {
  rocksdb::WriteBatch batch;
  for (const v1::DocumentStatus* status : statuses) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Put(
        store_->cf(kStatus), IdToKey(status->document_id()), status->SerializeAsString())));
  }
  for (uint64_t sequence : done) {
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(batch.Delete(store_->cf(kOutbox), BigEndian64(sequence))));
  }
  return store_->Write(&batch, /*sync=*/false);
}

absl::Status RocksOutbox::Forget(const v1::DocumentStatus& deleted) {
  rocksdb::WriteBatch batch;
  const std::string id_key = IdToKey(deleted.document_id());
  DOSSIER_RETURN_IF_ERROR(
      FromRocksStatus(batch.Put(store_->cf(kStatus), id_key, deleted.SerializeAsString())));
  if (deleted.has_accept_time()) {
    const int64_t micros = absl::ToUnixMicros(FromProtoTimestamp(deleted.accept_time()));
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Delete(
        store_->cf(kSignatures), BigEndian64(static_cast<uint64_t>(micros)) + id_key)));
  }
  return store_->Write(&batch, /*sync=*/true);
}

absl::StatusOr<std::vector<int64_t>> RocksOutbox::CountStates() const {
  std::vector<int64_t> out(v1::DocumentState_ARRAYSIZE, 0);
  // The family is hashed by id (prefix_length): a scan of all of it must
  // say so.
  rocksdb::ReadOptions options;
  options.total_order_seek = true;
  auto it = store_->NewIterator(store_->cf(kStatus), options);
  v1::DocumentStatus status;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (!status.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
      return absl::DataLossError("a stored status does not parse");
    }
    const int state = static_cast<int>(status.state());
    if (state >= 0 && state < static_cast<int>(out.size())) ++out[state];
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "count statuses"));
  return out;
}

absl::StatusOr<std::optional<absl::Time>> RocksOutbox::OldestEntry() const {
  auto it = store_->NewIterator(store_->cf(kOutbox));
  it->SeekToFirst();
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "scan outbox"));
  if (!it->Valid()) return std::nullopt;
  v1::Document document;
  if (!document.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
    return absl::DataLossError("the oldest outbox entry does not parse");
  }
  return FromProtoTimestamp(document.accept_time());
}

int64_t RocksOutbox::BytesOnDisk() const { return static_cast<int64_t>(store_->Disk().total); }

}  // namespace dossier::ingest
