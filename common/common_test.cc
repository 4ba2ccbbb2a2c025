#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/binary_file.h"
#include "common/client.h"
#include "common/grpc_status.h"
#include "common/ids.h"
#include "common/metrics.h"
#include "common/server.h"
#include "common/status.h"
#include "common/store.h"
#include "common/thread_pool.h"
#include "common/time_util.h"
#include "common/utf8.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace dossier {
namespace {

using ::testing::HasSubstr;

TEST(StatusTest, InvalidFieldErrorSurvivesTheGrpcRoundTrip) {
  absl::Status s =
      InvalidFieldError("document.text", "TEXT_NOT_UTF8", "document.text is not UTF-8");
  grpc::Status g = ToGrpcStatus(s);
  EXPECT_EQ(g.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(g.error_message(), "document.text is not UTF-8");
  EXPECT_FALSE(g.error_details().empty());
  absl::Status back = FromGrpcStatus(g);
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ErrorReason(back), "TEXT_NOT_UTF8");
}

TEST(StatusTest, RetryDelayRoundTrips) {
  absl::Status s = RetryableError(absl::StatusCode::kResourceExhausted, "OUTBOX_FULL",
                                  "outbox full", absl::Milliseconds(1500));
  absl::Status back = FromGrpcStatus(ToGrpcStatus(s));
  EXPECT_EQ(back.code(), absl::StatusCode::kResourceExhausted);
  ASSERT_TRUE(RetryDelay(back).has_value());
  EXPECT_EQ(*RetryDelay(back), absl::Milliseconds(1500));
  EXPECT_FALSE(RetryDelay(absl::InternalError("x")).has_value());
}

TEST(StatusTest, OkConvertsToOk) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(StatusTest, RocksStatusMapping) {
  EXPECT_EQ(FromRocksStatus(rocksdb::Status::NotFound()).code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(FromRocksStatus(rocksdb::Status::Corruption("bad block")).code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(FromRocksStatus(rocksdb::Status::IOError("disk")).code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(FromRocksStatus(rocksdb::Status::Busy()).code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(FromRocksStatus(rocksdb::Status::IOError("disk"), "write").message()),
              HasSubstr("write: "));
  EXPECT_TRUE(FromRocksStatus(rocksdb::Status::OK()).ok());
}

TEST(IdsTest, IdsAreStableHexAndDistinguishKeyFromText) {
  const std::string a = DocumentIdForText("hello");
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a, DocumentIdForText("hello"));
  EXPECT_NE(a, DocumentIdForText("hello!"));
  EXPECT_NE(a, DocumentIdForClientKey("hello"));
  EXPECT_EQ(KeyToId(IdToKey(a)), a);
  EXPECT_EQ(IdToKey(a).size(), 16u);
}

TEST(IdsTest, ParseDocumentNameAcceptsBothFormsAndRejectsJunk) {
  const std::string id = DocumentIdForText("x");
  EXPECT_EQ(*ParseDocumentName(DocumentName(id)), id);
  EXPECT_EQ(*ParseDocumentName(id), id);
  std::string upper = id;
  for (char& c : upper) c = static_cast<char>(toupper(c));
  EXPECT_EQ(*ParseDocumentName(upper), id);
  absl::Status bad = ParseDocumentName("documents/xyz").status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad.message()), HasSubstr("32 hex"));
  EXPECT_FALSE(ParseDocumentName(std::string(32, 'g')).ok());
}

TEST(IdsTest, ShardsSpreadEvenly) {
  std::vector<int> counts(4);
  for (int i = 0; i < 4000; ++i) {
    ++counts[ShardOf(DocumentIdForClientKey(absl::StrCat(i)), 4)];
  }
  for (int c : counts) EXPECT_NEAR(c, 1000, 150);
  EXPECT_EQ(ShardOf(DocumentIdForText("a"), 1), 0);
}

TEST(Utf8Test, FindsTheFirstInvalidByte) {
  EXPECT_EQ(FirstInvalidUtf8("plain ascii"), -1);
  EXPECT_EQ(FirstInvalidUtf8("Vu\xc4\x8di\xc4\x87"), -1);  // Vučić
  EXPECT_EQ(FirstInvalidUtf8("ab\xff"), 2);
  EXPECT_EQ(FirstInvalidUtf8("a\xc0\xaf"), 1);      // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8("x\xed\xa0\x80"), 1);  // surrogate
  EXPECT_EQ(FirstInvalidUtf8("\xe2\x80"), 0);       // truncated
}

TEST(Utf8Test, EllipsizeCutsBetweenCharacters) {
  EXPECT_EQ(Ellipsize("short", 10), "short");
  EXPECT_EQ(Ellipsize("abcdef", 3), "abc...");
  // "Vučić": V u č(2 bytes) i ć(2 bytes). A cut after a whole č keeps it;
  // one through the middle of ć leaves it out.
  const std::string vucic = "Vu\xc4\x8di\xc4\x87";
  EXPECT_EQ(Ellipsize(vucic, 4), "Vu\xc4\x8d...");
  EXPECT_EQ(Ellipsize(vucic, 3), "Vu...");
  EXPECT_EQ(Ellipsize(vucic, 6), "Vu\xc4\x8di...");
  // A three-byte character (the euro sign) cut after one or two bytes.
  EXPECT_EQ(Ellipsize("a\xe2\x82\xac", 2), "a...");
  EXPECT_EQ(Ellipsize("a\xe2\x82\xac", 3), "a...");
  EXPECT_EQ(Ellipsize("a\xe2\x82\xac"
                      "b",
                      4),
            "a\xe2\x82\xac...");
}

TEST(Utf8Test, ConvertsOffsetsToCodePointsAndUtf16) {
  // "Vučić 😀 x": č and ć are 2 bytes, the emoji 4 bytes / 2 UTF-16 units.
  const std::string text = "Vu\xc4\x8di\xc4\x87 \xf0\x9f\x98\x80 x";
  OffsetConverter cp(text, v1::ENCODING_TYPE_UTF32);
  OffsetConverter u16(text, v1::ENCODING_TYPE_UTF16);
  OffsetConverter u8(text, v1::ENCODING_TYPE_UTF8);
  const int32_t x = static_cast<int32_t>(text.size()) - 1;
  EXPECT_EQ(cp.FromUtf8(7), 5);  // after "Vučić"
  EXPECT_EQ(cp.FromUtf8(x), 8);
  EXPECT_EQ(u16.FromUtf8(x), 9);
  EXPECT_EQ(u8.FromUtf8(x), x);
  EXPECT_EQ(cp.ToUtf8(8), x);
  EXPECT_EQ(u16.ToUtf8(9), x);

  v1::Annotations annotations;
  auto* m = annotations.add_mentions();
  m->mutable_span()->set_begin(0);
  m->mutable_span()->set_end(7);
  ConvertAnnotationOffsets(text, v1::ENCODING_TYPE_UTF32, &annotations);
  EXPECT_EQ(annotations.mentions(0).span().end(), 5);
}

TEST(TimeTest, DatesParseValidateAndFormat) {
  auto d = ParseDate("2023-02-13", "publish_date");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(FormatDate(*d), "2023-02-13");
  EXPECT_TRUE(ParseDate("2023-02-13T10:00:00Z", "f").ok());
  EXPECT_FALSE(ParseDate("2023-02-30", "f").ok());
  EXPECT_FALSE(ParseDate("13/02/2023", "f").ok());
  EXPECT_FALSE(ParseDate("2023-02-13x", "f").ok());
  v1::Date month;
  month.set_year(2023);
  month.set_month(2);
  EXPECT_EQ(FormatDate(month), "2023-02");
  EXPECT_FALSE(IsFullDate(month));
  const absl::Time t = absl::FromUnixMicros(1676246400123456);
  EXPECT_EQ(FromProtoTimestamp(ToProtoTimestamp(t)), t);
}

TEST(StoreTest, WritesReadsAndCountsWithTheBuiltInMergeOperator) {
  testing::TempDir dir;
  std::shared_ptr<rocksdb::MergeOperator> add;
  ASSERT_TRUE(
      rocksdb::MergeOperator::CreateFromString(rocksdb::ConfigOptions(), "uint64add", &add).ok());
  StoreOptions options;
  options.path = dir.Sub("db");
  {
    auto store = Store::Open(options, {FamilyNamed("docs"), FamilyNamed("counts", add)});
    ASSERT_TRUE(store.ok()) << store.status();
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put((*store)->cf(0), "k", "v").ok());
    std::string one(8, '\0');
    one[0] = 1;  // little-endian 1
    ASSERT_TRUE(batch.Merge((*store)->cf(1), "n", one).ok());
    ASSERT_TRUE(batch.Merge((*store)->cf(1), "n", one).ok());
    ASSERT_TRUE((*store)->Write(&batch, /*sync=*/true).ok());
  }
  auto store = Store::Open(options, {FamilyNamed("docs"), FamilyNamed("counts", add)});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*(*store)->Get((*store)->cf(0), "k"), "v");
  EXPECT_EQ((*store)->Get((*store)->cf(0), "missing").status().code(), absl::StatusCode::kNotFound);
  const std::string n = *(*store)->Get((*store)->cf(1), "n");
  ASSERT_EQ(n.size(), 8u);
  EXPECT_EQ(n[0], 2);
}

