#include "bplab_ui/inspector/scenario_details_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace bplab::ui {

ScenarioDetailsDialog::ScenarioDetailsDialog(const QString& name, const QString& description,
                                             QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Name and description"));
    m_name = new QLineEdit(name, this);
    m_name->setObjectName(QStringLiteral("scenarioName"));
    m_description = new QPlainTextEdit(description, this);
    m_description->setObjectName(QStringLiteral("scenarioDescription"));
    m_description->setPlaceholderText(tr("What happens in this run, in words a class can follow"));
    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Description"), m_description);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(520, 300);
}

QString ScenarioDetailsDialog::name() const
{
    return m_name->text().trimmed();
}

QString ScenarioDetailsDialog::description() const
{
    return m_description->toPlainText().trimmed();
}

}  // namespace bplab::ui
