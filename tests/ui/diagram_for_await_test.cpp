// The diagram's for-await arrow: its "for await" label stands over the loop's
// ring, never on it, at the window sizes of a laptop, a projector and a
// desktop, and in presenter mode (larger type).
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/run/player.h"

#include <QApplication>

#include <gtest/gtest.h>

using namespace bplab;
using namespace bplab::ui;

namespace {

struct ForAwaitWindow {
    MainWindow window;

    ForAwaitWindow(QSize size, bool presenter)
    {
        window.setErrorReporter([](const QString&, const QString&) {});
        window.player().setFrameTimerEnabled(false);
        new AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
        EXPECT_TRUE(window.openExample(QStringLiteral("for-await-slow-sink")));
        window.resize(size);
        window.show();
        if (presenter) {
            window.presenter()->enter(false);
        }
        QApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        window.player().advanceBy(3000.0);
        window.refreshViews();
        QApplication::processEvents();
    }
};

void expectLabelOverTheRing(QSize size, bool presenter)
{
    ForAwaitWindow f(size, presenter);
    const PipelineDiagram* diagram = f.window.diagram();
    const QRectF label = diagram->arrowLabelBounds(1);
    const QRectF ring = diagram->loopRingBounds(1);
    ASSERT_FALSE(label.isEmpty());
    ASSERT_FALSE(ring.isEmpty());
    EXPECT_FALSE(label.intersects(ring)) << "label " << label.top() << ".." << label.bottom()
                                         << ", ring " << ring.top() << ".." << ring.bottom();
    EXPECT_LE(label.bottom(), ring.top());
    // Between the boxes: clear of the source's readable tank and the sink's
    // writable one (two lines where "for await" is wider than the gap).
    EXPECT_GE(label.left(), diagram->tankRect(0, PipelineDiagram::Side::Readable).right());
    EXPECT_LE(label.right(), diagram->tankRect(1, PipelineDiagram::Side::Writable).left());
    // Both within the diagram.
    EXPECT_TRUE(QRectF(diagram->rect()).contains(label));
    EXPECT_TRUE(QRectF(diagram->rect()).contains(ring));
}

TEST(DiagramForAwait, TheLabelStandsOverTheLoopRingAt1024x768)
{
    expectLabelOverTheRing(QSize(1024, 768), false);
}

TEST(DiagramForAwait, TheLabelStandsOverTheLoopRingAt1280x800)
{
    expectLabelOverTheRing(QSize(1280, 800), false);
}

TEST(DiagramForAwait, TheLabelStandsOverTheLoopRingAt1920x1080)
{
    expectLabelOverTheRing(QSize(1920, 1080), false);
}

TEST(DiagramForAwait, TheLabelStandsOverTheLoopRingInPresenterModeAt1280x800)
{
    expectLabelOverTheRing(QSize(1280, 800), true);
}

TEST(DiagramForAwait, TheLabelStandsOverTheLoopRingInPresenterModeAt1024x768)
{
    expectLabelOverTheRing(QSize(1024, 768), true);
}

TEST(DiagramForAwait, OtherWiringsHaveNoRing)
{
    Scenario s;
    Stage a;
    a.id = "a";
    a.kind = StageKind::Readable;
    Stage b;
    b.id = "b";
    b.kind = StageKind::Writable;
    s.stages = {a, b};
    PipelineDiagram diagram;
    diagram.setScenario(s);
    diagram.resize(800, 400);
    diagram.show();
    QApplication::processEvents();
    EXPECT_TRUE(diagram.loopRingBounds(1).isEmpty());
    EXPECT_FALSE(diagram.arrowLabelBounds(1).isEmpty());
}

}  // namespace
