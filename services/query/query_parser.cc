#include "services/query/query_parser.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "common/status.h"
#include "text/fold.h"
#include "text/stem.h"
#include "text/words.h"

namespace dossier::query {
namespace {

constexpr int kMaxDepth = 32;

enum class Tok { kEnd, kWord, kPhrase, kOpen, kClose, kAnd, kOr, kNot, kMinus };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;
  size_t at = 0;  // byte offset
};

class Parser {
 public:
  Parser(absl::string_view query, absl::string_view field) : query_(query), field_(field) {}

  absl::StatusOr<QueryNode> Parse() {
    if (query_.size() > kMaxQueryBytes) {
      return Error(
          absl::StrCat("is ", query_.size(), " bytes; at most ", kMaxQueryBytes, " are allowed"));
    }
    Advance();
    if (!status_.ok()) return status_;
    std::optional<QueryNode> node = ParseOr(0);
    if (!status_.ok()) return status_;
    if (token_.kind == Tok::kClose) {
      return ErrorAt(token_.at, "has a closing parenthesis that was never opened");
    }
    if (token_.kind != Tok::kEnd) return ErrorAt(token_.at, "cannot continue here");
    if (!node.has_value()) {
      // A blank query asks for every document; one of symbols only ("£",
      // "!!!") asks for something no index holds, and every document
      // would be an answer to a question it did not ask.
      bool blank = true;
      size_t width = 1;
      for (size_t i = 0; blank && i < query_.size(); i += width) blank = IsSpace(query_, i, &width);
      if (blank) return EveryDocument();
      return Error("has no word to search for (only punctuation or symbols)");
    }
    if (terms_ > kMaxQueryTerms) {
      return Error(
          absl::StrCat("has ", terms_, " words; at most ", kMaxQueryTerms, " are allowed"));
    }
    DOSSIER_RETURN_IF_ERROR(Check(*node, /*top=*/true));
    return *std::move(node);
  }

 private:
  absl::Status Error(absl::string_view what) {
    return InvalidFieldError(field_, "INVALID_QUERY", absl::StrCat(field_, " ", what));
  }

  absl::Status ErrorAt(size_t byte, absl::string_view what) {
    // Offsets count characters, whatever the client's string unit.
    size_t chars = 0;
    for (size_t i = 0; i < byte && i < query_.size(); ++i) {
      chars += (static_cast<unsigned char>(query_[i]) & 0xC0) != 0x80;
    }
    return Error(absl::StrCat(what, " (at character ", chars, ")"));
  }

