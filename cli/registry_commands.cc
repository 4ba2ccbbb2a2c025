#include "cli/registry_commands.h"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "cli/arguments.h"
#include "cli/command_line.h"
#include "common/knowledge_base.h"
#include "dossier/v1/registry_service.grpc.pb.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace dossier::cli {
namespace {

// Prints the entity a curation call left, and says what changed.
int PrintCurated(const std::string& what, const v1::EntityProfile& entity,
                 const Endpoints& endpoints, const google::protobuf::Message& response) {
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  std::printf("%s\n\n", what.c_str());
  PrintEntityProfile(entity);
  return 0;
}

std::unique_ptr<v1::RegistryService::Stub> Registry(const Endpoints& endpoints) {
  return v1::RegistryService::NewStub(MakeChannel(endpoints.query));
}

}  // namespace

int RunMerge(const std::string& entity, const std::string& into, const Endpoints& endpoints) {
  auto stub = Registry(endpoints);
  v1::MergeEntitiesRequest request;
  request.set_entity(entity);
  request.set_into(into);
  v1::MergeEntitiesResponse response;
  const grpc::Status s =
      Call(*stub, &v1::RegistryService::Stub::MergeEntities, request, &response, endpoints);
  if (!s.ok()) return Fail("merge", s, Service::kQuery, endpoints);
  // By the name the entity is shown by, whether `into` was a name or an id.
  return PrintCurated(
      absl::StrCat("merged \"", entity, "\" into ", response.entity().display_name(), " (",
                   response.entity().id(), ")"),
      response.entity(), endpoints, response);
}

int RunAlias(const std::string& entity, const std::string& alias, const Endpoints& endpoints) {
  auto stub = Registry(endpoints);
  v1::AddEntityAliasRequest request;
  request.set_entity(entity);
  request.set_alias(alias);
  v1::AddEntityAliasResponse response;
  const grpc::Status s =
      Call(*stub, &v1::RegistryService::Stub::AddEntityAlias, request, &response, endpoints);
  if (!s.ok()) return Fail("alias", s, Service::kQuery, endpoints);
  return PrintCurated(
      absl::StrCat("\"", alias, "\" now names ", SingleLine(response.entity().display_name())),
      response.entity(), endpoints, response);
}

int RunRetype(const std::string& entity, v1::EntityType type, const Endpoints& endpoints) {
  auto stub = Registry(endpoints);
  v1::SetEntityTypeRequest request;
  request.set_entity(entity);
  request.set_type(type);
  v1::SetEntityTypeResponse response;
  const grpc::Status s =
      Call(*stub, &v1::RegistryService::Stub::SetEntityType, request, &response, endpoints);
  if (!s.ok()) return Fail("retype", s, Service::kQuery, endpoints);
  return PrintCurated(
      absl::StrCat(SingleLine(response.entity().display_name()), " (", response.entity().id(),
                   ") is of type ", TypeName(response.entity().type())),
      response.entity(), endpoints, response);
}

namespace {

// split and unalias: a call on an entity and a name that answers with what
// is left of the entity and, maybe, an entity split off.
template <typename Request, typename Response, typename Method>
int RunSplitting(const char* command, const char* done, const char* from, Method method,
                 const std::string& entity, const std::string& alias, const Endpoints& endpoints) {
  auto stub = Registry(endpoints);
  Request request;
  request.set_entity(entity);
  request.set_alias(alias);
  Response response;
  const grpc::Status s = Call(*stub, method, request, &response, endpoints);
  if (!s.ok()) return Fail(command, s, Service::kQuery, endpoints);
  if (endpoints.json) {
    PrintJson(response);
    return 0;
  }
  std::printf("%s \"%s\" %s %s\n\n", done, alias.c_str(), from,
              SingleLine(response.entity().display_name()).c_str());
  PrintEntityProfile(response.entity());
  if (response.has_split()) {
    std::printf("\n");
    PrintEntityProfile(response.split());
  }
  return 0;
}

}  // namespace

