#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bplab_core/recording.h"
#include "bplab_core/scenario.h"

namespace bplab::ui {

// What sets two scenarios apart, in the words a legend uses: "pipe" /
// "pipeline" for the wiring, "socket highWaterMark 16384" / "... 65536" for a
// stage's parameter, "seed 1" / "seed 2". At most two differences are named,
// then "+N more". The name, description and "ui" of a scenario are not
// differences; two equal scenarios are "same scenario" on both sides.
struct ScenarioDifference {
    QString a;
    QString b;
    // Every differing JSON path ("wiring", "stages[1].highWaterMark"), in
    // file order.
    QStringList paths;
};
ScenarioDifference describeDifference(const Scenario& a, const Scenario& b);

// Where two runs' traces part: the first line (0-based) whose JSON line
// differs, or where one trace ends and the other goes on. Both runs are
// simulated again from their specs (timing edits included) in lockstep, so
// only the lines not yet matched are held.
struct TraceDivergence {
    // The first differing line; nullopt when the traces are equal (or equal
    // as far as `maxLines`, see complete).
    std::optional<std::int64_t> line;
    // The lines compared (equal ones, plus the differing one).
    std::int64_t compared = 0;
    // false when the search stopped at maxLines before either run ended.
    bool complete = true;
    // Each side's line there as JSON (without newline), empty where that
    // trace has ended, its virtual time (ms; -1 where ended) and its "why".
    std::string lineA;
    std::string lineB;
    std::int64_t timeA = -1;
    std::int64_t timeB = -1;
    std::string whyA;
    std::string whyB;
};
TraceDivergence findDivergence(const RecordingSpec& a, const RecordingSpec& b,
                               std::int64_t maxLines = 2'000'000);

}  // namespace bplab::ui
