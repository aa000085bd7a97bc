// bplab: the desktop application. Turns the command line into a window and
// errors into exit codes; everything else lives in ui/.
#include "batch_output.h"
#include "gui_options.h"

#include "bplab_ui/charts_panel.h"
#include "bplab_ui/compare/compare_mode.h"
#include "bplab_ui/experiment/experiments.h"
#include "bplab_ui/explain/analysis_docks.h"
#include "bplab_ui/frame_stats.h"
#include "bplab_ui/lessons/lesson_layer.h"
#include "bplab_ui/lessons/lesson_library.h"
#include "bplab_ui/lessons/lesson_player.h"
#include "bplab_ui/main_window.h"
#include "bplab_ui/pipeline_diagram.h"
#include "bplab_ui/presenter/presenter_mode.h"
#include "bplab_ui/run/scrubber.h"
#include "bplab_ui/text/text_dock.h"

#include "bplab_core/version.h"

#include <QApplication>
#include <QDockWidget>
#include <QIcon>
#include <QMenu>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <string_view>

namespace {

void printError(const QString& message)
{
    std::fprintf(stderr, "bplab: %s\n", message.toLocal8Bit().constData());
}

// Exit status when a picture or the frame statistics could not be written.
constexpr int kOutputFailed = 3;

// Writes one batch output; on failure prints the path and the system's reason.
bool writeOutput(const QString& error)
{
    if (!error.isEmpty()) {
        printError(error);
        return false;
    }
    return true;
}

// The names QSettings files the settings under (~/.config/BackpressureLab/
// bplab.conf) and --version prints.
void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("bplab"));
    QCoreApplication::setOrganizationName(QStringLiteral("BackpressureLab"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(bplab::kVersion));
}

// --help, --version and --list-lessons are answered without a window, so
// without a display.
bool asksForHelpOrVersion(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") {
            break;
        }
        if (arg == "-h" || arg == "-?" || arg == "--help" || arg == "--help-all" || arg == "-v" ||
            arg == "--version" || arg == "--list-lessons") {
            return true;
        }
    }
    return false;
}

// Whether QApplication will find a screen: without one it aborts the process.
bool hasDisplay(int argc, char* argv[])
{
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "-platform") {
            return true;
        }
    }
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") ||
           !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

}  // namespace

