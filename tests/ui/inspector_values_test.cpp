// The inspector shows what the scenario holds, whatever it holds, and the
// wheel edits only what has the focus.
#include "bplab_ui/inspector/param_control.h"
#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/stage_inspector.h"

#include <QApplication>
#include <QDoubleSpinBox>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSlider>
#include <QUndoStack>
#include <QWheelEvent>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

constexpr std::int64_t kMaxSafe = 9007199254740991;  // 2^53 - 1

void wheelOver(QWidget* widget, int steps)
{
    const QPointF at(widget->width() / 2.0, widget->height() / 2.0);
    QWheelEvent wheel(at, widget->mapToGlobal(at), QPoint(), QPoint(0, 120 * steps), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &wheel);
}

// Extreme but legal values (scenario-v1 section 1) on every numeric field.
Scenario extremes()
{
    Scenario s;
    s.name = "extremes";
    Stage source;
    source.id = "source";
    source.kind = StageKind::Readable;
    source.chunks = 100'000'000;
    source.chunkBytes = kMaxSafe;
    source.intervalMs = kMaxSafe;
    source.jitter = 0.123456789;
    source.highWaterMark.readable = kMaxSafe;
    Stage middle;
    middle.id = "middle";
    middle.kind = StageKind::Transform;
    middle.delayMs = 123'456'789'012;
    middle.perKibMs = 0.000123456789;
    middle.ratio = 1e-7;
    middle.split = 100'000;
    middle.jitter = 1.0;
    middle.highWaterMark = {.readable = 0, .writable = 65'537, .split = true};
    Stage sink;
    sink.id = "sink";
    sink.kind = StageKind::Writable;
    sink.delayMs = 0;
    sink.perKibMs = 123456.789;
    sink.highWaterMark.writable = 1;
    s.stages = {source, middle, sink};
    return s;
}

struct Inspecting {
    ScenarioEditor editor;
    StageInspector inspector{&editor};

    Inspecting()
    {
        editor.setScenario(extremes());
        inspector.resize(460, 900);
        inspector.show();
        QApplication::processEvents();
    }
};

}  // namespace

TEST(InspectorValues, EveryValueAScenarioMayHoldIsShownExactlyAndLeftUnchanged)
{
    Inspecting f;
    const Scenario original = extremes();
    const auto shows = [&](int stage, const char* key, double expected) {
        f.inspector.setSelectedStage(stage);
        QApplication::processEvents();
        ParamControl* control = f.inspector.param(QString::fromLatin1(key));
        ASSERT_NE(control, nullptr) << key;
        EXPECT_EQ(control->value(), expected) << key;
        EXPECT_EQ(control->spinBox()->valueFromText(control->spinBox()->text()), expected) << key;
    };
    shows(0, "chunks", 100'000'000.0);
    shows(0, "chunk_bytes", static_cast<double>(kMaxSafe));
    shows(0, "interval_ms", static_cast<double>(kMaxSafe));
    shows(0, "jitter", 0.123456789);
    shows(0, "highWaterMark", static_cast<double>(kMaxSafe));
    shows(1, "delay_ms", 123'456'789'012.0);
    shows(1, "per_kib_ms", 0.000123456789);
    shows(1, "ratio", 1e-7);
    shows(1, "split", 100'000.0);
    shows(1, "jitter", 1.0);
    shows(1, "highWaterMark.readable", 0.0);
    shows(1, "highWaterMark.writable", 65'537.0);
    shows(2, "per_kib_ms", 123456.789);
    shows(2, "highWaterMark", 1.0);
    // Looking changed nothing: no edit, the scenario as it was.
    EXPECT_EQ(f.editor.undoStack()->count(), 0);
    EXPECT_EQ(serializeScenario(f.editor.scenario()), serializeScenario(original));
}

TEST(InspectorValues, AValueBeyondTheSliderSaysSoAndPutsTheSliderAtItsEnd)
{
    Inspecting f;
    f.inspector.setSelectedStage(0);
    ParamControl* chunks = f.inspector.param(QStringLiteral("chunks"));
    ASSERT_NE(chunks, nullptr);
    EXPECT_EQ(chunks->slider()->value(), chunks->slider()->maximum());
    EXPECT_TRUE(chunks->slider()->toolTip().contains(QStringLiteral("beyond the slider")));
    EXPECT_TRUE(chunks->spinBox()->text().startsWith(QStringLiteral("100000000")));
}

TEST(InspectorValues, AWheelOverAnUnfocusedSpinBoxOrSliderChangesNothing)
{
    Scenario small = extremes();
    small.stages[0].chunkBytes = 65536;
    ScenarioEditor editor;
    editor.setScenario(small);
    QScrollArea scroll;
    auto* inspector = new StageInspector(&editor);
    scroll.setWidget(inspector);
    scroll.setWidgetResizable(true);
    scroll.resize(460, 300);
    scroll.show();
    QApplication::processEvents();
    inspector->setSelectedStage(0);
    ParamControl* bytes = inspector->param(QStringLiteral("chunk_bytes"));
    ASSERT_NE(bytes, nullptr);
    ASSERT_FALSE(bytes->spinBox()->hasFocus());
    QSignalSpy edits(bytes, &ParamControl::edited);
    wheelOver(bytes->spinBox(), -5);
    wheelOver(bytes->slider(), -5);
    EXPECT_EQ(bytes->value(), 65536.0);
    EXPECT_EQ(edits.count(), 0);
    EXPECT_EQ(editor.undoStack()->count(), 0);
    EXPECT_EQ(editor.scenario().stages[0].chunkBytes, 65536);
}

TEST(InspectorValues, AWheelOverTheFocusedSpinBoxStepsIt)
{
    ParamControl control(ParamControl::Range{0.0, 1000.0, 0, QStringLiteral("ms"), false});
    control.setValue(10.0);
    control.show();
    QApplication::setActiveWindow(&control);
    control.spinBox()->setFocus();
    QApplication::processEvents();
    if (!control.spinBox()->hasFocus()) {
        GTEST_SKIP() << "the platform gives no focus";
    }
    QSignalSpy edits(&control, &ParamControl::edited);
    wheelOver(control.spinBox(), 1);
    EXPECT_EQ(control.value(), 11.0);
    EXPECT_EQ(edits.count(), 1);
}
