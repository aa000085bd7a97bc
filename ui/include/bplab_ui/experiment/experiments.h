#pragma once

#include <QObject>
#include <QSize>
#include <QString>
#include <QStringList>

class QAction;
class QMenu;
class QWidget;

namespace bplab {
struct Scenario;
}

namespace bplab::ui {

class AnalysisDocks;
class MainWindow;
class NodeCheckWindow;
class SweepWindow;

// The window's experiments: Experiment > Sweep..., Tools > Run on real Node,
// and "Sweep this..." on a right-click of any parameter field of the stage
// inspector (the Run box's seed, wiring, until and memory, and every
// parameter of the selected stage), which opens the sweep with that
// parameter's JSON path filled in. A variant picked in the sweep's results
// becomes the scenario being edited (one undoable edit, unsaved), or, without
// the docks, is loaded as it is.
//
// Owned by the window (QObject parent). GUI thread only.
class Experiments final : public QObject {
    Q_OBJECT
public:
    // `docks` may be null (bplab --no-docks): no "Sweep this...", no undo.
    Experiments(MainWindow* window, AnalysisDocks* docks);

    [[nodiscard]] QAction* sweepAction() const { return m_sweepAction; }
    [[nodiscard]] QAction* runOnNodeAction() const { return m_nodeAction; }
    // Opens (or raises) the sweep on the scenario as edited; `path` is filled in.
    SweepWindow* openSweep(const QString& path = {});
    NodeCheckWindow* openNodeCheck();
    [[nodiscard]] SweepWindow* sweepWindow() const { return m_sweep; }
    [[nodiscard]] NodeCheckWindow* nodeCheckWindow() const { return m_nodeCheck; }
    // The JSON path a field of the stage inspector edits ("stages[1].delay_ms",
    // "seed"), or "" for a widget that is no parameter.
    [[nodiscard]] QString sweepPathOf(QWidget* field) const;
    // Makes `variant` the scenario being edited (undoable) or loads it.
    void openVariant(const Scenario& variant, const QString& description);
    // bplab --sweep PATH=LIST... / --run-on-node NODE: opens the sweep or the
    // Node check at `size` and starts it; with a `screenshot` file, saves a
    // picture of it once done and quits the application (exit 0, or 1 when the
    // picture cannot be written). False (the reason on stderr) when it cannot
    // start.
    bool runFromCommandLine(const QStringList& sweep, const QString& node,
                            const QString& screenshot, QSize size);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    [[nodiscard]] const Scenario& currentScenario() const;
    static bool saveScreenshot(QWidget* window, const QString& path);

    MainWindow* m_window;
    AnalysisDocks* m_docks;
    QAction* m_sweepAction = nullptr;
    QAction* m_nodeAction = nullptr;
    SweepWindow* m_sweep = nullptr;
    NodeCheckWindow* m_nodeCheck = nullptr;
};

// Adds the experiments to a window (app/gui/main.cpp calls it once).
Experiments* installExperiments(MainWindow* window, AnalysisDocks* docks);

}  // namespace bplab::ui
