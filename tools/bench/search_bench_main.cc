// dossier-bench-search: one corpus in dossier (through the running
// services), Xapian and SQLite FTS5, the same queries through each.
//
//   dossier-bench-search --ingest=HOST:PORT --query=HOST:PORT
//       --query_data_dir=DIR --ingest_data_dir=DIR --stop_pid=PID
//       --service_pids=P,P,P --data_dir=../shared/data --copies=5
//       --work_dir=DIR
//
// (tools/bench-search starts the services and passes all of that.)
//
// The corpus: Reuters-21578, BBC and PolNeAR articles, each `copies` times
// with a line that makes every copy a different document (as
// dossier-bench-ingest), each with a date: Reuters' own, PolNeAR's from its
// file name, BBC's (which has none) spread over 2004-2005 by a hash of its
// name. The date goes in as DocumentInput.publish_date, as Xapian's value
// slot 0 and as FTS5's `day` column, so all three filter on the same day.
//
// Order of the run:
//   1. dossier: stream the corpus in (StreamIngestDocuments) until the query
//      service lists every accepted document: the build time. What ingest
//      refused as a duplicate is left out of Xapian and FTS5 too, so the
//      three engines hold the same documents.
//   2. Wait for the services to go idle, then time the queries over gRPC,
//      one call at a time, from this process (loopback).
//   3. Stop the services (SIGTERM to tools/up), open the query store in this
//      process and time the same queries against its Searcher: dossier's
//      in-process time, so the RPC's cost shows. Opening replays RocksDB's
//      write-ahead log into tables; the ingest store is reopened likewise.
//      Then disk.
//   4. Xapian and FTS5: build, disk, the same queries.
//
// Query classes (each with and without a 31-day date filter; top 10 by
// BM25): a rare word (document frequency 2-10), a frequent word (in more
// than 20 % of documents), two mid-frequency words (0.5-5 % of documents)
// that occur together in some document, a two-word phrase found in 5 or more
// documents, and three mid-frequency words ORed. Words come from the corpus
// by a plain lower-case split (letters only, 3-24 of them) and are quoted,
// so the same query string reads the same in all three engines.
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/client.h"
#include "common/flags.h"
#include "common/ids.h"
#include "common/time_util.h"
#include "dossier/v1/query_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "services/ingest/outbox.h"
#include "services/query/document_store.h"
#include "services/query/requests.h"
#include "services/query/terms.h"
#include "tools/bench/bench_corpus.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051", "the ingest service");
ABSL_FLAG(std::string, query, "127.0.0.1:50053", "the query service");
ABSL_FLAG(std::string, query_data_dir, "",
          "the query service's --data_dir (opened in-process once the services "
          "stop)");
ABSL_FLAG(std::string, ingest_data_dir, "", "the ingest service's --data_dir (for disk)");
ABSL_FLAG(int, stop_pid, 0, "SIGTERM this process (tools/up) to stop the services");
ABSL_FLAG(std::string, service_pids, "",
          "the services' pids, comma-separated: waited on to go idle and to exit");
ABSL_FLAG(std::string, data_dir, "../shared/data", "the reference data");
ABSL_FLAG(int, copies, 5, "copies of each article (each made unique)");
ABSL_FLAG(int, streams, 4, "concurrent ingest streams");
ABSL_FLAG(int, queries, 200, "timed queries per class");
ABSL_FLAG(int, warmup, -1, "untimed warm-up queries per class (another seed); -1: as --queries");
ABSL_FLAG(uint64_t, seed, 1, "picks the queries");
ABSL_FLAG(std::string, work_dir, "/tmp/dossier-bench-search", "where Xapian and FTS5 live");
ABSL_FLAG(bool, json, false, "print the results as one JSON object");
ABSL_FLAG(bool, skip_dossier, false, "leave dossier out");
ABSL_FLAG(bool, skip_xapian, false, "leave Xapian out");
ABSL_FLAG(bool, skip_fts, false, "leave SQLite FTS5 out");

namespace {

namespace v1 = dossier::v1;
using dossier::bench::BenchArticle;
using dossier::bench::Percentile;
using Clock = std::chrono::steady_clock;

double MicrosSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

void Log(const std::string& message) {
  std::fprintf(stderr, "bench-search: %s\n", message.c_str());
}

// ---------------------------------------------------------------- engines

enum Engine { kGrpc = 0, kInProc, kXapian, kFts, kEngines };
constexpr const char* kEngineNames[kEngines] = {"dossier (gRPC)", "dossier (in-process)", "Xapian",
                                                "FTS5"};
constexpr const char* kEngineKeys[kEngines] = {"dossier_grpc", "dossier_in_process", "xapian",
                                               "fts5"};

// ---------------------------------------------------------------- corpus

const absl::CivilDay kEpoch(1970, 1, 1);
int DayIndex(absl::CivilDay day) { return static_cast<int>(day - kEpoch); }

// The words the queries are made of: a lower-case split. A token is a run of
// ASCII letters and digits, apostrophes and other non-ASCII characters
// (typographic quotes, dashes, ellipses and no-break spaces separate); a
// term is a token of 3 to 24 ASCII letters. Others stay in the sequence as
// -1, so that a phrase never spans them.
class Vocabulary {
 public:
  int Intern(const std::string& term) {
    auto [it, added] = ids_.try_emplace(term, static_cast<int>(terms_.size()));
    if (added) terms_.push_back(term);
    return it->second;
  }
  const std::string& term(int id) const { return terms_[id]; }
  size_t size() const { return terms_.size(); }

  void Split(absl::string_view text, std::vector<int>* out) {
    out->clear();
    std::string token;
    bool alpha = true;
    auto flush = [&] {
      if (token.empty()) return;
      out->push_back(alpha && token.size() >= 3 && token.size() <= 24 ? Intern(token) : -1);
      token.clear();
      alpha = true;
    };
    for (size_t i = 0; i < text.size(); ++i) {
      const unsigned char c = text[i];
      if (c < 0x80) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
          token.push_back(static_cast<char>(c | 0x20));
        } else if ((c >= '0' && c <= '9') || c == '\'') {
          token.push_back(static_cast<char>(c));
          alpha = false;
        } else {
          flush();
        }
        continue;
      }
      // “ ” – — … and the no-break space separate; other non-ASCII joins.
      if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80) {
        const unsigned char d = text[i + 2];
        if (d == 0x9C || d == 0x9D || d == 0x93 || d == 0x94 || d == 0xA6) {
          flush();
          i += 2;
          continue;
        }
      }
      if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) {
        flush();
        ++i;
        continue;
      }
      token.push_back(static_cast<char>(c));
      alpha = false;
    }
    flush();
  }

 private:
  absl::flat_hash_map<std::string, int> ids_;
  std::vector<std::string> terms_;
};

enum Kind { kRare = 0, kFrequent, kAnd, kPhrase, kOr, kKinds };
constexpr const char* kKindNames[kKinds] = {"rare", "frequent", "and2", "phrase", "or3"};
constexpr const char* kKindHelp[kKinds] = {
    "one word in 2-10 documents", "one word in > 20 % of documents",
    "two mid-frequency words, both", "a two-word phrase in >= 5 documents",
    "three mid-frequency words, any"};

struct Query {
  std::string text;  // the same string for every engine
  bool dated = false;
  absl::CivilDay from, to;
};

// Class c: kind c / 2, dated when c is odd.
constexpr int kClasses = 2 * kKinds;
std::string ClassName(int c) { return absl::StrCat(kKindNames[c / 2], c % 2 ? "+date" : ""); }

struct QuerySource {
  std::vector<int> rare, frequent, mid;
  std::vector<std::pair<int, int>> phrases;
  // Per original article, its distinct mid-frequency terms (for AND).
  std::vector<std::vector<int>> doc_mid;
  std::vector<absl::CivilDay> days;  // of the documents indexed
  Vocabulary vocabulary;
};

