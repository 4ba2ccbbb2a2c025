#include "services/tagger/known_names.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/ids.h"
#include "common/knowledge_base.h"
#include "common/status.h"
#include "dossier/v1/registry_service.pb.h"
#include "services/tagger/quote_lexicon.h"
#include "text/fold.h"

namespace dossier::tagger {

using text::Sentence;
using text::Token;
using text::Tokenize;
using text::TokenizedText;

namespace {

// A token a name may start or end on: it begins with a capital (or a
// letter outside ASCII, whose case the tokenizer does not tell).
bool Capitalised(const std::string& token) {
  if (token.empty()) return false;
  const unsigned char c = static_cast<unsigned char>(token[0]);
  return c >= 0x80 || absl::ascii_isupper(c) || absl::ascii_isdigit(c);
}

// A token that starts with a small letter ("eBay", "de").
bool StartsSmall(const std::string& token) {
  return !token.empty() && absl::ascii_islower(static_cast<unsigned char>(token[0]));
}

// A token of two letters or more, all capitals ("IT", "NATO").
bool AllCapitals(const std::string& token) {
  int letters = 0;
  for (const char c : token) {
    if (absl::ascii_islower(static_cast<unsigned char>(c))) return false;
    letters += absl::ascii_isupper(static_cast<unsigned char>(c));
  }
  return letters >= 2;
}

// A token with a digit ("4", "360", "G8").
bool HasDigit(const std::string& token) {
  return std::any_of(token.begin(), token.end(),
                     [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
}

// Two characters, a letter and a digit ("G8", "U2", "3G").
bool LetterAndDigit(const std::string& token) {
  if (token.size() != 2) return false;
  const unsigned char a = static_cast<unsigned char>(token[0]);
  const unsigned char b = static_cast<unsigned char>(token[1]);
  return (absl::ascii_isalpha(a) && absl::ascii_isdigit(b)) ||
         (absl::ascii_isdigit(a) && absl::ascii_isalpha(b));
}

// A number: a token with a digit, or a number's word ("BBC One", "Radio
// Five Live").
bool IsNumber(const std::string& token) {
  static const auto* const kWords = new absl::flat_hash_set<std::string>{
      "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};
  return HasDigit(token) || kWords->contains(absl::AsciiStrToLower(token));
}

// Characters, not bytes.
size_t Chars(const std::string& s) {
  size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Whether a capitalised word at a sentence's start may be a known name of
// one word: only where the recognizer read news that says so.
bool MayOpenSentence(const Recognizer* news, absl::string_view word) {
  return news != nullptr && MayOpenSentenceAsName(news->HowNewsWrites(word));
}

// Tokens that begin a sentence, or follow only punctuation at its start
// (an opening quote).
std::vector<bool> SentenceStarts(const TokenizedText& text) {
  std::vector<bool> start(text.tokens.size(), false);
  for (const Sentence& s : text.sentences) {
    for (int t = s.begin; t < s.end; ++t) {
      start[t] = true;
      const unsigned char c = static_cast<unsigned char>(text.tokens[t].text[0]);
      if (absl::ascii_isalnum(c) || c >= 0x80) break;
    }
  }
  return start;
}

// A text's tokens folded (text::FoldName), each once, when first asked for.
class LazyFold {
 public:
  explicit LazyFold(const TokenizedText& text) : text_(text), folded_(text.tokens.size()) {}
  const std::string& operator()(int t) {
    if (folded_[t].empty()) folded_[t] = text::FoldName(text_.tokens[t].text);
    return folded_[t];
  }

 private:
  const TokenizedText& text_;
  std::vector<std::string> folded_;
};

}  // namespace

KnownNames::KnownNames(const std::vector<Name>& names) {
  for (const Name& name : names) {
    // A sum: the same whatever the names' order.
    fingerprint_ += Hash64(absl::StrCat(static_cast<int>(name.type), ":", name.text));
    const TokenizedText tokens = Tokenize(name.text);
    Entry entry{{}, {}, name.type, {}, {}, {}};
    std::vector<std::string> written;
    for (const Token& t : tokens.tokens) {
      const std::string folded = text::FoldName(t.text);
      if (folded.empty()) continue;
      entry.tokens.push_back(folded);
      entry.capitals.push_back(AllCapitals(t.text));
      entry.latin.push_back(text::IsLatinScript(t.text));
      written.push_back(t.text);
    }
    if (entry.tokens.empty() || name.type == v1::ENTITY_TYPE_UNSPECIFIED) continue;
    // Two characters are too few to tell a name from a word ("IT", "Mr"),
    // but for a letter and a digit ("G8", "U2").
    if (entry.tokens.size() == 1 && Chars(entry.tokens[0]) <= 2 &&
        !LetterAndDigit(entry.tokens[0])) {
      continue;
    }
    // (A name in capitals has no word that starts small.)
    if (text::CaseOf(name.text) == text::LetterCase::kMixed) {
      if (StartsSmall(written.front())) entry.small_first = written.front();
      if (StartsSmall(written.back())) entry.small_last = written.back();
      if (!entry.small_first.empty()) small_firsts_.insert(entry.small_first);
    }
    by_first_[entry.tokens[0]].push_back(std::move(entry));
    ++size_;
  }
  for (auto& [first, entries] : by_first_) {
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return a.tokens.size() > b.tokens.size();
    });
    // One type per spelling: the first imported.
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](const Entry& a, const Entry& b) {
                                return a.tokens == b.tokens && a.latin == b.latin;
                              }),
                  entries.end());
  }
}

