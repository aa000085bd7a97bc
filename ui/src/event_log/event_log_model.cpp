#include "bplab_ui/event_log/event_log_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace bplab::ui {

namespace {

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

void appendInt(std::string& out, std::int64_t value)
{
    std::array<char, 24> digits{};
    auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
    (void)ec;
    out.append(digits.data(), end);
}

}  // namespace

bool EventLogFilter::showsEverything() const
{
    return processLines && kinds.all() && text.isEmpty() &&
           std::all_of(stages.begin(), stages.end(), [](bool shown) { return shown; });
}

// How a search text can match one field token "name=value" of a line.
struct TokenRule {
    bool never = true;
    bool always = false;       // the text lies within "name="
    bool valuePrefix = false;  // "…name=" + text: the value must start with `text`
    bool valueInside = false;  // no '=': the text must lie inside the value
    std::string text;

    // `canBeNull`: the value may be "null" (bytes of push(null)).
    static TokenRule make(std::string_view name, const std::string& needle, bool canBeNull)
    {
        TokenRule r;
        const std::string token = std::string(name) + "=";
        if (token.find(needle) != std::string::npos) {
            r.never = false;
            r.always = true;
            return r;
        }
        const auto eq = needle.find('=');
        if (eq == std::string::npos) {
            r.never = false;
            r.valueInside = true;
            r.text = needle;
        } else if (std::string_view(name).ends_with(std::string_view(needle).substr(0, eq))) {
            r.never = false;
            r.valuePrefix = true;
            r.text = needle.substr(eq + 1);
        }
        // Values are decimal integers (or "null"): other texts never match,
        // and knowing it up front saves formatting every line.
        const bool digits = std::all_of(r.text.begin(), r.text.end(),
                                        [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
        const bool null = canBeNull && (r.valuePrefix ? std::string_view("null").starts_with(r.text)
                                                      : std::string_view("null").find(r.text) !=
                                                            std::string_view::npos);
        if (!r.never && !r.always && !digits && !null) {
            r.never = true;
        }
        return r;
    }

    [[nodiscard]] bool matches(std::string_view value) const
    {
        if (never) {
            return false;
        }
        if (always) {
            return true;
        }
        return valuePrefix ? value.starts_with(text) : value.find(text) != std::string_view::npos;
    }

    [[nodiscard]] bool matches(std::int64_t value) const
    {
        if (never) {
            return false;
        }
        if (always) {
            return true;
        }
        std::array<char, 24> digits{};
        auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(), value);
        (void)ec;
        return matches(
            std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
    }
};

// The filter compiled for one scan: per-stage and per-kind answers computed
// once, so that most lines are decided without formatting anything. A search
// text matches a field when it lies within one token as displayed
// ("bytes=4096", "ret=false", "wlen=17408").
class EventLogModel::Matcher {
public:
    Matcher(const EventLogFilter& filter, const std::vector<std::string>& stageIds)
        : m_kinds(filter.kinds), m_needle(lowered(filter.text.toStdString()))
    {
        m_stageShown.resize(stageIds.size() + 1);
        m_stageText.resize(stageIds.size() + 1);
        m_stageShown[0] = static_cast<char>(filter.processLines);
        m_stageText[0] = static_cast<char>(
            !m_needle.empty() && std::string_view("*").find(m_needle) != std::string_view::npos);
        for (std::size_t i = 0; i < stageIds.size(); ++i) {
            m_stageShown[i + 1] = static_cast<char>(i >= filter.stages.size() || filter.stages[i]);
            m_stageText[i + 1] = static_cast<char>(
                !m_needle.empty() && lowered(stageIds[i]).find(m_needle) != std::string::npos);
        }
        for (int k = 0; k < kEventKindCount; ++k) {
            const auto kind = static_cast<EventKind>(k);
            m_kindText[static_cast<std::size_t>(k)] =
                !m_needle.empty() &&
                std::string(toString(kind)).find(m_needle) != std::string::npos;
        }
        if (!m_needle.empty()) {
            m_bytes = TokenRule::make("bytes", m_needle, true);
            m_rlen = TokenRule::make("rlen", m_needle, false);
            m_wlen = TokenRule::make("wlen", m_needle, false);
            m_retTrue = std::string_view("ret=true").find(m_needle) != std::string_view::npos;
            m_retFalse = std::string_view("ret=false").find(m_needle) != std::string_view::npos;
            m_errorNull = std::string_view("error=null").find(m_needle) != std::string_view::npos;
            m_messageKey = std::string_view("message=").find(m_needle) != std::string_view::npos;
            m_fieldsMayMatch =
                !m_bytes.never || !m_rlen.never || !m_wlen.never || m_retTrue || m_retFalse;
        }
    }

    bool accepts(const TraceStore& store, std::size_t index) const
    {
        const std::int32_t stage = store.stageAt(index);
        const std::size_t slot = static_cast<std::size_t>(stage) + 1;  // stage "*" is -1
        if (slot >= m_stageShown.size() || !m_stageShown[slot]) {
            return false;
        }
        const EventKind kind = store.kindAt(index);
        if (!m_kinds.test(static_cast<std::size_t>(kind))) {
            return false;
        }
        if (m_needle.empty() || m_stageText[slot] || m_kindText[static_cast<std::size_t>(kind)]) {
            return true;
        }
        const EventFields f = fieldsOf(kind);
        if (!f.message && !m_fieldsMayMatch) {
            return false;
        }
        const TraceEvent event = store.at(index);
        if (f.message) {
            if (event.messageNull) {
                return kind == EventKind::Pipeline && m_errorNull;
            }
            return (kind != EventKind::Pipeline && m_messageKey) ||
                   lowered(event.message).find(m_needle) != std::string::npos;
        }
        if (f.bytes && (event.bytesNull ? m_bytes.matches(std::string_view("null"))
                                        : m_bytes.matches(event.bytes))) {
            return true;
        }
        if (f.ret && (event.ret ? m_retTrue : m_retFalse)) {
            return true;
        }
        if (f.rlen && m_rlen.matches(event.length)) {
            return true;
        }
        return f.wlen && m_wlen.matches(event.length);
    }

private:
    std::bitset<kEventKindCount> m_kinds;
    std::string m_needle;
    std::vector<char> m_stageShown;  // slot 0: stage "*", slot i + 1: stage i
    std::vector<char> m_stageText;
    std::array<bool, kEventKindCount> m_kindText{};
    TokenRule m_bytes;
    TokenRule m_rlen;
    TokenRule m_wlen;
    bool m_retTrue = false;
    bool m_retFalse = false;
    bool m_errorNull = false;
    bool m_messageKey = false;
    bool m_fieldsMayMatch = false;
};

EventLogModel::EventLogModel(QObject* parent) : QAbstractTableModel(parent) {}

void EventLogModel::appendFields(std::string& out, const TraceEvent& event)
{
    const EventFields f = fieldsOf(event.kind);
    if (f.bytes) {
        out.append("bytes=");
        if (event.bytesNull) {
            out.append("null");
        } else {
            appendInt(out, event.bytes);
        }
    }
    if (f.ret) {
        out.append(event.ret ? " ret=true" : " ret=false");
    }
    if (f.rlen || f.wlen) {
        if (!out.empty()) {
            out.push_back(' ');
        }
        out.append(f.rlen ? "rlen=" : "wlen=");
        appendInt(out, event.length);
    }
    if (f.message && event.kind == EventKind::Pipeline) {
        out.append(event.messageNull ? "error=null" : "error=");
    }
}

void EventLogModel::setRun(LineSource* run, std::vector<std::string> stageIds)
{
    beginResetModel();
    m_run = run;
    m_stageIds = std::move(stageIds);
    m_scanned = 0;
    m_scanFrom = 0;
    m_shown.clear();
    m_matched.clear();
    m_cache.clear();
    m_cacheFirst = 0;
    endResetModel();
}

void EventLogModel::invalidateCache()
{
    m_cache.clear();
    m_cacheFirst = 0;
}

void EventLogModel::scan(std::size_t from, std::size_t to)
{
    // Read in slices through the run, keeping only the lines that match.
    const Matcher matcher(m_filter, m_stageIds);
    constexpr std::size_t kSlice = 65536;
    TraceStore slice;
    for (std::size_t first = from; first < to; first += kSlice) {
        const std::size_t n = std::min(kSlice, to - first);
        slice.clear();
        m_run->lines(static_cast<std::int64_t>(first), static_cast<std::int64_t>(n), slice);
        for (std::size_t i = 0; i < slice.size(); ++i) {
            if (matcher.accepts(slice, i)) {
                m_shown.push_back(first + i);
                m_matched.record(slice.at(i));
            }
        }
    }
}

void EventLogModel::sync(std::size_t visibleCount)
{
    if (m_run == nullptr) {
        return;
    }
    if (visibleCount == m_scanned) {
        return;
    }
    if (m_filter.showsEverything()) {
        // Every line is a row: nothing to scan, rows are read when drawn.
        const int before = rowCount();
        const std::size_t capped = std::min<std::size_t>(visibleCount, kMaxRows);
        if (visibleCount < m_scanned) {
            m_scanned = visibleCount;
            if (static_cast<int>(capped) < before) {
                beginRemoveRows({}, static_cast<int>(capped), before - 1);
                endRemoveRows();
            }
        } else {
            m_scanned = visibleCount;
            if (static_cast<int>(capped) > before) {
                beginInsertRows({}, before, static_cast<int>(capped) - 1);
                endInsertRows();
            }
        }
        // Lines past a move back may differ after an edit: read them again.
        invalidateCache();
        return;
    }
    if (visibleCount < m_scanned || visibleCount - m_scanned > kMaxFilterScan) {
        beginResetModel();
        m_shown.clear();
        m_matched.clear();
        m_scanFrom = visibleCount > kMaxFilterScan ? visibleCount - kMaxFilterScan : 0;
        scan(m_scanFrom, visibleCount);
        m_scanned = visibleCount;
        endResetModel();
        return;
    }
    const std::size_t before = m_shown.size();
    scan(m_scanned, visibleCount);
    m_scanned = visibleCount;
    if (m_shown.size() > before) {
        beginInsertRows({}, static_cast<int>(before), static_cast<int>(m_shown.size()) - 1);
        endInsertRows();
    }
    if (m_scanned - m_scanFrom > kMaxFilterScan + kMaxFilterScan / 4) {
        // A run playing on under a filter: keep the matches of the last
        // kMaxFilterScan lines, not of every line since the filter was set.
        forgetBefore(m_scanned - kMaxFilterScan);
    }
}

void EventLogModel::forgetBefore(std::size_t line)
{
    m_scanFrom = line;
    const auto keep = std::lower_bound(m_shown.begin(), m_shown.end(), line);
    const auto dropped = static_cast<std::size_t>(keep - m_shown.begin());
    if (dropped == 0) {
        return;
    }
    beginRemoveRows({}, 0, static_cast<int>(dropped) - 1);
    m_shown.erase(m_shown.begin(), keep);
    TraceStore kept;
    kept.reserve(m_matched.size() - dropped);
    for (std::size_t i = dropped; i < m_matched.size(); ++i) {
        kept.record(m_matched.at(i));
    }
    m_matched = std::move(kept);
    endRemoveRows();
}

void EventLogModel::setFilter(EventLogFilter filter)
{
    if (filter == m_filter) {
        return;
    }
    beginResetModel();
    m_filter = std::move(filter);
    m_shown.clear();
    m_matched.clear();
    invalidateCache();
    if (m_run != nullptr && !m_filter.showsEverything()) {
        m_scanFrom = m_scanned > kMaxFilterScan ? m_scanned - kMaxFilterScan : 0;
        scan(m_scanFrom, m_scanned);
    }
    endResetModel();
}

std::size_t EventLogModel::shownCount() const
{
    return m_filter.showsEverything() ? std::min<std::size_t>(m_scanned, kMaxRows) : m_shown.size();
}

std::size_t EventLogModel::traceIndexAt(int row) const
{
    return m_filter.showsEverything() ? static_cast<std::size_t>(row)
                                      : m_shown[static_cast<std::size_t>(row)];
}

int EventLogModel::rowOfTraceIndex(std::size_t traceIndex) const
{
    if (m_filter.showsEverything()) {
        return traceIndex < shownCount() ? static_cast<int>(traceIndex) : -1;
    }
    auto it = std::lower_bound(m_shown.begin(), m_shown.end(), traceIndex);
    if (it == m_shown.end() || *it != traceIndex) {
        return -1;
    }
    return static_cast<int>(it - m_shown.begin());
}

int EventLogModel::rowAtOrBefore(std::size_t traceIndex) const
{
    if (m_filter.showsEverything()) {
        return static_cast<int>(std::min(traceIndex + 1, shownCount())) - 1;
    }
    auto it = std::upper_bound(m_shown.begin(), m_shown.end(), traceIndex);
    return static_cast<int>(it - m_shown.begin()) - 1;
}

TraceEvent EventLogModel::lineAt(int row) const
{
    if (!m_filter.showsEverything()) {
        return m_matched.at(static_cast<std::size_t>(row));
    }
    const auto line = static_cast<std::int64_t>(row);
    const auto cached = static_cast<std::int64_t>(m_cache.size());
    if (line < m_cacheFirst || line >= m_cacheFirst + cached) {
        // A window around the row, read through the run (re-simulated from a
        // checkpoint unless the run's recent lines hold it).
        m_cache.clear();
        m_cacheFirst = std::max<std::int64_t>(0, line - kCacheLines / 4);
        const std::int64_t end = std::min<std::int64_t>(static_cast<std::int64_t>(m_scanned),
                                                        m_cacheFirst + kCacheLines);
        m_run->lines(m_cacheFirst, end - m_cacheFirst, m_cache);
        if (line >= m_cacheFirst + static_cast<std::int64_t>(m_cache.size())) {
            return {};
        }
    }
    return m_cache.at(static_cast<std::size_t>(line - m_cacheFirst));
}

int EventLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(shownCount());
}

int EventLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || m_run == nullptr || index.row() < 0 ||
        static_cast<std::size_t>(index.row()) >= shownCount()) {
        return {};
    }
    const std::size_t traceIndex = traceIndexAt(index.row());
    if (role == kTraceIndexRole) {
        return QVariant::fromValue(static_cast<qulonglong>(traceIndex));
    }
    if (role == Qt::TextAlignmentRole) {
        const bool numeric = index.column() == IndexColumn || index.column() == TimeColumn;
        return QVariant::fromValue(Qt::Alignment(numeric ? Qt::AlignRight | Qt::AlignVCenter
                                                         : Qt::AlignLeft | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole && role != Qt::ForegroundRole && role != Qt::ToolTipRole) {
        return {};
    }
    const TraceEvent event = lineAt(index.row());
    if (role == Qt::ForegroundRole) {
        if (index.column() != EventColumn && index.column() != FieldsColumn) {
            return {};
        }
        switch (event.kind) {
            case EventKind::Error:
            case EventKind::Uncaught:
            case EventKind::Oom:
                return QBrush(QColor(0xc6, 0x28, 0x28));
            case EventKind::Pause:
                return QBrush(QColor(0xd8, 0x43, 0x15));
            case EventKind::Drain:
            case EventKind::Resume:
                return QBrush(QColor(0x2e, 0x7d, 0x32));
            case EventKind::Write:
            case EventKind::Push:
                return event.ret ? QVariant() : QVariant(QBrush(QColor(0xd8, 0x43, 0x15)));
            default:
                return {};
        }
    }
    switch (index.column()) {
        case IndexColumn:
            return QString::number(static_cast<qulonglong>(traceIndex));
        case TimeColumn:
            return QString::number(event.t);
        case StageColumn:
            if (event.stage == kAllStages ||
                static_cast<std::size_t>(event.stage) >= m_stageIds.size()) {
                return QStringLiteral("*");
            }
            return QString::fromStdString(m_stageIds[static_cast<std::size_t>(event.stage)]);
        case EventColumn:
            return QString::fromLatin1(toString(event.kind));
        case FieldsColumn: {
            std::string text;
            appendFields(text, event);
            QString out = QString::fromStdString(text);
            if (fieldsOf(event.kind).message && !event.messageNull) {
                const QString message = QString::fromUtf8(
                    event.message.data(), static_cast<qsizetype>(event.message.size()));
                out += event.kind == EventKind::Pipeline ? message
                                                         : QStringLiteral("message=") + message;
            }
            return out;
        }
        default:
            return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
        case IndexColumn:
            return tr("#");
        case TimeColumn:
            return tr("t (ms)");
        case StageColumn:
            return tr("stage");
        case EventColumn:
            return tr("event");
        case FieldsColumn:
            return tr("fields");
        default:
            return {};
    }
}

}  // namespace bplab::ui