// Document frequencies over the original articles, times `copies` (every
// copy holds the same words, bar its closing line, whose words are never
// picked).
void BuildQuerySource(const std::vector<BenchArticle>& articles, size_t originals, int copies,
                      size_t documents, QuerySource* out) {
  Vocabulary& vocab = out->vocabulary;
  std::vector<uint32_t> df;
  std::vector<uint32_t> stamp;
  absl::flat_hash_map<uint64_t, uint32_t> bigram_df;
  absl::flat_hash_set<uint64_t> seen_bigrams;
  std::vector<std::vector<int>> doc_terms(originals);
  std::vector<int> seq;
  for (size_t i = 0; i < originals; ++i) {
    vocab.Split(articles[i].text, &seq);
    if (df.size() < vocab.size()) {
      df.resize(vocab.size(), 0);
      stamp.resize(vocab.size(), UINT32_MAX);
    }
    seen_bigrams.clear();
    for (size_t k = 0; k < seq.size(); ++k) {
      const int t = seq[k];
      if (t < 0) continue;
      if (stamp[t] != i) {
        stamp[t] = static_cast<uint32_t>(i);
        ++df[t];
        doc_terms[i].push_back(t);
      }
      if (k + 1 < seq.size() && seq[k + 1] >= 0) {
        const uint64_t key = (static_cast<uint64_t>(t) << 32) | static_cast<uint32_t>(seq[k + 1]);
        if (seen_bigrams.insert(key).second) ++bigram_df[key];
      }
    }
  }
  // The words of the copies' closing line are not what their counts say.
  absl::flat_hash_set<std::string> excluded = {"benchmark", "copy", "article", "of"};
  auto ok = [&](int t) { return !excluded.contains(vocab.term(t)); };
  const double n = static_cast<double>(documents);
  std::vector<char> is_mid(vocab.size(), 0);
  for (size_t t = 0; t < vocab.size(); ++t) {
    if (!ok(static_cast<int>(t))) continue;
    const double f = static_cast<double>(df[t]) * copies;
    if (f >= 2 && f <= 10) out->rare.push_back(static_cast<int>(t));
    if (f > 0.2 * n) out->frequent.push_back(static_cast<int>(t));
    if (f >= 0.005 * n && f <= 0.05 * n) {
      out->mid.push_back(static_cast<int>(t));
      is_mid[t] = 1;
    }
  }
  for (const auto& [key, count] : bigram_df) {
    const int a = static_cast<int>(key >> 32), b = static_cast<int>(key & 0xffffffffu);
    if (static_cast<double>(count) * copies >= 5 && ok(a) && ok(b)) out->phrases.push_back({a, b});
  }
  // Hash-map order is not fixed: sort, so the seed alone picks the queries.
  std::sort(out->phrases.begin(), out->phrases.end(), [&](const auto& x, const auto& y) {
    return std::tie(vocab.term(x.first), vocab.term(x.second)) <
           std::tie(vocab.term(y.first), vocab.term(y.second));
  });
  auto by_term = [&](int x, int y) { return vocab.term(x) < vocab.term(y); };
  std::sort(out->rare.begin(), out->rare.end(), by_term);
  std::sort(out->frequent.begin(), out->frequent.end(), by_term);
  std::sort(out->mid.begin(), out->mid.end(), by_term);
  out->doc_mid.resize(originals);
  for (size_t i = 0; i < originals; ++i) {
    for (int t : doc_terms[i]) {
      if (is_mid[t]) out->doc_mid[i].push_back(t);
    }
  }
}

std::string Quoted(const std::string& s) { return absl::StrCat("\"", s, "\""); }

std::vector<Query> MakeQueries(const QuerySource& src, int kind, bool dated, int count,
                               std::mt19937_64& rng) {
  const Vocabulary& v = src.vocabulary;
  auto pick = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<Query> out;
  for (int q = 0; q < count; ++q) {
    Query query;
    switch (kind) {
      case kRare:
        query.text = Quoted(v.term(src.rare[pick(src.rare.size())]));
        break;
      case kFrequent:
        query.text = Quoted(v.term(src.frequent[pick(src.frequent.size())]));
        break;
      case kAnd: {
        const std::vector<int>* terms = nullptr;
        do {
          terms = &src.doc_mid[pick(src.doc_mid.size())];
        } while (terms->size() < 2);
        const size_t a = pick(terms->size());
        size_t b = pick(terms->size() - 1);
        if (b >= a) ++b;
        query.text = absl::StrCat(Quoted(v.term((*terms)[a])), " ", Quoted(v.term((*terms)[b])));
        break;
      }
      case kPhrase: {
        const auto& p = src.phrases[pick(src.phrases.size())];
        query.text = Quoted(absl::StrCat(v.term(p.first), " ", v.term(p.second)));
        break;
      }
      case kOr: {
        std::vector<int> three;
        while (three.size() < 3) {
          const int t = src.mid[pick(src.mid.size())];
          if (std::find(three.begin(), three.end(), t) == three.end()) three.push_back(t);
        }
        query.text = absl::StrCat(Quoted(v.term(three[0])), " OR ", Quoted(v.term(three[1])),
                                  " OR ", Quoted(v.term(three[2])));
        break;
      }
    }
    if (dated) {
      // 31 days from the date of a document drawn at random.
      query.dated = true;
      query.from = src.days[pick(src.days.size())];
      query.to = query.from + 30;
    }
    out.push_back(std::move(query));
  }
  return out;
}

// ---------------------------------------------------------------- results

struct Sample {
  double micros = -1;          // < 0: the call failed
  int64_t total = -1;          // matches the engine reports (dossier: exact)
  std::vector<int> originals;  // the original articles of the hits
};

struct ClassResult {
  std::array<std::vector<Sample>, kEngines> samples;
  std::vector<int64_t> fts_count;  // exact count of matches, untimed
};

std::vector<double> Micros(const std::vector<Sample>& samples) {
  std::vector<double> out;
  for (const auto& s : samples) {
    if (s.micros >= 0) out.push_back(s.micros);
  }
  return out;
}

int Failures(const std::vector<Sample>& samples) {
  int n = 0;
  for (const auto& s : samples) n += s.micros < 0;
  return n;
}

// Share of the original articles two engines' top 10 have in common (copies
// of one article score alike, and engines break such ties differently).
double Overlap(const std::vector<Sample>& a, const std::vector<Sample>& b) {
  if (a.empty() || a.size() != b.size()) return -1;
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].micros < 0 || b[i].micros < 0) continue;
    absl::flat_hash_set<int> x(a[i].originals.begin(), a[i].originals.end());
    absl::flat_hash_set<int> y(b[i].originals.begin(), b[i].originals.end());
    size_t common = 0;
    for (int o : x) common += y.contains(o);
    const size_t most = std::max(x.size(), y.size());
    sum += most == 0 ? 1.0 : static_cast<double>(common) / most;
    ++n;
  }
  return n == 0 ? -1 : sum / n;
}

struct SimpleResult {                         // entity, timeline, co-occurrence
  std::array<std::vector<double>, 2> micros;  // gRPC, in-process
  int failures = 0;
};

struct Disk {
  int64_t bytes = 0;      // allocated, as du counts
  int64_t wal_bytes = 0;  // RocksDB write-ahead logs among them
};

Disk DiskUsage(const std::string& path) {
  Disk d;
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) {
    struct stat st;
    if (stat(path.c_str(), &st) == 0) d.bytes = static_cast<int64_t>(st.st_blocks) * 512;
    return d;
  }
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    struct stat st;
    if (stat(it->path().c_str(), &st) != 0) continue;
    const int64_t bytes = static_cast<int64_t>(st.st_blocks) * 512;
    d.bytes += bytes;
    if (it->path().extension() == ".log") d.wal_bytes += bytes;
  }
  return d;
}

// ---------------------------------------------------------------- processes

std::vector<int> ServicePids() {
  std::vector<int> pids;
  for (absl::string_view p :
       absl::StrSplit(absl::GetFlag(FLAGS_service_pids), ',', absl::SkipEmpty())) {
    int pid = 0;
    if (absl::SimpleAtoi(p, &pid) && pid > 0) pids.push_back(pid);
  }
  return pids;
}

