#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "bplab_core/recording.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

namespace bplab {

// The one samples CSV, written by bplab-cli (--samples) and by the window's
// Export > Samples.
//
// Writes samples as CSV: one row per sample time, columns per stage and side.
// The header is written with the first row. Sizes are bytes, or objects on an
// objectMode side; memory is always bytes; t is virtual ms. A scenario whose
// memory model follows allocations (tracksAllocations) adds each stage's
// retained_bytes and the totals of slabs and retained memory.
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
    bool m_allocations = false;  // the retained and slab columns
};

// The samples CSV of the run `spec` describes, from t = 0 through virtual
// time `throughMs`: the run is simulated again (it is deterministic), each
// timing edit made again once the run has written edit.line lines, so the
// bytes are those CsvSampleWriter wrote during that run. Throws RunStopped
// as the run would.
std::string samplesCsvOf(const RecordingSpec& spec, std::int64_t throughMs);

}  // namespace bplab
