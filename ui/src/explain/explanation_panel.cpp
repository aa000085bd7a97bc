#include "bplab_ui/explain/explanation_panel.h"

#include <QFont>
#include <QLabel>
#include <QVBoxLayout>

#include "bplab_core/explain.h"
#include "bplab_ui/event_log/event_log_model.h"

namespace bplab::ui {

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

QString count(std::int64_t value)
{
    return q(formatCount(value));
}

// One line of state per stage, in the words of Node's fields.
QString stateLine(const Stage& stage, const StageSnapshot& s)
{
    QStringList parts;
    if (s.readable.present) {
        QString r = QStringLiteral("readable %1 / %2 %3")
                        .arg(count(s.readable.length), count(s.readable.highWaterMark),
                             s.readable.objectMode ? QStringLiteral("obj") : QStringLiteral("B"));
        if (s.readable.flowing == 1) {
            r += QStringLiteral(", flowing");
        } else if (s.readable.flowing == 0) {
            r += QStringLiteral(", <b>paused</b>");
        }
        if (s.readable.ended) {
            r += s.readable.endEmitted ? QStringLiteral(", 'end' emitted")
                                       : QStringLiteral(", ended");
        }
        if (s.readable.awaitDrainWriters > 0) {
            r += QStringLiteral(", awaiting drain");
        }
        parts << r;
    }
    if (s.writable.present) {
        QString w = QStringLiteral("writable %1 / %2 %3")
                        .arg(count(s.writable.length), count(s.writable.highWaterMark),
                             s.writable.objectMode ? QStringLiteral("obj") : QStringLiteral("B"));
        if (s.writable.needDrain) {
            w += QStringLiteral(", <b>needDrain</b>");
        }
        if (s.writable.writing) {
            w += QStringLiteral(", writing");
        }
        if (s.writable.bufferedCount > 0) {
            w += QStringLiteral(", %1 buffered").arg(count(s.writable.bufferedCount));
        }
        if (s.writable.finished) {
            w += QStringLiteral(", finished");
        }
        parts << w;
    }
    if (s.callbackHeld) {
        parts << QStringLiteral("callback held");
    }
    const bool destroyed = s.readable.destroyed || s.writable.destroyed;
    const bool closed = s.readable.closed || s.writable.closed;
    if (closed) {
        parts << QStringLiteral("closed");
    } else if (destroyed) {
        parts << QStringLiteral("destroyed");
    }
    return QStringLiteral("<b>'%1'</b>: %2")
        .arg(q(stage.id).toHtmlEscaped(), parts.join(QStringLiteral("; ")));
}

}  // namespace

ExplanationPanel::ExplanationPanel(QWidget* parent) : QWidget(parent)
{
    m_title = new QLabel(this);
    m_title->setTextFormat(Qt::RichText);
    m_fields = new QLabel(this);
    QFont mono = QFont(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    m_fields->setFont(mono);
    m_fields->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_why = new QLabel(this);
    m_why->setWordWrap(true);
    m_why->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_why->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    m_why->setFont(big);
    m_why->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_why->setMinimumHeight(m_why->fontMetrics().height() * 3);
    m_state = new QLabel(this);
    m_state->setTextFormat(Qt::RichText);
    m_state->setWordWrap(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_fields);
    layout->addWidget(m_why, 1);
    layout->addWidget(m_state);

    clear();
}

ExplanationPanel::~ExplanationPanel() = default;

void ExplanationPanel::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    clear();
}

void ExplanationPanel::clear()
{
    m_index = -1;
    m_title->setText(tr("<b>Why did this happen?</b>"));
    m_fields->clear();
    m_why->setText(
        tr("Select a line in the event log or a mark on a chart, or step, to see why it "
           "happened."));
    m_state->clear();
}

QString ExplanationPanel::whyText() const
{
    return m_index >= 0 ? m_why->text() : QString();
}

void ExplanationPanel::showMoment(const Moment& moment)
{
    if (!moment.line) {
        clear();
        return;
    }
    TraceEvent event = moment.line->event;
    event.message = moment.line->message;
    present(moment.line->index, event, moment.line->message, moment.explanation, moment.stages);
}

void ExplanationPanel::present(qint64 traceIndex, const TraceEvent& event,
                               const std::string& message, const std::string& why,
                               const std::vector<StageSnapshot>& stages)
{
    const QString stage = event.stage == kAllStages ||
                                  static_cast<std::size_t>(event.stage) >= m_scenario.stages.size()
                              ? tr("the whole process")
                              : QStringLiteral("'%1'").arg(
                                    q(m_scenario.stages[static_cast<std::size_t>(event.stage)].id));
    m_title->setText(tr("<b>%1</b> on %2 at t = %3 ms <span style='color:gray'>(line %4)</span>")
                         .arg(QString::fromLatin1(toString(event.kind)), stage.toHtmlEscaped(),
                              count(event.t), count(traceIndex)));
    std::string fields;
    EventLogModel::appendFields(fields, event);
    QString fieldText = q(fields);
    if (fieldsOf(event.kind).message && !event.messageNull) {
        fieldText += (event.kind == EventKind::Pipeline ? QString() : QStringLiteral("message=")) +
                     q(message);
    }
    m_fields->setText(fieldText);
    m_why->setText(q(why));
    QStringList lines;
    for (std::size_t i = 0; i < stages.size() && i < m_scenario.stages.size(); ++i) {
        lines << stateLine(m_scenario.stages[i], stages[i]);
    }
    m_state->setText(lines.join(QStringLiteral("<br>")));
    m_index = traceIndex;
    Q_EMIT explained(traceIndex);
}

}  // namespace bplab::ui
