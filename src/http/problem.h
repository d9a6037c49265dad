#pragma once
// RFC 9457 problem details: the one place where Status codes become HTTP statuses.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "domain/enums.h"
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

// A problem's `code`, for programs. ProblemCodeNames() (problem.cpp) is the only place that
// spells them; the per-field codes of `invalidParams` are another set, not among them.
enum class ProblemCode : uint8_t {
  // From a Status's code (ProblemJson; kInternal gives kInterneFout).
  kOngeldigeInvoer,
  kNietVerwerkbaar,
  kNietGevonden,
  kBestaatAl,
  kNietInDezeToestand,
  kVersieVerouderd,
  kNietAangemeld,
  kGeenToegang,
  kTeVeelVerzoeken,
  // From the transport (FramingProblem), and kInterneFout.
  kOngeldigHttpVerzoek,
  kGevouwenHeader,
  kHostOntbreekt,
  kLengteEnCodering,
  kOnbekendeLengte,
  kCodering,
  kTeGroot,
  kUrlTeLang,
  kHeadersTeGroot,
  kHttpVersie,
  kTeLaat,
  kTeVeelVerbindingen,
  kInterneFout,
  // From a refusal of the edge (HttpStatusFor(Refusal)), and a 503 from a Status.
  kMethodeNietToegestaan,
  kMediatypeNietOndersteund,
  kVerkeerdeHost,
  kVersieVereist,
  kAndereHerkomst,
  kNietGeimplementeerd,
  kNietBeschikbaar,
};

}  // namespace overstap::http

template <>
inline constexpr size_t overstap::domain::kEnumSize<overstap::http::ProblemCode> =
    static_cast<size_t>(overstap::http::ProblemCode::kNietBeschikbaar) + 1;

namespace overstap::http {

// The API value of each ProblemCode, indexed by its integer value.
const std::vector<std::string_view>& ProblemCodeNames();
inline std::string_view Name(ProblemCode v) { return domain::NameOf(v, ProblemCodeNames()); }

int HttpStatusFor(StatusCode code);
int HttpStatusFor(Refusal refusal);
ProblemCode ProblemCodeFor(Refusal refusal);
// The status of a request refused by the transport (framing, limits, deadlines, capacity).
int HttpStatusFor(FramingError error);

// The problem for a request refused by the transport, naming the limit it crossed. `instance`:
// the request's path when its head was read ("" otherwise: the problem then names "/").
Json FramingProblem(FramingError error, const ReaderLimits& limits, const std::string& instance);

// {"type","title","status","detail","instance","code","detailEngels","invalidParams":[...]}
// `invalidParams` lists each offending field: {"name","code","reason","reasonEngels"}.
Json ProblemJson(int http_status, const Status& status, const std::string& instance);

// At most this many `invalidParams` are listed; beyond it `invalidParamsTotaal` gives the count.
inline constexpr size_t kMaxInvalidParams = 100;

// A problem for HTTP-level errors that have no Status (404 route, 405, 413, 415 ...). Every
// problem has a `code` and an `instance` (the request's path; "/" when it is unknown).
Json SimpleProblem(int http_status, ProblemCode code, const std::string& detail_nl,
                   const std::string& detail_en, const std::string& instance,
                   std::vector<FieldViolation> violations = {});

}  // namespace overstap::http
