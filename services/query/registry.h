// The entity registry: one identity per real entity, over the tagger's
// identity keys. Each key (an entity ordinal of the dictionaries: type and
// key) links to one registry entity; an entity may hold many keys
// ("aleksandar vucic", "alexander vucic", "vucic"). Searches, filters and
// statistics read an entity as the union of its keys, so linking, merging
// or splitting re-keys the index without rewriting it.
//
// A new key links, in this order of evidence, to a registry entity of its
// type that
//   1. has the key, or a full spelling of this document, as a curated or
//      knowledge-base alias;
//   2. a document spelled the same full name for (two words or more:
//      "sergei lavrov" in another document's coreference);
//   3. for a person, has the same name once given names are made canonical
//      (text/given_names.h: "aleksandar vucic" ~ "alexander vucic");
//   4. for a person named by one word, has that surname, where the
//      document keeps that person's company or names too few entities to
//      tell (and the reverse:
//      a full name whose surname is a known one-word person, unless that
//      person has a full name with another given name, those of the batch
//      being written included: "Serena Williams" does not join the
//      "Williams" who is Matt Williams);
// and among several candidates, to the one whose usual company (entities
// named in the same documents) this document shares most, then the one in
// most documents. With none, it starts an entity of its own, whose id is
// the hash of its type and key: the id every shard gives it. A one-word
// person key that is linked already may still mean someone else in a
// later document: SenseOf gives that document's entity a numbered key.
//
// Thread-safe: readers share a lock; one writer (the store's commit) links
// and curates, and commits or rolls back what it changed.
#ifndef DOSSIER_SERVICES_QUERY_REGISTRY_H_
#define DOSSIER_SERVICES_QUERY_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "dossier/store/v1/store.pb.h"
#include "services/query/doc_table.h"
#include "text/given_names.h"

namespace dossier::query {

// A place a name may stand for (from GeoNames).
struct Place {
  std::string geonames_id;
  std::string country_code;
  double latitude = 0;
  double longitude = 0;
  int64_t population = 0;
};

// Places by folded name: the most populous place of each name, countries
// before cities. A city is known by its own names and by those of its
// alternate names that are a spelling of them, not another name: GeoNames
// lists "Google" for Topeka, "Twickenham" for Huntsville, "White House"
// for Casablanca and "Africa" for Mahdia, which would otherwise make the
// places news names those cities.
class Gazetteer {
 public:
  // Reads GeoNames' countryInfo.txt and cities15000.txt from `dir`;
  // NOT_FOUND when they are not there.
  static absl::StatusOr<std::unique_ptr<Gazetteer>> Load(const std::string& dir);
  // The place of a name: of its most populous kMaxPlaces places (countries
  // first), the first of at least a tenth of the largest's population in
  // one of `countries` (ISO codes of the places the document names
  // besides: "Newcastle" beside London is Newcastle upon Tyne, not the
  // larger Newcastle of New South Wales; "Perth" beside the United States
  // stays Perth, Western Australia, not Perth Amboy), else the largest.
  const Place* Find(absl::string_view folded_name,
                    absl::Span<const std::string> countries = {}) const;
  size_t size() const { return places_.size(); }
  static constexpr size_t kMaxPlaces = 4;

  // Whether a city's alternate name (as written, and `folded`) names it:
  // not a code in capitals, and within two edits of one of its own
  // `names` ("kiev", "kyiv"; one edit for names of three letters), or whole
  // words of one or holding one ("frankfurt", "frankfurt am main"), "st"
  // read as "saint" (`names` are folded with "st" already so, once per
  // city); or any name of a city of kWorldCity people or more, whose other
  // names are known the world over ("Bombay", "Calcutta").
  static constexpr int64_t kWorldCity = 4'000'000;
  static bool TrustedAlternate(absl::string_view alternate, absl::string_view folded,
                               absl::Span<const std::string> names, int64_t population);

