#pragma once
// Status and Result<T>: how every layer below http/ reports failure.
//
// A Status is a code, a message in Dutch and English, and for input errors a list of field
// violations naming each offending field. Codes follow abseil's canonical codes, plus
// kUnprocessable for input that is well-formed but refers to things that do not exist or
// contradict each other (an unknown gemeente, an end before a start). HTTP statuses are chosen
// once, in http/problem.cpp; nothing below http/ knows about HTTP.
//
// Status and Result are values: cheap to move, safe to copy, not thread-safe to mutate.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace overstap {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // malformed input: wrong type, missing, unknown field, out of range
  kUnprocessable,       // well-formed input that refers to unknown things or contradicts itself
  kNotFound,            // the addressed thing does not exist
  kAlreadyExists,       // a create collides with something that exists
  kFailedPrecondition,  // the system is not in a state for this (e.g. still referenced)
  kAborted,             // a concurrent change won (version mismatch)
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,
  kUnavailable,
  kInternal,
};

// One offending field: `field` is a path such as "vaardigheden[2].niveau"; `code` is a stable
// machine-readable lowerCamelCase code ("verplicht", "onbekendeGemeente", ...).
struct FieldViolation {
  std::string field;
  std::string code;
  std::string reason_nl;
  std::string reason_en;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message_nl, std::string message_en,
         std::vector<FieldViolation> violations = {})
      : code_(code),
        message_nl_(std::move(message_nl)),
        message_en_(std::move(message_en)),
        violations_(std::move(violations)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message_nl() const { return message_nl_; }
  const std::string& message_en() const { return message_en_; }
  const std::vector<FieldViolation>& violations() const { return violations_; }

  bool IsNotFound() const { return code_ == StatusCode::kNotFound; }
  // Explicitly drops the status (for best-effort cleanup paths).
  void IgnoreError() const {}

  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_nl_;
  std::string message_en_;
  std::vector<FieldViolation> violations_;
};

const char* StatusCodeName(StatusCode code);

// The same status with every violation's field prefixed (an item of a list: "[3]." + field).
Status PrefixFields(const Status& status, const std::string& prefix);

// Helpers for the common codes. The message is given in Dutch and English.
Status InvalidArgument(std::string nl, std::string en, std::vector<FieldViolation> v = {});
Status Unprocessable(std::string nl, std::string en, std::vector<FieldViolation> v = {});
Status NotFound(std::string nl, std::string en);
Status AlreadyExists(std::string nl, std::string en, std::vector<FieldViolation> v = {});
Status FailedPrecondition(std::string nl, std::string en);
Status Aborted(std::string nl, std::string en);
Status Internal(std::string en);
Status Unavailable(std::string en);

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok() && "Result from an OK status has no value");
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  const Status& status() const {
    static const Status kOkStatus;
    return ok() ? kOkStatus : std::get<Status>(value_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(value_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<T>(value_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(value_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> value_;
};

namespace internal {
inline Status AsStatus(Status s) { return s; }
template <typename T>
Status AsStatus(const Result<T>& r) {
  return r.status();
}
}  // namespace internal

}  // namespace overstap

#define OVERSTAP_CONCAT_INNER(a, b) a##b
#define OVERSTAP_CONCAT(a, b) OVERSTAP_CONCAT_INNER(a, b)

#define RETURN_IF_ERROR(expr)                                                     \
  do {                                                                            \
    ::overstap::Status overstap_status_ = ::overstap::internal::AsStatus((expr)); \
    if (!overstap_status_.ok()) return overstap_status_;                          \
  } while (0)

// `lhs` is a declaration (`auto x`, `Type x`) or a name and `tmp` a name: neither can be
// parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define OVERSTAP_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()
// NOLINTEND(bugprone-macro-parentheses)

#define ASSIGN_OR_RETURN(lhs, expr) \
  OVERSTAP_ASSIGN_OR_RETURN_IMPL(OVERSTAP_CONCAT(overstap_result_, __LINE__), lhs, expr)

// A check for programmer errors only: user input must never be able to trigger it.
#define OVERSTAP_ASSERT(cond) assert(cond)
