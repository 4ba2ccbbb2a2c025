// dossier-drill: fire drills on the real binaries over loopback. Each drill
// starts its own three services on temp data dirs, offers its load, does
// its harm, and then checks that every acknowledged article is stored
// once, tagged and searchable, and that no service exited unasked.
//
//   dossier-drill [--drill=kill,outage,overload,large,diskfull,soak] [--short] [--json]
//
//   kill      --documents articles stream in while ingest, tagger and query
//             are each SIGKILLed --kills times at random moments
//   outage    the tagger, then the query service, stopped for --outage
//             mid-ingest
//   overload  --streams unpaced streams for --overload_for against a small
//             outbox: load must be shed with RESOURCE_EXHAUSTED or
//             UNAVAILABLE only
//   large     documents near the size cap (batches past every message cap),
//             then ordinary ones, and an oversized BatchTagTexts: nothing
//             wedges, nothing is done and dropped
//   diskfull  the query store on a small tmpfs until it fills, then room
//             again: clear statuses, a log line, recovery without a restart
//             (needs root to mount; skipped otherwise)
//   soak      --soak_for of paced ingest and queries: no errors outside shed
//             load, memory flat, latency drift reported
//
// Prints one row per drill (load, faults, acknowledged, lost, duplicated,
// crashes, peak RSS) and exits 1 when any drill failed. --short runs each
// in about a minute, as CI does.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/flags.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "tools/drill/drill.h"

ABSL_FLAG(std::vector<std::string>, drill,
          std::vector<std::string>({"kill", "outage", "overload", "large", "diskfull", "soak"}),
          "the drills to run, comma-separated");
ABSL_FLAG(bool, short, false,
          "the short versions CI runs: 3,000 articles, one kill of each service, 5 s "
          "outages, 8 s of overload, 10 large documents, 30 s of soak");
ABSL_FLAG(std::string, data_dir, "",
          "the reference corpora (default: $DOSSIER_SHARED_DIR/data, else ../shared/data "
          "beside the source tree)");
ABSL_FLAG(std::string, work_dir, "",
          "where the services keep data and logs (default: a temp dir, removed unless a drill "
          "fails)");
ABSL_FLAG(int, documents, 20000, "kill, outage, diskfull: articles streamed");
ABSL_FLAG(int, kills, 3, "kill: SIGKILLs of each service");
ABSL_FLAG(absl::Duration, outage, absl::Minutes(1), "outage: how long each service is down");
ABSL_FLAG(int, streams, 32, "overload: concurrent streams");
ABSL_FLAG(absl::Duration, overload_for, absl::Seconds(30), "overload: how long load is offered");
ABSL_FLAG(int, overload_outbox, 2000, "overload: ingest's --max_outbox_documents");
ABSL_FLAG(int, large_documents, 40, "large: documents near the 2 MiB cap");
ABSL_FLAG(absl::Duration, soak_for, absl::Minutes(10), "soak: how long");
ABSL_FLAG(int, soak_rate, 100, "soak: documents per second");
ABSL_FLAG(int, soak_qps, 50, "soak: queries per second");
ABSL_FLAG(int, soak_store_memory_mb, 0,
          "soak: the query and ingest services' --store_memory_mb (0: their default), to see "
          "memory level off sooner");
ABSL_FLAG(int, soak_near_duplicate_max_documents, 0,
          "soak: ingest's --near_duplicate_max_documents (0: its default)");
ABSL_FLAG(uint64_t, seed, 1, "kill: the random seed of kill order and moments");
ABSL_FLAG(bool, json, false, "print the rows as JSON");

