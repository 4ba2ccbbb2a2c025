// Reading fields of JSON objects parsed into google.protobuf.Struct (JSON
// Lines imports, the reference corpora).
#ifndef DOSSIER_COMMON_JSON_FIELDS_H_
#define DOSSIER_COMMON_JSON_FIELDS_H_

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/struct.pb.h"

namespace dossier {

// The field's string, or its number written out; "" when the field is
// missing, of another kind, or `field` is empty.
inline std::string JsonFieldString(const google::protobuf::Struct& object,
                                   absl::string_view field) {
  if (field.empty()) return "";
  auto it = object.fields().find(std::string(field));
  if (it == object.fields().end()) return "";
  const google::protobuf::Value& value = it->second;
  if (value.kind_case() == google::protobuf::Value::kStringValue) return value.string_value();
  if (value.kind_case() == google::protobuf::Value::kNumberValue) {
    return absl::StrCat(value.number_value());
  }
  return "";
}

}  // namespace dossier

#endif  // DOSSIER_COMMON_JSON_FIELDS_H_
