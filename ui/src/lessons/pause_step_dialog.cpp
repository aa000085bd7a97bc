#include "bplab_ui/lessons/pause_step_dialog.h"

#include "bplab_ui/lessons/lesson_player.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace bplab::ui {

PauseStepDialog::PauseStepDialog(qint64 traceIndex, const TraceLine& line,
                                 std::vector<TracePattern> candidates, QWidget* parent)
    : QDialog(parent), m_candidates(std::move(candidates))
{
    setWindowTitle(tr("Pause the lesson here"));
    auto* layout = new QVBoxLayout(this);
    auto* where = new QLabel(tr("The run pauses right after line #%1:\n%2")
                                 .arg(traceIndex)
                                 .arg(QString::fromStdString(line.toJson())),
                             this);
    where->setWordWrap(true);
    layout->addWidget(where);
    auto* form = new QFormLayout;
    m_say = new QPlainTextEdit(this);
    m_say->setObjectName(QStringLiteral("pauseStepSay"));
    m_say->setPlaceholderText(tr("What the class should see now (*emphasis*, `code`)"));
    form->addRow(tr("Say:"), m_say);
    layout->addLayout(form);

    m_ask = new QCheckBox(tr("Ask the class what comes next"), this);
    m_ask->setObjectName(QStringLiteral("pauseStepAsk"));
    m_ask->setChecked(m_candidates.size() >= 2);
    m_ask->setEnabled(m_candidates.size() >= 2);
    layout->addWidget(m_ask);
    auto* question = new QGroupBox(tr("The question"), this);
    auto* questionLayout = new QFormLayout(question);
    m_prompt = new QLineEdit(tr("What happens next?"), question);
    questionLayout->addRow(tr("Prompt:"), m_prompt);
    auto* choiceBox = new QWidget(question);
    auto* choiceLayout = new QVBoxLayout(choiceBox);
    choiceLayout->setContentsMargins(0, 0, 0, 0);
    for (std::size_t i = 0; i < m_candidates.size(); ++i) {
        auto* tick = new QCheckBox(choiceLabel(m_candidates[i]), choiceBox);
        tick->setChecked(i < 3);
        choiceLayout->addWidget(tick);
        m_ticks.push_back(tick);
    }
    questionLayout->addRow(tr("Choices (what really\ncomes next, in order):"), choiceBox);
    m_reveal = new QLineEdit(question);
    m_reveal->setPlaceholderText(tr("Said once the answer is locked in"));
    questionLayout->addRow(tr("Reveal:"), m_reveal);
    layout->addWidget(question);
    question->setEnabled(m_ask->isChecked());
    connect(m_ask, &QCheckBox::toggled, question, &QWidget::setEnabled);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
}

QString PauseStepDialog::say() const
{
    return m_say->toPlainText();
}

QString PauseStepDialog::prompt() const
{
    return m_prompt->text();
}

QString PauseStepDialog::reveal() const
{
    return m_reveal->text();
}

std::vector<TracePattern> PauseStepDialog::choices() const
{
    std::vector<TracePattern> ticked;
    if (!m_ask->isChecked()) {
        return ticked;
    }
    for (std::size_t i = 0; i < m_ticks.size(); ++i) {
        if (m_ticks[i]->isChecked()) {
            ticked.push_back(m_candidates[i]);
        }
    }
    return ticked;
}

}  // namespace bplab::ui
