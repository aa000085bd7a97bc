#include "explain/line.h"

#include <array>

#include "explain/phrases.h"
#include "random.h"

namespace bplab::explain {

ProcessLine::ProcessLine(const TraceEvent& event_, std::span<const StageSnapshot> stages_,
                         const Scenario& scenario_, NodeProfile profile_,
                         const std::vector<StageContext>& context_, const std::string& firstError_,
                         std::int32_t firstErrorStage_)
    : event(event_),
      stages(stages_),
      scenario(scenario_),
      profile(profile_),
      context(context_),
      firstError(firstError_),
      firstErrorStage(firstErrorStage_),
      n(scenario_.stages.size()),
      wiring(scenario_.wiring)
{
}

const StageSnapshot* ProcessLine::snap(std::size_t index) const
{
    return index < stages.size() ? &stages[index] : nullptr;
}

std::string ProcessLine::idOf(std::size_t index) const
{
    return quoted(scenario.stages[index].id);
}

std::string ProcessLine::explain() const
{
    switch (event.kind) {
        case EventKind::Pipeline:
            return onPipelineCallback();
        case EventKind::Oom:
            return onOom();
        case EventKind::Idle:
        case EventKind::Until:
            return onEndOfRun();
        default:
            return std::string(toString(event.kind)) + " for the whole process.";
    }
}

StageLine::StageLine(const ProcessLine& line)
    : ProcessLine(line),
      i(static_cast<std::size_t>(event.stage)),
      stage(scenario.stages[i]),
      c(context[i]),
      s(snap(i)),
      me(idOf(i)),
      hasUp(i > 0),
      hasDown(i + 1 < n),
      up(hasUp ? idOf(i - 1) : std::string()),
      down(hasDown ? idOf(i + 1) : std::string()),
      rObj(readableObjectMode(stage)),
      wObj(writableObjectMode(stage)),
      callName(stage.kind == StageKind::Transform ? "_transform()" : "_write()"),
      wiringIn(hasUp ? wiringOfPair(scenario, i - 1) : scenario.wiring),
      wiringOut(hasDown ? wiringOfPair(scenario, i) : scenario.wiring)
{
}

namespace {

using StageText = std::string (StageLine::*)() const;

}  // namespace

std::string StageLine::explain() const
{
    // One function per kind; the kinds of the whole process never come here
    // with a stage, and get the plain form.
    static const std::array<StageText, kEventKindCount> kByKind = [] {
        std::array<StageText, kEventKindCount> table{};
        table.fill(&StageLine::onOther);
        const auto set = [&table](EventKind kind, StageText text) {
            table[static_cast<std::size_t>(kind)] = text;
        };
        set(EventKind::Read, &StageLine::onRead);
        set(EventKind::Push, &StageLine::onPush);
        set(EventKind::Write, &StageLine::onWrite);
        set(EventKind::Process, &StageLine::onProcess);
        set(EventKind::Done, &StageLine::onDone);
        set(EventKind::Data, &StageLine::onData);
        set(EventKind::Pause, &StageLine::onPause);
        set(EventKind::Resume, &StageLine::onResume);
        set(EventKind::End, &StageLine::onEnd);
        set(EventKind::Drain, &StageLine::onDrain);
        set(EventKind::Finish, &StageLine::onFinish);
        set(EventKind::Close, &StageLine::onClose);
        set(EventKind::Pipe, &StageLine::onPipe);
        set(EventKind::Unpipe, &StageLine::onUnpipe);
        set(EventKind::Error, &StageLine::onError);
        set(EventKind::Uncaught, &StageLine::onUncaught);
        set(EventKind::Flush, &StageLine::onFlush);
        set(EventKind::Flushed, &StageLine::onFlushed);
        set(EventKind::Decode, &StageLine::onDecode);
        return table;
    }();
    return (this->*kByKind[static_cast<std::size_t>(event.kind)])();
}

std::string StageLine::onOther() const
{
    return me + ": " + std::string(toString(event.kind)) + ".";
}

std::int64_t StageLine::readableHwm() const
{
    if (s && s->readable.present) {
        return s->readable.highWaterMark;
    }
    return configuredHighWaterMark(stage, true).value_or(defaultHighWaterMark(profile, rObj));
}

std::int64_t StageLine::writableHwm() const
{
    if (s && s->writable.present) {
        return s->writable.highWaterMark;
    }
    return configuredHighWaterMark(stage, false).value_or(defaultHighWaterMark(profile, wObj));
}

std::string StageLine::defaultNote(bool readableSide, std::int64_t hwm) const
{
    const bool om = readableSide ? rObj : wObj;
    if (!configuredHighWaterMark(stage, readableSide) && hwm == defaultHighWaterMark(profile, om)) {
        return std::string(" (Node ") + std::string(toString(profile)) + "'s default)";
    }
    return "";
}

std::string StageLine::objectsNote(bool objectMode)
{
    return objectMode ? " objects" : "";
}

std::string StageLine::stepTime(std::int64_t bytes) const
{
    std::string t;
    if (stage.kind == StageKind::Readable) {
        t = "interval_ms " + formatCount(stage.intervalMs);
    } else {
        const double base = static_cast<double>(stage.delayMs) +
                            stage.perKibMs * static_cast<double>(bytes) / 1024.0;
        const double rounded = roundHalfUp(base);
        if (stage.perKibMs > 0) {
            t = "delay_ms " + formatCount(stage.delayMs) + " + per_kib_ms " +
                formatNumber(stage.perKibMs) + " x " +
                formatNumber(static_cast<double>(bytes) / 1024.0) +
                " KiB = " + formatWhole(rounded) + " ms";
        } else {
            t = "delay_ms " + formatCount(stage.delayMs);
        }
    }
    if (stage.jitter > 0) {
        t += " (+/- " + formatNumber(stage.jitter * 100.0) + "% jitter)";
    }
    return t;
}

}  // namespace bplab::explain
