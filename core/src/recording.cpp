#include "bplab_core/recording.h"

#include <algorithm>
#include <cassert>
#include <utility>

#include "arena.h"
#include "bplab_core/explain.h"

namespace bplab {

namespace {

// A seek saves the boundary before each step that starts this close to the
// target line, so that stepping one line back or forth re-simulates a step.
constexpr std::int64_t kScratchLines = 16;
// A line seek keeps up to kNearCount boundaries, kNearEveryLines apart, of
// the last kNearCount * kNearEveryLines lines before its target: the views
// read those lines and the samples there right after a jump.
constexpr std::int64_t kNearCount = 4;
constexpr std::int64_t kNearEveryLines = 4096;
constexpr std::size_t kMaxSummaryLevelsAssumed = 12;
constexpr std::size_t kMaxLevelCapacity = 4096;
constexpr std::size_t kMinLevelCapacity = 16;

std::size_t summaryCapacityFor(const Scenario& scenario, std::size_t budget)
{
    const std::size_t bucket = SeriesSummary::bucketBytesFor(scenario.stages.size());
    const std::size_t capacity = budget / 8 / (bucket * kMaxSummaryLevelsAssumed);
    return std::clamp(capacity, kMinLevelCapacity, kMaxLevelCapacity);
}

}  // namespace

struct Recording::Checkpoint {
    Boundary at;
    SimulationArena::Image image;
    SeriesSummary::Mark summary;
    std::int64_t fedSamplesThrough = -1;
    std::size_t bytes = 0;
};

// The recording's trace and sample sink. It lives in the arena, so its
// counters, the last sample and the explainer's context are part of every
// checkpoint; it calls out to the recording with the arena suspended.
class Recording::Tap final : public TraceSink, public SampleSink {
public:
    Tap(Recording& owner, const Scenario& scenario, std::optional<NodeProfile> profile,
        bool explain)
        : m_owner(&owner)
    {
        if (explain) {
            m_explainer = std::make_unique<Explainer>(scenario, profile);
        }
    }

    void record(const TraceEvent& event) override
    {
        const std::int64_t index = m_lines++;
        Recording& o = *m_owner;
        if (index == o.m_captureLine) {
            m_simulation->snapshot(m_stages);
            std::string why;
            if (m_explainer) {
                why = m_explainer->explain(event, m_stages);
            }
            ArenaScope outside(nullptr);
            o.onCapture(index, event, m_stages, why, m_hasSample ? &m_lastSample : nullptr);
        } else if (m_explainer) {
            m_explainer->observe(event);
        }
        if (index >= o.m_fedLines || (index >= o.m_deliverFrom && index < o.m_deliverTo)) {
            ArenaScope outside(nullptr);
            o.onLine(index, event);
        }
    }

    void sample(const Sample& sample) override
    {
        m_lastSample = sample;
        m_hasSample = true;
        const Recording& o = *m_owner;
        if (sample.t > o.m_fedSamplesThrough ||
            (o.m_sampleSink != nullptr && sample.t >= o.m_sampleFrom && sample.t < o.m_sampleTo)) {
            ArenaScope outside(nullptr);
            m_owner->onSample(sample);
        }
    }

