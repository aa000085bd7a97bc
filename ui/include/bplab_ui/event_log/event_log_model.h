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
#include "bplab_ui/run/line_source.h"

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

// The event log's table over a whole run (a LineSource: the Run), up to its cursor: virtual, so a
// run of 100 M lines scrolls like one of 100. Without a filter every line is a row (rowCount() =
// the lines so far) and rows are read when drawn, in windows of kCacheLines through Run::lines into
// a small cache. With a filter the matching lines among the last kMaxFilterScan before the cursor
// are found in one pass (read in slices) and kept, extended as lines arrive (and those before the
// last kMaxFilterScan lines let go). Nothing here keeps one record per line of the run. The
// widget's table shows an EventLogPage of this model, never the model itself.
//
// GUI thread only. The source is not owned and must outlive the model or be
// replaced with setRun().
class EventLogModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { IndexColumn, TimeColumn, StageColumn, EventColumn, FieldsColumn, ColumnCount };
    static constexpr int kTraceIndexRole = Qt::UserRole + 1;
    static constexpr std::int64_t kCacheLines = 512;
    static constexpr std::size_t kMaxFilterScan = 2'000'000;
    static constexpr std::size_t kMaxRows = 2'000'000'000;  // a table row is an int

    explicit EventLogModel(QObject* parent = nullptr);

    // A new run (or none: nullptr). Shows nothing until sync().
    void setRun(LineSource* run, std::vector<std::string> stageIds);
    // Shows the run's lines [0, visibleCount) (Run::cursorLines()) that pass
    // the filter. A count lower than before: the cursor moved back.
    void sync(std::size_t visibleCount);
    void setFilter(EventLogFilter filter);
    [[nodiscard]] const EventLogFilter& filter() const { return m_filter; }
    // Lines read again when next drawn (the run forked).
    void invalidateCache();

    [[nodiscard]] std::size_t scannedCount() const { return m_scanned; }
    // The first line a filter looked at (lines before it are not searched).
    [[nodiscard]] std::size_t filterFrom() const { return m_scanFrom; }
    [[nodiscard]] std::size_t shownCount() const;
    [[nodiscard]] std::size_t traceIndexAt(int row) const;
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
    void scan(std::size_t from, std::size_t to);
    // Filtered: drops the rows of lines before `line`; the filter looks from there on.
    void forgetBefore(std::size_t line);
    // The line of a row; its message is valid until the next call.
    [[nodiscard]] TraceEvent lineAt(int row) const;

    LineSource* m_run = nullptr;
    std::vector<std::string> m_stageIds;
    EventLogFilter m_filter;
    std::size_t m_scanned = 0;  // lines [0, m_scanned) are the run's so far
    std::size_t m_scanFrom = 0;
    std::vector<std::size_t> m_shown;  // filtered: trace index of each row, ascending
    TraceStore m_matched;              // filtered: the line of each row
    mutable TraceStore m_cache;        // unfiltered: lines [m_cacheFirst, +size)
    mutable std::int64_t m_cacheFirst = 0;
};

}  // namespace bplab::ui
