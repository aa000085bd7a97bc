#pragma once

// Reading scenarios from text in the tests: the loader's message or the
// scenario, and a three-stage scenario with extra keys on each stage.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "bplab_core/scenario.h"

namespace bplab::testing {

// The message of the loader's rejection, or "(accepted)".
inline std::string errorOf(std::string_view json)
{
    const auto result = parseScenario(json);
    return result ? std::string("(accepted)") : result.error().message;
}

// The message of the validator's rejection, or "(accepted)".
inline std::string errorOf(const Scenario& scenario)
{
    const auto result = validateScenario(scenario);
    return result ? std::string("(accepted)") : result.error().message;
}

// The scenario `json` loads to; a failure to load fails the test.
inline Scenario parsed(std::string_view json)
{
    auto result = parseScenario(json);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result ? std::move(result).value() : Scenario{};
}

// `src` (a readable of 3 chunks) -> `mid` (a transform) -> `dst` (a
// writable) in bplab-scenario/`format`; each stage gets its extra keys, and
// `top` is spliced in after "format" (each a comma-separated list of
// `"key": value`, or empty).
inline std::string threeStageText(std::string_view format, std::string_view source,
                                  std::string_view middle, std::string_view sink,
                                  std::string_view top = "")
{
    const auto extra = [](std::string_view keys) {
        return keys.empty() ? std::string() : ", " + std::string(keys);
    };
    std::string text = R"({"format": "bplab-scenario/)" + std::string(format) + R"(", )";
    if (!top.empty()) {
        text += std::string(top) + ", ";
    }
    text += R"("stages": [{"id": "src", "kind": "readable", "chunks": 3)" + extra(source) +
            R"(}, {"id": "mid", "kind": "transform")" + extra(middle) +
            R"(}, {"id": "dst", "kind": "writable")" + extra(sink) + "}]}";
    return text;
}

}  // namespace bplab::testing
