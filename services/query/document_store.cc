#include "services/query/document_store.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/ids.h"
#include "common/log.h"
#include "common/status.h"
#include "common/time_util.h"
#include "rocksdb/convenience.h"
#include "services/query/entity_stats.h"
#include "services/query/index_writer.h"
#include "services/query/paging.h"
#include "services/query/postings.h"
#include "services/query/store_layout.h"
#include "services/query/stored_document.h"
#include "text/fold.h"

namespace dossier::query {
namespace {

// "PERSON", "ORGANIZATION", "LOCATION", "MISC": a type as messages name it.
absl::string_view TypeName(int type) {
  return absl::StripPrefix(v1::EntityType_Name(static_cast<v1::EntityType>(type)), "ENTITY_TYPE_");
}

// An identity key as a profile lists it, folded: a spelling, or a numbered
// sense of a surname ("Blair#2" is "blair#2", which FoldName alone would
// read as "blair 2").
std::string FoldKey(const std::string& key) {
  const size_t hash = key.rfind('#');
  const bool numbered = hash != std::string::npos && hash + 1 < key.size() &&
                        std::all_of(key.begin() + hash + 1, key.end(), [](char c) {
                          return absl::ascii_isdigit(static_cast<unsigned char>(c));
                        });
  return numbered ? absl::StrCat(text::FoldName(key.substr(0, hash)), key.substr(hash))
                  : text::FoldName(key);
}

absl::Status ValidateForIndex(const v1::Document& document, int index) {
  const std::string field = absl::StrCat("documents[", index, "]");
  auto id = ParseDocumentName(document.id(), field + ".id");
  if (!id.ok()) return id.status();
  if (*id != document.id()) {
    return InvalidFieldError(field + ".id", "INVALID_DOCUMENT_ID",
                             absl::StrCat(field, ".id must be lower-case hex"));
  }
  if (document.text().empty()) {
    return InvalidFieldError(field + ".text", "EMPTY_TEXT", absl::StrCat(field, ".text is empty"));
  }
  // Ids are deterministic: a document stored under an id its own key or
  // text does not give could stand in for the real article of that id.
  const std::string expected = document.client_key().empty()
                                   ? DocumentIdForText(document.text())
                                   : DocumentIdForClientKey(document.client_key());
  if (document.id() != expected) {
    return InvalidFieldError(
        field + ".id", "DOCUMENT_ID_MISMATCH",
        absl::StrCat(field, ".id is not the id of its ",
                     document.client_key().empty() ? "text" : "client_key", " (", expected,
                     "): a document is stored only under its own id"));
  }
  return absl::OkStatus();
}

}  // namespace

DocumentStore::DocumentStore(const DocumentStoreOptions& options, std::unique_ptr<Store> store,
                             std::shared_ptr<PurgeTarget> purge)
    : options_(options),
      store_(std::move(store)),
      purge_(std::move(purge)),
      stories_(store_.get(), options_.idf, options_.stories),
      registry_(&dictionaries_, options_.given_names, options_.places),
      entities_(store_.get(), &dictionaries_, &registry_,
                [this](const std::vector<uint32_t>& ordinals) {
                  return searcher_.DocumentsNaming(ordinals);
                }),
      searcher_(store_.get(), &table_, &dictionaries_, &entities_, options_.search) {}

absl::StatusOr<std::unique_ptr<DocumentStore>> DocumentStore::Open(
    const DocumentStoreOptions& options) {
  if (options.idf == nullptr) {
    return absl::FailedPreconditionError("the document store needs an IDF table");
  }
  StoreOptions rocks = options.rocks;
  rocks.path = options.path;
  std::vector<ColumnFamilySpec> specs = SpecsOf(kColumnFamilies);
  auto purge = std::make_shared<PurgeTarget>();
  specs[kPostings].compaction_filter_factory = NewPurgeDeletedFactory(purge);
  DOSSIER_ASSIGN_OR_RETURN(auto store, Store::Open(rocks, specs));
  std::unique_ptr<DocumentStore> out(new DocumentStore(options, std::move(store), purge));
  DOSSIER_RETURN_IF_ERROR(out->LoadIndex());
  purge->Attach(&out->table_);
  DOSSIER_RETURN_IF_ERROR(out->Backfill());
  if (options.flush_when_idle > absl::ZeroDuration()) {
    out->maintenance_ = std::thread([store = out.get()] { store->Maintain(); });
  }
  return out;
}

DocumentStore::~DocumentStore() {
  purge_->Detach();
  {
    absl::MutexLock lock(&maintenance_mu_);
    stopping_ = true;
  }
  if (maintenance_.joinable()) maintenance_.join();
}

void DocumentStore::Maintain() {
  const absl::Duration tick = std::min(absl::Seconds(1), options_.flush_when_idle);
  while (true) {
    {
      absl::MutexLock lock(&maintenance_mu_);
      if (maintenance_mu_.AwaitWithTimeout(absl::Condition(&stopping_), tick)) return;
    }
    bool flush = false;
    {
      absl::MutexLock lock(&write_mu_);
      if (unflushed_ && absl::Now() - last_commit_ >= options_.flush_when_idle) {
        unflushed_ = false;
        flush = true;
      }
    }
    // A failed flush loses nothing (the log holds it all); the next clean
    // close tries again.
    if (flush) store_->Flush().IgnoreError();
  }
}

absl::Status DocumentStore::LoadIndex() {
  // Outlets; and what older layouts kept of entities in the dictionary.
  bool legacy_names = false;
  {
    auto it = store_->NewIterator(store_->cf(kDictionary));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const absl::string_view key = ToView(it->key());
      const absl::string_view value = ToView(it->value());
      if (key.empty()) continue;
      if (key[0] >= kStemKey) break;  // the stems: read by searches only
      if (key[0] == kOutletKey && value.size() >= 4) {
        dictionaries_.LoadOutlet(ReadBigEndian32(value), std::string(key.substr(1)),
                                 std::string(value.substr(4)));
      } else if (key[0] == kLegacyEntityKey || key[0] == kLegacyNameKey) {
        legacy_names = true;
      }
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "load dictionary"));
    // The words recorded under their stems, so that batches do not write
    // them again.
    for (it->Seek(std::string(1, kStemKey)); it->Valid(); it->Next()) {
      const absl::string_view key = ToView(it->key());
      const size_t zero = key.find('\0');
      if (key[0] != kStemKey || zero == absl::string_view::npos) break;
      dictionaries_.AddStemmedWord(key.substr(zero + 1));
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "load the stems"));
  }
  if (legacy_names) {
    rocksdb::WriteBatch batch;
    for (const char kind : {kLegacyEntityKey, kLegacyNameKey}) {
      const std::string from(1, kind), to(1, static_cast<char>(kind + 1));
      DOSSIER_RETURN_IF_ERROR(
          FromRocksStatus(batch.DeleteRange(store_->cf(kDictionary), from, to)));
    }
    DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
  }
  // Entities, their counts and spellings, from their statistics.
  {
    auto it = store_->NewIterator(store_->cf(kEntityStats));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      store::v1::EntityStats stats;
      if (it->key().size() != 4 ||
          !stats.ParseFromArray(it->value().data(), static_cast<int>(it->value().size()))) {
        return absl::DataLossError("stored entity statistics do not parse");
      }
      const uint32_t ordinal = ReadBigEndian32(ToView(it->key()));
      EntityInfo info;
      info.type = stats.type();
      info.key = stats.key();
      info.id_hash = EntityIdHash(info.type, info.key);
      dictionaries_.LoadEntity(ordinal, std::move(info));
      dictionaries_.AddEntityCounts(ordinal, stats.documents(), stats.mentions(), stats.first_day(),
                                    stats.last_day());
      for (const auto* spellings : {&stats.forms(), &stats.names()}) {
        for (const auto& form : *spellings) {
          const std::string folded = text::FoldName(form.text());
          if (!folded.empty()) dictionaries_.AddName(ordinal, folded);
        }
      }
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "load entity statistics"));
    dictionaries_.Commit();
  }
  // Document rows, in document number order.
  auto it = store_->NewIterator(store_->cf(kDocRows));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    store::v1::DocumentRow row;
    if (it->key().size() != 4 ||
        !row.ParseFromArray(it->value().data(), static_cast<int>(it->value().size())) ||
        row.id().size() != 16) {
      return absl::DataLossError("a stored document row does not parse");
    }
    if (ReadBigEndian32(ToView(it->key())) != table_.next()) {
      return absl::DataLossError("stored document rows are not numbered without gaps");
    }
    DocRow memory;
    std::memcpy(memory.id, row.id().data(), sizeof(memory.id));
    memory.day = row.day();
    memory.undated = row.undated();
    memory.length = row.length();
    memory.outlet = row.outlet();
    memory.story = row.story();
    table_.Append(memory, absl::MakeConstSpan(row.entities().data(), row.entities_size()));
    if (row.replaced_by() != 0) {
      table_.MarkReplaced(table_.next() - 1, row.replaced_by());
    } else if (row.deleted()) {
      table_.MarkDeleted(table_.next() - 1);
    }
  }
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "load document rows"));
  table_.Publish();
  return LoadRegistry();
}

