#include "http/router.h"

namespace overstap::http {

const std::string& PathParams::Get(std::string_view name) const {
  static const std::string kEmpty;
  for (const auto& [k, v] : values) {
    if (k == name) return v;
  }
  return kEmpty;
}

std::vector<std::string_view> PathSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool MatchPattern(std::string_view pattern, std::string_view path, PathParams* params) {
  // No trailing slashes (ADR /core/no-trailing-slash), no empty segments.
  if (path.size() > 1 && path.back() == '/') return false;
  if (path.find("//") != std::string_view::npos) return false;
  auto ps = PathSegments(pattern);
  auto xs = PathSegments(path);
  if (ps.size() != xs.size()) return false;
  params->values.clear();
  for (size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].size() > 2 && ps[i].front() == '{' && ps[i].back() == '}') {
      params->values.emplace_back(std::string(ps[i].substr(1, ps[i].size() - 2)),
                                  std::string(xs[i]));
    } else if (ps[i] != xs[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace overstap::http
