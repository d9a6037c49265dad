#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "common/date.h"
#include "common/geo.h"
#include "common/ids.h"
#include "common/parallel.h"
#include "common/radix_sort.h"
#include "common/status.h"
#include "common/text.h"

namespace overstap {
namespace {

TEST(DateTest, ParsesOnlyRealCalendarDays) {
  EXPECT_TRUE(ParseDate("2024-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-29"));
  EXPECT_FALSE(ParseDate("2023-02-30"));
  EXPECT_FALSE(ParseDate("2023-13-01"));
  EXPECT_FALSE(ParseDate("2023-1-01"));
  EXPECT_FALSE(ParseDate("23-01-01"));
  EXPECT_FALSE(ParseDate("2023-01-01T00:00:00Z"));
  EXPECT_FALSE(ParseDate(""));
  EXPECT_EQ(ParseDate("1970-01-01")->days, 0);
}

TEST(DateTest, RoundTripsAndComputesAge) {
  for (int32_t d = -20000; d < 30000; d += 37) {
    auto parsed = ParseDate(FormatDate(Date{d}));
    ASSERT_TRUE(parsed) << FormatDate(Date{d});
    EXPECT_EQ(parsed->days, d);
  }
  Date birth = *ParseDate("2008-11-24");
  EXPECT_EQ(AgeOn(birth, *ParseDate("2026-11-23")), 17);
  EXPECT_EQ(AgeOn(birth, *ParseDate("2026-11-24")), 18);
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(1795000000LL * 1000000), "2026-11-18T11:06:40Z");
}

TEST(TextTest, Utf8Validation) {
  EXPECT_TRUE(IsValidUtf8("Zoë Şahin"));
  EXPECT_FALSE(IsValidUtf8("\xff\xfe"));
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("abc\xe2\x82"));       // truncated
  EXPECT_EQ(Utf8Length("Zoë"), 3u);
}

TEST(TextTest, FoldsForSearch) {
  EXPECT_EQ(FoldForSearch("Inspiciënt"), "inspicient");
  EXPECT_EQ(FoldForSearch("ÉCOLE"), "ecole");
}

TEST(TextTest, FoldNameFoldsCaseDiacriticsAndSpaces) {
  EXPECT_EQ(FoldName("Şahin"), "sahin");
  EXPECT_EQ(FoldName("ÇELİK"), "celik");
  EXPECT_EQ(FoldName("Öztürk-Ağaoğlu"), "ozturk-agaoglu");
  EXPECT_EQ(FoldName("Wałęsa"), "walesa");
  EXPECT_EQ(FoldName("Ĳzerman"), "ijzerman");
  EXPECT_EQ(FoldName("Strauß"), "strauss");
  EXPECT_EQ(FoldName("Æbelø"), "aebelo");
  EXPECT_EQ(FoldName("Zoe\xCC\x88"), "zoe");  // e + combining diaeresis
  EXPECT_EQ(FoldName("  van  \t't   Hof "), "van 't hof");
  EXPECT_EQ(FoldName("van \xE2\x80\x99t"), "van 't");  // typographic apostrophe
  EXPECT_EQ(FoldName("Nguyễn"), "nguyễn");             // beyond Latin Extended-A: kept as written
  EXPECT_EQ(FoldName(""), "");
  // Folded names compare byte-wise in Dutch order.
  EXPECT_LT(FoldName("Bakker"), FoldName("Boer"));
  EXPECT_LT(FoldName("Boer"), FoldName("Şahin"));
  EXPECT_LT(FoldName("Şahin"), FoldName("Veen"));
}

TEST(TextTest, Base64UrlRoundTrip) {
  std::string raw = std::string("a\x1f\x00zz\xff", 6);
  std::string out;
  ASSERT_TRUE(Base64UrlDecode(Base64UrlEncode(raw), &out));
  EXPECT_EQ(out, raw);
  EXPECT_FALSE(Base64UrlDecode("not/base64+", &out));
}

TEST(IdsTest, UuidsAreV4AndUnique) {
  RandomIdGenerator gen;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = gen.NewUuid();
    EXPECT_TRUE(IsUuid(id));
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(seen.insert(id).second);
  }
  SeededIdGenerator a(7), b(7);
  EXPECT_EQ(a.NewUuid(), b.NewUuid());
  EXPECT_FALSE(IsUuid("not-a-uuid"));
  EXPECT_FALSE(IsUuid("0005c151-5b5a-4a66-8aac-60e734beb1a"));
}

TEST(IdsTest, TimeUuidsAreV7AndSortByTime) {
  RandomIdGenerator gen;
  // RFC 9562 appendix A.6's example time: 2022-02-22 19:22:22 UTC = 0x017F22E279B0 ms.
  const int64_t example = 0x017F22E279B0LL * 1000;
  std::string id = gen.NewTimeUuid(example);
  ASSERT_TRUE(IsUuid(id));
  EXPECT_EQ(id.substr(0, 13), "017f22e2-79b0");
  EXPECT_EQ(id[14], '7');
  EXPECT_NE(std::string("89ab").find(id[19]), std::string::npos);  // the RFC 9562 variant
  // Later (by a microsecond or more, within one millisecond or across) sorts later.
  std::string previous;
  for (int64_t t = example; t < example + 5000; t += 7) {
    std::string next = gen.NewTimeUuid(t);
    if (!previous.empty()) {
      EXPECT_LT(previous.substr(0, 18), next.substr(0, 18)) << t;
    }
    previous = next;
  }
  SeededIdGenerator a(7), b(7);
  EXPECT_EQ(a.NewTimeUuid(example), b.NewTimeUuid(example));
  EXPECT_NE(gen.NewTimeUuid(example), gen.NewTimeUuid(example));
}