absl::Status DocumentStore::LoadRegistry() {
  {
    auto it = store_->NewIterator(store_->cf(kRegistry));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const absl::string_view key = ToView(it->key());
      const absl::string_view value = ToView(it->value());
      if (key.size() == 9 && key[0] == kRegistryEntity) {
        store::v1::RegistryEntity record;
        if (!record.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
          return absl::DataLossError("a stored registry entity does not parse");
        }
        registry_.LoadEntity(std::move(record));
      } else if (key.size() == 5 && key[0] == kRegistryLink && value.size() == 8) {
        registry_.LoadLink(ReadBigEndian32(key.substr(1)), ReadBigEndian64(value));
      }
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "load registry"));
  }
  registry_.Commit();
  // Keys without an entity (stores from before the registry) link now, in
  // key order.
  RegistryWrites writes;
  const size_t keys = dictionaries_.entity_count();
  for (uint32_t ordinal = 0; ordinal < keys; ++ordinal) {
    if (registry_.IdOf(ordinal) != 0) continue;
    EntityInfo info;
    if (!dictionaries_.Entity(ordinal, &info)) continue;
    registry_.Link(ordinal, info.type, info.key, {}, {}, {}, &writes);
  }
  if (!writes.links.empty()) {
    log::Info("linked identity keys to the entity registry",
              log::Fields().Int("keys", static_cast<int64_t>(writes.links.size())));
    absl::MutexLock lock(&write_mu_);
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  // The usual company of each entity, from the documents.
  for (uint32_t doc = 0; doc < table_.size(); ++doc) {
    if (table_.deleted(doc)) continue;
    registry_.LoadCompany(table_.entities(table_.row(doc)));
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::CommitRegistry(const RegistryWrites& writes) {
  rocksdb::WriteBatch batch;
  absl::Status status = WriteRegistry(writes, store_.get(), &batch);
  if (status.ok()) status = store_->Write(&batch, /*sync=*/true);
  if (!status.ok()) {
    registry_.Rollback();
    return status;
  }
  registry_.Commit();
  return absl::OkStatus();
}

void DocumentStore::FillEntityIds(v1::Document* document) const {
  entities_.FillIds(document->mutable_annotations());
}

absl::StatusOr<uint64_t> DocumentStore::OneEntity(absl::string_view reference,
                                                  absl::string_view field) const {
  size_t whole = 0;
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<uint64_t> ids,
                           entities_.Resolve(reference, 0, &whole));
  if (ids.empty()) {
    return ErrorWithReason(absl::StatusCode::kNotFound, "ENTITY_NOT_FOUND",
                           absl::StrCat(field, ": no entity matches '", reference, "'"));
  }
  // The one entity spelled so, although other names end with it ("UK" is
  // not "AOL UK"): what GetEntity shows first.
  if (whole == 1) return ids[0];
  if (ids.size() > 1) {
    // The candidates: those spelled so when there are several, else those
    // whose names end so.
    std::vector<uint64_t> candidates = ids;
    if (whole >= 2) candidates.resize(whole);
    DOSSIER_ASSIGN_OR_RETURN(const auto summaries, entities_.Summaries(candidates));
    std::string names;
    for (size_t i = 0; i < summaries.size() && i < 5; ++i) {
      absl::StrAppend(&names, i ? ", " : "", summaries[i].id(), " (", summaries[i].display_name(),
                      ", ", TypeName(summaries[i].type()), ", ",
                      DocumentCountText(summaries[i].document_count()), ")");
    }
    return InvalidFieldError(
        field, "AMBIGUOUS_ENTITY",
        absl::StrCat(field, " '", reference, "' names ", candidates.size(),
                     candidates.size() >= kMaxResolvedEntities ? " or more" : "", " entities",
                     candidates.size() > 5 ? ", among them " : ": ", names, "; give an id"));
  }
  return ids[0];
}

absl::Status DocumentStore::MergeEntities(const MergeEntitiesSpec& spec,
                                          v1::MergeEntitiesResponse* response) {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t from, OneEntity(spec.entity, "entity"));
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t into, OneEntity(spec.into, "into"));
  if (from == into) {
    // Two references to one entity: a merge done already (a retry of one
    // that landed, whose merged id or name now finds the survivor) answers
    // as it did; the same reference twice is a mistake.
    auto same_reference = [](absl::string_view a, absl::string_view b) {
      uint64_t id_a = 0, id_b = 0;
      if (ParseEntityId(a, &id_a) && ParseEntityId(b, &id_b)) return id_a == id_b;
      return text::FoldName(a) == text::FoldName(b);
    };
    if (same_reference(spec.entity, spec.into)) {
      return InvalidFieldError("into", "SAME_ENTITY", "entity and into are the same entity");
    }
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_.Profile(into));
    return absl::OkStatus();
  }
  if (entities_.Type(from) != entities_.Type(into)) {
    return InvalidFieldError("into", "TYPE_MISMATCH",
                             absl::StrCat("entity and into are of different types ('", spec.entity,
                                          "' ", TypeName(entities_.Type(from)), ", '", spec.into,
                                          "' ", TypeName(entities_.Type(into)),
                                          "); only entities of one type merge (retype one first)"));
  }
  // The entity merged into is still shown by its own name, however many
  // documents the other's spellings have.
  DOSSIER_ASSIGN_OR_RETURN(const v1::EntityProfile before, entities_.Profile(into));
  {
    absl::MutexLock lock(&write_mu_);
    RegistryWrites writes;
    registry_.Merge(from, into, before.display_name(), &writes);
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_.Profile(into));
  return absl::OkStatus();
}

