#include "io/csv.h"

#include <fstream>
#include <sstream>

#include "common/text.h"

namespace overstap::io {

Result<CsvTable> CsvTable::Parse(std::string_view text, char sep) {
  if (!IsValidUtf8(text)) {
    return InvalidArgument("Het bestand is geen geldige UTF-8-tekst.",
                           "The file is not valid UTF-8.");
  }
  if (StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool in_quotes = false, field_started = false;
  size_t line = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else {
          in_quotes = false;
        }
      } else {
        if (c == '\n') ++line;
        field.push_back(c);
      }
      continue;
    }
    if (c == '"' && !field_started) {
      in_quotes = true;
      field_started = true;
    } else if (c == sep) {
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      field_started = false;
      if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
      row.clear();
      ++line;
    } else {
      field.push_back(c);
      field_started = true;
    }
  }
  if (in_quotes) {
    return InvalidArgument("Niet afgesloten aanhalingsteken in regel " + std::to_string(line) + ".",
                           "Unterminated quote at line " + std::to_string(line) + ".");
  }
  if (field_started || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  if (rows.empty()) return InvalidArgument("Het bestand is leeg.", "The file is empty.");
  CsvTable t;
  t.header_ = std::move(rows[0]);
  for (size_t r = 1; r < rows.size(); ++r) {
    if (rows[r].size() != t.header_.size()) {
      return InvalidArgument(
          "Rij " + std::to_string(r + 1) + " heeft " + std::to_string(rows[r].size()) +
              " velden, de kop heeft er " + std::to_string(t.header_.size()) + ".",
          "Row " + std::to_string(r + 1) + " has " + std::to_string(rows[r].size()) +
              " fields, the header has " + std::to_string(t.header_.size()) + ".");
    }
    t.rows_.push_back(std::move(rows[r]));
  }
  return t;
}

Result<CsvTable> CsvTable::ReadFile(const std::string& path, char sep) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("Bestand niet gevonden: " + path, "File not found: " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  auto t = Parse(buf.str(), sep);
  if (!t.ok()) {
    return Status(t.status().code(), path + ": " + t.status().message_nl(),
                  path + ": " + t.status().message_en());
  }
  return t;
}

int CsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace overstap::io
