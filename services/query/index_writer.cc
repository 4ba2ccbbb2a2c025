#include "services/query/index_writer.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/ids.h"
#include "common/keys.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/query/entity_stats.h"
#include "services/query/store_layout.h"
#include "services/query/text_match.h"
#include "text/fold.h"
#include "text/stem.h"
#include "text/words.h"

namespace dossier::query {
namespace {

// A person named by one word ("Brown"): Registry::SenseOf decides who.
bool OneWordPerson(const v1::Entity& entity) {
  return entity.type() == v1::ENTITY_TYPE_PERSON && entity.key().find(' ') == std::string::npos;
}

// Adds the words of `text` to `positions` by term, numbering them from
// `base`; returns how many there were.
uint32_t CollectWords(absl::string_view text, uint32_t base,
                      absl::flat_hash_map<std::string, std::vector<uint32_t>>* positions) {
  text::WordReader reader(text);
  text::Word word;
  uint32_t count = 0;
  while (reader.Next(&word)) {
    (*positions)[word.term].push_back(base + word.position);
    ++count;
  }
  return count;
}

void AddForm(google::protobuf::RepeatedPtrField<store::v1::EntityForm>* forms,
             const std::string& text, int64_t count) {
  for (auto& form : *forms) {
    if (form.text() == text) {
      form.set_count(form.count() + count);
      return;
    }
  }
  auto* form = forms->Add();
  form->set_text(text);
  form->set_count(count);
}

// Calls fn(ordinal, title) once for each title a document gives one of its
// numbered entities (`ordinal_of`: each entity's ordinal, -1 when none).
template <typename Fn>
void ForEachTitle(const v1::Annotations& annotations, const std::vector<int64_t>& ordinal_of,
                  Fn fn) {
  absl::flat_hash_set<std::pair<uint32_t, std::string>> titled;
  for (const v1::Role& role : annotations.roles()) {
    if (role.entity_index() < 0 || role.entity_index() >= annotations.entities_size() ||
        ordinal_of[role.entity_index()] < 0 || role.title().empty()) {
      continue;
    }
    const uint32_t ordinal = static_cast<uint32_t>(ordinal_of[role.entity_index()]);
    // A title folded over a line break is the title on one line; written
    // twice in other case ("Shadow Chancellor", "shadow chancellor"), it
    // is one title of the document, as a profile counts it.
    if (titled.emplace(ordinal, FoldedTitle(role.title())).second) {
      fn(ordinal, text::SingleSpaced(role.title()));
    }
  }
}

// Whether a title a person holds (`held`, as stored) is the office `given`
// (lower case, one line) names: the same words, or `held` with words
// before them that place it ("U.S. Treasury Secretary" is "Treasury
// Secretary"; "Deputy Treasury Secretary" is not).
bool SameOffice(absl::string_view held, absl::string_view given) {
  const std::string h = FoldedTitle(held);
  if (h == given) return true;
  if (given.empty() || h.size() <= given.size() + 1 || !absl::EndsWith(h, given) ||
      h[h.size() - given.size() - 1] != ' ') {
    return false;
  }
  for (absl::string_view word :
       absl::StrSplit(absl::string_view(h).substr(0, h.size() - given.size() - 1), ' ')) {
    for (absl::string_view lesser : {"vice", "deputy", "assistant", "under", "former", "acting",
                                     "ex", "shadow", "associate", "junior", "interim"}) {
      if (word == lesser) return false;
    }
  }
  return true;
}

// Whether `acronym` (folded) is made of the first letters of the words of
// `key`, with or without its small words ("dnc": "democratic national
// committee"; "fbi": "federal bureau of investigation"), and is no word of
// it ("eu" of "eu us", which coreference spelled "EU", is the European
// Union, not the pact). (Coreference's IsAcronymOf reads only the
// initials without "of", "the", "and" and "for".)
bool IsAcronymOfKey(absl::string_view acronym, absl::string_view key) {
  std::string all, content;
  for (absl::string_view word : absl::StrSplit(key, ' ', absl::SkipEmpty())) {
    if (word == acronym) return false;
    all.push_back(word[0]);
    if (word != "of" && word != "the" && word != "and" && word != "for" && word != "on" &&
        word != "in" && word != "to") {
      content.push_back(word[0]);
    }
  }
  return acronym == all || acronym == content;
}

}  // namespace

absl::Status WriteRegistry(const RegistryWrites& writes, Store* store, rocksdb::WriteBatch* batch) {
  for (const auto& [ordinal, id] : writes.links) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch->Put(store->cf(kRegistry), PostingsKey(kRegistryLink, ordinal), BigEndian64(id))));
  }
  for (const store::v1::RegistryEntity& record : writes.entities) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(batch->Put(
        store->cf(kRegistry), RegistryEntityKey(record.id()), record.SerializeAsString())));
  }
  return absl::OkStatus();
}

