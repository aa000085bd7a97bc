#pragma once

// One trace line being explained, and one small function per event kind that
// says why it happened (Explainer::explain() picks the function by kind).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "bplab_core/explain.h"
#include "bplab_core/scenario.h"
#include "bplab_core/state.h"
#include "bplab_core/trace_event.h"

namespace bplab::explain {

using StageContext = Explainer::StageContext;

// What every explanation may read: the line, every stage's state at that
// moment (possibly empty), the scenario and what the lines before it left.
// Borrows all of it for the duration of one explanation.
class ProcessLine {
public:
    ProcessLine(const TraceEvent& event, std::span<const StageSnapshot> stages,
                const Scenario& scenario, NodeProfile profile,
                const std::vector<StageContext>& context, const std::string& firstError,
                std::int32_t firstErrorStage);

    // The text for a line of the whole process (stage "*").
    [[nodiscard]] std::string explain() const;

    const TraceEvent& event;
    std::span<const StageSnapshot> stages;
    const Scenario& scenario;
    NodeProfile profile;
    const std::vector<StageContext>& context;
    const std::string& firstError;  // the run's first 'error' message
    std::int32_t firstErrorStage;   // its stage, or kAllStages
    std::size_t n;                  // stages in the scenario
    Wiring wiring;

    [[nodiscard]] const StageSnapshot* snap(std::size_t index) const;
    [[nodiscard]] std::string idOf(std::size_t index) const;  // 'id'

private:
    [[nodiscard]] std::string onPipelineCallback() const;
    [[nodiscard]] std::string onOom() const;
    [[nodiscard]] std::string onEndOfRun() const;  // idle, until
};

// A line of one stage: the stage, its neighbours and its state.
class StageLine : public ProcessLine {
public:
    explicit StageLine(const ProcessLine& line);

    // The text for this line, by its kind.
    [[nodiscard]] std::string explain() const;

    std::size_t i;  // the stage's index
    const Stage& stage;
    const StageContext& c;
    const StageSnapshot* s;  // its state at the line, or null
    std::string me;          // 'id'
    bool hasUp;
    bool hasDown;
    std::string up;    // the stage before, or ""
    std::string down;  // the stage after, or ""
    bool rObj;
    bool wObj;
    std::string callName;  // "_transform()" or "_write()"
    Wiring wiringIn;       // of the pair (up, me): what writes into this stage
    Wiring wiringOut;      // of the pair (me, down): what reads from it

    [[nodiscard]] std::int64_t readableHwm() const;
    [[nodiscard]] std::int64_t writableHwm() const;
    // " (Node 24's default)" when the scenario leaves the highWaterMark unset.
    [[nodiscard]] std::string defaultNote(bool readableSide, std::int64_t hwm) const;
    // Lengths count objects in objectMode: say so once, after the highWaterMark.
    static std::string objectsNote(bool objectMode);
    // How long the stage's step takes for `bytes`, as the file's keys say it.
    [[nodiscard]] std::string stepTime(std::int64_t bytes) const;

private:
    [[nodiscard]] std::string onRead() const;
    [[nodiscard]] std::string onPush() const;
    [[nodiscard]] std::string onWrite() const;
    [[nodiscard]] std::string onProcess() const;
    [[nodiscard]] std::string onDone() const;
    [[nodiscard]] std::string onData() const;
    [[nodiscard]] std::string onPause() const;
    [[nodiscard]] std::string onResume() const;
    [[nodiscard]] std::string onEnd() const;
    [[nodiscard]] std::string onDrain() const;
    [[nodiscard]] std::string onFinish() const;
    [[nodiscard]] std::string onClose() const;
    [[nodiscard]] std::string onPipe() const;
    [[nodiscard]] std::string onUnpipe() const;
    [[nodiscard]] std::string onError() const;
    [[nodiscard]] std::string onUncaught() const;
    [[nodiscard]] std::string onFlush() const;
    [[nodiscard]] std::string onFlushed() const;
    [[nodiscard]] std::string onDecode() const;
    [[nodiscard]] std::string onOther() const;  // a kind a stage's line never has
};

}  // namespace bplab::explain