  static bool IsSpace(absl::string_view s, size_t i, size_t* width) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      *width = 1;
      return true;
    }
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) {
      *width = 2;
      return true;
    }
    return false;
  }

  // A quotation mark at i: '"', or a curly double quote. Its width.
  static size_t QuoteMark(absl::string_view s, size_t i) {
    if (s[i] == '"') return 1;
    if (i + 2 < s.size() && static_cast<unsigned char>(s[i]) == 0xE2 &&
        static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0x9C ||
         static_cast<unsigned char>(s[i + 2]) == 0x9D)) {
      return 3;
    }
    return 0;
  }

  void Advance() {
    size_t width = 0;
    while (at_ < query_.size() && IsSpace(query_, at_, &width)) at_ += width;
    token_ = Token();
    token_.at = at_;
    if (at_ >= query_.size()) return;
    const char c = query_[at_];
    if (c == '(' || c == ')') {
      token_.kind = c == '(' ? Tok::kOpen : Tok::kClose;
      ++at_;
      return;
    }
    if (const size_t q = QuoteMark(query_, at_); q > 0) {
      const size_t open = at_;
      at_ += q;
      const size_t begin = at_;
      while (at_ < query_.size() && QuoteMark(query_, at_) == 0) ++at_;
      if (at_ >= query_.size()) {
        status_ = ErrorAt(open, "has a quotation mark that is never closed");
        return;
      }
      token_.kind = Tok::kPhrase;
      token_.text = std::string(query_.substr(begin, at_ - begin));
      at_ += QuoteMark(query_, at_);
      return;
    }
    if (c == '-' && at_ + 1 < query_.size() && !IsSpace(query_, at_ + 1, &width) &&
        query_[at_ + 1] != ')' && query_[at_ + 1] != '-') {
      token_.kind = Tok::kMinus;
      ++at_;
      return;
    }
    const size_t begin = at_;
    while (at_ < query_.size() && !IsSpace(query_, at_, &width) && query_[at_] != '(' &&
           query_[at_] != ')' && QuoteMark(query_, at_) == 0) {
      ++at_;
    }
    token_.text = std::string(query_.substr(begin, at_ - begin));
    token_.kind = token_.text == "AND"   ? Tok::kAnd
                  : token_.text == "OR"  ? Tok::kOr
                  : token_.text == "NOT" ? Tok::kNot
                                         : Tok::kWord;
  }

  bool StartsOperand() const {
    return token_.kind == Tok::kWord || token_.kind == Tok::kPhrase || token_.kind == Tok::kOpen ||
           token_.kind == Tok::kNot || token_.kind == Tok::kMinus;
  }

  // An OR of ANDs; nullopt when it holds no words.
  std::optional<QueryNode> ParseOr(int depth) {
    std::vector<QueryNode> items;
    if (token_.kind == Tok::kOr) {
      status_ = ErrorAt(token_.at, "has OR with nothing before it");
      return std::nullopt;
    }
    if (auto first = ParseAnd(depth)) items.push_back(*std::move(first));
    while (status_.ok() && token_.kind == Tok::kOr) {
      const size_t at = token_.at;
      Advance();
      if (!status_.ok()) return std::nullopt;
      if (!StartsOperand()) {
        status_ = ErrorAt(at, "has OR with nothing after it");
        return std::nullopt;
      }
      if (auto next = ParseAnd(depth)) items.push_back(*std::move(next));
    }
    return Combine(QueryNode::Kind::kOr, std::move(items));
  }

  std::optional<QueryNode> ParseAnd(int depth) {
    std::vector<QueryNode> items;
    while (status_.ok()) {
      if (token_.kind == Tok::kAnd) {
        const size_t at = token_.at;
        Advance();
        if (!status_.ok()) break;
        if (!StartsOperand()) {
          status_ = ErrorAt(at, "has AND with nothing after it");
          break;
        }
        if (items.empty()) {
          status_ = ErrorAt(at, "has AND with nothing before it");
          break;
        }
      }
      if (!StartsOperand()) break;
      if (auto item = ParseUnary(depth)) items.push_back(*std::move(item));
    }
    if (!status_.ok()) return std::nullopt;
    return Combine(QueryNode::Kind::kAnd, std::move(items));
  }

  std::optional<QueryNode> ParseUnary(int depth) {
    if (token_.kind == Tok::kNot || token_.kind == Tok::kMinus) {
      const size_t at = token_.at;
      const bool word = token_.kind == Tok::kNot;
      Advance();
      if (!status_.ok()) return std::nullopt;
      if (token_.kind == Tok::kNot || token_.kind == Tok::kMinus) {
        status_ = ErrorAt(at, word ? "has NOT followed by another NOT or '-' (a NOT of a NOT "
                                     "is the words themselves: leave both out)"
                                   : "has '-' followed by NOT or another '-' (leave both out)");
        return std::nullopt;
      }
      if (!StartsOperand()) {
        status_ = ErrorAt(at, word ? "has NOT with nothing after it"
                                   : "has '-' with nothing to exclude after it");
        return std::nullopt;
      }
      std::optional<QueryNode> child = ParsePrimary(depth);
      if (!child.has_value()) return std::nullopt;
      QueryNode node{QueryNode::Kind::kNot, {}, {}};
      node.children.push_back(*std::move(child));
      return node;
    }
    return ParsePrimary(depth);
  }

  std::optional<QueryNode> ParsePrimary(int depth) {
    const Token token = token_;
    switch (token.kind) {
      case Tok::kOpen: {
        if (depth >= kMaxDepth) {
          status_ =
              ErrorAt(token.at, absl::StrCat("nests parentheses more than ", kMaxDepth, " deep"));
          return std::nullopt;
        }
        Advance();
        if (!status_.ok()) return std::nullopt;
        if (token_.kind == Tok::kClose) {
          status_ = ErrorAt(token.at, "has empty parentheses");
          return std::nullopt;
        }
        std::optional<QueryNode> inner = ParseOr(depth + 1);
        if (!status_.ok()) return std::nullopt;
        if (token_.kind != Tok::kClose) {
          status_ = ErrorAt(token.at, "has a parenthesis that is never closed");
          return std::nullopt;
        }
        Advance();
        return inner;
      }
      case Tok::kWord:
        Advance();
        return Word(token);
      case Tok::kPhrase: {
        Advance();
        // A phrase matches whole words: a prefix in it would match
        // nothing, in silence.
        if (const absl::string_view prefix = PrefixIn(token.text); !prefix.empty()) {
          status_ = ErrorAt(token.at, absl::StrCat("has a prefix '", prefix,
                                                   "' inside a phrase, which matches whole "
                                                   "words only"));
          return std::nullopt;
        }
        std::vector<std::string> terms = text::Terms(token.text);
        terms_ += static_cast<int>(terms.size());
        if (terms.empty()) return std::nullopt;
        const QueryNode::Kind kind =
            terms.size() == 1 ? QueryNode::Kind::kTerm : QueryNode::Kind::kPhrase;
        return QueryNode{kind, std::move(terms), {}, /*exact=*/true};
      }
      default:
        status_ = ErrorAt(token.at, "expected a word, a phrase or '('");
        return std::nullopt;
    }
  }

  // The first word of `phrase` that ends in '*' ("sanction*"), or "".
  static absl::string_view PrefixIn(absl::string_view phrase) {
    size_t width = 0;
    size_t begin = 0;
    for (size_t i = 0; i <= phrase.size();) {
      if (i == phrase.size() || IsSpace(phrase, i, &width)) {
        absl::string_view word = phrase.substr(begin, i - begin);
        // Punctuation after the star is no part of the word ("sanction*,").
        const size_t end = word.find_last_not_of(",.;:!?)");
        word = end == absl::string_view::npos ? absl::string_view() : word.substr(0, end + 1);
        if (absl::EndsWith(word, "*") && word.find_first_not_of('*') != absl::string_view::npos) {
          return word;
        }
        if (i == phrase.size()) break;
        i += width;
        begin = i;
      } else {
        ++i;
      }
    }
    return {};
  }

  // The operator of another engine's query language in word `raw` (of
  // `token`), which would otherwise read as words ("chelsea^2" as the
  // phrase "chelsea 2", matching nothing): what it is, or empty.
  static std::string ForeignOperator(absl::string_view raw, size_t* at) {
    for (size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      const bool word_after =
          i + 1 < raw.size() && absl::ascii_isalnum(static_cast<unsigned char>(raw[i + 1]));
      *at = i;
      if (c == '^') return "'^' (a boost)";
      if (c == '~') return "'~' (fuzzy or near matching)";
      if (c == '?' && i > 0 && word_after) return "'?' inside a word (one character of any)";
      // "title:chelsea": a field; not "10:30".
      if (c == ':' && i > 0 && word_after && std::all_of(raw.begin(), raw.begin() + i, [](char ch) {
            return absl::ascii_isalpha(static_cast<unsigned char>(ch)) || ch == '_';
          })) {
        return "'field:' (a search in one field)";
      }
    }
    return "";
  }

  std::optional<QueryNode> Word(const Token& token) {
    absl::string_view raw = token.text;
    size_t foreign_at = 0;
    if (const std::string foreign = ForeignOperator(raw, &foreign_at); !foreign.empty()) {
      status_ = ErrorAt(token.at + foreign_at,
                        absl::StrCat("has ", foreign,
                                     ", which dossier's queries do not have: words, \"phrases\", "
                                     "prefix*, AND, OR, NOT, -word and parentheses"));
      return std::nullopt;
    }
    bool prefix = false;
    if (!raw.empty() && raw.back() == '*') {
      prefix = true;
      while (!raw.empty() && raw.back() == '*') raw.remove_suffix(1);
    }
    std::vector<std::string> terms = text::Terms(raw);
    terms_ += static_cast<int>(terms.size());
    if (terms.empty()) {
      if (prefix) {
        status_ = ErrorAt(token.at, "has a '*' with no word before it");
      }
      return std::nullopt;
    }
    if (prefix) {
      if (terms.size() > 1) {
        status_ = ErrorAt(token.at, absl::StrCat("has a prefix '", token.text,
                                                 "' of several words; a prefix is one word"));
        return std::nullopt;
      }
      if (terms[0].size() < kMinPrefixBytes) {
        status_ = ErrorAt(token.at, absl::StrCat("has a prefix '", token.text, "' shorter than ",
                                                 kMinPrefixBytes, " letters"));
        return std::nullopt;
      }
      return QueryNode{QueryNode::Kind::kPrefix, std::move(terms), {}};
    }
    auto node = [](std::vector<std::string> words) {
      return QueryNode{words.size() == 1 ? QueryNode::Kind::kTerm : QueryNode::Kind::kPhrase,
                       std::move(words),
                       {}};
    };
    // "Börse": news in English writes a German umlaut as its vowel and an
    // "e" as often as without ("Deutsche Boerse"); the folded word alone
    // ("borse") would miss those.
    if (std::vector<std::string> german = text::Terms(text::UmlautsAsVowelAndE(raw));
        !german.empty() && german != terms) {
      return QueryNode{QueryNode::Kind::kOr, {}, {node(std::move(terms)), node(std::move(german))}};
    }
    return node(std::move(terms));
  }

  static std::optional<QueryNode> Combine(QueryNode::Kind kind, std::vector<QueryNode> items) {
    if (items.empty()) return std::nullopt;
    if (items.size() == 1) return std::move(items[0]);
    QueryNode node{kind, {}, {}};
    for (QueryNode& item : items) {
      if (item.kind == kind) {
        for (QueryNode& child : item.children) node.children.push_back(std::move(child));
      } else {
        node.children.push_back(std::move(item));
      }
    }
    return node;
  }

  // Exclusions need something to exclude from.
  absl::Status Check(const QueryNode& node, bool top) {
    switch (node.kind) {
      case QueryNode::Kind::kNot:
        return Error(top ? "only excludes; add words to search for"
                         : "has NOT outside AND; write 'a NOT b', not 'a OR NOT b'");
      case QueryNode::Kind::kAnd: {
        bool positive = false;
        for (const QueryNode& child : node.children) {
          if (child.kind == QueryNode::Kind::kNot) {
            DOSSIER_RETURN_IF_ERROR(Check(child.children[0], false));
          } else {
            positive = true;
            DOSSIER_RETURN_IF_ERROR(Check(child, false));
          }
        }
        if (!positive) return Error("only excludes; add words to search for");
        return absl::OkStatus();
      }
      case QueryNode::Kind::kOr:
        for (const QueryNode& child : node.children) {
          DOSSIER_RETURN_IF_ERROR(Check(child, false));
        }
        return absl::OkStatus();
      default:
        return absl::OkStatus();
    }
  }

  absl::string_view query_;
  absl::string_view field_;
  size_t at_ = 0;
  Token token_;
  int terms_ = 0;
  absl::Status status_;
};

