#include "bplab_ui/charts_panel.h"

#include "bplab_charts/time_chart.h"
#include "bplab_ui/format.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QSignalBlocker>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace bplab::ui {

using charts::LineStyle;
using charts::MarkerShape;
using charts::MarkerStyle;
using charts::SeriesStyle;
using charts::TimeChart;

namespace {

// Event kinds with a lane mark, and where in the lane they sit.
struct LaneKind {
    EventKind kind;
    StageCount count;  // its per-stage count in the summaries
    const char* name;
    QColor colour;
    MarkerShape shape;
    double size;
    double offset;
    bool onlyFalse = false;  // a write line only when write() returned false
};

const LaneKind kLaneKinds[] = {
    {EventKind::Pause, StageCount::Pause, "pause", QColor(240, 140, 0), MarkerShape::Rectangle,
     10.0, 0.3},
    {EventKind::Write, StageCount::WriteFalse, "write() false", QColor(200, 0, 120),
     MarkerShape::TriangleDown, 11.0, 0.1, true},
    {EventKind::Resume, StageCount::Resume, "resume", QColor(43, 138, 62), MarkerShape::Triangle,
     11.0, -0.1},
    {EventKind::Drain, StageCount::Drain, "drain", QColor(28, 110, 200), MarkerShape::Diamond, 11.0,
     -0.3},
    {EventKind::End, StageCount::End, "end", QColor(73, 80, 87), MarkerShape::Circle, 13.0, 0.0},
    {EventKind::Finish, StageCount::Finish, "finish", QColor(20, 20, 20), MarkerShape::Star, 14.0,
     0.0},
    {EventKind::Error, StageCount::Error, "error", QColor(220, 20, 20), MarkerShape::Pentagon, 18.0,
     0.0},
};

// The "and N more" group in every chart.
const QColor kGroupColour(110, 110, 110);
// The memory chart's bands of scenario-v2 section 5: the pool's slabs (pale,
// mostly space) and what retained slices pin (red: the leak to see).
const QColor kSlabColour(170, 175, 200, 190);
const QColor kRetainedColour(214, 39, 40, 200);

double niceCeilSeconds(double seconds)
{
    if (seconds <= 1.0) {
        return 1.0;
    }
    const double base = std::pow(10.0, std::floor(std::log10(seconds)));
    for (const double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (step * base >= seconds) {
            return step * base;
        }
    }
    return 10.0 * base;
}

// The marks of the window's stretch before the recent lines, from the
// summaries' per-stage counts at the finest level kept that needs at most a
// bucket per mark column; returns the time (ms) the lines take over from (the
// end of the last bucket used), or fromMs when the summaries add nothing.
template <typename Add>
std::int64_t summaryLanes(const ChartsInput& input, std::size_t stages, double t0, double t1,
                          std::int64_t fromMs, double columnS, Add&& add)
{
    const TraceStore& trace = *input.trace;
    const SeriesSummary* summary = input.summary;
    const std::size_t end = std::min(input.visibleTraceCount, trace.size());
    if (summary == nullptr ||
        input.traceFirstLine + static_cast<std::int64_t>(input.traceFrom) == 0 ||
        input.traceFrom >= end || summary->stageCount() != stages) {
        return fromMs;  // the lines reach back to the run's first
    }
    const std::int64_t firstRecentMs = trace.timeAt(input.traceFrom);
    if (firstRecentMs < fromMs) {
        return fromMs;  // the lines cover the window
    }
    const auto nowMs = static_cast<std::int64_t>(std::floor(input.nowMs));
    const auto columns = static_cast<std::size_t>(std::max(1.0, std::ceil((t1 - t0) / columnS)));
    const std::size_t level = summary->levelFor(fromMs, firstRecentMs + 1, columns);
    const std::int64_t width = summary->bucketMs(level);
    // Whole buckets up to the one holding the first recent line, unless that
    // one also holds lines past the cursor: then up to the one before it.
    std::int64_t splitMs = (firstRecentMs / width + 1) * width;
    if (splitMs > nowMs) {
        splitMs = firstRecentMs / width * width;
    }
    if (splitMs <= fromMs) {
        return fromMs;
    }
    const auto put = [&](std::size_t from, std::int64_t fromBucketMs, std::int64_t toMs) {
        const std::int64_t w = summary->bucketMs(from);
        for (const SummaryBucket& b : summary->buckets(from, fromBucketMs, toMs)) {
            if (b.stageCounts.size() != stages * kStageCountKinds || b.firstLine < 0) {
                continue;
            }
            const double t = static_cast<double>(std::max(b.index * w, fromMs)) / 1000.0;
            for (std::size_t stage = 0; stage < stages; ++stage) {
                for (std::size_t k = 0; k < std::size(kLaneKinds); ++k) {
                    const std::int64_t n =
                        b.stageCounts[SeriesSummary::stageCountIndex(stage, kLaneKinds[k].count)];
                    if (n > 0) {
                        add(k, stage, t, static_cast<int>(std::min<std::int64_t>(n, INT_MAX)),
                            static_cast<qint64>(b.firstLine - input.traceFirstLine));
                    }
                }
            }
        }
    };
    // A bucket that starts before the window would count lines before it:
    // that part comes from the finest level kept there.
    const std::int64_t wholeFrom = std::min(splitMs, (fromMs + width - 1) / width * width);
    if (wholeFrom > fromMs) {
        put(summary->levelFor(fromMs, wholeFrom, std::numeric_limits<std::size_t>::max()), fromMs,
            wholeFrom);
    }
    if (splitMs > wholeFrom) {
        put(level, wholeFrom, splitMs);
    }
    return splitMs;
}

}  // namespace

