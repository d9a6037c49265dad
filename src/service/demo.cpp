#include "service/demo.h"

#include <algorithm>
#include <array>
#include <map>
#include <random>
#include <thread>

#include "common/date.h"
#include "common/ids.h"
#include "domain/follow.h"
#include "follow/timeline.h"

namespace overstap::service {
namespace {

using domain::Benefit;
using domain::Level;
using domain::OrganisationKind;
using domain::PlaceKind;
using domain::Situation;
using domain::Support;
using domain::SupportBit;

const std::array<const char*, 60> kFirstNames = {
    "Daan",   "Sem",     "Noah",     "Lucas", "Levi",  "Finn",  "Milan",  "Jesse",  "Bram",
    "Luuk",   "Thijs",   "Mohammed", "Adam",  "Ryan",  "Stijn", "Ruben",  "Tim",    "Lars",
    "Thomas", "Kevin",   "Yusuf",    "Omar",  "Dylan", "Mees",  "Sven",   "Jayden", "Gijs",
    "Koen",   "Niels",   "Hamza",    "Emma",  "Julia", "Mila",  "Sophie", "Tess",   "Zoë",
    "Sara",   "Eva",     "Anna",     "Lotte", "Fenna", "Lisa",  "Noor",   "Fatima", "Yasmin",
    "Amira",  "Sanne",   "Femke",    "Iris",  "Britt", "Demi",  "Kim",    "Naomi",  "Esmee",
    "Romy",   "Shanice", "Chantal",  "Ayla",  "Nina",  "Maud"};
const std::array<const char*, 60> kLastNames = {
    "de Jong",         "Jansen",       "de Vries",      "van den Berg", "van Dijk",
    "Bakker",          "Janssen",      "Visser",        "Smit",         "Meijer",
    "de Boer",         "Mulder",       "de Groot",      "Bos",          "Vos",
    "Peters",          "Hendriks",     "van Leeuwen",   "Dekker",       "Brouwer",
    "de Wit",          "Dijkstra",     "Smits",         "de Graaf",     "van der Meer",
    "van der Linden",  "Kok",          "Jacobs",        "de Haan",      "Vermeulen",
    "van den Heuvel",  "van der Veen", "van den Broek", "de Bruijn",    "de Bruin",
    "van der Heijden", "Schouten",     "van Beek",      "Willems",      "van Vliet",
    "van de Ven",      "Hoekstra",     "Maas",          "Verhoeven",    "Koster",
    "van Dam",         "Yilmaz",       "Kaya",          "El Amrani",    "Bouali",
    "Ouali",           "Demir",        "Şahin",         "Pinas",        "Martina",
    "Nguyen",          "Kowalski",     "Nowak",         "Haddou",       "Tahiri"};

// People's surnames as Dutch registers keep them: the tussenvoegsel apart from the achternaam.
const std::array<std::pair<const char*, const char*>, 64> kSurnames = {
    {{"de", "Jong"},       {"", "Jansen"},        {"de", "Vries"},       {"van den", "Berg"},
     {"van", "Dijk"},      {"", "Bakker"},        {"", "Janssen"},       {"", "Visser"},
     {"", "Smit"},         {"", "Meijer"},        {"de", "Boer"},        {"", "Mulder"},
     {"de", "Groot"},      {"", "Bos"},           {"", "Vos"},           {"", "Peters"},
     {"", "Hendriks"},     {"van", "Leeuwen"},    {"", "Dekker"},        {"", "Brouwer"},
     {"de", "Wit"},        {"", "Dijkstra"},      {"", "Smits"},         {"de", "Graaf"},
     {"van der", "Meer"},  {"van der", "Linden"}, {"", "Kok"},           {"", "Jacobs"},
     {"de", "Haan"},       {"", "Vermeulen"},     {"van den", "Heuvel"}, {"van der", "Veen"},
     {"van den", "Broek"}, {"de", "Bruijn"},      {"de", "Bruin"},       {"van der", "Heijden"},
     {"", "Schouten"},     {"van", "Beek"},       {"", "Willems"},       {"van", "Vliet"},
     {"van de", "Ven"},    {"", "Hoekstra"},      {"", "Maas"},          {"", "Verhoeven"},
     {"", "Koster"},       {"van", "Dam"},        {"", "Yilmaz"},        {"", "Kaya"},
     {"", "El Amrani"},    {"", "Bouali"},        {"", "Ouali"},         {"", "Demir"},
     {"", "Şahin"},        {"", "Pinas"},         {"", "Martina"},       {"", "Nguyen"},
     {"", "Kowalski"},     {"", "Nowak"},         {"", "Haddou"},        {"", "Tahiri"},
     {"van 't", "Hof"},    {"in 't", "Veld"},     {"ter", "Horst"},      {"", "IJzerman"}}};

// ISCO-08 sub-major group -> SBI 2025 section for entry-level occupations (a documented,
// hand-made mapping for demo data only).
const std::map<std::string, std::string>& IscoToSector() {
  static const std::map<std::string, std::string> kSectorOf = {
      {"32", "R"}, {"34", "R"}, {"41", "O"}, {"42", "O"}, {"43", "O"}, {"44", "O"}, {"51", "I"},
      {"52", "G"}, {"53", "R"}, {"54", "P"}, {"61", "A"}, {"62", "A"}, {"71", "F"}, {"72", "C"},
      {"73", "C"}, {"74", "F"}, {"75", "C"}, {"81", "C"}, {"82", "C"}, {"83", "H"}, {"91", "O"},
      {"92", "A"}, {"93", "H"}, {"94", "I"}, {"95", "G"}, {"96", "E"}};
  return kSectorOf;
}

const std::map<std::string, std::vector<const char*>>& EmployerNouns() {
  static const std::map<std::string, std::vector<const char*>> kNouns = {
      {"A", {"Kwekerij", "Hoveniersbedrijf", "Melkveebedrijf"}},
      {"C", {"Metaalbewerking", "Bakkerij", "Verpakkingsbedrijf", "Meubelmakerij"}},
      {"E", {"Afvalverwerking", "Recyclingbedrijf"}},
      {"F", {"Bouwbedrijf", "Installatietechniek", "Schildersbedrijf", "Elektrotechniek"}},
      {"G", {"Supermarkt", "Bouwmarkt", "Groothandel", "Fietsenwinkel"}},
      {"H", {"Transport", "Logistiek", "Koeriersdienst"}},
      {"I", {"Restaurant", "Hotel", "Lunchroom", "Catering"}},
      {"O", {"Schoonmaakbedrijf", "Facilitair Bedrijf", "Administratiekantoor"}},
      {"P", {"Beveiliging", "Gemeentewerf"}},
      {"R", {"Zorgcentrum", "Thuiszorg", "Kinderopvang", "Woonzorg"}},
  };
  return kNouns;
}

// Occupations in use per sector grow with the density of places (places per postcode area,
// scaled to the whole country), so a person finds fitting places within reach at every scale,
// a few in the small default demo. (What sets the ~50 of the benchmark set is the travel reach
// below: more occupations per sector barely lower it.)
size_t OccupationsPerSector(double national_places) {
  return static_cast<size_t>(std::clamp<double>(std::round(national_places / 6250), 1, 48));
}

struct OccupationInfo {
  const domain::Occupation* occupation;
  std::string sector;
  std::vector<std::string> essential, optional;
  size_t essential_nl = 0;  // of the first 4 essential skills, those with a Dutch label
  size_t optional_nl = 0;   // the first optional skills that have a Dutch label
};

class Generator {
 public:
  Generator(const domain::Catalog& catalog, const DemoOptions& options)
      : cat_(catalog),
        opt_(options),
        rng_(options.seed),
        ids_(options.seed ^ 0x9e3779b97f4a7c15ULL) {
    today_ = DateFromMicros(options.now_micros);
    for (const auto& p : cat_.data().pc4s) {
      const auto* m = cat_.FindMunicipality(p.municipality);
      if (!m || (!opt_.region.empty() && m->region != opt_.region)) continue;
      pc4s_.push_back(&p);
      pc4s_by_region_[m->region].push_back(&p);
    }
    for (const auto& o : cat_.data().occupations) {
      if (o.isco_code.size() < 2) continue;
      auto it = IscoToSector().find(o.isco_code.substr(0, 2));
      if (it == IscoToSector().end()) continue;
      OccupationInfo info{&o, it->second, {}, {}};
      for (const auto* rel : cat_.SkillsOf(o.id)) {
        (rel->essential ? info.essential : info.optional).push_back(rel->skill);
      }
      // People and places draw from the front of these lists: skills with a Dutch label first,
      // so what a professional reads is Dutch wherever the reference data allows.
      auto dutch = [&](const std::string& id) {
        const auto* skill = cat_.FindSkill(id);
        return skill && domain::HasDutchLabel(*skill);
      };
      info.essential_nl = std::min<size_t>(
          4, static_cast<size_t>(
                 std::stable_partition(info.essential.begin(), info.essential.end(), dutch) -
                 info.essential.begin()));
      info.optional_nl = static_cast<size_t>(
          std::stable_partition(info.optional.begin(), info.optional.end(), dutch) -
          info.optional.begin());
      if (info.essential.size() < 3) continue;
      occupations_by_sector_[info.sector].push_back(occupations_.size());
      occupations_.push_back(std::move(info));
    }
    // A region's labour market revolves around a limited set of occupations per sector; drawing
    // people's skills and places' requirements from the same few per sector gives the overlap
    // real registers have (and the matching something to find).
    for (auto& [sector, list] : occupations_by_sector_) {
      // Occupations whose first essential skills (the ones drawn) have Dutch labels first.
      std::sort(list.begin(), list.end(), [&](size_t a, size_t b) {
        const size_t da = occupations_[a].essential_nl, db = occupations_[b].essential_nl;
        if (da != db) return da > db;
        return occupations_[a].occupation->esco_code < occupations_[b].occupation->esco_code;
      });
      const double national = static_cast<double>(opt_.places) *
                              static_cast<double>(cat_.data().pc4s.size()) /
                              static_cast<double>(std::max<size_t>(1, pc4s_.size()));
      if (list.size() > OccupationsPerSector(national)) list.resize(OccupationsPerSector(national));
    }
    for (const auto& [sector, list] : occupations_by_sector_) sectors_.push_back(sector);
    // Each region has its own demand: a multiplier per sector in [0.25, 1.75].
    for (const auto& [region, list] : pc4s_by_region_) {
      for (const auto& s : sectors_) region_sector_weight_[region][s] = 0.25 + Uniform() * 1.5;
    }
  }

