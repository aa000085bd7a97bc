#include "gui_options.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <limits>

namespace bplab {

std::optional<GuiOptions> parseGuiOptions(const QStringList& arguments, QString& error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Backpressure Lab: watch Node.js streams move data and push back, on a virtual clock.\n"
        "Opens FILE, or a built-in example, and plays it. In the window, F1 opens the guide.\n"
        "Exit status: 0 success, 2 a wrong option, 1 no window or no picture could be made."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("A scenario file (bplab-scenario/1 or /2 JSON)."),
                                 QStringLiteral("[FILE]"));
    const QCommandLineOption example(QStringLiteral("example"),
                                     QStringLiteral("Open the built-in example NAME."),
                                     QStringLiteral("NAME"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Virtual time per wall time, 0.01 to 1000."),
                                   QStringLiteral("X"));
    const QCommandLineOption runFor(
        QStringLiteral("run-for"),
        QStringLiteral("Run this many virtual ms, then pause (looping a shorter run)."),
        QStringLiteral("MS"));
    const QCommandLineOption seek(
        QStringLiteral("seek"),
        QStringLiteral("After --run-for, go back (or on) to this virtual ms of the run, e.g. for "
                       "--screenshot."),
        QStringLiteral("MS"));
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("After --run-for, save the window as PNG and quit."),
        QStringLiteral("FILE.png"));
    const QCommandLineOption size(QStringLiteral("size"), QStringLiteral("Window size."),
                                  QStringLiteral("WxH"));
    const QCommandLineOption frameStats(
        QStringLiteral("frame-stats"),
        QStringLiteral("After --run-for, write frame statistics (JSON) and quit."),
        QStringLiteral("FILE"));
    const QCommandLineOption chartWindow(
        QStringLiteral("chart-window"),
        QStringLiteral("Seconds of virtual time the charts show (0: the whole run)."),
        QStringLiteral("S"));
    const QCommandLineOption noDocks(
        QStringLiteral("no-docks"),
        QStringLiteral("Leave out the analysis docks (event log, explanation, inspectors)."));
    const QCommandLineOption noScrubber(
        QStringLiteral("no-scrubber"),
        QStringLiteral("Leave out the scrubber under the charts (the only view that shows how far "
                       "the run has gone beyond the moment shown)."));
    const QCommandLineOption resetSettings(
        QStringLiteral("reset-settings"),
        QStringLiteral("Forget the saved window layout and recent files, then start."));
    const QCommandLineOption presenter(
        QStringLiteral("presenter"),
        QStringLiteral("Start in presenter mode (full screen, large type; F5 or Esc leaves). "
                       "With --size, the window keeps that size."));
    const QCommandLineOption sweep(
        QStringLiteral("sweep"),
        QStringLiteral("Open Experiment > Sweep with this parameter (give it twice for two) and "
                       "run it. With --screenshot, the picture is of the sweep, once done."),
        QStringLiteral("PATH=LIST"));
    const QCommandLineOption runOnNode(
        QStringLiteral("run-on-node"),
        QStringLiteral("Open Tools > Run on real Node with this Node binary and run it. With "
                       "--screenshot, the picture is of its verdict."),
        QStringLiteral("NODE"));
    const QCommandLineOption compare(
        QStringLiteral("compare"),
        QStringLiteral("Compare the scenario with this one (a file, or a built-in example's "
                       "name): both run on one clock, side by side (Experiment > Compare with)."),
        QStringLiteral("FILE"));
    const QCommandLineOption listLessons(
        QStringLiteral("list-lessons"),
        QStringLiteral("Print the built-in lessons (id and title) and quit; needs no display."));
    const QCommandLineOption lesson(
        QStringLiteral("lesson"),
        QStringLiteral("Open the built-in lesson ID (see --list-lessons); a lesson FILE opens "
                       "as a lesson too."),
        QStringLiteral("ID"));
    const QCommandLineOption step(
        QStringLiteral("step"),
        QStringLiteral("Open the lesson at step N (from 1); with --screenshot, picture it."),
        QStringLiteral("N"));
    const QCommandLineOption answer(
        QStringLiteral("answer"),
        QStringLiteral("At that step, lock in choice K of its question and show the reveal."),
        QStringLiteral("K"));
    parser.addOptions({example, speed, runFor, seek, screenshot, size, frameStats, chartWindow,
                       noDocks, noScrubber, presenter, resetSettings, sweep, runOnNode, listLessons,
                       lesson, step, answer, compare});
    parser.process(arguments);