// utime + stime in clock ticks; -1 when the process is gone (or a zombie).
long CpuTicks(int pid) {
  std::ifstream in(absl::StrCat("/proc/", pid, "/stat"));
  std::string line;
  if (!std::getline(in, line)) return -1;
  const size_t paren = line.rfind(')');
  if (paren == std::string::npos) return -1;
  std::vector<std::string> f = absl::StrSplit(line.substr(paren + 2), ' ');
  // After the name: state(0) ... utime(11) stime(12).
  if (f.size() < 13 || f[0] == "Z" || f[0] == "X") return -1;
  long u = 0, s = 0;
  if (!absl::SimpleAtoi(f[11], &u) || !absl::SimpleAtoi(f[12], &s)) return -1;
  return u + s;
}

// Until the processes together use under 5 % of a core for a second
// (compactions and deliveries done), at most two minutes.
void WaitForIdle(const std::vector<int>& pids) {
  if (pids.empty()) return;
  const long hz = sysconf(_SC_CLK_TCK);
  const absl::Time give_up = absl::Now() + absl::Minutes(2);
  auto total = [&] {
    long t = 0;
    for (int pid : pids) t += std::max(0L, CpuTicks(pid));
    return t;
  };
  long before = total();
  while (absl::Now() < give_up) {
    absl::SleepFor(absl::Seconds(1));
    const long now = total();
    if (now - before < 0.05 * hz) return;
    before = now;
  }
  Log("still busy after 2 minutes; timing anyway");
}

bool StopServices() {
  const int up = absl::GetFlag(FLAGS_stop_pid);
  if (up <= 0) {
    Log("no --stop_pid: cannot stop the services");
    return false;
  }
  kill(up, SIGTERM);
  const absl::Time give_up = absl::Now() + absl::Minutes(5);
  for (int pid : ServicePids()) {
    while (CpuTicks(pid) >= 0) {
      if (absl::Now() > give_up) {
        Log(absl::StrCat("service ", pid, " did not exit within 5 minutes"));
        return false;
      }
      absl::SleepFor(absl::Milliseconds(100));
    }
  }
  return true;
}

// ---------------------------------------------------------------- dossier

v1::SearchDocumentsRequest SearchRequest(const Query& q) {
  v1::SearchDocumentsRequest request;
  request.set_query(q.text);
  if (q.dated) {
    *request.mutable_filter()->mutable_from_date() = dossier::ToProtoDate(q.from);
    *request.mutable_filter()->mutable_to_date() = dossier::ToProtoDate(q.to);
  }
  request.set_page_size(10);
  request.set_view(v1::SEARCH_VIEW_IDS);
  request.set_order(v1::SEARCH_ORDER_RELEVANCE);
  return request;
}

struct EntityPick {
  std::string label;
  std::string id;
  v1::EntityType type = v1::ENTITY_TYPE_UNSPECIFIED;
  int64_t documents = 0;
  absl::CivilDay from, to;  // the busiest month, a month either side
};

v1::SearchDocumentsRequest EntityRequest(const EntityPick& e) {
  v1::SearchDocumentsRequest request;
  request.mutable_filter()->add_entities(e.id);
  *request.mutable_filter()->mutable_from_date() = dossier::ToProtoDate(e.from);
  *request.mutable_filter()->mutable_to_date() = dossier::ToProtoDate(e.to);
  request.set_page_size(20);
  request.set_view(v1::SEARCH_VIEW_IDS);
  request.set_order(v1::SEARCH_ORDER_NEWEST);
  return request;
}

v1::GetEntityTimelineRequest TimelineRequest(const EntityPick& e) {
  v1::GetEntityTimelineRequest request;
  request.set_entity(e.id);
  request.set_granularity(v1::TIMELINE_GRANULARITY_MONTH);
  return request;
}

v1::ListCooccurringEntitiesRequest CooccurringRequest(const EntityPick& e) {
  v1::ListCooccurringEntitiesRequest request;
  request.set_entity(e.id);
  request.set_page_size(20);
  request.set_order(v1::COOCCURRENCE_ORDER_COUNT);
  return request;
}

// The same calls, over gRPC or against the store in this process.
class DossierClient {
 public:
  virtual ~DossierClient() = default;
  virtual grpc::Status Search(const v1::SearchDocumentsRequest& r,
                              v1::SearchDocumentsResponse* out) = 0;
  virtual grpc::Status Timeline(const v1::GetEntityTimelineRequest& r,
                                v1::GetEntityTimelineResponse* out) = 0;
  virtual grpc::Status Cooccurring(const v1::ListCooccurringEntitiesRequest& r,
                                   v1::ListCooccurringEntitiesResponse* out) = 0;
};

class GrpcClient : public DossierClient {
 public:
  explicit GrpcClient(const std::string& address)
      : stub_(v1::QueryService::NewStub(dossier::MakeChannel(address))) {}
  grpc::Status Search(const v1::SearchDocumentsRequest& r,
                      v1::SearchDocumentsResponse* out) override {
    grpc::ClientContext context;
    dossier::SetDeadline(&context, absl::Seconds(60));
    return stub_->SearchDocuments(&context, r, out);
  }
  grpc::Status Timeline(const v1::GetEntityTimelineRequest& r,
                        v1::GetEntityTimelineResponse* out) override {
    grpc::ClientContext context;
    dossier::SetDeadline(&context, absl::Seconds(60));
    return stub_->GetEntityTimeline(&context, r, out);
  }
  grpc::Status Cooccurring(const v1::ListCooccurringEntitiesRequest& r,
                           v1::ListCooccurringEntitiesResponse* out) override {
    grpc::ClientContext context;
    dossier::SetDeadline(&context, absl::Seconds(60));
    return stub_->ListCooccurringEntities(&context, r, out);
  }
  v1::QueryService::Stub* stub() { return stub_.get(); }

 private:
  std::unique_ptr<v1::QueryService::Stub> stub_;
};

grpc::Status ToGrpc(const absl::Status& s) {
  return s.ok() ? grpc::Status::OK
                : grpc::Status(static_cast<grpc::StatusCode>(s.code()), std::string(s.message()));
}

class InProcessClient : public DossierClient {
 public:
  explicit InProcessClient(const dossier::query::Searcher* searcher) : searcher_(searcher) {}
  grpc::Status Search(const v1::SearchDocumentsRequest& r,
                      v1::SearchDocumentsResponse* out) override {
    auto spec = dossier::query::ToSpec(r);
    return ToGrpc(spec.ok() ? searcher_->Search(*spec, out) : spec.status());
  }
  grpc::Status Timeline(const v1::GetEntityTimelineRequest& r,
                        v1::GetEntityTimelineResponse* out) override {
    auto spec = dossier::query::ToSpec(r);
    return ToGrpc(spec.ok() ? searcher_->Timeline(*spec, out) : spec.status());
  }
  grpc::Status Cooccurring(const v1::ListCooccurringEntitiesRequest& r,
                           v1::ListCooccurringEntitiesResponse* out) override {
    auto spec = dossier::query::ToSpec(r);
    return ToGrpc(spec.ok() ? searcher_->Cooccurring(*spec, out) : spec.status());
  }

 private:
  const dossier::query::Searcher* searcher_;
};

struct Context {
  std::vector<BenchArticle> articles;
  size_t originals = 0;
  // Document id (client key "bench-search/<i>") -> article.
  absl::flat_hash_map<std::string, int> by_id;
  std::vector<int> indexed;  // the articles every engine holds
  std::array<std::vector<Query>, kClasses> queries, warmup;
  std::array<ClassResult, kClasses> results;
  std::vector<EntityPick> entities;
  std::array<SimpleResult, 3> simple;  // entity, timeline, co-occurrence
  // A grpc.health.v1 Check to the query service: what any call over
  // loopback costs before the service does anything (median, p99 µs).
  double floor_p50 = -1, floor_p99 = -1;
  int error_reports = 0;
};

