// The window's Export > Samples writes the one samples CSV of the core: the
// bytes bplab-cli --samples writes for the same run.
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "bplab_core/samples_csv.h"
#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

using namespace bplab;
using namespace bplab::ui;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    return file.readAll();
}

struct Window {
    MainWindow window;
    ManualWallClock clock;

    explicit Window(const char* example)
    {
        window.setErrorReporter(
            [](const QString&, const QString& message) { ADD_FAILURE() << message.toStdString(); });
        window.player().setFrameTimerEnabled(false);
        window.player().setWallClock(&clock);
        EXPECT_TRUE(window.openExample(QString::fromUtf8(example)));
    }
};

}  // namespace

TEST(SamplesExport, WritesWhatTheCommandLineWritesForTheSameRun)
{
    Window w("fast-producer-slow-consumer");
    w.window.player().advanceBy(500.0);
    QTemporaryDir dir;
    const QString exported = dir.filePath(QStringLiteral("window.csv"));
    ASSERT_TRUE(w.window.exportSamples(exported));

    const QString cliCsv = dir.filePath(QStringLiteral("cli.csv"));
    QProcess cli;
    cli.start(QStringLiteral(BPLAB_CLI_PATH),
              {QStringLiteral("run"),
               QStringLiteral(BPLAB_EXAMPLES_DIR "/fast-producer-slow-consumer.json"),
               QStringLiteral("--until"), QStringLiteral("500"), QStringLiteral("--samples"),
               cliCsv, QStringLiteral("--quiet")});
    ASSERT_TRUE(cli.waitForFinished(60'000));
    ASSERT_EQ(cli.exitCode(), 0) << cli.readAllStandardError().toStdString();

    const QByteArray expected = readAll(cliCsv);
    // 51 rows: t = 0, 10, ..., 500, after the header.
    EXPECT_EQ(expected.count('\n'), 52);
    EXPECT_EQ(readAll(exported), expected);
}

TEST(SamplesExport, MakesALiveTimingEditAgainAtTheLineItWasMadeAt)
{
    Window w("fast-producer-slow-consumer");
    Player& p = w.window.player();
    bplab::ui::Run& run = w.window.run();
    p.advanceBy(200.0);
    const std::int64_t editLine = run.cursorLines();
    StageTiming faster = run.scenario().stages.at(1).timing();
    faster.delayMs = 1;
    run.applyTimingEdit(1, faster);
    p.advanceBy(300.0);
    QTemporaryDir dir;
    const QString exported = dir.filePath(QStringLiteral("window.csv"));
    ASSERT_TRUE(w.window.exportSamples(exported));

    // The same run made by hand: the edit after the step that wrote line editLine - 1.
    const Result<Scenario> scenario =
        loadScenarioFile(BPLAB_EXAMPLES_DIR "/fast-producer-slow-consumer.json");
    ASSERT_TRUE(scenario.ok());
    std::ostringstream expected;
    SimulationOptions options;
    options.sampleEveryMs = 10;
    Simulation sim(*scenario, options);
    CsvSampleWriter writer(expected, *scenario);
    sim.addSampleSink(&writer);
    while (sim.stats().events < editLine && sim.step()) {
    }
    ASSERT_EQ(sim.stats().events, editLine);
    sim.setStageTiming(1, faster);
    sim.runUntil(500);
    EXPECT_EQ(readAll(exported).toStdString(), expected.str());
    EXPECT_EQ(run.spec().edits.size(), 1U);
}
