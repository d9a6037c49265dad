#include <iostream>

#include "cli/app.h"

namespace overstap::cli {

void AddMigrateCommand(CLI::App& app, GlobalOptions& global) {
  auto* cmd =
      app.add_subcommand("migrate", "Create or upgrade the database and load reference data");
  cmd->callback([&global] {
    auto store = OpenAndMigrate(global);
    if (!store.ok()) {
      std::cerr << "migrate: " << store.status().ToString() << "\n";
      throw CLI::RuntimeError(1);
    }
  });
}

}  // namespace overstap::cli
