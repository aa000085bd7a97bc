// Compare mode: two runs on the window's one clock, the first line where
// their traces part, and what the legends call them. The runs are real
// simulations; the player runs on a hand-moved wall clock, so no test sleeps.
#include "bplab_ui/compare/compare_mode.h"

#include "bplab_charts/time_chart.h"
#include "bplab_core/trace_jsonl.h"
#include "bplab_ui/compare/run_difference.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QTableWidget>

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

using namespace bplab;
using namespace bplab::ui;

namespace {

Scenario example(const char* name)
{
    QFile file(QStringLiteral(BPLAB_EXAMPLES_DIR "/%1.json").arg(QLatin1String(name)));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << name;
    const QByteArray json = file.readAll();
    const Result<Scenario> parsed =
        parseScenario(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
    EXPECT_TRUE(parsed.ok()) << name;
    return parsed.value();
}

// A window comparing example `a` (the window's run) with example `b`.
struct Fixture {
    MainWindow window;
    ManualWallClock clock;
    CompareMode* compare = nullptr;
    QStringList errors;

    Fixture(const char* a, const char* b)
    {
        window.setErrorReporter(
            [this](const QString&, const QString& message) { errors << message; });
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        window.player().setWallClock(&clock);
        window.resize(1280, 800);
        compare = installCompareMode(&window);
        EXPECT_TRUE(window.openExample(QString::fromUtf8(a)));
        EXPECT_TRUE(compare->compareWithFile(QString::fromUtf8(b)));
    }
};

// Each line of a run from first to last as bplab-cli writes it.
std::vector<std::string> wholeTrace(Run& run)
{
    run.seekTime(3'600'000);  // an hour: past the end of every example
    EXPECT_TRUE(run.headEnded());
    std::vector<std::string> ids;
    for (const Stage& stage : run.scenario().stages) {
        ids.push_back(stage.id);
    }
    std::vector<std::string> out;
    for (const RecordedLine& line : run.lines(0, run.headLines())) {
        TraceEvent event = line.event;
        event.message = line.message;
        std::string text;
        appendTraceLine(text, event, ids);
        out.push_back(text);
    }
    return out;
}

// Where two traces part, compared directly.
std::optional<std::size_t> firstDifferingLine(const std::vector<std::string>& a,
                                              const std::vector<std::string>& b)
{
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i] != b[i]) {
            return i;
        }
    }
    if (a.size() != b.size()) {
        return std::min(a.size(), b.size());
    }
    return std::nullopt;
}

}  // namespace

TEST(CompareMode, StepsBothRunsOnOneClockEachAsItWouldStepAlone)
{
    // Naive and pipe part at line 0: each run has its own lines at every time.
    Fixture f("ignoring-write-return", "fast-producer-slow-consumer");
    f.window.player().advanceBy(1000.0);
    for (int i = 0; i < 40; ++i) {
        f.window.run().stepForward();  // the toolbar's Step
    }
    ui::Run aloneA;
    ui::Run aloneB;
    aloneA.load(example("ignoring-write-return"));
    aloneB.load(example("fast-producer-slow-consumer"));
    for (ui::Run* alone : {&aloneA, &aloneB}) {
        alone->advanceTo(1000);
        for (int i = 0; i < 40; ++i) {
            alone->stepForward();
        }
    }
    EXPECT_EQ(f.compare->runA().cursorLine(), aloneA.cursorLine());
    EXPECT_EQ(f.compare->runA().cursorTime(), aloneA.cursorTime());
    EXPECT_EQ(f.compare->runB().cursorLine(), aloneB.cursorLine());
    EXPECT_EQ(f.compare->runB().cursorTime(), aloneB.cursorTime());
    // The lines written by 1 s differ (the naive file never pauses), so the
    // same 40 steps end on different lines at different times.
    EXPECT_EQ(aloneA.cursorLine(), 140);
    EXPECT_EQ(aloneA.cursorTime(), 1400);
    EXPECT_EQ(aloneB.cursorLine(), 112);
    EXPECT_EQ(aloneB.cursorTime(), 1436);
    // And back: one line back on each.
    f.window.run().stepBack();
    EXPECT_EQ(f.compare->runA().cursorLine(), 139);
    EXPECT_EQ(f.compare->runB().cursorLine(), 111);
}

