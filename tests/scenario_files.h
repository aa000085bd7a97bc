#pragma once

// Every scenario file a test runs over: the examples and the conformance
// scenarios (some of them refused by the loader on purpose), sorted by path.
// Needs BPLAB_EXAMPLES_DIR, as the test targets define it.

#include <algorithm>
#include <filesystem>
#include <vector>

namespace bplab::test {

inline std::vector<std::filesystem::path> everyScenarioFile()
{
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (const fs::path& dir :
         {fs::path(BPLAB_EXAMPLES_DIR),
          fs::path(BPLAB_EXAMPLES_DIR) / "../../tests/conformance/scenarios"}) {
        for (const auto& entry : fs::directory_iterator(dir)) {
            if (entry.path().extension() == ".json") {
                files.push_back(entry.path());
            }
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace bplab::test
