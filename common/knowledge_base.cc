#include "common/knowledge_base.h"

#include <fstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace dossier {

std::optional<v1::EntityType> EntityTypeFromShortName(absl::string_view name) {
  const std::string word = absl::AsciiStrToLower(name);
  if (word == "person" || word == "per") return v1::ENTITY_TYPE_PERSON;
  if (word == "org" || word == "organization" || word == "organisation") {
    return v1::ENTITY_TYPE_ORGANIZATION;
  }
  if (word == "location" || word == "loc" || word == "place") return v1::ENTITY_TYPE_LOCATION;
  if (word == "misc") return v1::ENTITY_TYPE_MISC;
  return std::nullopt;
}

absl::string_view EntityTypeShortName(v1::EntityType type) {
  switch (type) {
    case v1::ENTITY_TYPE_PERSON:
      return "person";
    case v1::ENTITY_TYPE_ORGANIZATION:
      return "org";
    case v1::ENTITY_TYPE_LOCATION:
      return "location";
    case v1::ENTITY_TYPE_MISC:
      return "misc";
    default:
      return "";
  }
}

absl::StatusOr<v1::KnowledgeBaseEntity> ParseKnowledgeBaseLine(absl::string_view line) {
  // Read as a JSON object first, so that a short type name can stand in
  // for the enum's.
  google::protobuf::Struct object;
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(line), &object);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a JSON object: ", parsed.message().as_string()));
  }
  auto type = object.mutable_fields()->find("type");
  if (type != object.mutable_fields()->end() && type->second.has_string_value()) {
    const std::string& given = type->second.string_value();
    // The enum's names, with or without their prefix, as the JSON mapping
    // and people write them.
    v1::EntityType value;
    if (v1::EntityType_Parse(given, &value) ||
        v1::EntityType_Parse(absl::StrCat("ENTITY_TYPE_", given), &value)) {
      type->second.set_string_value(v1::EntityType_Name(value));
    } else if (auto short_name = EntityTypeFromShortName(given)) {
      type->second.set_string_value(v1::EntityType_Name(*short_name));
    } else {
      return absl::InvalidArgumentError(absl::StrCat(
          "\"type\": \"", given, "\" is no entity type (person, org, location or misc)"));
    }
  }
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(object, &json);
  v1::KnowledgeBaseEntity entity;
  parsed = google::protobuf::util::JsonStringToMessage(json, &entity);
  if (!parsed.ok()) return absl::InvalidArgumentError(parsed.message().as_string());
  if (entity.name().empty()) return absl::InvalidArgumentError("\"name\" is required");
  if (entity.type() == v1::ENTITY_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError("\"type\" is required: person, org, location or misc");
  }
  return entity;
}

absl::StatusOr<std::vector<v1::KnowledgeBaseEntity>> ReadKnowledgeBaseFile(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::vector<v1::KnowledgeBaseEntity> entities;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    auto entity = ParseKnowledgeBaseLine(line);
    if (!entity.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": ", entity.status().message()));
    }
    entities.push_back(*std::move(entity));
  }
  return entities;
}

}  // namespace dossier
