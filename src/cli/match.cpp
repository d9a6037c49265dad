// `overstap match --region CODE|--national --mode stable|optimal [--out FILE.csv]`: an allocation
// round over the register, stored like one started through the API, with a progress bar.
// `overstap match solve FILE.json`: solve a plain two-sided instance from outside the project.

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "cli/app.h"
#include "common/text.h"
#include "match/allocation.h"
#include "match/bipartite.h"
#include "service/match_service.h"
#include "service/register_service.h"
#include "service/round_service.h"

namespace overstap::cli {
namespace {

using Json = nlohmann::json;

struct Parsed {
  match::Instance instance;
  std::vector<std::string> person_ids, place_ids;
};

// Warnings about the input, on stderr: the first kMaxShown, then how many more there were.
class Warnings {
 public:
  ~Warnings() {
    if (count_ > kMaxShown)
      std::cerr << "warning: " << count_ - kMaxShown << " more warnings not shown\n";
  }
  template <typename... Parts>
  void operator()(const Parts&... parts) {
    if (++count_ <= kMaxShown) ((std::cerr << "warning: ") << ... << parts) << "\n";
  }

 private:
  static constexpr int64_t kMaxShown = 50;
  int64_t count_ = 0;
};

// Builds the instance: a pair is admissible only when each side lists the other. Anything
// else (unknown ids, a pair listed by one side only, an id listed twice, a score for a pair
// that is not admissible) is skipped with a warning on stderr.
Result<Parsed> ParseInstance(const Json& j) {
  if (!j.is_object() || !j.contains("people") || !j["people"].is_object() ||
      !j.contains("places") || !j["places"].is_object()) {
    return InvalidArgument("Verwacht {\"people\": {...}, \"places\": {...}}.",
                           "Expected {\"people\": {...}, \"places\": {...}}.");
  }
  if (j.contains("scores") && !j["scores"].is_object()) {
    return InvalidArgument("'scores' moet een object zijn.", "'scores' must be an object.");
  }
  Warnings warn;
  Parsed out;
  std::map<std::string, int32_t> person_index, place_index;
  for (auto it = j["people"].begin(); it != j["people"].end(); ++it)
    out.person_ids.push_back(it.key());
  for (auto it = j["places"].begin(); it != j["places"].end(); ++it)
    out.place_ids.push_back(it.key());
  std::sort(out.person_ids.begin(), out.person_ids.end());
  std::sort(out.place_ids.begin(), out.place_ids.end());
  for (size_t i = 0; i < out.person_ids.size(); ++i)
    person_index[out.person_ids[i]] = static_cast<int32_t>(i);
  for (size_t i = 0; i < out.place_ids.size(); ++i)
    place_index[out.place_ids[i]] = static_cast<int32_t>(i);

  auto& in = out.instance;
  in.people = static_cast<int32_t>(out.person_ids.size());
  in.places = static_cast<int32_t>(out.place_ids.size());
  in.capacity.assign(in.places, 0);
  // rank[place][person] from the place's ranking.
  std::vector<std::map<int32_t, int32_t>> rank(in.places);
  for (const auto& place_id : out.place_ids) {
    const Json& pl = j["places"][place_id];
    int32_t q = place_index[place_id];
    if (!pl.is_object() || !pl.contains("capacity") || !pl["capacity"].is_number_integer() ||
        pl["capacity"].get<int64_t>() < 0 || pl["capacity"].get<int64_t>() > 1000000000) {
      return InvalidArgument("Plek " + place_id + ": 'capacity' moet een geheel getal >= 0 zijn.",
                             "Place " + place_id + ": 'capacity' must be an integer >= 0.");
    }
    in.capacity[q] = static_cast<int32_t>(pl["capacity"].get<int64_t>());
    if (!pl.contains("ranking") || !pl["ranking"].is_array()) {
      return InvalidArgument("Plek " + place_id + ": 'ranking' ontbreekt.",
                             "Place " + place_id + ": 'ranking' is missing.");
    }
    int32_t r = 0;
    for (const auto& pid : pl["ranking"]) {
      if (!pid.is_string() || !person_index.count(pid.get<std::string>())) {
        warn("place ", place_id, " ranks unknown person ", pid.dump(), "; ignored");
        continue;
      }
      int32_t p = person_index[pid.get<std::string>()];
      if (!rank[q].emplace(p, r++).second) {
        warn("place ", place_id, " ranks ", pid.get<std::string>(), " twice; first kept");
      }
    }
  }
  const Json* scores = j.contains("scores") ? &j["scores"] : nullptr;
  // listed[q]: the people who list place q (to find the places' one-sided entries).
  std::vector<std::set<int32_t>> listed(in.places);
  in.person_begin.push_back(0);
  for (const auto& person_id : out.person_ids) {
    const Json& list = j["people"][person_id];
    if (!list.is_array()) {
      return InvalidArgument("Deelnemer " + person_id + ": verwacht een lijst van plekken.",
                             "Person " + person_id + ": expected a list of places.");
    }
    int32_t p = person_index[person_id];
    std::vector<int32_t> admissible;
    for (const auto& qid : list) {
      if (!qid.is_string() || !place_index.count(qid.get<std::string>())) {
        warn("person ", person_id, " lists unknown place ", qid.dump(), "; ignored");
        continue;
      }
      int32_t q = place_index[qid.get<std::string>()];
      if (!listed[q].insert(p).second) {
        warn("person ", person_id, " lists ", qid.get<std::string>(), " twice; first kept");
        continue;
      }
      if (!rank[q].count(p)) {
        warn("person ", person_id, " lists ", qid.get<std::string>(),
             ", which does not rank them; pair ignored");
        continue;
      }
      admissible.push_back(q);
    }
    const Json* own = scores && scores->contains(person_id) ? &(*scores)[person_id] : nullptr;
    if (own && !own->is_object()) {
      return InvalidArgument("'scores' van " + person_id + " moet een object zijn.",
                             "'scores' of " + person_id + " must be an object.");
    }
    const double n = static_cast<double>(admissible.size());
    for (size_t k = 0; k < admissible.size(); ++k) {
      int32_t q = admissible[k];
      double score = (n - static_cast<double>(k)) / n;  // from the person's ranks when no scores
      if (own && own->contains(out.place_ids[q])) {
        const Json& s = (*own)[out.place_ids[q]];
        if (!s.is_number() || s.get<double>() < 0 || s.get<double>() > 1) {
          return InvalidArgument(
              "Score van " + person_id + " voor " + out.place_ids[q] +
                  " moet tussen 0 en 1 liggen.",
              "Score of " + person_id + " for " + out.place_ids[q] + " must be in [0, 1].");
        }
        score = s.get<double>();
      }
      in.edge_place.push_back(q);
      in.edge_rank.push_back(rank[q][p]);
      in.edge_points.push_back(static_cast<int32_t>(match::ScaledScore(score)));
    }
    in.person_begin.push_back(static_cast<int64_t>(in.edge_place.size()));
    if (own) {
      const std::set<int32_t> pairs(admissible.begin(), admissible.end());
      for (auto it = own->begin(); it != own->end(); ++it) {
        auto q = place_index.find(it.key());
        if (q == place_index.end() || !pairs.count(q->second)) {
          warn("score of ", person_id, " for ", it.key(),
               " is not for an admissible pair; ignored");
        }
      }
    }
  }
  if (scores) {
    for (auto it = scores->begin(); it != scores->end(); ++it) {
      if (!person_index.count(it.key()))
        warn("scores of unknown person \"", it.key(), "\"; ignored");
    }
  }
  // The places' side of one-sided pairs: ranked people who do not list the place.
  for (int32_t q = 0; q < in.places; ++q) {
    for (const auto& [p, r] : rank[q]) {
      if (!listed[q].count(p)) {
        warn("place ", out.place_ids[q], " ranks ", out.person_ids[p],
             ", who does not list it; pair ignored");
      }
    }
  }
  return out;
}

Json ToJson(const Parsed& parsed, const match::Assignment& a) {
  std::map<std::string, std::vector<std::string>> by_place;
  for (const auto& id : parsed.place_ids) by_place[id];
  std::vector<std::string> unassigned;
  for (int32_t p = 0; p < parsed.instance.people; ++p) {
    int64_t e = a.edge_of_person[p];
    if (e < 0) {
      unassigned.push_back(parsed.person_ids[p]);
    } else {
      by_place[parsed.place_ids[parsed.instance.edge_place[e]]].push_back(parsed.person_ids[p]);
    }
  }
  Json assignment = Json::object();
  for (auto& [place, people] : by_place) {
    std::sort(people.begin(), people.end());
    assignment[place] = people;
  }
  std::sort(unassigned.begin(), unassigned.end());
  return {{"assignment", assignment}, {"unassigned", unassigned}};
}

// A CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180).
std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// One line per person: deelnemer, plek, score, reden, toelichting (Dutch text).
Status WriteOutcomesCsv(const std::string& path,
                        const std::vector<domain::RoundOutcome>& outcomes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out)
    return InvalidArgument("Kan " + path + " niet schrijven.", "Cannot write " + path + ".");
  out << "deelnemer,plek,score,reden,toelichting\r\n";
  char score[32];
  for (const auto& o : outcomes) {
    std::string text;
    if (o.reason_code.empty()) {
      for (const auto& r : o.fits) text += (text.empty() ? "" : "; ") + r.text;
      std::snprintf(score, sizeof score, "%.4f", o.score);
    } else {
      text = o.reason_text;
      score[0] = '\0';
    }
    out << o.person << ',' << o.place << ',' << score << ',' << o.reason_code << ','
        << CsvField(text) << "\r\n";
  }
  out.close();
  if (!out) return Internal("writing " + path + " failed");
  return Status::Ok();
}

// A progress bar on stderr when it is a terminal; phase changes only otherwise.
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(STDERR_FILENO) == 1) {}
  void Show(const std::string& phase, double fraction) {
    const int percent = static_cast<int>(fraction * 100);
    if (phase == phase_ && percent == percent_) return;
    if (!tty_) {
      if (phase != phase_) std::cerr << "match: " << phase << "\n";
    } else {
      constexpr int kWidth = 30;
      const int filled = std::clamp(percent * kWidth / 100, 0, kWidth);
      std::cerr << "\r[" << std::string(filled, '#') << std::string(kWidth - filled, '.') << "] "
                << percent << "% " << phase << "          " << std::flush;
    }
    phase_ = phase;
    percent_ = percent;
  }
  void Done() {
    if (tty_) std::cerr << "\n";
  }

 private:
  bool tty_;
  std::string phase_;
  int percent_ = -1;
};