absl::Status DocumentStore::AddEntityAlias(const AddEntityAliasSpec& spec,
                                           v1::AddEntityAliasResponse* response) {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t id, OneEntity(spec.entity, "entity"));
  // A name that already names other entities of the type, and not this
  // one, would make every reference by it stand for both: that is a merge.
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<uint64_t> named,
                           entities_.Resolve(spec.alias, entities_.Type(id)));
  // Unless the entity holds the word as a key or a sense of it ("brown",
  // "brown#2"): the word names one of its people, and the alias says which.
  bool holds_word = false;
  const std::string folded = text::FoldName(spec.alias);
  for (const EntityInfo& info : dictionaries_.Entities(registry_.Ordinals(id))) {
    holds_word = holds_word || IsKeyOrSense(info.key, folded);
  }
  if (!named.empty() && !holds_word && std::find(named.begin(), named.end(), id) == named.end()) {
    DOSSIER_ASSIGN_OR_RETURN(const auto summaries, entities_.Summaries(named));
    std::string names;
    for (size_t i = 0; i < summaries.size() && i < 3; ++i) {
      absl::StrAppend(&names, i ? ", " : "", summaries[i].id(), " (", summaries[i].display_name(),
                      ")");
    }
    return InvalidFieldError("alias", "ALIAS_NAMES_ANOTHER_ENTITY",
                             absl::StrCat("alias '", spec.alias, "' already names ", names,
                                          "; merge the entities if they are one (MergeEntities)"));
  }
  {
    absl::MutexLock lock(&write_mu_);
    RegistryWrites writes;
    registry_.AddAlias(id, spec.alias, &writes);
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_.Profile(id));
  return absl::OkStatus();
}

absl::Status DocumentStore::SetEntityType(const SetEntityTypeSpec& spec,
                                          v1::SetEntityTypeResponse* response) {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t id, OneEntity(spec.entity, "entity"));
  store::v1::RegistryEntity record;
  if (!registry_.Record(id, &record) || !record.type_curated() || record.type() != spec.type) {
    // The name it is shown by stays its name, whatever its documents call
    // it later, as a merge keeps the name of the entity merged into.
    DOSSIER_ASSIGN_OR_RETURN(const v1::EntityProfile before, entities_.Profile(id));
    absl::MutexLock lock(&write_mu_);
    RegistryWrites writes;
    registry_.SetType(id, spec.type, before.display_name(), &writes);
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_.Profile(id));
  return absl::OkStatus();
}

absl::Status DocumentStore::RemoveEntityAlias(const SplitEntityAliasSpec& spec,
                                              v1::RemoveEntityAliasResponse* response) {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t id, OneEntity(spec.entity, "entity"));
  const std::string folded = text::FoldName(spec.alias);
  // Only the keys that documents linked by the alias (recorded as each
  // was linked) go: a key the entity had by itself, before the alias or
  // by a merge, stays, so that an alias given and taken back changes
  // nothing ("Blair" of Tony Blair). SplitEntityAlias splits those.
  store::v1::RegistryEntity record;
  bool linked_by_alias = false;
  if (registry_.Record(id, &record)) {
    for (const uint32_t ordinal : record.alias_keys()) {
      EntityInfo info;
      linked_by_alias =
          linked_by_alias || (registry_.Current(registry_.IdOf(ordinal)) == id &&
                              dictionaries_.Entity(ordinal, &info) && info.key == folded);
    }
  }
  uint64_t split = 0;
  {
    absl::MutexLock lock(&write_mu_);
    RegistryWrites writes;
    if (!registry_.RemoveAlias(id, folded, &writes)) {
      registry_.Rollback();
      return ErrorWithReason(
          absl::StatusCode::kNotFound, "NAME_NOT_FOUND",
          absl::StrCat(RegistryIdString(id), " has no alias '", spec.alias, "'"));
    }
    // Documents that linked by the alias go with their spelling.
    if (linked_by_alias) split = registry_.Split(id, folded, /*keep_a_key=*/true, &writes);
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_.Profile(id));
  if (split != 0) {
    DOSSIER_ASSIGN_OR_RETURN(*response->mutable_split(), entities_.Profile(split));
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::SplitEntityAlias(const SplitEntityAliasSpec& spec,
                                             v1::SplitEntityAliasResponse* response) {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t id, OneEntity(spec.entity, "entity"));
  // A split moves the keys named to a new id, and the entity's id, which
  // scripts keep, stays with the rest. Keys that name most of its
  // documents are what the id stands for (its display name is their
  // spelling): splitting them off would leave the id with the few, so
  // that is refused, and the other spellings are what to split. Undoing a
  // merge is not refused: the keys go back to the id they came with.
  uint64_t split = 0;
  {
    // Checked and split under one lock: two splits at once cannot each
    // leave the other too little.
    absl::MutexLock lock(&write_mu_);
    // The key as a profile lists it (FoldKey), read under the lock merges
    // and splits take, or the id of an entity merged into this one, whose
    // keys then go back with it.
    std::string folded;
    uint64_t merged = 0;
    if (ParseEntityId(spec.alias, &merged)) {
      const std::vector<uint32_t> keys = registry_.MergedKeys(merged);
      if (keys.empty() || merged == id || registry_.Current(merged) != id) {
        return InvalidFieldError(
            "alias", "NOT_MERGED",
            absl::StrCat(spec.alias, " was not merged into ", RegistryIdString(id),
                         ": name one of its keys, as its profile lists them"));
      }
      // One of its keys still here (some may have been split off since).
      const std::vector<uint32_t> here = registry_.Ordinals(id);
      for (const uint32_t key : keys) {
        EntityInfo info;
        if (std::find(here.begin(), here.end(), key) != here.end() &&
            dictionaries_.Entity(key, &info)) {
          folded = info.key;
          break;
        }
      }
      if (folded.empty()) {
        return InvalidFieldError(
            "alias", "NOT_MERGED",
            absl::StrCat("no key ", spec.alias, " brought is left in ", RegistryIdString(id)));
      }
    } else {
      folded = FoldKey(spec.alias);
    }
    std::vector<uint32_t> named, all = registry_.Ordinals(id);
    std::vector<std::string> others;
    for (const uint32_t ordinal : all) {
      EntityInfo info;
      if (!dictionaries_.Entity(ordinal, &info)) continue;
      if (info.key == folded) {
        named.push_back(ordinal);
      } else if (others.size() < 5) {
        others.push_back(absl::StrCat("'", info.key, "'"));
      } else if (others.size() == 5) {
        others.push_back("...");
      }
    }
    if (!named.empty() && !registry_.UndoesMerge(id, folded)) {
      if (named.size() == all.size()) {
        return InvalidFieldError(
            "alias", "SPLIT_OWN_NAME",
            absl::StrCat("'", spec.alias, "' is every key of ", RegistryIdString(id),
                         ": there is nothing to split it from"));
      }
      DOSSIER_ASSIGN_OR_RETURN(const EntityDocuments of_named, searcher_.DocumentsNaming(named));
      DOSSIER_ASSIGN_OR_RETURN(const EntityDocuments of_all, searcher_.DocumentsNaming(all));
      if (2 * of_named.documents > of_all.documents) {
        return InvalidFieldError(
            "alias", "SPLIT_OWN_NAME",
            absl::StrCat("'", spec.alias, "' names ", of_named.documents, " of the ",
                         of_all.documents, " documents of ", RegistryIdString(id),
                         ", which keeps its id: split off its other spellings (",
                         absl::StrJoin(others, ", "), ") instead"));
      }
    }
    RegistryWrites writes;
    split = registry_.Split(id, folded, /*keep_a_key=*/false, &writes);
    if (split == 0) {
      registry_.Rollback();
      return ErrorWithReason(absl::StatusCode::kNotFound, "NAME_NOT_FOUND",
                             absl::StrCat("no identity key of ", RegistryIdString(id),
                                          " is spelled '", spec.alias, "'"));
    }
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_entity(), entities_.Profile(id));
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_split(), entities_.Profile(split));
  return absl::OkStatus();
}

