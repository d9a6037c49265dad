#include "io/csv.h"

#include <gtest/gtest.h>

namespace overstap::io {
namespace {

TEST(CsvTest, QuotesEscapesAndNewlines) {
  auto t = CsvTable::Parse("a,b,c\r\n1,\"x, \"\"y\"\"\",\"line1\nline2\"\n\n2,,3");
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows().size(), 2u);
  EXPECT_EQ(t->rows()[0][1], "x, \"y\"");
  EXPECT_EQ(t->rows()[0][2], "line1\nline2");
  EXPECT_EQ(t->rows()[1][1], "");
  EXPECT_EQ(t->Column("c"), 2);
  EXPECT_EQ(t->Column("d"), -1);
}

TEST(CsvTest, RejectsMalformedInput) {
  EXPECT_FALSE(CsvTable::Parse("a,b\n1,2,3\n").ok());
  EXPECT_FALSE(CsvTable::Parse("a,b\n\"open,2\n").ok());
  EXPECT_FALSE(CsvTable::Parse("a\n\xff\n").ok());
  EXPECT_FALSE(CsvTable::Parse("").ok());
}

TEST(CsvTest, StripsByteOrderMark) {
  auto t = CsvTable::Parse("\xEF\xBB\xBFpc4\n1011\n");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->header()[0], "pc4");
}

}  // namespace
}  // namespace overstap::io
