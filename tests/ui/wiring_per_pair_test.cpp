// The stage inspector's wiring per pair (scenario-v2 section 2): one box for
// the whole chain, and a box per pair of neighbouring stages when they
// differ; the same wiring for every pair saves as one string.

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>

#include <gtest/gtest.h>

#include <string>

namespace bplab::ui {
namespace {

// 'file' -> 'gzip' -> 'socket', each pair as given ({} = "pipe" for the chain).
Scenario threeStages(std::vector<Wiring> pairs = {})
{
    const std::string wiring = [&] {
        if (pairs.empty()) {
            return std::string("\"pipe\"");
        }
        std::string text = "[";
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            text += (i > 0 ? ", \"" : "\"") + std::string(toString(pairs[i])) + "\"";
        }
        return text + "]";
    }();
    const Result<Scenario> s =
        parseScenario(R"({"format": "bplab-scenario/2", "wiring": )" + wiring + R"(, "stages": [
          {"id": "file", "kind": "readable", "chunks": 10, "interval_ms": 1},
          {"id": "gzip", "kind": "transform", "delay_ms": 3},
          {"id": "socket", "kind": "writable", "delay_ms": 5}]})");
    EXPECT_TRUE(s.ok()) << (s.ok() ? std::string() : s.error().message);
    return s.ok() ? s.value() : Scenario{};
}

template <typename T>
T* child(const StageInspector& inspector, const QString& name)
{
    return inspector.findChild<T*>(name);
}

QComboBox* pairBox(const StageInspector& inspector, int pair)
{
    return child<QComboBox>(inspector, QStringLiteral("pairWiring%1").arg(pair));
}

// What the box of pair `pair` says, and the label beside it.
QString pairText(const StageInspector& inspector, int pair)
{
    QComboBox* box = pairBox(inspector, pair);
    if (box == nullptr) {
        return QStringLiteral("(no box)");
    }
    const auto* form = qobject_cast<QFormLayout*>(box->parentWidget()->layout());
    const auto* label = form != nullptr ? qobject_cast<QLabel*>(form->labelForField(box)) : nullptr;
    return (label != nullptr ? label->text() : QStringLiteral("?")) + QStringLiteral(": ") +
           box->currentText();
}

std::string wiringLine(const Scenario& s)
{
    const std::string text = serializeScenario(s);
    const std::size_t at = text.find("\"wiring\"");
    return at == std::string::npos ? std::string() : text.substr(at, text.find('\n', at) - at);
}

TEST(WiringPerPair, OneWiringForTheChainShowsOneBoxAndNoPairs)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    inspector.show();
    auto* perPair = child<QCheckBox>(inspector, QStringLiteral("wiringPerPair"));
    ASSERT_NE(perPair, nullptr);
    EXPECT_FALSE(perPair->isChecked());
    EXPECT_TRUE(perPair->isEnabled());
    ASSERT_NE(pairBox(inspector, 0), nullptr);
    EXPECT_FALSE(pairBox(inspector, 0)->isVisible());
    EXPECT_EQ(pairBox(inspector, 2), nullptr);
}

TEST(WiringPerPair, AWiringArrayShowsEachPairByItsStages)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages({Wiring::Pipe, Wiring::ForAwait}));
    StageInspector inspector(&editor);
    inspector.show();
    EXPECT_TRUE(child<QCheckBox>(inspector, QStringLiteral("wiringPerPair"))->isChecked());
    EXPECT_TRUE(pairBox(inspector, 0)->isVisible());
    EXPECT_EQ(pairText(inspector, 0), QStringLiteral("file \u2192 gzip: pipe()"));
    EXPECT_EQ(pairText(inspector, 1), QStringLiteral("gzip \u2192 socket: for await"));
    // The chain's box says the pairs differ.
    auto* chain = child<QComboBox>(inspector, QStringLiteral("wiring"));
    EXPECT_EQ(chain->currentIndex(), -1);
    EXPECT_EQ(chain->placeholderText(), QStringLiteral("per pair (below)"));
}

TEST(WiringPerPair, PairsThatDifferSaveAsAnArrayAndTheSameForAllAsOneString)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages());
    StageInspector inspector(&editor);
    inspector.show();
    child<QCheckBox>(inspector, QStringLiteral("wiringPerPair"))->setChecked(true);
    EXPECT_TRUE(pairBox(inspector, 1)->isVisible());
    EXPECT_EQ(pairText(inspector, 1), QStringLiteral("gzip \u2192 socket: pipe()"));

    Q_EMIT pairBox(inspector, 1)->activated(2);  // for await
    EXPECT_EQ(inspector.lastError(), QString());
    EXPECT_EQ(editor.scenario().pairWirings, (std::vector<Wiring>{Wiring::Pipe, Wiring::ForAwait}));
    EXPECT_EQ(wiringLine(editor.scenario()), R"("wiring": ["pipe", "for-await"],)");
    EXPECT_EQ(formatVersionOf(editor.scenario()), 2);

    Q_EMIT pairBox(inspector, 0)->activated(2);  // for await for the other pair too
    EXPECT_TRUE(editor.scenario().pairWirings.empty());
    EXPECT_EQ(editor.scenario().wiring, Wiring::ForAwait);
    EXPECT_EQ(wiringLine(editor.scenario()), R"("wiring": "for-await",)");
    // The rows stay shown while the box is ticked.
    EXPECT_TRUE(pairBox(inspector, 1)->isVisible());
    EXPECT_EQ(pairText(inspector, 0), QStringLiteral("file \u2192 gzip: for await"));

    Q_EMIT pairBox(inspector, 0)->activated(1);  // naive
    EXPECT_EQ(editor.scenario().pairWirings,
              (std::vector<Wiring>{Wiring::Naive, Wiring::ForAwait}));
    // Unticking wires the whole chain with the first pair's wiring, one undoable step.
    child<QCheckBox>(inspector, QStringLiteral("wiringPerPair"))->setChecked(false);
    EXPECT_TRUE(editor.scenario().pairWirings.empty());
    EXPECT_EQ(editor.scenario().wiring, Wiring::Naive);
    EXPECT_FALSE(pairBox(inspector, 0)->isVisible());
    editor.undoStack()->undo();
    EXPECT_EQ(editor.scenario().pairWirings,
              (std::vector<Wiring>{Wiring::Naive, Wiring::ForAwait}));
    EXPECT_TRUE(pairBox(inspector, 0)->isVisible());
}