QColor stageColour(std::size_t index)
{
    static const QColor kPalette[] = {
        QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),  QColor(148, 103, 189),
        QColor(140, 86, 75),  QColor(227, 119, 194), QColor(23, 190, 207), QColor(188, 189, 34),
    };
    return kPalette[index % std::size(kPalette)];
}

ChartsPanel::ChartsPanel(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("timeWindow"));
    m_window->setFocusPolicy(Qt::NoFocus);
    for (const double s : {1.0, 5.0, 10.0, 30.0, 60.0, 300.0}) {
        m_window->addItem(tr("last %1 s").arg(s), s);
    }
    m_window->addItem(tr("whole run"), 0.0);
    m_window->setCurrentIndex(2);
    connect(m_window, &QComboBox::currentIndexChanged, this,
            [this](int index) { setWindowSeconds(m_window->itemData(index).toDouble()); });

    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setChildrenCollapsible(true);
    for (int i = 0; i < ChartCount; ++i) {
        m_charts[i] = new TimeChart(m_splitter);
        m_charts[i]->setObjectName(chartNames().at(i));
        m_charts[i]->setTimeAxisLabelsVisible(i == ChartCount - 1);
        m_charts[i]->setPlotMargins(110, 14);
        m_splitter->addWidget(m_charts[i]);
    }
    m_splitter->setStretchFactor(BufferFill, 4);
    m_splitter->setStretchFactor(EventLanes, 3);
    m_splitter->setStretchFactor(Memory, 4);
    m_splitter->setStretchFactor(Throughput, 4);
    m_charts[BufferFill]->setTitle(tr("Buffers"));
    m_charts[EventLanes]->setTitle(tr("Events"));
    m_charts[Memory]->setTitle(tr("Memory"));
    m_charts[Memory]->setValueAxisTitle(tr("MiB"));
    m_charts[Throughput]->setTitle(tr("Throughput"));
    m_charts[Memory]->setValueFormatter(
        [](double mib) { return formatBytes(mib * 1024.0 * 1024.0); });
    m_charts[Memory]->setMinimumValueMax(0.1);
    layout->addWidget(m_splitter, 1);
    // A chart uncovered by the splitter missed the frames it was hidden for.
    connect(m_splitter, &QSplitter::splitterMoved, this, [this] { m_forceRedraw = true; });

    // One hover cursor across the four charts.
    for (int i = 0; i < ChartCount; ++i) {
        connect(m_charts[i], &TimeChart::cursorMoved, this, [this, i](double t) {
            for (int j = 0; j < ChartCount; ++j) {
                if (j != i) {
                    m_charts[j]->setCursorTime(t);
                }
            }
        });
    }
    connect(m_charts[EventLanes], &TimeChart::markerClicked, this,
            [this](int style, QPointF point) {
                const qint64 index = traceIndexOfMark(style, point);
                if (index >= 0) {
                    Q_EMIT traceLineClicked(index);
                }
            });
}

qint64 ChartsPanel::traceIndexOfMark(int style, QPointF point) const
{
    const auto kind = std::find(m_laneStyles.begin(), m_laneStyles.end(), style);
    if (m_trace == nullptr || kind == m_laneStyles.end()) {
        return -1;
    }
    const LaneKind& lane = kLaneKinds[kind - m_laneStyles.begin()];
    const auto slotCount = static_cast<int>(m_groups.slotCount());
    // Lane i is drawn at y = i from the bottom, the first slot on top.
    const int slot = slotCount - 1 - static_cast<int>(std::lround(point.y() - lane.offset));
    if (slot < 0 || slot >= slotCount) {
        return -1;
    }
    // A mark stands for the lines of its column: the first of them.
    const std::size_t k = static_cast<std::size_t>(kind - m_laneStyles.begin());
    if (k < m_markLines.size()) {
        const std::vector<QPointF>& shown = m_charts[EventLanes]->markerPoints(style);
        for (std::size_t i = 0; i < shown.size() && i < m_markLines[k].size(); ++i) {
            if (shown[i] == point) {
                return m_markLines[k][i] + m_traceFirstLine;
            }
        }
    }
    if (static_cast<std::size_t>(slot) >= m_groups.shownCount()) {
        return -1;  // the group's lane: only its marks' own lines
    }
    const auto stage = static_cast<int>(m_groups.shown()[static_cast<std::size_t>(slot)]);
    const auto timeMs = static_cast<std::int64_t>(std::llround(point.x() * 1000.0));
    const qint64 line = nearestTraceLine(*m_trace, std::min(m_visibleTraceCount, m_trace->size()),
                                         timeMs, stage, lane.kind);
    return line < 0 ? line : line + m_traceFirstLine;
}