absl::Status DocumentStore::ListKnownNames(const ListKnownNamesSpec& spec,
                                           v1::ListKnownNamesResponse* response) const {
  response->Clear();
  const size_t page_size = spec.page_size;
  const std::vector<Registry::KnownName> names = registry_.KnownNames();
  // The token is the index of the next name in the sorted list: names added
  // meanwhile may shift it by a few, which a refresh loop shrugs off.
  const size_t from = spec.from;
  response->set_total_size(static_cast<int32_t>(names.size()));
  // Cut by bytes as well as count, well below the 4 MiB a client takes.
  constexpr size_t kPageBytes = size_t{2} << 20;
  PageBudget budget(kPageBytes);
  size_t i = from;
  for (; i < names.size() && i < from + page_size; ++i) {
    if (!budget.Take(names[i].name.size() + 32)) break;
    v1::KnownName* out = response->add_names();
    out->set_name(names[i].name);
    out->set_type(static_cast<v1::EntityType>(names[i].type));
    out->set_entity_id(RegistryIdString(names[i].id));
  }
  if (i < names.size()) response->set_next_page_token(PositionPageToken(i));
  return absl::OkStatus();
}

absl::Status DocumentStore::ImportKnowledgeBase(const ImportKnowledgeBaseSpec& spec,
                                                v1::ImportKnowledgeBaseResponse* response) {
  response->Clear();
  // The id of an entity imported by its name alone.
  const auto by_name = [](const KnowledgeBaseEntry& e) {
    return Hash64(absl::StrCat("kb:", static_cast<int>(e.type), ":", text::FoldName(e.name)));
  };
  std::vector<store::v1::RegistryEntity> records;
  for (const KnowledgeBaseEntry& e : spec.entities) {
    store::v1::RegistryEntity record;
    // Its id: of its external ids (sorted), else of its type and name, so
    // that importing it again finds it.
    record.set_id(e.external_ids.empty() ? by_name(e)
                                         : Hash64(absl::StrCat("kb:", e.external_ids[0].first, "=",
                                                               e.external_ids[0].second)));
    record.set_type(e.type);
    record.set_name(e.name);
    for (const std::string& alias : e.aliases) record.add_aliases(alias);
    for (const auto& [kb, value] : e.external_ids) (*record.mutable_external_ids())[kb] = value;
    if (e.has_coordinates) {
      record.set_has_coordinates(true);
      record.set_latitude(e.latitude);
      record.set_longitude(e.longitude);
    }
    records.push_back(std::move(record));
  }
  std::vector<uint64_t> ids;
  {
    absl::MutexLock lock(&write_mu_);
    RegistryWrites writes;
    for (size_t r = 0; r < records.size(); ++r) {
      store::v1::RegistryEntity& record = records[r];
      // One imported before by its name alone keeps its id when a later
      // knowledge base gives it external ids (Kosovo, given GeoNames'):
      // it is updated, not joined by a second entity of that name.
      // (Decided under the write lock, which imports serialise on.)
      if (const uint64_t named = by_name(spec.entities[r]); named != record.id() &&
                                                            registry_.Current(record.id()) == 0 &&
                                                            registry_.Current(named) != 0) {
        record.set_id(named);
      }
      bool created = false;
      int joined = 0;
      ids.push_back(registry_.Import(record, &created, &joined, &writes));
      if (created) response->set_created_count(response->created_count() + 1);
      response->set_joined_count(response->joined_count() + joined);
    }
    DOSSIER_RETURN_IF_ERROR(CommitRegistry(writes));
  }
  DOSSIER_ASSIGN_OR_RETURN(auto summaries, entities_.Summaries(ids));
  for (auto& s : summaries) *response->add_entities() = std::move(s);
  return absl::OkStatus();
}