// Times health checks to the query service: the floor of a gRPC call here.
void MeasureGrpcFloor(Context* ctx, const std::string& address, int n) {
  auto stub = grpc::health::v1::Health::NewStub(dossier::MakeChannel(address));
  std::vector<double> us;
  for (int i = 0; i < 2 * n; ++i) {
    grpc::ClientContext context;
    dossier::SetDeadline(&context, absl::Seconds(10));
    grpc::health::v1::HealthCheckRequest request;
    grpc::health::v1::HealthCheckResponse response;
    const auto start = Clock::now();
    const grpc::Status s = stub->Check(&context, request, &response);
    if (i >= n && s.ok()) us.push_back(MicrosSince(start));
  }
  if (!us.empty()) {
    ctx->floor_p50 = Percentile(us, 0.5);
    ctx->floor_p99 = Percentile(us, 0.99);
  }
}

void ReportError(Context* ctx, const std::string& what, const grpc::Status& s) {
  if (ctx->error_reports++ < 10) {
    Log(absl::StrCat(what, " failed: ", static_cast<int>(s.error_code()), " ", s.error_message()));
  }
}

void RunDossierQueries(Context* ctx, DossierClient* client, Engine engine) {
  for (int pass = 0; pass < 2; ++pass) {
    const bool timed = pass == 1;
    for (int c = 0; c < kClasses; ++c) {
      const auto& queries = timed ? ctx->queries[c] : ctx->warmup[c];
      for (const Query& q : queries) {
        const v1::SearchDocumentsRequest request = SearchRequest(q);
        v1::SearchDocumentsResponse response;
        const auto start = Clock::now();
        const grpc::Status status = client->Search(request, &response);
        const double micros = MicrosSince(start);
        if (!timed) continue;
        Sample s;
        if (status.ok()) {
          s.micros = micros;
          s.total = response.total_size();
          for (const auto& hit : response.hits()) {
            auto it = ctx->by_id.find(hit.document().id());
            s.originals.push_back(it == ctx->by_id.end() ? -1 : ctx->articles[it->second].original);
          }
        } else {
          ReportError(ctx, absl::StrCat(kEngineNames[engine], " search ", q.text), status);
        }
        ctx->results[c].samples[engine].push_back(std::move(s));
      }
    }
  }
  // Entity query, timeline, co-occurrence.
  if (ctx->entities.empty()) return;
  const int slot = engine == kGrpc ? 0 : 1;
  const int n = absl::GetFlag(FLAGS_queries);
  const int warm = std::max<int>(static_cast<int>(ctx->entities.size()), n / 4);
  for (int pass = 0; pass < 2; ++pass) {
    const bool timed = pass == 1;
    for (int what = 0; what < 3; ++what) {
      for (int q = 0; q < (timed ? n : warm); ++q) {
        const EntityPick& e = ctx->entities[q % ctx->entities.size()];
        grpc::Status status;
        const auto start = Clock::now();
        if (what == 0) {
          v1::SearchDocumentsResponse response;
          status = client->Search(EntityRequest(e), &response);
        } else if (what == 1) {
          v1::GetEntityTimelineResponse response;
          status = client->Timeline(TimelineRequest(e), &response);
        } else {
          v1::ListCooccurringEntitiesResponse response;
          status = client->Cooccurring(CooccurringRequest(e), &response);
        }
        const double micros = MicrosSince(start);
        if (!timed) continue;
        if (status.ok()) {
          ctx->simple[what].micros[slot].push_back(micros);
        } else {
          ++ctx->simple[what].failures;
          ReportError(ctx, absl::StrCat(kEngineNames[engine], " entity call ", what, " ", e.label),
                      status);
        }
      }
    }
  }
}

// Entities the corpus surely names, checked with GetEntity; the date range
// of each is its busiest month with a month either side.
void PickEntities(Context* ctx, GrpcClient* client) {
  const std::vector<std::pair<std::string, v1::EntityType>> candidates = {
      {"Reagan", v1::ENTITY_TYPE_PERSON},
      {"Trump", v1::ENTITY_TYPE_PERSON},
      {"Clinton", v1::ENTITY_TYPE_PERSON},
      {"Bank of Japan", v1::ENTITY_TYPE_ORGANIZATION},
      {"Federal Reserve", v1::ENTITY_TYPE_ORGANIZATION},
      {"OPEC", v1::ENTITY_TYPE_ORGANIZATION},
      {"Tokyo", v1::ENTITY_TYPE_LOCATION},
      {"London", v1::ENTITY_TYPE_LOCATION},
      {"Washington", v1::ENTITY_TYPE_LOCATION},
  };
  for (const auto& [name, type] : candidates) {
    v1::GetEntityRequest request;
    request.set_name(name);
    request.set_type(type);
    v1::GetEntityResponse response;
    grpc::ClientContext context;
    dossier::SetDeadline(&context, absl::Seconds(30));
    const grpc::Status status = client->stub()->GetEntity(&context, request, &response);
    if (!status.ok()) {
      Log(absl::StrCat("entity ", name, ": ", status.error_message()));
      continue;
    }
    EntityPick pick;
    pick.label = name;
    pick.id = response.entity().id();
    pick.type = response.entity().type();
    pick.documents = response.entity().document_count();
    if (pick.documents < 20) {
      Log(absl::StrCat("entity ", name, ": only ", pick.documents, " documents; left out"));
      continue;
    }
    v1::GetEntityTimelineResponse timeline;
    if (!client->Timeline(TimelineRequest(pick), &timeline).ok() || timeline.buckets_size() == 0) {
      Log(absl::StrCat("entity ", name, ": no timeline; left out"));
      continue;
    }
    const v1::TimelineBucket* busiest = &timeline.buckets(0);
    for (const auto& b : timeline.buckets()) {
      if (b.document_count() > busiest->document_count()) busiest = &b;
    }
    auto start = dossier::FromProtoDate(busiest->start_date());
    if (!start) continue;
    const absl::CivilMonth month(*start);
    pick.from = absl::CivilDay(month - 1);
    pick.to = absl::CivilDay(month + 2) - 1;
    ctx->entities.push_back(pick);
  }
}

// ---------------------------------------------------------------- Xapian

double BuildXapian(Context* ctx, const std::string& dir, std::vector<int>* docid_article) {
  std::filesystem::remove_all(dir);
  const auto start = Clock::now();
  Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;  // no stemmer: lower-cased words, with positions
  docid_article->assign(1, -1);
  for (int i : ctx->indexed) {
    const BenchArticle& a = ctx->articles[i];
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(a.text);
    doc.add_value(0, Xapian::sortable_serialise(DayIndex(*a.day)));
    const Xapian::docid id = db.add_document(doc);
    if (docid_article->size() <= id) docid_article->resize(id + 1, -1);
    (*docid_article)[id] = i;
  }
  db.commit();
  db.close();
  return MicrosSince(start) / 1e6;
}

void RunXapian(Context* ctx, const std::string& dir, const std::vector<int>& docid_article) {
  Xapian::Database db(dir);
  Xapian::QueryParser parser;
  parser.set_database(db);
  parser.set_default_op(Xapian::Query::OP_AND);
  const unsigned flags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN;
  for (int pass = 0; pass < 2; ++pass) {
    const bool timed = pass == 1;
    for (int c = 0; c < kClasses; ++c) {
      for (const Query& q : timed ? ctx->queries[c] : ctx->warmup[c]) {
        Sample s;
        const auto start = Clock::now();
        try {
          Xapian::Query query = parser.parse_query(q.text, flags);
          if (q.dated) {
            query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0,
                                                Xapian::sortable_serialise(DayIndex(q.from)),
                                                Xapian::sortable_serialise(DayIndex(q.to))));
          }
          Xapian::Enquire enquire(db);
          enquire.set_query(query);
          enquire.set_weighting_scheme(Xapian::BM25Weight());
          Xapian::MSet mset = enquire.get_mset(0, 10);
          std::vector<int> hits;
          for (auto it = mset.begin(); it != mset.end(); ++it) hits.push_back(*it);
          s.micros = MicrosSince(start);
          s.total = mset.get_matches_estimated();
          for (int id : hits) {
            const int article =
                id < static_cast<int>(docid_article.size()) ? docid_article[id] : -1;
            s.originals.push_back(article < 0 ? -1 : ctx->articles[article].original);
          }
        } catch (const Xapian::Error& e) {
          if (ctx->error_reports++ < 10) Log(absl::StrCat("Xapian ", q.text, ": ", e.get_msg()));
        }
        if (timed) ctx->results[c].samples[kXapian].push_back(std::move(s));
      }
    }
  }
}