template <typename Fold>
bool KnownNames::Spells(const Entry& entry, const TokenizedText& text, int t, Fold& fold) {
  for (int k = 0; k < static_cast<int>(entry.tokens.size()); ++k) {
    if (fold(t + k) != entry.tokens[k] ||
        (entry.capitals[k] && !AllCapitals(text.tokens[t + k].text)) ||
        entry.latin[k] != text::IsLatinScript(text.tokens[t + k].text)) {
      return false;
    }
  }
  return true;
}

template <typename Fold>
const KnownNames::Entry* KnownNames::SpelledBy(const TokenizedText& text, int begin, int end,
                                               Fold& fold) const {
  const auto it = by_first_.find(fold(begin));
  if (it == by_first_.end()) return nullptr;
  for (const Entry& entry : it->second) {
    if (static_cast<int>(entry.tokens.size()) == end - begin && Spells(entry, text, begin, fold)) {
      return &entry;
    }
  }
  return nullptr;
}

v1::EntityType KnownNames::TypeOf(const TokenizedText& text, int begin, int end) const {
  if (begin < 0 || end <= begin || end > static_cast<int>(text.tokens.size()) ||
      !Capitalised(text.tokens[begin].text)) {
    return v1::ENTITY_TYPE_UNSPECIFIED;
  }
  auto fold = [&text](int t) { return text::FoldName(text.tokens[t].text); };
  const Entry* entry = SpelledBy(text, begin, end, fold);
  return entry == nullptr ? v1::ENTITY_TYPE_UNSPECIFIED : entry->type;
}

namespace {

// Nouns a party's or a club's name stands before as an adjective ("a
// Conservative MP", "Labour's policy", "Man Utd fans").
bool IsMemberNoun(const std::string& lower) {
  static const auto* const kNouns = new absl::flat_hash_set<std::string>{
      "mp",         "mps",         "mep",          "meps",        "leader",       "leaders",
      "candidate",  "candidates",  "spokesman",    "spokeswoman", "spokesperson", "peer",
      "peers",      "member",      "members",      "voters",      "supporters",   "fans",
      "government", "party",       "policy",       "policies",    "plans",        "manifesto",
      "conference", "source",      "sources",      "official",    "officials",    "chairman",
      "minister",   "ministers",   "councillor",   "councillors", "activist",     "activists",
      "campaign",   "backbencher", "backbenchers", "side",        "team",         "player",
      "players",    "manager",     "boss",         "figure",      "figures",      "colleague",
      "colleagues", "rebel",       "rebels",       "senator",     "senators",     "congressman"};
  return kNouns->contains(lower);
}

}  // namespace