int RunSplit(const std::string& entity, const std::string& alias, const Endpoints& endpoints) {
  return RunSplitting<v1::SplitEntityAliasRequest, v1::SplitEntityAliasResponse>(
      "split", "split", "off", &v1::RegistryService::Stub::SplitEntityAlias, entity, alias,
      endpoints);
}

int RunUnalias(const std::string& entity, const std::string& alias, const Endpoints& endpoints) {
  return RunSplitting<v1::RemoveEntityAliasRequest, v1::RemoveEntityAliasResponse>(
      "unalias", "took back alias", "of", &v1::RegistryService::Stub::RemoveEntityAlias, entity,
      alias, endpoints);
}

int RunImportKb(const std::string& path, const ImportOptions& options, const Endpoints& endpoints) {
  if (options.batch_size < 1 || options.batch_size > 1000) {
    return UsageError("import-kb", "--batch_size must be 1 to 1000");
  }
  std::ifstream file;
  if (path != "-") {
    file.open(path);
    if (!file) {
      std::fprintf(stderr, "dossier import-kb: cannot read %s\n", path.c_str());
      return 66;
    }
  }
  std::istream& in = path == "-" ? std::cin : file;
  // Everything is read and checked before anything is imported.
  std::vector<v1::KnowledgeBaseEntity> entities;
  std::string line;
  int line_number = 0;
  int bad = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    auto entity = ParseKnowledgeBaseLine(line);
    if (!entity.ok()) {
      if (++bad <= 20) {
        std::fprintf(stderr, "%s:%d: %s\n", path.c_str(), line_number,
                     std::string(entity.status().message()).c_str());
      }
      continue;
    }
    entities.push_back(*std::move(entity));
  }
  if (bad > 0) {
    std::fprintf(stderr, "dossier import-kb: %d bad line%s; nothing imported\n", bad,
                 bad == 1 ? "" : "s");
    return 65;
  }

  constexpr size_t kBatchBytes = size_t{2} << 20;
  const bool progress = options.progress && !endpoints.json && isatty(STDERR_FILENO);
  auto stub = Registry(endpoints);
  int64_t imported = 0;
  int64_t created = 0, joined = 0;
  v1::ImportKnowledgeBaseResponse all;
  size_t next = 0;
  while (next < entities.size()) {
    v1::ImportKnowledgeBaseRequest request;
    size_t bytes = 0;
    while (next < entities.size() && request.entities_size() < options.batch_size) {
      const size_t size = entities[next].ByteSizeLong();
      if (request.entities_size() > 0 && bytes + size > kBatchBytes) break;
      bytes += size;
      *request.add_entities() = entities[next++];
    }
    v1::ImportKnowledgeBaseResponse response;
    const grpc::Status s =
        Call(*stub, &v1::RegistryService::Stub::ImportKnowledgeBase, request, &response, endpoints);
    if (!s.ok()) {
      std::fprintf(stderr, "dossier import-kb: %lld of %zu imported before the error\n",
                   static_cast<long long>(imported), entities.size());
      return Fail("import-kb", s, Service::kQuery, endpoints);
    }
    imported += request.entities_size();
    created += response.created_count();
    joined += response.joined_count();
    if (endpoints.json) {
      // The batches' answers as one: what a single call would have said.
      for (auto& e : *response.mutable_entities()) *all.add_entities() = std::move(e);
      all.set_created_count(static_cast<int32_t>(created));
      all.set_joined_count(static_cast<int32_t>(joined));
    }
    if (progress) {
      std::fprintf(stderr, "\r%lld / %zu entities", static_cast<long long>(imported),
                   entities.size());
    }
  }
  if (progress) std::fprintf(stderr, "\n");
  if (endpoints.json) {
    PrintJson(all);
  } else {
    std::printf("imported %lld %s (%lld new to the registry)\n", static_cast<long long>(imported),
                imported == 1 ? "entity" : "entities", static_cast<long long>(created));
    if (joined > 0) {
      // Their ids change: say so, with how the old ones still answer.
      std::printf(
          "%lld %s that documents had made joined the imported ones and go by their ids "
          "now (the old ids still find them)\n",
          static_cast<long long>(joined), joined == 1 ? "entity" : "entities");
    }
  }
  return 0;
}

}  // namespace dossier::cli