    Recording* m_owner;
    Simulation* m_simulation = nullptr;
    std::unique_ptr<Explainer> m_explainer;
    std::int64_t m_lines = 0;  // lines written: the next line's index
    Sample m_lastSample;
    bool m_hasSample = false;
    std::vector<StageSnapshot> m_stages;
};

// Lines [from, to) of the steps run while it lives go to `out` as well.
class Recording::DeliveryScope {
public:
    DeliveryScope(Recording& owner, std::int64_t from, std::int64_t to, TraceSink& out)
        : m_owner(owner)
    {
        m_owner.m_deliverFrom = from;
        m_owner.m_deliverTo = to;
        m_owner.m_deliverSink = &out;
    }
    ~DeliveryScope()
    {
        m_owner.m_deliverSink = nullptr;
        m_owner.m_deliverFrom = 0;
        m_owner.m_deliverTo = 0;
    }
    DeliveryScope(const DeliveryScope&) = delete;
    DeliveryScope& operator=(const DeliveryScope&) = delete;

private:
    Recording& m_owner;
};

Recording::Recording(Scenario scenario, SimulationOptions options,
                     RecordingOptions recordingOptions)
    : m_scenario(std::move(scenario)),
      m_options(std::move(options)),
      m_recordingOptions(recordingOptions),
      m_arena(std::make_unique<SimulationArena>()),
      m_checkpointEvery(std::max<std::int64_t>(1, recordingOptions.firstCheckpointEveryLines)),
      m_summary(std::make_unique<SeriesSummary>(
          m_scenario, recordingOptions.summaryBaseMs,
          summaryCapacityFor(m_scenario, recordingOptions.memoryBudgetBytes)))
{
    createSimulation();
    takeCheckpoint();
    fillMomentFromSimulation();
}

Recording::Recording(const RecordingSpec& spec, std::int64_t headLines,
                     RecordingOptions recordingOptions)
    : Recording(spec.scenario, spec.options, recordingOptions)
{
    m_edits = spec.edits;
    std::stable_sort(m_edits.begin(), m_edits.end(),
                     [](const TimingEdit& a, const TimingEdit& b) { return a.step < b.step; });
    applyEditsAt(0);
    while (m_head.line < headLines && stepOnce()) {
    }
    fillMomentFromSimulation();
    m_momentBoundary = m_position;
}

Recording::~Recording()
{
    ArenaScope inside(m_arena.get());
    delete m_simulation;
    delete m_tap;
}

void Recording::createSimulation()
{
    ArenaScope inside(m_arena.get());
    m_tap = new Tap(*this, m_scenario, m_options.profile, m_recordingOptions.explanations);
    m_simulation = new Simulation(Scenario(m_scenario), m_options);
    m_tap->m_simulation = m_simulation;
    m_simulation->addTraceSink(m_tap);
    m_simulation->addSampleSink(m_tap);
}

// ------------------------------------------------------------------ checkpoints

void Recording::takeCheckpoint()
{
    Checkpoint c;
    c.at = m_position;
    c.image = m_arena->save();
    c.summary = m_summary->mark();
    c.fedSamplesThrough = m_fedSamplesThrough;
    c.bytes =
        c.image.capacity() + c.summary.open.size() * m_summary->bucketBytes() + sizeof(Checkpoint);
    m_checkpointBytes += c.bytes;
    m_checkpoints.push_back(std::move(c));
    thin();
}

// Over the budget, drops one checkpoint at a time (never the first or the
// newest): the one whose two gaps together are the narrowest, so the gaps
// stay even and the budget stays used, rather than halving the checkpoints
// at once. The spacing of new checkpoints doubles when the narrowest joined
// gap passes twice the spacing: new gaps then match the joined ones.
void Recording::thin()
{
    while (m_checkpoints.size() > 2 && totalBytes() > m_recordingOptions.memoryBudgetBytes) {
        std::size_t drop = 1;
        std::int64_t narrowest = m_checkpoints[2].at.line - m_checkpoints[0].at.line;
        for (std::size_t i = 2; i + 1 < m_checkpoints.size(); ++i) {
            const std::int64_t joined = m_checkpoints[i + 1].at.line - m_checkpoints[i - 1].at.line;
            if (joined < narrowest) {
                narrowest = joined;
                drop = i;
            }
        }
        while (2 * m_checkpointEvery < narrowest) {
            m_checkpointEvery *= 2;
        }
        m_checkpointBytes -= m_checkpoints[drop].bytes;
        m_checkpoints.erase(m_checkpoints.begin() + static_cast<std::ptrdiff_t>(drop));
    }
}

void Recording::restore(const Checkpoint& checkpoint)
{
    m_arena->restore(checkpoint.image);
    m_position = checkpoint.at;
    m_samplesThrough = -1;
    applyEditsAt(m_position.step);
}

std::size_t Recording::checkpointIndexForLine(std::int64_t line) const
{
    auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), line,
                               [](std::int64_t l, const Checkpoint& c) { return l < c.at.line; });
    return static_cast<std::size_t>(it - m_checkpoints.begin()) - 1;  // the first is at line 0
}

