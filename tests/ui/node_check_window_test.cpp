// Tools > Run on real Node: equal on an example with the pinned Node 24, the
// right line when a stand-in "Node" alters one, and a Node that runs past
// the timeout is stopped. Node runs in the background: each test waits for
// the window's checkFinished() signal while the event loop goes on.
#include "bplab_ui/experiment/node_check_window.h"

#include "bplab_core/lesson.h"
#include "bplab_core/scenario.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

const QString kNode24 = QStringLiteral(BPLAB_NODE_MODULES_DIR "/node24/bin/node");

Scenario example(const char* name)
{
    QFile file(QStringLiteral(BPLAB_EXAMPLES_DIR "/%1.json").arg(QLatin1String(name)));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return *parseScenario(file.readAll().toStdString());
}

// A shell script standing in for Node: `--version` answers as Node 24 does,
// anything else runs `body`.
QString standIn(const QTemporaryDir& dir, const QString& body)
{
    const QString path = dir.filePath(QStringLiteral("node"));
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(
        QStringLiteral("#!/bin/sh\nif [ \"$1\" = --version ]; then exec '%1' --version; fi\n%2\n")
            .arg(kNode24, body)
            .toUtf8());
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

void check(NodeCheckWindow& window)
{
    QSignalSpy finished(&window, &NodeCheckWindow::checkFinished);
    ASSERT_TRUE(window.start()) << window.verdict().toStdString();
    EXPECT_TRUE(window.isRunning());  // start() did not wait for Node
    ASSERT_TRUE(finished.wait(120000));
}

TEST(NodeCheckWindow, SaysEqualOnAnExampleWithThePinnedNode24)
{
    const Scenario scenario = example("fast-producer-slow-consumer");
    NodeCheckWindow window;
    window.setScenario(scenario);
    window.setNodeBinary(kNode24);
    check(window);
    const std::size_t lines = simulateTrace(scenario).size();
    EXPECT_EQ(window.outcome(), NodeCheckWindow::Outcome::Equal) << window.verdict().toStdString();
    EXPECT_EQ(window.verdict(), QStringLiteral("Equal, %1 lines, on Node v24.21.0").arg(lines));
    EXPECT_EQ(window.nodeVersion(), QStringLiteral("v24.21.0"));
    EXPECT_EQ(window.versionWarning(), QString());
}

TEST(NodeCheckWindow, NamesTheLineAStandInNodeAlteredWithBothExplanations)
{
    QTemporaryDir dir;
    // Node 24's trace with the "ret" of line 30 (its first write() false) flipped.
    const QString node = standIn(
        dir, QStringLiteral("'%1' \"$@\" | sed '30s/\"ret\":false/\"ret\":true/'").arg(kNode24));
    const Scenario scenario = example("fast-producer-slow-consumer");
    NodeCheckWindow window;
    window.setScenario(scenario);
    window.setNodeBinary(node);
    check(window);
    const auto ours = simulateTrace(scenario);
    ASSERT_EQ(window.outcome(), NodeCheckWindow::Outcome::Different)
        << window.verdict().toStdString();
    EXPECT_EQ(window.differingLine(), std::optional<std::size_t>(30));
    EXPECT_EQ(window.verdict(),
              QStringLiteral("Different on Node v24.21.0: first difference at line 30 (the "
                             "simulation has %1 lines, Node %1)")
                  .arg(ours.size()));
    ASSERT_EQ(window.simulationContext().size(), 11);
    ASSERT_EQ(window.nodeContext().size(), 11);
    const QString line30 = QString::fromStdString(ours[29].toJson());
    EXPECT_EQ(window.simulationContext()[5], QStringLiteral(">     30  ") + line30);
    QString altered = line30;
    altered.replace(QStringLiteral("\"ret\":false"), QStringLiteral("\"ret\":true"));
    EXPECT_EQ(window.nodeContext()[5], QStringLiteral(">     30  ") + altered);
    EXPECT_EQ(window.simulationContext()[0],
              QStringLiteral("      25  ") + QString::fromStdString(ours[24].toJson()));
    EXPECT_EQ(window.simulationWhy(),
              QStringLiteral("pipe() wrote a 16,384-byte chunk from 'file' to 'socket'. write() "
                             "returned false: writableLength 65,536 >= highWaterMark 65,536 (Node "
                             "24's default). pipe() now pauses 'file' and waits for 'drain' on "
                             "'socket'."));
    EXPECT_EQ(window.nodeWhy(),
              QStringLiteral("pipe() wrote a 16,384-byte chunk from 'file' to 'socket'. write() "
                             "returned true: writableLength 65,536 < highWaterMark 65,536 (Node "
                             "24's default)."));
}

TEST(NodeCheckWindow, StopsANodeThatRunsPastTheTimeout)
{
    QTemporaryDir dir;
    const QString node = standIn(dir, QStringLiteral("exec sleep 60"));
    NodeCheckWindow window;
    window.setScenario(example("fast-producer-slow-consumer"));
    window.setNodeBinary(node);
    window.setTimeoutMs(300);
    check(window);
    EXPECT_EQ(window.outcome(), NodeCheckWindow::Outcome::TimedOut);
    EXPECT_EQ(window.verdict(),
              QStringLiteral("%1 ran longer than 300 ms and was stopped").arg(node));
    EXPECT_FALSE(window.isRunning());
}

TEST(NodeCheckWindow, WarnsWhenNodesMajorIsNotTheProfiles)
{
    Scenario scenario = example("fast-producer-slow-consumer");
    scenario.node = NodeProfile::V20;
    NodeCheckWindow window;
    window.setScenario(scenario);
    window.setNodeBinary(kNode24);
    check(window);
    EXPECT_EQ(window.versionWarning(),
              QStringLiteral("The scenario's profile is Node 20 but %1 is v24.21.0: the harness "
                             "refuses a profile of another major version.")
                  .arg(kNode24));
    EXPECT_EQ(window.outcome(), NodeCheckWindow::Outcome::Failed);
}

TEST(NodeCheckWindow, AMissingNodeIsSaidAtOnce)
{
    NodeCheckWindow window;
    window.setScenario(example("fast-producer-slow-consumer"));
    window.setNodeBinary(QStringLiteral("/no/such/node"));
    EXPECT_FALSE(window.start());
    EXPECT_EQ(window.outcome(), NodeCheckWindow::Outcome::Failed);
    EXPECT_EQ(window.verdict(), QStringLiteral("/no/such/node: not an executable file"));
}

}  // namespace