void KnownNames::AddTo(const TokenizedText& text, std::vector<MentionSpan>* found,
                       const Recognizer* news) const {
  if (by_first_.empty()) return;
  const int n = static_cast<int>(text.tokens.size());
  std::vector<MentionSpan> added;
  const std::vector<bool> starts = SentenceStarts(text);
  LazyFold fold(text);
  // Whether a span of `found` starts with a given name and ends with the
  // folded word `last`, whatever type the model gave it ("Fiona Apple",
  // read as an organisation): asked only of a known organisation the model
  // read as a person.
  auto surname = [&](const std::string& last) {
    return std::any_of(found->begin(), found->end(), [&](const MentionSpan& span) {
      return span.end - span.begin >= 2 && span.end <= n && fold(span.end - 1) == last &&
             quotes::IsGivenName(text.tokens[span.begin].text);
    });
  };
  // Whether a person's span of `found` of two words or more starts with
  // the folded word `first` ("Oscar Pistorius").
  auto given_name = [&](const std::string& first) {
    return std::any_of(found->begin(), found->end(), [&](const MentionSpan& span) {
      return span.type == v1::ENTITY_TYPE_PERSON && span.end - span.begin >= 2 && span.end <= n &&
             fold(span.begin) == first;
    });
  };
  // A span of the model that is exactly a known name is known (the rules
  // that cut names leave it whole), and takes its type when the model is
  // unsure; and a known organisation is no person however sure the model
  // is, but where it is the surname of someone the document names by a
  // given name and it ("Fiona Apple", then "Apple": coreference makes it
  // that person).
  for (MentionSpan& span : *found) {
    if (span.end > n || span.end <= span.begin) continue;
    const Entry* entry = SpelledBy(text, span.begin, span.end, fold);
    if (entry == nullptr) continue;
    const bool organisation_read_as_person =
        span.type == v1::ENTITY_TYPE_PERSON && entry->type == v1::ENTITY_TYPE_ORGANIZATION &&
        !(span.end - span.begin == 1 && surname(fold(span.begin)));
    // A known organisation read as a MISC name is the organisation where
    // it stands as a noun ("the Conservatives", "the Liberal Democrats
    // said", "Man Utd won"), not as an adjective before one ("a
    // Conservative MP", "a Liberal Democrat spokesman" are MISC in the
    // model's convention and stay so: a singular name before a capitalised
    // word or a noun for a member, a post or a policy), nor a party of
    // another country than the list's ("Irish Republicans", "the Democrats
    // of Serbia": a capitalised word before it, or "of" after).
    const std::string& last_word = text.tokens[span.end - 1].text;
    const bool before_word = span.end < n;
    const std::string next = before_word ? absl::AsciiStrToLower(text.tokens[span.end].text) : "";
    const bool adjective =
        !absl::EndsWith(last_word, "s") && before_word &&
        (absl::ascii_isupper(static_cast<unsigned char>(text.tokens[span.end].text[0])) ||
         IsMemberNoun(next));
    const std::string before =
        span.begin > 0 ? absl::AsciiStrToLower(text.tokens[span.begin - 1].text) : "";
    const bool qualified =
        (span.begin > 0 && !starts[span.begin] &&
         absl::ascii_isupper(static_cast<unsigned char>(text.tokens[span.begin - 1].text[0])) &&
         before != "the" && before != "a" && before != "an" && before != "this" &&
         before != "their" && before != "its") ||
        next == "of";
    const bool organisation_read_as_misc = span.type == v1::ENTITY_TYPE_MISC &&
                                           entry->type == v1::ENTITY_TYPE_ORGANIZATION &&
                                           !adjective && !qualified;
    // A known MISC name read as a person ("an Oscar", "won a Grammy") is
    // that name, unless the document names a person with that word as
    // the given name ("Oscar Pistorius"; coreference makes him).
    const bool misc_read_as_person = span.type == v1::ENTITY_TYPE_PERSON &&
                                     entry->type == v1::ENTITY_TYPE_MISC &&
                                     !(span.end - span.begin == 1 && given_name(fold(span.begin)));
    // And one read as an organisation or a place ("the Xbox", "a PSP",
    // "Firefox": products, MISC in CoNLL's convention, which a model of
    // 1996 news reads as their makers or as places) is that name too.
    const bool misc_read_as_organisation =
        (span.type == v1::ENTITY_TYPE_ORGANIZATION || span.type == v1::ENTITY_TYPE_LOCATION) &&
        entry->type == v1::ENTITY_TYPE_MISC;
    // A known organisation read as a place ("Yugansk", the oil company,
    // "Man City", "Microsoft") is the organisation, unless the name is a
    // place's too, as the recognizer's gazetteers list them (a club known
    // as "Liverpool" leaves the city alone; the knowledge base's own
    // places are countries only).
    auto place_too = [&] {
      std::vector<std::string> words;
      for (int t = span.begin; t < span.end; ++t) words.push_back(text.tokens[t].text);
      return news != nullptr && news->ListsAsPlace(words);
    };
    const bool organisation_read_as_place = span.type == v1::ENTITY_TYPE_LOCATION &&
                                            entry->type == v1::ENTITY_TYPE_ORGANIZATION &&
                                            !place_too();
    if (span.confidence < kRetypeBelow || organisation_read_as_person ||
        organisation_read_as_misc || misc_read_as_person || misc_read_as_organisation ||
        organisation_read_as_place) {
      span.type = entry->type;
    }
    span.known = true;
  }
  // owner[t]: the span of `found` over token t, or -1.
  std::vector<int> owner(n, -1);
  for (size_t k = 0; k < found->size(); ++k) {
    for (int t = (*found)[k].begin; t < (*found)[k].end && t < n; ++t) {
      owner[t] = static_cast<int>(k);
    }
  }
  std::vector<bool> replaced(found->size(), false);
  for (int t = 0; t < n; ++t) {
    const std::string& first = text.tokens[t].text;
    const bool capitalised = Capitalised(first);
    if (!capitalised && !small_firsts_.contains(first)) continue;
    auto it = by_first_.find(fold(t));
    if (it == by_first_.end()) continue;
    for (const Entry& entry : it->second) {
      const int size = static_cast<int>(entry.tokens.size());
      const int end = t + size;
      if (end > n) continue;
      // Written just as the name writes it: no capital of a sentence's
      // start.
      const bool as_spelled = !capitalised && first == entry.small_first;
      if (!capitalised && !as_spelled) continue;
      const std::string& last = text.tokens[end - 1].text;
      if (!Capitalised(last) && last != entry.small_last) continue;
      // A sentence capitalises its first word, not a digit ("G8 leaders
      // met"). (An acronym would match a headline's capitals: "CAR SALES
      // ROSE" is no Central African Republic.)
      if (size == 1 && starts[t] && !as_spelled && !HasDigit(first) &&
          !MayOpenSentence(news, first)) {
        continue;
      }
      // The model's spans may not cross the name's edges. Where the model
      // read the name as two names or more, they give way to it ("Russian
      // ambassador to Serbia", read as "Russian" and "Serbia"); one name of
      // the model inside it of the name's own type stays ("Republic of
      // Ireland" in "The Republic of Ireland", "Denmark" in "Denmark
      // proper"), one of another type gives way too ("Serbia" in a curated
      // person's "Deputy Prime Minister of Serbia", "England" in "Bank of
      // England"), and one that is the name itself was retyped above. One
      // of the name's type that the name goes on from with a number gives
      // way too: a model trained on text that writes few names with
      // numbers reads "Channel" in "Channel 4", "PlayStation" in
      // "PlayStation 2".
      bool crossed = false;
      int inside = 0;
      bool inside_stays = false;
      for (int u = t; u < end && !crossed; ++u) {
        if (owner[u] < 0) continue;
        const MentionSpan& span = (*found)[owner[u]];
        crossed = span.begin < t || span.end > end;
        if (span.begin == u) {
          ++inside;
          bool numbered = false;
          for (int v = span.end; v < end && !numbered; ++v)
            numbered = IsNumber(text.tokens[v].text);
          inside_stays =
              (span.type == entry.type && !numbered) || (span.begin == t && span.end == end);
        }
      }
      if (crossed || (inside == 1 && inside_stays) || !Spells(entry, text, t, fold)) continue;
      for (int u = t; u < end; ++u) {
        if (owner[u] >= 0) replaced[owner[u]] = true;
      }
      added.push_back({t, end, entry.type, kKnownNameConfidence, /*known=*/true});
      t = end - 1;
      break;
    }
  }
  if (added.empty()) return;
  size_t kept = 0;
  for (size_t k = 0; k < found->size(); ++k) {
    if (!replaced[k]) (*found)[kept++] = (*found)[k];
  }
  found->resize(kept);
  found->insert(found->end(), added.begin(), added.end());
  std::sort(found->begin(), found->end(),
            [](const MentionSpan& a, const MentionSpan& b) { return a.begin < b.begin; });
}

