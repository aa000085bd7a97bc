#include "bplab_ui/summary/run_summary_panel.h"

#include <QApplication>
#include <QClipboard>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include "bplab_ui/layout/live_text.h"

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
    // Plain-text labels in a grid: the figures change every frame, and a
    // rich-text table would be parsed and laid out again each time.
    m_table = new QWidget(this);
    m_table->setObjectName(QStringLiteral("runSummaryTable"));
    auto* grid = new QGridLayout(m_table);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setHorizontalSpacing(12);
    grid->setVerticalSpacing(2);
    m_title = new QLabel(m_table);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_scope = new QLabel(m_table);
    QFont italic = m_scope->font();
    italic.setItalic(true);
    m_scope->setFont(italic);
    grid->addWidget(m_title, 0, 0, 1, 2);
    grid->addWidget(m_scope, 1, 0, 1, 2);
    const auto figures = rows(RunSummary{});
    for (qsizetype i = 0; i < figures.size(); ++i) {
        auto* name = new QLabel(figures[i].first, m_table);
        auto* value = new LiveText(m_table);
        value->setFont(bold);
        const int row = static_cast<int>(i) + 2;
        grid->addWidget(name, row, 0);
        grid->addWidget(value, row, 1);
        m_values.push_back(value);
    }
    m_endingLabel = new QLabel(m_table);
    m_endingLabel->setWordWrap(true);
    m_endingLabel->hide();
    grid->addWidget(m_endingLabel, static_cast<int>(figures.size()) + 2, 0, 1, 2);
    grid->setColumnStretch(1, 1);
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
    if (same && !m_tableStale) {
        return;
    }
    m_tableStale = true;
    if (isVisible()) {
        writeTable();
    }
}

void RunSummaryPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_tableStale) {
        writeTable();
    }
}

void RunSummaryPanel::writeTable()
{
    m_tableStale = false;
    // A QLabel lays its window out again on every setText(), even of the same text.
    const auto write = [](QLabel* label, const QString& text) {
        if (label->text() != text) {
            label->setText(text);
        }
    };
    write(m_title, m_name);
    write(m_scope, m_summary.outcome == Outcome::Running ? tr("so far") : tr("whole run"));
    const auto figures = rows(m_summary);
    for (qsizetype i = 0; i < figures.size() && i < static_cast<qsizetype>(m_values.size()); ++i) {
        m_values[static_cast<std::size_t>(i)]->setText(figures[i].second);
    }
    write(m_endingLabel, m_ending);
    m_endingLabel->setVisible(!m_ending.isEmpty());
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