// ---------------------------------------------------------------- FTS5

bool Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    Log(absl::StrCat("sqlite: ", sql, ": ", error ? error : "?"));
    sqlite3_free(error);
    return false;
  }
  return true;
}

double BuildFts(Context* ctx, const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    Log(absl::StrCat("sqlite: cannot open ", path));
    return -1;
  }
  const auto start = Clock::now();
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=NORMAL");
  Exec(db,
       "CREATE VIRTUAL TABLE fts USING fts5(body, day UNINDEXED, "
       "tokenize='unicode61')");
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO fts(rowid, body, day) VALUES (?, ?, ?)", -1, &insert,
                     nullptr);
  size_t n = 0;
  for (int i : ctx->indexed) {
    if (n % 1000 == 0) Exec(db, "BEGIN");
    const BenchArticle& a = ctx->articles[i];
    sqlite3_bind_int64(insert, 1, i + 1);
    sqlite3_bind_text(insert, 2, a.text.data(), static_cast<int>(a.text.size()), SQLITE_STATIC);
    sqlite3_bind_int(insert, 3, DayIndex(*a.day));
    if (sqlite3_step(insert) != SQLITE_DONE && ctx->error_reports++ < 10) {
      Log(absl::StrCat("sqlite insert: ", sqlite3_errmsg(db)));
    }
    sqlite3_reset(insert);
    if (++n % 1000 == 0) Exec(db, "COMMIT");
  }
  if (n % 1000 != 0) Exec(db, "COMMIT");
  const double seconds = MicrosSince(start) / 1e6;
  sqlite3_finalize(insert);
  // Everything into the database file before it is measured.
  Exec(db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close(db);
  return seconds;
}

void RunFts(Context* ctx, const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    Log(absl::StrCat("sqlite: cannot open ", path));
    return;
  }
  sqlite3_stmt* plain = nullptr;
  sqlite3_stmt* dated = nullptr;
  sqlite3_stmt* count_plain = nullptr;
  sqlite3_stmt* count_dated = nullptr;
  sqlite3_prepare_v2(db, "SELECT rowid FROM fts WHERE fts MATCH ?1 ORDER BY rank LIMIT 10", -1,
                     &plain, nullptr);
  sqlite3_prepare_v2(db,
                     "SELECT rowid FROM fts WHERE fts MATCH ?1 AND day BETWEEN ?2 AND ?3 "
                     "ORDER BY rank LIMIT 10",
                     -1, &dated, nullptr);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM fts WHERE fts MATCH ?1", -1, &count_plain, nullptr);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM fts WHERE fts MATCH ?1 AND day BETWEEN ?2 AND ?3",
                     -1, &count_dated, nullptr);
  auto bind = [](sqlite3_stmt* st, const Query& q) {
    sqlite3_bind_text(st, 1, q.text.data(), static_cast<int>(q.text.size()), SQLITE_STATIC);
    if (q.dated) {
      sqlite3_bind_int(st, 2, DayIndex(q.from));
      sqlite3_bind_int(st, 3, DayIndex(q.to));
    }
  };
  for (int pass = 0; pass < 2; ++pass) {
    const bool timed = pass == 1;
    for (int c = 0; c < kClasses; ++c) {
      for (const Query& q : timed ? ctx->queries[c] : ctx->warmup[c]) {
        sqlite3_stmt* st = q.dated ? dated : plain;
        Sample s;
        std::vector<int> rows;
        const auto start = Clock::now();
        bind(st, q);
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
          rows.push_back(static_cast<int>(sqlite3_column_int64(st, 0)));
        }
        sqlite3_reset(st);
        const double micros = MicrosSince(start);
        if (rc == SQLITE_DONE) {
          s.micros = micros;
          for (int row : rows) s.originals.push_back(ctx->articles[row - 1].original);
        } else if (ctx->error_reports++ < 10) {
          Log(absl::StrCat("FTS5 ", q.text, ": ", sqlite3_errmsg(db)));
        }
        if (!timed) continue;
        // The exact number of matches, untimed, to check dossier's totals.
        sqlite3_stmt* counter = q.dated ? count_dated : count_plain;
        bind(counter, q);
        s.total = sqlite3_step(counter) == SQLITE_ROW ? sqlite3_column_int64(counter, 0) : -1;
        sqlite3_reset(counter);
        ctx->results[c].samples[kFts].push_back(std::move(s));
      }
    }
  }
  for (auto* st : {plain, dated, count_plain, count_dated}) sqlite3_finalize(st);
  sqlite3_close(db);
}

// ---------------------------------------------------------------- output

std::string Num(double v, int decimals = 0) {
  if (v < 0) return "-";
  return absl::StrFormat("%.*f", decimals, v);
}

std::string Ratio(double a, double b) {
  if (a <= 0 || b <= 0) return "-";
  return absl::StrFormat("%.*fx", a / b >= 10 ? 0 : (a / b >= 1 ? 1 : 2), a / b);
}

std::string JsonNum(double v, int decimals = 1) {
  if (v < 0) return "null";
  return absl::StrFormat("%.*f", decimals, v);
}

std::string JsonString(absl::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      absl::StrAppend(&out, absl::StrFormat("\\u%04x", c));
    } else {
      out.push_back(c);
    }
  }
  return out + "\"";
}

