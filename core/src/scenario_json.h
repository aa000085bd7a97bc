#pragma once

// Strict JSON reading for scenario files, on top of nlohmann's SAX parser:
// duplicate keys are errors, nesting is bounded before it can hurt, errors
// carry line and column, and the top-level "ui" object is kept as the exact
// text of the file.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "bplab_core/result.h"

namespace bplab::scenario_json {

// Keys keep the order of the file, so that the first problem reported is the
// first one a reader meets.
using Json = nlohmann::ordered_json;

// The largest integer an IEEE double (a JavaScript number) holds exactly.
inline constexpr std::int64_t kMaxSafeInteger = 9007199254740991;  // 2^53 - 1

struct ReadOptions {
    int maxDepth = 64;       // arrays and objects nested deeper than this are refused
    bool captureUi = false;  // keep the top-level "ui" object as raw text, not as a value
    bool buildValue = true;  // false: only check the text
    std::string pathPrefix;  // put before every path in messages (e.g. "ui")
};

struct ReadJson {
    Json value;  // the whole document (without a captured "ui")
    bool rootIsObject = false;
    std::optional<std::string> uiText;  // the "ui" object, byte for byte, when captured
};

// Parses one JSON text strictly (nothing but whitespace after it).
Result<ReadJson> readJson(std::string_view text, const ReadOptions& options);

// 1-based line and column (in code points) of a byte offset.
struct LineColumn {
    std::size_t line = 1;
    std::size_t column = 1;
};
LineColumn locate(std::string_view text, std::size_t offset);

// A value as compact JSON for messages: strings quoted, long values shortened
// with "…".
std::string describe(const Json& value);
std::string describeDouble(double value);       // NaN and infinities spelled as in JavaScript
std::string jsonQuoted(std::string_view text);  // a JSON string literal, shortened when long

// Appends `key` to a path: `a.key`, or `a["odd key"]` when not an identifier.
std::string joinKey(const std::string& path, std::string_view key);
std::string joinIndex(const std::string& path, std::size_t index);

// Where the text is not valid UTF-8: the byte offset of the first bad
// sequence, if any.
std::optional<std::size_t> findInvalidUtf8(std::string_view text);

}  // namespace bplab::scenario_json