uint32_t DocumentDay(const v1::Document& document) { return DayNumber(DocumentDate(document)); }

namespace {

// Each entity's ordinal in the dictionaries, -1 for one they do not know.
std::vector<int64_t> KnownOrdinals(const v1::Annotations& annotations,
                                   const Dictionaries& dictionaries) {
  std::vector<int64_t> ordinal_of(annotations.entities_size(), -1);
  for (int i = 0; i < annotations.entities_size(); ++i) {
    const v1::Entity& entity = annotations.entities(i);
    uint32_t ordinal = 0;
    if (!entity.key().empty() &&
        dictionaries.FindEntity(static_cast<int>(entity.type()), entity.key(), &ordinal)) {
      ordinal_of[i] = ordinal;
    }
  }
  return ordinal_of;
}

}  // namespace

absl::Status WriteStem(absl::string_view term, Store* store, Dictionaries* dictionaries,
                       rocksdb::WriteBatch* batch) {
  if (!dictionaries->AddStemmedWord(term)) return absl::OkStatus();
  return FromRocksStatus(
      batch->Put(store->cf(kDictionary), StemKey(text::Stem(term), term), rocksdb::Slice()));
}

std::vector<std::string> TitlesGiven(const v1::Annotations& annotations, uint32_t ordinal,
                                     const Dictionaries& dictionaries) {
  std::vector<std::string> out;
  ForEachTitle(annotations, KnownOrdinals(annotations, dictionaries),
               [&](uint32_t o, const std::string& title) {
                 if (o == ordinal) out.push_back(title);
               });
  return out;
}

absl::flat_hash_map<uint32_t, store::v1::EntityStats> NegatedEntityStats(
    const v1::Document& document, const Dictionaries& dictionaries) {
  absl::flat_hash_map<uint32_t, store::v1::EntityStats> out;
  const v1::Annotations& annotations = document.annotations();
  const std::vector<int64_t> ordinal_of = KnownOrdinals(annotations, dictionaries);
  for (int i = 0; i < annotations.entities_size(); ++i) {
    if (ordinal_of[i] < 0) continue;
    const v1::Entity& entity = annotations.entities(i);
    const uint32_t ordinal = static_cast<uint32_t>(ordinal_of[i]);
    auto [it, first] = out.try_emplace(ordinal);
    store::v1::EntityStats& stats = it->second;
    if (first) stats.set_documents(-1);
    stats.set_mentions(stats.mentions() - std::max(1, entity.mention_indices_size()));
    for (const int m : entity.mention_indices()) {
      if (m < 0 || m >= annotations.mentions_size()) continue;
      AddForm(stats.mutable_forms(), text::SingleSpaced(annotations.mentions(m).text()), -1);
    }
    if (!entity.name().empty()) {
      AddForm(stats.mutable_names(), text::SingleSpaced(entity.name()), -1);
    }
  }
  ForEachTitle(annotations, ordinal_of, [&](uint32_t ordinal, const std::string& title) {
    store::v1::EntityRole* stored = out[ordinal].add_roles();
    stored->set_title(title);
    stored->set_count(-1);
  });
  return out;
}

PostingsBuilder& IndexWriter::Postings(std::string key) {
  auto [it, inserted] = postings_at_.try_emplace(key, postings_.size());
  if (inserted) postings_.emplace_back(std::move(key), PostingsBuilder());
  return postings_[it->second].second;
}

