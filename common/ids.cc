#include "common/ids.h"

#include <xxhash.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace dossier {

std::string Hash128Hex(absl::string_view data) {
  const XXH128_hash_t h = XXH3_128bits(data.data(), data.size());
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, h);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(canonical.digest), sizeof(canonical.digest)));
}

uint64_t Hash64(absl::string_view data) { return XXH3_64bits(data.data(), data.size()); }

uint64_t MessageHash64(absl::string_view prefix, const google::protobuf::Message& message) {
  std::string bytes(prefix);
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&coded);
  }
  return Hash64(bytes);
}

std::string DocumentIdForClientKey(absl::string_view client_key) {
  return Hash128Hex(absl::StrCat("key:", client_key));
}

std::string DocumentIdForText(absl::string_view normalised_text) {
  return Hash128Hex(absl::StrCat("text:", normalised_text));
}

std::string DocumentName(absl::string_view id) { return absl::StrCat("documents/", id); }

absl::StatusOr<std::string> ParseResourceName(absl::string_view name, absl::string_view collection,
                                              absl::string_view field) {
  absl::string_view id = name;
  const std::string prefix = absl::StrCat(collection, "/");
  if (absl::StartsWith(id, prefix)) id.remove_prefix(prefix.size());
  bool ok = id.size() == 32;
  for (char c : id) ok = ok && absl::ascii_isxdigit(static_cast<unsigned char>(c));
  if (!ok) {
    return InvalidFieldError(field, "INVALID_NAME",
                             absl::StrCat(field, " must be \"", collection,
                                          "/{id}\" or an id of 32 hex "
                                          "digits; got \"",
                                          name.substr(0, 80), "\""));
  }
  return absl::AsciiStrToLower(id);
}

std::string IdToKey(absl::string_view id) { return absl::HexStringToBytes(id); }

std::string KeyToId(absl::string_view key) { return absl::BytesToHexString(key); }

int ShardOf(absl::string_view id, int shards) {
  if (shards <= 1) return 0;
  // The id is already a uniform hash: its first 8 bytes suffice.
  const std::string key = IdToKey(id.substr(0, 16));
  uint64_t v = 0;
  for (unsigned char c : key) v = (v << 8) | c;
  return static_cast<int>(v % static_cast<uint64_t>(shards));
}

}  // namespace dossier
