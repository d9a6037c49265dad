#pragma once
// Who is acting. Every request and every CLI command runs with an explicit Actor, so access
// control and the audit trail have one place to look. Until users and roles arrive, the only
// actor is the built-in administrator.

#include <cstdint>
#include <string>

namespace overstap::access {

enum class Role { kAdmin, kCoordinator, kProfessional, kEmployer, kAnalyst };

const char* RoleName(Role role);

struct Actor {
  std::string user_id;
  std::string organisation_id;  // empty for the built-in administrator
  Role role = Role::kAdmin;
};

// The built-in administrator ("beheerder") used by the CLI and, for now, by the server.
Actor SystemAdmin();

// What a request carries through the service layer.
struct RequestContext {
  Actor actor;
  std::string request_id;
  int64_t now_micros = 0;
};

}  // namespace overstap::access