  bool Valid() const { return !pc4s_.empty() && !occupations_.empty(); }

  std::vector<domain::Organisation> MakeOrganisations() {
    std::vector<domain::Organisation> orgs;
    auto add = [&](std::string name, OrganisationKind kind, const domain::Pc4* pc4,
                   const std::string& region) {
      domain::Organisation o;
      o.id = ids_.NewUuid();
      o.version = 1;
      o.name = std::move(name);
      o.kind = kind;
      o.municipality = pc4 ? pc4->municipality : "";
      o.region = region;
      o.created_micros = o.updated_micros = opt_.now_micros;
      orgs.push_back(o);
      return orgs.size() - 1;
    };
    for (const auto& m : cat_.data().municipalities) {
      if (!opt_.region.empty() && m.region != opt_.region) continue;
      gemeente_org_[m.code] =
          add("Gemeente " + m.name, OrganisationKind::kGemeente, nullptr, m.region);
      orgs.back().municipality = m.code;
    }
    for (const auto& [region, pc4s] : pc4s_by_region_) {
      const auto* r = cat_.FindRegion(region);
      auto& s = schools_[region];
      auto town = [&, &pc4s = pc4s] {
        return cat_.FindMunicipality(Pick(pc4s)->municipality)->name;
      };
      for (int i = 0; i < 2; ++i) {
        const auto* p = Pick(pc4s);
        s.pro.push_back(add(
            "Praktijkschool " + cat_.FindMunicipality(p->municipality)->name + (i ? " Noord" : ""),
            OrganisationKind::kPraktijkonderwijs, p, region));
      }
      for (int i = 0; i < 2; ++i) {
        const auto* p = Pick(pc4s);
        s.vso.push_back(add("VSO De Brug " + cat_.FindMunicipality(p->municipality)->name,
                            OrganisationKind::kVso, p, region));
      }
      for (int i = 0; i < 2; ++i) {
        const auto* p = Pick(pc4s);
        s.mbo.push_back(add(std::string(i ? "Vakcollege " : "ROC ") + r->name,
                            OrganisationKind::kMbo, p, region));
      }
      s.uwv = add("UWV " + r->name, OrganisationKind::kUwv, Pick(pc4s), region);
      add("Werkgeversservicepunt " + r->name, OrganisationKind::kWerkgeversservicepunt, Pick(pc4s),
          region);
      add("Zorggroep " + town(), OrganisationKind::kZorgaanbieder, Pick(pc4s), region);
    }
    // Employers: about one per four places, placed by population and the region's sector mix.
    int64_t employers = std::max<int64_t>(1, opt_.places / 4);
    for (int64_t i = 0; i < employers; ++i) {
      const auto* p = Pick(pc4s_);
      const std::string& region = cat_.FindMunicipality(p->municipality)->region;
      std::string sector = WeightedSector(region);
      const auto& nouns =
          EmployerNouns().count(sector) ? EmployerNouns().at(sector) : EmployerNouns().at("O");
      std::string name = std::string(nouns[Below(nouns.size())]) + " " +
                         kLastNames[Below(kLastNames.size())] + " " +
                         cat_.FindMunicipality(p->municipality)->name;
      size_t idx = add(name, OrganisationKind::kWerkgever, p, region);
      employers_.push_back({idx, p, sector});
    }
    orgs_ = &orgs;
    return orgs;
  }

