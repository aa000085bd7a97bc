#pragma once

#include <QSize>
#include <QString>
#include <QStringList>

#include <optional>

namespace bplab {

// The command line of `bplab`.
struct GuiOptions {
    QString file;                        // positional FILE
    QString example;                     // --example NAME
    std::optional<double> speed;         // --speed X
    std::optional<double> runForMs;      // --run-for MS (virtual)
    std::optional<double> seekMs;        // --seek MS: after --run-for, back to this time
    QString screenshot;                  // --screenshot FILE.png
    std::optional<QSize> size;           // --size WxH
    QString frameStats;                  // --frame-stats FILE
    std::optional<double> chartWindowS;  // --chart-window S (0: whole run)
    bool docks = true;                   // --no-docks: the diagram and charts alone
    bool scrubber = true;                // --no-scrubber: no strip of the whole run
    bool resetSettings = false;          // --reset-settings: forget layout and recent files
    bool presenter = false;              // --presenter: start in presenter mode
    QStringList sweep;                   // --sweep PATH=LIST (at most twice)
    QString runOnNode;                   // --run-on-node NODE
    QString compare;                     // --compare FILE: compare mode with FILE as B
    bool listLessons = false;            // --list-lessons: print id and title, quit
    QString lesson;                      // --lesson ID: open a built-in lesson
    std::optional<int> step;             // --step N: the lesson's step N (from 1)
    std::optional<int> answer;           // --answer K: lock in choice K at that step
};

// Parses `arguments` (argv, program name first). On error returns nullopt
// and sets `error`; --help and --version print and exit inside.
std::optional<GuiOptions> parseGuiOptions(const QStringList& arguments, QString& error);

}  // namespace bplab
