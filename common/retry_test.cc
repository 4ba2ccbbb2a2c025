#include "common/retry.h"

#include "common/status.h"
#include "gtest/gtest.h"

namespace dossier {
namespace {

TEST(ClassifyTest, OutagesAreWaitedOut) {
  EXPECT_EQ(Classify(absl::UnavailableError("connection refused")), FailureClass::kOutage);
  EXPECT_EQ(Classify(absl::DeadlineExceededError("deadline")), FailureClass::kOutage);
  EXPECT_EQ(Classify(absl::CancelledError("server shutting down")), FailureClass::kOutage);
}

TEST(ClassifyTest, ResourceExhaustedDependsOnWhatIsExhausted) {
  // Load shed with a delay to come back after: backpressure.
  const absl::Status full = RetryableError(absl::StatusCode::kResourceExhausted, "OUTBOX_FULL",
                                           "the outbox is full", absl::Seconds(2));
  EXPECT_EQ(Classify(full), FailureClass::kOutage);
  // A message over the cap never fits, however long one waits (the old
  // policy called this an outage and retried it forever).
  EXPECT_EQ(Classify(absl::ResourceExhaustedError(
                "Sent message larger than max (70254591 vs. 67108864)")),
            FailureClass::kPermanent);
  EXPECT_EQ(Classify(absl::ResourceExhaustedError(
                "tagger: Received message larger than max (90000000 vs. 67108864)")),
            FailureClass::kPermanent);
  // Anything else exhausted (a quota, memory) passes.
  EXPECT_EQ(Classify(absl::ResourceExhaustedError("memory quota exceeded")), FailureClass::kOutage);
}

TEST(ClassifyTest, FlukesAreRetriedABoundedNumberOfTimes) {
  EXPECT_EQ(Classify(absl::AbortedError("conflict")), FailureClass::kRetry);
  EXPECT_EQ(Classify(absl::InternalError("RST_STREAM")), FailureClass::kRetry);
  EXPECT_EQ(Classify(absl::UnknownError("exception")), FailureClass::kRetry);
}

TEST(ClassifyTest, TheRestArePermanent) {
  for (const absl::Status& s :
       {absl::InvalidArgumentError("bad"), absl::NotFoundError("gone"),
        absl::FailedPreconditionError("no IDF table"), absl::OutOfRangeError("past the end"),
        absl::AlreadyExistsError("exists"), absl::UnimplementedError("no such method"),
        absl::PermissionDeniedError("no"), absl::UnauthenticatedError("who"),
        absl::DataLossError("does not parse"), absl::OkStatus()}) {
    EXPECT_EQ(Classify(s), FailureClass::kPermanent) << s;
  }
  // A field error with a machine-readable reason is still the request's.
  EXPECT_EQ(Classify(InvalidFieldError("requests", "RESPONSE_TOO_LARGE", "too large")),
            FailureClass::kPermanent);
}

TEST(ClassifyTest, MessageTooLargeIsOnlyGrpcsRefusal) {
  EXPECT_TRUE(IsMessageTooLarge(
      absl::ResourceExhaustedError("Received message larger than max (5 vs. 4)")));
  EXPECT_FALSE(IsMessageTooLarge(absl::InvalidArgumentError("message larger than max")));
  EXPECT_FALSE(IsMessageTooLarge(absl::ResourceExhaustedError("OUTBOX_FULL")));
}

TEST(BackoffTest, DoublesToTheCapWithJitterAndResets) {
  Backoff b(absl::Milliseconds(100), absl::Seconds(1), /*seed=*/3);
  const absl::Duration first = b.Next();
  EXPECT_GE(first, absl::Milliseconds(50));
  EXPECT_LE(first, absl::Milliseconds(100));
  const absl::Duration second = b.Next();
  EXPECT_GE(second, absl::Milliseconds(100));
  EXPECT_LE(second, absl::Milliseconds(200));
  for (int i = 0; i < 20; ++i) EXPECT_LE(b.Next(), absl::Seconds(1));
  b.Reset();
  EXPECT_LE(b.Next(), absl::Milliseconds(100));
}

TEST(BackoffTest, TheServersRetryDelayIsTheLeastWait) {
  Backoff b(absl::Milliseconds(10), absl::Milliseconds(100), /*seed=*/3);
  const absl::Status full =
      RetryableError(absl::StatusCode::kResourceExhausted, "OUTBOX_FULL", "full", absl::Seconds(3));
  EXPECT_EQ(NextRetryDelay(full, &b), absl::Seconds(3));
  const absl::Duration plain = NextRetryDelay(absl::UnavailableError("down"), &b);
  EXPECT_GT(plain, absl::ZeroDuration());
  EXPECT_LE(plain, absl::Milliseconds(100));
}

}  // namespace
}  // namespace dossier
