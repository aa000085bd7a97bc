#pragma once

#include <QDialog>
#include <QString>

class QLineEdit;
class QPlainTextEdit;

namespace bplab::ui {

// Edits a scenario's name and description (what the story strip shows).
// Plain data in and out; the caller applies the result as an undoable edit.
class ScenarioDetailsDialog final : public QDialog {
    Q_OBJECT
public:
    ScenarioDetailsDialog(const QString& name, const QString& description,
                          QWidget* parent = nullptr);

    [[nodiscard]] QString name() const;
    [[nodiscard]] QString description() const;
    [[nodiscard]] QLineEdit* nameEdit() const { return m_name; }
    [[nodiscard]] QPlainTextEdit* descriptionEdit() const { return m_description; }

private:
    QLineEdit* m_name = nullptr;
    QPlainTextEdit* m_description = nullptr;
};

}  // namespace bplab::ui