void CollectPositive(const QueryNode& node, std::vector<std::vector<std::string>>* out) {
  switch (node.kind) {
    case QueryNode::Kind::kNot:
      return;
    case QueryNode::Kind::kPrefix:
      out->push_back({node.terms[0] + "*"});
      return;
    case QueryNode::Kind::kTerm:
    case QueryNode::Kind::kPhrase:
      if (node.exact) {
        out->push_back(node.terms);
      } else {
        std::vector<std::string> stems;
        for (const std::string& term : node.terms) stems.push_back("~" + text::Stem(term));
        out->push_back(std::move(stems));
      }
      return;
    default:
      for (const QueryNode& child : node.children) CollectPositive(child, out);
  }
}

}  // namespace

absl::StatusOr<QueryNode> ParseQuery(absl::string_view query, absl::string_view field) {
  return Parser(query, field).Parse();
}

std::vector<std::vector<std::string>> PositiveTerms(const QueryNode& node) {
  std::vector<std::vector<std::string>> all;
  CollectPositive(node, &all);
  std::vector<std::vector<std::string>> out;
  for (std::vector<std::string>& t : all) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  return out;
}

std::string DebugString(const QueryNode& node) {
  const char* exact = node.exact ? "=" : "";
  switch (node.kind) {
    case QueryNode::Kind::kTerm:
      return absl::StrCat(exact, node.terms[0]);
    case QueryNode::Kind::kPrefix:
      return node.terms[0] + "*";
    case QueryNode::Kind::kPhrase:
      return absl::StrCat(exact, "\"", absl::StrJoin(node.terms, " "), "\"");
    case QueryNode::Kind::kNot:
      return absl::StrCat("(NOT ", DebugString(node.children[0]), ")");
    case QueryNode::Kind::kAnd:
    case QueryNode::Kind::kOr: {
      std::vector<std::string> parts;
      for (const QueryNode& child : node.children) parts.push_back(DebugString(child));
      return absl::StrCat("(", node.kind == QueryNode::Kind::kAnd ? "AND " : "OR ",
                          absl::StrJoin(parts, " "), ")");
    }
  }
  return "";
}

}  // namespace dossier::query
