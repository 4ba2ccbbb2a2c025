#include "tests/support/exactly_once.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/document_parts.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "text/stem.h"
#include "text/words.h"

namespace dossier::testing {
namespace {

constexpr size_t kMaxProblems = 20;

void Problem(ExactlyOnceReport* report, std::string text) {
  if (report->problems.size() < kMaxProblems) report->problems.push_back(std::move(text));
}

int64_t CountOf(v1::QueryService::Stub* stub) {
  v1::ListDocumentsRequest request;
  request.set_page_size(1);
  v1::ListDocumentsResponse response;
  grpc::ClientContext context;
  SetDeadline(&context, absl::Seconds(10));
  if (!stub->ListDocuments(&context, request, &response).ok()) return -1;
  return response.total_size();
}

}  // namespace

std::string ExactlyOnceReport::ToString() const {
  return absl::StrCat(acknowledged, " acknowledged, ", listed, " listed (total_size ", total_size,
                      "): ", missing, " missing, ", unexpected, " unexpected, ", duplicated,
                      " duplicated, ", without_annotations, " without annotations, ",
                      search_mismatches, " of ", searches, " searches wrong",
                      problems.empty() ? "" : "; ", absl::StrJoin(problems, "; "));
}

int64_t DocumentCount(const std::string& query_address) {
  auto stub = v1::QueryService::NewStub(MakeChannel(query_address));
  return CountOf(stub.get());
}

bool WaitForDocumentCount(const std::string& query_address, int64_t count, absl::Duration timeout) {
  auto stub = v1::QueryService::NewStub(MakeChannel(query_address));
  const absl::Time deadline = absl::Now() + timeout;
  while (CountOf(stub.get()) != count) {
    if (absl::Now() >= deadline) return false;
    absl::SleepFor(absl::Milliseconds(100));
  }
  return true;
}

ExactlyOnceReport CheckExactlyOnce(const std::string& query_address,
                                   const std::set<std::string>& acknowledged, int phrase_checks) {
  ExactlyOnceReport report;
  report.acknowledged = static_cast<int64_t>(acknowledged.size());
  auto stub = v1::QueryService::NewStub(MakeChannel(query_address));

  // Every document, whole: texts for the word counts, titles for phrases.
  std::map<std::string, v1::Document> documents;
  std::string token;
  do {
    v1::ListDocumentsRequest request;
    request.set_page_size(1000);
    request.set_page_token(token);
    request.set_view(v1::DOCUMENT_VIEW_FULL);
    v1::ListDocumentsResponse response;
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(60));
    const grpc::Status s = stub->ListDocuments(&context, request, &response);
    if (!s.ok()) {
      Problem(&report, absl::StrCat("ListDocuments: ", s.error_message()));
      return report;
    }
    report.total_size = response.total_size();
    for (auto& d : *response.mutable_documents()) {
      ++report.listed;
      const std::string id = d.id();
      // A document larger than a response comes without some fields: each
      // is read alone, as a client does (Document.omitted_fields).
      const grpc::Status read = CompleteDocument(
          [&](const v1::GetDocumentRequest& get, v1::GetDocumentResponse* got) {
            grpc::ClientContext get_context;
            SetDeadline(&get_context, absl::Seconds(60));
            return stub->GetDocument(&get_context, get, got);
          },
          &d);
      if (!read.ok()) {
        Problem(&report,
                absl::StrCat(id, ": reading its omitted fields failed: ", read.error_message()));
      }
      if (d.annotations().sentences_size() == 0) {
        ++report.without_annotations;
        Problem(&report, absl::StrCat(id, " has no annotations"));
      }
      if (!documents.emplace(id, std::move(d)).second) {
        ++report.duplicated;
        Problem(&report, absl::StrCat(id, " is listed twice"));
      }
    }
    token = response.next_page_token();
  } while (!token.empty());
  for (const std::string& id : acknowledged) {
    if (!documents.count(id)) {
      ++report.missing;
      Problem(&report, absl::StrCat(id, " was acknowledged and is not stored"));
    }
  }
  for (const auto& [id, d] : documents) {
    if (!acknowledged.count(id)) {
      ++report.unexpected;
      Problem(&report, absl::StrCat(id, " is stored and was never acknowledged"));
    }
  }

  auto search = [&](const std::string& query, int page_size,
                    v1::SearchDocumentsResponse* response) {
    v1::SearchDocumentsRequest request;
    request.set_query(query);
    request.set_page_size(page_size);
    request.set_view(v1::SEARCH_VIEW_IDS);
    grpc::ClientContext context;
    SetDeadline(&context, absl::Seconds(60));
    ++report.searches;
    const grpc::Status s = stub->SearchDocuments(&context, request, response);
    if (!s.ok()) Problem(&report, absl::StrCat("search ", query, ": ", s.error_message()));
    return s.ok();
  };
  // A word's hit count is the number of documents whose text holds a form
  // of it (a word of its stem); in quotes, the word itself.
  for (const std::string word : {"said", "government", "film", "music", "election", "shares"}) {
    const std::string stem = text::Stem(word);
    int64_t expected = 0, exactly = 0;
    for (const auto& [id, d] : documents) {
      std::vector<std::string> terms = text::Terms(d.text());
      // A title the client gave is searched with the text.
      if (d.metadata().title_provenance() == v1::PROVENANCE_CLIENT) {
        for (std::string& t : text::Terms(d.metadata().title())) terms.push_back(std::move(t));
      }
      exactly += std::find(terms.begin(), terms.end(), word) != terms.end();
      expected += std::any_of(terms.begin(), terms.end(),
                              [&](const std::string& t) { return text::Stem(t) == stem; });
    }
    for (const bool quoted : {false, true}) {
      const std::string query = quoted ? absl::StrCat("\"", word, "\"") : word;
      const int64_t want = quoted ? exactly : expected;
      v1::SearchDocumentsResponse response;
      if (!search(query, 1, &response) || response.total_size() != want) {
        ++report.search_mismatches;
        Problem(&report, absl::StrCat(query, " finds ", response.total_size(), " documents; ", want,
                                      quoted ? " hold it" : " hold a form of it"));
      }
    }
  }
  // Each document is found once by a phrase of its own title.
  int phrases = 0;
  for (const auto& [id, d] : documents) {
    if (phrases >= phrase_checks) break;
    const std::vector<std::string> words = text::Terms(d.metadata().title());
    if (words.size() < 4) continue;
    ++phrases;
    v1::SearchDocumentsResponse response;
    if (!search(absl::StrCat("\"", absl::StrJoin(words, " "), "\""), 100, &response)) {
      ++report.search_mismatches;
      continue;
    }
    std::set<std::string> hits;
    bool twice = false;
    for (const auto& hit : response.hits()) twice |= !hits.insert(hit.document().id()).second;
    if (twice || hits.count(id) != 1) {
      ++report.search_mismatches;
      Problem(&report,
              absl::StrCat(id, " is not found once by its title \"", d.metadata().title(), "\""));
    }
  }
  return report;
}

}  // namespace dossier::testing
