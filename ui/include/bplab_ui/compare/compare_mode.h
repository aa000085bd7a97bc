#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

#include "bplab_ui/compare/run_difference.h"
#include "bplab_ui/run/run.h"

class QAction;
class QDockWidget;
class QLabel;
class QTableWidget;
class QWidget;

namespace bplab::charts {
class TimeChart;
}

namespace bplab::ui {

class CompareView;
class MainWindow;
class PipelineDiagram;

// A built-in pair of examples that differ in one thing (File > Examples >
// Classic pairs): A and B are example names (":/examples/<name>.json").
struct ClassicPair {
    QString title;
    QString a;
    QString b;
};
[[nodiscard]] const std::vector<ClassicPair>& classicPairs();

// Two runs side by side on one clock. Run A and run B are both driven by the
// window's Player (play, speed); a seek of the window's run by hand moves the
// other one too: a step (one line on or back) steps the other run one line of
// its own, any other jump puts the other run at the same virtual time, so
// each run stands where it would stand alone. The central area shows both
// diagrams (side by side when the width allows, else A above B), the charts
// overlaid (A solid, B dashed, named by what differs), one summary table with
// the differences, and the first line where the traces differ with both
// explanations. On a window under 1600 px wide the docks are hidden while
// comparing (View shows them again). Leaving puts the window's own central
// area and the docks back.
//
// Edits go to the selected run: the window's run (what the inspector, the
// event log and Save work on) always holds the selected one, and selecting
// the other swaps the two (asking first about unsaved edits). runA()/runB()
// say which is which.
//
// Owned by the window (QObject parent). GUI thread only.
class CompareMode final : public QObject {
    Q_OBJECT
public:
    enum class Side { A, B };

    explicit CompareMode(MainWindow* window);
    ~CompareMode() override;

    [[nodiscard]] QAction* compareAction() const { return m_compareAction; }
    [[nodiscard]] QAction* duplicateAction() const { return m_duplicateAction; }
    [[nodiscard]] QAction* leaveAction() const { return m_leaveAction; }

    // Starts comparing the window's run (A) with `b`; already comparing: B is
    // replaced. `file` is B's file ("" for none).
    void compareWith(const Scenario& b, const QString& file = {});
    // Loads B from a file, or a built-in example by name. Errors go to the
    // window's error reporter; the open runs stay as they were.
    bool compareWithFile(const QString& pathOrExample);
    // B = a copy of the scenario as edited, selected for editing.
    void duplicateAsB();
    // Opens a classic pair: A in the window, B beside it.
    bool openPair(const ClassicPair& pair);
    void leave();
    [[nodiscard]] bool isActive() const { return m_active; }

    [[nodiscard]] Run& runA();
    [[nodiscard]] Run& runB();
    [[nodiscard]] Side selected() const { return m_windowHoldsA ? Side::A : Side::B; }
    // Makes `side` the run edits go to. Returns false when the person
    // cancelled (unsaved edits) or not comparing.
    bool select(Side side);

    // What sets A and B apart, as the legends say it.
    [[nodiscard]] const ScenarioDifference& difference() const { return m_difference; }
    [[nodiscard]] QString legendA() const;  // "A: pipe"
    [[nodiscard]] QString legendB() const;  // "B: pipeline"
    // The first differing line of the two traces (found on entering and on
    // every new run of either side).
    [[nodiscard]] const TraceDivergence& divergence() const { return m_divergence; }
    // Both runs to the first differing line (false: the traces are equal).
    bool goToDivergence();

    // The views, for tests and pictures (null while not comparing).
    [[nodiscard]] CompareView* view() const { return m_view; }
    [[nodiscard]] PipelineDiagram* diagramA() const;
    [[nodiscard]] PipelineDiagram* diagramB() const;
    // 0 buffers, 1 memory, 2 delivered.
    [[nodiscard]] charts::TimeChart* chart(int index) const;
    [[nodiscard]] QTableWidget* summaryTable() const;
    [[nodiscard]] QLabel* divergenceLabel() const;
    void refresh();

Q_SIGNALS:
    void activeChanged(bool active);

private:
    void ensureView();
    void onWindowRunJumped();
    void onRunLoaded();
    void updateDivergence();
    void rememberCursor();

    MainWindow* m_window;
    Run m_other;  // the run not in the window
    QString m_otherFile;
    bool m_windowHoldsA = true;
    bool m_active = false;
    bool m_syncing = false;
    std::int64_t m_lastLine = -1;
    bool m_lastAtLine = false;
    ScenarioDifference m_difference;
    QString m_headerA;  // "A: pipe   (its name)"
    QString m_headerB;
    TraceDivergence m_divergence;
    bool m_divergenceDirty = true;
    QWidget* m_savedCentral = nullptr;
    // Docks hidden to make room (a window under 1600 px wide), shown on leaving.
    std::vector<QPointer<QDockWidget>> m_hiddenDocks;
    CompareView* m_view = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_duplicateAction = nullptr;
    QAction* m_leaveAction = nullptr;
};

// Adds compare mode to a window: Experiment > Compare with..., Duplicate as
// B, Leave compare, and File > Examples > Classic pairs (app/gui/main.cpp
// calls it once, after installExperiments()).
CompareMode* installCompareMode(MainWindow* window);

}  // namespace bplab::ui
