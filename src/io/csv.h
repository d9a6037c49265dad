#pragma once
// A strict RFC 4180 CSV reader: quoted fields with "" escapes and embedded newlines, a header
// row, UTF-8 checked. Reads a whole file or string; rows are vectors of fields.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/status.h"

namespace overstap::io {

class CsvTable {
 public:
  // Parses `text`; kInvalidArgument names the line of the first malformed row.
  static Result<CsvTable> Parse(std::string_view text, char sep = ',');
  static Result<CsvTable> ReadFile(const std::string& path, char sep = ',');

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<std::vector<std::string>>& rows() const { return rows_; }
  // Column index by header name; -1 when absent.
  int Column(std::string_view name) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace overstap::io