TEST(WiringPerPair, TheChainsBoxWiresEveryPairAgain)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages({Wiring::Naive, Wiring::ForAwait}));
    StageInspector inspector(&editor);
    inspector.show();
    auto* chain = child<QComboBox>(inspector, QStringLiteral("wiring"));
    Q_EMIT chain->activated(1);  // pipeline()
    EXPECT_EQ(inspector.lastError(), QString());
    EXPECT_TRUE(editor.scenario().pairWirings.empty());
    EXPECT_EQ(editor.scenario().wiring, Wiring::Pipeline);
    EXPECT_EQ(formatVersionOf(editor.scenario()), 1);
    EXPECT_EQ(pairText(inspector, 0),
              QStringLiteral("file \u2192 gzip: pipeline() (the whole chain only)"));
}

TEST(WiringPerPair, PipelineForOnePairIsRefusedNamingItsEntryAsTheLoaderDoes)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages({Wiring::Pipe, Wiring::ForAwait}));
    StageInspector inspector(&editor);
    inspector.show();
    Q_EMIT pairBox(inspector, 1)->activated(3);  // pipeline()
    EXPECT_EQ(inspector.lastError(),
              QStringLiteral("Not applied: wiring[1]: \"pipeline\" wires the whole chain, so it "
                             "is the single string \"pipeline\", never an entry of a wiring "
                             "array; expected \"pipe\", \"naive\" or \"for-await\""));
    EXPECT_EQ(editor.scenario().pairWirings, (std::vector<Wiring>{Wiring::Pipe, Wiring::ForAwait}));
    EXPECT_EQ(pairText(inspector, 1), QStringLiteral("gzip \u2192 socket: for await"));

    // The loader says the same of the file.
    const Result<Scenario> loaded = parseScenario(
        R"({"format": "bplab-scenario/2", "wiring": ["pipe", "pipeline"], "stages": [
          {"id": "file", "kind": "readable"}, {"id": "gzip", "kind": "transform"},
          {"id": "socket", "kind": "writable"}]})");
    ASSERT_FALSE(loaded.ok());
    EXPECT_EQ(QStringLiteral("Not applied: ") + QString::fromStdString(loaded.error().message),
              inspector.lastError());
}

TEST(WiringPerPair, AddingATransformSplitsItsPairAndRemovingItJoinsThem)
{
    ScenarioEditor editor;
    editor.setScenario(threeStages({Wiring::Pipe, Wiring::ForAwait}));
    StageInspector inspector(&editor);
    inspector.show();
    inspector.setSelectedStage(1);
    QPushButton* add = nullptr;
    QPushButton* remove = nullptr;
    for (QPushButton* b : inspector.findChildren<QPushButton*>()) {
        if (b->text() == QStringLiteral("Add transform")) {
            add = b;
        } else if (b->text() == QStringLiteral("Remove")) {
            remove = b;
        }
    }
    ASSERT_NE(add, nullptr);
    ASSERT_NE(remove, nullptr);
    add->click();  // 'transform' between 'gzip' and 'socket'
    EXPECT_EQ(inspector.lastError(), QString());
    ASSERT_EQ(editor.scenario().stages.size(), 4U);
    EXPECT_EQ(editor.scenario().pairWirings,
              (std::vector<Wiring>{Wiring::Pipe, Wiring::ForAwait, Wiring::ForAwait}));
    EXPECT_EQ(pairText(inspector, 1), QStringLiteral("gzip \u2192 transform: for await"));
    EXPECT_EQ(pairText(inspector, 2), QStringLiteral("transform \u2192 socket: for await"));

    inspector.setSelectedStage(1);
    remove->click();  // 'gzip': 'file' -> 'transform' keeps gzip's upstream pipe()
    EXPECT_EQ(inspector.lastError(), QString());
    EXPECT_EQ(editor.scenario().pairWirings, (std::vector<Wiring>{Wiring::Pipe, Wiring::ForAwait}));
    EXPECT_EQ(pairText(inspector, 0), QStringLiteral("file \u2192 transform: pipe()"));
    EXPECT_EQ(pairBox(inspector, 2), nullptr);
}

}  // namespace
}  // namespace bplab::ui
