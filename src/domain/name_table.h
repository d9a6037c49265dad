#pragma once
// For the .cpp files that define name tables (enums.cpp, explanation.cpp, http/problem.cpp):
// the table of an enumeration E as a vector, checked against kEnumSize<E> (domain/enums.h).

#include <cstddef>
#include <string_view>
#include <vector>

#include "domain/enums.h"

namespace overstap::domain {

// The name table of E, made once from `names` (indexed by E's integer value); a table with a
// name too many or too few for E's enumerators does not compile. One table per E.
template <typename E, size_t N>
const std::vector<std::string_view>& NameTable(const std::string_view (&names)[N]) {
  static_assert(N == kEnumSize<E>, "the name table must name every enumerator, in order");
  static const std::vector<std::string_view> kTable(names, names + N);
  return kTable;
}

}  // namespace overstap::domain
