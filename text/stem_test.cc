#include "text/stem.h"

#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace dossier::text {
namespace {

TEST(StemTest, TheFormsOfAWordShareItsStem) {
  for (const char* form : {"sanction", "sanctions", "sanctioned", "sanctioning"}) {
    EXPECT_EQ(Stem(form), "sanction") << form;
  }
  EXPECT_EQ(Stem("mails"), Stem("mail"));
  EXPECT_EQ(Stem("countries"), Stem("country"));
  EXPECT_EQ(Stem("making"), Stem("make"));
  EXPECT_EQ(Stem("stopped"), Stem("stop"));
  // Words that only look alike stay apart.
  EXPECT_NE(Stem("police"), Stem("policy"));
  EXPECT_NE(Stem("news"), Stem("new"));
}

TEST(StemTest, AStemStartsWithItsTermsFirstLetter) {
  for (const char* term : {"lying", "dying", "yelling", "ycleped", "abilities", "zygotes", "eyes",
                           "united", "organization", "happily", "agreed", "skies"}) {
    const std::string stem = Stem(term);
    ASSERT_FALSE(stem.empty()) << term;
    EXPECT_EQ(stem[0], term[0]) << term << " -> " << stem;
  }
}

TEST(StemTest, ShortTermsAndTermsWithDigitsAreTheirOwnStems) {
  EXPECT_EQ(Stem("us"), "us");
  EXPECT_EQ(Stem("as"), "as");
  EXPECT_EQ(Stem("1990s"), "1990s");
  EXPECT_EQ(Stem("g8s"), "g8s");
  EXPECT_EQ(Stem(""), "");
}

TEST(StemTest, ThreadsStemAtOnce) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 2000; ++i) {
        wrong[t] += Stem(i % 2 ? "elections" : "ministries") != (i % 2 ? "elect" : "ministri");
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) EXPECT_EQ(wrong[t], 0) << t;
}

}  // namespace
}  // namespace dossier::text
