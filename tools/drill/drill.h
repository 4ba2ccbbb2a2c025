// The fire drills' shared machinery: the three real binaries under one
// lock (so that a drill's kills and the crash watch never race), their
// peak memory, unplanned exits, the reference corpus as ingestible JSON
// Lines, the CLI run in the background, and one table row per drill.
#ifndef DOSSIER_TOOLS_DRILL_DRILL_H_
#define DOSSIER_TOOLS_DRILL_DRILL_H_

#include <atomic>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/time.h"
#include "tests/support/cluster.h"
#include "tests/support/exactly_once.h"
#include "tests/support/process.h"
#include "tools/bench/bench_corpus.h"

namespace dossier::drill {

using testing::Service;

inline constexpr Service kServices[] = {Service::kQuery, Service::kTagger, Service::kIngest};
const char* ServiceName(Service s);

// One line of the report.
struct Row {
  std::string drill;
  std::string load;    // what was offered
  std::string faults;  // what was done to the services
  int64_t acknowledged = 0;
  int64_t lost = 0;                           // acknowledged, not stored
  int64_t duplicated = 0;                     // stored twice
  int64_t crashes = 0;                        // exits nobody asked for
  std::map<std::string, double> peak_rss_mb;  // per service
  double seconds = 0;
  // Other figures worth printing ("shed 1234 RESOURCE_EXHAUSTED").
  std::vector<std::string> notes;
  // Empty when the drill passed; else why not.
  std::vector<std::string> failures;
  bool skipped = false;

  void Fail(std::string why) { failures.push_back(std::move(why)); }
  // Takes lost, duplicated and the exactly-once failures from `report`.
  void Take(const testing::ExactlyOnceReport& report);
};

// The services of one drill, in `root` (data dirs, logs). A monitor thread
// samples each service's resident memory every 200 ms and restarts, and
// counts as a crash, a service that exits while no drill step holds it
// down.
class Suite {
 public:
  explicit Suite(std::string root);
  ~Suite();

  void SetFlags(Service s, std::vector<std::string> flags);
  absl::Status Start();
  // SIGKILL, then a restart on the same port after `down`.
  absl::Status Kill(Service s, absl::Duration down);
  // SIGTERM (a drain) and no restart until Restart.
  absl::Status Stop(Service s);
  absl::Status Restart(Service s);
  // Stops everything (SIGTERM) and the monitor.
  void Shutdown();

  std::string address(Service s) const;
  std::vector<std::string> CliFlags() const;
  std::string log(Service s) const;
  const std::string& root() const { return root_; }
  int64_t crashes() const { return crashes_.load(); }
  // Peak resident memory seen per service, MB.
  std::map<std::string, double> PeakRssMb() const;
  // Resident memory of `s` now, MB (0 when not running).
  double RssMb(Service s) const;

 private:
  void Monitor();

  const std::string root_;
  mutable absl::Mutex mu_;
  testing::Cluster cluster_ ABSL_GUARDED_BY(mu_);
  std::set<Service> held_down_ ABSL_GUARDED_BY(mu_);
  std::map<Service, double> peak_kb_ ABSL_GUARDED_BY(mu_);
  std::atomic<int64_t> crashes_{0};
  absl::Notification stop_;
  std::thread monitor_;
};

// The reference news as `count` distinct articles (copies made unique, as
// the benchmarks make them).
std::vector<bench::BenchArticle> Articles(const std::string& data_dir, size_t count);

// Writes articles as JSON Lines (text, title, date) that `dossier ingest`
// reads.
absl::Status WriteJsonLines(const std::string& path,
                            const std::vector<bench::BenchArticle>& articles);

// `dossier ingest PATH --json` against `suite`, in the background.
class CliIngest {
 public:
  static absl::StatusOr<CliIngest> Start(const Suite& suite, const std::string& path,
                                         const std::string& name);
  bool Finished() { return process_.Finished(); }
  // Waits for the CLI; its exit code and the ids it reports acknowledged.
  absl::StatusOr<int> Wait(absl::Duration timeout, std::set<std::string>* acknowledged);
  std::string log() const { return testing::ReadFile(log_); }

 private:
  CliIngest(testing::Process process, std::string out, std::string log)
      : process_(std::move(process)), out_(std::move(out)), log_(std::move(log)) {}
  testing::Process process_;
  std::string out_;
  std::string log_;
};

// Waits until the query service holds `acknowledged` documents, then
// checks each is there once, tagged and searchable; fills the row.
void Verify(const Suite& suite, const std::set<std::string>& acknowledged, absl::Duration timeout,
            Row* row);

// The drills. Each starts its own suite under `root`.
struct DrillOptions {
  std::string data_dir;   // ../shared/data
  std::string root;       // work directory of this drill
  int documents = 20000;  // kill, outage
  int kills = 3;          // kill: per service
  // kill: the pause before each kill is drawn from [gap/4, gap].
  absl::Duration kill_gap = absl::Seconds(4);
  absl::Duration outage = absl::Minutes(1);
  int streams = 32;                                 // overload
  absl::Duration overload_for = absl::Seconds(30);  // overload
  int overload_outbox = 2000;                       // overload
  int large_documents = 40;                         // large
  absl::Duration soak_for = absl::Minutes(10);      // soak
  int soak_rate = 100;                              // soak: documents/s
  int soak_qps = 50;                                // soak: queries/s
  // soak: the services' --store_memory_mb and ingest's
  // --near_duplicate_max_documents; 0: their defaults.
  int soak_store_memory_mb = 0;
  int soak_near_duplicate_max_documents = 0;
  uint64_t seed = 1;
};
Row KillDrill(const DrillOptions& options);
Row OutageDrill(const DrillOptions& options);
Row OverloadDrill(const DrillOptions& options);
Row LargeDrill(const DrillOptions& options);
Row DiskFullDrill(const DrillOptions& options);
Row SoakDrill(const DrillOptions& options);

}  // namespace dossier::drill

#endif  // DOSSIER_TOOLS_DRILL_DRILL_H_
