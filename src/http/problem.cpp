#include "http/problem.h"

#include <optional>

#include "domain/name_table.h"

namespace overstap::http {
namespace {

const char* TitleFor(int status) {
  switch (status) {
    case 400:
      return "Ongeldige invoer";
    case 401:
      return "Niet aangemeld";
    case 403:
      return "Geen toegang";
    case 404:
      return "Niet gevonden";
    case 405:
      return "Methode niet toegestaan";
    case 408:
      return "Verzoek duurde te lang";
    case 406:
      return "Niet aanvaardbaar";
    case 409:
      return "Conflict";
    case 412:
      return "Versie klopt niet";
    case 413:
      return "Verzoek te groot";
    case 414:
      return "URI te lang";
    case 415:
      return "Mediatype niet ondersteund";
    case 421:
      return "Verkeerde host";
    case 422:
      return "Invoer niet te verwerken";
    case 428:
      return "Versie vereist";
    case 429:
      return "Te veel verzoeken";
    case 431:
      return "Headers te groot";
    case 500:
      return "Interne fout";
    case 501:
      return "Niet geïmplementeerd";
    case 503:
      return "Dienst niet beschikbaar";
    case 505:
      return "HTTP-versie niet ondersteund";
    default:
      return "Fout";
  }
}

// The code of a problem made from a Status; none for kOk, which never makes a problem.
std::optional<ProblemCode> ProblemCodeFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return std::nullopt;
    case StatusCode::kInvalidArgument:
      return ProblemCode::kOngeldigeInvoer;
    case StatusCode::kUnprocessable:
      return ProblemCode::kNietVerwerkbaar;
    case StatusCode::kNotFound:
      return ProblemCode::kNietGevonden;
    case StatusCode::kAlreadyExists:
      return ProblemCode::kBestaatAl;
    case StatusCode::kFailedPrecondition:
      return ProblemCode::kNietInDezeToestand;
    case StatusCode::kAborted:
      return ProblemCode::kVersieVerouderd;
    case StatusCode::kUnauthenticated:
      return ProblemCode::kNietAangemeld;
    case StatusCode::kPermissionDenied:
      return ProblemCode::kGeenToegang;
    case StatusCode::kResourceExhausted:
      return ProblemCode::kTeVeelVerzoeken;
    case StatusCode::kUnavailable:
      return ProblemCode::kNietBeschikbaar;
    case StatusCode::kInternal:
      return ProblemCode::kInterneFout;
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string_view>& ProblemCodeNames() {
  static constexpr std::string_view kNames[] = {"ongeldigeInvoer",
                                                "nietVerwerkbaar",
                                                "nietGevonden",
                                                "bestaatAl",
                                                "nietInDezeToestand",
                                                "versieVerouderd",
                                                "nietAangemeld",
                                                "geenToegang",
                                                "teVeelVerzoeken",
                                                "ongeldigHttpVerzoek",
                                                "gevouwenHeader",
                                                "hostOntbreekt",
                                                "lengteEnCodering",
                                                "onbekendeLengte",
                                                "codering",
                                                "teGroot",
                                                "urlTeLang",
                                                "headersTeGroot",
                                                "httpVersie",
                                                "teLaat",
                                                "teVeelVerbindingen",
                                                "interneFout",
                                                "methodeNietToegestaan",
                                                "mediatypeNietOndersteund",
                                                "verkeerdeHost",
                                                "versieVereist",
                                                "andereHerkomst",
                                                "nietGeimplementeerd",
                                                "nietBeschikbaar"};
  return domain::NameTable<ProblemCode>(kNames);
}

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kUnprocessable:
      return 422;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kFailedPrecondition:
      return 409;
    case StatusCode::kAborted:
      return 412;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

int HttpStatusFor(Refusal refusal) {
  switch (refusal) {
    case Refusal::kMalformed:
      return 400;
    case Refusal::kForeignOrigin:
      return 403;
    case Refusal::kNotFound:
      return 404;
    case Refusal::kMethodNotAllowed:
      return 405;
    case Refusal::kVersionMismatch:
      return 412;
    case Refusal::kTooLarge:
      return 413;
    case Refusal::kUnsupportedMediaType:
      return 415;
    case Refusal::kWrongHost:
      return 421;
    case Refusal::kVersionRequired:
      return 428;
    case Refusal::kNotImplemented:
      return 501;
  }
  return 400;
}

ProblemCode ProblemCodeFor(Refusal refusal) {
  switch (refusal) {
    case Refusal::kMalformed:
      return ProblemCode::kOngeldigeInvoer;
    case Refusal::kForeignOrigin:
      return ProblemCode::kAndereHerkomst;
    case Refusal::kNotFound:
      return ProblemCode::kNietGevonden;
    case Refusal::kMethodNotAllowed:
      return ProblemCode::kMethodeNietToegestaan;
    case Refusal::kVersionMismatch:
      return ProblemCode::kVersieVerouderd;
    case Refusal::kTooLarge:
      return ProblemCode::kTeGroot;
    case Refusal::kUnsupportedMediaType:
      return ProblemCode::kMediatypeNietOndersteund;
    case Refusal::kWrongHost:
      return ProblemCode::kVerkeerdeHost;
    case Refusal::kVersionRequired:
      return ProblemCode::kVersieVereist;
    case Refusal::kNotImplemented:
      return ProblemCode::kNietGeimplementeerd;
  }
  return ProblemCode::kOngeldigeInvoer;
}

int HttpStatusFor(FramingError error) {
  switch (error) {
    case FramingError::kNone:
      return 200;
    case FramingError::kMalformed:
    case FramingError::kObsFold:
    case FramingError::kHost:
    case FramingError::kContentLengthAndTe:
    case FramingError::kTransferEncoding:
      return 400;
    case FramingError::kTimeout:
      return 408;
    case FramingError::kBodyTooLarge:
    case FramingError::kFramingTooLarge:
      return 413;
    case FramingError::kUriTooLong:
      return 414;
    case FramingError::kHeadTooLarge:
      return 431;
    case FramingError::kInternal:
      return 500;
    case FramingError::kUnsupportedCoding:
      return 501;
    case FramingError::kTooManyConnections:
      return 503;
    case FramingError::kVersion:
      return 505;
  }
  return 400;
}

Json FramingProblem(FramingError error, const ReaderLimits& limits, const std::string& instance) {
  auto kib = [](size_t bytes) { return std::to_string(bytes / 1024) + " KiB"; };
  std::string nl, en;
  ProblemCode code = ProblemCode::kOngeldigHttpVerzoek;
  switch (error) {
    case FramingError::kNone:
    case FramingError::kMalformed:
      code = ProblemCode::kOngeldigHttpVerzoek;
      nl = "Het verzoek is geen geldig HTTP/1.1-verzoek.";
      en = "The request is not valid HTTP/1.1.";
      break;
    case FramingError::kObsFold:
      code = ProblemCode::kGevouwenHeader;
      nl = "Een headerregel begint met een spatie of tab (obs-fold); dat wordt niet aanvaard.";
      en = "A header line starts with a space or tab (obs-fold), which is not accepted.";
      break;
    case FramingError::kHost:
      code = ProblemCode::kHostOntbreekt;
      nl = "Een HTTP/1.1-verzoek heeft precies één Host-header.";
      en = "An HTTP/1.1 request has exactly one Host header.";
      break;
    case FramingError::kContentLengthAndTe:
      code = ProblemCode::kLengteEnCodering;
      nl = "Content-Length en Transfer-Encoding samen worden niet aanvaard.";
      en = "Content-Length together with Transfer-Encoding is not accepted.";
      break;
    case FramingError::kTransferEncoding:
      code = ProblemCode::kOnbekendeLengte;
      nl = "De laatste Transfer-Encoding is niet 'chunked': de lengte van de inhoud is onbekend.";
      en = "The final Transfer-Encoding is not 'chunked': the body's length is unknown.";
      break;
    case FramingError::kUnsupportedCoding:
      code = ProblemCode::kCodering;
      nl = "Alleen Transfer-Encoding: chunked wordt ondersteund.";
      en = "Only Transfer-Encoding: chunked is supported.";
      break;
    case FramingError::kBodyTooLarge:
      code = ProblemCode::kTeGroot;
      nl = "De inhoud is te groot (maximaal " + kib(limits.max_body_bytes) + ").";
      en = "The body is too large (at most " + kib(limits.max_body_bytes) + ").";
      break;
    case FramingError::kFramingTooLarge:
      code = ProblemCode::kTeGroot;
      nl = "Chunk-extensies en trailers zijn samen te groot (maximaal " +
           kib(limits.max_framing_bytes) + ").";
      en = "Chunk extensions and trailers are too large (at most " + kib(limits.max_framing_bytes) +
           ").";
      break;
    case FramingError::kUriTooLong:
      code = ProblemCode::kUrlTeLang;
      nl = "De verzoekregel is te lang (maximaal " + kib(limits.max_request_line) + ").";
      en = "The request line is too long (at most " + kib(limits.max_request_line) + ").";
      break;
    case FramingError::kHeadTooLarge:
      code = ProblemCode::kHeadersTeGroot;
      nl = "De headers zijn te groot (maximaal " + kib(limits.max_header_bytes) + ").";
      en = "The request headers are too large (at most " + kib(limits.max_header_bytes) + ").";
      break;
    case FramingError::kVersion:
      code = ProblemCode::kHttpVersie;
      nl = "Alleen HTTP/1.1 en HTTP/1.0 worden ondersteund.";
      en = "Only HTTP/1.1 and HTTP/1.0 are supported.";
      break;
    case FramingError::kTimeout:
      code = ProblemCode::kTeLaat;
      nl = "Het verzoek kwam niet op tijd binnen.";
      en = "The request did not arrive in time.";
      break;
    case FramingError::kTooManyConnections:
      code = ProblemCode::kTeVeelVerbindingen;
      nl = "De server heeft te veel open verbindingen; probeer het zo weer.";
      en = "The server has too many open connections; try again shortly.";
      break;
    case FramingError::kInternal:
      code = ProblemCode::kInterneFout;
      nl = "Er ging iets mis aan onze kant.";
      en = "Something went wrong on our side.";
      break;
  }
  return SimpleProblem(HttpStatusFor(error), code, nl, en, instance);
}

Json SimpleProblem(int http_status, ProblemCode code, const std::string& detail_nl,
                   const std::string& detail_en, const std::string& instance,
                   std::vector<FieldViolation> violations) {
  Json j = {{"type", "about:blank"},
            {"title", TitleFor(http_status)},
            {"status", http_status},
            {"detail", detail_nl},
            {"detailEngels", detail_en},
            {"instance", instance.empty() ? std::string("/") : instance},
            {"code", std::string(Name(code))}};
  if (!violations.empty()) {
    Json params = Json::array();
    if (violations.size() > kMaxInvalidParams) {
      j["invalidParamsTotaal"] = violations.size();
      violations.resize(kMaxInvalidParams);
    }
    for (const auto& v : violations) {
      params.push_back({{"name", v.field},
                        {"code", v.code},
                        {"reason", v.reason_nl},
                        {"reasonEngels", v.reason_en}});
    }
    j["invalidParams"] = std::move(params);
  }
  return j;
}

Json ProblemJson(int http_status, const Status& status, const std::string& instance) {
  // Internal details never leave the server.
  const ProblemCode code = ProblemCodeFor(status.code()).value_or(ProblemCode::kInterneFout);
  if (http_status >= 500) {
    return SimpleProblem(http_status, code, status.message_nl(),
                         http_status == 503 ? "The service is temporarily unavailable."
                                            : "Something went wrong on our side.",
                         instance);
  }
  return SimpleProblem(http_status, code, status.message_nl(), status.message_en(), instance,
                       status.violations());
}

}  // namespace overstap::http
