#include "http/json_writer.h"

#include <charconv>
#include <nlohmann/json.hpp>

#include "common/text.h"

namespace overstap::http {

JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  out_->push_back('"');
  out_->append(key);
  out_->append("\":", 2);
  need_comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view s) {
  Separate();
  Escaped(s);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Int(int64_t v) {
  Separate();
  char buf[24];
  out_->append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
  need_comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool v) { return Raw(v ? "true" : "false"); }

JsonWriter& JsonWriter::Null() { return Raw("null"); }

JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_->append(json);
  need_comma_ = true;
  return *this;
}

void JsonWriter::Escaped(std::string_view s) {
  // Most strings are plain ASCII: one pass finds the first byte that needs a closer look.
  size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
    ++i;
  }
  out_->push_back('"');
  if (i == s.size()) {
    out_->append(s);
    out_->push_back('"');
    return;
  }
  if (!IsValidUtf8(s.substr(i))) {
    out_->pop_back();
    out_->append(nlohmann::json(std::string(s))
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  size_t plain = 0;  // start of the run of bytes copied as they are
  for (; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out_->append(s.data() + plain, i - plain);
    plain = i + 1;
    switch (c) {
      case '"':
        out_->append("\\\"");
        break;
      case '\\':
        out_->append("\\\\");
        break;
      case '\b':
        out_->append("\\b");
        break;
      case '\f':
        out_->append("\\f");
        break;
      case '\n':
        out_->append("\\n");
        break;
      case '\r':
        out_->append("\\r");
        break;
      case '\t':
        out_->append("\\t");
        break;
      default: {
        const char u[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out_->append(u, sizeof u);
      }
    }
  }
  out_->append(s.data() + plain, s.size() - plain);
  out_->push_back('"');
}

}  // namespace overstap::http