absl::Status DocumentStore::Backfill() {
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t stored, Count());
  if (stored > table_.size() - table_.deleted_count()) {
    // Stores from before the index list every document in by_date; the
    // documents that have rows are the first table_.size() of them in the
    // order they were backfilled (newest first), so the rest follow.
    log::Info("indexing stored documents for search",
              log::Fields().Int("documents", static_cast<int64_t>(stored - table_.size())));
    absl::MutexLock lock(&write_mu_);
    auto it = store_->NewIterator(store_->cf(kByDate));
    uint64_t skip = table_.size();
    it->SeekToFirst();
    for (; it->Valid() && skip > 0; it->Next()) --skip;
    while (it->Valid()) {
      rocksdb::WriteBatch batch;
      IndexWriter writer(store_.get(), &table_, &dictionaries_, &registry_);
      for (int n = 0; it->Valid() && n < 256; it->Next(), ++n) {
        const absl::string_view key = ToView(it->key());
        if (key.size() != kByDateKeyBytes) continue;
        DOSSIER_ASSIGN_OR_RETURN(v1::Document document, GetStored(KeyToId(key.substr(kDayBytes))));
        writer.Add(&document, DocumentDay(document));
        DOSSIER_RETURN_IF_ERROR(
            FromRocksStatus(batch.Put(store_->cf(kDocuments), ToSlice(key.substr(kDayBytes)),
                                      EncodeStoredDocument(document))));
      }
      DOSSIER_RETURN_IF_ERROR(writer.Write(&batch));
      DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
      writer.Publish();
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "backfill"));
  }
  // Story features by document number, for documents stored before they
  // were kept that way. The newest document has them unless some lack.
  const uint32_t documents = table_.size();
  auto has_features = [this](uint32_t number) -> absl::StatusOr<bool> {
    auto value = store_->Get(store_->cf(kDocFeatures), OrdinalKey(number));
    if (value.ok()) return true;
    if (value.status().code() == absl::StatusCode::kNotFound) return false;
    return value.status();
  };
  uint32_t newest_live = documents;
  while (newest_live > 0 && table_.deleted(newest_live - 1)) --newest_live;
  if (newest_live > 0) {
    DOSSIER_ASSIGN_OR_RETURN(const bool newest, has_features(newest_live - 1));
    if (!newest) {
      log::Info("recording story features of stored documents");
      absl::MutexLock lock(&write_mu_);
      for (uint32_t from = 0; from < documents; from += 256) {
        rocksdb::WriteBatch batch;
        StoryBatch stories;
        for (uint32_t number = from; number < std::min(documents, from + 256); ++number) {
          if (table_.deleted(number)) continue;
          DOSSIER_ASSIGN_OR_RETURN(const bool present, has_features(number));
          if (present) continue;
          const DocRow& row = table_.row(number);
          DOSSIER_ASSIGN_OR_RETURN(const v1::Document document,
                                   GetStored(KeyToId(absl::string_view(row.id, sizeof(row.id)))));
          stories_.Remember(document, row.day, number, &stories);
        }
        DOSSIER_RETURN_IF_ERROR(stories_.Write(stories, &batch));
        DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
      }
    }
  }
  // The story of each row, for rows written before rows kept it (searches
  // collapse by it): read once from the stored documents and written back
  // into the rows.
  std::vector<uint32_t> storyless;
  for (uint32_t number = 0; number < table_.size(); ++number) {
    if (!table_.deleted(number) && table_.row(number).story == 0) storyless.push_back(number);
  }
  if (!storyless.empty()) {
    log::Info("recording the stories of stored documents in their rows",
              log::Fields().Int("documents", static_cast<int64_t>(storyless.size())));
    absl::MutexLock lock(&write_mu_);
    for (size_t from = 0; from < storyless.size(); from += 256) {
      rocksdb::WriteBatch batch;
      for (size_t k = from; k < std::min(storyless.size(), from + 256); ++k) {
        const uint32_t number = storyless[k];
        const DocRow& memory = table_.row(number);
        DOSSIER_ASSIGN_OR_RETURN(
            const v1::Document document,
            GetStored(KeyToId(absl::string_view(memory.id, sizeof(memory.id)))));
        const uint64_t story = StoryKey(document.story_id());
        if (story == 0) continue;
        DOSSIER_ASSIGN_OR_RETURN(const std::string bytes,
                                 store_->Get(store_->cf(kDocRows), OrdinalKey(number)));
        store::v1::DocumentRow row;
        if (!row.ParseFromString(bytes)) {
          return absl::DataLossError("a stored document row does not parse");
        }
        row.set_story(story);
        DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
            batch.Put(store_->cf(kDocRows), OrdinalKey(number), row.SerializeAsString())));
        table_.SetStory(number, story);
      }
      DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
    }
  }
  DOSSIER_RETURN_IF_ERROR(BackfillStems());
  // What earlier layouts kept and nothing reads any more.
  for (const char* legacy : {"doc_features", "story_candidates"}) {
    DOSSIER_RETURN_IF_ERROR(store_->DropUnlisted(legacy));
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::BackfillStems() {
  const auto done = store_->Get(store_->cf(kCounters), kStemsCounter);
  if (done.ok()) return absl::OkStatus();
  if (done.status().code() != absl::StatusCode::kNotFound) return done.status();
  // A store from before the stems (or a new one): every term of the word
  // index under its stem, then the counter, last, so that a crash half-way
  // does this again at the next start.
  log::Info("recording the stems of the search index's words");
  absl::MutexLock lock(&write_mu_);
  const std::string first(1, kWordPostings), last(1, kWordPostings + 1);
  const rocksdb::Slice upper(last);
  rocksdb::ReadOptions options;
  options.iterate_upper_bound = &upper;
  auto it = store_->NewIterator(store_->cf(kPostings), options);
  it->Seek(first);
  uint64_t terms = 0;
  while (true) {
    rocksdb::WriteBatch batch;
    for (int n = 0; it->Valid() && n < 4096; it->Next(), ++n, ++terms) {
      DOSSIER_RETURN_IF_ERROR(
          WriteStem(ToView(it->key()).substr(1), store_.get(), &dictionaries_, &batch));
    }
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "read the word index"));
    const bool end = !it->Valid();
    if (end) {
      DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
          batch.Merge(store_->cf(kCounters), ToSlice(kStemsCounter), EncodeCounter(1))));
    }
    DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
    dictionaries_.Commit();
    if (end) break;
  }
  log::Info("recorded the stems of the search index's words",
            log::Fields().Int("terms", static_cast<int64_t>(terms)));
  return absl::OkStatus();
}

void DocumentStore::SetListener(IndexListener listener) {
  absl::MutexLock lock(&write_mu_);
  listener_ = std::move(listener);
}

