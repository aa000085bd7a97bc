#include "bplab_ui/summary/run_summary_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace bplab::ui {

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

QString outcomeInWords(Outcome outcome)
{
    switch (outcome) {
        case Outcome::Running:
            return RunSummaryPanel::tr("still running");
        case Outcome::Idle:
            return RunSummaryPanel::tr("complete: every chunk delivered (idle)");
        case Outcome::Until:
            return RunSummaryPanel::tr("stopped at until_ms (until)");
        case Outcome::Uncaught:
            return RunSummaryPanel::tr("crashed: an uncaught error (uncaught)");
        case Outcome::Oom:
            return RunSummaryPanel::tr("killed: out of memory (oom)");
    }
    return {};
}

}  // namespace

RunSummaryPanel::RunSummaryPanel(QWidget* parent) : QWidget(parent)
{
    m_table = new QLabel(this);
    m_table->setObjectName(QStringLiteral("runSummaryTable"));
    m_table->setTextFormat(Qt::RichText);
    m_table->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_table->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_table->setWordWrap(true);
    m_copy = new QPushButton(tr("Copy summary"), this);
    m_copy->setObjectName(QStringLiteral("copySummary"));
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(text()); });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(m_copy, 0, Qt::AlignLeft);
    layout->addStretch(1);
}

QList<QPair<QString, QString>> RunSummaryPanel::rows(const RunSummary& s)
{
    const QString delivered = s.deliveredObjects
                                  ? tr("%L1 objects").arg(s.delivered)
                                  : q(formatSummaryBytes(static_cast<double>(s.delivered)));
    return {
        {tr("Throughput"), q(formatThroughput(s))},
        {tr("Delivered"), delivered},
        {tr("Peak memory"), tr("%1 at %2")
                                .arg(q(formatSummaryBytes(static_cast<double>(s.peakMemoryBytes))),
                                     q(formatSummarySeconds(s.peakMemoryAtMs)))},
        {tr("Pauses"), QString::number(s.pauses)},
        {tr("Drains"), QString::number(s.drains)},
        {tr("Duration"), q(formatSummarySeconds(s.durationMs))},
        {tr("Events"), QString::number(s.events)},
        {tr("Outcome"), outcomeInWords(s.outcome)},
    };
}

void RunSummaryPanel::setSummary(const RunSummary& summary, const QString& scenarioName,
                                 const QString& ending)
{
    const bool same = m_shown && summary.durationMs == m_summary.durationMs &&
                      summary.events == m_summary.events && summary.outcome == m_summary.outcome &&
                      scenarioName == m_name && ending == m_ending;
    m_summary = summary;
    m_name = scenarioName;
    m_ending = ending;
    m_shown = true;
    if (same) {
        return;
    }
    QString html = QStringLiteral("<b>%1</b><br><i>%2</i><table cellspacing=2>")
                       .arg(scenarioName.toHtmlEscaped(),
                            summary.outcome == Outcome::Running ? tr("so far") : tr("whole run"));
    for (const auto& [name, value] : rows(summary)) {
        html += QStringLiteral("<tr><td>%1</td><td>&nbsp;&nbsp;<b>%2</b></td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    }
    html += QStringLiteral("</table>");
    if (!ending.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(ending.toHtmlEscaped());
    }
    m_table->setText(html);
}

QString RunSummaryPanel::text() const
{
    QString out = m_name + QLatin1Char('\n');
    for (const auto& [name, value] : rows(m_summary)) {
        out += name + QLatin1Char('\t') + value + QLatin1Char('\n');
    }
    if (!m_ending.isEmpty()) {
        out += tr("Ended") + QLatin1Char('\t') + m_ending + QLatin1Char('\n');
    }
    out += tr("As bplab-cli prints it") + QLatin1Char('\t') + q(describeRunSummary(m_summary)) +
           QLatin1Char('\n');
    return out;
}

}  // namespace bplab::ui