qint64 nearestTraceLine(const TraceStore& trace, std::size_t count, std::int64_t timeMs, int stage,
                        EventKind kind)
{
    const auto matches = [&](std::size_t i) {
        return trace.stageAt(i) == stage && trace.kindAt(i) == kind;
    };
    const std::size_t start = std::min(trace.lowerBound(timeMs), count);
    qint64 after = -1;
    for (std::size_t i = start; i < count; ++i) {
        if (matches(i)) {
            after = static_cast<qint64>(i);
            break;
        }
    }
    qint64 before = -1;
    for (std::size_t i = start; i > 0; --i) {
        if (after >= 0 && timeMs - trace.timeAt(i - 1) >=
                              trace.timeAt(static_cast<std::size_t>(after)) - timeMs) {
            break;  // no earlier line can be nearer
        }
        if (matches(i - 1)) {
            before = static_cast<qint64>(i - 1);
            break;
        }
    }
    if (after < 0) {
        return before;
    }
    if (before < 0) {
        return after;
    }
    const std::int64_t toAfter = trace.timeAt(static_cast<std::size_t>(after)) - timeMs;
    const std::int64_t toBefore = timeMs - trace.timeAt(static_cast<std::size_t>(before));
    return toBefore < toAfter ? before : after;
}

ChartsPanel::~ChartsPanel() = default;

QStringList ChartsPanel::chartNames()
{
    return {QStringLiteral("buffer-fill"), QStringLiteral("events"), QStringLiteral("memory"),
            QStringLiteral("throughput")};
}

void ChartsPanel::setCursorTime(double seconds)
{
    for (TimeChart* chart : m_charts) {
        chart->setCursorTime(seconds);
    }
}

QImage ChartsPanel::grabChart(Chart chart)
{
    return m_charts[chart]->exportImage();
}

QImage ChartsPanel::grabAllCharts()
{
    std::vector<QImage> images;
    int width = 0;
    int height = 0;
    for (int c = 0; c < ChartCount; ++c) {
        // One width for all, so that the time axes line up.
        const int wanted = std::max(900, m_charts[c]->width());
        images.push_back(m_charts[c]->exportImage(QSize(wanted, 260)));
        width = std::max(width, images.back().width());
    }
    for (QImage& image : images) {
        if (image.width() != width) {
            image = m_charts[&image - images.data()]->exportImage(QSize(width, image.height()));
        }
        height += image.height();
    }
    QImage all(width, height, QImage::Format_ARGB32_Premultiplied);
    all.fill(Qt::white);
    QPainter painter(&all);
    int y = 0;
    for (const QImage& image : images) {
        painter.drawImage(0, y, image);
        y += image.height();
    }
    return all;
}

void ChartsPanel::setHighContrast(bool on)
{
    for (TimeChart* chart : m_charts) {
        chart->setHighContrast(on);
    }
    m_forceRedraw = true;
}

void ChartsPanel::setPresenting(bool on)
{
    setHighContrast(on);
    // Three charts in large type: throughput waits; memory shows the time axis.
    m_charts[Throughput]->setVisible(!on);
    m_charts[Memory]->setTimeAxisLabelsVisible(on);
    if (!on) {
        setPresentedPair(false, false);
        m_charts[Memory]->setTimeAxisLabelsVisible(false);
        m_charts[Memory]->setMinimumHeight(64);
    }
    // The lanes' names in large type.
    for (TimeChart* chart : m_charts) {
        chart->setPlotMargins(on ? 170 : 110, 14);
    }
    m_forceRedraw = true;
}

void ChartsPanel::setPresentedPair(bool pair, bool memory)
{
    m_charts[EventLanes]->setVisible(!pair || !memory);
    m_charts[Memory]->setVisible(!pair || memory);
    m_charts[EventLanes]->setTimeAxisLabelsVisible(pair && !memory);
    if (pair && !memory) {
        m_charts[Memory]->setTimeAxisLabelsVisible(false);
        m_charts[Memory]->setMinimumHeight(64);
    } else if (m_charts[Throughput]->isHidden()) {
        m_charts[Memory]->setTimeAxisLabelsVisible(true);
    }
    m_forceRedraw = true;
}

