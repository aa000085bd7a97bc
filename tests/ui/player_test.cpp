// The Player playing a Run in the MainWindow, driven by a hand-moved wall
// clock: no test sleeps. These need the real simulation core.
#include "bplab_ui/run/player.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/run.h"

#include <QDir>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMimeData>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

// A window with its controller on a manual clock and no frame timer.
struct Fixture {
    MainWindow window;
    ManualWallClock clock;
    QStringList errors;

    explicit Fixture(const char* example = "fast-producer-slow-consumer")
    {
        window.setErrorReporter(
            [this](const QString&, const QString& message) { errors << message; });
        window.player().setFrameTimerEnabled(false);
        window.player().setWallClock(&clock);
        window.resize(1280, 800);
        EXPECT_TRUE(window.openExample(QString::fromUtf8(example)));
    }
    Player& c() { return window.player(); }
    Run& run() { return window.run(); }
    void wall(double ms)
    {
        clock.advanceMs(ms);
        c().frame();
    }
    void showActive()
    {
        window.show();
        window.activateWindow();
        QApplication::setActiveWindow(&window);
        ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    }
};

// A pipeline whose whole run takes 1291 virtual ms (its last line, `idle`,
// is at 1291 ms on real Node 24), for tests that need a
// run to end (and loop) within a few frames; the examples run for 10 to 24 s.
Scenario shortRun()
{
    const auto parsed = parseScenario(R"({"format": "bplab-scenario/1", "name": "short",
        "node": "24", "seed": 7, "wiring": "pipeline", "stages": [
        {"id": "db-cursor", "kind": "readable", "objectMode": true, "chunks": 300,
         "chunk_bytes": 400, "interval_ms": 0},
        {"id": "to-csv", "kind": "transform", "objectMode": {"writable": true, "readable": false},
         "delay_ms": 1, "ratio": 0.8},
        {"id": "gzip", "kind": "transform", "delay_ms": 4, "per_kib_ms": 1, "ratio": 0.2,
         "jitter": 0.3},
        {"id": "upload", "kind": "writable", "delay_ms": 2, "highWaterMark": 16384}]})");
    EXPECT_TRUE(parsed.ok()) << parsed.error().message;
    return parsed.value();
}

}  // namespace

TEST(Player, PlayingMovesTheVirtualClockWithWallTimeTimesSpeed)
{
    Fixture f;
    // No budget to run out of: what a frame owes does not depend on how fast
    // this machine (a loaded one, or a sanitizer build) simulates it.
    f.c().setFrameBudgetMs(1e9);
    f.c().setSpeed(1.0);
    f.c().play();
    ASSERT_TRUE(f.c().isPlaying());
    f.wall(100.0);
    EXPECT_DOUBLE_EQ(f.c().virtualNowMs(), 100.0);
    // Real Node 24 on this example: 12 lines by t = 100 ms.
    EXPECT_EQ(f.run().cursorLines(), 12);

    f.c().setSpeed(10.0);
    f.wall(50.0);
    EXPECT_DOUBLE_EQ(f.c().virtualNowMs(), 600.0);

    f.c().setSpeed(0.1);
    f.wall(100.0);
    EXPECT_DOUBLE_EQ(f.c().virtualNowMs(), 610.0);
}

TEST(MainWindow, OnLaunchTheDefaultExamplePlaysAndMovesWithinASecond)
{
    MainWindow window;
    ManualWallClock clock;
    window.player().setFrameTimerEnabled(false);
    window.player().setWallClock(&clock);
    // No budget to run out of: what the frame owes does not depend on how fast
    // this machine (or a sanitizer build) simulates it.
    window.player().setFrameBudgetMs(1e9);
    ASSERT_EQ(MainWindow::exampleNames().size(), 10);
    ASSERT_TRUE(window.openExample(MainWindow::defaultExampleName()));
    window.player().play();  // what main() does after opening
    const std::vector<StageSnapshot> before = window.run().moment().stages;
    clock.advanceMs(500.0);
    window.player().frame();
    EXPECT_DOUBLE_EQ(window.player().virtualNowMs(), 500.0);
    // Real Node 24 on this example: 44 lines by t = 500 ms, six 16 KiB
    // write()s to the socket.
    EXPECT_EQ(window.run().cursorLines(), 44);
    EXPECT_EQ(before.at(1).writtenBytes, 0);
    EXPECT_EQ(window.run().moment().stages.at(1).writtenBytes, 6 * 16384);
}

