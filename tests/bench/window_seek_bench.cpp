// Seeks of the whole window to random lines of a long recorded run: what a
// jump in the event log, Ctrl+G or a press on the scrubber costs once the run
// is 100 M lines long. Each seek is Run::seekLine (restore the nearest
// checkpoint, simulate forward), the views' refresh it triggers (diagram,
// charts, scrubber, event log and the docks) and a repaint of the window,
// offscreen at 1600x1000, timed together.
//
// The run is tests/bench/six-stage-jittery-pipeline.json (the soak's) played
// unpaced to BPLAB_WINDOW_SEEK_LINES lines (default 100,000,000), which takes
// minutes: this is not a test and ctest never runs it. Prints the time the run
// took to record, then the median, p95 and max of BPLAB_WINDOW_SEEKS random
// seeks (default 50), and, as the baseline, the same for a repaint of the
// window with the cursor where it is.
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/run/player.h"
#include "bplab_ui/run/run.h"

#include <QApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

std::int64_t envOr(const char* name, std::int64_t fallback)
{
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::strtoll(value, nullptr, 10) : fallback;
}

struct Figures {
    double median = 0.0;
    double p95 = 0.0;
    double max = 0.0;
};

Figures figuresOf(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    const auto at = [&ms](double p) {
        const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
        return ms[std::min(i, ms.size() - 1)];
    };
    return {at(0.5), at(0.95), ms.back()};
}

// Delivers what a seek posted (layout requests, updates) and paints the whole
// window now; milliseconds since `clock` started.
double settleAndPaint(QMainWindow& window, const QElapsedTimer& clock)
{
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
    window.repaint();
    return static_cast<double>(clock.nsecsElapsed()) / 1e6;
}

}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const std::int64_t wantLines = envOr("BPLAB_WINDOW_SEEK_LINES", 100'000'000);
    const auto seeks = static_cast<int>(envOr("BPLAB_WINDOW_SEEKS", 50));

    bplab::ui::MainWindow window;
    window.setErrorReporter([](const QString& title, const QString& message) {
        std::fprintf(stderr, "%s: %s\n", qPrintable(title), qPrintable(message));
    });
    window.setUnsavedChangesPrompt([] { return bplab::ui::UnsavedChoice::Discard; });
    new bplab::ui::AnalysisDocks(&window, &window.run(), &window.player(), &window.selection());
    window.resize(1600, 1000);
    window.show();
    if (!window.openFile(QStringLiteral(BPLAB_BENCH_DIR "/six-stage-jittery-pipeline.json"))) {
        return 1;
    }
    bplab::ui::Run& run = window.run();

    // Record: the head moves on a virtual minute at a time, no view refreshed.
    QElapsedTimer record;
    record.start();
    std::int64_t t = 0;
    while (run.headLines() < wantLines && !run.headEnded()) {
        t += 60'000;
        run.advanceTo(t);
    }
    const double recordS = static_cast<double>(record.nsecsElapsed()) / 1e9;
    const bplab::RecordingCost cost = run.cost();
    std::printf(
        "recorded %lld lines (%.1f virtual s) in %.1f s; recording %.1f MiB, "
        "%zu checkpoints, one every %lld lines\n",
        static_cast<long long>(run.headLines()), static_cast<double>(run.headTime()) / 1e3, recordS,
        static_cast<double>(cost.totalBytes) / 1048576.0, cost.checkpoints,
        static_cast<long long>(cost.checkpointEveryLines));
    settleAndPaint(window, record);  // the first paint lays everything out

    std::mt19937_64 random(20261201);
    std::uniform_int_distribution<std::int64_t> line(0, run.headLines() - 1);
    std::vector<double> seekMs;
    std::vector<double> slotMs;  // Run::seekLine and the views' slots it runs
    std::vector<double> paintMs;
    for (int i = 0; i < seeks; ++i) {
        const std::int64_t k = line(random);
        QElapsedTimer clock;
        clock.start();
        run.seekLine(k);
        slotMs.push_back(static_cast<double>(clock.nsecsElapsed()) / 1e6);
        seekMs.push_back(settleAndPaint(window, clock));
        if (run.cursorLine() != k) {
            std::fprintf(stderr, "seek to line %lld stood at %lld\n", static_cast<long long>(k),
                         static_cast<long long>(run.cursorLine()));
            return 1;
        }
        QElapsedTimer again;
        again.start();
        paintMs.push_back(settleAndPaint(window, again));
    }
    const Figures s = figuresOf(seekMs);
    const Figures p = figuresOf(paintMs);
    const Figures v = figuresOf(slotMs);
    std::printf("%d random seeks of the window: median %.1f ms, p95 %.1f ms, max %.1f ms\n", seeks,
                s.median, s.p95, s.max);
    std::printf("  of which Run::seekLine and the views' slots: median %.1f ms, p95 %.1f ms\n",
                v.median, v.p95);
    std::printf("baseline, a repaint without a seek: median %.1f ms, p95 %.1f ms, max %.1f ms\n",
                p.median, p.p95, p.max);
    std::printf("ratio seek/repaint: median %.1f, p95 %.1f\n", s.median / std::max(p.median, 0.01),
                s.p95 / std::max(p.p95, 0.01));
    return 0;
}