// ------------------------------------------------------------------ stepping

bool Recording::stepOnce()
{
    if (m_simulation->ended()) {
        return false;
    }
    const std::int64_t before = m_position.line;
    {
        ArenaScope inside(m_arena.get());
        m_simulation->step();
    }
    ++m_position.step;
    m_position.line = m_tap->m_lines;
    m_position.t = m_simulation->now();
    m_samplesThrough = -1;
    m_maxStepLines = std::max(m_maxStepLines, m_position.line - before);
    if (m_position.step > m_head.step) {
        m_head = m_position;
        m_headOutcome = m_simulation->outcome();
        if (m_head.line - m_checkpoints.back().at.line >= m_checkpointEvery) {
            takeCheckpoint();  // before this boundary's edits: restore applies them
        }
    }
    applyEditsAt(m_position.step);
    return true;
}

void Recording::applyEditsAt(std::int64_t step)
{
    auto it = std::lower_bound(m_edits.begin(), m_edits.end(), step,
                               [](const TimingEdit& e, std::int64_t s) { return e.step < s; });
    for (; it != m_edits.end() && it->step == step; ++it) {
        ArenaScope inside(m_arena.get());
        m_simulation->setStageTiming(it->stage, it->timing);
    }
}

void Recording::moveToLineStart(std::int64_t line)
{
    const Checkpoint& c = m_checkpoints[checkpointIndexForLine(line)];
    const Checkpoint* from = &c;
    if (m_scratch && m_scratch->at.line <= line && m_scratch->at.step > from->at.step) {
        from = m_scratch.get();
    }
    if (const Checkpoint* n = nearestNear(&Boundary::line, line);
        n != nullptr && n->at.step > from->at.step) {
        from = n;
    }
    if (m_position.line <= line && m_position.step >= from->at.step) {
        return;  // going on from here is no more work
    }
    restore(*from);
}

void Recording::moveToBoundary(std::int64_t step)
{
    if (m_position.step == step && m_samplesThrough < 0) {
        return;
    }
    auto it = std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), step,
                               [](std::int64_t s, const Checkpoint& c) { return s < c.at.step; });
    const Checkpoint* from = &*(it - 1);
    if (m_scratch && m_scratch->at.step <= step && m_scratch->at.step > from->at.step) {
        from = m_scratch.get();
    }
    if (const Checkpoint* n = nearestNear(&Boundary::step, step);
        n != nullptr && n->at.step > from->at.step) {
        from = n;
    }
    if (!(m_position.step < step && m_position.step >= from->at.step)) {
        restore(*from);
    }
    while (m_position.step < step && stepOnce()) {
    }
}

// ------------------------------------------------------------------ moments

bool Recording::seekLine(std::int64_t index)
{
    index = std::max<std::int64_t>(0, index);
    moveToLineStart(index);
    if (!seekLineFromHere(index)) {
        // The run ended before that line: its last line.
        return m_head.line > 0 && seekLine(m_head.line - 1);
    }
    return true;
}

bool Recording::seekLine(std::int64_t index, std::int64_t from, TraceSink& out)
{
    index = std::max<std::int64_t>(0, index);
    from = std::clamp<std::int64_t>(from, 0, index);
    moveToLineStart(from);
    bool found = false;
    {
        const DeliveryScope delivering(*this, from, index + 1, out);
        found = seekLineFromHere(index);
    }
    if (!found) {
        return m_head.line > 0 && seekLine(m_head.line - 1);
    }
    return true;
}