TEST(Player, ClampsSpeedToTheSliderRange)
{
    Fixture f;
    f.c().setSpeed(1e9);
    EXPECT_DOUBLE_EQ(f.c().speed(), 1000.0);
    f.c().setSpeed(0.0);
    EXPECT_DOUBLE_EQ(f.c().speed(), 0.01);
}

TEST(MainWindow, SpacePausesAndTheClockStops)
{
    Fixture f;
    f.showActive();
    f.c().play();
    f.wall(50.0);
    const double before = f.c().virtualNowMs();
    EXPECT_GT(before, 0.0);
    QTest::keyClick(&f.window, Qt::Key_Space);
    EXPECT_FALSE(f.c().isPlaying());
    f.wall(500.0);
    EXPECT_DOUBLE_EQ(f.c().virtualNowMs(), before);
    QTest::keyClick(&f.window, Qt::Key_Space);
    EXPECT_TRUE(f.c().isPlaying());
}

TEST(MainWindow, RightMovesExactlyOneTraceLineOnWithTheStateAtThatLine)
{
    Fixture f;
    f.showActive();
    f.c().play();
    f.wall(30.0);
    QTest::keyClick(&f.window, Qt::Key_Space);
    for (int i = 0; i < 40; ++i) {
        const std::int64_t before = f.run().cursorLines();
        QTest::keyClick(&f.window, Qt::Key_Right);
        ASSERT_EQ(f.run().cursorLines(), before + 1) << "step " << i;
        ASSERT_TRUE(f.run().cursorAtLine());
        const Moment& m = f.run().moment();
        ASSERT_TRUE(m.line.has_value());
        EXPECT_EQ(m.line->index, before);
        EXPECT_DOUBLE_EQ(f.c().virtualNowMs(), static_cast<double>(m.line->event.t));
        // The moment carries the state recorded at that line.
        const TraceEvent& e = m.line->event;
        if (e.kind == EventKind::Write && e.stage >= 0) {
            EXPECT_EQ(m.stages[static_cast<std::size_t>(e.stage)].writable.length, e.length);
        }
    }
}

TEST(MainWindow, LeftMovesExactlyOneTraceLineBackToTheSameStateAsBefore)
{
    Fixture f;
    f.showActive();
    for (int i = 0; i < 30; ++i) {
        QTest::keyClick(&f.window, Qt::Key_Right);
    }
    const Moment before = f.run().moment();
    ASSERT_TRUE(before.line.has_value());
    QTest::keyClick(&f.window, Qt::Key_Right);
    EXPECT_EQ(f.run().moment().line->index, before.line->index + 1);
    QTest::keyClick(&f.window, Qt::Key_Left);
    const Moment& back = f.run().moment();
    ASSERT_TRUE(back.line.has_value());
    EXPECT_EQ(back.line->index, before.line->index);
    EXPECT_EQ(back.stages, before.stages);
    EXPECT_EQ(back.stats, before.stats);
    EXPECT_EQ(back.explanation, before.explanation);
}