void IndexWriter::SetStory(uint32_t doc, uint64_t story) {
  for (auto it = rows_.rbegin(); it != rows_.rend(); ++it) {
    if (it->first != doc) continue;
    it->second.set_story(story);
    table_->SetStory(doc, story);
    return;
  }
}

uint32_t IndexWriter::Add(v1::Document* document, uint32_t day, const v1::Document* replacing) {
  const uint32_t doc = table_->next();
  const v1::Annotations& annotations = document->annotations();

  // Words, sorted so that lists are built in a stable order.
  absl::flat_hash_map<std::string, std::vector<uint32_t>> words;
  uint32_t length = CollectWords(document->text(), 0, &words);
  // The title is searched too, after the text (text_match.h numbers the
  // words the same way, and says why a headline counts again).
  const absl::string_view title = SearchableTitle(*document);
  if (!title.empty()) length += CollectWords(title, length + kTitlePositionGap, &words);
  std::vector<std::pair<absl::string_view, const std::vector<uint32_t>*>> sorted;
  sorted.reserve(words.size());
  for (const auto& [term, positions] : words) sorted.emplace_back(term, &positions);
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [term, positions] : sorted) {
    Postings(PostingsKey(kWordPostings, term)).Add(doc, length, *positions);
  }

  store::v1::DocumentRow row;
  row.set_id(IdToKey(document->id()));
  row.set_day(day);
  row.set_length(length);
  row.set_undated(!IsFullDate(document->metadata().publish_date()));

  // The outlet.
  const std::string& outlet = document->metadata().outlet();
  const std::string folded_outlet = text::FoldName(outlet);
  if (!folded_outlet.empty()) {
    bool created = false;
    const uint32_t ordinal = dictionaries_->OutletOrdinal(folded_outlet, outlet, &created);
    if (created) {
      std::string value;
      AppendBigEndian32(&value, ordinal);
      value += outlet;
      dictionary_puts_.emplace_back(PostingsKey(kOutletKey, folded_outlet), std::move(value));
    }
    Postings(PostingsKey(kOutletPostings, ordinal)).Add(doc, length, 1);
    row.set_outlet(ordinal + 1);
  }

  // A person named by one word whose key a person with a full name holds
  // may be someone else (Registry::SenseOf): the entity takes the key of
  // the sense its company says it is, before anything is counted under it.
  std::vector<uint64_t> sense_of(annotations.entities_size(), 0);
  std::vector<bool> renamed(annotations.entities_size(), false);
  // A document indexed again keeps its senses: its word's key then.
  absl::flat_hash_map<std::string, std::string> kept_senses;
  if (replacing != nullptr) {
    for (const v1::Entity& e : replacing->annotations().entities()) {
      if (OneWordPerson(e)) kept_senses[e.key().substr(0, e.key().find('#'))] = e.key();
    }
  }
  // The distinct entities the document names (type and key): each has the
  // others beside it.
  absl::flat_hash_set<std::pair<int, std::string>> named;
  size_t others = 0;
  {
    // The registry entity of each entity's key, where it has one.
    std::vector<uint64_t> linked(annotations.entities_size(), 0);
    for (int i = 0; i < annotations.entities_size(); ++i) {
      const v1::Entity& entity = annotations.entities(i);
      if (entity.key().empty()) continue;
      named.emplace(static_cast<int>(entity.type()), entity.key());
      uint32_t ordinal = 0;
      if (dictionaries_->FindEntity(static_cast<int>(entity.type()), entity.key(), &ordinal)) {
        linked[i] = registry_->IdOf(ordinal);
      }
    }
    others = named.empty() ? 0 : named.size() - 1;
    for (int i = 0; i < annotations.entities_size(); ++i) {
      v1::Entity* entity = document->mutable_annotations()->mutable_entities(i);
      if (entity->type() != v1::ENTITY_TYPE_PERSON) continue;
      if (auto kept = kept_senses.find(entity->key()); kept != kept_senses.end()) {
        entity->set_key(kept->second);
        continue;
      }
      // The company: the known entities of the document's other keys, but
      // other people named by one word, whose own sense is yet to be
      // decided ("Stewart" beside "Brown" in a team sheet is not Rod
      // Stewart's evidence).
      std::vector<uint64_t> known;
      for (int j = 0; j < annotations.entities_size(); ++j) {
        const v1::Entity& other = annotations.entities(j);
        if (j == i || linked[j] == 0 || other.key() == entity->key() || OneWordPerson(other) ||
            std::find(known.begin(), known.end(), linked[j]) != known.end()) {
          continue;
        }
        known.push_back(linked[j]);
      }
      // The people named in full with the word as surname, where the
      // tagger kept the word apart from them ("Mrs Howard" beside Michael
      // Howard).
      std::vector<uint64_t> apart;
      const bool kept_apart = entity->apart_from_namesakes() && OneWordPerson(*entity);
      for (int j = 0; kept_apart && j < annotations.entities_size(); ++j) {
        const v1::Entity& other = annotations.entities(j);
        if (j != i && other.type() == v1::ENTITY_TYPE_PERSON &&
            absl::EndsWith(other.key(), absl::StrCat(" ", entity->key()))) {
          apart.push_back(linked[j]);
        }
      }
      // The titles this document gives the word ("Treasury Secretary
      // Baker"), which another document's person of the surname may hold.
      std::vector<std::string> titles;
      for (const v1::Role& role : annotations.roles()) {
        if (role.entity_index() == i && !role.title().empty()) {
          titles.push_back(FoldedTitle(role.title()));
        }
      }
      std::function<bool(absl::Span<const uint32_t>)> holds_title;
      if (!titles.empty()) {
        holds_title = [&](absl::Span<const uint32_t> ordinals) {
          int read = 0;
          for (const uint32_t ordinal : ordinals) {
            // Titles given to the person named in full: not those of a
            // bare surname's key, which hold what earlier lone surnames
            // were taken to be. A few keys at most.
            EntityInfo info;
            if (!dictionaries_->EntityOfBatch(ordinal, &info) ||
                info.key.find(' ') == std::string::npos ||
                info.key.find('#') != std::string::npos) {
              continue;
            }
            if (++read > 4) break;
            auto value = store_->Get(store_->cf(kEntityStats), OrdinalKey(ordinal));
            store::v1::EntityStats stats;
            if (!value.ok() || !stats.ParseFromString(*value)) continue;
            for (const store::v1::EntityRole& held : stats.roles()) {
              if (held.count() <= 0) continue;
              for (const std::string& title : titles) {
                if (SameOffice(held.title(), title)) return true;
              }
            }
          }
          return false;
        };
      }
      const std::optional<Registry::Sense> sense = registry_->SenseOf(
          entity->key(), known, others, companies_, apart, kept_apart, holds_title);
      if (!sense.has_value() || sense->key == entity->key()) continue;
      entity->set_key(sense->key);
      sense_of[i] = sense->id;
      renamed[i] = true;
    }
  }

  // Entities: ordinals, ids, postings, statistics and names.
  std::vector<int64_t> ordinal_of(annotations.entities_size(), -1);
  std::vector<std::vector<std::string>> folded_spellings(annotations.entities_size());
  std::vector<uint32_t> order;  // distinct ordinals, first mention first
  absl::flat_hash_map<uint32_t, uint32_t> mentions_of;
  uint32_t per_type[5] = {0, 0, 0, 0, 0};
  for (int i = 0; i < annotations.entities_size(); ++i) {
    v1::Entity* entity = document->mutable_annotations()->mutable_entities(i);
    if (entity->key().empty()) continue;
    const int type = static_cast<int>(entity->type());
    // A new entity is recorded by its statistics (type and key included),
    // which the dictionary is loaded from.
    bool created = false;
    const uint32_t ordinal = dictionaries_->EntityOrdinal(type, entity->key(), &created);
    ordinal_of[i] = ordinal;
    const uint32_t mentions = static_cast<uint32_t>(std::max(1, entity->mention_indices_size()));
    auto [it, first] = mentions_of.try_emplace(ordinal, 0);
    it->second += mentions;
    if (first) {
      order.push_back(ordinal);
      if (type >= 0 && type < 5) ++per_type[type];
    }

    store::v1::EntityStats& stats = stats_[ordinal];
    if (stats.key().empty()) {
      stats.set_type(type);
      stats.set_key(entity->key());
    }
    absl::flat_hash_set<std::string> spellings;
    for (const int m : entity->mention_indices()) {
      if (m < 0 || m >= annotations.mentions_size()) continue;
      // Shown on one line: "Paul\nVolcker" of a folded wire story is
      // "Paul Volcker".
      std::string text = text::SingleSpaced(annotations.mentions(m).text());
      AddForm(stats.mutable_forms(), text, 1);
      spellings.insert(std::move(text));
    }
    if (!entity->name().empty()) {
      std::string name = text::SingleSpaced(entity->name());
      AddForm(stats.mutable_names(), name, 1);
      spellings.insert(std::move(name));
    }
    // Spellings are kept in memory (loaded from the statistics' forms and
    // names at start).
    for (const std::string& spelling : spellings) {
      const std::string folded = text::FoldName(spelling);
      if (folded.empty()) continue;
      dictionaries_->AddName(ordinal, folded);
      folded_spellings[i].push_back(folded);
    }
  }
  // The registry: keys seen before keep their entity; keys new now link,
  // in the company of the entities already known.
  std::vector<uint64_t> company;
  for (int i = 0; i < annotations.entities_size(); ++i) {
    if (ordinal_of[i] < 0) continue;
    const uint64_t id = registry_->IdOf(static_cast<uint32_t>(ordinal_of[i]));
    if (id != 0 && std::find(company.begin(), company.end(), id) == company.end()) {
      company.push_back(id);
    }
  }
  // People link after the rest, and people named by one word last, each in
  // the company of everything linked before it (Registry::Link: a full
  // name joins a surname seen alone in that surname's company).
  std::vector<int> link_order;
  auto rank = [](const v1::Entity& e) {
    return OneWordPerson(e) ? 2 : e.type() == v1::ENTITY_TYPE_PERSON ? 1 : 0;
  };
  for (const int pass : {0, 1, 2}) {
    for (int i = 0; i < annotations.entities_size(); ++i) {
      if (rank(annotations.entities(i)) == pass) link_order.push_back(i);
    }
  }
  for (const int i : link_order) {
    if (ordinal_of[i] < 0) continue;
    const uint32_t ordinal = static_cast<uint32_t>(ordinal_of[i]);
    uint64_t id = registry_->IdOf(ordinal);
    v1::Entity* entity = document->mutable_annotations()->mutable_entities(i);
    if (id == 0 && renamed[i]) {
      id = registry_->LinkSense(ordinal, entity->key(), sense_of[i], &registry_writes_);
      if (std::find(company.begin(), company.end(), id) == company.end()) company.push_back(id);
    } else if (id == 0) {
      id = registry_->Link(ordinal, static_cast<int>(entity->type()), entity->key(),
                           folded_spellings[i], company, companies_, &registry_writes_);
      if (std::find(company.begin(), company.end(), id) == company.end()) company.push_back(id);
    }
    entity->set_entity_id(EntityIdString(id));
  }
  // An acronym this document gives a name of several words ("Democratic
  // National Committee (DNC)", which the tagger keys to the name) that
  // documents before named alone, where it became an entity of its own:
  // that entity is the name's, in this document's company
  // (Registry::JoinAcronym says when). Only when the document is new: one
  // indexed again (a re-tag) changes no entity the first time did not.
  for (int i = 0; replacing == nullptr && i < annotations.entities_size(); ++i) {
    const v1::Entity& entity = document->annotations().entities(i);
    if (ordinal_of[i] < 0 || entity.key().find(' ') == std::string::npos ||
        (entity.type() != v1::ENTITY_TYPE_ORGANIZATION && entity.type() != v1::ENTITY_TYPE_MISC)) {
      continue;
    }
    absl::flat_hash_set<std::string> tried;
    for (const int m : entity.mention_indices()) {
      if (m < 0 || m >= annotations.mentions_size()) continue;
      const std::string& text = annotations.mentions(m).text();
      // Two to six capitals, perhaps with full stops ("DNC", "D.N.C.").
      const int letters = text::AcronymLetters(text);
      if (letters < 2 || letters > 6) continue;
      const std::string folded = text::FoldName(text);
      uint32_t acronym = 0;
      if (folded.find(' ') != std::string::npos || !IsAcronymOfKey(folded, entity.key()) ||
          !tried.insert(folded).second ||
          !dictionaries_->FindEntity(static_cast<int>(entity.type()), folded, &acronym)) {
        continue;
      }
      const uint64_t acronym_id = registry_->IdOf(acronym);
      if (acronym_id == 0) continue;
      registry_->JoinAcronym(acronym_id, registry_->IdOf(static_cast<uint32_t>(ordinal_of[i])),
                             company, companies_, &registry_writes_);
    }
  }
  // The document's company in the order a restart reads it (its entities
  // by first mention, DocumentStore's LoadCompany), so that the usual
  // company counted live and after a restart are the same.
  if (replacing == nullptr) companies_.Add(registry_->Ids(order));
  // Titles documents give the entities.
  ForEachTitle(annotations, ordinal_of, [&](uint32_t ordinal, const std::string& title) {
    store::v1::EntityRole* stored = stats_[ordinal].add_roles();
    stored->set_title(title);
    stored->set_count(1);
    stored->set_first_day(day + 1);
    stored->set_last_day(day + 1);
    stored->set_first_undated(row.undated());
    stored->set_last_undated(row.undated());
  });
  for (const uint32_t ordinal : order) {
    Postings(PostingsKey(kEntityPostings, ordinal)).Add(doc, length, mentions_of[ordinal]);
    store::v1::EntityStats& stats = stats_[ordinal];
    stats.set_documents(stats.documents() + 1);
    stats.set_mentions(stats.mentions() + mentions_of[ordinal]);
    if (stats.first_day() == 0 || day + 1 < stats.first_day()) stats.set_first_day(day + 1);
    stats.set_last_day(std::max(stats.last_day(), day + 1));
    row.add_entities(ordinal);
  }
  for (int type = 1; type < 5; ++type) {
    if (per_type[type] > 0) {
      Postings(PostingsKey(kTypePostings, std::string(1, static_cast<char>(type))))
          .Add(doc, length, per_type[type]);
    }
  }

  // Quotes: speakers, the entities they name, their words.
  if (annotations.quotes_size() > 0) {
    store::v1::StoredQuotes stored;
    absl::flat_hash_map<uint32_t, uint32_t> by_speaker, about;
    absl::flat_hash_map<std::string, std::vector<uint32_t>> quote_words;
    uint32_t base = 0;
    for (const v1::Quote& quote : annotations.quotes()) {
      store::v1::StoredQuote* q = stored.add_quotes();
      q->set_begin(quote.span().begin());
      q->set_end(quote.span().end());
      q->set_text(quote.text());
      q->set_kind(quote.kind());
      q->set_cue_begin(quote.cue_span().begin());
      q->set_cue_end(quote.cue_span().end());
      q->set_cue(quote.cue());
      q->set_confidence(quote.confidence());
      if (quote.has_speaker_entity_index() && quote.speaker_entity_index() >= 0 &&
          quote.speaker_entity_index() < static_cast<int>(ordinal_of.size()) &&
          ordinal_of[quote.speaker_entity_index()] >= 0) {
        const uint32_t speaker = static_cast<uint32_t>(ordinal_of[quote.speaker_entity_index()]);
        q->set_speaker(speaker + 1);
        ++by_speaker[speaker];
      }
      absl::flat_hash_set<uint32_t> targets;
      for (const v1::Mention& mention : annotations.mentions()) {
        if (mention.span().begin() < quote.span().begin() ||
            mention.span().end() > quote.span().end() || mention.entity_index() < 0 ||
            mention.entity_index() >= static_cast<int>(ordinal_of.size()) ||
            ordinal_of[mention.entity_index()] < 0) {
          continue;
        }
        const uint32_t target = static_cast<uint32_t>(ordinal_of[mention.entity_index()]);
        if (targets.insert(target).second) {
          q->add_targets(target);
          ++about[target];
        }
      }
      base += CollectWords(quote.text(), base, &quote_words) + kQuotePositionGap;
    }
    for (const auto& [speaker, count] : by_speaker) {
      Postings(PostingsKey(kSpeakerPostings, speaker)).Add(doc, length, count);
    }
    for (const auto& [target, count] : about) {
      Postings(PostingsKey(kAboutPostings, target)).Add(doc, length, count);
    }
    for (const auto& [term, positions] : quote_words) {
      Postings(PostingsKey(kQuoteWordPostings, term)).Add(doc, length, positions);
    }
    Postings(std::string(1, kQuotedPostings))
        .Add(doc, length, static_cast<uint32_t>(annotations.quotes_size()));
    quotes_.emplace_back(doc, std::move(stored));
  }

  DocRow memory;
  std::memcpy(memory.id, row.id().data(), sizeof(memory.id));
  memory.day = day;
  memory.undated = row.undated();
  memory.length = length;
  memory.outlet = row.outlet();
  table_->Append(memory, absl::MakeConstSpan(row.entities().data(), row.entities_size()));
  rows_.emplace_back(doc, std::move(row));
  words_ += length;
  return doc;
}