 private:
  // Most populous first.
  absl::flat_hash_map<std::string, std::vector<Place>> places_;
};

// Whether identity key `key` is `word` itself or a numbered sense the
// registry gave it ("brown", "brown#2"; Registry::SenseOf).
bool IsKeyOrSense(absl::string_view key, absl::string_view word);

// The entities of each document of the batch being written, not yet in the
// usual company (Registry::AddCompany counts them when the batch commits),
// with, for each entity, the documents that name it: a fit reads those
// instead of scanning the batch.
class BatchCompany {
 public:
  // One document's registry entities.
  void Add(std::vector<uint64_t> ids);
  size_t size() const { return documents_.size(); }
  const std::vector<std::vector<uint64_t>>& documents() const { return documents_; }
  // The positions in the batch, ascending, of the documents naming `id`.
  absl::Span<const uint32_t> Naming(uint64_t id) const;
  // How many of the batch's documents name both `a` and `b`.
  size_t NamingBoth(uint64_t a, uint64_t b) const;

 private:
  std::vector<std::vector<uint64_t>> documents_;
  absl::flat_hash_map<uint64_t, std::vector<uint32_t>> naming_;
};

// Changes a writer records for the store (family registry).
struct RegistryWrites {
  // 'k' ordinal(4) -> id(8)
  std::vector<std::pair<uint32_t, uint64_t>> links;
  // 'e' id(8) -> record, the last one of an id wins
  std::vector<store::v1::RegistryEntity> entities;
};

class Registry {
 public:
  // `dictionaries` must outlive it; `given_names` and `places` may be null.
  Registry(const Dictionaries* dictionaries, const text::GivenNames* given_names,
           const Gazetteer* places)
      : dictionaries_(dictionaries), given_names_(given_names), places_(places) {}

  // Loading, before serving: records and links as stored.
  void LoadEntity(store::v1::RegistryEntity record);
  void LoadLink(uint32_t ordinal, uint64_t id);
  // Loading: documents' entities, for the usual company of each entity.
  void LoadCompany(absl::Span<const uint32_t> ordinals);

  // Readers.
  // The registry entity of a key ordinal (0 when it has none).
  uint64_t IdOf(uint32_t ordinal) const;
  // The entity an id stands for now (merged ids lead to the survivor); 0
  // when unknown.
  uint64_t Current(uint64_t id) const;
  std::vector<uint32_t> Ordinals(uint64_t id) const;
  bool Record(uint64_t id, store::v1::RegistryEntity* out) const;
  // Ids merged into `id`.
  std::vector<uint64_t> MergedInto(uint64_t id) const;
  // The identity keys entity `merged` brought to the entity it was merged
  // into (empty when it is not merged, or unknown).
  std::vector<uint32_t> MergedKeys(uint64_t merged) const;
  // The type curation gave the entity `id` stands for (SetType); 0 when
  // none did.
  int CuratedType(uint64_t id) const;
  // Entities with a curated or knowledge-base alias folding to `folded`.
  std::vector<uint64_t> ByAlias(absl::string_view folded) const;
  // Aliases (folded) starting with `prefix`, with their entities.
  std::vector<uint64_t> AliasesStartingWith(absl::string_view prefix, size_t limit) const;
  // The distinct entities of key ordinals, in order.
  std::vector<uint64_t> Ids(absl::Span<const uint32_t> ordinals) const;
  // ordinal -> id for every linked key (index = ordinal).
  std::vector<uint64_t> Snapshot() const;
  // Entities that were not merged into another.
  size_t EntityCount() const;

  struct KnownName {
    std::string name;
    int type = 0;
    uint64_t id = 0;
    bool operator<(const KnownName& o) const {
      return std::tie(name, type, id) < std::tie(o.name, o.type, o.id);
    }
  };
  // The names curation and knowledge bases gave entities (display names and
  // aliases, as written), sorted.
  std::vector<KnownName> KnownNames() const;

