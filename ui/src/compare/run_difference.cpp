#include "bplab_ui/compare/run_difference.h"

#include "bplab_core/explain.h"
#include "bplab_core/simulation.h"
#include "bplab_core/trace_jsonl.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <deque>

namespace bplab::ui {

namespace {

QJsonObject scenarioJson(const Scenario& scenario)
{
    QJsonObject root =
        QJsonDocument::fromJson(QByteArray::fromStdString(serializeScenario(scenario))).object();
    for (const char* ignored : {"name", "description", "ui"}) {
        root.remove(QLatin1String(ignored));
    }
    return root;
}

QString valueText(const QJsonValue& value)
{
    switch (value.type()) {
        case QJsonValue::Undefined:
        case QJsonValue::Null:
            return QStringLiteral("default");
        case QJsonValue::String:
            return value.toString();
        case QJsonValue::Double:
            return QString::number(value.toDouble(), 'g', 15);
        case QJsonValue::Bool:
            return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        case QJsonValue::Array:
            return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
        case QJsonValue::Object:
            return QString::fromUtf8(
                QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return {};
}

struct Leaf {
    QString path;
    QJsonValue a;
    QJsonValue b;
};

// Differing leaves in file order; arrays of different lengths are one leaf.
void diff(const QString& path, const QJsonValue& a, const QJsonValue& b, std::vector<Leaf>& out)
{
    if (a == b) {
        return;
    }
    if (a.isObject() && b.isObject()) {
        const QJsonObject oa = a.toObject();
        const QJsonObject ob = b.toObject();
        QStringList keys = oa.keys();
        for (const QString& key : ob.keys()) {
            if (!oa.contains(key)) {
                keys << key;
            }
        }
        for (const QString& key : keys) {
            diff(path.isEmpty() ? key : path + QLatin1Char('.') + key, oa.value(key), ob.value(key),
                 out);
        }
        return;
    }
    if (a.isArray() && b.isArray() && a.toArray().size() == b.toArray().size()) {
        const QJsonArray aa = a.toArray();
        const QJsonArray ab = b.toArray();
        for (qsizetype i = 0; i < aa.size(); ++i) {
            diff(QStringLiteral("%1[%2]").arg(path).arg(i), aa.at(i), ab.at(i), out);
        }
        return;
    }
    out.push_back(Leaf{path, a, b});
}

// "socket highWaterMark 16384" for stages[1].highWaterMark, "pipe" for wiring.
QString labelOf(const Leaf& leaf, const QJsonValue& value, const QJsonObject& root)
{
    const QString text = valueText(value);
    if (leaf.path == QLatin1String("wiring")) {
        return text;
    }
    if (leaf.path == QLatin1String("stages") && value.isArray()) {
        return QStringLiteral("%1 stages").arg(value.toArray().size());
    }
    if (leaf.path.startsWith(QLatin1String("stages["))) {
        const qsizetype close = leaf.path.indexOf(QLatin1Char(']'));
        const int index = leaf.path.mid(7, close - 7).toInt();
        const QString id = root.value(QStringLiteral("stages"))
                               .toArray()
                               .at(index)
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
        const QString rest = leaf.path.mid(close + 2);
        return QStringLiteral("%1 %2 %3")
            .arg(id, rest.isEmpty() ? QStringLiteral("=") : rest, text);
    }
    return QStringLiteral("%1 %2").arg(leaf.path, text);
}

// One side of the lockstep: a simulation whose lines queue up as JSON until
// the other side has its line of the same index.
class Side final : public TraceSink {
public:
    explicit Side(const RecordingSpec& spec)
        : m_simulation(spec.scenario, spec.options), m_edits(spec.edits)
    {
        std::stable_sort(m_edits.begin(), m_edits.end(),
                         [](const TimingEdit& x, const TimingEdit& y) { return x.step < y.step; });
        for (const Stage& stage : spec.scenario.stages) {
            m_ids.push_back(stage.id);
        }
        m_simulation.addTraceSink(this);
    }

    void record(const TraceEvent& event) override
    {
        std::string line;
        appendTraceLine(line, event, m_ids);
        line.pop_back();  // the newline
        m_pending.push_back(Pending{std::move(line), event.t});
    }

    // Steps until a line is pending or the run has ended.
    bool fill()
    {
        while (m_pending.empty() && !m_ended) {
            for (; m_nextEdit < m_edits.size() && m_edits[m_nextEdit].step <= m_steps;
                 ++m_nextEdit) {
                m_simulation.setStageTiming(m_edits[m_nextEdit].stage, m_edits[m_nextEdit].timing);
            }
            try {
                m_ended = !m_simulation.step();
            } catch (const RunStopped&) {
                m_ended = true;
            }
            ++m_steps;
        }
        return !m_pending.empty();
    }

    struct Pending {
        std::string json;
        std::int64_t t = 0;
    };
    std::deque<Pending> m_pending;

private:
    Simulation m_simulation;
    std::vector<TimingEdit> m_edits;
    std::vector<std::string> m_ids;
    std::size_t m_nextEdit = 0;
    std::int64_t m_steps = 0;
    bool m_ended = false;
};

std::string whyAt(const RecordingSpec& spec, std::int64_t line)
{
    std::vector<TimingEditAt> edits;
    for (const TimingEdit& edit : spec.edits) {
        edits.push_back(TimingEditAt{static_cast<std::size_t>(edit.line), edit.stage, edit.timing});
    }
    const std::optional<ReplayedEvent> replayed =
        replayToEvent(spec.scenario, spec.options, static_cast<std::size_t>(line), edits);
    return replayed ? replayed->why : std::string();
}

}  // namespace

ScenarioDifference describeDifference(const Scenario& a, const Scenario& b)
{
    const QJsonObject ja = scenarioJson(a);
    const QJsonObject jb = scenarioJson(b);
    std::vector<Leaf> leaves;
    diff(QString(), ja, jb, leaves);
    ScenarioDifference out;
    if (leaves.empty()) {
        out.a = out.b = QStringLiteral("same scenario");
        return out;
    }
    QStringList la;
    QStringList lb;
    for (const Leaf& leaf : leaves) {
        out.paths << leaf.path;
        if (la.size() < 2) {
            la << labelOf(leaf, leaf.a, ja);
            lb << labelOf(leaf, leaf.b, jb);
        }
    }
    if (leaves.size() > 2) {
        const QString more = QStringLiteral("+%1 more").arg(leaves.size() - 2);
        la << more;
        lb << more;
    }
    out.a = la.join(QStringLiteral(", "));
    out.b = lb.join(QStringLiteral(", "));
    return out;
}

TraceDivergence findDivergence(const RecordingSpec& a, const RecordingSpec& b,
                               std::int64_t maxLines)
{
    Side sa(a);
    Side sb(b);
    TraceDivergence out;
    for (std::int64_t index = 0;; ++index) {
        if (index >= maxLines) {
            out.complete = false;
            out.compared = index;
            return out;
        }
        const bool hasA = sa.fill();
        const bool hasB = sb.fill();
        if (!hasA && !hasB) {
            out.compared = index;
            return out;  // equal to the end
        }
        if (hasA && hasB && sa.m_pending.front().json == sb.m_pending.front().json) {
            sa.m_pending.pop_front();
            sb.m_pending.pop_front();
            continue;
        }
        out.line = index;
        out.compared = index + 1;
        if (hasA) {
            out.lineA = sa.m_pending.front().json;
            out.timeA = sa.m_pending.front().t;
            out.whyA = whyAt(a, index);
        }
        if (hasB) {
            out.lineB = sb.m_pending.front().json;
            out.timeB = sb.m_pending.front().t;
            out.whyB = whyAt(b, index);
        }
        return out;
    }
}

}  // namespace bplab::ui
