#pragma once

#include <QAbstractTableModel>

#include "bplab_ui/event_log/event_log_model.h"

namespace bplab::ui {

// The rows of an EventLogModel that the event log's table shows at once:
// rows [first(), first() + rowCount()) of the whole log, as rows 0, 1, ... A
// QTableView keeps a record per row (its vertical header's sections), so it
// is never given the millions of rows of a long run; EventLogWidget scrolls
// the page over the whole log with a scroll bar of its own.
//
// Every role is the log's own (kTraceIndexRole gives a row's trace line).
// GUI thread only; the log is not owned and must outlive the page.
class EventLogPage final : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit EventLogPage(const EventLogModel* log, QObject* parent = nullptr);

    // Shows rows [first, first + count) of the log, clamped to its rows. The
    // rows are read again even when the range is the same (lines may have
    // changed: a fork, a move back).
    void show(int first, int count);
    [[nodiscard]] int first() const { return m_first; }
    // The log's row of a page row, and the page row of a log row (-1: not on
    // the page).
    [[nodiscard]] int logRow(int pageRow) const { return m_first + pageRow; }
    [[nodiscard]] int pageRow(int logRow) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    const EventLogModel* m_log;
    int m_first = 0;
    int m_count = 0;
};

}  // namespace bplab::ui