absl::StatusOr<std::vector<internal::v1::IndexOutcome>> DocumentStore::Index(
    const std::vector<const v1::Document*>& documents, absl::Time now) {
  for (size_t i = 0; i < documents.size(); ++i) {
    DOSSIER_RETURN_IF_ERROR(ValidateForIndex(*documents[i], static_cast<int>(i)));
  }
  std::vector<internal::v1::IndexOutcome> outcomes(documents.size(),
                                                   internal::v1::INDEX_OUTCOME_ALREADY_INDEXED);
  absl::MutexLock lock(&write_mu_);
  rocksdb::WriteBatch batch;
  StoryBatch stories;
  IndexWriter writer(store_.get(), &table_, &dictionaries_, &registry_);
  absl::flat_hash_set<std::string> in_batch;
  std::vector<v1::Document> added_documents;
  added_documents.reserve(documents.size());
  std::vector<uint32_t> numbered;
  uint64_t added = 0;
  for (size_t i = 0; i < documents.size(); ++i) {
    const v1::Document& input = *documents[i];
    const std::string key = IdToKey(input.id());
    if (in_batch.contains(key)) continue;
    auto existing = store_->Get(store_->cf(kDocuments), key);
    if (existing.ok()) continue;
    if (existing.status().code() != absl::StatusCode::kNotFound) {
      return existing.status();
    }
    v1::Document document = input;
    document.set_name(DocumentName(document.id()));
    *document.mutable_index_time() = ToProtoTimestamp(now);
    const uint32_t day = DocumentDay(document);
    const uint32_t number = writer.Add(&document, day);
    numbered.push_back(number);
    DOSSIER_RETURN_IF_ERROR(stories_.Assign(&document, day, number, &stories, now).status());
    writer.SetStory(number, StoryKey(document.story_id()));
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(batch.Put(store_->cf(kDocuments), key, EncodeStoredDocument(document))));
    added_documents.push_back(std::move(document));
    in_batch.insert(key);
    outcomes[i] = internal::v1::INDEX_OUTCOME_INDEXED;
    ++added;
  }
  if (added == 0) return outcomes;
  absl::Status status = FromRocksStatus(
      batch.Merge(store_->cf(kCounters), ToSlice(kDocumentsCounter), EncodeCounter(added)));
  if (status.ok()) status = stories_.Write(stories, &batch);
  if (status.ok()) status = writer.Write(&batch);
  if (status.ok()) status = store_->Write(&batch, /*sync=*/true);
  if (!status.ok()) return status;  // the writer abandons its reservations
  writer.Publish();
  for (const uint32_t number : numbered) Numbered(number);
  last_commit_ = absl::Now();
  unflushed_ = true;
  if (listener_) {
    std::vector<const v1::Document*> committed;
    for (const v1::Document& d : added_documents) committed.push_back(&d);
    listener_(committed);
  }
  return outcomes;
}

uint64_t DocumentStore::NumberKey(const char* id_bytes) {
  uint64_t key;
  std::memcpy(&key, id_bytes, sizeof(key));
  return key;
}

absl::StatusOr<uint32_t> DocumentStore::NumberOf(absl::string_view id) {
  const std::string key = IdToKey(id);
  // Built at the first delete or re-tag, then kept: a re-tag of every
  // document would otherwise scan the table once per document.
  if (!numbers_built_) {
    numbers_.reserve(table_.size());
    for (uint32_t doc = 0; doc < table_.size(); ++doc) {
      if (!table_.deleted(doc)) numbers_[NumberKey(table_.row(doc).id)] = doc;
    }
    numbers_built_ = true;
  }
  if (auto it = numbers_.find(NumberKey(key.data())); it != numbers_.end()) {
    const uint32_t doc = it->second;
    if (doc < table_.size() && !table_.deleted(doc) &&
        std::memcmp(table_.row(doc).id, key.data(), kIdKeyBytes) == 0) {
      return doc;
    }
  }
  // Two ids alike in their first 64 bits: the newest row with the id that
  // is not deleted (a document deleted and indexed again, or tagged again,
  // has older, deleted rows).
  for (uint32_t doc = table_.size(); doc-- > 0;) {
    if (std::memcmp(table_.row(doc).id, key.data(), kIdKeyBytes) == 0 && !table_.deleted(doc)) {
      return doc;
    }
  }
  return absl::DataLossError(absl::StrCat("document ", id, " is stored but has no document row"));
}

void DocumentStore::Numbered(uint32_t doc) {
  if (numbers_built_) numbers_[NumberKey(table_.row(doc).id)] = doc;
}

absl::Status DocumentStore::TakeOut(const v1::Document& document, uint32_t number,
                                    uint32_t replaced_by, rocksdb::WriteBatch* batch,
                                    NegatedStats* negated) const {
  DOSSIER_ASSIGN_OR_RETURN(const std::string row_bytes,
                           store_->Get(store_->cf(kDocRows), OrdinalKey(number)));
  store::v1::DocumentRow row;
  if (!row.ParseFromString(row_bytes)) {
    return absl::DataLossError("a stored document row does not parse");
  }
  row.set_deleted(true);
  row.set_replaced_by(replaced_by);
  const uint32_t length = table_.row(number).length;
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
      batch->Put(store_->cf(kDocRows), OrdinalKey(number), row.SerializeAsString())));
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch->Delete(store_->cf(kQuotes), OrdinalKey(number))));
  // uint64add wraps: adding 2^64 - n takes n away.
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch->Merge(
      store_->cf(kCounters), ToSlice(kDocumentsCounter), EncodeCounter(~uint64_t{0}))));
  if (length > 0) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch->Merge(
        store_->cf(kCounters), ToSlice(kWordsCounter), EncodeCounter(uint64_t{0} - length))));
  }
  *negated = NegatedEntityStats(document, dictionaries_);
  // An entity, or a role of it, first or last seen on this document's day
  // gets those days again from the documents that still name it (or give
  // it the role).
  const uint32_t day = table_.row(number).day + 1;
  for (auto& [ordinal, stats] : *negated) {
    EntityInfo info;
    const bool entity_days =
        dictionaries_.Entity(ordinal, &info) && (info.first_day == day || info.last_day == day);
    store::v1::EntityStats stored;
    if (stats.roles_size() > 0) {
      auto value = store_->Get(store_->cf(kEntityStats), OrdinalKey(ordinal));
      if (!value.ok() && value.status().code() != absl::StatusCode::kNotFound) {
        return value.status();
      }
      if (value.ok() && !stored.ParseFromString(*value)) {
        return absl::DataLossError("an entity's stored statistics do not parse");
      }
    }
    std::vector<store::v1::EntityRole*> roles;
    for (auto& role : *stats.mutable_roles()) {
      for (const auto& s : stored.roles()) {
        if (s.title() == role.title() && s.count() + role.count() > 0 &&
            (s.first_day() == day || s.last_day() == day)) {
          roles.push_back(&role);
        }
      }
    }
    if (!entity_days && roles.empty()) continue;
    DOSSIER_ASSIGN_OR_RETURN(const std::vector<uint32_t> remaining,
                             DocumentsNaming(ordinal, number));
    if (entity_days) {
      uint32_t first = 0, last = 0;
      for (const uint32_t doc : remaining) {
        const uint32_t d = table_.row(doc).day + 1;
        if (first == 0 || d < first) first = d;
        last = std::max(last, d);
      }
      stats.set_first_day(first);
      stats.set_last_day(last);
      stats.set_replace_days(true);
    }
    if (!roles.empty()) DOSSIER_RETURN_IF_ERROR(RoleDays(ordinal, remaining, &roles));
  }
  for (const auto& [ordinal, stats] : *negated) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch->Merge(store_->cf(kEntityStats), OrdinalKey(ordinal), stats.SerializeAsString())));
  }
  return absl::OkStatus();
}

