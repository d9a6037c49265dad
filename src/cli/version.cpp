#include <iostream>

#include "cli/app.h"
#include "http/server.h"

namespace overstap::cli {

void AddVersionCommand(CLI::App& app, GlobalOptions&) {
  auto* cmd = app.add_subcommand("version", "Print the program and API version");
  cmd->callback([] {
    std::cout << "overstap " << OVERSTAP_VERSION << " (API " << http::kApiVersion << ")\n";
  });
}

}  // namespace overstap::cli
