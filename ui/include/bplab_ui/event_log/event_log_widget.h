#pragma once

#include <QDockWidget>
#include <QTimer>
#include <QWidget>

#include <cstddef>
#include <string>
#include <vector>

#include "bplab_core/trace_store.h"
#include "bplab_ui/event_log/event_log_model.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QTableView;
class QToolButton;
class QAction;

namespace bplab::ui {

// The event log: every trace line of the run as a table (time, stage, event,
// fields), with filters by stage and by event kind, a text search, and a
// "Follow" toggle that keeps the newest line in view while the run goes on.
//
// Inputs: setRun() when a run starts, sync() once per frame with the count
// of lines to show (Run::cursorLines()). Outputs:
// eventSelected() when the user picks a line; selectTraceIndex() selects the
// line of a click elsewhere (a chart mark).
//
// GUI thread only. The Run is not owned.
class EventLogWidget final : public QWidget {
    Q_OBJECT
public:
    explicit EventLogWidget(QWidget* parent = nullptr);

    void setRun(LineSource* run, std::vector<std::string> stageIds);
    void sync(std::size_t visibleCount);

    [[nodiscard]] EventLogModel* model() const { return m_model; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    [[nodiscard]] bool following() const;
    void setFollowing(bool follow);
    // Applies a filter and updates the stage/kind menus and the search box.
    void setFilter(const EventLogFilter& filter);
    // The trace index of the selected line, or -1.
    [[nodiscard]] qint64 selectedTraceIndex() const;

public Q_SLOTS:
    // Selects the row of that trace line (or, if it is filtered out, the last
    // shown line before it) and scrolls it into view. Does not emit
    // eventSelected(). Returns through selectedTraceIndex().
    void selectTraceIndex(qint64 traceIndex);

Q_SIGNALS:
    // The user selected a line: its index in the run.
    void eventSelected(qint64 traceIndex);

private:
    void rebuildStageMenu();
    void applyFilterFromControls();
    void updateStatus();
    void onCurrentRowChanged(int row);

    EventLogModel* m_model = nullptr;
    QTableView* m_view = nullptr;
    QToolButton* m_stageButton = nullptr;
    QToolButton* m_kindButton = nullptr;
    QMenu* m_stageMenu = nullptr;
    QMenu* m_kindMenu = nullptr;
    std::vector<QAction*> m_stageActions;  // per stage, then "*"
    std::vector<QAction*> m_kindActions;   // per EventKind
    QLineEdit* m_search = nullptr;
    QCheckBox* m_follow = nullptr;
    QLabel* m_status = nullptr;
    QTimer m_searchDelay;
    bool m_selecting = false;  // selectTraceIndex() at work: no eventSelected()
    bool m_updatingControls = false;
};

// The event log in a dock, for the main window.
class EventLogDock final : public QDockWidget {
    Q_OBJECT
public:
    explicit EventLogDock(QWidget* parent = nullptr);
    [[nodiscard]] EventLogWidget* log() const { return m_log; }

private:
    EventLogWidget* m_log = nullptr;
};

}  // namespace bplab::ui
