#include <iostream>

#include "cli/app.h"
#include "http/server.h"

namespace overstap::cli {

void AddOpenApiCommand(CLI::App& app, GlobalOptions&) {
  auto* cmd = app.add_subcommand("openapi", "Print the OpenAPI document of API v1");
  cmd->callback([] { std::cout << http::OpenApiDocument().dump(2) << "\n"; });
}

}  // namespace overstap::cli