TEST(GeoTest, DistanceAmsterdamUtrecht) {
  double km = DistanceKm({52.3731, 4.8922}, {52.0907, 5.1214});
  EXPECT_NEAR(km, 35.0, 1.5);
  EXPECT_DOUBLE_EQ(DistanceKm({52, 5}, {52, 5}), 0.0);
}

Result<int> Half(int x) {
  if (x % 2) return InvalidArgument("oneven", "odd");
  return x / 2;
}
Result<int> Quarter(int x) {
  ASSIGN_OR_RETURN(int h, Half(x));
  ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

// Parts of unequal and tiny sizes, an odd number of them, many ties, a comparator.
TEST(ParallelTest, ParallelSortIsStdSort) {
  std::mt19937_64 rng(5);
  for (size_t n :
       {size_t{0}, size_t{1}, size_t{1000}, size_t{65536 * 2 + 7}, size_t{65536 * 5 + 3}}) {
    for (int threads : {1, 2, 3, 5}) {
      std::vector<std::pair<uint32_t, uint32_t>> v(n);
      for (size_t i = 0; i < n; ++i)
        v[i] = {static_cast<uint32_t>(rng() % 1000), static_cast<uint32_t>(i)};
      auto want = v;
      std::sort(want.begin(), want.end());
      ParallelSort(v.begin(), v.end(), threads);
      ASSERT_EQ(v, want) << n << " " << threads;
      auto by_first = [](const auto& a, const auto& b) { return a.first > b.first; };
      ParallelSort(v.begin(), v.end(), threads, by_first);
      ASSERT_TRUE(std::is_sorted(v.begin(), v.end(), by_first)) << n << " " << threads;
    }
  }
}

// Stable, as std::stable_sort: keys over every bit width, keys that differ only in high bits
// (the passes over constant digits skipped), all equal, an odd number of passes, tiny arrays.
TEST(ParallelTest, ParallelRadixSortIsStableSort) {
  std::mt19937_64 rng(11);
  struct Item {
    uint64_t key;
    uint32_t at;
    bool operator==(const Item& o) const { return key == o.key && at == o.at; }
  };
  const std::vector<std::pair<uint64_t, int>> shapes = {
      // (mask of the random bits, shift)
      {0, 0},     {1, 0},    {0x3ff, 0}, {0xfffff, 0}, {~uint64_t{0}, 0},
      {0xff, 40}, {0x7, 61}, {0xfff, 5}};
  for (size_t n : {size_t{0}, size_t{1}, size_t{2}, size_t{1000}, size_t{65536 * 3 + 11}}) {
    for (const auto& [mask, shift] : shapes) {
      for (int threads : {1, 2, 3}) {
        HugeVector<Item> v(n);
        for (size_t i = 0; i < n; ++i)
          v[i] = {(rng() & mask) << shift | 0x100000000ULL, static_cast<uint32_t>(i)};
        std::vector<Item> want(v.begin(), v.end());
        std::stable_sort(want.begin(), want.end(),
                         [](const Item& a, const Item& b) { return a.key < b.key; });
        ParallelRadixSort(
            &v, [](const Item& x) { return x.key; }, threads);
        ASSERT_TRUE(std::equal(v.begin(), v.end(), want.begin(), want.end()))
            << n << " items, mask " << mask << " << " << shift << ", " << threads << " threads";
      }
    }
  }
}

// Every item exactly once, in chunks no larger than asked, each inside one lane, also when the
// thread of the first lane stalls.
TEST(ParallelTest, ParallelLanesCoversEachItemOnce) {
  for (size_t n : {size_t{0}, size_t{1}, size_t{5}, size_t{1000}, size_t{4099}}) {
    for (int threads : {1, 2, 3, 5}) {
      for (size_t chunk : {size_t{1}, size_t{7}, size_t{256}}) {
        std::vector<std::atomic<int>> seen(n);
        std::atomic<bool> bad{false};
        ParallelLanes(n, chunk, threads, [&](size_t b, size_t e) {
          if (b >= e || e - b > chunk || e > n) bad = true;
          // A chunk never crosses a lane's end.
          for (int k = 1; k < threads; ++k) {
            const size_t edge = n * static_cast<size_t>(k) / static_cast<size_t>(threads);
            if (b < edge && e > edge) bad = true;
          }
          if (b == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
          for (size_t i = b; i < e; ++i) seen[i].fetch_add(1);
        });
        EXPECT_FALSE(bad) << n << " " << threads << " " << chunk;
        for (size_t i = 0; i < n; ++i)
          ASSERT_EQ(seen[i].load(), 1) << i << " of " << n << ", " << threads << " threads";
      }
    }
  }
}

TEST(StatusTest, MacrosPropagate) {
  EXPECT_EQ(*Quarter(8), 2);
  auto bad = Quarter(6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(bad.status().message_en(), "odd");
}

}  // namespace
}  // namespace overstap