// Steps from the present position until line `index` has been recorded (its
// moment captured) and its step has finished; false if the run ends first.
bool Recording::seekLineFromHere(std::int64_t index)
{
    m_captureLine = index;
    m_captured = false;
    while (!m_captured) {
        keepNear(index);
        if (index - m_position.line < kScratchLines &&
            (!m_scratch || m_scratch->at != m_position) && m_samplesThrough < 0) {
            if (!m_scratch) {
                m_scratch = std::make_unique<Checkpoint>();
            }
            m_scratch->at = m_position;
            m_arena->saveInto(m_scratch->image);
            m_scratch->bytes = m_scratch->image.capacity() + sizeof(Checkpoint);
            thin();  // the scratch image counts against the budget too
        }
        if (!stepOnce()) {
            break;
        }
    }
    m_captureLine = -1;
    if (m_captured) {
        m_momentBoundary = m_position;
    }
    return m_captured;
}

// Saves the present boundary among the near checkpoints when it lies within
// kNearCount * kNearEveryLines lines before `target` and at least
// kNearEveryLines after the one kept before it.
void Recording::keepNear(std::int64_t target)
{
    if (m_samplesThrough >= 0 || target - m_position.line > kNearCount * kNearEveryLines) {
        return;
    }
    const Checkpoint* before = nearestNear(&Boundary::step, m_position.step);
    if (before != nullptr && (before->at.step == m_position.step ||
                              m_position.line - before->at.line < kNearEveryLines)) {
        return;
    }
    Checkpoint c;
    if (m_near.size() >= static_cast<std::size_t>(kNearCount)) {
        // The one taken first makes room; its pages are reused.
        c = std::move(m_near.front());
        m_near.erase(m_near.begin());
    }
    c.at = m_position;
    m_arena->saveInto(c.image);
    c.bytes = c.image.capacity() + sizeof(Checkpoint);
    m_near.push_back(std::move(c));
    thin();  // near images count against the budget too
}

// The near checkpoint latest in the run whose `field` is at most `value`.
const Recording::Checkpoint* Recording::nearestNear(std::int64_t Boundary::*field,
                                                    std::int64_t value) const
{
    const Checkpoint* best = nullptr;
    for (const Checkpoint& c : m_near) {
        if (c.at.*field <= value && (best == nullptr || c.at.step > best->at.step)) {
            best = &c;
        }
    }
    return best;
}

void Recording::seekStart()
{
    restore(m_checkpoints.front());
    fillMomentFromSimulation();
    m_momentBoundary = m_position;
}

void Recording::moveToTimeStart(std::int64_t t, bool samplesFromT)
{
    auto it =
        std::upper_bound(m_checkpoints.begin(), m_checkpoints.end(), t,
                         [](std::int64_t time, const Checkpoint& c) { return time < c.at.t; });
    const Checkpoint* from = &*(it - 1);  // the first is at t = 0
    if (m_scratch && m_scratch->at.t <= t && m_scratch->at.step > from->at.step) {
        from = m_scratch.get();
    }
    if (const Checkpoint* n = nearestNear(&Boundary::t, t);
        n != nullptr && n->at.step > from->at.step) {
        from = n;
    }
    // Samples emitted past the position must not pass t (nor reach it, when
    // the samples from t on are wanted).
    const bool samplesOk =
        m_samplesThrough < 0 || (samplesFromT ? m_samplesThrough < t : m_samplesThrough <= t);
    if (!(m_position.t <= t && m_position.step >= from->at.step && samplesOk)) {
        restore(*from);
    }
}