  // Writer. Links a key first seen now (its type and key; `spellings`, the
  // folded names this document gives it; `company`, the entities this
  // document names besides; `pending`, the companies of the documents of
  // the batch being written, not yet in the usual company) and returns its
  // entity.
  uint64_t Link(uint32_t ordinal, int type, absl::string_view key,
                const std::vector<std::string>& spellings, absl::Span<const uint64_t> company,
                const BatchCompany& pending, RegistryWrites* writes);
  // Writer: the usual company of a committed document's entities.
  void AddCompany(absl::Span<const uint64_t> ids);

  // Which person a document that names someone by one word alone
  // ("Brown", folded `key`) means, when that key already belongs to a
  // person with a full name (Gordon Brown): a key links once, and without
  // this every later "Brown" would be his, the footballer's too. When it
  // belongs to a person the word named alone first, whom no full name
  // joined, only the people of the surname named in full are weighed
  // against that person, and the word takes no sense of its own. The
  // candidates are the key's person, the senses the word was given before
  // (numbered keys, "brown#2") and the other people with a full name of
  // that surname ("Wes Brown"). A candidate that `company` (the known
  // entities of the document's other keys, one-word people left out)
  // holds, the document naming it otherwise too, is the one it means, the
  // key's person first. Else a document that names fewer than kSenseJudge
  // other entities (`others`: distinct type and key, known before or not),
  // or whose fit (FitLocked, against `company` and the batch's `pending`
  // documents) Keeps the key's person, means that person. Else the best
  // scoring other candidate, at least kSenseFit with two entities; with
  // none, a sense of its own: a new numbered key and entity. At most kMaxSenses - 1 numbered senses
  // per word; past them, the key's person. Writer only (it reads the batch).
  struct Sense {
    std::string key;  // the key the document's entity takes
    uint64_t id = 0;  // its entity when the key is new (0: an entity of its own)
  };
  static constexpr double kSenseFit = 0.5;
  static constexpr size_t kSenseJudge = 3;
  static constexpr int kMaxSenses = 16;
  // Most candidates `holds_title` is asked about.
  static constexpr int kTitleCandidates = 32;
  // nullopt: the key as it is (not a one-word person key that a person
  // with a full name holds, or one curation or a knowledge base gave that
  // person as an alias).
  // `apart`: people this document names in full with the word as surname
  // whom its tagger kept apart from the word ("Mrs Howard" beside Michael
  // Howard; their entities, or none for a name new here). The word is then
  // none of them: another candidate the document names or fits, else a
  // sense of its own, even where the key is new.
  // `holds_title`, when set, says whether an entity of these key ordinals
  // holds, in other documents, a title this document gives the word: the
  // one candidate that does (of the first kTitleCandidates) is the one it
  // means ("Treasury Secretary Baker" is James Baker, whom other reports
  // call so, not Howard Baker), before company is weighed. The titles are
  // those of committed documents, not of the batch being written.
  std::optional<Sense> SenseOf(
      absl::string_view key, absl::Span<const uint64_t> company, size_t others,
      const BatchCompany& pending, absl::Span<const uint64_t> apart = {}, bool kept_apart = false,
      const std::function<bool(absl::Span<const uint32_t>)>& holds_title = nullptr) const;
  // Writer: links the new numbered key of a sense to `id` (0: an entity of
  // its own) and returns its entity.
  uint64_t LinkSense(uint32_t ordinal, absl::string_view key, uint64_t id, RegistryWrites* writes);
  // Writer: an acronym a document gives a name of several words
  // ("Democratic National Committee (DNC)"), which documents before named
  // alone and so made an entity of its own (`acronym`, whose key is the
  // acronym): that entity is merged into the name's (`into`) when
  // documents alone made it (no name, alias, external id or type that
  // curation or a knowledge base gave), it holds that one key, is of the
  // same type, and this document (`company`, `pending`, as Link takes
  // them) keeps its company, as Link would have joined the name to it had
  // the name come later. A merge like a curator's: Split takes it back.
  // Returns whether it merged.
  bool JoinAcronym(uint64_t acronym, uint64_t into, absl::Span<const uint64_t> company,
                   const BatchCompany& pending, RegistryWrites* writes);