enum TestFamily : size_t { kDocs = 0, kCounts = 1 };
constexpr ColumnFamilyRow<TestFamily> kTestFamilies[] = {
    {kDocs, "docs", nullptr, 8, ColumnFamilySpec::Values::kArchive},
    {kCounts, "counts", NewCounterMergeOperator},
};
static_assert(InEnumOrder(kTestFamilies));
constexpr ColumnFamilyRow<TestFamily> kSwappedFamilies[] = {{kCounts, "counts"}, {kDocs, "docs"}};
static_assert(!InEnumOrder(kSwappedFamilies));

TEST(StoreTest, ATableOfFamiliesOpensInItsEnumsOrder) {
  const std::vector<ColumnFamilySpec> specs = SpecsOf(kTestFamilies);
  ASSERT_EQ(specs.size(), 2u);
  EXPECT_EQ(specs[kDocs].name, "docs");
  EXPECT_EQ(specs[kDocs].merge_operator, nullptr);
  EXPECT_EQ(specs[kDocs].prefix_length, 8u);
  EXPECT_EQ(specs[kDocs].values, ColumnFamilySpec::Values::kArchive);
  EXPECT_EQ(specs[kCounts].name, "counts");
  ASSERT_NE(specs[kCounts].merge_operator, nullptr);
  EXPECT_STREQ(specs[kCounts].merge_operator->Name(), "UInt64AddOperator");

  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.Sub("db");
  auto store = Store::Open(options, specs);
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ((*store)->cf(kCounts)->GetName(), "counts");
}