namespace {

using dossier::drill::Row;

std::string ExeDir() {
  std::error_code error;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? "." : exe.parent_path().string();
}

void PrintRows(const std::vector<Row>& rows) {
  std::printf("\n%-10s %-8s %12s %5s %10s %7s  %s\n", "DRILL", "RESULT", "ACKNOWLEDGED", "LOST",
              "DUPLICATED", "CRASHES", "PEAK RSS");
  for (const Row& r : rows) {
    std::vector<std::string> rss;
    for (const auto& [service, mb] : r.peak_rss_mb) {
      rss.push_back(absl::StrFormat("%s %.0f MB", service, mb));
    }
    std::printf("%-10s %-8s %12lld %5lld %10lld %7lld  %s\n", r.drill.c_str(),
                r.skipped            ? "skipped"
                : r.failures.empty() ? "passed"
                                     : "FAILED",
                static_cast<long long>(r.acknowledged), static_cast<long long>(r.lost),
                static_cast<long long>(r.duplicated), static_cast<long long>(r.crashes),
                absl::StrJoin(rss, ", ").c_str());
  }
  for (const Row& r : rows) {
    std::printf("\n%s (%.0f s)\n", r.drill.c_str(), r.seconds);
    if (!r.load.empty()) std::printf("  load    %s\n", r.load.c_str());
    if (!r.faults.empty()) std::printf("  faults  %s\n", r.faults.c_str());
    for (const std::string& n : r.notes) std::printf("  note    %s\n", n.c_str());
    for (const std::string& f : r.failures) std::printf("  FAILED  %s\n", f.c_str());
  }
}

void PrintJson(const std::vector<Row>& rows) {
  google::protobuf::Struct out;
  auto* list = (*out.mutable_fields())["drills"].mutable_list_value();
  for (const Row& r : rows) {
    google::protobuf::Struct row;
    auto& f = *row.mutable_fields();
    f["drill"].set_string_value(r.drill);
    f["result"].set_string_value(r.skipped ? "skipped" : r.failures.empty() ? "passed" : "failed");
    f["load"].set_string_value(r.load);
    f["faults"].set_string_value(r.faults);
    f["acknowledged"].set_number_value(static_cast<double>(r.acknowledged));
    f["lost"].set_number_value(static_cast<double>(r.lost));
    f["duplicated"].set_number_value(static_cast<double>(r.duplicated));
    f["crashes"].set_number_value(static_cast<double>(r.crashes));
    f["seconds"].set_number_value(r.seconds);
    for (const auto& [service, mb] : r.peak_rss_mb) {
      (*f["peak_rss_mb"].mutable_struct_value()->mutable_fields())[service].set_number_value(mb);
    }
    for (const std::string& n : r.notes) {
      f["notes"].mutable_list_value()->add_values()->set_string_value(n);
    }
    for (const std::string& n : r.failures) {
      f["failures"].mutable_list_value()->add_values()->set_string_value(n);
    }
    *list->add_values()->mutable_struct_value() = row;
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  (void)google::protobuf::util::MessageToJsonString(out, &json, options);
  std::fputs(json.c_str(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
  dossier::ParseFlags(
      argc, argv,
      "fire drills on the real binaries: dossier-drill [--drill=kill,outage,overload,large,"
      "diskfull,soak] [--short] [--json]");
  // The services and the CLI beside this binary, unless told otherwise.
  setenv("DOSSIER_BIN_DIR", ExeDir().c_str(), /*overwrite=*/0);

  dossier::drill::DrillOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  if (options.data_dir.empty()) {
    const char* shared = getenv("DOSSIER_SHARED_DIR");
    options.data_dir = shared != nullptr ? absl::StrCat(shared, "/data")
                                         : absl::StrCat(ExeDir(), "/../../../shared/data");
  }
  options.documents = absl::GetFlag(FLAGS_documents);
  options.kills = absl::GetFlag(FLAGS_kills);
  options.outage = absl::GetFlag(FLAGS_outage);
  options.streams = absl::GetFlag(FLAGS_streams);
  options.overload_for = absl::GetFlag(FLAGS_overload_for);
  options.overload_outbox = absl::GetFlag(FLAGS_overload_outbox);
  options.large_documents = absl::GetFlag(FLAGS_large_documents);
  options.soak_for = absl::GetFlag(FLAGS_soak_for);
  options.soak_rate = absl::GetFlag(FLAGS_soak_rate);
  options.soak_store_memory_mb = absl::GetFlag(FLAGS_soak_store_memory_mb);
  options.soak_near_duplicate_max_documents =
      absl::GetFlag(FLAGS_soak_near_duplicate_max_documents);
  options.soak_qps = absl::GetFlag(FLAGS_soak_qps);
  options.seed = absl::GetFlag(FLAGS_seed);
  if (absl::GetFlag(FLAGS_short)) {
    options.documents = 4000;
    options.kills = 1;
    options.kill_gap = absl::Milliseconds(1200);
    options.outage = absl::Seconds(5);
    options.overload_for = absl::Seconds(8);
    options.streams = 16;
    options.large_documents = 10;
    options.soak_for = absl::Seconds(30);
    options.soak_rate = 50;
    options.soak_qps = 20;
  }
  if (!std::filesystem::exists(options.data_dir)) {
    std::fprintf(stderr, "dossier-drill: no reference corpora at %s (set --data_dir)\n",
                 options.data_dir.c_str());
    return 2;
  }

  std::string work = absl::GetFlag(FLAGS_work_dir);
  const bool temporary = work.empty();
  if (temporary) {
    std::string pattern = (std::filesystem::temp_directory_path() / "dossier-drill.XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
      std::perror("dossier-drill: mkdtemp");
      return 2;
    }
    work = pattern;
  }
  std::vector<Row> rows;
  for (const std::string& name : absl::GetFlag(FLAGS_drill)) {
    options.root = absl::StrCat(work, "/", name);
    std::filesystem::create_directories(options.root);
    std::fprintf(stderr, "dossier-drill: %s (data and logs in %s)\n", name.c_str(),
                 options.root.c_str());
    if (name == "kill") {
      rows.push_back(dossier::drill::KillDrill(options));
    } else if (name == "outage") {
      rows.push_back(dossier::drill::OutageDrill(options));
    } else if (name == "overload") {
      rows.push_back(dossier::drill::OverloadDrill(options));
    } else if (name == "large") {
      rows.push_back(dossier::drill::LargeDrill(options));
    } else if (name == "diskfull") {
      rows.push_back(dossier::drill::DiskFullDrill(options));
    } else if (name == "soak") {
      rows.push_back(dossier::drill::SoakDrill(options));
    } else {
      std::fprintf(stderr, "dossier-drill: no drill called %s\n", name.c_str());
      return 64;
    }
  }
  bool failed = false;
  for (const Row& r : rows) failed |= !r.failures.empty();
  if (absl::GetFlag(FLAGS_json)) {
    PrintJson(rows);
  } else {
    PrintRows(rows);
  }
  if (temporary && !failed) {
    std::error_code ignored;
    std::filesystem::remove_all(work, ignored);
  } else if (failed) {
    std::fprintf(stderr, "dossier-drill: logs kept in %s\n", work.c_str());
  }
  return failed ? 1 : 0;
}