  // Writer, curation (each validated by the caller: ids exist, types
  // agree). Moves every key, alias and external id of `from` to `into`.
  // `into` keeps the name it has; one that has none (its name came from
  // its documents' spellings) is given `into_name`, the name it was shown
  // by, so that the spellings `from` brings do not rename it.
  void Merge(uint64_t from, uint64_t into, absl::string_view into_name, RegistryWrites* writes);
  void AddAlias(uint64_t id, absl::string_view alias, RegistryWrites* writes);
  // Moves the keys of `id` spelled `folded` to an entity of their own;
  // returns its id, 0 when no key of `id` is spelled so (or, with
  // `keep_a_key`, when every key is). When those keys came with a merge,
  // the merged entity comes back, and without `keep_a_key` (a split, not an
  // alias taken back) with every key it brought that `id` still has.
  uint64_t Split(uint64_t id, absl::string_view folded, bool keep_a_key, RegistryWrites* writes);
  // Whether Split(id, folded) would undo a merge: the keys spelled so
  // started an entity that was merged into `id`, which would come back.
  bool UndoesMerge(uint64_t id, absl::string_view folded) const;
  // Takes the curated aliases of `id` that fold to `folded` off it and out
  // of the index (with those of entities merged into it); false when it has
  // none.
  bool RemoveAlias(uint64_t id, absl::string_view folded, RegistryWrites* writes);
  // Gives `id` the type `type` (curated: documents' entities show it, and
  // a key of another type joining does not change it). `name`, the name it
  // is shown by, becomes its curated name if it has none, and an alias, so
  // that new documents that give the name that type link to it. Away from
  // kLocation, a place that documents' names gave it (not a knowledge
  // base's) goes; to kLocation, it is given the place of its name.
  void SetType(uint64_t id, int type, absl::string_view name, RegistryWrites* writes);
  // Creates or updates a knowledge-base entity, joining the entities its
  // names name; returns its id and whether it was new (no entity had its
  // external ids or any of its names).
  uint64_t Import(const store::v1::RegistryEntity& entity, bool* created, int* joined,
                  RegistryWrites* writes);

  // Writer: keeps or forgets what the writer changed since the last call.
  void Commit();
  void Rollback();

 private:
  struct Node {
    store::v1::RegistryEntity record;
    std::vector<uint32_t> ordinals;
  };

