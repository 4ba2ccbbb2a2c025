// The search query language (documented on SearchDocumentsRequest.query):
// words, "phrases", prefix*, AND / OR / NOT (and -word), parentheses. A word
// outside quotes matches its other forms (text/stem.h); words in quotes
// match as written.
// Parsing is pure: a tree out, or INVALID_ARGUMENT naming the character
// offset where the query goes wrong.
#ifndef DOSSIER_SERVICES_QUERY_QUERY_PARSER_H_
#define DOSSIER_SERVICES_QUERY_QUERY_PARSER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace dossier::query {

inline constexpr size_t kMaxQueryBytes = 1024;
inline constexpr int kMaxQueryTerms = 64;
inline constexpr size_t kMinPrefixBytes = 2;

struct QueryNode {
  enum class Kind {
    kTerm,    // terms[0]
    kPrefix,  // terms[0] is the prefix
    kPhrase,  // terms, in order, at consecutive positions
    kAnd,     // every child; kNot children exclude
    kOr,      // any child
    kNot,     // children[0] excluded (only inside kAnd)
  };
  Kind kind = Kind::kTerm;
  std::vector<std::string> terms;
  std::vector<QueryNode> children;
  // kTerm and kPhrase: written in quotes, so matched as written; else each
  // term matches the words of its stem ("sanctions" finds "sanctioned").
  bool exact = false;
};

// Parses `query` (the request field `field`, for the error). An empty or
// blank query gives EveryDocument(); one of punctuation or symbols only
// ("£") is refused, as is one that only excludes ("NOT x").
absl::StatusOr<QueryNode> ParseQuery(absl::string_view query, absl::string_view field = "query");

// What a document must or may contain for the query to match it (not the
// excluded ones), each once: what snippets highlight. A word is one term
// (a prefix with a trailing '*'; a word outside quotes as '~' and its stem,
// which any word of that stem matches), a phrase its terms in order, which
// match only together.
std::vector<std::vector<std::string>> PositiveTerms(const QueryNode& node);

// True when the query matches every document (no words).
inline bool MatchesAll(const QueryNode& node) {
  return node.kind == QueryNode::Kind::kAnd && node.children.empty();
}

// The query that matches every document: what an empty query parses to.
inline QueryNode EveryDocument() { return QueryNode{QueryNode::Kind::kAnd, {}, {}}; }

// A readable form of the tree, for tests: (AND a (OR b c) (NOT d) "e f" g*
// ="h i" =j); '=' marks what was quoted.
std::string DebugString(const QueryNode& node);

}  // namespace dossier::query

#endif  // DOSSIER_SERVICES_QUERY_QUERY_PARSER_H_