int main(int argc, char* argv[])
{
    QString error;
    if (asksForHelpOrVersion(argc, argv)) {
        const QCoreApplication app(argc, argv);
        setIdentity();
        // Prints the help or the version and exits inside, unless an option
        // before it is wrong; what is left is --list-lessons.
        const std::optional<bplab::GuiOptions> parsed =
            bplab::parseGuiOptions(QCoreApplication::arguments(), error);
        if (!parsed) {
            printError(error);
            return 2;
        }
        if (parsed->listLessons) {
            std::fputs(bplab::ui::lessonListText().toUtf8().constData(), stdout);
        }
        return 0;
    }
    if (!hasDisplay(argc, argv)) {
        printError(QStringLiteral(
            "no display to open the window on (DISPLAY and WAYLAND_DISPLAY are not set).\n"
            "Start it from a desktop session, or set QT_QPA_PLATFORM=offscreen to take a "
            "--screenshot without one. bplab --help lists the options."));
        return 1;
    }

    QApplication app(argc, argv);
    setIdentity();
    QApplication::setApplicationDisplayName(QStringLiteral("Backpressure Lab"));
    // Lets the desktop match the window to its entry (and so to its icon).
    QGuiApplication::setDesktopFileName(QString::fromLatin1(bplab::kAppId));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/app.png")));

    const std::optional<bplab::GuiOptions> parsed =
        bplab::parseGuiOptions(QApplication::arguments(), error);
    if (!parsed) {
        printError(error);
        return 2;
    }
    const bplab::GuiOptions& options = *parsed;
    const bool batch = !options.screenshot.isEmpty() || !options.frameStats.isEmpty();

    if (options.resetSettings) {
        QSettings().clear();  // before the window reads its recent files
    }
    // Declared before the window, which points at it, so that it outlives
    // the window's teardown.
    bplab::ui::FrameStats stats;
    bplab::ui::MainWindow window;
    if (batch) {
        // No dialogs without a person in front of the screen.
        window.setErrorReporter([](const QString& title, const QString& message) {
            printError(title + QStringLiteral(": ") + message);
        });
        window.setUnsavedChangesPrompt([] { return bplab::ui::UnsavedChoice::Discard; });
    }
    // The analysis docks: event log, explanation, state and stage inspectors.
    bplab::ui::AnalysisDocks* docks = nullptr;
    if (options.docks) {
        docks = new bplab::ui::AnalysisDocks(&window, &window.run(), &window.player(),
                                             &window.selection());
        window.setScenarioEditor(docks->editor(), docks->undoAction(), docks->redoAction());
        for (QDockWidget* dock : docks->docks()) {
            window.viewMenu()->addAction(dock->toggleViewAction());
        }
    }
    if (!options.scrubber) {
        window.scrubber()->hide();
    }
    // Experiment > Sweep..., Tools > Run on real Node, "Sweep this..." in the inspector.
    auto* experiments =
        bplab::ui::installExperiments(&window, window.findChild<bplab::ui::AnalysisDocks*>());
    // Experiment > Compare with..., Duplicate as B, File > Examples > Classic pairs.
    auto* compare = bplab::ui::installCompareMode(&window);
    if (options.docks) {
        bplab::ui::installTextPanel(&window, compare);  // View > Decoded text
    }
    auto* lessons = new bplab::ui::LessonLayer(&window, docks);
    if (batch) {
        lessons->player()->setPlayOnIntervalMs(0);  // a picture shows where a move arrives
    }
    if (!batch) {
        window.restoreLayout();  // batch runs keep a fixed layout, so pictures repeat
    }
    if (options.size) {
        window.resize(*options.size);
    } else if (batch) {
        window.resize(1280, 800);
    }
    window.show();
    if (options.presenter) {
        // A picture of a given size keeps it; otherwise the whole screen.
        window.presenter()->enter(!options.size.has_value());
    }

    bool loaded = false;
    if (!options.lesson.isEmpty()) {
        loaded = lessons->openBuiltIn(options.lesson);
    } else if (!options.file.isEmpty()) {
        loaded = window.openFile(options.file);
    } else if (!options.example.isEmpty()) {
        loaded = window.openExample(options.example);
    } else {
        const QString example = bplab::ui::MainWindow::defaultExampleName();
        loaded = !example.isEmpty() && window.openExample(example);
    }
    if (!loaded && batch) {
        return 1;
    }
    if (loaded && !options.compare.isEmpty() && !compare->compareWithFile(options.compare)) {
        return 2;  // the reporter (or a dialog) said why
    }
    if (!options.sweep.isEmpty() || !options.runOnNode.isEmpty()) {
        // The sweep or the Node check runs; --screenshot pictures it when done.
        return experiments->runFromCommandLine(options.sweep, options.runOnNode, options.screenshot,
                                               options.size.value_or(QSize(1280, 800)))
                   ? QApplication::exec()
                   : 2;
    }
    const bool inLesson = lessons->player()->isOpen();
    if ((options.step || options.answer) &&
        !lessons->startAt(options.step, options.answer, error)) {
        printError(error);
        return 2;
    }
    if (inLesson && !options.screenshot.isEmpty()) {
        // The lesson places the run itself: the picture is of that moment.
        QApplication::processEvents();
        QCoreApplication::sendPostedEvents();
        if (!window.grab().save(options.screenshot, "PNG")) {
            printError(QStringLiteral("cannot write %1").arg(options.screenshot));
            return 1;
        }
        return 0;
    }

    bplab::ui::Player& controller = window.player();
    if (options.speed) {
        controller.setSpeed(*options.speed);
    }
    if (options.chartWindowS) {
        window.charts()->setWindowSeconds(*options.chartWindowS);
    }

    std::int64_t startNs = 0;
    if (options.runForMs) {
        controller.setLooping(batch);
        if (!options.screenshot.isEmpty() && options.frameStats.isEmpty()) {
            // No pacing needed: run straight to the time and render once.
            controller.advanceBy(*options.runForMs);
            if (options.seekMs) {
                window.run().seekTime(static_cast<std::int64_t>(*options.seekMs));
            }
            // Showing and resizing change the charts' plot areas, which post
            // layout requests of their own: deliver those too, or the time
            // labels are grabbed where the old size put them.
            QApplication::processEvents();
            QCoreApplication::sendPostedEvents();
            return writeOutput(bplab::writeBatchPng(options.screenshot, window.grab().toImage()))
                       ? 0
                       : kOutputFailed;
        }
        controller.setStopAfter(*options.runForMs);
        QObject::connect(&controller, &bplab::ui::Player::stopReached, &window, [&] {
            if (!batch) {
                return;  // --run-for alone: pause and stay
            }
            // Achieved speed over the whole measured run, not its last second.
            const std::int64_t nowNs = controller.wallClock().nowNs();
            const double wallMs = static_cast<double>(nowNs - startNs) / 1e6;
            stats.finish(nowNs, wallMs > 0.0 ? controller.totalVirtualMs() / wallMs : 0.0);
            window.setFrameStats(nullptr);
            int code = 0;
            if (!options.frameStats.isEmpty() &&
                !writeOutput(
                    bplab::writeBatchFile(options.frameStats, stats.toJson().toUtf8() + '\n'))) {
                code = kOutputFailed;
            }
            if (options.seekMs) {
                window.run().seekTime(static_cast<std::int64_t>(*options.seekMs));
            }
            if (!options.screenshot.isEmpty()) {
                QApplication::processEvents();
                if (!writeOutput(
                        bplab::writeBatchPng(options.screenshot, window.grab().toImage()))) {
                    code = kOutputFailed;
                }
            }
            QApplication::exit(code);
        });
        if (!options.frameStats.isEmpty()) {
            window.setFrameStats(&stats);
            startNs = controller.wallClock().nowNs();
            stats.start(startNs);
        }
    }
    if (loaded && !inLesson) {
        controller.play();  // a lesson plays the run itself, step by step
    }
    return QApplication::exec();
}
