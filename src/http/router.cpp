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

CompiledPattern::CompiledPattern(std::string_view pattern) {
  for (auto seg : PathSegments(pattern)) {
    bool param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    parts_.emplace_back(param ? seg.substr(1, seg.size() - 2) : seg);
    is_param_.push_back(param);
  }
}

bool CompiledPattern::Match(const std::vector<std::string_view>& segments,
                            PathParams* params) const {
  if (segments.size() != parts_.size()) return false;
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (!is_param_[i] && parts_[i] != segments[i]) return false;
  }
  params->values.clear();
  for (size_t i = 0; i < parts_.size(); ++i) {
    if (is_param_[i]) params->values.emplace_back(parts_[i], std::string(segments[i]));
  }
  return true;
}

}  // namespace overstap::http
