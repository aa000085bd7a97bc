#include "pair_wirings.h"

#include <algorithm>

namespace bplab::ui::inspector {

void setPairWiring(Scenario& scenario, std::size_t pair, Wiring wiring)
{
    const std::size_t pairs = scenario.stages.size() < 2 ? 0 : scenario.stages.size() - 1;
    if (pair >= pairs) {
        return;
    }
    if (scenario.pairWirings.size() != pairs) {
        scenario.pairWirings.assign(pairs, scenario.wiring);
    }
    scenario.pairWirings[pair] = wiring;
    collapsePairWirings(scenario);
}

void collapsePairWirings(Scenario& scenario)
{
    std::vector<Wiring>& pairs = scenario.pairWirings;
    if (pairs.empty()) {
        return;
    }
    scenario.wiring = pairs.front();
    if (std::all_of(pairs.begin(), pairs.end(), [&](Wiring w) { return w == pairs.front(); })) {
        pairs.clear();
    }
}

void stageInserted(Scenario& scenario, std::size_t at)
{
    std::vector<Wiring>& pairs = scenario.pairWirings;
    if (pairs.empty() || at == 0 || at > pairs.size()) {
        return;
    }
    pairs.insert(pairs.begin() + static_cast<std::ptrdiff_t>(at), pairs[at - 1]);
}

void stageRemoved(Scenario& scenario, std::size_t at)
{
    std::vector<Wiring>& pairs = scenario.pairWirings;
    if (pairs.empty() || at >= pairs.size()) {
        return;
    }
    pairs.erase(pairs.begin() + static_cast<std::ptrdiff_t>(at));
    collapsePairWirings(scenario);
}

}  // namespace bplab::ui::inspector
