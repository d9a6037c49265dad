#pragma once
// RFC 9457 problem details: the one place where Status codes become HTTP statuses.

#include <string>

#include "common/status.h"
#include "http/json_codec.h"
#include "http/request_reader.h"

namespace overstap::http {

// Why the edge refuses a request before (or instead of) a use case answering it: conditions of
// HTTP itself that have no Status code.
enum class Refusal {
  kMalformed,             // 400: a bad path, query, header or body
  kForeignOrigin,         // 403: a state-changing request from another site
  kNotFound,              // 404: no such URL, or nothing can have this id or code
  kMethodNotAllowed,      // 405: the URL exists, the method does not
  kVersionMismatch,       // 412: an If-Match that can never match
  kTooLarge,              // 413
  kUnsupportedMediaType,  // 415
  kWrongHost,             // 421: the Host header names a host not served
  kVersionRequired,       // 428: If-Match is missing
  kNotImplemented,        // 501: a method the server does not know
};

int HttpStatusFor(StatusCode code);
int HttpStatusFor(Refusal refusal);
// The status of a request refused by the transport (framing, limits, deadlines, capacity).
int HttpStatusFor(FramingError error);

// The problem for a request refused by the transport, naming the limit it crossed.
Json FramingProblem(FramingError error, const ReaderLimits& limits);

// {"type","title","status","detail","instance","code","detailEngels","invalidParams":[...]}
// `invalidParams` lists each offending field: {"name","code","reason","reasonEngels"}.
Json ProblemJson(int http_status, const Status& status, const std::string& instance);

// At most this many `invalidParams` are listed; beyond it `invalidParamsTotaal` gives the count.
inline constexpr size_t kMaxInvalidParams = 100;

// A problem for HTTP-level errors that have no Status (404 route, 405, 413, 415 ...).
Json SimpleProblem(int http_status, const std::string& detail_nl, const std::string& detail_en,
                   const std::string& instance, std::vector<FieldViolation> violations = {});

}  // namespace overstap::http