  domain::Person MakePerson(std::vector<domain::Event>* timeline,
                            std::vector<std::pair<std::string, domain::FollowState>>* states,
                            int64_t n, const std::vector<domain::Organisation>& orgs) {
    domain::Person p;
    p.id = ids_.NewUuid();
    p.version = 1;
    p.created_micros = p.updated_micros = opt_.now_micros;
    const auto* pc4 = Pick(pc4s_);
    const auto* m = cat_.FindMunicipality(pc4->municipality);
    p.postcode = pc4->code;
    p.municipality = m->code;
    p.region = m->region;
    p.first_name = kFirstNames[Below(kFirstNames.size())];
    const auto& [surname_prefix, last_name] = kSurnames[Below(kSurnames.size())];
    p.surname_prefix = surname_prefix;
    p.last_name = last_name;
    const auto& s = schools_[m->region];
    double g = Uniform();
    int min_age, max_age, skill_max;
    std::string institution;
    if (g < 0.08) {  // praktijkonderwijs
      min_age = 12, max_age = 18, skill_max = 2;
      p.situation = Situation::kSchool;
      p.level = Level::kPro;
      institution = orgs[Pick(s.pro)].id;
      p.support_needed = Maybe(0.45, Support::kStructuur) | Maybe(0.3, Support::kJobcoach) |
                         Maybe(0.15, Support::kVasteBegeleider) | Maybe(0.1, Support::kVervoer);
    } else if (g < 0.18) {  // vso
      min_age = 12, max_age = 20, skill_max = 2;
      p.situation = Situation::kSchool;
      double t = Uniform();
      p.level = t < 0.5    ? Level::kVsoArbeidsmarkt
                : t < 0.75 ? Level::kVsoDagbesteding
                           : Level::kVsoVervolgonderwijs;
      institution = orgs[Pick(s.vso)].id;
      p.support_needed = Maybe(0.5, Support::kStructuur) | Maybe(0.35, Support::kPrikkelarm) |
                         Maybe(0.4, Support::kJobcoach) |
                         Maybe(0.15, Support::kFysiekToegankelijk) |
                         Maybe(0.25, Support::kAangepasteUren) | Maybe(0.2, Support::kVervoer);
    } else if (g < 0.60) {  // mbo; a quarter BBL
      min_age = 16, max_age = 25, skill_max = 3;
      p.situation = Uniform() < 0.25 ? Situation::kSchoolEnWerk : Situation::kSchool;
      double t = Uniform();
      p.level = t < 0.2    ? Level::kEntree
                : t < 0.65 ? Level::kMbo2
                : t < 0.9  ? Level::kMbo3
                           : Level::kMbo4;
      institution = orgs[Pick(s.mbo)].id;
      p.support_needed = Maybe(0.1, Support::kStructuur) | Maybe(0.05, Support::kJobcoach) |
                         Maybe(0.08, Support::kTaalondersteuning);
    } else {  // job seekers
      min_age = 18, max_age = 62, skill_max = 3;
      double t = Uniform();
      if (t < 0.10) {
        p.situation = Situation::kGeen;  // uit beeld: no school, work or benefit
      } else {
        p.situation = Situation::kUitkering;
        p.benefit = t < 0.45 ? Benefit::kWw : t < 0.9 ? Benefit::kBijstand : Benefit::kWajong;
      }
      double l = Uniform();
      p.level = l < 0.2    ? Level::kGeen
                : l < 0.3  ? Level::kEntree
                : l < 0.6  ? Level::kMbo2
                : l < 0.8  ? Level::kMbo3
                : l < 0.9  ? Level::kMbo4
                : l < 0.97 ? Level::kHavoVwo
                           : Level::kHbo;
      if (p.benefit == Benefit::kWajong) {
        max_age = 40;
        p.support_needed = Maybe(0.6, Support::kJobcoach) | Maybe(0.4, Support::kStructuur) |
                           Maybe(0.3, Support::kAangepasteUren) |
                           Maybe(0.2, Support::kFysiekToegankelijk);
      } else {
        p.support_needed = Maybe(0.25, Support::kTaalondersteuning) |
                           Maybe(0.08, Support::kJobcoach) | Maybe(0.1, Support::kAangepasteUren);
      }
      if (p.benefit == Benefit::kBijstand || p.situation == Situation::kGeen) {
        p.responsible_organisation = orgs[gemeente_org_[m->code]].id;
      } else {
        p.responsible_organisation = orgs[s.uwv].id;
      }
    }
    int age = min_age + static_cast<int>(Below(static_cast<size_t>(max_age - min_age) + 1));
    p.birth_date = Date{today_.days - age * 365 - static_cast<int32_t>(Below(365))};
    if (AgeOn(p.birth_date, today_) < min_age) p.birth_date.days -= 2;
    if (!institution.empty()) {
      p.institution = institution;
      p.external_ids.push_back({institution, "LLN" + std::to_string(100000 + n)});
      if (p.responsible_organisation.empty()) p.responsible_organisation = institution;
    }
    // Skills and interests from a target occupation in a sector the region has.
    const auto& occ = occupations_[Pick(occupations_by_sector_[WeightedSector(p.region)])];
    // Mostly the occupation's essential skills (the ones places ask for), some optional ones.
    size_t n_skills = 3 + Below(4);
    std::vector<std::string> pool(
        occ.essential.begin(), occ.essential.begin() + static_cast<std::ptrdiff_t>(std::min<size_t>(
                                                           occ.essential.size(), 4)));
    for (size_t i = 0; i < 3 && i < occ.optional.size(); ++i)
      pool.push_back(
          occ.optional[Below(occ.optional_nl > 0 ? occ.optional_nl : occ.optional.size())]);
    std::sort(pool.begin(), pool.end());
    pool.erase(std::unique(pool.begin(), pool.end()), pool.end());
    for (size_t i = 0; i < n_skills && i < pool.size(); ++i) {
      size_t j = i + Below(std::min<size_t>(pool.size() - i, 3));
      std::swap(pool[i], pool[j]);
      p.skills.push_back({pool[i], 1 + static_cast<int>(Below(static_cast<size_t>(skill_max)))});
    }
    p.sectors.push_back(occ.sector);
    if (Uniform() < 0.4) {
      std::string other = sectors_[Below(sectors_.size())];
      if (other != occ.sector) p.sectors.push_back(other);
    }
    std::sort(p.sectors.begin(), p.sectors.end());
    bool pupil = p.level == Level::kPro || p.level == Level::kVsoArbeidsmarkt ||
                 p.level == Level::kVsoDagbesteding || p.level == Level::kVsoVervolgonderwijs;
    // Vulnerable young people rarely travel far: pupils 4-11 km, others 8-22 km. With these
    // reaches the 1M people x 300k places set has about 50 feasible places per person, as the
    // matching benchmark's instance is specified (docs/matching.md).
    p.max_travel_km = pupil ? 4 + static_cast<int>(Below(8)) : 8 + static_cast<int>(Below(15));
    p.hours_per_week =
        pupil ? 8 + 4 * static_cast<int>(Below(5)) : 16 + 4 * static_cast<int>(Below(7));
    if (Uniform() < 0.85) p.available_from = Date{today_.days + static_cast<int32_t>(Below(270))};
    MakeTimeline(&p, orgs, orgs[s.uwv].id, timeline, states);
    return p;
  }

