#pragma once

#include "bplab_core/scenario.h"

namespace bplab::ui {

// What File > New opens: a source piped into a slower sink, named and
// described so that the person sees where their own words go.
Scenario starterScenario();

}  // namespace bplab::ui