TEST(CompareMode, PlayingAndSeekingMoveBothRuns)
{
    Fixture f("error-with-pipe", "error-with-pipeline");
    f.window.player().play();
    f.clock.advanceMs(750.0);
    f.window.player().frame();
    EXPECT_EQ(f.compare->runA().cursorTime(), 750);
    EXPECT_EQ(f.compare->runB().cursorTime(), 750);
    f.window.run().seekTime(5000);  // what the scrubber does
    EXPECT_FALSE(f.window.player().isPlaying());
    EXPECT_EQ(f.compare->runA().cursorTime(), 5000);
    EXPECT_EQ(f.compare->runB().cursorTime(), 5000);
    f.window.run().seekTime(1200);  // back
    EXPECT_EQ(f.compare->runB().cursorTime(), 1200);
    f.window.player().setSpeed(4.0);
    f.window.player().play();
    f.clock.advanceMs(100.0);
    f.window.player().frame();
    EXPECT_EQ(f.compare->runA().cursorTime(), 1600);
    EXPECT_EQ(f.compare->runB().cursorTime(), 1600);
}

TEST(CompareMode, MarksTheLineWhereADirectComparisonOfTheTracesParts)
{
    Fixture f("error-with-pipe", "error-with-pipeline");
    ui::Run a;
    ui::Run b;
    a.load(example("error-with-pipe"));
    b.load(example("error-with-pipeline"));
    const std::vector<std::string> ta = wholeTrace(a);
    const std::vector<std::string> tb = wholeTrace(b);
    const std::optional<std::size_t> direct = firstDifferingLine(ta, tb);
    ASSERT_TRUE(direct.has_value());
    ASSERT_TRUE(f.compare->divergence().line.has_value());
    EXPECT_EQ(*f.compare->divergence().line, static_cast<std::int64_t>(*direct));
    // From real Node 24, the examples' profile: harness.js writes both traces
    // (each equal to ours line for line, tests/conformance on Node 24 and 20);
    // their first 1274 lines are the same; at 10 s pipe() emits the parser's
    // 'error' where pipeline() has destroyed it and writes 'close'.
    EXPECT_EQ(*direct, 1274U);
    EXPECT_EQ(
        f.compare->divergence().lineA,
        R"({"t":10000,"stage":"parser","ev":"error","message":"Unexpected token in row 312"})");
    EXPECT_EQ(f.compare->divergence().lineB, R"({"t":10000,"stage":"parser","ev":"close"})");
    EXPECT_EQ(f.compare->divergence().timeA, 10000);
    EXPECT_EQ(f.compare->divergence().timeB, 10000);
    // Both explanations: what each run's own "Why did this happen?" says there.
    a.seekLine(1274);
    b.seekLine(1274);
    EXPECT_EQ(f.compare->divergence().whyA, a.moment().explanation);
    EXPECT_EQ(f.compare->divergence().whyB, b.moment().explanation);
    EXPECT_FALSE(f.compare->divergence().whyA.empty());
    // Going there puts both cursors on that line.
    ASSERT_TRUE(f.compare->goToDivergence());
    EXPECT_EQ(f.compare->runA().cursorLine(), 1274);
    EXPECT_EQ(f.compare->runB().cursorLine(), 1274);
    EXPECT_TRUE(f.compare->divergenceLabel()->text().contains(QStringLiteral("line #1,274")));
}

TEST(CompareMode, NaiveAndPipePartAtTheirFirstLine)
{
    // Real Node: pipe() writes the socket's 'pipe' first, the hand wiring
    // starts with the file's first _read().
    Fixture f("ignoring-write-return", "fast-producer-slow-consumer");
    ASSERT_TRUE(f.compare->divergence().line.has_value());
    EXPECT_EQ(*f.compare->divergence().line, 0);
    EXPECT_EQ(f.compare->divergence().lineA, R"({"t":0,"stage":"file","ev":"read","rlen":0})");
    EXPECT_EQ(f.compare->divergence().lineB, R"({"t":0,"stage":"socket","ev":"pipe"})");
}

TEST(CompareMode, LegendsNameEachRunByWhatDiffers)
{
    Fixture f("error-with-pipe", "error-with-pipeline");
    EXPECT_EQ(f.compare->legendA(), QStringLiteral("A: pipe"));
    EXPECT_EQ(f.compare->legendB(), QStringLiteral("B: pipeline"));
    EXPECT_EQ(f.compare->difference().paths, QStringList{QStringLiteral("wiring")});
    EXPECT_EQ(f.compare->chart(1)->seriesNames(),
              (QStringList{QStringLiteral("A: pipe"), QStringLiteral("B: pipeline")}));
    EXPECT_EQ(f.compare->chart(0)->seriesNames().mid(0, 2),
              (QStringList{QStringLiteral("A: pipe"), QStringLiteral("B: pipeline")}));
}

TEST(CompareMode, DescribesAStageParameterByTheStageAndItsValues)
{
    Scenario a = example("fast-producer-slow-consumer");
    Scenario b = a;
    b.name = "another name";  // names and descriptions are not differences
    b.stages[1].highWaterMark = {65536, 65536, false};
    const ScenarioDifference d = describeDifference(a, b);
    EXPECT_EQ(d.a, QStringLiteral("socket highWaterMark default"));
    EXPECT_EQ(d.b, QStringLiteral("socket highWaterMark 65536"));
    EXPECT_EQ(describeDifference(a, a).a, QStringLiteral("same scenario"));
}