  // A plausible history for `p` (see docs/keep-in-view.md): enrolments, placements (some
  // stopped early), benefit periods, contacts and big-5 plans, with a share of school leavers
  // and job seekers out of view. Adjusts p's situation to agree with it.
  void MakeTimeline(domain::Person* p, const std::vector<domain::Organisation>& orgs,
                    const std::string& uwv, std::vector<domain::Event>* out,
                    std::vector<std::pair<std::string, domain::FollowState>>* states) {
    using domain::EventKind;
    constexpr int64_t kDay = 86'400'000'000;
    std::vector<domain::Event> events;
    auto add = [&](EventKind kind, int days_ago, const std::string& org) -> domain::Event& {
      domain::Event e;
      e.person = p->id;
      e.kind = kind;
      e.fact_micros =
          (today_.days - days_ago) * kDay + static_cast<int64_t>(Below(10) + 8) * 3'600'000'000LL;
      e.fact_micros = std::min(e.fact_micros, opt_.now_micros);
      e.recorded_micros =
          std::min(opt_.now_micros, e.fact_micros + static_cast<int64_t>(Below(3)) * kDay);
      e.id = ids_.NewTimeUuid(e.recorded_micros);
      e.actor = "demo";
      e.organisation = org;
      events.push_back(std::move(e));
      return events.back();
    };
    std::string employer = orgs[employers_[Below(employers_.size())].org].id;
    // A learn-work route (bbl) holds a seat at a leerbaan of the region, where there is one.
    std::string held_place;
    if (p->situation == Situation::kSchoolEnWerk) {
      const auto& leerbanen = leerbanen_[p->region];
      if (!leerbanen.empty()) {
        const auto& [place, org] = leerbanen[Below(leerbanen.size())];
        held_place = place;
        employer = org;
      }
    }
    const std::string responsible = p->responsible_organisation;
    int last_seen = 400;  // days ago
    if (!p->institution.empty()) {
      const int enrolled = 30 + static_cast<int>(Below(900));
      add(EventKind::kEnrolmentStarted, enrolled, p->institution);
      if (Uniform() < 0.7)
        add(EventKind::kConsentGiven, enrolled, p->institution).text = "begeleiding naar werk";
      if (p->situation == Situation::kSchoolEnWerk) {
        auto& placed = add(EventKind::kPlacementStarted, std::min(enrolled, 200), employer);
        placed.until = Date{today_.days + 100 + static_cast<int32_t>(Below(300))};
        placed.place = held_place;
      } else if (Uniform() < 0.10) {  // an internship that stopped early
        const int started = 60 + static_cast<int>(Below(100));
        add(EventKind::kPlacementStarted, started, employer).until = Date{today_.days + 60};
        add(EventKind::kPlacementEnded, static_cast<int>(Below(50)) + 5, employer).reason =
            "voortijdig";
      }
      if (Uniform() < 0.06) {  // left school without a diploma
        const int left = 10 + static_cast<int>(Below(110));
        if (p->situation == Situation::kSchoolEnWerk)
          add(EventKind::kPlacementEnded, left, employer).reason = "ontslag";
        add(EventKind::kEnrolmentEnded, left, p->institution).reason = "zonderDiploma";
        p->situation = Situation::kGeen;
        last_seen = left;
      } else {
        last_seen = 0;
      }
    } else if (p->benefit != Benefit::kGeen) {
      const std::string agency = p->benefit == Benefit::kBijstand ? responsible : uwv;
      add(EventKind::kBenefitStarted, 30 + static_cast<int>(Below(700)), agency).benefit =
          p->benefit;
      last_seen = 0;
    } else {  // a job seeker with nothing: their last job ended a while ago
      last_seen = 20 + static_cast<int>(Below(200));
      const int started = last_seen + 60 + static_cast<int>(Below(300));
      add(EventKind::kPlacementStarted, started, employer);
      add(EventKind::kPlacementEnded, last_seen, employer).reason = "afgerond";
    }
    // Contacts: most people recently; those out of view not since they were last seen.
    const int contacts = static_cast<int>(Below(4));
    for (int i = 0; i < contacts; ++i) {
      int ago = static_cast<int>(Below(120));
      if (p->situation == Situation::kGeen && Uniform() < 0.6)
        ago = last_seen + static_cast<int>(Below(60));
      auto& c = add(EventKind::kContact, ago, responsible);
      c.contact = static_cast<domain::ContactKind>(Below(4));
    }
    // A big-5 plan for about a third: mostly in order, some attention, a few worries.
    if (Uniform() < 0.33) {
      for (int d = 0; d < domain::kBig5Domains; ++d) {
        if (Uniform() < 0.3) continue;
        auto& b = add(EventKind::kBig5Changed, static_cast<int>(Below(180)), "");
        b.domain = static_cast<domain::Big5Domain>(d);
        double u = Uniform();
        b.big5_status = u < 0.6   ? domain::Big5Status::kOpOrde
                        : u < 0.9 ? domain::Big5Status::kAandacht
                                  : domain::Big5Status::kZorg;
        if (b.big5_status == domain::Big5Status::kOpOrde || Uniform() < 0.9)
          b.organisation = responsible;
        if (b.big5_status != domain::Big5Status::kOpOrde) {
          b.text = "Samen werken aan " + std::string(domain::DisplayName(b.domain));
          b.until = Date{today_.days - 30 + static_cast<int32_t>(Below(150))};
        }
      }
    }
    // They entered the register with their first recorded fact.
    for (const auto& e : events) p->created_micros = std::min(p->created_micros, e.fact_micros);
    p->updated_micros = p->created_micros;
    for (auto& e : events) e.seq = ++event_seq_;
    states->emplace_back(p->id, follow::Fold(events));
    for (auto& e : events) out->push_back(std::move(e));
  }

