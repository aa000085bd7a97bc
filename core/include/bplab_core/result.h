#pragma once

#include <string>
#include <utility>
#include <variant>

namespace bplab {

// A recoverable failure: a message that names what went wrong, where, with
// the value found (for scenarios: the JSON path, e.g.
// "stages[2].highWaterMark: expected an integer >= 0, got -5").
struct Error {
    std::string message;
};

// Either a value or an Error. Recoverable failures are values; invariants are
// assertions.
template <typename T>
class Result {
public:
    Result(T value) : m_state(std::move(value)) {}      // NOLINT(google-explicit-constructor)
    Result(Error error) : m_state(std::move(error)) {}  // NOLINT(google-explicit-constructor)

    [[nodiscard]] bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<T>(m_state); }
    const T& value() const& { return std::get<T>(m_state); }
    T&& value() && { return std::get<T>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    [[nodiscard]] const Error& error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// Result of an operation that has no value on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace bplab