TEST(Run, ToTheNextPauseOrDrainStopsOnOneAndBackFindsTheOneBefore)
{
    Fixture f;
    ASSERT_TRUE(f.run().toNextPauseOrDrain());
    const Moment first = f.run().moment();
    ASSERT_TRUE(first.line.has_value());
    EXPECT_TRUE(first.line->event.kind == EventKind::Pause ||
                first.line->event.kind == EventKind::Drain);
    ASSERT_TRUE(f.run().toNextPauseOrDrain());
    const Moment& second = f.run().moment();
    ASSERT_TRUE(second.line.has_value());
    EXPECT_GT(second.line->index, first.line->index);
    EXPECT_TRUE(second.line->event.kind == EventKind::Pause ||
                second.line->event.kind == EventKind::Drain);
    ASSERT_TRUE(f.run().toPreviousPauseOrDrain());
    EXPECT_EQ(f.run().moment().line->index, first.line->index);
}

TEST(Run, BeforeTheFirstLineNoLineIsShownAndRightGoesToLineZero)
{
    Fixture f;
    f.showActive();
    // A load stands after the set-up task's lines (real Node 24: three at t = 0).
    ASSERT_EQ(f.run().cursorLines(), 3);
    f.c().play();
    f.wall(100.0);
    f.run().toBeforeFirstLine();
    EXPECT_FALSE(f.c().isPlaying());
    EXPECT_EQ(f.run().cursorLines(), 0);
    EXPECT_EQ(f.run().cursorLine(), -1);
    EXPECT_EQ(f.run().cursorTime(), 0);
    EXPECT_FALSE(f.run().cursorAtLine());
    EXPECT_FALSE(f.run().moment().line.has_value());
    EXPECT_EQ(f.run().recentVisibleCount(), 0U);
    QTest::keyClick(&f.window, Qt::Key_Right);
    ASSERT_TRUE(f.run().cursorAtLine());
    EXPECT_EQ(f.run().cursorLine(), 0);
    EXPECT_EQ(f.run().cursorLines(), 1);
}

TEST(MainWindow, BracketsDoubleAndHalveTheSpeed)
{
    Fixture f;
    f.showActive();
    f.c().setSpeed(1.0);
    QTest::keyClick(&f.window, Qt::Key_BracketRight);
    EXPECT_DOUBLE_EQ(f.c().speed(), 2.0);
    QTest::keyClick(&f.window, Qt::Key_BracketLeft);
    QTest::keyClick(&f.window, Qt::Key_BracketLeft);
    EXPECT_DOUBLE_EQ(f.c().speed(), 0.5);
}

TEST(MainWindow, ResetReturnsToTimeZero)
{
    Fixture f;
    f.showActive();
    f.c().play();
    f.wall(200.0);
    ASSERT_GT(f.c().virtualNowMs(), 0.0);
    QTest::keyClick(&f.window, Qt::Key_R);
    EXPECT_DOUBLE_EQ(f.c().virtualNowMs(), 0.0);
    // t = 0 is after the set-up task: the lines it wrote, and nothing later.
    EXPECT_EQ(f.run().headTime(), 0);
    EXPECT_EQ(f.run().cursorLines(), f.run().headLines());
}

TEST(Player, LoopsARunThatEndsWhenLoopingIsOn)
{
    Fixture f;
    f.run().load(shortRun());
    f.c().setLooping(true);
    f.c().advanceBy(5000.0);
    EXPECT_EQ(f.c().loopCount(), 3);  // 5000 ms of runs of 1291 ms
    EXPECT_NEAR(f.c().totalVirtualMs(), 5000.0, 1e-6);
}

TEST(Player, LoopingInsideAFrameLosesNoVirtualTime)
{
    Fixture f;
    f.run().load(shortRun());  // a run of 1.3 s
    // No budget to run out of: what a frame owes does not depend on how fast
    // this machine (or a sanitizer build) simulates it.
    f.c().setFrameBudgetMs(1e9);
    f.c().setLooping(true);
    f.c().setSpeed(100.0);
    f.c().play();
    f.wall(16.0);
    f.wall(16.0);
    f.wall(16.0);
    EXPECT_EQ(f.c().loopCount(), 3);  // 4800 ms of runs of 1291 ms
    EXPECT_NEAR(f.c().totalVirtualMs(), 4800.0, 1e-6);
}