  domain::Place MakePlace(const std::vector<domain::Organisation>& orgs) {
    domain::Place p;
    p.id = ids_.NewUuid();
    p.version = 1;
    p.created_micros = p.updated_micros = opt_.now_micros;
    const auto& e = employers_[Below(employers_.size())];
    p.organisation = orgs[e.org].id;
    const auto* m = cat_.FindMunicipality(e.pc4->municipality);
    p.postcode = e.pc4->code;
    p.municipality = m->code;
    p.region = m->region;
    p.sector = e.sector;
    const auto& list = occupations_by_sector_[e.sector];
    const auto& occ = occupations_[Pick(list)];
    p.occupation = occ.occupation->id;
    double k = Uniform();
    p.kind = k < 0.40   ? PlaceKind::kStage
             : k < 0.60 ? PlaceKind::kLeerbaan
             : k < 0.85 ? PlaceKind::kBaan
             : k < 0.92 ? PlaceKind::kProefplaats
             : k < 0.96 ? PlaceKind::kBeschutWerk
                        : PlaceKind::kDagbesteding;
    static constexpr const char* kKindWord[] = {"Stage",       "Leerbaan (BBL)", "Vacature",
                                                "Proefplaats", "Beschut werk",   "Dagbesteding"};
    p.title = std::string(kKindWord[static_cast<int>(p.kind)]) + " " + occ.occupation->label_nl;
    if (p.title.size() > domain::kMaxTitleLength) p.title.resize(domain::kMaxTitleLength);
    switch (p.kind) {
      case PlaceKind::kStage: {
        static const Level kLevels[] = {Level::kGeen,   Level::kPro,  Level::kVsoArbeidsmarkt,
                                        Level::kEntree, Level::kMbo2, Level::kMbo3};
        p.minimum_level = kLevels[Below(6)];
        p.capacity = 1 + static_cast<int>(Below(3));
        break;
      }
      case PlaceKind::kLeerbaan:
        p.minimum_level = Uniform() < 0.6 ? Level::kMbo2 : Level::kMbo3;
        p.capacity = 1 + static_cast<int>(Below(2));
        break;
      case PlaceKind::kBaan:
        p.minimum_level = Uniform() < 0.5 ? Level::kGeen : Level::kEntree;
        p.capacity = 1 + static_cast<int>(Below(2));
        break;
      default:
        p.minimum_level = Level::kGeen;
        p.capacity = 1 + static_cast<int>(Below(4));
    }
    p.recognised_training_company =
        (p.kind == PlaceKind::kStage || p.kind == PlaceKind::kLeerbaan) && Uniform() < 0.85;
    size_t n_req = 1 + Below(2);
    for (size_t i = 0; i < n_req && i < occ.essential.size(); ++i) {
      // Entry-level places teach a good part of what they ask.
      p.required_skills.push_back(
          {occ.essential[Below(std::min<size_t>(occ.essential.size(), 4))], 1, Uniform() < 0.1});
    }
    std::sort(p.required_skills.begin(), p.required_skills.end(),
              [](const auto& a, const auto& b) { return a.skill < b.skill; });
    p.required_skills.erase(
        std::unique(p.required_skills.begin(), p.required_skills.end(),
                    [](const auto& a, const auto& b) { return a.skill == b.skill; }),
        p.required_skills.end());
    size_t n_opt = 2 + Below(3);
    for (size_t i = 0; i < n_opt && i < occ.optional.size(); ++i) {
      p.desired_skills.push_back({occ.optional[i], 1 + static_cast<int>(Below(3))});
    }
    bool sheltered = p.kind == PlaceKind::kBeschutWerk || p.kind == PlaceKind::kDagbesteding ||
                     p.kind == PlaceKind::kProefplaats;
    double f = sheltered ? 0.8 : (p.kind == PlaceKind::kStage ? 0.5 : 0.3);
    p.support_offered =
        Maybe(f, Support::kJobcoach) | Maybe(f, Support::kVasteBegeleider) |
        Maybe(f, Support::kStructuur) | Maybe(f * 0.8, Support::kFysiekToegankelijk) |
        Maybe(f, Support::kAangepasteUren) | Maybe(f * 0.6, Support::kTaalondersteuning) |
        Maybe(f * 0.3, Support::kVervoer) | Maybe(f * 0.6, Support::kPrikkelarm);
    p.hours_per_week = 8 + 4 * static_cast<int>(Below(9));
    // Mostly current: started in the last half year or starting within three months; one in
    // ten starts later (beyond the start window of those available now).
    p.period_from = Uniform() < 0.9 ? Date{today_.days - 180 + static_cast<int32_t>(Below(270))}
                                    : Date{today_.days + 90 + static_cast<int32_t>(Below(150))};
    if (p.kind != PlaceKind::kBaan) {
      p.period_to =
          Date{std::max(p.period_from->days, today_.days) + 90 + static_cast<int32_t>(Below(275))};
    }
    if (p.kind == PlaceKind::kLeerbaan) leerbanen_[p.region].emplace_back(p.id, p.organisation);
    return p;
  }

