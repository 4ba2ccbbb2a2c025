#include <signal.h>

#include <fstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"
#include "common/time_util.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tests/support/cli_run.h"
#include "tests/support/temp_dir.h"
#include "tools/drill/drill.h"

namespace dossier::drill {
namespace {

// "VmRSS" of /proc/PID/status in kB, and whether the process is a zombie
// (it has exited and waits to be reaped) or gone.
struct ProcStatus {
  double rss_kb = 0;
  bool exited = true;
};

ProcStatus ReadProcStatus(pid_t pid) {
  ProcStatus out;
  if (pid <= 0) return out;
  std::ifstream in(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(in, line)) {
    absl::string_view v(line);
    if (absl::ConsumePrefix(&v, "State:")) {
      out.exited = absl::StrContains(v, "Z") || absl::StrContains(v, "X");
    } else if (absl::ConsumePrefix(&v, "VmRSS:")) {
      double kb = 0;
      if (absl::SimpleAtod(absl::StripSuffix(absl::StripAsciiWhitespace(v), " kB"), &kb)) {
        out.rss_kb = kb;
      }
    }
  }
  return out;
}

}  // namespace

const char* ServiceName(Service s) {
  switch (s) {
    case Service::kQuery:
      return "query";
    case Service::kTagger:
      return "tagger";
    case Service::kIngest:
      return "ingest";
  }
  return "";
}

void Row::Take(const testing::ExactlyOnceReport& report) {
  lost += report.missing;
  duplicated += report.duplicated;
  if (!report.ok()) Fail(report.ToString());
}

Suite::Suite(std::string root) : root_(std::move(root)), cluster_(root_) {}

Suite::~Suite() { Shutdown(); }

void Suite::SetFlags(Service s, std::vector<std::string> flags) {
  absl::MutexLock lock(&mu_);
  cluster_.SetFlags(s, std::move(flags));
}

absl::Status Suite::Start() {
  {
    absl::MutexLock lock(&mu_);
    absl::Status status = cluster_.StartAll();
    if (!status.ok()) return status;
  }
  monitor_ = std::thread([this] { Monitor(); });
  return absl::OkStatus();
}

absl::Status Suite::Kill(Service s, absl::Duration down) {
  absl::MutexLock lock(&mu_);
  absl::Status status = cluster_.Stop(s, SIGKILL);
  if (!status.ok()) return status;
  absl::SleepFor(down);
  return cluster_.Start(s);
}

absl::Status Suite::Stop(Service s) {
  absl::MutexLock lock(&mu_);
  held_down_.insert(s);
  return cluster_.Stop(s, SIGTERM);
}

absl::Status Suite::Restart(Service s) {
  absl::MutexLock lock(&mu_);
  held_down_.erase(s);
  return cluster_.Start(s);
}

void Suite::Shutdown() {
  if (!stop_.HasBeenNotified()) stop_.Notify();
  if (monitor_.joinable()) monitor_.join();
  absl::MutexLock lock(&mu_);
  for (Service s : {Service::kIngest, Service::kTagger, Service::kQuery}) {
    (void)cluster_.Stop(s, SIGTERM);
  }
}

std::string Suite::address(Service s) const {
  absl::MutexLock lock(&mu_);
  return cluster_.address(s);
}

std::vector<std::string> Suite::CliFlags() const {
  absl::MutexLock lock(&mu_);
  return cluster_.CliFlags();
}

std::string Suite::log(Service s) const {
  absl::MutexLock lock(&mu_);
  return cluster_.log(s);
}

std::map<std::string, double> Suite::PeakRssMb() const {
  absl::MutexLock lock(&mu_);
  std::map<std::string, double> out;
  for (const auto& [s, kb] : peak_kb_) out[ServiceName(s)] = kb / 1024.0;
  return out;
}

double Suite::RssMb(Service s) const {
  absl::MutexLock lock(&mu_);
  return ReadProcStatus(cluster_.pid(s)).rss_kb / 1024.0;
}

void Suite::Monitor() {
  while (!stop_.WaitForNotificationWithTimeout(absl::Milliseconds(200))) {
    absl::MutexLock lock(&mu_);
    for (Service s : kServices) {
      if (held_down_.count(s)) continue;
      const ProcStatus status = ReadProcStatus(cluster_.pid(s));
      if (!status.exited) {
        peak_kb_[s] = std::max(peak_kb_[s], status.rss_kb);
        continue;
      }
      // Nobody stopped it: a crash. Reap it and bring it back, as
      // Kubernetes would, so that the drill goes on and counts it.
      ++crashes_;
      std::fprintf(stderr, "dossier-drill: %s exited unasked; restarting (see %s)\n",
                   ServiceName(s), cluster_.log(s).c_str());
      (void)cluster_.Stop(s, SIGKILL);
      (void)cluster_.Start(s);
    }
  }
}

std::vector<bench::BenchArticle> Articles(const std::string& data_dir, size_t count) {
  size_t originals = 0;
  std::vector<bench::BenchArticle> one = bench::LoadBenchCorpus(data_dir, 1, &originals);
  if (originals == 0) return {};
  const int copies = static_cast<int>((count + originals - 1) / originals);
  std::vector<bench::BenchArticle> all =
      copies <= 1 ? std::move(one) : bench::LoadBenchCorpus(data_dir, copies);
  if (all.size() > count) all.resize(count);
  return all;
}

absl::Status WriteJsonLines(const std::string& path,
                            const std::vector<bench::BenchArticle>& articles) {
  std::ofstream out(path);
  if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", path));
  for (const bench::BenchArticle& a : articles) {
    google::protobuf::Struct line;
    auto& fields = *line.mutable_fields();
    fields["text"].set_string_value(a.text);
    if (!a.title.empty()) fields["title"].set_string_value(a.title);
    if (a.day.has_value()) fields["date"].set_string_value(absl::FormatCivilTime(*a.day));
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(line, &json);
    out << json << '\n';
  }
  out.close();
  return out ? absl::OkStatus() : absl::DataLossError(absl::StrCat("cannot write ", path));
}

absl::StatusOr<CliIngest> CliIngest::Start(const Suite& suite, const std::string& path,
                                           const std::string& name) {
  const std::string out = absl::StrCat(suite.root(), "/", name, ".json");
  const std::string log = absl::StrCat(suite.root(), "/", name, ".log");
  std::vector<std::string> argv = {
      testing::BinDir() + "/dossier", "ingest", path, "--json", "--progress=false", "--timeout=5m"};
  for (const std::string& f : suite.CliFlags()) argv.push_back(f);
  auto process = testing::Process::Start(argv, log, out);
  if (!process.ok()) return process.status();
  return CliIngest(*std::move(process), out, log);
}

absl::StatusOr<int> CliIngest::Wait(absl::Duration timeout, std::set<std::string>* acknowledged) {
  auto code = process_.Wait(timeout);
  if (!code.ok()) return code.status();
  testing::CliRun run;
  run.exit_code = *code;
  testing::ParseCliOutput(testing::ReadFile(out_), &run);
  *acknowledged = testing::AcknowledgedIds(run);
  return *code;
}

void Verify(const Suite& suite, const std::set<std::string>& acknowledged, absl::Duration timeout,
            Row* row) {
  row->acknowledged = static_cast<int64_t>(acknowledged.size());
  const std::string query = suite.address(Service::kQuery);
  if (!testing::WaitForDocumentCount(query, row->acknowledged, timeout)) {
    row->Fail(absl::StrCat("the query service holds ", testing::DocumentCount(query), " of ",
                           row->acknowledged, " acknowledged documents after ",
                           absl::FormatDuration(timeout)));
  }
  row->Take(testing::CheckExactlyOnce(query, acknowledged, 200));
}

}  // namespace dossier::drill
