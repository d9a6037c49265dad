#include "io/reference_files.h"

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <unordered_map>

#include "common/text.h"
#include "io/csv.h"

namespace overstap::io {
namespace {

// FNV-1a over the file contents: a change detector, not a security hash.
uint64_t Fnv1a(uint64_t h, std::string_view data) {
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

struct Columns {
  const CsvTable& table;
  std::string file;
  Result<std::vector<int>> Find(std::initializer_list<const char*> names) const {
    std::vector<int> out;
    for (const char* n : names) {
      int c = table.Column(n);
      if (c < 0) {
        return InvalidArgument(file + ": kolom '" + n + "' ontbreekt.",
                               file + ": column '" + n + "' is missing.");
      }
      out.push_back(c);
    }
    return out;
  }
};

// "LANDBOUW, BOSBOUW" -> "Landbouw, bosbouw" (ASCII and the Latin-1 capitals À..Þ).
std::string SentenceCase(std::string s) {
  for (size_t i = 1; i < s.size(); ++i) {
    unsigned char ch = static_cast<unsigned char>(s[i]);
    if (ch >= 'A' && ch <= 'Z') {
      s[i] = static_cast<char>(ch + 32);
    } else if (ch == 0xC3 && i + 1 < s.size()) {
      unsigned char next = static_cast<unsigned char>(s[i + 1]);
      if (next >= 0x80 && next <= 0x9E && next != 0x97) s[i + 1] = static_cast<char>(next + 0x20);
      ++i;
    }
  }
  return s;
}

double ToDouble(const std::string& s) { return s.empty() ? 0.0 : std::stod(s); }

}  // namespace

Result<domain::ReferenceData> ReadReferenceFiles(const std::string& dir) {
  domain::ReferenceData d;
  uint64_t hash = 14695981039346656037ULL;
  auto read = [&](const std::string& rel) -> Result<CsvTable> {
    std::string path = dir + "/" + rel;
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return NotFound("Referentiebestand ontbreekt: " + path, "Reference file missing: " + path);
    std::stringstream buf;
    buf << in.rdbuf();
    std::string text = buf.str();
    hash = Fnv1a(hash, rel);
    hash = Fnv1a(hash, text);
    auto t = CsvTable::Parse(text);
    if (!t.ok())
      return InvalidArgument(rel + ": " + t.status().message_nl(),
                             rel + ": " + t.status().message_en());
    return t;
  };
  try {
    {
      ASSIGN_OR_RETURN(auto t, read("regions/arbeidsmarktregios.csv"));
      ASSIGN_OR_RETURN(auto c, (Columns{t, "arbeidsmarktregios.csv"}.Find(
                                   {"arbeidsmarktregiocode", "arbeidsmarktregionaam", "provincies",
                                    "centroid_lat", "centroid_lon"})));
      for (const auto& r : t.rows()) {
        d.regions.push_back(
            {r[c[0]], r[c[1]], Split(r[c[2]], '|'), {ToDouble(r[c[3]]), ToDouble(r[c[4]])}});
      }
    }
    std::unordered_map<std::string, std::pair<LatLon, int>> centroids;
    {
      ASSIGN_OR_RETURN(auto t, read("geo/gemeente_centroids.csv"));
      ASSIGN_OR_RETURN(auto c, (Columns{t, "gemeente_centroids.csv"}.Find(
                                   {"gemeentecode", "pc4_gemiddelde_lat", "pc4_gemiddelde_lon",
                                    "binnenpunt_lat", "binnenpunt_lon", "n_pc4"})));
      for (const auto& r : t.rows()) {
        // Where people live: the mean of the PC4 points, else a point inside the boundary.
        bool has_pc4 = !r[c[1]].empty();
        LatLon p = has_pc4 ? LatLon{ToDouble(r[c[1]]), ToDouble(r[c[2]])}
                           : LatLon{ToDouble(r[c[3]]), ToDouble(r[c[4]])};
        centroids[r[c[0]]] = {p, r[c[5]].empty() ? 0 : std::stoi(r[c[5]])};
      }
    }
    {
      ASSIGN_OR_RETURN(auto t, read("regions/gemeenten.csv"));
      ASSIGN_OR_RETURN(auto c, (Columns{t, "gemeenten.csv"}.Find({"gemeentecode", "gemeentenaam",
                                                                  "provinciecode", "provincienaam",
                                                                  "arbeidsmarktregiocode"})));
      for (const auto& r : t.rows()) {
        auto it = centroids.find(r[c[0]]);
        if (it == centroids.end()) {
          return InvalidArgument("Geen middelpunt voor gemeente " + r[c[0]],
                                 "No centroid for municipality " + r[c[0]]);
        }
        d.municipalities.push_back(
            {r[c[0]], r[c[1]], r[c[2]], r[c[3]], r[c[4]], it->second.first, it->second.second});
      }
    }
    {
      ASSIGN_OR_RETURN(auto t, read("geo/pc4_centroids.csv"));
      ASSIGN_OR_RETURN(
          auto c, (Columns{t, "pc4_centroids.csv"}.Find({"pc4", "lat", "lon", "gemeentecode"})));
      for (const auto& r : t.rows()) {
        d.pc4s.push_back({r[c[0]], r[c[3]], {ToDouble(r[c[1]]), ToDouble(r[c[2]])}});
      }
    }
    {
      ASSIGN_OR_RETURN(auto t, read("taxonomies/sbi/sbi2025.csv"));
      ASSIGN_OR_RETURN(
          auto c, (Columns{t, "sbi2025.csv"}.Find({"sbi_code", "niveau", "naam_nl", "naam_en"})));
      for (const auto& r : t.rows()) {
        if (r[c[1]] != "1") continue;
        // Section names are upper case in the source; show them in sentence case.
        d.sectors.push_back({r[c[0]], SentenceCase(r[c[2]]), SentenceCase(r[c[3]])});
        continue;
      }
    }
    {
      ASSIGN_OR_RETURN(auto t, read("taxonomies/esco/skills.csv"));
      ASSIGN_OR_RETURN(
          auto c,
          (Columns{t, "skills.csv"}.Find({"esco_id", "skill_type", "reuse_level", "label_en"})));
      for (const auto& r : t.rows()) {
        d.skills.push_back({r[c[0]], r[c[3]], "", r[c[1]], r[c[2]], {}});
      }
    }
    {
      // Dutch labels for part of the skills (PROVENANCE.md), keyed by concept URI.
      ASSIGN_OR_RETURN(auto t, read("taxonomies/esco/skills_nl_partial.csv"));
      ASSIGN_OR_RETURN(auto c, (Columns{t, "skills_nl_partial.csv"}.Find(
                                   {"conceptUri", "preferredLabelNl", "altLabelsNl"})));
      std::unordered_map<std::string_view, domain::Skill*> by_id;
      by_id.reserve(d.skills.size());
      for (auto& s : d.skills) by_id.emplace(s.id, &s);
      for (const auto& r : t.rows()) {
        const std::string& uri = r[c[0]];
        auto it = by_id.find(std::string_view(uri).substr(uri.rfind('/') + 1));
        if (it == by_id.end()) continue;  // a concept not in skills.csv
        it->second->label_nl = Trim(r[c[1]]);
        for (auto& alt : Split(r[c[2]], '|')) {
          if (!Trim(alt).empty()) it->second->alt_labels_nl.emplace_back(Trim(alt));
        }
      }
    }
    {
      ASSIGN_OR_RETURN(auto t, read("taxonomies/esco/occupations.csv"));
      ASSIGN_OR_RETURN(auto c, (Columns{t, "occupations.csv"}.Find(
                                   {"esco_id", "isco_code", "esco_code", "label_nl", "label_en"})));
      for (const auto& r : t.rows()) {
        d.occupations.push_back({r[c[0]], r[c[1]], r[c[2]], r[c[3]], r[c[4]]});
      }
    }
    {
      ASSIGN_OR_RETURN(auto t, read("taxonomies/esco/occupation_skill_relations.csv"));
      ASSIGN_OR_RETURN(auto c, (Columns{t, "occupation_skill_relations.csv"}.Find(
                                   {"occupation_id", "skill_id", "relation_type"})));
      d.occupation_skills.reserve(t.rows().size());
      for (const auto& r : t.rows()) {
        d.occupation_skills.push_back({r[c[0]], r[c[1]], r[c[2]] == "essential"});
      }
    }
  } catch (const std::exception& e) {
    return InvalidArgument("Referentiegegevens onleesbaar: " + std::string(e.what()),
                           "Reference data unreadable: " + std::string(e.what()));
  }
  std::ostringstream v;
  v << std::hex << hash;
  d.version = v.str();
  return d;
}

std::string DefaultReferenceDir(const char* argv0) {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("OVERSTAP_REFERENCE_DIR")) return env;
  if (fs::exists("data/reference/regions/gemeenten.csv")) return "data/reference";
  std::error_code ec;
  fs::path exe = fs::canonical("/proc/self/exe", ec);
  if (ec && argv0) exe = fs::absolute(argv0, ec);
  for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (fs::exists(dir / "data/reference/regions/gemeenten.csv")) {
      return (dir / "data/reference").string();
    }
  }
  return "data/reference";
}

}  // namespace overstap::io