TEST(CompareMode, SummaryTableHoldsBothRunsAndTheDifference)
{
    Fixture f("ignoring-write-return", "fast-producer-slow-consumer");
    f.window.run().seekTime(12000);
    QTableWidget* table = f.compare->summaryTable();
    ASSERT_EQ(table->item(2, 0)->text(), QStringLiteral("pauses"));
    const RunSummary a = f.compare->runA().summary();
    const RunSummary b = f.compare->runB().summary();
    EXPECT_EQ(table->item(2, 1)->text(), QString::number(a.pauses));
    EXPECT_EQ(table->item(2, 2)->text(), QString::number(b.pauses));
    EXPECT_EQ(table->item(2, 3)->text(), QStringLiteral("+%1").arg(b.pauses - a.pauses));
    EXPECT_EQ(a.pauses, 0);  // the naive file never pauses
}

TEST(CompareMode, DuplicateAsBSendsEditsToBAndLeavingReturnsToOneRun)
{
    Fixture f("fast-producer-slow-consumer", "fast-producer-slow-consumer");
    QWidget* comparing = f.window.centralWidget();
    f.compare->leave();
    QWidget* single = f.window.centralWidget();
    EXPECT_NE(single, comparing);
    f.compare->duplicateAsB();
    ASSERT_TRUE(f.compare->isActive());
    EXPECT_EQ(f.compare->selected(), CompareMode::Side::B);
    EXPECT_EQ(&f.compare->runB(), &f.window.run());  // the inspector edits B
    EXPECT_EQ(f.compare->legendB(), QStringLiteral("B: same scenario"));
    Scenario edited = f.window.run().scenario();
    edited.stages[1].highWaterMark = {65536, 65536, false};
    f.window.run().load(edited);  // what a structural edit does
    EXPECT_EQ(f.compare->legendA(), QStringLiteral("A: socket highWaterMark default"));
    EXPECT_EQ(f.compare->legendB(), QStringLiteral("B: socket highWaterMark 65536"));
    ASSERT_TRUE(f.compare->select(CompareMode::Side::A));
    EXPECT_EQ(&f.compare->runA(), &f.window.run());
    EXPECT_EQ(f.compare->runA().scenario().stages[1].highWaterMark,
              (PerSide<std::optional<std::int64_t>>{}));
    EXPECT_EQ(f.compare->runB().scenario().stages[1].highWaterMark, edited.stages[1].highWaterMark);
    EXPECT_EQ(f.compare->legendB(), QStringLiteral("B: socket highWaterMark 65536"));
    f.compare->leave();
    EXPECT_FALSE(f.compare->isActive());
    EXPECT_EQ(f.window.centralWidget(), single);
    EXPECT_EQ(f.window.player().runs().size(), 1U);
}

TEST(CompareMode, AFileThatDoesNotLoadLeavesBothRunsAsTheyWere)
{
    Fixture f("error-with-pipe", "error-with-pipeline");
    EXPECT_FALSE(f.compare->compareWithFile(QStringLiteral("/no/such/file.json")));
    ASSERT_EQ(f.errors.size(), 1);
    EXPECT_TRUE(f.errors.first().contains(QStringLiteral("/no/such/file.json")));
    EXPECT_EQ(f.compare->legendB(), QStringLiteral("B: pipeline"));
}

TEST(CompareMode, ClassicPairsOpenFromTheExamplesMenuInOneAction)
{
    MainWindow window;
    window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
    window.player().setFrameTimerEnabled(false);
    CompareMode* compare = installCompareMode(&window);
    ASSERT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    QAction* pair = nullptr;
    for (QMenu* menu : window.findChildren<QMenu*>()) {
        if (menu->title() == QStringLiteral("&Classic pairs (compare)")) {
            pair = menu->actions().value(0);
        }
    }
    ASSERT_NE(pair, nullptr);
    EXPECT_EQ(pair->text(), QStringLiteral("pipe() vs pipeline(), the same error"));
    pair->trigger();
    ASSERT_TRUE(compare->isActive());
    EXPECT_EQ(compare->runA().scenario().name, "An error with pipe()");
    EXPECT_EQ(compare->runB().scenario().name, "The same error with pipeline()");
    EXPECT_EQ(compare->legendA(), QStringLiteral("A: pipe"));
    EXPECT_EQ(compare->legendB(), QStringLiteral("B: pipeline"));
    EXPECT_EQ(window.player().runs().size(), 2U);
}
