#pragma once
// An error that says what is wrong and where: a file, a JSON path inside it, a line.
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace atrium {

struct Error {
    std::string message;
    std::string file;      // file the problem is in, if any
    std::string jsonPath;  // e.g. "entities[12].components.light.intensity"
    int line = 0;          // 1-based line in `file`, 0 when unknown

    // "hall.venue.json: entities[12].components.light.intensity: expected a number, got "bright""
    std::string toString() const;
};

// Several problems found in one pass (a venue file reports every bad field, not just the first).
std::string toString(const std::vector<Error>& errors);

template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(state_); }
    const T& value() const& { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

// For operations that produce nothing but can fail.
struct Ok {};
using Status = Result<Ok>;

}  // namespace atrium