struct RoundOptions {
  std::vector<std::string> regions;
  bool national = false;
  std::string mode = "stable";
  std::vector<std::string> kinds;
  int64_t seed = -1;
  bool include_placed = false;
  std::string out;
};

void RunRound(const GlobalOptions& global, const RoundOptions& opt) {
  auto fail = [](const Status& st) {
    std::cerr << "match: " << st.message_en() << "\n";
    for (const auto& v : st.violations())
      std::cerr << "  " << v.field << ": " << v.reason_en << "\n";
    throw CLI::RuntimeError(1);
  };
  if (opt.national == !opt.regions.empty()) {
    std::cerr << "match: give --region CODE (one or more) or --national\n";
    throw CLI::RuntimeError(2);
  }
  service::RoundRequest request;
  request.mode = opt.mode == "optimal" ? domain::RoundMode::kOptimal : domain::RoundMode::kStable;
  request.regions = opt.regions;
  for (const auto& k : opt.kinds) {
    auto kind = domain::ParseEnum<domain::PlaceKind>(k, domain::PlaceKindNames());
    if (!kind) throw CLI::ValidationError("--kind", "unknown kind " + k);
    request.kinds.push_back(*kind);
  }
  if (opt.seed >= 0) request.seed = opt.seed;
  request.include_placed = opt.include_placed;

  auto store = OpenAndMigrate(global, false, /*quiet=*/true);
  if (!store.ok()) fail(store.status());
  auto catalog = service::LoadCatalog(store->get());
  if (!catalog.ok()) fail(catalog.status());
  SystemClock clock;
  access::AuditLog audit(store->get());
  auto weights = MatchWeights(global);
  if (!weights.ok()) fail(weights.status());
  service::MatchService match(store->get(), *catalog, &audit, *weights);
  auto t = std::chrono::steady_clock::now();
  auto built = match.Build();
  if (!built.ok()) fail(built.status());
  const double load = std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  service::RoundService rounds(store->get(), &match, &audit, &clock);
  access::RequestContext ctx{access::SystemAdmin(), "cli", clock.NowMicros()};
  ProgressBar bar;
  auto report =
      rounds.RunNow(ctx, request, [&](const std::string& phase, double f) { bar.Show(phase, f); });
  bar.Done();
  if (!report.ok()) fail(report.status());
  const auto& r = report->round;
  const auto& tm = report->timings;
  std::printf("matchronde %s (%s, %s)\n", r.id.c_str(), std::string(domain::Name(r.mode)).c_str(),
              r.regions.empty() ? "landelijk" : Join(r.regions, ",").c_str());
  std::printf("  deelnemers %lld, plekken %lld, zetels %lld, kandidaatparen %lld (%llu bekeken)\n",
              static_cast<long long>(r.people), static_cast<long long>(r.places),
              static_cast<long long>(r.seats), static_cast<long long>(r.pairs),
              static_cast<unsigned long long>(report->pairs_examined));
  std::printf(
      "  geplaatst %lld (%.1f%%), totale score %.2f, lotingZaad %lld\n",
      static_cast<long long>(r.placed),
      r.people ? 100.0 * static_cast<double>(r.placed) / static_cast<double>(r.people) : 0.0,
      r.total_score, static_cast<long long>(r.seed));
  std::printf("  al geplaatst (buiten de ronde) %lld, bezette zetels %lld%s\n",
              static_cast<long long>(r.already_placed), static_cast<long long>(r.seats_held),
              r.certificate_prices > 0 ? (", certificaat gecontroleerd (" +
                                          std::to_string(r.certificate_prices) + " duale prijzen)")
                                             .c_str()
                                       : "");
  std::printf("  niet geplaatst per reden: %s\n", Json(r.unplaced_by_reason).dump().c_str());
  std::printf(
      "  tijd: laden %.2f s, kandidaten %.2f s (waarvan deelnemers in volgorde %.2f, paren %.2f), "
      "toewijzen %.2f s, kandidaten+toewijzen %.2f s, toelichten %.2f s, opslaan %.2f s\n",
      load, tm.candidates, tm.scope, tm.pairs, tm.solve, tm.candidates + tm.solve, tm.explain,
      tm.save);
  if (!opt.out.empty()) {
    if (Status st = WriteOutcomesCsv(opt.out, report->outcomes); !st.ok()) fail(st);
    std::printf("  uitkomsten: %s\n", opt.out.c_str());
  }
  if (Status st = audit.Flush(); !st.ok()) fail(st);
}

}  // namespace