bool ChartsPanel::shown(Chart chart) const
{
    const TimeChart* c = m_charts[chart];
    return c->isVisible() && c->width() > 10 && c->height() > 10;
}

void ChartsPanel::setWindowSeconds(double seconds)
{
    m_windowSeconds = std::max(0.0, seconds);
    int index = m_window->findData(m_windowSeconds);
    if (index < 0) {
        // A length not offered (--chart-window 2): offered from now on, in
        // order, so that the selector says what the charts show.
        index = 0;
        while (index < m_window->count() - 1 &&
               m_window->itemData(index).toDouble() < m_windowSeconds) {
            ++index;
        }
        const QSignalBlocker quiet(m_window);  // the current item moves down one
        m_window->insertItem(index, tr("last %1 s").arg(m_windowSeconds), m_windowSeconds);
    }
    if (index != m_window->currentIndex()) {
        m_window->setCurrentIndex(index);
    }
    m_forceRedraw = true;
}

void ChartsPanel::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    m_groups = StageGroups(m_scenario);
    m_groupRows.clear();
    rebuildSeries();
    m_forceRedraw = true;
}

void ChartsPanel::rebuildSeries()
{
    for (TimeChart* chart : m_charts) {
        chart->clear();
    }
    const auto& stages = m_scenario.stages;

    // Buffer fill: raw units when every side speaks the same one, else
    // multiples of each side's highWaterMark.
    m_sides.clear();
    bool anyObjects = false;
    bool anyBytes = false;
    for (const std::size_t i : m_groups.shown()) {
        const Stage& stage = stages[i];
        if (stage.kind != StageKind::Readable) {
            m_sides.push_back({i, false});
            (stage.objectMode.writable ? anyObjects : anyBytes) = true;
        }
        if (stage.kind != StageKind::Writable) {
            m_sides.push_back({i, true});
            (stage.objectMode.readable ? anyObjects : anyBytes) = true;
        }
    }
    // The group's fullest buffer is a multiple of its own side's mark.
    m_normalised = (anyObjects && anyBytes) || m_groups.hasGroup();
    m_unitDivisor = (!anyObjects && !m_normalised) ? 1024.0 : 1.0;
    TimeChart* fill = m_charts[BufferFill];
    fill->setValueAxisTitle(m_normalised ? tr("x highWaterMark")
                                         : (anyObjects ? tr("objects") : tr("KiB")));
    if (m_normalised) {
        fill->setValueFormatter(
            [](double v) { return QStringLiteral("%1x hwm").arg(v, 0, 'f', 2); });
    } else if (anyObjects) {
        fill->setValueFormatter(
            [](double v) { return QStringLiteral("%1 obj").arg(v, 0, 'f', 0); });
    } else {
        fill->setValueFormatter([](double v) { return formatBytes(v * 1024.0); });
    }
    for (SideSeries& side : m_sides) {
        const Stage& stage = stages[side.stage];
        QColor colour = stageColour(m_groups.slotOf(side.stage));
        if (!side.readable && stage.kind == StageKind::Transform) {
            colour = colour.darker(150);
        }
        const QString name =
            QString::fromStdString(stage.id) + (side.readable ? tr(" readable") : tr(" writable"));
        side.series = fill->addSeries(SeriesStyle{name, colour, 2.5});
        if (!m_normalised) {
            side.markSeries = fill->addSeries(SeriesStyle{
                name + tr(" hwm"), colour, 1.5, LineStyle::Dashed, false, -1, false, false});
        }
    }
    m_commonMark = m_normalised
                       ? fill->addSeries(SeriesStyle{tr("highWaterMark"), QColor(30, 30, 30), 1.5,
                                                     LineStyle::Dashed, false, -1, true, false})
                       : -1;
    m_groupFill = m_groups.hasGroup()
                      ? fill->addSeries(SeriesStyle{m_groups.groupLabel() + tr(" (fullest)"),
                                                    kGroupColour, 2.0})
                      : -1;
    fill->setMinimumValueMax(m_normalised ? 1.5 : 1.0);

    // Event lanes: stage 0 at the top.
    TimeChart* lanes = m_charts[EventLanes];
    QStringList laneLabels;
    if (m_groups.hasGroup()) {
        laneLabels << m_groups.groupLabel();
    }
    for (std::size_t k = m_groups.shownCount(); k-- > 0;) {
        laneLabels << QString::fromStdString(stages[m_groups.shown()[k]].id);
    }
    lanes->setLanes(laneLabels);
    m_laneStyles.clear();
    for (const LaneKind& k : kLaneKinds) {
        m_laneStyles.push_back(lanes->addMarkerStyle(
            MarkerStyle{QString::fromUtf8(k.name), k.colour, k.shape, k.size}));
    }

    // Memory: stacked bands per stage (top first, so lower bands paint over).
    // With the Buffer pool or retained slices (scenario-v2 section 5) the
    // process holds more than the stages' payload: over the stages a band of
    // what only retained slices hold, and over it the rest of the pool's
    // slabs alive (the space no buffered chunk uses).
    TimeChart* memory = m_charts[Memory];
    const std::size_t slots = m_groups.slotCount();
    m_memoryBands.assign(slots, -1);
    const bool pool = std::any_of(stages.begin(), stages.end(), [](const Stage& st) {
        return st.allocOrDefault() == Alloc::Pool;
    });
    const bool retain = std::any_of(stages.begin(), stages.end(),
                                    [](const Stage& st) { return st.retainBytesOrDefault() > 0; });
    m_slabBand = -1;
    m_retainedBand = -1;
    int nextId = 0;  // ids are handed out in order, from 0
    const int extraBands = (pool ? 1 : 0) + (retain ? 1 : 0);
    const int topStageBand = slots > 0 ? extraBands : -1;
    if (pool) {
        m_slabBand =
            memory->addSeries(SeriesStyle{tr("pool slabs"), kSlabColour, 1.0, LineStyle::Solid,
                                          true, retain ? nextId + 1 : topStageBand});
        ++nextId;
    }
    if (retain) {
        m_retainedBand = memory->addSeries(SeriesStyle{tr("retained"), kRetainedColour, 1.0,
                                                       LineStyle::Solid, true, topStageBand});
        ++nextId;
    }
    for (std::size_t i = slots; i-- > 0;) {
        const bool group = m_groups.hasGroup() && i == m_groups.groupSlot();
        QColor colour = group ? kGroupColour : stageColour(i);
        colour.setAlpha(200);
        // Bands are added top first (ids nextId, nextId + 1, ...): slot i - 1's comes next.
        const int stackedOn = i > 0 ? extraBands + static_cast<int>(slots - i) : -1;
        const QString name =
            group ? m_groups.groupLabel() : QString::fromStdString(stages[m_groups.shown()[i]].id);
        m_memoryBands[i] =
            memory->addSeries(SeriesStyle{name, colour, 1.0, LineStyle::Solid, true, stackedOn});
    }
    m_externalSeries = memory->addSeries(SeriesStyle{tr("external"), QColor(20, 40, 90), 2.0});
    m_heapSeries = memory->addSeries(SeriesStyle{tr("heap"), QColor(120, 20, 110), 2.0});
    m_limitSeries = -1;
    if (m_scenario.memoryLimitMb) {
        m_limitSeries =
            memory->addSeries(SeriesStyle{tr("memory_limit_mb"), QColor(220, 20, 20), 2.0,
                                          LineStyle::Dashed, false, -1, true, false});
        memory->setMinimumValueMax(static_cast<double>(*m_scenario.memoryLimitMb) * 1.1);
    } else {
        memory->setMinimumValueMax(0.1);
    }
    m_oomStyle = memory->addMarkerStyle(
        MarkerStyle{tr("OOM"), QColor(220, 20, 20), MarkerShape::Rectangle, 16.0});

    // Throughput per stage.
    TimeChart* rate = m_charts[Throughput];
    m_rateSeries.clear();
    m_rateObjects.clear();
    m_rateStages = m_groups.shown();
    bool rateObjects = false;
    bool rateBytes = false;
    for (const std::size_t i : m_rateStages) {
        const Stage& stage = stages[i];
        const bool objects = stage.kind == StageKind::Readable ? stage.objectMode.readable
                                                               : stage.objectMode.writable;
        (objects ? rateObjects : rateBytes) = true;
        m_rateObjects.push_back(objects);
    }
    // The unit in the header when every stage speaks it, else beside each name.
    const bool mixed = rateObjects && rateBytes;
    for (std::size_t k = 0; k < m_rateStages.size(); ++k) {
        const QString unit =
            !mixed ? QString() : (m_rateObjects[k] ? tr(" (obj/s)") : tr(" (KiB/s)"));
        m_rateSeries.push_back(rate->addSeries(SeriesStyle{
            QString::fromStdString(stages[m_rateStages[k]].id) + unit, stageColour(k), 2.5}));
    }
    rate->setValueAxisTitle(mixed ? tr("per s") : (rateObjects ? tr("obj/s") : tr("KiB/s")));
}