void DocumentStore::TakenOut(uint32_t number, uint32_t replaced_by, const NegatedStats& negated) {
  if (replaced_by != 0) {
    table_.MarkReplaced(number, replaced_by);
    purge_->Replaced(number, absl::Now());
  } else {
    table_.MarkDeleted(number);
  }
  for (const auto& [ordinal, stats] : negated) {
    dictionaries_.AddEntityCounts(ordinal, stats.documents(), stats.mentions(), 0, 0);
    if (stats.replace_days()) {
      dictionaries_.SetEntityDays(ordinal, stats.first_day(), stats.last_day());
    }
  }
}

absl::StatusOr<bool> DocumentStore::Delete(absl::string_view id, absl::Time now) {
  const std::string key = IdToKey(id);
  absl::MutexLock lock(&write_mu_);
  // As stored: what it counted under is in its annotations, not in its
  // links to other documents.
  auto document = ReadStored(id);
  if (!document.ok()) {
    if (document.status().code() == absl::StatusCode::kNotFound) return false;
    return document.status();
  }
  DOSSIER_ASSIGN_OR_RETURN(const uint32_t number, NumberOf(id));
  rocksdb::WriteBatch batch;
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Delete(store_->cf(kDocuments), ToSlice(key))));
  // A store from before the search index listed it by date too.
  std::string by_date;
  AppendBigEndian32(&by_date, 0xFFFFFFFFu - DocumentDay(*document));
  by_date += key;
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch.Delete(store_->cf(kByDate), by_date)));
  NegatedStats negated;
  DOSSIER_RETURN_IF_ERROR(TakeOut(*document, number, 0, &batch, &negated));
  DOSSIER_RETURN_IF_ERROR(stories_.Remove(*document, number, now, &batch));
  DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
  TakenOut(number, 0, negated);
  numbers_.erase(NumberKey(key.data()));
  last_commit_ = absl::Now();
  unflushed_ = true;
  return true;
}

absl::StatusOr<internal::v1::ReplaceOutcome> DocumentStore::Replace(const v1::Document& tagged,
                                                                    absl::Time now) {
  const std::string key = IdToKey(tagged.id());
  absl::MutexLock lock(&write_mu_);
  // As stored: its links to deleted documents are kept (a read leaves them
  // out), so that they come back if those are indexed again.
  auto stored = ReadStored(tagged.id());
  if (!stored.ok()) {
    if (stored.status().code() == absl::StatusCode::kNotFound) {
      return internal::v1::REPLACE_OUTCOME_NOT_STORED;
    }
    return stored.status();
  }
  // Deleted and ingested again under its client key with another text
  // since it was read: these annotations are of a text that is gone.
  if (stored->content_hash() != tagged.content_hash()) {
    return internal::v1::REPLACE_OUTCOME_TEXT_CHANGED;
  }
  DOSSIER_ASSIGN_OR_RETURN(const uint32_t number, NumberOf(tagged.id()));

  v1::Document document = *stored;
  *document.mutable_annotations() = tagged.annotations();
  IndexWriter writer(store_.get(), &table_, &dictionaries_, &registry_);
  const uint32_t renumbered = writer.Add(&document, DocumentDay(document), &*stored);
  writer.SetStory(renumbered, StoryKey(document.story_id()));
  // On an error the writer abandons its reservations as it goes.
  rocksdb::WriteBatch batch;
  NegatedStats negated;
  DOSSIER_RETURN_IF_ERROR(TakeOut(*stored, number, renumbered, &batch, &negated));
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
      batch.Put(store_->cf(kDocuments), ToSlice(key), EncodeStoredDocument(document))));
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
      batch.Merge(store_->cf(kCounters), ToSlice(kDocumentsCounter), EncodeCounter(1))));
  DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
      batch.Merge(store_->cf(kCounters), ToSlice(kReplacedCounter), EncodeCounter(1))));
  DOSSIER_RETURN_IF_ERROR(stories_.Replace(*stored, number, document, renumbered, now, &batch));
  DOSSIER_RETURN_IF_ERROR(writer.Write(&batch));
  DOSSIER_RETURN_IF_ERROR(store_->Write(&batch, /*sync=*/true));
  // The old row is replaced (readers that began before the new one keep
  // reading it) and its counts go before the new row's come, so that days
  // recomputed without the document are widened by it again.
  TakenOut(number, renumbered, negated);
  writer.Publish();
  Numbered(renumbered);
  last_commit_ = absl::Now();
  unflushed_ = true;
  return internal::v1::REPLACE_OUTCOME_REPLACED;
}

absl::StatusOr<std::vector<uint32_t>> DocumentStore::DocumentsNaming(uint32_t ordinal,
                                                                     uint32_t except) const {
  std::vector<uint32_t> out;
  auto list = store_->Get(store_->cf(kPostings), PostingsKey(kEntityPostings, ordinal));
  if (!list.ok()) {
    if (list.status().code() == absl::StatusCode::kNotFound) return out;
    return list.status();
  }
  PostingCursor cursor(*list);
  for (; cursor.valid(); cursor.Next()) {
    const uint32_t doc = cursor.doc();
    if (doc == except || doc >= table_.size() || table_.deleted(doc)) continue;
    out.push_back(doc);
  }
  if (!cursor.ok()) return absl::DataLossError("an entity's posting list does not decode");
  return out;
}

