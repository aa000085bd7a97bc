// The memory chart's bands of the Buffer pool and retained slices
// (scenario-v2 section 5): over the stages' payload, what only retained
// slices hold, and over it the rest of the pool's slabs alive. The figures
// are the core's memory model (bplab-cli run --samples of the example); real
// Node's arrayBuffers agree at the end of the run (tests/conformance
// memory.js: 6,291,456 B on both profiles).
#include "bplab_charts/time_chart.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/sample_history.h"

#include <QApplication>

#include <gtest/gtest.h>

#include <string>

using namespace bplab;
using namespace bplab::ui;

namespace {

constexpr double kMiB = 1024.0 * 1024.0;

QStringList names(std::initializer_list<const char*> list)
{
    QStringList out;
    for (const char* name : list) {
        out << QString::fromLatin1(name);
    }
    return out;
}

struct ExampleWindow {
    MainWindow window;
    explicit ExampleWindow(const QString& example)
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.player().setFrameTimerEnabled(false);
        window.resize(1280, 800);
        EXPECT_TRUE(window.openExample(example));
        window.show();  // hidden charts are not drawn
        QApplication::processEvents();
    }
    charts::TimeChart* memory() { return window.charts()->chart(ChartsPanel::Memory); }
    // The last point of the memory chart's series named `name`.
    QPointF last(const char* latin1)
    {
        const QString name = QString::fromLatin1(latin1);
        const int id = static_cast<int>(memory()->seriesNames().indexOf(name));
        if (id < 0 || memory()->seriesPoints(id).empty()) {
            ADD_FAILURE() << "no series " << name.toStdString();
            return {};
        }
        return memory()->seriesPoints(id).back();
    }
};

TEST(MemoryBands, TheHeaderCacheStacksRetainedSlicesAndPoolSlabsOverItsStages)
{
    ExampleWindow f(QStringLiteral("header-cache-pins-pool-slabs"));
    f.window.player().advanceBy(6005.0);  // the sample at 6 s is the chart's last
    f.window.refreshViews();
    EXPECT_EQ(f.memory()->seriesNames(), names({"pool slabs", "retained", "cache", "parser",
                                                "socket", "external", "heap", "OOM"}));
    // At 6 s (samples CSV): the cache holds one 16 KiB write, retained slices
    // 1,769,472 B, the slabs alive 1,835,008 B, all of the external memory.
    EXPECT_EQ(f.last("socket"), QPointF(6.0, 0.0));
    EXPECT_EQ(f.last("parser"), QPointF(6.0, 0.0));
    EXPECT_EQ(f.last("cache"), QPointF(6.0, 16384.0 / kMiB));
    EXPECT_EQ(f.last("retained"), QPointF(6.0, (16384.0 + 1769472.0) / kMiB));
    EXPECT_EQ(f.last("pool slabs"), QPointF(6.0, 1835008.0 / kMiB));
    EXPECT_EQ(f.last("external"), QPointF(6.0, 1835008.0 / kMiB));
    EXPECT_EQ(f.last("heap"), QPointF(6.0, 0.0));
}

TEST(MemoryBands, AtTheEndNinetySixSlabsStayAliveForTheCachedHeaders)
{
    ExampleWindow f(QStringLiteral("header-cache-pins-pool-slabs"));
    f.window.player().advanceBy(10'000'000.0);  // to the end (no looping in tests)
    f.window.refreshViews();
    ASSERT_TRUE(f.window.run().atEnd());
    // The last sample, t = 21,140 ms: 6,225,920 B only through retained
    // slices, 96 slabs of 64 KiB (6,291,456 B) alive; the cache holds 1 KiB.
    EXPECT_EQ(f.last("retained"), QPointF(21.14, (1024.0 + 6225920.0) / kMiB));
    EXPECT_EQ(f.last("pool slabs"), QPointF(21.14, 6291456.0 / kMiB));
}

TEST(MemoryBands, AScenarioWithoutThePoolOrRetainedSlicesHasNeitherBand)
{
    ExampleWindow f(QStringLiteral("fast-producer-slow-consumer"));
    f.window.player().advanceBy(2000.0);
    f.window.refreshViews();
    EXPECT_EQ(f.memory()->seriesNames(), names({"socket", "file", "external", "heap", "OOM"}));
}

TEST(MemoryBands, RetainedSlicesOfOwnAllocationsShowTheRetainedBandAlone)
{
    Scenario s;
    s.name = "retain, no pool";
    Stage file;
    file.id = "file";
    file.kind = StageKind::Readable;
    file.chunks = 4;
    file.intervalMs = 10;
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    sink.delayMs = 1;
    sink.retainBytes = 16;
    s.stages = {file, sink};
    ChartsPanel charts;
    charts.setScenario(s);
    EXPECT_EQ(charts.chart(ChartsPanel::Memory)->seriesNames(),
              names({"retained", "sink", "file", "external", "heap", "OOM"}));
}

TEST(MemoryBands, SampleHistoryKeepsTheLargerProcessFiguresWhenItMergesRows)
{
    SampleHistory h;
    h.reset(1);
    h.setCapacity(16, 0);
    for (std::int64_t t = 0; t < 17; ++t) {
        h.append(t, {StagePoint{}}, ProcessPoint{t, 0, t % 2 == 0 ? 100 : 0, 7 * t});
    }
    ASSERT_EQ(h.size(), 9U);  // 17 rows halved: 0+1, 2+3, ..., 14+15, 16
    EXPECT_EQ(h.timeAt(0), 1);
    EXPECT_EQ(h.processAt(0).externalBytes, 1);
    EXPECT_EQ(h.processAt(0).slabBytes, 100);
    EXPECT_EQ(h.processAt(0).retainedBytes, 7);
    EXPECT_EQ(h.processAt(8).retainedBytes, 7 * 16);
}

}  // namespace
