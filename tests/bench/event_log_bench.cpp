// Google Benchmark of the event log over 2,000,000 trace lines: selecting a
// row, applying a filter, appending a frame's worth of lines.

#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_widget.h"

#include <QApplication>
#include <QTableView>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

namespace {

using bplab::EventKind;
using bplab::TraceEvent;
using bplab::TraceStore;

namespace {
// The big store as the log's line source.
class StoreLines final : public bplab::ui::LineSource {
public:
    explicit StoreLines(const TraceStore& store) : m_store(store) {}
    void lines(std::int64_t first, std::int64_t count, bplab::TraceSink& out) override
    {
        const auto end =
            std::min<std::int64_t>(first + count, static_cast<std::int64_t>(m_store.size()));
        for (std::int64_t i = first; i < end; ++i) {
            out.record(m_store.at(static_cast<std::size_t>(i)));
        }
    }

private:
    const TraceStore& m_store;
};
}  // namespace
using bplab::ui::EventLogFilter;
using bplab::ui::EventLogModel;
using bplab::ui::EventLogWidget;

constexpr std::size_t kLines = 2'000'000;

// A pipe() run of three stages, as its lines come: a round of 20 lines per
// chunk, every 1000th round with an error line.
const TraceStore& bigStore()
{
    static const std::unique_ptr<TraceStore> store = [] {
        auto s = std::make_unique<TraceStore>();
        s->reserve(kLines);
        std::int64_t t = 0;
        std::int64_t round = 0;
        const std::array<std::pair<EventKind, std::int32_t>, 20> pattern = {{
            {EventKind::Read, 0},    {EventKind::Push, 0},   {EventKind::Data, 0},
            {EventKind::Process, 1}, {EventKind::Write, 1},  {EventKind::Pause, 0},
            {EventKind::Push, 1},    {EventKind::Data, 1},   {EventKind::Process, 2},
            {EventKind::Write, 2},   {EventKind::Done, 1},   {EventKind::Read, 1},
            {EventKind::Done, 2},    {EventKind::Drain, 2},  {EventKind::Resume, 1},
            {EventKind::Drain, 1},   {EventKind::Resume, 0}, {EventKind::Read, 0},
            {EventKind::Push, 0},    {EventKind::Data, 0},
        }};
        while (s->size() < kLines) {
            for (const auto& [kind, stage] : pattern) {
                TraceEvent e;
                e.t = t;
                e.stage = stage;
                e.kind = kind;
                e.bytes = 4096 + (round % 7) * 512;
                e.length = (round * 1024) % 70000;
                e.ret = (round % 3) != 0;
                s->record(e);
                ++t;
            }
            if (round % 1000 == 999) {
                TraceEvent e;
                e.t = t;
                e.stage = 1;
                e.kind = EventKind::Error;
                e.message = "Unexpected token";
                s->record(e);
            }
            ++round;
        }
        return s;
    }();
    return *store;
}

const std::vector<std::string> kIds = {"file", "gzip", "socket"};

void BM_IndexTwoMillionLines(benchmark::State& state)
{
    const TraceStore& store = bigStore();
    for (auto _ : state) {
        EventLogModel model;
        StoreLines source(store);
        model.setRun(&source, kIds);
        model.sync(store.size());
        benchmark::DoNotOptimize(model.rowCount());
    }
}
BENCHMARK(BM_IndexTwoMillionLines)->Unit(benchmark::kMillisecond);

void applyFilters(benchmark::State& state, EventLogFilter a, EventLogFilter b)
{
    const TraceStore& store = bigStore();
    EventLogModel model;
    StoreLines source(store);
    model.setRun(&source, kIds);
    model.sync(store.size());
    bool flip = false;
    for (auto _ : state) {
        model.setFilter(flip ? a : b);
        flip = !flip;
        benchmark::DoNotOptimize(model.rowCount());
    }
    state.counters["rows"] = static_cast<double>(model.rowCount());
}

EventLogFilter kinds(std::initializer_list<EventKind> list)
{
    EventLogFilter f;
    f.kinds.reset();
    for (EventKind k : list) {
        f.kinds.set(static_cast<std::size_t>(k));
    }
    return f;
}

void BM_ApplyKindFilter(benchmark::State& state)
{
    applyFilters(state, kinds({EventKind::Pause, EventKind::Resume, EventKind::Drain}),
                 kinds({EventKind::Write, EventKind::Error}));
}
BENCHMARK(BM_ApplyKindFilter)->Unit(benchmark::kMillisecond);

void BM_ApplyStageFilter(benchmark::State& state)
{
    EventLogFilter a;
    a.stages = {false, true, false};
    EventLogFilter b;
    b.stages = {true, false, true};
    applyFilters(state, a, b);
}
BENCHMARK(BM_ApplyStageFilter)->Unit(benchmark::kMillisecond);

void BM_ApplyTextSearchWord(benchmark::State& state)
{
    EventLogFilter a;
    a.text = QStringLiteral("drain");
    EventLogFilter b;
    b.text = QStringLiteral("token");
    applyFilters(state, a, b);
}
BENCHMARK(BM_ApplyTextSearchWord)->Unit(benchmark::kMillisecond);

void BM_ApplyTextSearchField(benchmark::State& state)
{
    EventLogFilter a;
    a.text = QStringLiteral("ret=false");
    EventLogFilter b;
    b.text = QStringLiteral("wlen=1638");
    applyFilters(state, a, b);
}
BENCHMARK(BM_ApplyTextSearchField)->Unit(benchmark::kMillisecond);

// The widget on screen (offscreen platform), 2,000,000 rows: select a line as a
// click on a chart mark does, scrolled into view and painted.
void BM_SelectRowInWidget(benchmark::State& state)
{
    const TraceStore& store = bigStore();
    EventLogWidget log;
    log.resize(900, 600);
    StoreLines source(store);
    log.setRun(&source, kIds);
    log.sync(store.size());
    log.show();
    QApplication::processEvents();
    std::uint64_t x = 12345;
    for (auto _ : state) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        const auto index = static_cast<qint64>((x >> 16) % store.size());
        log.selectTraceIndex(index);
        log.view()->viewport()->repaint();
        benchmark::DoNotOptimize(log.selectedTraceIndex());
    }
}
BENCHMARK(BM_SelectRowInWidget)->Unit(benchmark::kMillisecond);

