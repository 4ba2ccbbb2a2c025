// libFuzzer: the CLI's JSON Lines reader. Any line (field names mapped as
// a user might) becomes a document input or INVALID_ARGUMENT.
#include <fuzzer/FuzzedDataProvider.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "cli/sources.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // One file per process, rewritten for each input.
  static const std::string path = [] {
    char name[] = "/tmp/jsonl_fuzzer.XXXXXX";
    const int fd = mkstemp(name);
    if (fd >= 0) close(fd);
    return std::string(name) + ".jsonl";
  }();
  FuzzedDataProvider in(data, size);
  dossier::cli::SourceOptions options;
  if (in.ConsumeBool()) options.text_field = "body";
  if (in.ConsumeBool()) options.key_field = "id";
  const std::string line = in.ConsumeRemainingBytesAsString();
  {
    std::ofstream out(path, std::ios::trunc | std::ios::binary);
    out << line;
  }
  dossier::cli::Source source;
  source.path = path;
  source.offset = 0;
  source.line = 1;
  (void)dossier::cli::LoadSource(source, options);
  (void)dossier::cli::ParseFeedDate(line);
  return 0;
}