  uint64_t CurrentLocked(uint64_t id) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // The node of `id` for changing, its old state saved for Rollback.
  Node& TouchLocked(uint64_t id) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AddIndexLocked(int which, const std::string& key, uint64_t id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Takes the curated aliases of `id` that fold to `folded` off its record
  // and out of the alias index; returns them as written.
  std::vector<std::string> TakeAliasesLocked(uint64_t id, absl::string_view folded)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Gives `id` the curated alias `alias` (as written) and indexes it.
  void AddAliasLocked(uint64_t id, absl::string_view alias) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Takes `id` out of the index entry `key` (undone by Rollback).
  void RemoveIndexLocked(int which, const std::string& key, uint64_t id)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void IndexKeyLocked(uint64_t id, int type, absl::string_view key)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AttachLocked(uint32_t ordinal, uint64_t id, RegistryWrites* writes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  uint64_t NewIdLocked(uint64_t wanted) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // A new entity of a key's own (its id the hash of type and key, or the
  // next free), a place given its GeoNames entry; recorded in `writes`.
  uint64_t NewEntityLocked(int type, absl::string_view key, absl::Span<const uint64_t> company,
                           RegistryWrites* writes) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // The entity the key of `first` started, since merged into `id`; 0 if none.
  uint64_t MergedOriginLocked(uint64_t id, const EntityInfo& first) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  int64_t DocumentsLocked(uint64_t id) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // How much of entity `id`'s usual company a document that names
  // `company` keeps (`pending`: the batch's documents not yet committed):
  // for each of them, the share of `id`'s documents that name it beyond
  // the share of all documents that do, documents counted as AddCompany
  // counts them (once each, however many of an entity's keys a document
  // names), with the batch's (Manchester United in a third of a
  // footballer's documents and a fiftieth of all: 0.31; England in a tenth
  // of Gordon Brown's and a tenth of all: nothing; the share of all is
  // taken of at least a hundred documents), summed; and how many of them
  // that share is above nothing for. Entities merged since are compared as
  // the entity they were merged into. A `company` that holds `id` itself
  // (the document names it otherwise too) is `named`.
  struct Fit {
    double score = 0;
    int partners = 0;
    bool named = false;  // the document names the entity besides
  };
  // Whether `company`, merges followed, holds entity `id`.
  bool NamedLocked(uint64_t id, absl::Span<const uint64_t> company) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  Fit FitLocked(uint64_t id, absl::Span<const uint64_t> company, const BatchCompany& pending) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Whether a person of the surname may be whom a document with `company`
  // means by it: the document names too few entities to tell, names the
  // person, or keeps some of the person's company (step 4 of Link).
  bool MayBeLocked(uint64_t id, absl::Span<const uint64_t> company,
                   const BatchCompany& pending) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Whether a document with this fit means the person.
  static bool Keeps(const Fit& fit) {
    return fit.named || fit.score >= kSenseFit || (fit.partners >= 2 && fit.score >= kSenseFit / 2);
  }
  // Whether entity `id` holds a person's full name that `key` (a full name
  // of the same surname) cannot be: another given name ("matt williams"
  // for "serena williams"); an initial agrees with any name it begins.
  bool HasOtherGivenNameLocked(uint64_t id, absl::string_view key) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Whether entity `id` holds a full name with the first and last words of
  // `key` but other middle initials: "george w bush", "george hw bush" and
  // "george p bush" are three men, though each is "george bush" once given
  // names are canonical. A name without a middle part, or with a middle
  // name that an initial begins ("barack h obama", "barack hussein obama"),
  // agrees.
  bool HasOtherMiddleNameLocked(uint64_t id, absl::string_view key) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);
  // Gives `record` the place of `folded` among those of its name, in the
  // country of the places `company` names when one is.
  void PlaceLocked(absl::string_view folded, absl::Span<const uint64_t> company,
                   store::v1::RegistryEntity* record) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void MergeLocked(uint64_t from, uint64_t into, RegistryWrites* writes)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  using Index = absl::flat_hash_map<std::string, std::vector<uint64_t>>;
  static constexpr int kAliases = 0, kCanonical = 1, kSurnames = 2;

  // What Rollback undoes: links set, nodes as they were before their first
  // change (none: the node is new), index entries added.
  struct Undo {
    std::vector<std::pair<uint32_t, uint64_t>> links;
    absl::flat_hash_map<uint64_t, std::optional<Node>> nodes;
    // Index entries added (true) or taken out (false).
    std::vector<std::tuple<int, std::string, uint64_t, bool>> index;
  };

  const Dictionaries* const dictionaries_;
  const text::GivenNames* const given_names_;
  const Gazetteer* const places_;
  mutable absl::Mutex mu_;
  std::vector<uint64_t> id_of_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<uint64_t, Node> nodes_ ABSL_GUARDED_BY(mu_);
  // Folded curated and knowledge-base aliases; canonical person names
  // (given name made canonical); surnames (last word of a person's key).
  Index index_[3] ABSL_GUARDED_BY(mu_);
  Undo undo_ ABSL_GUARDED_BY(mu_);
  // Documents whose company was counted (every document added or loaded).
  int64_t company_documents_ ABSL_GUARDED_BY(mu_) = 0;
  // Usual company: per entity, how many documents it shared with others
  // (at most kCompany kept per entity).
  absl::flat_hash_map<uint64_t, absl::flat_hash_map<uint64_t, uint32_t>> company_
      ABSL_GUARDED_BY(mu_);
  // Per entity, the documents its company was counted in (once each).
  absl::flat_hash_map<uint64_t, uint32_t> company_count_ ABSL_GUARDED_BY(mu_);
};

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_REGISTRY_H_
