#include "http/problem.h"

namespace overstap::http {
namespace {

const char* TitleFor(int status) {
  switch (status) {
    case 400: return "Ongeldige invoer";
    case 401: return "Niet aangemeld";
    case 403: return "Geen toegang";
    case 404: return "Niet gevonden";
    case 405: return "Methode niet toegestaan";
    case 406: return "Niet aanvaardbaar";
    case 409: return "Conflict";
    case 412: return "Versie klopt niet";
    case 413: return "Verzoek te groot";
    case 414: return "URI te lang";
    case 415: return "Mediatype niet ondersteund";
    case 422: return "Invoer niet te verwerken";
    case 428: return "Versie vereist";
    case 429: return "Te veel verzoeken";
    case 500: return "Interne fout";
    case 501: return "Niet geïmplementeerd";
    case 503: return "Dienst niet beschikbaar";
    default: return "Fout";
  }
}

const char* ProblemCode(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return "ok";
    case StatusCode::kInvalidArgument: return "ongeldigeInvoer";
    case StatusCode::kUnprocessable: return "nietVerwerkbaar";
    case StatusCode::kNotFound: return "nietGevonden";
    case StatusCode::kAlreadyExists: return "bestaatAl";
    case StatusCode::kFailedPrecondition: return "nietInDezeToestand";
    case StatusCode::kAborted: return "versieVerouderd";
    case StatusCode::kUnauthenticated: return "nietAangemeld";
    case StatusCode::kPermissionDenied: return "geenToegang";
    case StatusCode::kResourceExhausted: return "teVeelVerzoeken";
    case StatusCode::kUnavailable: return "nietBeschikbaar";
    case StatusCode::kInternal: return "interneFout";
  }
  return "fout";
}

}  // namespace

int HttpStatusFor(StatusCode code) {
  switch (code) {
    case StatusCode::kOk: return 200;
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kUnprocessable: return 422;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kAborted: return 412;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kInternal: return 500;
  }
  return 500;
}

Json SimpleProblem(int http_status, const std::string& detail_nl, const std::string& detail_en,
                   const std::string& instance, std::vector<FieldViolation> violations) {
  Json j = {{"type", "about:blank"},
            {"title", TitleFor(http_status)},
            {"status", http_status},
            {"detail", detail_nl},
            {"detailEngels", detail_en},
            {"instance", instance}};
  if (!violations.empty()) {
    Json params = Json::array();
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
  if (http_status >= 500) {
    return SimpleProblem(http_status, status.message_nl(),
                         http_status == 503 ? "The service is temporarily unavailable."
                                            : "Something went wrong on our side.",
                         instance);
  }
  Json j = SimpleProblem(http_status, status.message_nl(), status.message_en(), instance,
                         status.violations());
  j["code"] = ProblemCode(status.code());
  return j;
}

}  // namespace overstap::http
