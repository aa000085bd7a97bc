#pragma once

#include <string_view>
#include <vector>

namespace bplab::cli {

// `bplab-cli sweep FILE --vary PATH=LIST ... [--jobs N] [--out FILE.csv]`:
// every combination of the values run whole, on N threads, one CSV row each
// in combination order whatever N is. Returns the exit status: 0 every run
// done, 2 bad input, 3 the output could not be written, 130 stopped by
// Ctrl-C (the rows done are kept).
int runSweepCommand(const std::vector<std::string_view>& args);

}  // namespace bplab::cli