std::string Bytes(int64_t b) {
  if (b < 0) return "-";
  return absl::StrFormat("%.1f MB", b / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(argc, argv,
                      "dossier-bench-search --ingest=HOST:PORT --query=HOST:PORT "
                      "--query_data_dir=DIR --ingest_data_dir=DIR: one corpus in dossier, Xapian "
                      "and SQLite FTS5, the same queries through each");
  const bool run_dossier = !absl::GetFlag(FLAGS_skip_dossier);
  const bool run_xapian = !absl::GetFlag(FLAGS_skip_xapian);
  const bool run_fts = !absl::GetFlag(FLAGS_skip_fts);
  const int copies = std::max(1, absl::GetFlag(FLAGS_copies));
  const int per_class = std::max(1, absl::GetFlag(FLAGS_queries));
  const int warmup = absl::GetFlag(FLAGS_warmup) < 0 ? per_class : absl::GetFlag(FLAGS_warmup);
  const std::string work_dir = absl::GetFlag(FLAGS_work_dir);
  std::filesystem::create_directories(work_dir);

  Context ctx;
  ctx.articles =
      dossier::bench::LoadBenchCorpus(absl::GetFlag(FLAGS_data_dir), copies, &ctx.originals);
  if (ctx.articles.empty()) {
    Log("no articles under --data_dir");
    return 1;
  }
  // BBC has no dates: a day in 2004-2005 (the years its articles are from)
  // by a hash of the article's name, the same for every copy.
  int real_dates = 0;
  for (auto& a : ctx.articles) {
    if (a.day) {
      real_dates += a.copy == 0;
      continue;
    }
    a.day = absl::CivilDay(2004, 1, 1) + static_cast<int>(dossier::Hash64(a.name) % 731);
  }
  for (size_t i = 0; i < ctx.articles.size(); ++i) {
    ctx.by_id[dossier::DocumentIdForClientKey(absl::StrCat("bench-search/", i))] =
        static_cast<int>(i);
  }

  // ---- dossier: build
  dossier::bench::StreamResult streamed;
  if (run_dossier) {
    Log(absl::StrCat("streaming ", ctx.articles.size(), " articles into dossier"));
    streamed = dossier::bench::StreamIntoDossier(
        absl::GetFlag(FLAGS_ingest), absl::GetFlag(FLAGS_query), ctx.articles.size(),
        absl::GetFlag(FLAGS_streams), [&](size_t i, v1::DocumentInput* input) {
          const BenchArticle& a = ctx.articles[i];
          input->set_client_key(absl::StrCat("bench-search/", i));
          input->set_text(a.text);
          input->set_title(a.title);
          *input->mutable_publish_date() = dossier::ToProtoDate(*a.day);
        });
    for (size_t i = 0; i < ctx.articles.size(); ++i) {
      if (streamed.outcomes[i] == v1::INGEST_OUTCOME_ACCEPTED) ctx.indexed.push_back(i);
    }
  } else {
    for (size_t i = 0; i < ctx.articles.size(); ++i) ctx.indexed.push_back(i);
  }
  int64_t raw_bytes = 0;
  for (int i : ctx.indexed) raw_bytes += ctx.articles[i].text.size() + ctx.articles[i].title.size();

  // ---- the queries
  QuerySource source;
  for (int i : ctx.indexed) source.days.push_back(*ctx.articles[i].day);
  BuildQuerySource(ctx.articles, ctx.originals, copies, ctx.indexed.size(), &source);
  Log(absl::StrFormat("vocabulary: %d terms; %d rare, %d frequent, %d mid, %d phrases",
                      source.vocabulary.size(), source.rare.size(), source.frequent.size(),
                      source.mid.size(), source.phrases.size()));
  if (source.rare.empty() || source.frequent.empty() || source.mid.size() < 3 ||
      source.phrases.empty()) {
    Log("the corpus is too small for every query class");
    return 1;
  }
  {
    const uint64_t seed = absl::GetFlag(FLAGS_seed);
    std::mt19937_64 rng(seed), warm_rng(seed + 1000003);
    for (int c = 0; c < kClasses; ++c) {
      ctx.queries[c] = MakeQueries(source, c / 2, c % 2 == 1, per_class, rng);
      ctx.warmup[c] = MakeQueries(source, c / 2, c % 2 == 1, warmup, warm_rng);
    }
  }

  // ---- dossier: gRPC, then in-process
  Disk query_disk_live, ingest_disk_live, query_disk, ingest_disk;
  double open_seconds = -1;
  bool stopped = false;
  if (run_dossier) {
    Log("waiting for the services to go idle");
    WaitForIdle(ServicePids());
    GrpcClient grpc_client(absl::GetFlag(FLAGS_query));
    PickEntities(&ctx, &grpc_client);
    Log("timing dossier over gRPC");
    RunDossierQueries(&ctx, &grpc_client, kGrpc);
    MeasureGrpcFloor(&ctx, absl::GetFlag(FLAGS_query), absl::GetFlag(FLAGS_queries));
    Log("stopping the services");
    stopped = StopServices();
    const std::string query_dir = absl::GetFlag(FLAGS_query_data_dir);
    const std::string ingest_dir = absl::GetFlag(FLAGS_ingest_data_dir);
    if (stopped && !query_dir.empty()) {
      query_disk_live = DiskUsage(query_dir);
      if (!ingest_dir.empty()) ingest_disk_live = DiskUsage(ingest_dir);
      auto idf = dossier::query::IdfTable::Load(dossier::query::DefaultIdfPath());
      if (!idf.ok()) {
        Log(absl::StrCat("IDF: ", idf.status().ToString()));
      } else {
        dossier::query::DocumentStoreOptions options;
        options.path = query_dir;
        options.idf = idf->get();
        const auto start = Clock::now();
        auto store = dossier::query::DocumentStore::Open(options);
        open_seconds = MicrosSince(start) / 1e6;
        if (!store.ok()) {
          Log(absl::StrCat("opening the query store: ", store.status().ToString()));
        } else {
          auto count = (*store)->Count();
          Log(absl::StrCat("query store opened in-process in ", Num(open_seconds, 1), " s; ",
                           count.ok() ? absl::StrCat(*count) : count.status().ToString(),
                           " documents; timing in-process"));
          // Opening may have flushed the log into new tables: let the
          // compactions that follow finish (this thread sleeps meanwhile,
          // so any CPU this process uses is theirs).
          WaitForIdle({static_cast<int>(getpid())});
          InProcessClient in_process(&(*store)->searcher());
          RunDossierQueries(&ctx, &in_process, kInProc);
        }
      }
      // Reopened, each store has replayed its write-ahead log into tables.
      query_disk = DiskUsage(query_dir);
      if (!ingest_dir.empty()) {
        {
          auto outbox = dossier::ingest::Outbox::Open(ingest_dir, dossier::StoreOptions());
          if (!outbox.ok())
            Log(absl::StrCat("opening the ingest store: ", outbox.status().ToString()));
        }
        ingest_disk = DiskUsage(ingest_dir);
      }
    }
  }

  // ---- Xapian
  double xapian_seconds = -1;
  Disk xapian_disk;
  if (run_xapian) {
    const std::string dir = work_dir + "/xapian";
    std::vector<int> docid_article;
    Log("building Xapian");
    try {
      xapian_seconds = BuildXapian(&ctx, dir, &docid_article);
      xapian_disk = DiskUsage(dir);
      Log("timing Xapian");
      RunXapian(&ctx, dir, docid_article);
    } catch (const Xapian::Error& e) {
      Log(absl::StrCat("Xapian: ", e.get_description()));
    }
  }

  // ---- FTS5
  double fts_seconds = -1;
  Disk fts_disk;
  if (run_fts) {
    const std::string path = work_dir + "/fts.db";
    Log("building FTS5");
    fts_seconds = BuildFts(&ctx, path);
    fts_disk = DiskUsage(path);
    Log("timing FTS5");
    RunFts(&ctx, path);
  }

  // ---- report
  struct Row {
    std::array<double, kEngines> p50, p99;
    std::array<int, kEngines> n, failures;
    double overlap_fts = -1, overlap_xapian = -1, overlap_inproc = -1;
    double totals_equal = -1;  // share of queries where dossier's total = FTS5's count
    double total_ratio = -1;   // median of dossier total / FTS5 count
  };
  std::array<Row, kClasses> rows;
  for (int c = 0; c < kClasses; ++c) {
    const ClassResult& r = ctx.results[c];
    Row& row = rows[c];
    for (int e = 0; e < kEngines; ++e) {
      const std::vector<double> us = Micros(r.samples[e]);
      row.n[e] = static_cast<int>(us.size());
      row.failures[e] = Failures(r.samples[e]);
      row.p50[e] = us.empty() ? -1 : Percentile(us, 0.5);
      row.p99[e] = us.empty() ? -1 : Percentile(us, 0.99);
    }
    row.overlap_fts = Overlap(r.samples[kGrpc], r.samples[kFts]);
    row.overlap_xapian = Overlap(r.samples[kGrpc], r.samples[kXapian]);
    row.overlap_inproc = Overlap(r.samples[kGrpc], r.samples[kInProc]);
    const auto& g = r.samples[kGrpc];
    const auto& f = r.samples[kFts];
    if (!g.empty() && g.size() == f.size()) {
      int equal = 0, n = 0;
      std::vector<double> ratios;
      for (size_t i = 0; i < g.size(); ++i) {
        if (g[i].total < 0 || f[i].total < 0) continue;
        ++n;
        equal += g[i].total == f[i].total;
        if (f[i].total > 0) ratios.push_back(static_cast<double>(g[i].total) / f[i].total);
      }
      if (n > 0) row.totals_equal = static_cast<double>(equal) / n;
      // A few of the disagreements, to look into.
      int shown = 0;
      for (size_t i = 0; i < g.size() && shown < 3; ++i) {
        if (g[i].total < 0 || f[i].total < 0 || g[i].total == f[i].total) continue;
        ++shown;
        const Query& q = ctx.queries[c][i];
        Log(absl::StrCat(ClassName(c), ": ", q.text,
                         q.dated ? absl::StrCat(" from ", absl::FormatCivilTime(q.from), " to ",
                                                absl::FormatCivilTime(q.to))
                                 : "",
                         ": dossier total ", g[i].total, ", FTS5 count ", f[i].total));
      }
      if (!ratios.empty()) row.total_ratio = Percentile(ratios, 0.5);
    }
  }
  std::array<std::array<double, 4>, 3> simple{};  // p50 gRPC, p99 gRPC, p50 in-proc, p99 in-proc
  for (int w = 0; w < 3; ++w) {
    for (int slot = 0; slot < 2; ++slot) {
      const auto& us = ctx.simple[w].micros[slot];
      simple[w][2 * slot] = us.empty() ? -1 : Percentile(us, 0.5);
      simple[w][2 * slot + 1] = us.empty() ? -1 : Percentile(us, 0.99);
    }
  }
  const int64_t dossier_bytes = run_dossier && stopped ? query_disk.bytes + ingest_disk.bytes : -1;
  const double dossier_seconds = run_dossier ? streamed.seconds : -1;
  const size_t documents = ctx.indexed.size();
  const char* kSimpleNames[3] = {"entity", "timeline", "cooccurrence"};
  const char* kSimpleHelp[3] = {
      "documents naming the entity in its busiest month +-1 month, newest 20",
      "GetEntityTimeline, monthly, the entity's whole range",
      "ListCooccurringEntities, top 20 by count"};
  const std::string how =
      "dossier (gRPC): SearchDocuments through the real gRPC API on loopback "
      "from a C++ client, "
      "one call at a time; dossier (in-process): the same requests to the "
      "query store's Searcher "
      "opened in this process after the services stopped; Xapian and FTS5: "
      "called in-process";

  if (absl::GetFlag(FLAGS_json)) {
    std::string j = "{";
    absl::StrAppend(&j, "\"measured\":", JsonString(how), ",");
    absl::StrAppend(&j, "\"corpus\":{\"documents\":", documents,
                    ",\"articles\":", ctx.articles.size(), ",\"originals\":", ctx.originals,
                    ",\"copies\":", copies, ",\"originals_with_real_date\":", real_dates,
                    ",\"raw_text_bytes\":", raw_bytes,
                    ",\"duplicates_dropped_by_ingest\":", streamed.duplicates,
                    ",\"rejected_by_ingest\":", streamed.refused, "},");
    absl::StrAppend(&j, "\"queries_per_class\":", per_class, ",\"warmup_per_class\":", warmup,
                    ",\"seed\":", absl::GetFlag(FLAGS_seed), ",\"classes\":[");
    for (int c = 0; c < kClasses; ++c) {
      const Row& row = rows[c];
      if (c) j += ",";
      absl::StrAppend(
          &j, "{\"class\":", JsonString(ClassName(c)), ",\"what\":",
          JsonString(absl::StrCat(kKindHelp[c / 2], c % 2 ? ", 31-day date filter" : "")),
          ",\"example\":", JsonString(ctx.queries[c].empty() ? "" : ctx.queries[c][0].text),
          ",\"engines\":{");
      bool first = true;
      for (int e = 0; e < kEngines; ++e) {
        if (row.n[e] == 0 && row.failures[e] == 0) continue;
        if (!first) j += ",";
        first = false;
        absl::StrAppend(&j, "\"", kEngineKeys[e], "\":{\"median_us\":", JsonNum(row.p50[e]),
                        ",\"p99_us\":", JsonNum(row.p99[e]), ",\"queries\":", row.n[e],
                        ",\"failures\":", row.failures[e], "}");
      }
      auto ratio = [](double a, double b) { return a > 0 && b > 0 ? JsonNum(a / b, 3) : "null"; };
      absl::StrAppend(
          &j, "},\"ratios\":{",
          "\"dossier_grpc_over_xapian\":{\"median\":", ratio(row.p50[kGrpc], row.p50[kXapian]),
          ",\"p99\":", ratio(row.p99[kGrpc], row.p99[kXapian]), "},",
          "\"dossier_grpc_over_fts5\":{\"median\":", ratio(row.p50[kGrpc], row.p50[kFts]),
          ",\"p99\":", ratio(row.p99[kGrpc], row.p99[kFts]), "},",
          "\"dossier_in_process_over_xapian\":{\"median\":",
          ratio(row.p50[kInProc], row.p50[kXapian]),
          ",\"p99\":", ratio(row.p99[kInProc], row.p99[kXapian]), "},",
          "\"dossier_in_process_over_fts5\":{\"median\":", ratio(row.p50[kInProc], row.p50[kFts]),
          ",\"p99\":", ratio(row.p99[kInProc], row.p99[kFts]), "}},");
      absl::StrAppend(&j, "\"checks\":{\"top10_shared_with_fts5\":", JsonNum(row.overlap_fts, 3),
                      ",\"top10_shared_with_xapian\":", JsonNum(row.overlap_xapian, 3),
                      ",\"top10_grpc_vs_in_process\":", JsonNum(row.overlap_inproc, 3),
                      ",\"total_equals_fts5_count\":", JsonNum(row.totals_equal, 3),
                      ",\"median_total_over_fts5_count\":", JsonNum(row.total_ratio, 3), "}}");
    }
    absl::StrAppend(&j, "],\"grpc_floor\":{\"median_us\":", JsonNum(ctx.floor_p50),
                    ",\"p99_us\":", JsonNum(ctx.floor_p99), "}");
    absl::StrAppend(&j, ",\"entity_calls\":[");
    for (int w = 0; w < 3; ++w) {
      if (w) j += ",";
      absl::StrAppend(
          &j, "{\"call\":\"", kSimpleNames[w], "\",\"what\":", JsonString(kSimpleHelp[w]),
          ",\"dossier_grpc\":{\"median_us\":", JsonNum(simple[w][0]),
          ",\"p99_us\":", JsonNum(simple[w][1]),
          "},\"dossier_in_process\":{\"median_us\":", JsonNum(simple[w][2]),
          ",\"p99_us\":", JsonNum(simple[w][3]), "},\"failures\":", ctx.simple[w].failures, "}");
    }
    absl::StrAppend(&j, "],\"entities\":[");
    for (size_t k = 0; k < ctx.entities.size(); ++k) {
      const auto& e = ctx.entities[k];
      if (k) j += ",";
      absl::StrAppend(&j, "{\"name\":", JsonString(e.label), ",\"id\":", JsonString(e.id),
                      ",\"type\":", JsonString(v1::EntityType_Name(e.type)),
                      ",\"documents\":", e.documents, ",\"from\":\"", absl::FormatCivilTime(e.from),
                      "\",\"to\":\"", absl::FormatCivilTime(e.to), "\"}");
    }
    auto build = [&](double s) {
      return s < 0 ? std::string("null")
                   : absl::StrCat("{\"seconds\":", JsonNum(s, 2),
                                  ",\"docs_per_second\":", JsonNum(documents / s, 0), "}");
    };
    absl::StrAppend(&j, "],\"build\":{\"dossier\":", build(dossier_seconds),
                    ",\"xapian\":", build(xapian_seconds), ",\"fts5\":", build(fts_seconds), "},");
    auto disk = [&](int64_t b) {
      return b < 0 ? std::string("null")
                   : absl::StrCat("{\"bytes\":", b, ",\"ratio_to_raw\":",
                                  JsonNum(static_cast<double>(b) / raw_bytes, 3), "}");
    };
    absl::StrAppend(
        &j, "\"disk\":{\"raw_text_bytes\":", raw_bytes, ",\"dossier\":", disk(dossier_bytes),
        ",\"dossier_query_store\":", disk(run_dossier && stopped ? query_disk.bytes : -1),
        ",\"dossier_ingest_store\":", disk(run_dossier && stopped ? ingest_disk.bytes : -1),
        ",\"dossier_as_left_by_services\":",
        disk(run_dossier && stopped ? query_disk_live.bytes + ingest_disk_live.bytes : -1),
        ",\"dossier_wal_bytes_as_left\":",
        run_dossier && stopped
            ? absl::StrCat(query_disk_live.wal_bytes + ingest_disk_live.wal_bytes)
            : "null",
        ",\"dossier_wal_bytes_after_reopen\":",
        run_dossier && stopped ? absl::StrCat(query_disk.wal_bytes + ingest_disk.wal_bytes)
                               : "null",
        ",\"xapian\":", disk(run_xapian ? xapian_disk.bytes : -1),
        ",\"fts5\":", disk(run_fts ? fts_disk.bytes : -1), "},");
    absl::StrAppend(&j, "\"dossier_store_open_seconds\":", JsonNum(open_seconds, 2), "}");
    std::printf("%s\n", j.c_str());
    return 0;
  }

  std::printf(
      "dossier-bench-search: %zu documents (%zu articles x %d copies; %zu "
      "exact duplicates "
      "and %ld rejected left out of every engine), %.1f MB raw text\n",
      documents, ctx.originals, copies, ctx.articles.size() - documents, streamed.refused,
      raw_bytes / 1e6);
  std::printf(
      "dates: Reuters' and PolNeAR's own (%d articles), BBC's spread over "
      "2004-2005\n",
      real_dates);
  std::printf("measured: %s.\n", how.c_str());
  std::printf(
      "%d timed queries per class after %d warm-up queries (seed %llu); top 10 "
      "by BM25; "
      "latency in microseconds.\n\n",
      per_class, warmup, static_cast<unsigned long long>(absl::GetFlag(FLAGS_seed)));
  std::printf("%-15s %17s %17s %17s %17s | %-13s %-13s %-13s %-13s\n", "", "dossier (gRPC)",
              "dossier (in-proc)", "Xapian", "FTS5", "gRPC/Xapian", "gRPC/FTS5", "in-proc/Xapian",
              "in-proc/FTS5");
  std::printf("%-15s", "class");
  for (int e = 0; e < kEngines; ++e) std::printf(" %8s %8s", "median", "p99");
  std::printf(" | %-13s %-13s %-13s %-13s\n", "median p99", "median p99", "median p99",
              "median p99");
  for (int c = 0; c < kClasses; ++c) {
    const Row& row = rows[c];
    std::printf("%-15s", ClassName(c).c_str());
    for (int e = 0; e < kEngines; ++e) {
      std::printf(" %8s %8s", Num(row.p50[e]).c_str(), Num(row.p99[e]).c_str());
    }
    auto pair = [&](int a, int b) {
      return absl::StrFormat("%-6s %-6s", Ratio(row.p50[a], row.p50[b]),
                             Ratio(row.p99[a], row.p99[b]));
    };
    std::printf(" | %-13s %-13s %-13s %-13s\n", pair(kGrpc, kXapian).c_str(),
                pair(kGrpc, kFts).c_str(), pair(kInProc, kXapian).c_str(),
                pair(kInProc, kFts).c_str());
  }
  std::printf("\nclasses:");
  for (int k = 0; k < kKinds; ++k) {
    std::printf(" %s = %s (e.g. %s);", kKindNames[k], kKindHelp[k],
                ctx.queries[2 * k].empty() ? "" : ctx.queries[2 * k][0].text.c_str());
  }
  std::printf(" +date = within 31 days from a random document's date.\n");
  std::printf("\nchecks (do the engines agree?)\n");
  std::printf("%-15s %12s %12s %14s %16s %18s %s\n", "class", "top10 =FTS5", "top10 =Xapian",
              "gRPC=in-proc", "total=FTS5 count", "total/FTS5 median", "failures");
  for (int c = 0; c < kClasses; ++c) {
    const Row& row = rows[c];
    auto pct = [](double v) {
      return v < 0 ? std::string("-") : absl::StrFormat("%.0f %%", 100 * v);
    };
    std::string failures;
    for (int e = 0; e < kEngines; ++e) {
      if (row.failures[e] > 0)
        absl::StrAppend(&failures, kEngineNames[e], " ", row.failures[e], " ");
    }
    std::printf("%-15s %12s %12s %14s %16s %18s %s\n", ClassName(c).c_str(),
                pct(row.overlap_fts).c_str(), pct(row.overlap_xapian).c_str(),
                pct(row.overlap_inproc).c_str(), pct(row.totals_equal).c_str(),
                Num(row.total_ratio, 3).c_str(), failures.empty() ? "none" : failures.c_str());
  }
  std::printf(
      "(top10: share of the original articles in dossier's top 10 also in the "
      "peer's; "
      "total: dossier's exact total_size against FTS5's count(*) for the same "
      "MATCH)\n");

  if (ctx.floor_p50 >= 0) {
    std::printf(
        "gRPC floor: a grpc.health.v1 Check to the query service over loopback takes %s us "
        "(median), %s us (p99): part of every dossier (gRPC) figure above\n",
        Num(ctx.floor_p50).c_str(), Num(ctx.floor_p99).c_str());
  }
  std::printf(
      "\nentity calls at %zu documents, through gRPC and in-process (%d "
      "each):\n",
      documents, per_class);
  std::printf("%-14s %10s %10s %10s %10s  %s\n", "call", "gRPC p50", "gRPC p99", "in-proc p50",
              "in-proc p99", "what");
  for (int w = 0; w < 3; ++w) {
    std::printf("%-14s %10s %10s %10s %10s  %s%s\n", kSimpleNames[w], Num(simple[w][0]).c_str(),
                Num(simple[w][1]).c_str(), Num(simple[w][2]).c_str(), Num(simple[w][3]).c_str(),
                kSimpleHelp[w],
                ctx.simple[w].failures
                    ? absl::StrCat(" (", ctx.simple[w].failures, " failed)").c_str()
                    : "");
  }
  std::printf("entities:");
  for (const auto& e : ctx.entities) {
    std::printf(" %s (%s, %lld documents, %s..%s);", e.label.c_str(),
                v1::EntityType_Name(e.type).c_str(), static_cast<long long>(e.documents),
                absl::FormatCivilTime(e.from).c_str(), absl::FormatCivilTime(e.to).c_str());
  }
  std::printf("\n\nbuild (documents in, searchable):\n");
  auto build_line = [&](const char* name, double s, const char* what) {
    if (s < 0) return;
    std::printf("  %-8s %8.1f s  %7.0f docs/s  %s\n", name, s, documents / s, what);
  };
  build_line("dossier", dossier_seconds,
             "streamed over gRPC until ListDocuments counts them all: durable, "
             "tagged (NER), "
             "indexed, story-matched");
  build_line("Xapian", xapian_seconds, "TermGenerator with positions, one commit");
  build_line("FTS5", fts_seconds, "unicode61, WAL, synchronous=NORMAL, 1000 per transaction");
  std::printf("  ratios   dossier/Xapian %s, dossier/FTS5 %s (time)\n",
              Ratio(dossier_seconds, xapian_seconds).c_str(),
              Ratio(dossier_seconds, fts_seconds).c_str());
  std::printf(
      "\ndisk (du; raw text = titles and texts of the documents indexed, "
      "%s):\n",
      Bytes(raw_bytes).c_str());
  auto disk_line = [&](const char* name, int64_t b, const std::string& what) {
    if (b < 0) return;
    std::printf("  %-8s %10s  %5.2fx raw  %s\n", name, Bytes(b).c_str(),
                static_cast<double>(b) / raw_bytes, what.c_str());
  };
  if (run_dossier && stopped) {
    disk_line("dossier", dossier_bytes,
              absl::StrCat("query store ", Bytes(query_disk.bytes),
                           " (documents with annotations, "
                           "search index, stories) + ingest store ",
                           Bytes(ingest_disk.bytes),
                           "; after a reopen replayed the write-ahead logs into tables (",
                           Bytes(query_disk.wal_bytes + ingest_disk.wal_bytes),
                           " of log left); as the services left them: ",
                           Bytes(query_disk_live.bytes + ingest_disk_live.bytes), " with ",
                           Bytes(query_disk_live.wal_bytes + ingest_disk_live.wal_bytes),
                           " of write-ahead log"));
  }
  if (run_xapian) disk_line("Xapian", xapian_disk.bytes, "glass, positions, one value slot");
  if (run_fts) disk_line("FTS5", fts_disk.bytes, "after a WAL checkpoint");
  if (dossier_bytes > 0) {
    std::printf("  ratios   dossier/Xapian %s, dossier/FTS5 %s (bytes)\n",
                Ratio(dossier_bytes, run_xapian ? xapian_disk.bytes : -1).c_str(),
                Ratio(dossier_bytes, run_fts ? fts_disk.bytes : -1).c_str());
  }
  if (open_seconds >= 0) {
    std::printf(
        "\nthe query store opened in-process (log replay, document table and "
        "dictionaries "
        "loaded) in %.1f s\n",
        open_seconds);
  }
  return 0;
}
