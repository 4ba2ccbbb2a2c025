#include "services/ingest/outbox.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/status.h"

namespace dossier::ingest {
namespace {

enum ColumnFamily : size_t {
  kOutbox = 0,
  kStatus = 1,
  kContent = 2,
  kLsh = 3,
  kSignatures = 4,
};

constexpr size_t kLshPrefix = 1 + 8;

std::string LshKey(int band, uint64_t bucket, absl::string_view id_key) {
  std::string key(1, static_cast<char>(band));
  for (int i = 7; i >= 0; --i) key.push_back(static_cast<char>((bucket >> (8 * i)) & 0xFF));
  key.append(id_key.data(), id_key.size());
  return key;
}

std::string SequenceKey(uint64_t sequence) {
  std::string key(8, '\0');
  for (int i = 7; i >= 0; --i) {
    key[i] = static_cast<char>(sequence & 0xFF);
    sequence >>= 8;
  }
  return key;
}

uint64_t ParseSequenceKey(absl::string_view key) {
  uint64_t v = 0;
  for (size_t i = 0; i < 8 && i < key.size(); ++i) {
    v = (v << 8) | static_cast<uint8_t>(key[i]);
  }
  return v;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Outbox>> Outbox::Open(const std::string& path,
                                                     const StoreOptions& rocks) {
  StoreOptions options = rocks;
  options.path = path;
  DOSSIER_ASSIGN_OR_RETURN(
      auto store, Store::Open(options, {{"outbox", nullptr},
                                        {"status", nullptr},
                                        {"content", nullptr},
                                        {"lsh", nullptr, kLshPrefix},
                                        {"signatures", nullptr}}));
  return std::unique_ptr<Outbox>(new Outbox(std::move(store)));
}

absl::StatusOr<std::vector<uint64_t>> Outbox::PendingSequences() const {
  std::vector<uint64_t> out;
  auto it = store_->NewIterator(store_->cf(kOutbox));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    out.push_back(ParseSequenceKey(ToView(it->key())));
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "scan outbox"));
  return out;
}

absl::StatusOr<uint64_t> Outbox::NextSequence() const {
  auto it = store_->NewIterator(store_->cf(kOutbox));
  it->SeekToLast();
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "scan outbox"));
  return it->Valid() ? ParseSequenceKey(ToView(it->key())) + 1 : 0;
}

absl::Status Outbox::Accept(const std::vector<Accepted>& accepted) {
  rocksdb::WriteBatch batch;
  for (const Accepted& a : accepted) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Put(
        store_->cf(kOutbox), SequenceKey(a.sequence),
        a.document->SerializeAsString())));
    const std::string id_key = IdToKey(a.document->id());
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch.Put(store_->cf(kStatus), id_key, a.status->SerializeAsString())));
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Put(
        store_->cf(kContent), IdToKey(a.document->content_hash()), id_key)));
    if (a.signature != nullptr) {
      for (int band = 0; band < kBands; ++band) {
        DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Put(
            store_->cf(kLsh), LshKey(band, BandHash(*a.signature, band), id_key), "")));
      }
      DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
          batch.Put(store_->cf(kSignatures), id_key, EncodeSignature(*a.signature))));
    }
  }
  return store_->Write(&batch, /*sync=*/true);
}

absl::StatusOr<std::optional<std::string>> Outbox::FindContent(
    absl::string_view content_hash) const {
  auto value = store_->Get(store_->cf(kContent), IdToKey(content_hash));
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) return std::nullopt;
    return value.status();
  }
  return KeyToId(*value);
}

absl::StatusOr<std::vector<std::string>> Outbox::NearCandidates(const Signature& signature) const {
  std::vector<std::string> out;
  rocksdb::ReadOptions read_options;
  read_options.prefix_same_as_start = true;
  auto it = store_->NewIterator(store_->cf(kLsh), read_options);
  for (int band = 0; band < kBands; ++band) {
    const std::string prefix = LshKey(band, BandHash(signature, band), "");
    for (it->Seek(ToSlice(prefix)); it->Valid() && it->key().starts_with(ToSlice(prefix));
         it->Next()) {
      out.push_back(KeyToId(ToView(it->key()).substr(kLshPrefix)));
    }
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "lsh"));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

absl::StatusOr<Signature> Outbox::GetSignature(absl::string_view id) const {
  DOSSIER_ASSIGN_OR_RETURN(std::string bytes, store_->Get(store_->cf(kSignatures), IdToKey(id)));
  Signature signature;
  if (!DecodeSignature(bytes, &signature)) {
    return absl::DataLossError(absl::StrCat("signature of ", id, " does not parse"));
  }
  return signature;
}

absl::StatusOr<v1::Document> Outbox::Load(uint64_t sequence) const {
  DOSSIER_ASSIGN_OR_RETURN(std::string value,
                           store_->Get(store_->cf(kOutbox), SequenceKey(sequence)));
  v1::Document document;
  if (!document.ParseFromString(value)) {
    return absl::DataLossError(
        absl::StrCat("outbox entry ", sequence, " does not parse"));
  }
  return document;
}

absl::StatusOr<v1::DocumentStatus> Outbox::GetStatus(absl::string_view id) const {
  auto value = store_->Get(store_->cf(kStatus), IdToKey(id));
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(
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

absl::Status Outbox::Update(const std::vector<const v1::DocumentStatus*>& statuses,
                            const std::vector<uint64_t>& done) {
  rocksdb::WriteBatch batch;
  for (const v1::DocumentStatus* status : statuses) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch.Put(store_->cf(kStatus), IdToKey(status->document_id()),
                  status->SerializeAsString())));
  }
  for (uint64_t sequence : done) {
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(batch.Delete(store_->cf(kOutbox), SequenceKey(sequence))));
  }
  return store_->Write(&batch, /*sync=*/false);
}

}  // namespace dossier::ingest