void AddMatchCommand(CLI::App& app, GlobalOptions& global) {
  auto* cmd =
      app.add_subcommand("match", "Allocation rounds over the register, and raw instances (solve)");
  auto round = std::make_shared<RoundOptions>();
  cmd->add_option("--region", round->regions, "Arbeidsmarktregio code (AMxx); repeat for several");
  cmd->add_flag("--national", round->national, "All 35 regions");
  cmd->add_option("--mode", round->mode, "stable or optimal")
      ->check(CLI::IsMember({"stable", "optimal"}))
      ->capture_default_str();
  cmd->add_option("--kind", round->kinds,
                  "Kind of place (stage, leerbaan, baan, ...); repeat for several");
  cmd->add_option("--seed", round->seed,
                  "Seed of the tie-breaking lottery (default: from the clock)");
  cmd->add_option("--out", round->out, "Write every person's outcome to this CSV file");
  cmd->add_flag("--inclusief-geplaatsten", round->include_placed,
                "Also people with an active placement (default: left out, their seats kept)");
  cmd->require_subcommand(0, 1);
  auto* solve =
      cmd->add_subcommand("solve", "Solve a two-sided instance (JSON file) and print the result");
  auto file = std::make_shared<std::string>();
  auto mode = std::make_shared<std::string>("stable");
  auto proposing = std::make_shared<std::string>("people");
  solve->add_option("file", *file, "Instance JSON file ('-' for stdin)")->required();
  solve->add_option("--mode", *mode, "stable or optimal")
      ->check(CLI::IsMember({"stable", "optimal"}))
      ->capture_default_str();
  solve->add_option("--proposing", *proposing, "Proposing side for stable: people or places")
      ->check(CLI::IsMember({"people", "places"}))
      ->capture_default_str();
  solve->callback([file, mode, proposing] {
    Json j;
    if (*file == "-") {
      j = Json::parse(std::cin, nullptr, false);
    } else {
      std::ifstream in(*file);
      if (!in) {
        std::cerr << "match solve: cannot read " << *file << "\n";
        throw CLI::RuntimeError(1);
      }
      j = Json::parse(in, nullptr, false);
    }
    if (j.is_discarded()) {
      std::cerr << "match solve: " << *file << " is not valid JSON\n";
      throw CLI::RuntimeError(1);
    }
    auto parsed = ParseInstance(j);
    if (!parsed.ok()) {
      std::cerr << "match solve: " << parsed.status().message_en() << "\n";
      throw CLI::RuntimeError(1);
    }
    const auto& in = parsed->instance;
    match::Assignment a = *mode == "optimal"       ? match::OptimalBipartite(in)
                          : *proposing == "places" ? match::DeferredAcceptancePlaces(in)
                                                   : match::DeferredAcceptancePeople(in, 0);
    std::cout << ToJson(*parsed, a).dump(2) << "\n";
  });
  cmd->callback([&global, round, solve] {
    if (solve->parsed()) return;
    RunRound(global, *round);
  });
}

}  // namespace overstap::cli