std::pair<double, double> ChartsPanel::rangeFor(double nowMs) const
{
    const double nowS = nowMs / 1000.0;
    if (m_windowSeconds > 0.0) {
        // The window jumps by a tenth of its width, so the axis moves rarely.
        const double step = m_windowSeconds / 10.0;
        const double t1 = std::max(m_windowSeconds, std::ceil(nowS / step - 1e-9) * step);
        return {t1 - m_windowSeconds, t1};
    }
    return {0.0, niceCeilSeconds(std::max(nowS, 1.0))};
}

void ChartsPanel::refresh(const ChartsInput& input)
{
    if (input.samples == nullptr || input.trace == nullptr) {
        return;
    }
    m_trace = input.trace;
    m_visibleTraceCount = input.visibleTraceCount;
    m_traceFirstLine = input.traceFirstLine;
    const auto [t0, t1] = rangeFor(input.nowMs);
    const bool unchanged =
        !m_forceRedraw && input.samples->revision() == m_drawnRevision &&
        input.visibleTraceCount == m_drawnTraceCount && input.traceFirstLine == m_drawnFirstLine &&
        input.runGeneration == m_drawnGeneration && t0 == m_drawnT0 && t1 == m_drawnT1;
    if (unchanged) {
        return;
    }
    m_forceRedraw = false;
    m_drawnRevision = input.samples->revision();
    m_drawnTraceCount = input.visibleTraceCount;
    m_drawnFirstLine = input.traceFirstLine;
    m_drawnGeneration = input.runGeneration;
    m_drawnT0 = t0;
    m_drawnT1 = t1;
    m_t0 = t0;
    m_t1 = t1;

    const SampleHistory& h = *input.samples;
    // Rows in view, plus one either side so lines reach the edges; never
    // past the clock (samples of a step not yet revealed stay hidden).
    const auto msOf = [](double s) { return static_cast<std::int64_t>(std::floor(s * 1000.0)); };
    std::size_t first = h.lowerBound(msOf(t0));
    first = first > 0 ? first - 1 : 0;
    std::size_t last = h.lowerBound(static_cast<std::int64_t>(std::floor(input.nowMs)) + 1);
    last = std::min(last, h.size());
    if (h.stageCount() != m_scenario.stages.size()) {
        last = first;
    } else if (m_groups.hasGroup()) {
        m_groupRows.sync(h, m_groups, m_scenario);
    }

    for (int c = 0; c < ChartCount; ++c) {
        if (shown(static_cast<Chart>(c))) {
            m_charts[c]->setTimeRange(t0, t1);
        }
    }
    if (shown(BufferFill)) {
        updateBuffers(input, first, last);
    }
    if (shown(EventLanes)) {
        updateLanes(input);
    }
    if (shown(Memory)) {
        updateMemory(input, first, last);
    }
    if (shown(Throughput)) {
        updateThroughput(input, first, last);
    }
}

