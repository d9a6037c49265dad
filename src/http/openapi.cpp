#include "http/server.h"

namespace overstap::http {

const Json& OpenApiDocument() {
  static const Json kDoc = {{"openapi", "3.1.0"}, {"info", {{"title", "Overstap"}, {"version", kApiVersion}}}, {"paths", Json::object()}};
  return kDoc;
}

}  // namespace overstap::http
