// Where a frame of the soak goes, widget by widget: the whole window (with
// its docks), offscreen at 1600x1000, plays the soak's pipeline
// (six-stage-jittery-pipeline.json) at 100x, one frame = 16 ms of wall time
// = 1.6 virtual s, unpaced. Each frame: the frame's work (Player::advanceBy:
// the runs move on and the views pull what changed), then each widget below
// painted on its own (QWidget::repaint), then the whole window. Prints the
// median and p95 of each over BPLAB_FRAME_COST_FRAMES frames (default 300)
// after 60 virtual s of warm-up; the sum of the parts next to the whole
// window says what the list leaves out.
#include <QApplication>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QStatusBar>
#include <QToolBar>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "bplab_charts/time_chart.h"
#include "bplab_ui/charts_panel.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/scrubber.h"
#include "bplab_ui/story/story_strip.h"

namespace {

// Counts the paint events each widget class gets while it is installed.
class PaintCounter : public QObject {
public:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && counting) {
            ++paints[watched->metaObject()->className()];
        }
        return false;
    }
    bool counting = false;
    std::map<std::string, int> paints;
};

struct Part {
    std::string name;
    QWidget* widget;
    std::vector<double> ms;
};

double percentile(std::vector<double> ms, double p)
{
    std::sort(ms.begin(), ms.end());
    const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
    return ms[std::min(i, ms.size() - 1)];
}

double timedMs(const std::function<void()>& work)
{
    QElapsedTimer clock;
    clock.start();
    work();
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const char* framesEnv = std::getenv("BPLAB_FRAME_COST_FRAMES");
    const int frames = framesEnv != nullptr ? std::max(1, std::atoi(framesEnv)) : 300;
    // BPLAB_FRAME_COST_PARTS=0: frames alone, as the app runs them (for a profiler).
    const char* partsEnv = std::getenv("BPLAB_FRAME_COST_PARTS");
    const bool paintParts = partsEnv == nullptr || std::string(partsEnv) != "0";

    bplab::ui::MainWindow window;
    window.setErrorReporter([](const QString& title, const QString& message) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(title), qPrintable(message));
    });
    window.setUnsavedChangesPrompt([] { return bplab::ui::UnsavedChoice::Discard; });
    auto* docks =
        new bplab::ui::AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
    window.resize(1600, 1000);
    window.show();
    if (!window.openFile(QStringLiteral(BPLAB_BENCH_DIR "/six-stage-jittery-pipeline.json"))) {
        return 1;
    }
    bplab::ui::Player& player = window.player();
    player.setFrameTimerEnabled(false);
    player.setSpeed(100.0);
    for (int i = 0; i < 60; ++i) {
        player.advanceBy(1000.0);
    }
    QCoreApplication::processEvents();

    std::vector<Part> parts;
    parts.push_back({"pipeline diagram", window.diagram(), {}});
    for (int c = 0; c < bplab::ui::ChartsPanel::ChartCount; ++c) {
        auto chart = static_cast<bplab::ui::ChartsPanel::Chart>(c);
        parts.push_back({"chart " + bplab::ui::ChartsPanel::chartNames().at(c).toStdString(),
                         window.charts()->chart(chart),
                         {}});
    }
    parts.push_back({"scrubber", window.scrubber(), {}});
    parts.push_back({"story strip", window.story(), {}});
    for (QToolBar* bar : window.findChildren<QToolBar*>()) {
        parts.push_back({"tool bar", bar, {}});
    }
    parts.push_back({"status bar", window.statusBar(), {}});
    for (QDockWidget* dock : docks->docks()) {
        parts.push_back({"dock " + dock->objectName().toStdString(), dock, {}});
    }
    PaintCounter counter;
    app.installEventFilter(&counter);
    std::vector<double> workMs;
    std::vector<double> windowMs;
    std::vector<double> settleMs;
    for (int i = 0; i < frames; ++i) {
        workMs.push_back(timedMs([&] { player.advanceBy(1600.0); }));
        // What the frame posted (layout requests, updates), delivered.
        counter.counting = true;
        settleMs.push_back(timedMs([] {
            QCoreApplication::sendPostedEvents();
            QCoreApplication::processEvents();
        }));
        counter.counting = false;
        if (!paintParts) {
            continue;
        }
        for (Part& part : parts) {
            if (part.widget->isVisible()) {
                part.ms.push_back(timedMs([&] { part.widget->repaint(); }));
            }
        }
        windowMs.push_back(timedMs([&] { window.repaint(); }));
    }
    std::printf("%d frames of 1.6 virtual s at 1600x1000 (median / p95, ms):\n", frames);
    std::printf("  %-40s %7.2f %7.2f\n", "frame work (advanceBy, views pull)",
                percentile(workMs, 0.5), percentile(workMs, 0.95));
    std::printf("  %-40s %7.2f %7.2f\n", "posted events", percentile(settleMs, 0.5),
                percentile(settleMs, 0.95));
    double sum = 0.0;
    for (const Part& part : parts) {
        if (part.ms.empty()) {
            continue;
        }
        sum += percentile(part.ms, 0.5);
        std::printf("  %-40s %7.2f %7.2f\n", part.name.c_str(), percentile(part.ms, 0.5),
                    percentile(part.ms, 0.95));
    }
    std::printf("  %-40s %7.2f\n", "sum of the parts' medians", sum);
    if (paintParts) {
        std::printf("  %-40s %7.2f %7.2f\n", "whole window repaint", percentile(windowMs, 0.5),
                    percentile(windowMs, 0.95));
    }
    std::printf("paint events a frame (by class), in the posted events:\n");
    for (const auto& [name, count] : counter.paints) {
        std::printf("  %-40s %7.2f\n", name.c_str(), static_cast<double>(count) / frames);
    }
    return 0;
}