void ChartsPanel::updateBuffers(const ChartsInput& input, std::size_t first, std::size_t last)
{
    const SampleHistory& h = *input.samples;
    TimeChart* chart = m_charts[BufferFill];
    std::vector<QPointF> points;
    for (SideSeries& side : m_sides) {
        points.clear();
        points.reserve(last - first);
        double hwm = 0.0;
        for (std::size_t row = first; row < last; ++row) {
            const StagePoint& p = h.at(row, side.stage);
            const auto length =
                static_cast<double>(side.readable ? p.readableLength : p.writableLength);
            double value = length / m_unitDivisor;
            if (m_normalised) {
                value = 0.0;
            }
            points.emplace_back(static_cast<double>(h.timeAt(row)) / 1000.0, value);
        }
        // The side's hwm: from the profile default or the scenario.
        const Stage& stage = m_scenario.stages[side.stage];
        const bool objects = side.readable ? stage.objectMode.readable : stage.objectMode.writable;
        const std::optional<std::int64_t>& given =
            side.readable ? stage.highWaterMark.readable : stage.highWaterMark.writable;
        hwm = static_cast<double>(given ? *given : defaultHighWaterMark(m_scenario.node, objects));
        if (m_normalised) {
            std::size_t i = 0;
            for (std::size_t row = first; row < last; ++row, ++i) {
                const StagePoint& p = h.at(row, side.stage);
                const auto length =
                    static_cast<double>(side.readable ? p.readableLength : p.writableLength);
                points[i].setY(hwm > 0.0 ? length / hwm : 0.0);
            }
        }
        chart->setSeriesPoints(side.series, points);
        if (side.markSeries >= 0) {
            const double mark = hwm / m_unitDivisor;
            chart->setSeriesPoints(side.markSeries, {QPointF(m_t0, mark), QPointF(m_t1, mark)});
        }
    }
    if (m_commonMark >= 0) {
        chart->setSeriesPoints(m_commonMark, {QPointF(m_t0, 1.0), QPointF(m_t1, 1.0)});
    }
    if (m_groupFill >= 0) {
        points.clear();
        for (std::size_t row = first; row < last && row < m_groupRows.size(); ++row) {
            points.emplace_back(static_cast<double>(h.timeAt(row)) / 1000.0,
                                m_groupRows.at(row).fullest);
        }
        chart->setSeriesPoints(m_groupFill, points);
    }
    chart->commit();
}

