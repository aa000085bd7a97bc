// libFuzzer target: any bytes through the scenario loader. A file is either
// refused with a message or accepted; an accepted one saves and loads back
// as the same scenario.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bplab_core/scenario.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const bplab::Result<bplab::Scenario> loaded = bplab::parseScenario(text);
    if (!loaded) {
        if (loaded.error().message.empty()) {
            std::abort();  // a refusal always says why
        }
        return 0;
    }
    const bplab::Result<bplab::Scenario> again =
        bplab::parseScenario(bplab::serializeScenario(loaded.value()));
    if (!again || !(again.value() == loaded.value())) {
        std::abort();  // what was accepted must survive a save
    }
    return 0;
}
