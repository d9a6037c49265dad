#include "common/date.h"

#include <cstdio>

namespace overstap {

// Howard Hinnant's days_from_civil / civil_from_days.
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

void CivilFromDays(int32_t z, int* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2);
}

static bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

std::optional<Date> ParseDate(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n, int* out) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (t[i] < '0' || t[i] > '9') return false;
      v = v * 10 + (t[i] - '0');
    }
    *out = v;
    return true;
  };
  int y = 0, m = 0, d = 0;
  if (!digits(0, 4, &y) || !digits(5, 2, &m) || !digits(8, 2, &d)) return std::nullopt;
  if (y < 1900 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int max_day = kDays[m - 1] + (m == 2 && IsLeap(y) ? 1 : 0);
  if (d > max_day) return std::nullopt;
  return Date{DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d))};
}

namespace {

// Two digits of 0..99.
void Append2(unsigned v, std::string* out) {
  const char d[] = {static_cast<char>('0' + v / 10), static_cast<char>('0' + v % 10)};
  out->append(d, 2);
}

}  // namespace

void AppendDate(Date date, std::string* out) {
  int y;
  unsigned m, d;
  CivilFromDays(date.days, &y, &m, &d);
  if (y < 0 || y > 9999) {  // rare: keep printf's form ("-001", "10000")
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
    out->append(buf);
    return;
  }
  Append2(static_cast<unsigned>(y) / 100, out);
  Append2(static_cast<unsigned>(y) % 100, out);
  out->push_back('-');
  Append2(m, out);
  out->push_back('-');
  Append2(d, out);
}

std::string FormatDate(Date date) {
  std::string out;
  AppendDate(date, &out);
  return out;
}

std::string FormatDateDutch(Date date) {
  static constexpr const char* kMonths[] = {"januari",   "februari", "maart",    "april",
                                            "mei",       "juni",     "juli",     "augustus",
                                            "september", "oktober",  "november", "december"};
  int y;
  unsigned m, d;
  CivilFromDays(date.days, &y, &m, &d);
  return std::to_string(d) + " " + kMonths[m - 1] + " " + std::to_string(y);
}

Date DateFromMicros(int64_t micros) {
  int64_t days = micros / 86400000000LL;
  if (micros < 0 && micros % 86400000000LL != 0) --days;
  return Date{static_cast<int32_t>(days)};
}

void AppendTimestamp(int64_t micros, std::string* out) {
  Date date = DateFromMicros(micros);
  int64_t secs_of_day = micros / 1000000 - static_cast<int64_t>(date.days) * 86400;
  AppendDate(date, out);
  out->push_back('T');
  Append2(static_cast<unsigned>(secs_of_day / 3600), out);
  out->push_back(':');
  Append2(static_cast<unsigned>(secs_of_day / 60 % 60), out);
  out->push_back(':');
  Append2(static_cast<unsigned>(secs_of_day % 60), out);
  out->push_back('Z');
}

std::string FormatTimestamp(int64_t micros) {
  std::string out;
  AppendTimestamp(micros, &out);
  return out;
}

int AgeOn(Date birth, Date on) {
  int by, oy;
  unsigned bm, bd, om, od;
  CivilFromDays(birth.days, &by, &bm, &bd);
  CivilFromDays(on.days, &oy, &om, &od);
  int age = oy - by;
  if (om < bm || (om == bm && od < bd)) --age;
  return age;
}

}  // namespace overstap