absl::Status DocumentStore::RoleDays(uint32_t ordinal, std::vector<uint32_t> documents,
                                     std::vector<store::v1::EntityRole*>* roles) const {
  std::sort(documents.begin(), documents.end(), [&](uint32_t a, uint32_t b) {
    return table_.row(a).day != table_.row(b).day ? table_.row(a).day < table_.row(b).day : a < b;
  });
  // The titles a document gives the entity, each document read once.
  absl::flat_hash_map<uint32_t, std::vector<std::string>> titles_of;
  auto titles = [&](uint32_t doc) -> absl::StatusOr<const std::vector<std::string>*> {
    auto [it, inserted] = titles_of.try_emplace(doc);
    if (inserted) {
      const DocRow& row = table_.row(doc);
      DOSSIER_ASSIGN_OR_RETURN(const v1::Document document,
                               GetStored(KeyToId(absl::string_view(row.id, sizeof(row.id)))));
      it->second = TitlesGiven(document.annotations(), ordinal, dictionaries_);
    }
    return &it->second;
  };
  // From each end, until every role has met a document that gives it and
  // the documents of that day are read (a day stays undated only while
  // every document giving the role on it is: DaySpan).
  std::vector<DaySpan<uint32_t>> spans(roles->size());
  for (const bool forward : {true, false}) {
    std::vector<bool> met(roles->size(), false);
    size_t open = roles->size();
    uint32_t last_met = 0;
    for (size_t i = 0; i < documents.size(); ++i) {
      const uint32_t doc = documents[forward ? i : documents.size() - 1 - i];
      const DocRow& row = table_.row(doc);
      if (open == 0 && row.day + 1 != last_met) break;
      DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string>* given, titles(doc));
      for (size_t r = 0; r < roles->size(); ++r) {
        if (std::find(given->begin(), given->end(), (*roles)[r]->title()) == given->end()) continue;
        spans[r].Add(row.day + 1, row.undated);
        if (!met[r]) {
          met[r] = true;
          --open;
          last_met = row.day + 1;
        }
      }
    }
  }
  for (size_t r = 0; r < roles->size(); ++r) {
    store::v1::EntityRole* role = (*roles)[r];
    role->set_first_day(spans[r].first.value_or(0));
    role->set_last_day(spans[r].last.value_or(0));
    role->set_first_undated(spans[r].first_undated);
    role->set_last_undated(spans[r].last_undated);
    role->set_replace_days(true);
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::CompactPostings() { return store_->Compact(store_->cf(kPostings)); }

absl::Status DocumentStore::Stats(v1::GetQueryStatsResponse* response) const {
  response->Clear();
  DOSSIER_ASSIGN_OR_RETURN(const uint64_t documents, Count());
  response->set_documents(static_cast<int64_t>(documents));
  uint64_t replaced = 0;
  if (auto value = store_->Get(store_->cf(kCounters), kReplacedCounter); value.ok()) {
    replaced = DecodeCounter(*value);
  } else if (value.status().code() != absl::StatusCode::kNotFound) {
    return value.status();
  }
  const uint64_t deleted_rows = table_.deleted_count();
  response->set_deleted_documents(
      static_cast<int64_t>(deleted_rows > replaced ? deleted_rows - replaced : 0));
  response->set_retagged_documents(static_cast<int64_t>(replaced));
  response->set_purged_postings(static_cast<int64_t>(purge_->dropped()));
  {
    int64_t stories = 0;
    auto it = store_->NewIterator(store_->cf(kStoriesByDate));
    for (it->SeekToFirst(); it->Valid(); it->Next()) ++stories;
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(it->status(), "count stories"));
    response->set_stories(stories);
  }
  response->set_entities(static_cast<int64_t>(registry_.EntityCount()));
  response->set_entity_keys(static_cast<int64_t>(dictionaries_.entity_count()));
  const Store::DiskUsage disk = store_->Disk();
  for (const auto& [family, bytes] : disk.families) {
    if (family == rocksdb::kDefaultColumnFamilyName) continue;
    (*response->mutable_bytes_by_family())[family] = static_cast<int64_t>(bytes);
  }
  response->set_bytes_on_disk(static_cast<int64_t>(disk.total));
  return absl::OkStatus();
}

absl::StatusOr<v1::Document> DocumentStore::Get(absl::string_view id) const {
  DOSSIER_ASSIGN_OR_RETURN(v1::Document document, GetStored(id));
  FillEntityIds(&document);
  return document;
}

absl::StatusOr<v1::Document> DocumentStore::GetStored(absl::string_view id) const {
  DOSSIER_ASSIGN_OR_RETURN(v1::Document document, ReadStored(id));
  DOSSIER_RETURN_IF_ERROR(DropLinksToDeleted(*store_, &document));
  return document;
}

absl::StatusOr<v1::Document> DocumentStore::ReadStored(absl::string_view id) const {
  auto value = store_->Get(store_->cf(kDocuments), IdToKey(id));
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) {
      return ErrorWithReason(absl::StatusCode::kNotFound, "DOCUMENT_NOT_FOUND",
                             absl::StrCat("no document ", DocumentName(id)));
    }
    return value.status();
  }
  v1::Document document;
  DOSSIER_RETURN_IF_ERROR(DecodeStoredDocument(id, *value, &document));
  return document;
}

absl::Status DocumentStore::GetStory(const GetStorySpec& spec,
                                     v1::GetStoryResponse* response) const {
  DOSSIER_ASSIGN_OR_RETURN(*response->mutable_story(), stories_.Get(spec.id));
  entities_.FillIds(response->mutable_story(), kStoryEntities);
  const size_t limit = std::min<size_t>(spec.max_documents, options_.max_page_size);
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<std::string> members,
                           stories_.Members(spec.id, static_cast<int>(limit)));
  // The documents that fit the byte budget (labels and addresses make a
  // BASIC document up to tens of KB); the story's document_count says how
  // many it has.
  PageBudget budget(options_.search.response_bytes, response->ByteSizeLong());
  for (const std::string& member : members) {
    DOSSIER_ASSIGN_OR_RETURN(v1::Document document, Get(member));
    ApplyView(v1::DOCUMENT_VIEW_BASIC, &document);
    if (!budget.Take(ElementBytes(document))) break;
    *response->add_documents() = std::move(document);
  }
  return absl::OkStatus();
}

absl::Status DocumentStore::ListStories(const ListStoriesSpec& spec,
                                        v1::ListStoriesResponse* response) const {
  std::function<bool(uint64_t)> keep;
  absl::flat_hash_set<uint64_t> passing;
  if (spec.filter.any()) {
    DOSSIER_RETURN_IF_ERROR(
        searcher_.StoriesPassing(spec.filter, &passing, response->mutable_resolved_entities()));
    keep = [&passing](uint64_t story) { return passing.contains(story); };
  }
  return stories_.List(
      spec, response, options_.default_page_size, options_.max_page_size,
      options_.search.response_bytes,
      [this](v1::Story* story) { entities_.FillIds(story, kStoryEntities); }, keep);
}

absl::StatusOr<uint64_t> DocumentStore::Count() const {
  auto value = store_->Get(store_->cf(kCounters), kDocumentsCounter);
  if (!value.ok()) {
    if (value.status().code() == absl::StatusCode::kNotFound) return 0;
    return value.status();
  }
  return DecodeCounter(*value);
}

}  // namespace dossier::query