    GuiOptions options;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        error = QStringLiteral("at most one FILE, got %1").arg(positional.size());
        return std::nullopt;
    }
    if (!positional.isEmpty()) {
        options.file = positional.first();
    }
    options.example = parser.value(example);
    options.lesson = parser.value(lesson);
    if (int(!options.file.isEmpty()) + int(!options.example.isEmpty()) +
            int(!options.lesson.isEmpty()) >
        1) {
        error = QStringLiteral("give one of FILE, --example and --lesson, not more");
        return std::nullopt;
    }
    options.listLessons = parser.isSet(listLessons);
    // A count option: an integer in [1, 999].
    const auto count = [&](const QCommandLineOption& option, std::optional<int>& out) {
        if (!parser.isSet(option)) {
            return true;
        }
        bool ok = false;
        const QString text = parser.value(option);
        const int value = text.toInt(&ok);
        if (!ok || value < 1 || value > 999) {
            error = QStringLiteral("--%1: expected a number from 1, got \"%2\"")
                        .arg(option.names().constFirst(), text);
            return false;
        }
        out = value;
        return true;
    };
    if (!count(step, options.step) || !count(answer, options.answer)) {
        return std::nullopt;
    }
    // A number option within [low, high]; `expected` completes the error
    // message "--NAME: expected ..., got "VALUE"".
    const auto number = [&](const QCommandLineOption& option, double low, double high,
                            const QString& expected, std::optional<double>& out) {
        if (!parser.isSet(option)) {
            return true;
        }
        bool ok = false;
        const QString text = parser.value(option);
        out = text.toDouble(&ok);
        if (!ok || *out < low || *out > high) {
            error = QStringLiteral("--%1: expected %2, got \"%3\"")
                        .arg(option.names().constFirst(), expected, text);
            return false;
        }
        return true;
    };
    constexpr double kNoLimit = std::numeric_limits<double>::infinity();
    if (!number(speed, 0.01, 1000.0, QStringLiteral("a number in [0.01, 1000]"), options.speed) ||
        !number(runFor, 0.0, kNoLimit, QStringLiteral("virtual ms >= 0"), options.runForMs) ||
        !number(seek, 0.0, 9007199254740991.0, QStringLiteral("virtual ms in [0, 2^53 - 1]"),
                options.seekMs) ||
        !number(chartWindow, 0.0, kNoLimit, QStringLiteral("seconds >= 0"), options.chartWindowS)) {
        return std::nullopt;
    }
    options.docks = !parser.isSet(noDocks);
    options.scrubber = !parser.isSet(noScrubber);
    options.resetSettings = parser.isSet(resetSettings);
    options.presenter = parser.isSet(presenter);
    options.screenshot = parser.value(screenshot);
    options.frameStats = parser.value(frameStats);
    options.sweep = parser.values(sweep);
    options.runOnNode = parser.value(runOnNode);
    options.compare = parser.value(compare);
    if (options.sweep.size() > 2) {
        error = QStringLiteral("--sweep: at most two parameters, got %1").arg(options.sweep.size());
        return std::nullopt;
    }
    if (parser.isSet(size)) {
        const QStringList parts = parser.value(size).split(QLatin1Char('x'));
        bool okW = false;
        bool okH = false;
        const int w = parts.size() == 2 ? parts.at(0).toInt(&okW) : 0;
        const int h = parts.size() == 2 ? parts.at(1).toInt(&okH) : 0;
        if (!okW || !okH || w < 320 || h < 240) {
            error = QStringLiteral("--size: expected WxH (at least 320x240), got \"%1\"")
                        .arg(parser.value(size));
            return std::nullopt;
        }
        options.size = QSize(w, h);
    }
    if (options.seekMs && !options.runForMs) {
        error = QStringLiteral("--seek needs --run-for (the run goes there first)");
        return std::nullopt;
    }
    if ((!options.screenshot.isEmpty() || !options.frameStats.isEmpty()) && !options.runForMs) {
        options.runForMs = options.frameStats.isEmpty() ? 2000.0 : 10000.0;
    }
    return options;
}

}  // namespace bplab
