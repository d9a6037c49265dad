#pragma once
// What the handlers (http/handlers/*.cpp) share: strict query parameters, ETag/If-Match, id
// checks and the replies for records, lists and single items.

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/ids.h"
#include "common/status.h"
#include "domain/enums.h"
#include "domain/names.h"
#include "domain/page.h"
#include "http/json_codec.h"
#include "http/json_writer.h"
#include "http/server.h"
#include "service/register_service.h"

namespace overstap::http {

inline constexpr int kDefaultPageSize = 25;
inline constexpr int kMaxPageSize = 100;

// Reads query parameters strictly: unknown keys, repeated keys and bad values are errors,
// collected as FieldViolations; Ok() replies 400 with all of them.
class Query {
 public:
  Query(const Exchange& ex, const std::vector<std::string>& allowed);

  // The value, "" when absent.
  std::string Str(const char* key) const;
  // An integer in [lo, hi]; `fallback` when absent or bad (a bad one is a violation).
  int Int(const char* key, int fallback, int lo, int hi);
  // One of `names`; nullopt when absent or unknown (an unknown one is a violation).
  template <typename E>
  std::optional<E> Enum(const char* key, const std::vector<std::string_view>& names) {
    std::string s = Str(key);
    if (s.empty()) return std::nullopt;
    auto e = domain::ParseEnum<E>(s, names);
    if (!e) UnknownValue(key, names);
    return e;
  }
  // A reference code filter (regio, gemeente, sector) that must exist.
  std::string Code(const char* key, bool exists);
  // An id filter (organisatie, deelnemer) that must be a UUID.
  std::string Id(const char* key);
  // true or false; nullopt when absent or bad (a bad one is a violation).
  std::optional<bool> Bool(const char* key);
  // A text filter of at most `max_chars` characters that is not blank when given.
  std::string Text(const char* key, size_t max_chars);
  // aantal, cursor and sorteer (one of `sorts`, '-' for descending).
  domain::PageRequest Page(std::initializer_list<std::pair<const char*, domain::SortField>> sorts);

  void Add(std::string name, std::string code, std::string nl, std::string en);

  // Replies 400 and returns false when any parameter was bad.
  bool Ok(Exchange& ex);

 private:
  void UnknownValue(const char* key, const std::vector<std::string_view>& names);

  const Exchange& ex_;
  std::vector<FieldViolation> violations_;
};

std::string ETag(int64_t version);

// The version named by If-Match; replies 428/412/400 and returns nullopt when absent, weak or
// malformed.
std::optional<int64_t> RequireIfMatch(Exchange& ex);

// Routes that take no query parameters refuse any: replies 400 and returns false.
bool NoQuery(Exchange& ex);

// Replies 404 and returns false when `id` is not a UUID (nothing can have it).
bool ValidId(Exchange& ex, const std::string& id);

// The same status with each violation's field renamed (a body whose names differ from the
// record's).
Status RenameFields(const Status& st, std::string (*rename)(const std::string&));

// A record's JSON text: written directly for people (the most read resource), through the
// document for the rest; the same text either way.
template <typename T>
void AppendRecord(const T& record, std::string* out) {
  out->append(Encode(record).dump(-1, ' ', false, Json::error_handler_t::replace));
}
inline void AppendRecord(const domain::Person& person, std::string* out) {
  AppendJson(person, out);
}

// A versioned record with its ETag.
template <typename T>
void ReplyRecord(Exchange& ex, int status, const T& record) {
  ex.res.set_header("ETag", ETag(record.version));
  std::string body;
  AppendRecord(record, &body);
  ex.ReplyJson(status, std::move(body));
}

// Sets the Link header to the next page of `path` with the same query.
void LinkNextPage(Exchange& ex, const std::string& path, const std::string& next_cursor);

// Appends ,"weergave":{...} (the display fields that are not empty) into the JSON object that
// ends `out`.
void AppendDisplay(const domain::DisplayNames& names, std::string* out);

// A page of a collection: {"resultaten": [...], "volgende": cursor | null} plus a Link header
// to the next page with the same query. With `names` (one per item), each item carries its
// display fields as "weergave".
template <typename T>
void ReplyList(Exchange& ex, const std::string& path, const domain::Page<T>& page,
               const std::vector<domain::DisplayNames>* names = nullptr) {
  // The members in the order Encode's documents have.
  std::string body = "{\"resultaten\":[";
  for (size_t i = 0; i < page.items.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendRecord(page.items[i], &body);
    if (names && i < names->size()) AppendDisplay((*names)[i], &body);
  }
  body.append("],\"volgende\":");
  if (page.next_cursor.empty()) {
    body.append("null");
  } else {
    JsonWriter(&body).String(page.next_cursor);
  }
  body.push_back('}');
  if (!page.next_cursor.empty()) LinkNextPage(ex, path, page.next_cursor);
  ex.ReplyJson(200, std::move(body));
}

// ReplyList with the display fields of every item (RegisterService::Display: one batch read).
template <typename T>
void ReplyShownList(Exchange& ex, const Services& s, const std::string& path,
                    const domain::Page<T>& page) {
  if (s.reg == nullptr) return ReplyList(ex, path, page);
  auto names = s.reg->Display(ex.ctx, page.items);
  if (!names.ok()) return ex.Problem(names.status());
  ReplyList(ex, path, page, &*names);
}

// GET <collection>/{id} for a record without a version.
template <typename T, typename Get>
void ReplyOne(Exchange& ex, const Get& get) {
  if (!NoQuery(ex)) return;
  const std::string& id = ex.params.Get("id");
  if (!ValidId(ex, id)) return;
  Result<T> found = get(id);
  if (!found.ok()) return ex.Problem(found.status());
  ex.Reply(200, Encode(*found));
}

}  // namespace overstap::http
