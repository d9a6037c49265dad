#pragma once
// Calendar dates as days since 1970-01-01 (proleptic Gregorian), and timestamps as RFC 3339.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace overstap {

// A calendar date. Value type; ordered; `days` may be negative (before 1970).
struct Date {
  int32_t days = 0;
  auto operator<=>(const Date&) const = default;
};

int32_t DaysFromCivil(int year, unsigned month, unsigned day);
void CivilFromDays(int32_t days, int* year, unsigned* month, unsigned* day);

// Parses exactly "YYYY-MM-DD" with a real calendar day (no 2023-02-30); nullopt otherwise.
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date date);
// "10 december 2026": a date as a Dutch sentence writes it.
std::string FormatDateDutch(Date date);
// FormatDate(date) appended to *out.
void AppendDate(Date date, std::string* out);

// Today's date in UTC for a timestamp in microseconds since the epoch.
Date DateFromMicros(int64_t micros);

// RFC 3339 UTC timestamp with second precision: "2026-11-23T19:50:00Z".
std::string FormatTimestamp(int64_t micros);
// FormatTimestamp(micros) appended to *out.
void AppendTimestamp(int64_t micros, std::string* out);

// Whole years between `birth` and `on` (age on a date).
int AgeOn(Date birth, Date on);

}  // namespace overstap
