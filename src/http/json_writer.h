#pragma once
// JsonWriter: appends compact JSON text to a std::string without building a document first.
// Used for the responses served most often (a person, a page of records), where building an
// nlohmann::json object and then serialising it cost more than the database read.
//
// The text is byte for byte what nlohmann::json::dump(-1, ' ', false, error_handler_t::replace)
// gives for the same document, provided the caller writes an object's members in nlohmann's
// order (sorted by key, as its std::map keeps them): strings are UTF-8 with '"', '\\' and
// control characters escaped (\b \f \n \r \t, others as \u00xx); a string that is not valid
// UTF-8 is written by nlohmann itself, which replaces the bad bytes with U+FFFD.
// json_codec_test checks the equivalence for the records written this way.
//
// Not thread-safe (one writer per response). The caller balances Begin/End; no checks.

#include <cstdint>
#include <string>
#include <string_view>

namespace overstap::http {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  // The member name, written as it is: plain ASCII with nothing to escape (the names are
  // ours, not the user's). The next call writes its value.
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view s);
  JsonWriter& Int(int64_t v);
  JsonWriter& Bool(bool v);
  JsonWriter& Null();
  // Text that is already one complete JSON value.
  JsonWriter& Raw(std::string_view json);

 private:
  void Separate() {
    if (need_comma_) out_->push_back(',');
  }
  JsonWriter& Open(char c) {
    Separate();
    out_->push_back(c);
    need_comma_ = false;
    return *this;
  }
  JsonWriter& Close(char c) {
    out_->push_back(c);
    need_comma_ = true;
    return *this;
  }
  void Escaped(std::string_view s);

  std::string* out_;
  bool need_comma_ = false;
};

}  // namespace overstap::http
