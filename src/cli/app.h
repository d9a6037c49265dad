#pragma once
// The `overstap` command line: global options and one file per subcommand.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "common/status.h"
#include "follow/signals.h"
#include "match/rules.h"
#include "store/store.h"

namespace overstap::cli {

struct GlobalOptions {
  std::string db = "var/overstap.db";
  std::string reference_dir;  // empty: io::DefaultReferenceDir
  const char* argv0 = "overstap";
  std::string rules_file;        // signal rules; empty: the file built into the binary
  std::string match_rules_file;  // matching rules; empty: the file built into the binary
  // Travel km = great-circle km x this (match/rules.h); 1: as the crow flies.
  double road_factor = match::DefaultWeights().road_factor;
};

// The matching weights with the options' road factor and the matching rules named by
// --match-rules, or the built-in ones.
Result<match::Weights> MatchWeights(const GlobalOptions& options);

// The signal rules named by --rules, or the built-in ones.
Result<follow::RulesConfig> LoadRules(const GlobalOptions& options);

// Opens the store at options.db, creating its directory, and applies migrations and
// reference data. `fast_bulk_load` is for the demo loader only.
Result<std::unique_ptr<store::Store>> OpenAndMigrate(const GlobalOptions& options,
                                                     bool fast_bulk_load = false,
                                                     bool quiet = false, int read_connections = 4);

void AddServeCommand(CLI::App& app, GlobalOptions& global);
void AddMigrateCommand(CLI::App& app, GlobalOptions& global);
void AddDemoCommand(CLI::App& app, GlobalOptions& global);
void AddVersionCommand(CLI::App& app, GlobalOptions& global);
void AddOpenApiCommand(CLI::App& app, GlobalOptions& global);
void AddMatchCommand(CLI::App& app, GlobalOptions& global);
void AddSweepCommand(CLI::App& app, GlobalOptions& global);

int Run(int argc, char** argv);

}  // namespace overstap::cli