TEST(Player, AFrameFarBehindDoesBoundedWorkAndReportsTheAchievedSpeed)
{
    Fixture f("slow-transform-in-the-middle");
    f.c().setLooping(true);
    f.c().setSpeed(1000.0);
    f.c().play();
    f.clock.advanceMs(60000.0);  // a minute of wall time: 60 000 virtual s owed
    QElapsedTimer timer;
    timer.start();
    f.c().frame();
    EXPECT_LT(timer.elapsed(), 250);  // the frame budget, not the backlog
    EXPECT_LT(f.c().totalVirtualMs(), 60000.0 * 1000.0);

    // A machine too slow for the speed: the clock shows what was achieved.
    f.c().setFrameBudgetMs(0.001);
    for (int i = 0; i < 10; ++i) {
        f.wall(16.0);
    }
    EXPECT_LT(f.c().achievedSpeed(), 500.0);
    EXPECT_TRUE(f.c().fallingBehind());
}

TEST(Player, StopsAfterTheRequestedVirtualTime)
{
    Fixture f;
    int stops = 0;
    QObject::connect(&f.c(), &Player::stopReached, [&] { ++stops; });
    f.c().setStopAfter(250.0);
    f.c().play();
    f.wall(100.0);
    f.wall(100.0);
    f.wall(100.0);
    EXPECT_EQ(stops, 1);
    EXPECT_FALSE(f.c().isPlaying());
    EXPECT_DOUBLE_EQ(f.c().totalVirtualMs(), 250.0);
}

TEST(MainWindow, OpeningABadFileKeepsTheScenarioAndNamesThePath)
{
    Fixture f;
    const std::string before = f.run().scenario().name;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("broken.json"));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        R"({"format": "bplab-scenario/1", "stages": [{"id": "a", "kind": "readable", "chunks": -5}]})");
    file.close();

    EXPECT_FALSE(f.window.openFile(path));
    ASSERT_EQ(f.errors.size(), 1);
    EXPECT_TRUE(f.errors.first().contains(QDir::toNativeSeparators(path)))
        << f.errors.first().toStdString();
    EXPECT_TRUE(f.errors.first().contains(QStringLiteral("stages")))
        << f.errors.first().toStdString();
    EXPECT_EQ(f.run().scenario().name, before);
}

TEST(MainWindow, SaveThenOpenGivesTheSameScenario)
{
    Fixture f("slow-transform-in-the-middle");
    f.c().setSpeed(20.0);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("saved.json"));
    ASSERT_TRUE(f.window.saveTo(path));
    const Scenario saved = f.run().scenario();

    Fixture other;
    ASSERT_TRUE(other.window.openFile(path))
        << other.errors.join(QStringLiteral("\n")).toStdString();
    Scenario reopened = other.run().scenario();
    EXPECT_NE(reopened.uiJson.find("speed"), std::string::npos);
    EXPECT_DOUBLE_EQ(other.c().speed(), 20.0);
    reopened.uiJson = saved.uiJson;
    EXPECT_EQ(reopened, saved);
}

TEST(MainWindow, ExportsTheTraceAsJsonLines)
{
    Fixture f;
    f.c().advanceBy(100.0);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("trace.jsonl"));
    ASSERT_TRUE(f.window.exportTrace(path));
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    EXPECT_EQ(static_cast<std::size_t>(lines.size() - 1),
              static_cast<std::size_t>(f.run().cursorLines()));
    EXPECT_TRUE(lines.first().startsWith("{\"t\":0,"));
}