void ChartsPanel::updateLanes(const ChartsInput& input)
{
    const TraceStore& trace = *input.trace;
    TimeChart* chart = m_charts[EventLanes];
    const std::size_t kinds = std::size(kLaneKinds);
    std::vector<std::vector<QPointF>> marks(kinds);
    m_markLines.assign(kinds, {});
    const std::size_t end = std::min(input.visibleTraceCount, trace.size());
    const auto stageCount = static_cast<int>(m_scenario.stages.size());
    const auto slotCount = static_cast<int>(m_groups.slotCount());
    // At most one mark per kind, lane and column as wide as a mark (14 px),
    // placed at the column's centre and labelled with the number of events it
    // stands for: dense marks stay apart instead of fusing into a bar.
    const double plotPixels = std::max(100.0, chart->positionOf(QPointF(m_t1, 0.0)).x() -
                                                  chart->positionOf(QPointF(m_t0, 0.0)).x());
    const double column = (m_t1 - m_t0) * 14.0 / plotPixels;
    std::vector<double> lastColumn(kinds * static_cast<std::size_t>(std::max(slotCount, 1)),
                                   -std::numeric_limits<double>::infinity());
    // Per kind and slot: the mark of the last column, whose count grows.
    std::vector<std::size_t> lastMark(lastColumn.size(), 0);
    std::vector<std::vector<int>> counts(kinds);
    // `count` lines of lane kind k of `stage` at t (virtual s); `line` is the
    // store index of the first (relative to traceFirstLine, as for the lines).
    const auto add = [&](std::size_t k, std::size_t stage, double t, int count, qint64 line) {
        const double col = std::floor((t - m_t0) / column);
        const auto slot = static_cast<int>(m_groups.slotOf(stage));
        const std::size_t cell =
            k * static_cast<std::size_t>(slotCount) + static_cast<std::size_t>(slot);
        double& seen = lastColumn[cell];
        if (col == seen && kLaneKinds[k].kind != EventKind::Error) {
            counts[k][lastMark[cell]] += count;
        } else {
            lastMark[cell] = marks[k].size();
            counts[k].push_back(count);
            seen = col;
            const double lane = static_cast<double>(slotCount - 1 - slot);
            // A lone error sits where it happened; the rest at the column's centre.
            const double x =
                kLaneKinds[k].kind == EventKind::Error ? t : m_t0 + (col + 0.5) * column;
            marks[k].emplace_back(std::min(x, t + column), lane + kLaneKinds[k].offset);
            m_markLines[k].push_back(line);
        }
    };
    const auto fromMs = static_cast<std::int64_t>(std::floor(m_t0 * 1000.0));
    std::size_t firstLine = std::max(input.traceFrom, trace.lowerBound(fromMs));
    const std::int64_t before =
        summaryLanes(input, m_scenario.stages.size(), m_t0, m_t1, fromMs, column, add);
    if (before > fromMs) {
        firstLine = std::max(firstLine, trace.lowerBound(before));
    }
    for (std::size_t i = firstLine; i < end; ++i) {
        const EventKind kind = trace.kindAt(i);
        const std::int32_t stage = trace.stageAt(i);
        if (stage < 0 || stage >= stageCount) {
            continue;
        }
        for (std::size_t k = 0; k < kinds; ++k) {
            if (kLaneKinds[k].kind != kind || (kLaneKinds[k].onlyFalse && trace.at(i).ret)) {
                continue;
            }
            add(k, static_cast<std::size_t>(stage), static_cast<double>(trace.timeAt(i)) / 1000.0,
                1, static_cast<qint64>(i));
        }
    }
    for (std::size_t k = 0; k < kinds; ++k) {
        chart->setMarkers(m_laneStyles[k], marks[k]);
        chart->setMarkerCounts(m_laneStyles[k], std::move(counts[k]));
    }
    chart->commit();
}