void Recording::runThrough(std::int64_t t)
{
    for (;;) {
        const std::optional<std::int64_t> due = m_simulation->nextDue();
        if (!due || *due > t) {
            break;
        }
        stepOnce();
    }
    if (!m_simulation->ended()) {
        ArenaScope inside(m_arena.get());
        m_simulation->runUntil(t);  // every timer due by t has run: emits the samples through t
        m_samplesThrough = t;
    }
}

void Recording::seekTime(std::int64_t t)
{
    t = std::max<std::int64_t>(0, t);
    moveToTimeStart(t, false);
    runThrough(t);
    fillMomentFromSimulation(t);
    m_momentBoundary = m_position;
}

void Recording::samples(std::int64_t fromMs, std::int64_t toMs, SampleSink& out)
{
    fromMs = std::max<std::int64_t>(0, fromMs);
    if (toMs <= fromMs) {
        return;
    }
    moveToTimeStart(fromMs, true);
    m_sampleFrom = fromMs;
    m_sampleTo = toMs;
    m_sampleSink = &out;
    runThrough(toMs - 1);
    m_sampleSink = nullptr;
}

void Recording::fillMomentFromSimulation(std::optional<std::int64_t> time)
{
    m_moment.t = time && !m_simulation->ended() ? *time : m_simulation->now();
    m_moment.lines = m_tap->m_lines;
    m_moment.line.reset();
    m_simulation->snapshot(m_moment.stages);
    m_moment.sample.reset();
    if (m_tap->m_hasSample) {
        m_moment.sample = m_tap->m_lastSample;
    }
    m_moment.stats = m_simulation->stats();
    m_moment.memory = m_simulation->memory();
    m_moment.outcome = m_simulation->outcome();
    m_moment.explanation.clear();
}

void Recording::onCapture(std::int64_t index, const TraceEvent& event,
                          const std::vector<StageSnapshot>& stages, const std::string& why,
                          const Sample* sample)
{
    m_captured = true;
    m_moment.t = event.t;
    m_moment.lines = index + 1;
    RecordedLine line;
    line.index = index;
    line.event = event;
    line.event.message = {};
    line.message = std::string(event.message);
    m_moment.line = std::move(line);
    m_moment.stages = stages;
    m_moment.sample.reset();
    if (sample != nullptr) {
        m_moment.sample = *sample;
    }
    m_moment.stats = m_simulation->stats();
    m_moment.memory = m_simulation->memory();
    m_moment.outcome = m_simulation->outcome();
    m_moment.explanation = why;
}

// ------------------------------------------------------------------ lines and samples

void Recording::onLine(std::int64_t index, const TraceEvent& event)
{
    if (index >= m_fedLines) {
        m_summary->addLine(index, event);
        if (m_recordingOptions.recentLines > 0) {
            if (m_recent.size() >= m_recordingOptions.recentLines) {
                m_recentBytes -= sizeof(RecordedLine) + m_recent.front().message.size();
                m_recent.pop_front();
            }
            RecordedLine line;
            line.index = index;
            line.event = event;
            line.event.message = {};
            line.message = std::string(event.message);
            m_recentBytes += sizeof(RecordedLine) + line.message.size();
            m_recent.push_back(std::move(line));
        }
        m_fedLines = index + 1;
    }
    if (m_deliverSink != nullptr && index >= m_deliverFrom && index < m_deliverTo) {
        m_deliverSink->record(event);
    }
}

void Recording::onSample(const Sample& sample)
{
    if (sample.t > m_fedSamplesThrough) {
        m_summary->addSample(sample);
        m_fedSamplesThrough = sample.t;
    }
    if (m_sampleSink != nullptr && sample.t >= m_sampleFrom && sample.t < m_sampleTo) {
        m_sampleSink->sample(sample);
    }
}

