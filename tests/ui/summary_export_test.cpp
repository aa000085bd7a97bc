// The run summary travels with the exports, and a 1024x768 window keeps the
// whole story through a run.
#include "bplab_ui/summary/summary_export.h"
#include "bplab_core/run_summary.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/story/story_strip.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

struct Window {
    MainWindow window;
    explicit Window(const char* example, QSize size = QSize(1280, 800))
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        auto* docks =
            new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        EXPECT_TRUE(window.openExample(QString::fromUtf8(example)));
        window.resize(size);
        window.show();
        QApplication::processEvents();
    }
    [[nodiscard]] QStringList lines()
    {
        return summaryLines(window.run(), QString::fromStdString(window.run().scenario().name));
    }
};

}  // namespace

TEST(SummaryExport, ASamplesExportWritesTheSummaryBesideTheCsv)
{
    Window w("fast-producer-slow-consumer");
    w.window.player().advanceBy(2000);
    QTemporaryDir dir;
    ASSERT_TRUE(w.window.exportSamples(dir.filePath(QStringLiteral("run.csv"))));
    QFile summary(dir.filePath(QStringLiteral("run.summary.txt")));
    ASSERT_TRUE(summary.open(QIODevice::ReadOnly));
    const QByteArray bytes = summary.readAll();
    EXPECT_EQ(bytes, summaryFileBytes(w.lines()));
    const QStringList got = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    EXPECT_EQ(got.first(), QStringLiteral("Fast producer, slow consumer"));
    EXPECT_TRUE(got.contains(QStringLiteral("As bplab-cli prints it\t") +
                             QString::fromStdString(describeRunSummary(w.window.run().summary()))));
    // The CSV keeps its header as its first line.
    QFile csv(dir.filePath(QStringLiteral("run.csv")));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_TRUE(csv.readLine().startsWith("t,file.rlen,file.rhwm,"));
}

TEST(SummaryExport, TheSummaryFileSitsBesideAnyName)
{
    EXPECT_EQ(summaryPathBeside(QStringLiteral("/tmp/a/samples.csv")),
              QStringLiteral("/tmp/a/samples.summary.txt"));
    EXPECT_EQ(summaryPathBeside(QStringLiteral("/tmp/a/samples.CSV")),
              QStringLiteral("/tmp/a/samples.summary.txt"));
    EXPECT_EQ(summaryPathBeside(QStringLiteral("/tmp/a/samples")),
              QStringLiteral("/tmp/a/samples.summary.txt"));
}

TEST(SummaryExport, AChartPictureCarriesTheSummaryInABandUnderTheCharts)
{
    Window w("ignoring-write-return");
    w.window.player().advanceBy(3000);
    w.window.refreshViews();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("all.png"));
    ASSERT_TRUE(w.window.exportChartPng(ChartsPanel::ChartCount, path));
    const QImage saved(path);
    const QImage charts = w.window.charts()->grabAllCharts();
    const QImage expected = withSummaryBand(charts, w.lines());
    EXPECT_EQ(saved.size(), expected.size());
    EXPECT_GT(saved.height(), charts.height());
    EXPECT_EQ(saved.width(), charts.width());
}

TEST(StoryFit, A1024x768WindowKeepsItsSizeAndTheWholeDescriptionThroughARun)
{
    Window w("slow-transform-in-the-middle", QSize(1024, 768));
    w.window.player().advanceBy(6000);
    w.window.refreshViews();
    QApplication::processEvents();
    EXPECT_EQ(w.window.size(), QSize(1024, 768));
    const QLabel* description = w.window.story()->descriptionLabel();
    EXPECT_GE(description->height(), description->heightForWidth(description->width()));
}
