#pragma once
// A page of a listing: which page to read (PageRequest) and what came back (Page<T>). Plain
// values; the cursor is opaque text the store made.

#include <string>
#include <vector>

namespace overstap::domain {

enum class SortField { kCreated, kName, kBirthDate, kCapacity };

struct PageRequest {
  SortField sort = SortField::kCreated;
  bool descending = false;
  std::string cursor;  // opaque, from a previous page; empty for the first page
  int limit = 25;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_cursor;  // empty on the last page
};

}  // namespace overstap::domain