void MarkOutlet(const TokenizedText& text, absl::string_view outlet,
                std::vector<MentionSpan>* found, const Recognizer* news) {
  std::vector<std::string> name;
  for (const Token& t : Tokenize(outlet).tokens) {
    std::string folded = text::FoldName(t.text);
    if (!folded.empty()) name.push_back(std::move(folded));
  }
  if (!name.empty() && name[0] == "the") name.erase(name.begin());
  if (name.empty() || (name.size() == 1 && Chars(name[0]) <= 2)) return;
  const int n = static_cast<int>(text.tokens.size());
  const int size = static_cast<int>(name.size());
  LazyFold fold(text);
  // As for a known name: a name of one word ("Independent" of "The
  // Independent") does not match the first word of a sentence, where every
  // word is capitalised.
  const std::vector<bool> starts = SentenceStarts(text);
  std::vector<MentionSpan> kept;
  std::vector<bool> marked_token(n, false);  // tokens of an occurrence marked here
  size_t next = 0;                           // the first span of `found` not yet in `kept`
  for (int t = 0; t + size <= n; ++t) {
    const int end = t + size;
    if (!Capitalised(text.tokens[t].text) || !Capitalised(text.tokens[end - 1].text)) continue;
    if (size == 1 && starts[t] && !MayOpenSentence(news, text.tokens[t].text)) continue;
    bool spells = true;
    for (int k = 0; k < size && spells; ++k) spells = fold(t + k) == name[k];
    if (!spells) continue;
    // The spans before the occurrence, and whether one runs into it.
    while (next < found->size() && (*found)[next].end <= t) kept.push_back((*found)[next++]);
    if (next < found->size() && (*found)[next].begin < t) continue;
    size_t past = next;  // spans inside the occurrence are [next, past)
    while (past < found->size() && (*found)[past].begin >= t && (*found)[past].end <= end) ++past;
    if (past < found->size() && (*found)[past].begin < end) continue;  // one runs out of it
    MentionSpan marked{t, end, v1::ENTITY_TYPE_ORGANIZATION, kKnownNameConfidence,
                       /*known=*/true};
    if (past == next + 1 && (*found)[next].begin == t && (*found)[next].end == end) {
      marked.confidence = (*found)[next].confidence;  // the model's span, retyped
    }
    kept.push_back(marked);
    next = past;
    std::fill(marked_token.begin() + t, marked_token.begin() + end, true);
    t = end - 1;
  }
  kept.insert(kept.end(), found->begin() + next, found->end());
  if (name.size() >= 2 && Chars(name.back()) >= 4) {
    for (MentionSpan& span : kept) {
      if (span.end - span.begin == 1 && !marked_token[span.begin] &&
          span.confidence < kRetypeBelow && fold(span.begin) == name.back()) {
        span.type = v1::ENTITY_TYPE_ORGANIZATION;
      }
    }
  }
  *found = std::move(kept);
}

absl::StatusOr<std::shared_ptr<const KnownNames>> ReadKnowledgeBase(const std::string& path) {
  DOSSIER_ASSIGN_OR_RETURN(const std::vector<v1::KnowledgeBaseEntity> entities,
                           ReadKnowledgeBaseFile(path));
  std::vector<KnownNames::Name> names;
  for (const v1::KnowledgeBaseEntity& entity : entities) {
    names.push_back({entity.name(), entity.type()});
    for (const std::string& alias : entity.aliases()) names.push_back({alias, entity.type()});
  }
  return std::make_shared<const KnownNames>(names);
}

}  // namespace dossier::tagger
