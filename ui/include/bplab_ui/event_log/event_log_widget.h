#pragma once

#include <QDockWidget>
#include <QTimer>
#include <QWidget>

#include <cstddef>
#include <string>
#include <vector>

#include "bplab_core/trace_store.h"
#include "bplab_ui/event_log/event_log_model.h"
#include "bplab_ui/event_log/event_log_page.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QMenu;
class QScrollBar;
class QTableView;
class QToolButton;
class QAction;

namespace bplab::ui {

class LiveText;

// The event log: every trace line of the run as a table (time, stage, event,
// fields), with filters by stage and by event kind, a text search, and a
// "Follow" toggle that keeps the newest line in view while the run goes on.
//
// Inputs: setRun() when a run starts, sync() once per frame with the count
// of lines to show (Run::cursorLines()). Outputs:
// eventSelected() when the user picks a line; selectTraceIndex() selects the
// line of a click elsewhere (a chart mark).
//
// The table shows a page of rows (EventLogPage: as many as fit) and its own
// scroll bar, scrollBar(), moves the page over the whole log, so a run of
// 100 M lines costs the table what one of 100 does. The wheel, the arrow
// keys, Page Up/Down, Home and End move through the whole log.
//
// GUI thread only. The Run is not owned.
class EventLogWidget final : public QWidget {
    Q_OBJECT
public:
    explicit EventLogWidget(QWidget* parent = nullptr);

    void setRun(LineSource* run, std::vector<std::string> stageIds);
    void sync(std::size_t visibleCount);

    // The whole log: one row per line shown (filtered), as many as that.
    [[nodiscard]] EventLogModel* model() const { return m_model; }
    // The rows on screen; their rows are model() rows page()->first() on.
    [[nodiscard]] EventLogPage* page() const { return m_page; }
    [[nodiscard]] QTableView* view() const { return m_view; }
    // Scrolls the whole log: its value is the model() row at the top.
    [[nodiscard]] QScrollBar* scrollBar() const { return m_scroll; }
    // Scrolls the least that brings that model() row on screen.
    void scrollToRow(int row);
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

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Rows that fit the table's viewport entirely (at least 1).
    [[nodiscard]] int fullRows() const;
    // The scroll bar's range from the log's rows, the page from its value,
    // and the selected line on the page if it is there.
    void updatePage();
    void scrollToBottom();
    void showSelection();
    // A key that moves the selection through the whole log; false if not one.
    bool moveSelectionByKey(int key);
    void rebuildStageMenu();
    void applyFilterFromControls();
    void updateStatus();
    void onCurrentRowChanged(int row);

    EventLogModel* m_model = nullptr;
    EventLogPage* m_page = nullptr;
    QTableView* m_view = nullptr;
    QScrollBar* m_scroll = nullptr;
    qint64 m_selected = -1;  // trace index of the selected line, or -1
    QToolButton* m_stageButton = nullptr;
    QToolButton* m_kindButton = nullptr;
    QMenu* m_stageMenu = nullptr;
    QMenu* m_kindMenu = nullptr;
    std::vector<QAction*> m_stageActions;  // per stage, then "*"
    std::vector<QAction*> m_kindActions;   // per EventKind
    QLineEdit* m_search = nullptr;
    QCheckBox* m_follow = nullptr;
    LiveText* m_status = nullptr;
    QTimer m_searchDelay;
    bool m_selecting = false;  // the selection set here, not by the user: no eventSelected()
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