// What story matching and id lookups rely on in a prefix-hashed family:
// within one prefix, keys come back in order whether they sit in the
// memtable or in flushed files, and a point read finds exactly its key.
TEST(StoreTest, PrefixHashedFamiliesReadInOrderWithinAPrefix) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.Sub("db");
  // Created plain, as an older version left it; reopened hashed below.
  {
    auto store = Store::Open(options, {FamilyNamed("index")});
    ASSERT_TRUE(store.ok()) << store.status();
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put((*store)->cf(0), "bbbbbbbb-2", "old").ok());
    ASSERT_TRUE((*store)->Write(&batch, /*sync=*/true).ok());
  }
  auto store = Store::Open(options, {FamilyNamed("index", nullptr, 8)});
  ASSERT_TRUE(store.ok()) << store.status();
  Store& db = **store;
  auto put = [&](const std::string& key) {
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put(db.cf(0), key, key).ok());
    ASSERT_TRUE(db.Write(&batch, /*sync=*/false).ok());
  };
  // Half in a flushed file, half in the memtable, interleaved in order.
  for (int i = 0; i < 200; i += 2) put(absl::StrCat("aaaaaaaa-", 1000 + i));
  put("bbbbbbbb-1");
  ASSERT_TRUE(db.db()->Flush(rocksdb::FlushOptions(), db.cf(0)).ok());
  for (int i = 1; i < 200; i += 2) put(absl::StrCat("aaaaaaaa-", 1000 + i));
  put("bbbbbbbb-3");
  put("cccccccc-1");

  auto scan = [&](const std::string& prefix, const std::string& from) {
    std::vector<std::string> keys;
    auto it = db.NewIterator(db.cf(0));
    for (it->Seek(from); it->Valid() && it->key().starts_with(prefix); it->Next()) {
      keys.push_back(it->key().ToString());
    }
    EXPECT_TRUE(it->status().ok()) << it->status().ToString();
    return keys;
  };
  const std::vector<std::string> a = scan("aaaaaaaa", "aaaaaaaa-1050");
  ASSERT_EQ(a.size(), 150u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i], absl::StrCat("aaaaaaaa-", 1050 + i));
  EXPECT_THAT(scan("bbbbbbbb", "bbbbbbbb"),
              ::testing::ElementsAre("bbbbbbbb-1", "bbbbbbbb-2", "bbbbbbbb-3"));
  EXPECT_EQ(*db.Get(db.cf(0), "bbbbbbbb-2"), "old");
  EXPECT_EQ(*db.Get(db.cf(0), "aaaaaaaa-1077"), "aaaaaaaa-1077");
  EXPECT_EQ(db.Get(db.cf(0), "aaaaaaaa-0999").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(db.Get(db.cf(0), "dddddddd-1").status().code(), absl::StatusCode::kNotFound);
}

