// The curation commands of the `dossier` CLI, over RegistryService: merge
// two entities, add or split off an alias, import a knowledge base.
#ifndef DOSSIER_CLI_REGISTRY_COMMANDS_H_
#define DOSSIER_CLI_REGISTRY_COMMANDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/output.h"
#include "dossier/v1/registry_service.pb.h"

namespace dossier::cli {

// Merges `entity` into `into` (ids or names) and prints the result.
int RunMerge(const std::string& entity, const std::string& into, const Endpoints& endpoints);
// Adds `alias` to `entity`.
int RunAlias(const std::string& entity, const std::string& alias, const Endpoints& endpoints);
// Splits the keys of `entity` spelled `alias` off into an entity of their
// own.
int RunSplit(const std::string& entity, const std::string& alias, const Endpoints& endpoints);
// Takes back the alias `alias` of `entity`; documents that linked by it
// go to an entity of their own.
int RunUnalias(const std::string& entity, const std::string& alias, const Endpoints& endpoints);

// Gives `entity` the type `type`.
int RunRetype(const std::string& entity, v1::EntityType type, const Endpoints& endpoints);

struct ImportOptions {
  // Entities per call: at most 1,000 (the service's limit); a call is also
  // cut at 2 MiB.
  int batch_size = 500;
  bool progress = true;
};
// Imports the JSON Lines knowledge base at `path` ("-" reads stdin). The
// whole file is read and checked first: a bad line imports nothing and is
// reported with its number (exit 65). Then the entities go in batches;
// prints how many were imported and how many were new.
int RunImportKb(const std::string& path, const ImportOptions& options, const Endpoints& endpoints);

}  // namespace dossier::cli

#endif  // DOSSIER_CLI_REGISTRY_COMMANDS_H_