 private:
  struct Schools {
    std::vector<size_t> pro, vso, mbo;
    size_t uwv = 0;
  };
  struct Employer {
    size_t org;
    const domain::Pc4* pc4;
    std::string sector;
  };

  double Uniform() { return std::uniform_real_distribution<double>(0, 1)(rng_); }
  size_t Below(size_t n) { return n <= 1 ? 0 : static_cast<size_t>(rng_() % n); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }
  domain::SupportSet Maybe(double p, Support s) { return Uniform() < p ? SupportBit(s) : 0; }

  std::string WeightedSector(const std::string& region) {
    const auto& w = region_sector_weight_[region];
    double total = 0;
    for (const auto& [s, x] : w) total += x;
    double r = Uniform() * total;
    for (const auto& [s, x] : w) {
      if ((r -= x) <= 0) return s;
    }
    return w.rbegin()->first;
  }

  const domain::Catalog& cat_;
  DemoOptions opt_;
  std::mt19937_64 rng_;
  SeededIdGenerator ids_;
  Date today_;
  std::vector<const domain::Pc4*> pc4s_;
  std::map<std::string, std::vector<const domain::Pc4*>> pc4s_by_region_;
  std::vector<OccupationInfo> occupations_;
  std::map<std::string, std::vector<size_t>> occupations_by_sector_;
  std::vector<std::string> sectors_;
  std::map<std::string, std::map<std::string, double>> region_sector_weight_;
  std::map<std::string, Schools> schools_;
  std::map<std::string, size_t> gemeente_org_;
  std::vector<Employer> employers_;
  // The leerbanen made so far, per region: (place id, employer id), for the bbl placements.
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> leerbanen_;
  std::vector<domain::Organisation>* orgs_ = nullptr;
  int64_t event_seq_ = 0;  // the demo's events start the log
};

// People with their timelines and folded states.
struct PeopleBatch {
  std::vector<domain::Person> people;
  std::vector<domain::Event> events;
  std::vector<std::pair<std::string, domain::FollowState>> states;
  bool empty() const { return people.empty(); }
  size_t size() const { return people.size(); }
};

}  // namespace

Result<DemoSummary> GenerateDemo(store::Store* store, const domain::Catalog& catalog,
                                 const DemoOptions& opt,
                                 const std::function<void(const std::string&)>& progress) {
  if (opt.people < 0 || opt.places < 0) {
    return InvalidArgument("Aantallen mogen niet negatief zijn.", "Counts must not be negative.");
  }
  if (!opt.region.empty() && !catalog.FindRegion(opt.region)) {
    return InvalidArgument("Onbekende regio " + opt.region + ".",
                           "Unknown region " + opt.region + ".");
  }
  Generator gen(catalog, opt);
  if (!gen.Valid()) return FailedPrecondition("Geen referentiegegevens.", "No reference data.");
  DemoSummary summary;
  auto orgs = gen.MakeOrganisations();
  RETURN_IF_ERROR(store->InsertOrganisations(orgs));
  summary.organisations = static_cast<int64_t>(orgs.size());
  progress(std::to_string(orgs.size()) + " organisaties");

  // Generate the next batch while the store writes the previous one.
  auto pipeline = [&](int64_t total, auto make, auto insert, const char* what,
                      int64_t* counter) -> Status {
    using Batch = decltype(make(0));
    Batch current = make(std::min(opt.batch_size, total));
    int64_t done = 0;
    while (!current.empty()) {
      int64_t n = static_cast<int64_t>(current.size());
      Batch next;
      int64_t next_n = std::min(opt.batch_size, total - done - n);
      std::thread producer([&] {
        if (next_n > 0) next = make(next_n);
      });
      Status st = insert(current);
      producer.join();
      RETURN_IF_ERROR(st);
      done += n;
      *counter = done;
      progress(std::to_string(done) + " " + what);
      current = std::move(next);
    }
    return Status::Ok();
  };
  // Large loads build the secondary indexes once at the end instead of row by row.
  const bool bulk = opt.people + opt.places >= 100000;
  if (bulk) RETURN_IF_ERROR(store->BeginBulkLoad());
  // Places first: the people's learn-work routes hold seats at them.
  RETURN_IF_ERROR(pipeline(
      opt.places,
      [&](int64_t n) {
        std::vector<domain::Place> batch;
        batch.reserve(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) batch.push_back(gen.MakePlace(orgs));
        return batch;
      },
      [&](const std::vector<domain::Place>& b) { return store->InsertPlaces(b); }, "plekken",
      &summary.places));
  int64_t person_no = 0;
  RETURN_IF_ERROR(pipeline(
      opt.people,
      [&](int64_t n) {
        PeopleBatch batch;
        batch.people.reserve(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) {
          batch.people.push_back(gen.MakePerson(&batch.events, &batch.states, person_no++, orgs));
        }
        return batch;
      },
      [&](const PeopleBatch& b) {
        RETURN_IF_ERROR(store->InsertPeople(b.people));
        return store->LoadTimelines(b.events, b.states);
      },
      "deelnemers", &summary.people));
  if (bulk) {
    progress("indexen opbouwen");
    RETURN_IF_ERROR(store->EndBulkLoad());
  }
  return summary;
}

}  // namespace overstap::service
