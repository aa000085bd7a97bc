#pragma once

#include <QImage>
#include <QPointF>
#include <QStringList>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/series_summary.h"
#include "bplab_core/trace_store.h"
#include "bplab_ui/chart_groups/stage_groups.h"
#include "bplab_ui/sample_history.h"

class QComboBox;
class QSplitter;

namespace bplab::charts {
class TimeChart;
}

namespace bplab::ui {

// What the charts are drawn from at one frame. Plain data, so that tests can
// feed the panel without a simulation.
struct ChartsInput {
    const SampleHistory* samples = nullptr;
    // Lines for the event lanes: trace index i is run line traceFirstLine +
    // i; only the first visibleTraceCount are shown, lanes from traceFrom on.
    const TraceStore* trace = nullptr;
    std::size_t visibleTraceCount = 0;
    double nowMs = 0.0;               // the virtual clock
    std::uint64_t runGeneration = 0;  // changes when the run restarts
    std::int64_t traceFirstLine = 0;
    std::size_t traceFrom = 0;
    // The run's summaries, or null: the event lanes of the window's stretch
    // before line traceFirstLine + traceFrom come from their per-stage counts.
    const SeriesSummary* summary = nullptr;
};

// The four charts under the diagram, sharing one time axis and one hover
// cursor: buffer fill per stage and side against highWaterMark, event lanes,
// memory (stacked per stage, external vs heap, the limit and the OOM moment),
// and throughput per stage. Shows the last N seconds of virtual time (10 by
// default) or the whole run.
class ChartsPanel : public QWidget {
    Q_OBJECT
public:
    enum Chart { BufferFill = 0, EventLanes = 1, Memory = 2, Throughput = 3, ChartCount = 4 };

    explicit ChartsPanel(QWidget* parent = nullptr);
    ~ChartsPanel() override;

    void setScenario(const Scenario& scenario);
    // Seconds of virtual time shown; 0 = the whole run.
    void setWindowSeconds(double seconds);
    [[nodiscard]] double windowSeconds() const { return m_windowSeconds; }
    // The time-window selector, for the window to place (e.g. in a status bar).
    [[nodiscard]] QComboBox* windowSelector() const { return m_window; }
    // The time range (virtual s) refresh() shows with the clock at nowMs.
    [[nodiscard]] std::pair<double, double> rangeFor(double nowMs) const;
    // Pulls what changed since the last call; hidden charts are skipped.
    void refresh(const ChartsInput& input);

    [[nodiscard]] static QStringList chartNames();  // file-name friendly
    // One chart with its title, legend and time axis, at least 900x300 and
    // never smaller than on screen.
    [[nodiscard]] QImage grabChart(Chart chart);
    // The four charts stacked in one picture, each with its time axis.
    [[nodiscard]] QImage grabAllCharts();
    [[nodiscard]] charts::TimeChart* chart(Chart chart) const { return m_charts[chart]; }
    // Puts the shared cursor on every chart at `seconds` of virtual time
    // (NaN hides it), e.g. for a line picked in an event log.
    void setCursorTime(double seconds);
    // The projector theme on every chart (see TimeChart::setHighContrast).
    void setHighContrast(bool on);
    // Presenter mode: high contrast, and the buffers, events and memory
    // charts alone (throughput hidden), the time axis under memory.
    void setPresenting(bool on);
    // Presenter mode on a short screen: buffers and one of events or memory
    // (`memory` true: memory), the lower one with the time axis; both false:
    // the three of setPresenting().
    void setPresentedPair(bool pair, bool memory);
    // The visible time range (virtual s) after the last refresh().
    [[nodiscard]] std::pair<double, double> timeRange() const { return {m_t0, m_t1}; }
    // The trace line behind a mark of the event-lanes chart at `point`
    // (virtual s, lane value) of the mark style `style`: the first line of the
    // column the mark stands for (of a mark drawn from the summaries: the
    // first line of its bucket), else the line of that stage and kind
    // nearest in time; -1 when none (e.g. before the first refresh()).
    [[nodiscard]] qint64 traceIndexOfMark(int style, QPointF point) const;
    // The stages drawn one by one and the "and N more" group (many stages).
    [[nodiscard]] const StageGroups& stageGroups() const { return m_groups; }

Q_SIGNALS:
    // A mark on the event-lanes chart was clicked: the trace line it stands for.
    void traceLineClicked(qint64 traceIndex);

private:
    void rebuildSeries();
    void updateBuffers(const ChartsInput& input, std::size_t first, std::size_t last);
    void updateLanes(const ChartsInput& input);
    void updateMemory(const ChartsInput& input, std::size_t first, std::size_t last);
    void updateThroughput(const ChartsInput& input, std::size_t first, std::size_t last);
    [[nodiscard]] bool shown(Chart chart) const;

    Scenario m_scenario;
    StageGroups m_groups;
    GroupedSamples m_groupRows;
    QComboBox* m_window = nullptr;
    QSplitter* m_splitter = nullptr;
    charts::TimeChart* m_charts[ChartCount] = {};
    double m_windowSeconds = 10.0;
    double m_t0 = 0.0;
    double m_t1 = 10.0;

    // Buffer chart
    struct SideSeries {
        std::size_t stage = 0;
        bool readable = false;
        int series = -1;
        int markSeries = -1;
        double mark = 0.0;  // plotted hwm
    };
    std::vector<SideSeries> m_sides;
    bool m_normalised = false;  // fills as multiples of hwm (mixed units)
    double m_unitDivisor = 1.0;
    int m_commonMark = -1;
    int m_groupFill = -1;  // the group's fullest buffer
    // Lanes
    std::vector<int> m_laneStyles;  // per lane event kind
    // Per lane kind, per mark drawn: the first trace line of its column.
    std::vector<std::vector<qint64>> m_markLines;
    // Memory
    std::vector<int> m_memoryBands;  // per slot (see StageGroups)
    int m_slabBand = -1;             // pool slabs beyond the rest (alloc "pool" only)
    int m_retainedBand = -1;         // held only through retained slices (retain_bytes only)
    int m_externalSeries = -1;
    int m_heapSeries = -1;
    int m_limitSeries = -1;
    int m_oomStyle = -1;
    // Throughput
    std::vector<int> m_rateSeries;  // per shown stage
    std::vector<bool> m_rateObjects;
    std::vector<std::size_t> m_rateStages;

    // The trace of the last refresh() (not owned), for clicks on marks.
    const TraceStore* m_trace = nullptr;
    std::size_t m_visibleTraceCount = 0;
    std::int64_t m_traceFirstLine = 0;

    // What was drawn last, to skip unchanged frames.
    std::uint64_t m_drawnRevision = ~0ULL;
    std::size_t m_drawnTraceCount = ~std::size_t{0};
    std::int64_t m_drawnFirstLine = -1;
    std::uint64_t m_drawnGeneration = ~0ULL;
    double m_drawnT0 = -1.0;
    double m_drawnT1 = -1.0;
    bool m_forceRedraw = true;
};

// Among the first `count` lines of `trace`, the line of `stage` and `kind`
// nearest in time to `timeMs` (virtual ms; on a tie the later one); -1 if
// there is none.
qint64 nearestTraceLine(const TraceStore& trace, std::size_t count, std::int64_t timeMs, int stage,
                        EventKind kind);

// The colour of stage i in every chart.
QColor stageColour(std::size_t index);

}  // namespace bplab::ui
