// The API's own description.

#include "common/text.h"
#include "http/handler_util.h"
#include "http/handlers/handlers.h"

namespace overstap::http::handlers {

void OpenApi(Exchange& ex, const Services&) {
  if (!NoQuery(ex)) return;
  ex.res.status = 200;
  ex.res.set_content(OpenApiDocument().dump(2), "application/json");
}

}  // namespace overstap::http::handlers
