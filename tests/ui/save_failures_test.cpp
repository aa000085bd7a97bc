// A save or export that fails says why, names the file, and leaves the old
// file byte for byte; a scenario the app could not open again is not saved;
// a run that cannot go on ends with its reason, and closing tears down cleanly.
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QUndoStack>

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <memory>

using namespace bplab;
using namespace bplab::ui;

namespace {

QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

void writeAll(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    ASSERT_EQ(file.write(bytes), bytes.size());
}

struct ReportingWindow {
    MainWindow window;
    AnalysisDocks* docks = nullptr;
    QStringList errors;  // "title: message", in order

    ReportingWindow()
    {
        window.setErrorReporter([this](const QString& title, const QString& message) {
            errors << title + QStringLiteral(": ") + message;
        });
        window.setUnsavedChangesPrompt([] { return UnsavedChoice::Discard; });
        window.player().setFrameTimerEnabled(false);
        docks = new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        EXPECT_TRUE(window.openExample(QStringLiteral("fast-producer-slow-consumer")));
    }
};

// A 64 KiB tmpfs: a real full disk. Mounting needs root.
class FullDisk : public ::testing::Test {
protected:
    void SetUp() override
    {
        ASSERT_TRUE(m_dir.isValid());
        m_mount = m_dir.filePath(QStringLiteral("small"));
        ASSERT_TRUE(QDir().mkpath(m_mount));
        const QByteArray command = "mount -t tmpfs -o size=64k bplab-ui-test " +
                                   QFile::encodeName(m_mount) + " 2>/dev/null";
        if (::geteuid() != 0 || std::system(command.constData()) != 0) {
            GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
        }
        m_mounted = true;
    }
    void TearDown() override
    {
        if (m_mounted) {
            std::system(("umount " + QFile::encodeName(m_mount)).constData());
        }
    }
    QTemporaryDir m_dir;
    QString m_mount;
    bool m_mounted = false;
};

TEST_F(FullDisk, ASaveThatDoesNotFitSaysWhyAndLeavesTheOldFileByteForByte)
{
    ReportingWindow f;
    const QString path = m_mount + QStringLiteral("/scenario.json");
    const QByteArray old(40 * 1024, 'o');
    writeAll(path, old);
    Scenario edited = f.docks->editor()->scenario();
    edited.description = std::string(30 * 1024, 'd');  // the old file and this do not both fit
    ASSERT_TRUE(f.docks->editor()->apply(QStringLiteral("description"), edited).ok());

    EXPECT_FALSE(f.window.saveTo(path));
    EXPECT_EQ(f.errors, QStringList{QStringLiteral("Cannot save scenario: %1\n\n%1: cannot write: "
                                                   "No space left on device")
                                        .arg(path)});
    EXPECT_EQ(readAll(path), old);
    EXPECT_EQ(QDir(m_mount).entryList(QDir::Files | QDir::Hidden),
              QStringList{QStringLiteral("scenario.json")});
    EXPECT_TRUE(f.window.isWindowModified());  // the edits are still unsaved
}

TEST_F(FullDisk, AnExportThatDoesNotFitSaysWhyAndLeavesTheOldFileByteForByte)
{
    ReportingWindow f;
    f.window.player().advanceBy(60'000);
    const QString path = m_mount + QStringLiteral("/trace.jsonl");
    const QByteArray old(40 * 1024, 'o');
    writeAll(path, old);

    EXPECT_FALSE(f.window.exportTrace(path));
    EXPECT_EQ(f.errors, QStringList{QStringLiteral("Cannot export the trace: %1\n\n%1: cannot "
                                                   "write: No space left on device")
                                        .arg(path)});
    EXPECT_EQ(readAll(path), old);
    EXPECT_EQ(QDir(m_mount).entryList(QDir::Files | QDir::Hidden),
              QStringList{QStringLiteral("trace.jsonl")});
}

TEST(SaveFailures, ASaveIntoAMissingFolderNamesThePathAndTheReason)
{
    ReportingWindow f;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no-such-folder/scenario.json"));
    EXPECT_FALSE(f.window.saveTo(path));
    EXPECT_EQ(f.errors, QStringList{QStringLiteral("Cannot save scenario: %1\n\n%1: cannot open "
                                                   "for writing: No such file or directory")
                                        .arg(path)});
}

TEST(SaveFailures, AScenarioTooLargeToOpenAgainIsNotSavedAndTheOldFileStays)
{
    ReportingWindow f;
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("scenario.json"));
    writeAll(path, "old");
    Scenario edited = f.docks->editor()->scenario();
    edited.description = std::string(kMaxScenarioBytes, 'd');
    ASSERT_TRUE(f.docks->editor()->apply(QStringLiteral("description"), edited).ok());

    EXPECT_FALSE(f.window.saveTo(path));
    ASSERT_EQ(f.errors.size(), 1);
    EXPECT_TRUE(f.errors.first().startsWith(
        QStringLiteral("Cannot save scenario: %1\n\nThe scenario would take ").arg(path)))
        << f.errors.first().left(200).toStdString();
    EXPECT_TRUE(f.errors.first().endsWith(
        QStringLiteral(" bytes, more than the 16777216 bytes (16 MiB) a scenario file may have.")));
    EXPECT_EQ(readAll(path), QByteArray("old"));
}

TEST(SaveFailures, ClosingAWindowWithUnsavedEditsTearsItDownWithoutReachingIntoIt)
{
    // The undo stack goes with the docks after the window's own part is
    // gone; under UBSan a signal reaching the window then is a bad downcast.
    auto f = std::make_unique<ReportingWindow>();
    Scenario edited = f->docks->editor()->scenario();
    edited.stages.back().delayMs += 5;
    ASSERT_TRUE(f->docks->editor()->apply(QStringLiteral("delay_ms"), edited).ok());
    ASSERT_TRUE(f->window.isWindowModified());
    EXPECT_TRUE(f->window.close());
    f.reset();
    SUCCEED();
}

TEST(RunStops, AStepOfYearsEndsTheRunWithTheReasonInsteadOfHangingOrAborting)
{
    ui::Run run;
    Player player;
    player.setFrameTimerEnabled(false);
    player.addRun(&run);
    const Result<Scenario> scenario = parseScenario(
        R"({"format": "bplab-scenario/1", "stages": [
            {"id": "src", "kind": "readable", "chunks": 100},
            {"id": "sink", "kind": "writable", "delay_ms": 4503599627370496}]})");
    ASSERT_TRUE(scenario.ok()) << scenario.error().message;
    run.load(scenario.value());
    player.advanceBy(1e16);
    EXPECT_TRUE(run.atEnd());
    // The window samples every 10 ms: the first stretch the player asks for
    // (a quarter of the way) is already too long.
    EXPECT_EQ(run.stopReason(),
              "the next step, at t = 2500000000000000 ms, is more than 10000000 samples of 10 ms "
              "away from t = 10 ms");
}

}  // namespace
