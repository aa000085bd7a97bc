#pragma once

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <cstdint>
#include <vector>

#include "bplab_core/scenario.h"
#include "bplab_core/simulation.h"

class QComboBox;
class QLabel;
class QTableWidget;

namespace bplab::ui {

// Node's own state fields of one stage (ReadableState, WritableState and our
// stage counters) by their Node names, each with a one-line tooltip of what
// it means. A field whose value changes is highlighted, the colour fading
// out over kHighlightMs, so a class sees what an event changed.
//
// Inputs: setScenario() (stage ids, which sides exist), setStage(), and
// setState() with the snapshot of every stage — once per frame while the run
// goes on, or the state at a past line (ExplanationPanel::stateAtLine).
// GUI thread only.
class StateInspector final : public QWidget {
    Q_OBJECT
public:
    static constexpr int kHighlightMs = 1500;

    explicit StateInspector(QWidget* parent = nullptr);

    void setScenario(const Scenario& scenario);
    void setStage(int stageIndex);
    [[nodiscard]] int stage() const { return m_stage; }
    // `caption` says which moment this is ("live", "at line 1,234").
    void setState(const std::vector<StageSnapshot>& stages, const QString& caption = {});

    // For tests: the displayed value of a field ("readable.flowing",
    // "writable.needDrain", "stage.callbackHeld", "decoder.pending" of a
    // StringDecoder writable), "" if not shown.
    [[nodiscard]] QString valueOf(const QString& field) const;
    [[nodiscard]] bool isHighlighted(const QString& field) const;
    [[nodiscard]] QString toolTipOf(const QString& field) const;

Q_SIGNALS:
    // The user picked another stage in the inspector's own selector.
    void stageChanged(int stageIndex);

private:
    struct Row {
        int field = 0;  // index into the field table
        QString value;
        qint64 changedAtMs = -1;
    };
    void rebuild();
    void refreshHighlights();
    int rowOf(const QString& field) const;

    Scenario m_scenario;
    int m_stage = 0;
    std::vector<Row> m_rows;  // table rows that are fields (others are headings)
    std::vector<int> m_tableRowOfField;
    bool m_haveValues = false;
    QElapsedTimer m_clock;
    QTimer m_fade;

    QComboBox* m_selector = nullptr;
    QLabel* m_caption = nullptr;
    QTableWidget* m_table = nullptr;
};

}  // namespace bplab::ui
