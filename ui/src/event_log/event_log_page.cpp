#include "bplab_ui/event_log/event_log_page.h"

#include <algorithm>

namespace bplab::ui {

EventLogPage::EventLogPage(const EventLogModel* log, QObject* parent)
    : QAbstractTableModel(parent), m_log(log)
{
}

void EventLogPage::show(int first, int count)
{
    const int total = m_log->rowCount();
    first = std::clamp(first, 0, std::max(0, total - 1));
    count = std::clamp(count, 0, total - first);
    if (count != m_count) {
        // A page of another height (a resize, the first or last lines of the
        // log): the view lays out a few dozen rows again.
        beginResetModel();
        m_first = first;
        m_count = count;
        endResetModel();
        return;
    }
    m_first = first;
    if (count > 0) {
        Q_EMIT dataChanged(index(0, 0), index(count - 1, columnCount() - 1));
    }
}

int EventLogPage::pageRow(int logRow) const
{
    const int row = logRow - m_first;
    return row >= 0 && row < m_count ? row : -1;
}

int EventLogPage::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_count;
}

int EventLogPage::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_log->columnCount();
}

QVariant EventLogPage::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_count) {
        return {};
    }
    return m_log->data(m_log->index(m_first + index.row(), index.column()), role);
}

QVariant EventLogPage::headerData(int section, Qt::Orientation orientation, int role) const
{
    return m_log->headerData(section, orientation, role);
}

}  // namespace bplab::ui