absl::Status IndexWriter::Write(rocksdb::WriteBatch* batch) {
  // In key order: each memtable insert then starts where the last ended.
  std::sort(postings_.begin(), postings_.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string value;
  for (auto& [key, builder] : postings_) {
    value.clear();
    builder.Finish(&value);
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(batch->Merge(store_->cf(kPostings), ToSlice(key), ToSlice(value))));
  }
  for (const auto& [doc, row] : rows_) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch->Put(store_->cf(kDocRows), OrdinalKey(doc), row.SerializeAsString())));
  }
  for (const auto& [doc, quotes] : quotes_) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch->Put(store_->cf(kQuotes), OrdinalKey(doc), quotes.SerializeAsString())));
  }
  for (const auto& [ordinal, stats] : stats_) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch->Merge(store_->cf(kEntityStats), OrdinalKey(ordinal), stats.SerializeAsString())));
  }
  // Each word new to the index under its stem, so that a query word finds
  // it (store_layout.h).
  for (const auto& [key, builder] : postings_) {
    if (key.empty() || key[0] != kWordPostings) continue;
    DOSSIER_RETURN_IF_ERROR(
        WriteStem(absl::string_view(key).substr(1), store_, dictionaries_, batch));
  }
  for (const auto& [key, put] : dictionary_puts_) {
    DOSSIER_RETURN_IF_ERROR(
        FromRocksStatus(batch->Put(store_->cf(kDictionary), ToSlice(key), ToSlice(put))));
  }
  if (words_ > 0) {
    DOSSIER_RETURN_IF_ERROR(FromRocksStatus(
        batch->Merge(store_->cf(kCounters), ToSlice(kWordsCounter), EncodeCounter(words_))));
  }
  return WriteRegistry(registry_writes_, store_, batch);
}

IndexWriter::~IndexWriter() {
  if (!done_) Abandon();
}

void IndexWriter::Publish() {
  done_ = true;
  registry_->Commit();
  for (const std::vector<uint64_t>& company : companies_.documents()) {
    registry_->AddCompany(company);
  }
  for (const auto& [ordinal, stats] : stats_) {
    dictionaries_->AddEntityCounts(ordinal, stats.documents(), stats.mentions(), stats.first_day(),
                                   stats.last_day());
  }
  dictionaries_->Commit();
  table_->Publish();
}

void IndexWriter::Abandon() {
  done_ = true;
  registry_->Rollback();
  table_->Rollback();
  dictionaries_->Rollback();
}

}  // namespace dossier::query
