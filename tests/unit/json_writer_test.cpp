#include "http/json_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "common/date.h"
#include "http/json_codec.h"

namespace overstap::http {
namespace {

std::string Dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

std::string Written(const std::string& s) {
  std::string out;
  JsonWriter(&out).String(s);
  return out;
}

TEST(JsonWriterTest, StringsAreEscapedAsNlohmannDoes) {
  for (const std::string s :
       {std::string(""), std::string("plain"), std::string("Zoë Şahin 日本"),
        std::string("quote \" backslash \\ slash /"), std::string("\b\f\n\r\t"),
        std::string("\x01\x1f\x7f", 3), std::string("nul \0 inside", 12),
        std::string("bad \xff\xfe utf-8"), std::string("truncated \xe2\x82"),
        std::string("\xed\xa0\x80 surrogate")}) {
    EXPECT_EQ(Written(s), Dump(Json(s))) << s;
  }
}

TEST(JsonWriterTest, NestsWithCommas) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject().Key("a").BeginArray().Int(-1).Bool(true).Null().BeginObject().EndObject();
  w.BeginArray().EndArray().EndArray().Key("b").String("x").Key("c").Raw("[1]").EndObject();
  EXPECT_EQ(out, R"({"a":[-1,true,null,{},[]],"b":"x","c":[1]})");
}

domain::Person FullPerson() {
  domain::Person p;
  p.id = "b4df6fc1-fadb-4773-b84c-101a7035bd1d";
  p.version = 7;
  p.external_ids = {{"cc40dcb8-77b1-4724-a166-d828fb0053a1", "leerling \"42\""},
                    {"dd40dcb8-77b1-4724-a166-d828fb0053a1", "x"}};
  p.first_name = "Zoë\t";
  p.last_name = "O'Brien \\ \x01";
  p.birth_date = *ParseDate("2007-03-04");
  p.postcode = "1011";
  p.municipality = "GM0363";
  p.region = "AM18";
  p.situation = domain::Situation::kSchool;
  p.institution = "cc40dcb8-77b1-4724-a166-d828fb0053a1";
  p.benefit = domain::Benefit::kBijstand;
  p.level = domain::Level::kMbo2;
  p.skills = {{"0a43729f-2a79-4dae-9faa-95520daae79f", 3, false},
              {"21c5790c-0930-4d74-b3b0-84caf5af12ea", 1, false}};
  p.sectors = {"G", "Q"};
  p.support_needed = 0xFF;
  p.max_travel_km = 12;
  p.hours_per_week = 40;
  p.available_from = *ParseDate("2025-10-21");
  p.responsible_organisation = "dd40dcb8-77b1-4724-a166-d828fb0053a1";
  p.created_micros = 1795000000LL * 1000000 + 123;
  p.updated_micros = 1796000000LL * 1000000;
  return p;
}

TEST(JsonWriterTest, PersonTextEqualsTheDocument) {
  domain::Person full = FullPerson();
  domain::Person bare;  // empty strings, no optional fields, no lists
  domain::Person odd = FullPerson();
  odd.first_name = "bad \xff utf-8";
  odd.birth_date = Date{-800000};  // a year before 0: printf's form
  odd.available_from.reset();
  odd.institution.clear();
  odd.responsible_organisation.clear();
  odd.support_needed = 0b101;
  odd.created_micros = -1;
  for (const auto* p : {&full, &bare, &odd}) {
    std::string text;
    AppendJson(*p, &text);
    EXPECT_EQ(text, Dump(Encode(*p)));
  }
}

TEST(JsonWriterTest, DatesAppendAsFormatted) {
  for (int32_t d : {-800000, -719468, -1, 0, 1, 20241, 2932896, 2932897}) {
    int y;
    unsigned m, day;
    CivilFromDays(d, &y, &m, &day);
    char want[32];
    std::snprintf(want, sizeof want, "%04d-%02u-%02u", y, m, day);
    std::string out = "x";
    AppendDate(Date{d}, &out);
    EXPECT_EQ(out, "x" + std::string(want));
  }
  std::string ts;
  AppendTimestamp(1795000000LL * 1000000, &ts);
  EXPECT_EQ(ts, "2026-11-18T11:06:40Z");
}

}  // namespace
}  // namespace overstap::http
