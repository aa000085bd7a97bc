#include "bplab_ui/run/run.h"

#include <algorithm>
#include <utility>

namespace bplab::ui {

namespace {

constexpr std::uint32_t kPauseOrDrain =
    Timeline::kindBit(EventKind::Pause) | Timeline::kindBit(EventKind::Drain);
// Lines read ahead at most looking for the next pause or drain.
constexpr std::int64_t kSearchAhead = 50'000'000;

void applyTiming(Stage& stage, const StageTiming& timing)
{
    stage.intervalMs = timing.intervalMs;
    stage.delayMs = timing.delayMs;
    stage.perKibMs = timing.perKibMs;
    stage.jitter = timing.jitter;
    stage.ratio = timing.ratio;
    stage.split = timing.split;
}

Scenario editedScenario(const RecordingSpec& spec)
{
    Scenario s = spec.scenario;
    for (const TimingEdit& edit : spec.edits) {
        if (edit.stage < s.stages.size()) {
            applyTiming(s.stages[edit.stage], edit.timing);
        }
    }
    return s;
}

}  // namespace

Run::Run(QObject* parent) : QObject(parent) {}

Run::~Run() = default;

SimulationOptions Run::defaultOptions()
{
    SimulationOptions options;
    options.sampleEveryMs = 10;
    return options;
}

SimulationOptions Run::options() const
{
    SimulationOptions options = defaultOptions();
    options.maxCoreMemoryBytes = m_bounds.maxCoreMemoryBytes;
    options.maxEvents = m_bounds.maxEvents;
    options.maxEventsWithoutTime = m_bounds.maxEventsWithoutTime;
    return options;
}

RecordingOptions Run::recordingOptions()
{
    RecordingOptions options;
    options.memoryBudgetBytes = std::size_t{128} << 20;
    options.recentLines = 32768;  // a frame at 100x of a busy pipeline
    return options;
}

template <typename F>
void Run::guarded(F&& f)
{
    if (!m_recording) {
        return;
    }
    try {
        f();
    } catch (const RunStopped& stopped) {
        // A bound of the simulator: the run ends where it stopped.
        m_stopReason = stopped.what();
    }
}

void Run::load(const Scenario& scenario)
{
    m_recording.reset();
    m_recording = std::make_unique<Recording>(scenario, options(), recordingOptions());
    m_scenario = scenario;
    m_beforeFork.reset();
    m_stopReason.clear();
    m_atLine = false;
    m_endReported = false;
    ++m_generation;
    m_recent.clear();
    m_recentFirst = 0;
    m_recentVisible = 0;
    guarded([this] { m_recording->seekTime(0); });
    Q_EMIT loaded();
    afterMove(false);
}

void Run::loadSpec(const RecordingSpec& spec, std::int64_t headLines)
{
    m_recording.reset();
    m_stopReason.clear();
    try {
        m_recording = std::make_unique<Recording>(spec, headLines, recordingOptions());
    } catch (const RunStopped& stopped) {
        m_stopReason = stopped.what();
        m_recording = std::make_unique<Recording>(spec, 0, recordingOptions());
    }
    m_scenario = editedScenario(spec);
    m_atLine = false;
    m_endReported = false;
    ++m_generation;
    m_recent.clear();
    m_recentFirst = 0;
    m_recentVisible = 0;
    Q_EMIT loaded();
}

std::vector<std::string> Run::stageIds() const
{
    std::vector<std::string> ids;
    ids.reserve(m_scenario.stages.size());
    for (const Stage& stage : m_scenario.stages) {
        ids.push_back(stage.id);
    }
    return ids;
}

void Run::seekTime(std::int64_t t)
{
    guarded([&] { m_recording->seekTime(std::max<std::int64_t>(0, t)); });
    m_atLine = false;
    afterMove(true);
}

void Run::advanceTo(std::int64_t t)
{
    guarded([&] { m_recording->seekTime(std::max<std::int64_t>(0, t)); });
    m_atLine = false;
    afterMove(false);
}

void Run::seekLine(std::int64_t line)
{
    if (!m_recording) {
        return;
    }
    line = std::max<std::int64_t>(0, line);
    bool found = false;
    const std::int64_t end = line + 1;  // the cursor's lines, when the line is found
    const auto storedEnd = m_recentFirst + static_cast<std::int64_t>(m_recent.size());
    if (end < m_recentFirst || end - storedEnd > kRecentKeep) {
        // A jump: the recent lines come in the seek's own pass (syncRecent()
        // then has nothing to fetch).
        m_recent.clear();
        m_recentFirst = std::max<std::int64_t>(0, end - kRecentKeep);
        guarded([&] { found = m_recording->seekLine(line, m_recentFirst, m_recent); });
        if (!found || cursorLines() != end ||
            static_cast<std::int64_t>(m_recent.size()) != end - m_recentFirst) {
            m_recent.clear();  // the run ended before the line: syncRecent() starts afresh
            m_recentFirst = cursorLines() + 1;
        }
    } else {
        guarded([&] { found = m_recording->seekLine(line); });
    }
    m_atLine = found;
    afterMove(true);
}

std::int64_t Run::cursorLine() const
{
    if (!m_recording) {
        return -1;
    }
    const Moment& m = moment();
    return m.line ? m.line->index : m.lines - 1;
}

void Run::stepForward()
{
    if (!m_recording) {
        return;
    }
    const std::int64_t next = m_atLine ? cursorLine() + 1 : cursorLines();
    if (headEnded() && next >= headLines()) {
        if (!m_atLine && headLines() > 0) {
            seekLine(headLines() - 1);  // show the last line itself
        }
        return;
    }
    seekLine(next);
}

void Run::stepBack()
{
    if (!m_recording) {
        return;
    }
    const std::int64_t back = m_atLine ? cursorLine() - 1 : cursorLines() - 1;
    if (back >= 0) {
        seekLine(back);
    }
}

bool Run::toPreviousPauseOrDrain()
{
    if (!m_recording) {
        return false;
    }
    const std::int64_t before = m_atLine ? cursorLine() : cursorLines();
    std::optional<std::int64_t> line;
    guarded([&] { line = m_recording->previousLine(before, kPauseOrDrain); });
    if (!line) {
        return false;
    }
    seekLine(*line);
    return true;
}

bool Run::toNextPauseOrDrain()
{
    if (!m_recording) {
        return false;
    }
    const std::int64_t after = m_atLine ? cursorLine() : cursorLines() - 1;
    std::optional<std::int64_t> line;
    guarded([&] { line = m_recording->nextLine(after, kPauseOrDrain, kSearchAhead); });
    if (!line) {
        return false;
    }
    seekLine(*line);
    return true;
}

void Run::toStart()
{
    seekLine(0);
}

void Run::toBeforeFirstLine()
{
    guarded([this] { m_recording->seekStart(); });
    m_atLine = false;
    afterMove(true);
}

void Run::toEnd()
{
    if (!m_recording) {
        return;
    }
    seekTime(headTime());
}

const Moment& Run::moment() const
{
    return m_recording ? m_recording->moment() : m_empty;
}

bool Run::cursorAtHead() const
{
    return m_recording && cursorLines() >= headLines() && !m_atLine;
}

bool Run::atEnd() const
{
    if (!m_recording) {
        return true;
    }
    return (headEnded() || !m_stopReason.empty()) && cursorLines() >= headLines() &&
           moment().t >= headTime();
}

std::int64_t Run::headLines() const
{
    return m_recording ? m_recording->headLines() : 0;
}

std::int64_t Run::headTime() const
{
    return m_recording ? m_recording->headTime() : 0;
}

bool Run::headEnded() const
{
    return m_recording && (m_recording->headEnded() || !m_stopReason.empty());
}

Outcome Run::outcome() const
{
    return moment().outcome;
}

RunSummary Run::summary() const
{
    const Moment& m = moment();
    if (m.stages.empty()) {
        return {};
    }
    return summarizeRun(m.stats, m.stages.back(), m.t, m.outcome);
}

void Run::lines(std::int64_t first, std::int64_t count, TraceSink& out)
{
    first = std::max<std::int64_t>(0, first);
    const auto recentEnd = m_recentFirst + static_cast<std::int64_t>(m_recent.size());
    if (count > 0 && first >= m_recentFirst && first + count <= recentEnd) {
        // The lines before the cursor that the views keep (the event log's
        // page around the cursor after a jump): no re-simulation.
        for (std::int64_t i = first; i < first + count; ++i) {
            out.record(m_recent.at(static_cast<std::size_t>(i - m_recentFirst)));
        }
        return;
    }
    guarded([&] { m_recording->lines(first, count, out); });
}

std::vector<RecordedLine> Run::lines(std::int64_t first, std::int64_t count)
{
    std::vector<RecordedLine> out;
    guarded([&] { out = m_recording->lines(first, count); });
    return out;
}

void Run::samples(std::int64_t fromMs, std::int64_t toMs, SampleSink& out)
{
    guarded([&] { m_recording->samples(fromMs, toMs, out); });
}

const SeriesSummary* Run::seriesSummary() const
{
    return m_recording ? &m_recording->summary() : nullptr;
}

RecordingCost Run::cost() const
{
    return m_recording ? m_recording->cost() : RecordingCost{};
}

bool Run::applyTimingEdit(std::size_t stage, const StageTiming& timing)
{
    if (!m_recording || stage >= m_scenario.stages.size()) {
        return false;
    }
    const bool fork = !cursorAtHead();
    if (fork) {
        m_beforeFork = BeforeFork{m_recording->spec(), headLines(), cursorLine()};
    }
    const std::int64_t at = cursorLine();
    guarded([&] { m_recording->applyTimingEdit(stage, timing); });
    m_scenario = editedScenario(m_recording->spec());
    if (fork) {
        ++m_generation;
        m_recent.clear();
        m_recentFirst = 0;
        m_recentVisible = 0;
        m_endReported = false;
        Q_EMIT loaded();
        Q_EMIT forked(at);
        afterMove(true);
    }
    return fork;
}

void Run::undoFork()
{
    if (!m_beforeFork) {
        return;
    }
    const BeforeFork before = std::move(*m_beforeFork);
    m_beforeFork.reset();
    loadSpec(before.spec, before.headLines);
    seekLine(before.cursorLine);
}

RecordingSpec Run::spec() const
{
    return m_recording ? m_recording->spec() : RecordingSpec{};
}

std::size_t Run::recentFrom() const
{
    const std::int64_t from = std::max<std::int64_t>(0, cursorLines() - kRecentKeep);
    return static_cast<std::size_t>(std::clamp<std::int64_t>(
        from - m_recentFirst, 0, static_cast<std::int64_t>(m_recentVisible)));
}

void Run::syncRecent()
{
    const std::int64_t end = cursorLines();
    const auto storedEnd = m_recentFirst + static_cast<std::int64_t>(m_recent.size());
    if (end < m_recentFirst || end - storedEnd > kRecentKeep ||
        static_cast<std::int64_t>(m_recent.size()) > 2 * kRecentKeep) {
        // A jump, or too much kept: the last kRecentKeep lines afresh.
        m_recent.clear();
        m_recentFirst = std::max<std::int64_t>(0, end - kRecentKeep);
        guarded([&] { m_recording->lines(m_recentFirst, end - m_recentFirst, m_recent); });
    } else if (end > storedEnd) {
        guarded([&] { m_recording->lines(storedEnd, end - storedEnd, m_recent); });
    }
    m_recentVisible = static_cast<std::size_t>(std::clamp<std::int64_t>(
        end - m_recentFirst, 0, static_cast<std::int64_t>(m_recent.size())));
}

void Run::afterMove(bool jump)
{
    if (!m_recording) {
        return;
    }
    syncRecent();
    ++m_revision;
    if (jump) {
        Q_EMIT jumped();
    }
    Q_EMIT cursorMoved();
    const bool end = atEnd();
    if (end && !m_endReported) {
        m_endReported = true;
        Q_EMIT ended();
    } else if (!end) {
        m_endReported = false;
    }
}

}  // namespace bplab::ui
