#pragma once

// The wiring of each pair of neighbouring stages as the inspector edits it
// (scenario-v2 section 2): a scenario keeps `pairWirings` only while the
// pairs differ, so choosing the same wiring for every pair saves as the
// single string it was. Private to ui/src/inspector; no Qt.

#include "bplab_core/scenario.h"

#include <cstddef>

namespace bplab::ui::inspector {

// Sets the wiring of pair `pair` (stages[pair] -> stages[pair + 1]); the
// other pairs keep theirs (a chain wired "pipeline" as a whole keeps
// "pipeline" on them, which validation then refuses naming its entry).
void setPairWiring(Scenario& scenario, std::size_t pair, Wiring wiring);
// One wiring for the chain again when every pair has the same; keeps
// `wiring` equal to the first entry while they differ.
void collapsePairWirings(Scenario& scenario);
// A stage was inserted at index `at` (1 .. n - 2 after the insert): the pair
// it splits gives its wiring to both halves.
void stageInserted(Scenario& scenario, std::size_t at);
// The stage at index `at` was removed: its upstream pair now reaches the
// stage after it and keeps its wiring.
void stageRemoved(Scenario& scenario, std::size_t at);

}  // namespace bplab::ui::inspector
