#pragma once

#include "bplab_ui/charts_panel.h"

#include <QObject>
#include <QString>

#include <functional>

class QWidget;

namespace bplab::ui {

class PipelineDiagram;
class Run;

// File > Export: the run up to its cursor as a JSON Lines trace (re-simulated
// from the recording, every line), its samples as bplab-cli's CSV with the
// summary beside it, and pictures of the diagram or the charts (the summary
// in a band under them). Each write is atomic; a failure goes to the error
// reporter naming the file and the OS's reason, and the old file is kept.
// The ask*() variants ask for the file first (a dialog over `parent`).
// Works on the run and the views it is given, not on the window. GUI thread.
class RunExports final : public QObject {
    Q_OBJECT
public:
    using ErrorReporter = std::function<void(const QString& title, const QString& message)>;

    RunExports(Run* run, PipelineDiagram* diagram, ChartsPanel* charts, ErrorReporter reportError,
               QObject* parent);

    bool trace(const QString& path);
    bool samples(const QString& path);
    bool diagramPng(const QString& path);
    // ChartsPanel::ChartCount: the four charts stacked in one picture.
    bool chartPng(ChartsPanel::Chart chart, const QString& path);

    void askTrace(QWidget* parent);
    void askSamples(QWidget* parent);
    void askPng(QWidget* parent, int which);  // -1: diagram, ChartCount: all charts

private:
    bool write(const QString& what, const QString& path, const QByteArray& bytes);

    Run* m_run;  // lines() replays the recording
    PipelineDiagram* m_diagram;
    ChartsPanel* m_charts;
    ErrorReporter m_reportError;
};

}  // namespace bplab::ui
