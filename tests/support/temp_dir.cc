#include "tests/support/temp_dir.h"

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>

namespace dossier::testing {

TempDir::TempDir() {
  const char* base = getenv("TEST_TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/dossier-test-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("mkdtemp failed for " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string TempDir::Sub(const std::string& name) const { return path_ + "/" + name; }

namespace {
std::string EnvOr(const char* name, const std::string& fallback) {
  const char* v = getenv(name);
  return v != nullptr && *v != '\0' ? std::string(v) : fallback;
}
}  // namespace

std::string SourceDir() { return EnvOr("DOSSIER_SOURCE_DIR", "."); }
std::string BinDir() { return EnvOr("DOSSIER_BIN_DIR", SourceDir() + "/build/bin"); }
std::string SharedDir() { return EnvOr("DOSSIER_SHARED_DIR", SourceDir() + "/../shared"); }

}  // namespace dossier::testing
