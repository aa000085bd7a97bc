#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

namespace bplab {

// Writes samples as CSV: one row per sample time, columns per stage and side.
// The header is written with the first row. Sizes are bytes, or objects on an
// objectMode side; memory is always bytes; t is virtual ms.
class CsvSampleWriter final : public SampleSink {
public:
    CsvSampleWriter(std::ostream& out, const Scenario& scenario);
    void sample(const Sample& sample) override;

    // The header line (without newline) for a scenario.
    static std::string header(const Scenario& scenario);

private:
    std::ostream& m_out;
    std::vector<StageKind> m_kinds;
    std::string m_header;
    std::string m_line;
    bool m_headerWritten = false;
};

}  // namespace bplab
