#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bplab_core/trace.h"
#include "bplab_core/trace_store.h"

namespace bplab::ui {

// Which trace lines the event log shows.
struct EventLogFilter {
    // Per stage index; a stage beyond the vector's size is shown.
    std::vector<bool> stages;
    bool processLines = true;  // lines of stage "*" (pipeline, oom, idle, until)
    std::bitset<kEventKindCount> kinds = std::bitset<kEventKindCount>().set();
    // Case-insensitive; matches a line when it lies within its stage id, its
    // event name, its message, or one of its field tokens as displayed
    // ("bytes=4096", "ret=false", "rlen=0", "wlen=17408").
    QString text;

    [[nodiscard]] bool showsEverything() const;
    friend bool operator==(const EventLogFilter&, const EventLogFilter&) = default;
};

// The event log's table: one row per shown trace line, read straight from the
// TraceStore. The filter is an index vector over the store (trace index of
// each shown row, ascending), extended as lines arrive in sync() and rebuilt
// in one pass when the filter changes: no proxy model, no per-row objects, so
// millions of lines stay cheap.
//
// GUI thread only. The store is not owned and must outlive the model or be
// replaced with setTrace().
class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IndexColumn, TimeColumn, StageColumn, EventColumn, FieldsColumn, ColumnCount };
    static constexpr int kTraceIndexRole = Qt::UserRole + 1;

    explicit EventLogModel(QObject* parent = nullptr);

    // A new run (or none: nullptr). Shows nothing until sync().
    void setTrace(const TraceStore* store, std::vector<std::string> stageIds);
    // Shows the lines [0, visibleCount) of the store that pass the filter.
    // Appends only the new ones; a count lower than before means the run
    // restarted and resets the model.
    void sync(std::size_t visibleCount);
    void setFilter(EventLogFilter filter);
    [[nodiscard]] const EventLogFilter& filter() const { return m_filter; }

    [[nodiscard]] std::size_t scannedCount() const { return m_scanned; }
    [[nodiscard]] std::size_t shownCount() const { return m_shown.size(); }
    [[nodiscard]] std::size_t traceIndexAt(int row) const
    {
        return m_shown[static_cast<std::size_t>(row)];
    }
    // The row showing that trace line, or -1 when it is filtered out or not
    // synced yet.
    [[nodiscard]] int rowOfTraceIndex(std::size_t traceIndex) const;
    // The last row at or before that trace line (-1 if none).
    [[nodiscard]] int rowAtOrBefore(std::size_t traceIndex) const;
    [[nodiscard]] const std::vector<std::string>& stageIds() const { return m_stageIds; }

    // One line's fields as displayed, e.g. "bytes=4096 ret=false wlen=17408".
    static void appendFields(std::string& out, const TraceEvent& event);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    class Matcher;
    void scan(std::size_t from, std::size_t to, std::vector<std::size_t>& out) const;

    const TraceStore* m_store = nullptr;
    std::vector<std::string> m_stageIds;
    EventLogFilter m_filter;
    std::size_t m_scanned = 0;         // lines [0, m_scanned) went through the filter
    std::vector<std::size_t> m_shown;  // trace index of each row, ascending
};

}  // namespace bplab::ui
