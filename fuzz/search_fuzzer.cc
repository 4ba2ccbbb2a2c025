// libFuzzer: the query service's reads. Queries, filters, entity names and
// page tokens from the fuzzer, through the boundary (requests.h) and the
// core as the service runs them, against a small real store (tagged by the
// real tagger): an answer or INVALID_ARGUMENT / NOT_FOUND, never a crash,
// and never a response over the byte budget.
#include <fuzzer/FuzzedDataProvider.h>
#include <stdlib.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "common/ids.h"
#include "common/paths.h"
#include "common/time_util.h"
#include "services/query/document_store.h"
#include "services/query/requests.h"
#include "services/query/terms.h"
#include "services/tagger/ner_recognizer.h"
#include "services/tagger/tagger.h"
#include "text/given_names.h"

namespace {

// Texts written for this harness: names in several spellings, quotes,
// roles, dates, two outlets.
constexpr const char* kTexts[][3] = {
    {"BELGRADE, March 3 (Agency) - Serbian President Aleksandar Vu\xc4\x8di\xc4\x87 said on "
     "Monday: \"We will not impose sanctions.\" Vucic met Russian Foreign Minister Sergei "
     "Lavrov.",
     "Agency", "2023-03-06"},
    {"Sergey Lavrov told reporters in Moscow that \"the West\" was to blame. The Russian "
     "Foreign Ministry said in a statement that talks would go on next week.",
     "Wire", "2023-03-07"},
    {"\"Kosovo is Serbia,\" Vu\xc4\x8di\xc4\x87 told a rally in Novi Sad, where NATO was "
     "criticised. The European Union's envoy Miroslav Laj\xc4\x8d\xc3\xa1k was not there.",
     "Agency", "2023-03-08"},
    {"Prices of oil rose. Shares in Acme Corp fell 3 percent on Tuesday, the company said.", "Wire",
     ""},
};

dossier::query::DocumentStore* OpenStore() {
  char dir[] = "/tmp/search_fuzzer.XXXXXX";
  if (mkdtemp(dir) == nullptr) std::abort();
  static auto idf = dossier::query::IdfTable::Load(dossier::query::DefaultIdfPath());
  static auto names = dossier::text::GivenNames::Load(
      dossier::ResolveDataFile("DOSSIER_GIVEN_NAMES", "models/registry/given_names.txt"));
  auto recognizer = dossier::tagger::NerRecognizer::Load(dossier::tagger::DefaultModelPath());
  if (!idf.ok() || !names.ok() || !recognizer.ok()) {
    std::fprintf(stderr, "search_fuzzer: cannot load the models\n");
    std::abort();
  }
  dossier::query::DocumentStoreOptions options;
  options.path = std::string(dir) + "/db";
  options.idf = idf->get();
  options.given_names = &*names;
  // Small pages, so that the byte budget cuts them.
  options.search.response_bytes = 4096;
  auto store = dossier::query::DocumentStore::Open(options);
  if (!store.ok()) std::abort();
  dossier::tagger::Tagger tagger(std::move(*recognizer));
  std::vector<dossier::v1::Document> documents;
  for (const auto& t : kTexts) {
    dossier::v1::Document d;
    d.set_text(t[0]);
    d.set_id(dossier::DocumentIdForText(t[0]));
    d.mutable_metadata()->set_outlet(t[1]);
    if (*t[2] != '\0') {
      *d.mutable_metadata()->mutable_publish_date() = *dossier::ParseDate(t[2], "date");
    }
    *d.mutable_accept_time() = dossier::ToProtoTimestamp(absl::FromUnixSeconds(1700000000));
    *d.mutable_annotations() = tagger.Tag(t[0], {});
    documents.push_back(std::move(d));
  }
  std::vector<const dossier::v1::Document*> pointers;
  for (const auto& d : documents) pointers.push_back(&d);
  if (!(*store)->Index(pointers, absl::Now()).ok()) std::abort();
  return store->release();
}

void Filter(FuzzedDataProvider* in, dossier::v1::DocumentFilter* filter) {
  if (in->ConsumeBool()) filter->add_entities(in->ConsumeRandomLengthString(40));
  if (in->ConsumeBool()) filter->add_outlets(in->ConsumeRandomLengthString(20));
  if (in->ConsumeBool()) {
    filter->add_entity_types(static_cast<dossier::v1::EntityType>(in->ConsumeIntegral<int8_t>()));
  }
  if (in->ConsumeBool()) {
    filter->mutable_from_date()->set_year(in->ConsumeIntegral<int16_t>());
    filter->mutable_from_date()->set_month(in->ConsumeIntegral<int8_t>());
    filter->mutable_from_date()->set_day(in->ConsumeIntegral<int8_t>());
  }
}

void Check(const absl::Status& status, const google::protobuf::Message& response) {
  // Anything but a crash is an answer; a response must stay in budget.
  if (status.ok() && response.ByteSizeLong() > 64 * 1024) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static dossier::query::DocumentStore* const store = OpenStore();
  const dossier::query::Searcher& searcher = store->searcher();
  FuzzedDataProvider in(data, size);
  switch (in.ConsumeIntegralInRange(0, 6)) {
    case 0: {
      dossier::v1::SearchDocumentsRequest request;
      request.set_query(in.ConsumeRandomLengthString(100));
      request.set_page_size(in.ConsumeIntegral<int8_t>());
      request.set_order(static_cast<dossier::v1::SearchOrder>(in.ConsumeIntegral<int8_t>()));
      if (in.ConsumeBool()) {
        request.add_facets(static_cast<dossier::v1::Facet>(in.ConsumeIntegral<int8_t>()));
      }
      Filter(&in, request.mutable_filter());
      request.set_page_token(in.ConsumeRemainingBytesAsString());
      dossier::v1::SearchDocumentsResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.Search(*spec, &response) : spec.status(), response);
      break;
    }
    case 1: {
      dossier::v1::ListDocumentsRequest request;
      request.set_page_size(in.ConsumeIntegral<int8_t>());
      Filter(&in, request.mutable_filter());
      request.set_page_token(in.ConsumeRemainingBytesAsString());
      dossier::v1::ListDocumentsResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.List(*spec, &response) : spec.status(), response);
      break;
    }
    case 2: {
      dossier::v1::SearchQuotesRequest request;
      request.set_speaker(in.ConsumeRandomLengthString(40));
      request.set_about(in.ConsumeRandomLengthString(40));
      request.set_query(in.ConsumeRandomLengthString(60));
      request.set_page_token(in.ConsumeRemainingBytesAsString());
      dossier::v1::SearchQuotesResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.SearchQuotes(*spec, &response) : spec.status(), response);
      break;
    }
    case 3: {
      dossier::v1::GetEntityRequest request;
      request.set_type(static_cast<dossier::v1::EntityType>(in.ConsumeIntegral<int8_t>()));
      request.set_name(in.ConsumeRemainingBytesAsString());
      dossier::v1::GetEntityResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.GetEntity(*spec, &response) : spec.status(), response);
      break;
    }
    case 4: {
      dossier::v1::SearchEntitiesRequest request;
      request.set_page_size(in.ConsumeIntegral<int8_t>());
      request.set_query(in.ConsumeRemainingBytesAsString());
      dossier::v1::SearchEntitiesResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.SearchEntities(*spec, &response) : spec.status(), response);
      break;
    }
    case 5: {
      dossier::v1::GetEntityTimelineRequest request;
      request.set_granularity(
          static_cast<dossier::v1::TimelineGranularity>(in.ConsumeIntegral<int8_t>()));
      Filter(&in, request.mutable_filter());
      request.set_entity(in.ConsumeRemainingBytesAsString());
      dossier::v1::GetEntityTimelineResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.Timeline(*spec, &response) : spec.status(), response);
      break;
    }
    default: {
      dossier::v1::ListCooccurringEntitiesRequest request;
      request.set_page_size(in.ConsumeIntegral<int8_t>());
      Filter(&in, request.mutable_filter());
      request.set_entity(in.ConsumeRemainingBytesAsString());
      dossier::v1::ListCooccurringEntitiesResponse response;
      auto spec = dossier::query::ToSpec(request);
      Check(spec.ok() ? searcher.Cooccurring(*spec, &response) : spec.status(), response);
      break;
    }
  }
  return 0;
}
