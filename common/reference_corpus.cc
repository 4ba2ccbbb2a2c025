#include "common/reference_corpus.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/binary_file.h"
#include "common/json_fields.h"
#include "common/utf8.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace dossier {
namespace fs = std::filesystem;

long ForEachReferenceArticle(const std::string& data_dir,
                             const std::function<void(const ReferenceArticle&)>& fn) {
  long visited = 0;
  {
    std::ifstream in(data_dir + "/reuters21578/articles.jsonl");
    std::string line;
    while (std::getline(in, line)) {
      google::protobuf::Struct a;
      if (!google::protobuf::util::JsonStringToMessage(line, &a).ok()) continue;
      ReferenceArticle article;
      article.corpus = "reuters21578";
      article.name = absl::StrCat("reuters21578:", JsonFieldString(a, "newid"));
      article.title = JsonFieldString(a, "title");
      article.dateline = JsonFieldString(a, "dateline");
      article.date = JsonFieldString(a, "date");
      article.text = JsonFieldString(a, "body");
      if (article.text.empty()) continue;
      fn(article);
      ++visited;
    }
  }
  // Files of BBC and PolNeAR, in one sorted order.
  std::vector<fs::path> files;
  for (const std::string sub : {"bbc", "polnear/train/text", "polnear/dev/text"}) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(data_dir + "/" + sub, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file() && it->path().extension() == ".txt" &&
          it->path().filename() != "README.TXT") {
        files.push_back(it->path());
      }
    }
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    ReferenceArticle article;
    article.name = fs::relative(f, data_dir).string();
    article.corpus = article.name.substr(0, article.name.find('/'));
    article.text = ReadFileBytes(f.string()).value_or("");
    if (article.text.empty() || FirstInvalidUtf8(article.text) >= 0) continue;
    fn(article);
    ++visited;
  }
  return visited;
}

}  // namespace dossier