// A store that lost its CURRENT file (an operator's slip, a copy in part)
// still has its tables: opening it must not start an empty store over them,
// which the next open would then clean up for good.
TEST(StoreTest, AStoreWithoutItsCurrentFileIsRefusedAndLeftAsItWas) {
  testing::TempDir dir;
  StoreOptions options;
  options.path = dir.Sub("db");
  {
    auto store = Store::Open(options, {FamilyNamed("docs")});
    ASSERT_TRUE(store.ok()) << store.status();
    rocksdb::WriteBatch batch;
    ASSERT_TRUE(batch.Put((*store)->cf(0), "k", "v").ok());
    ASSERT_TRUE((*store)->Write(&batch, /*sync=*/true).ok());
  }
  std::filesystem::remove(dir.Sub("db/CURRENT"));
  auto listing = [&] {
    std::set<std::string> names;
    for (const auto& e : std::filesystem::directory_iterator(dir.Sub("db"))) {
      names.insert(e.path().filename().string());
    }
    return names;
  };
  const std::set<std::string> before = listing();
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto store = Store::Open(options, {FamilyNamed("docs")});
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), absl::StatusCode::kDataLoss);
    EXPECT_THAT(std::string(store.status().message()), ::testing::HasSubstr("no CURRENT"));
    EXPECT_EQ(listing(), before) << "nothing written, nothing removed";
  }
  // Put back, it opens with its data.
  std::ofstream(dir.Sub("db/CURRENT")) << [&] {
    for (const std::string& name : before) {
      if (absl::StartsWith(name, "MANIFEST-")) return name;
    }
    return std::string();
  }() << "\n";
  auto store = Store::Open(options, {FamilyNamed("docs")});
  ASSERT_TRUE(store.ok()) << store.status();
  EXPECT_EQ(*(*store)->Get((*store)->cf(0), "k"), "v");
}