TEST(MainWindow, TheDiagramTankShowsASidesLengthAfterAFixedRun)
{
    Fixture f("ignoring-write-return");
    f.window.show();
    f.c().advanceBy(3000.0);
    f.window.refreshViews();
    const StageSnapshot& socket = f.run().moment().stages.at(1);
    // The naive wiring overflows: real Node 24 holds 507,904 bytes in the
    // socket's buffer at 3 s, 7.75 times its highWaterMark.
    ASSERT_EQ(socket.writable.length, 507904);
    ASSERT_EQ(socket.writable.highWaterMark, 65536);

    PipelineDiagram* diagram = f.window.diagram();
    const QImage image = diagram->grab().toImage();
    const QRectF tank = diagram->tankRect(1, PipelineDiagram::Side::Writable);
    ASSERT_FALSE(tank.isEmpty());
    const double scale =
        PipelineDiagram::tankScale(socket.writable.length, socket.writable.highWaterMark);
    const double level =
        tank.bottom() - static_cast<double>(socket.writable.length) / scale * tank.height();
    const double mark =
        tank.bottom() - static_cast<double>(socket.writable.highWaterMark) / scale * tank.height();
    const int x = static_cast<int>(tank.left() + tank.width() * 0.2);
    const double dpr = image.devicePixelRatio();
    const auto pixel = [&](double y) {
        return image.pixelColor(static_cast<int>(x * dpr), static_cast<int>(y * dpr));
    };
    if (tank.bottom() - mark > 6.0) {
        EXPECT_EQ(pixel((tank.bottom() + mark) / 2.0), PipelineDiagram::fillColour());
    }
    EXPECT_EQ(pixel((level + mark) / 2.0), PipelineDiagram::overflowColour());
    EXPECT_NE(pixel(level - 4.0), PipelineDiagram::overflowColour());
    EXPECT_NE(pixel(level - 4.0), PipelineDiagram::fillColour());
}

TEST(MainWindow, SteppingOntoAWriteShowsTheLineAndAChunkOnTheArrow)
{
    Fixture f;
    f.window.show();
    bool onWrite = false;
    for (int i = 0; i < 200 && !onWrite; ++i) {
        f.run().stepForward();
        const Moment& m = f.run().moment();
        onWrite = m.line && m.line->event.kind == EventKind::Write && m.line->event.stage == 1;
    }
    ASSERT_TRUE(onWrite);
    const std::vector<ChunkInFlight> chunks = chunksInFlight(
        f.run().recentTrace(), f.run().recentVisibleCount(), f.c().virtualNowMs() + 0.5, 1.0);
    ASSERT_FALSE(chunks.empty());
    EXPECT_EQ(chunks.front().toStage, 1);
    // For a look at the picture: BPLAB_TEST_SHOTS=/some/dir
    const QString shots = qEnvironmentVariable("BPLAB_TEST_SHOTS");
    if (!shots.isEmpty()) {
        QApplication::processEvents();
        f.window.grab().save(QDir(shots).filePath(QStringLiteral("stepping.png")));
    }
}

TEST(MainWindow, ChunksTravelAlongTheArrowsAtSlowSpeeds)
{
    Fixture f;
    f.window.show();
    f.c().setSpeed(0.1);
    f.c().play();
    for (int i = 0; i < 40; ++i) {
        f.wall(16.0);
    }
    const std::vector<ChunkInFlight> chunks = chunksInFlight(
        f.run().recentTrace(), f.run().recentVisibleCount(), f.c().virtualNowMs(), 400.0 * 0.1);
    EXPECT_FALSE(chunks.empty());
    const QString shots = qEnvironmentVariable("BPLAB_TEST_SHOTS");
    if (!shots.isEmpty()) {
        QApplication::processEvents();
        f.window.grab().save(QDir(shots).filePath(QStringLiteral("slow.png")));
    }
}

TEST(MainWindow, DroppingAScenarioFileOpensIt)
{
    Fixture f;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dropped.json"));
    {
        QFile source(QStringLiteral(BPLAB_EXAMPLES_DIR "/error-with-pipe.json"));
        ASSERT_TRUE(source.open(QIODevice::ReadOnly));
        QFile out(path);
        ASSERT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(source.readAll());
    }
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.window, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(&f.window, &drop);
    EXPECT_EQ(f.run().scenario().name, "An error with pipe()");
    EXPECT_EQ(f.window.currentFile(), QFileInfo(path).absoluteFilePath());
}