void Recording::lines(std::int64_t first, std::int64_t count, TraceSink& out)
{
    first = std::max<std::int64_t>(0, first);
    if (count <= 0) {
        return;
    }
    const std::int64_t end = first + count;
    if (!m_recent.empty() && first >= m_recent.front().index && end <= m_fedLines) {
        for (auto i = static_cast<std::size_t>(first - m_recent.front().index);
             i < m_recent.size() && m_recent[i].index < end; ++i) {
            TraceEvent event = m_recent[i].event;
            event.message = m_recent[i].message;
            out.record(event);
        }
        return;
    }
    moveToLineStart(first);
    const DeliveryScope delivering(*this, first, end, out);
    while (m_position.line < end && stepOnce()) {
    }
}

// ------------------------------------------------------------------ edits

void Recording::applyTimingEdit(std::size_t stage, const StageTiming& timing)
{
    const Boundary at = m_momentBoundary;
    if (at.step < m_head.step) {
        // A fork: forget the future, then simulate again, as the head, from
        // the last checkpoint up to the edit's boundary.
        while (!m_edits.empty() && m_edits.back().step > at.step) {
            m_edits.pop_back();
        }
        while (m_checkpoints.size() > 1 && m_checkpoints.back().at.step > at.step) {
            m_checkpointBytes -= m_checkpoints.back().bytes;
            m_checkpoints.pop_back();
        }
        if (m_scratch && m_scratch->at.step > at.step) {
            m_scratch.reset();
        }
        std::erase_if(m_near, [&at](const Checkpoint& n) { return n.at.step > at.step; });
        const Checkpoint& c = m_checkpoints.back();
        m_summary->rewind(c.summary);
        m_fedSamplesThrough = c.fedSamplesThrough;
        m_fedLines = c.at.line;
        m_recent.clear();
        m_recentBytes = 0;
        m_head = c.at;
        m_headOutcome = Outcome::Running;
        restore(c);
        while (m_position.step < at.step && stepOnce()) {
        }
    } else {
        moveToBoundary(at.step);
    }
    m_edits.push_back(TimingEdit{at.step, at.line, at.t, stage, timing});
    ArenaScope inside(m_arena.get());
    m_simulation->setStageTiming(stage, timing);
}

RecordingSpec Recording::spec() const
{
    return RecordingSpec{m_scenario, m_options, m_edits};
}

// ------------------------------------------------------------------ figures

std::int64_t Recording::headLines() const
{
    return m_head.line;
}

std::int64_t Recording::headTime() const
{
    return m_head.t;
}

bool Recording::headEnded() const
{
    return m_headOutcome != Outcome::Running;
}

Outcome Recording::headOutcome() const
{
    return m_headOutcome;
}

// The scratch and near checkpoints' images.
std::size_t Recording::nearBytes() const
{
    std::size_t bytes = m_scratch ? m_scratch->bytes : 0;
    for (const Checkpoint& c : m_near) {
        bytes += c.bytes;
    }
    return bytes;
}

std::size_t Recording::totalBytes() const
{
    return m_checkpointBytes + nearBytes() + m_summary->memoryBytes() + m_recentBytes +
           m_arena->usedBytes();
}

RecordingCost Recording::cost() const
{
    RecordingCost c;
    c.checkpoints = m_checkpoints.size();
    c.checkpointBytes = m_checkpointBytes + nearBytes();
    c.summaryBytes = m_summary->memoryBytes();
    c.recentLineBytes = m_recentBytes;
    c.simulationBytes = m_arena->usedBytes();
    c.totalBytes = totalBytes();
    c.budgetBytes = m_recordingOptions.memoryBudgetBytes;
    c.checkpointEveryLines = m_checkpointEvery;
    std::int64_t widest = 0;
    for (std::size_t i = 1; i < m_checkpoints.size(); ++i) {
        widest = std::max(widest, m_checkpoints[i].at.line - m_checkpoints[i - 1].at.line);
    }
    widest = std::max(widest, m_head.line - m_checkpoints.back().at.line);
    c.widestGapLines = widest + m_maxStepLines;
    return c;
}

}  // namespace bplab