void ChartsPanel::updateMemory(const ChartsInput& input, std::size_t first, std::size_t last)
{
    const SampleHistory& h = *input.samples;
    TimeChart* chart = m_charts[Memory];
    constexpr double kMiB = 1024.0 * 1024.0;
    const std::size_t n = m_groups.slotCount();
    const std::size_t shownCount = m_groups.shownCount();
    std::vector<std::vector<QPointF>> bands(n);
    std::vector<QPointF> external;
    std::vector<QPointF> heap;
    external.reserve(last - first);
    heap.reserve(last - first);
    for (auto& band : bands) {
        band.reserve(last - first);
    }
    const bool allocations = m_slabBand >= 0 || m_retainedBand >= 0;
    std::vector<QPointF> slabs;
    std::vector<QPointF> retained;
    if (allocations) {
        slabs.reserve(last - first);
        retained.reserve(last - first);
    }
    for (std::size_t row = first; row < last; ++row) {
        const double t = static_cast<double>(h.timeAt(row)) / 1000.0;
        double cumulative = 0.0;
        double ext = 0.0;
        double hp = 0.0;
        for (std::size_t s = 0; s < n; ++s) {
            std::int64_t externalBytes = 0;
            std::int64_t heapBytes = 0;
            if (s < shownCount) {
                const StagePoint& p = h.at(row, m_groups.shown()[s]);
                externalBytes = p.externalBytes;
                heapBytes = p.heapBytes;
            } else if (row < m_groupRows.size()) {
                externalBytes = m_groupRows.at(row).externalBytes;
                heapBytes = m_groupRows.at(row).heapBytes;
            }
            cumulative += static_cast<double>(externalBytes + heapBytes) / kMiB;
            ext += static_cast<double>(externalBytes) / kMiB;
            hp += static_cast<double>(heapBytes) / kMiB;
            bands[s].emplace_back(t, cumulative);
        }
        if (allocations) {
            // The process's figures: its allocations alive, each once.
            const ProcessPoint& p = h.processAt(row);
            ext = static_cast<double>(p.externalBytes) / kMiB;
            hp = static_cast<double>(p.heapBytes) / kMiB;
            const double retainedTop = cumulative + static_cast<double>(p.retainedBytes) / kMiB;
            retained.emplace_back(t, retainedTop);
            slabs.emplace_back(t,
                               std::max(m_retainedBand >= 0 ? retainedTop : cumulative, ext + hp));
        }
        external.emplace_back(t, ext);
        heap.emplace_back(t, hp);
    }
    for (std::size_t s = 0; s < n; ++s) {
        chart->setSeriesPoints(m_memoryBands[s], std::move(bands[s]));
    }
    if (m_retainedBand >= 0) {
        chart->setSeriesPoints(m_retainedBand, std::move(retained));
    }
    if (m_slabBand >= 0) {
        chart->setSeriesPoints(m_slabBand, std::move(slabs));
    }
    chart->setSeriesPoints(m_externalSeries, std::move(external));
    chart->setSeriesPoints(m_heapSeries, std::move(heap));
    if (m_limitSeries >= 0) {
        const auto limit = static_cast<double>(*m_scenario.memoryLimitMb);  // the core counts MiB
        chart->setSeriesPoints(m_limitSeries, {QPointF(m_t0, limit), QPointF(m_t1, limit)});
    }
    // The OOM moment, from the trace.
    std::vector<QPointF> oom;
    const TraceStore& trace = *input.trace;
    const std::size_t end = std::min(input.visibleTraceCount, trace.size());
    if (end > 0 && trace.kindAt(end - 1) == EventKind::Oom) {
        const TraceEvent event = trace.at(end - 1);
        oom.emplace_back(static_cast<double>(event.t) / 1000.0,
                         static_cast<double>(event.bytes) / kMiB);
    }
    chart->setMarkers(m_oomStyle, oom);
    chart->commit();
}

void ChartsPanel::updateThroughput(const ChartsInput& input, std::size_t first, std::size_t last)
{
    const SampleHistory& h = *input.samples;
    TimeChart* chart = m_charts[Throughput];
    // Rate over a look-back of about 1/100 of the view (at least 50 ms).
    const auto span = static_cast<std::int64_t>(std::max(50.0, (m_t1 - m_t0) * 1000.0 / 100.0));
    std::vector<QPointF> points;
    for (std::size_t s = 0; s < m_rateSeries.size(); ++s) {
        points.clear();
        points.reserve(last - first);
        // Start the look-back before the view so its left edge is right too.
        std::size_t back = h.lowerBound(first < h.size() ? h.timeAt(first) - span : 0);
        back = std::min(back, first);
        for (std::size_t row = first; row < last; ++row) {
            const std::int64_t t = h.timeAt(row);
            while (back + 1 < row && h.timeAt(back + 1) <= t - span) {
                ++back;
            }
            double rate = 0.0;
            if (back < row && h.timeAt(row) > h.timeAt(back)) {
                const std::size_t stage = m_rateStages[s];
                const auto moved =
                    static_cast<double>(h.at(row, stage).moved - h.at(back, stage).moved);
                const auto seconds = static_cast<double>(h.timeAt(row) - h.timeAt(back)) / 1000.0;
                rate = moved / seconds / (m_rateObjects[s] ? 1.0 : 1024.0);
            }
            points.emplace_back(static_cast<double>(t) / 1000.0, rate);
        }
        chart->setSeriesPoints(m_rateSeries[s], points);
    }
    chart->commit();
}

}  // namespace bplab::ui
