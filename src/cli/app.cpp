#include "cli/app.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "io/match_rules_file.h"
#include "io/reference_files.h"
#include "io/rules_file.h"
#include "service/follow_service.h"
#include "service/register_service.h"

namespace overstap::cli {

Result<std::unique_ptr<store::Store>> OpenAndMigrate(const GlobalOptions& options,
                                                     bool fast_bulk_load, bool quiet,
                                                     int read_connections) {
  std::filesystem::path path(options.db);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  store::SqliteOptions so;
  so.path = options.db;
  so.fast_bulk_load = fast_bulk_load;
  so.read_connections = read_connections;
  ASSIGN_OR_RETURN(auto store, store::OpenSqliteStore(so));
  std::string dir = options.reference_dir.empty() ? io::DefaultReferenceDir(options.argv0)
                                                  : options.reference_dir;
  ASSIGN_OR_RETURN(std::string summary, service::MigrateAndLoadReference(store.get(), dir));
  if (!quiet) spdlog::info("{}: {}", options.db, summary);
  return store;
}

namespace {

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return InvalidArgument("Het regelbestand is niet te lezen: " + path,
                           "Cannot read the rules file: " + path);
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<follow::RulesConfig> LoadRules(const GlobalOptions& options) {
  if (options.rules_file.empty()) return io::ParseRules(io::DefaultRulesText());
  ASSIGN_OR_RETURN(std::string text, ReadText(options.rules_file));
  return io::ParseRules(text);
}

Result<match::Weights> MatchWeights(const GlobalOptions& options) {
  match::Weights w = match::DefaultWeights();
  w.road_factor = options.road_factor;
  std::string text = io::DefaultMatchRulesText();
  if (!options.match_rules_file.empty()) {
    ASSIGN_OR_RETURN(text, ReadText(options.match_rules_file));
  }
  ASSIGN_OR_RETURN(w.work, io::ParseMatchRules(text));
  return w;
}

int Run(int argc, char** argv) {
  CLI::App app{"Overstap: samen jongeren en werkzoekenden naar passend werk, stage of leerbaan."};
  app.require_subcommand(1);
  GlobalOptions global;
  global.argv0 = argc > 0 ? argv[0] : "overstap";
  app.add_option("--db", global.db, "SQLite database file")->capture_default_str();
  app.add_option("--rules", global.rules_file,
                 "Signal rules file (JSON; default: the built-in data/rules/signaalregels.json)");
  app.add_option("--match-rules", global.match_rules_file,
                 "Matching rules file: start window, age and hours by law (JSON; default: the "
                 "built-in data/rules/matchregels.json)");
  app.add_option("--reference", global.reference_dir,
                 "Directory with the reference data (default: data/reference)");
  app.add_option("--road-factor", global.road_factor,
                 "Travel distance = great-circle distance x this factor (1: as the crow flies)")
      ->check(CLI::Range(1.0, 3.0))
      ->capture_default_str();
  AddServeCommand(app, global);
  AddMigrateCommand(app, global);
  AddDemoCommand(app, global);
  AddVersionCommand(app, global);
  AddOpenApiCommand(app, global);
  AddMatchCommand(app, global);
  AddSweepCommand(app, global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}

}  // namespace overstap::cli