// Same with a filter on: selecting maps through the index vector.
void BM_SelectRowInFilteredWidget(benchmark::State& state)
{
    const TraceStore& store = bigStore();
    EventLogWidget log;
    log.resize(900, 600);
    StoreLines source(store);
    log.setRun(&source, kIds);
    log.sync(store.size());
    log.setFilter(kinds({EventKind::Write, EventKind::Pause, EventKind::Drain}));
    log.show();
    QApplication::processEvents();
    std::uint64_t x = 12345;
    for (auto _ : state) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        log.selectTraceIndex(static_cast<qint64>((x >> 16) % store.size()));
        log.view()->viewport()->repaint();
        benchmark::DoNotOptimize(log.selectedTraceIndex());
    }
}
BENCHMARK(BM_SelectRowInFilteredWidget)->Unit(benchmark::kMillisecond);

// One frame of a run going on: 5,000 new lines appended to 2,000,000 with a
// filter on, following the newest line.
void BM_AppendFrameToWidget(benchmark::State& state)
{
    const TraceStore& store = bigStore();
    EventLogWidget log;
    log.resize(900, 600);
    StoreLines source(store);
    log.setRun(&source, kIds);
    log.setFilter(kinds({EventKind::Write, EventKind::Pause, EventKind::Drain}));
    log.sync(store.size() - 100'000);
    log.show();
    QApplication::processEvents();
    std::size_t shown = store.size() - 100'000;
    for (auto _ : state) {
        shown += 5000;
        if (shown > store.size()) {
            state.PauseTiming();
            log.setRun(&source, kIds);
            log.sync(store.size() - 100'000);
            shown = store.size() - 100'000 + 5000;
            state.ResumeTiming();
        }
        log.sync(shown);
        log.view()->viewport()->repaint();
    }
}
BENCHMARK(BM_AppendFrameToWidget)->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
