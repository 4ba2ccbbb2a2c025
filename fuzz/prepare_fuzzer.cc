// libFuzzer: ingest's edge. Any bytes as a document's text (and, split off
// its front, a title and an outlet) through validation, normalisation and
// the article reader: an answer or INVALID_ARGUMENT, never a crash.
#include <fuzzer/FuzzedDataProvider.h>

#include "absl/time/clock.h"
#include "services/ingest/prepare.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  dossier::v1::DocumentInput input;
  input.set_title(in.ConsumeRandomLengthString(200));
  input.set_outlet(in.ConsumeRandomLengthString(60));
  if (in.ConsumeBool()) input.set_client_key(in.ConsumeRandomLengthString(80));
  // The text as bytes: the service judges its encoding.
  input.set_text_bytes(in.ConsumeRemainingBytesAsString());
  dossier::ingest::PrepareOptions options;
  // A fixed "now", so that a crash reproduces.
  const absl::Time now = absl::FromUnixSeconds(1700000000);
  auto document = dossier::ingest::PrepareDocument(input, options, now);
  if (document.ok() && document->id().empty()) __builtin_trap();
  return 0;
}