// Files of the operator's own in a new store's directory are not RocksDB's:
// the store is created beside them.
TEST(StoreTest, ANewStoreStartsBesideFilesThatAreNotRocksDbs) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.Sub("db"));
  std::ofstream(dir.Sub("db/query.log")) << "started\n";
  std::ofstream(dir.Sub("db/notes.sst")) << "not a table\n";
  StoreOptions options;
  options.path = dir.Sub("db");
  auto store = Store::Open(options, {FamilyNamed("docs")});
  EXPECT_TRUE(store.ok()) << store.status();
}

TEST(StoreTest, OpeningAFileAsADatabaseFailsWithAStatus) {
  testing::TempDir dir;
  std::ofstream(dir.Sub("file")) << "not a database";
  StoreOptions options;
  options.path = dir.Sub("file");
  auto store = Store::Open(options, {});
  EXPECT_FALSE(store.ok());
}

TEST(BinaryFileTest, ReadsWholeFilesOfEverySize) {
  testing::TempDir dir;
  // Larger than any first guess a reader could make, and not a round size.
  std::string big(3'000'017, '\0');
  for (size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>(i * 7919 % 251);
  ASSERT_TRUE(WriteFileBytes(dir.Sub("big"), big).ok());
  ASSERT_TRUE(WriteFileBytes(dir.Sub("empty"), "").ok());
  EXPECT_EQ(ReadFileBytes(dir.Sub("big")).value_or(""), big);
  EXPECT_EQ(ReadFileBytes(dir.Sub("empty")).value_or("x"), "");
  EXPECT_EQ(ReadFileBytes(dir.Sub("missing")).status().code(), absl::StatusCode::kNotFound);
  // A file whose size stat does not know (0 here) is read to its end.
  const std::string status = ReadFileBytes("/proc/self/status").value_or("");
  EXPECT_THAT(status, ::testing::HasSubstr("Pid:"));

  const auto large = ReadLargeFile(dir.Sub("big"));
  ASSERT_TRUE(large.ok()) << large.status();
  EXPECT_EQ(absl::string_view(large->data(), large->size()), big);
  EXPECT_TRUE(ReadLargeFile(dir.Sub("empty"))->empty());
  EXPECT_EQ(ReadLargeFile(dir.Sub("missing")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ReadLargeFile(dir.path()).status().code(), absl::StatusCode::kNotFound);

  // A rewrite replaces the file: a reader of the old one still reads all of
  // it, and nothing is left beside the new one.
  {
    std::ifstream old(dir.Sub("big"), std::ios::binary);
    ASSERT_TRUE(WriteFileBytes(dir.Sub("big"), "short").ok());
    std::string seen((std::istreambuf_iterator<char>(old)), std::istreambuf_iterator<char>());
    EXPECT_EQ(seen, big);
    EXPECT_EQ(ReadFileBytes(dir.Sub("big")).value_or(""), "short");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()),
                            std::filesystem::directory_iterator()),
              2);  // big, empty
    EXPECT_FALSE(WriteFileBytes(dir.Sub("no-such-dir/file"), "x").ok());
  }

  // A pipe, whose size nothing knows, longer than the buffer's first sizes.
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::thread writer([&] {
    size_t written = 0;
    while (written < big.size()) {
      const ssize_t n = write(fds[1], big.data() + written, big.size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    close(fds[1]);
  });
  EXPECT_EQ(ReadFileBytes(absl::StrCat("/dev/fd/", fds[0])).value_or(""), big);
  // Closed first: a writer left with no reader fails (EPIPE) rather than
  // blocks.
  signal(SIGPIPE, SIG_IGN);
  close(fds[0]);
  writer.join();
}

TEST(ThreadPoolTest, RunsEverythingScheduledBeforeDestruction) {
  std::atomic<int> n{0};
  {
    ThreadPool pool(3);
    for (int i = 0; i < 1000; ++i) pool.Schedule([&n] { n++; });
  }
  EXPECT_EQ(n.load(), 1000);
}

TEST(BackoffTest, GrowsToTheCapWithJitter) {
  Backoff b(absl::Milliseconds(100), absl::Seconds(1), /*seed=*/7);
  absl::Duration first = b.Next();
  EXPECT_GE(first, absl::Milliseconds(50));
  EXPECT_LE(first, absl::Milliseconds(100));
  for (int i = 0; i < 10; ++i) b.Next();
  absl::Duration late = b.Next();
  EXPECT_GE(late, absl::Milliseconds(500));
  EXPECT_LE(late, absl::Seconds(1));
  b.Reset();
  EXPECT_LE(b.Next(), absl::Milliseconds(100));
}

TEST(ServerTest, ServesHealthOnPortZeroWritesThePortFileAndDrains) {
  testing::TempDir dir;
  ServerOptions options;
  options.port_file = dir.Sub("port");
  options.drain_timeout = absl::Milliseconds(200);
  auto server = Server::BuildAndStart(options, {});
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_GT((*server)->port(), 0);
  std::string written;
  std::ifstream(options.port_file) >> written;
  EXPECT_EQ(written, (*server)->address());

  auto channel = MakeChannel((*server)->address());
  EXPECT_TRUE(WaitForServing(channel, "", absl::Seconds(5)).ok());
  // An unknown service is not SERVING.
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext ctx;
  grpc::health::v1::HealthCheckRequest req;
  req.set_service("no.such.Service");
  grpc::health::v1::HealthCheckResponse resp;
  EXPECT_EQ(stub->Check(&ctx, req, &resp).error_code(), grpc::StatusCode::NOT_FOUND);

  (*server)->Shutdown();
  EXPECT_FALSE(WaitForServing(channel, "", absl::Milliseconds(300)).ok());
}

// A call to a method no service has is UNIMPLEMENTED, logged under its
// name and counted as "unknown" (a client cannot make a series per name);
// the observer read that name after gRPC had freed it (a heap-use-after-free
// the sanitizer build caught).
TEST(ServerTest, ACallToAnUnknownMethodIsUnimplementedAndCounted) {
  ServerOptions options;
  options.metrics = std::make_shared<metrics::Registry>();
  auto server = Server::BuildAndStart(options, {});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = MakeChannel((*server)->address());
  grpc::GenericStub stub(channel);
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    grpc::Slice empty("");
    grpc::ByteBuffer request(&empty, 1), response;
    std::mutex mu;
    std::condition_variable done;
    bool finished = false;
    grpc::Status status;
    stub.UnaryCall(&context, "/dossier.v1.NoSuchService/Nothing", grpc::StubOptions(), &request,
                   &response, [&](grpc::Status s) {
                     std::lock_guard<std::mutex> lock(mu);
                     status = std::move(s);
                     finished = true;
                     done.notify_one();
                   });
    std::unique_lock<std::mutex> lock(mu);
    done.wait(lock, [&] { return finished; });
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  EXPECT_TRUE(WaitForServing(channel, "", absl::Seconds(5)).ok());
  (*server)->Shutdown();
  EXPECT_THAT(options.metrics->Render(),
              ::testing::HasSubstr("grpc_service=\"unknown\",grpc_method=\"unknown\","
                                   "grpc_code=\"UNIMPLEMENTED\"} 3"));
  EXPECT_THAT(options.metrics->Render(), ::testing::Not(::testing::HasSubstr("NoSuchService")));
}

// A second server on a port one already listens on fails to start, rather
// than share the port (and its calls) unnoticed.
TEST(ServerTest, APortInUseIsAnError) {
  auto first = Server::BuildAndStart({}, {});
  ASSERT_TRUE(first.ok()) << first.status();
  ServerOptions options;
  options.listen = (*first)->address();
  EXPECT_FALSE(Server::BuildAndStart(options, {}).ok());
}

TEST(ServerTest, ABadListenAddressIsAnError) {
  ServerOptions options;
  options.listen = "256.1.1.1:99999";
  EXPECT_FALSE(Server::BuildAndStart(options, {}).ok());
}

}  // namespace
}  // namespace dossier
