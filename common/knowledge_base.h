// Knowledge bases as files: JSON Lines of dossier.v1.KnowledgeBaseEntity
// (the protobuf JSON mapping: "name", "aliases", "type", "externalIds",
// "coordinates"), which `dossier import-kb` sends to the registry,
// `dossier-tagger` tools read as known names and `dossier-eval-linking`
// imports before it links. One reader for all of them, so that a file one
// takes the others take too.
#ifndef DOSSIER_COMMON_KNOWLEDGE_BASE_H_
#define DOSSIER_COMMON_KNOWLEDGE_BASE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "dossier/v1/annotations.pb.h"
#include "dossier/v1/registry_service.pb.h"

namespace dossier {

// An entity type by the short name people type: person (per), org
// (organization, organisation), location (loc, place) or misc, in any
// case; nullopt for anything else.
std::optional<v1::EntityType> EntityTypeFromShortName(absl::string_view name);

// The short name of a type, as the CLI's --type takes it: "person", "org",
// "location", "misc"; "" for UNSPECIFIED.
absl::string_view EntityTypeShortName(v1::EntityType type);

// One line: a JSON object of KnowledgeBaseEntity whose "type" is the enum's
// name ("ENTITY_TYPE_PERSON", "PERSON") or a short name ("person").
// INVALID_ARGUMENT saying what is wrong: not a JSON object, a field the
// message does not have ("alias"), no "name", no or an unknown "type".
absl::StatusOr<v1::KnowledgeBaseEntity> ParseKnowledgeBaseLine(absl::string_view line);

// Every line of the file at `path` but blank ones, each read by
// ParseKnowledgeBaseLine. NOT_FOUND when the file cannot be read;
// INVALID_ARGUMENT "PATH:LINE: what is wrong" at the first bad line.
absl::StatusOr<std::vector<v1::KnowledgeBaseEntity>> ReadKnowledgeBaseFile(const std::string& path);

}  // namespace dossier

#endif  // DOSSIER_COMMON_KNOWLEDGE_BASE_H_
