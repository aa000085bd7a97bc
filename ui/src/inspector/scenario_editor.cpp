#include "bplab_ui/inspector/scenario_editor.h"

namespace bplab::ui {

namespace {

constexpr int kMergeableCommandId = 0x6270;  // any fixed id: merging is decided by the merge key

// The stage with its timing fields reset, to compare the rest.
Stage withoutTiming(Stage stage)
{
    stage.setTiming(StageTiming{});
    return stage;
}

}  // namespace

EditEffect classifyEdit(const Scenario& before, const Scenario& after,
                        std::vector<std::size_t>* timingStages)
{
    if (timingStages != nullptr) {
        timingStages->clear();
    }
    if (before == after) {
        return EditEffect::None;
    }
    const bool sameRun =
        before.node == after.node && before.seed == after.seed && before.untilMs == after.untilMs &&
        before.wiring == after.wiring && before.faults == after.faults &&
        before.memoryLimitMb == after.memoryLimitMb && before.stages.size() == after.stages.size();
    if (!sameRun) {
        return EditEffect::Structural;
    }
    std::vector<std::size_t> timing;
    for (std::size_t i = 0; i < before.stages.size(); ++i) {
        const Stage& a = before.stages[i];
        const Stage& b = after.stages[i];
        if (a == b) {
            continue;
        }
        // A push-mode source draws its next step time when it schedules the
        // next chunk, so interval changes apply live there too.
        if (!(withoutTiming(a) == withoutTiming(b))) {
            return EditEffect::Structural;
        }
        timing.push_back(i);
    }
    if (timing.empty()) {
        return EditEffect::Cosmetic;
    }
    if (timingStages != nullptr) {
        *timingStages = std::move(timing);
    }
    return EditEffect::Timing;
}

ScenarioEditor::ScenarioEditor(QObject* parent) : QObject(parent) {}

void ScenarioEditor::setScenario(const Scenario& scenario)
{
    m_stack.clear();
    m_scenario = scenario;
    Q_EMIT scenarioChanged();
}

Status ScenarioEditor::apply(const QString& text, const Scenario& proposed, const QString& mergeKey)
{
    if (proposed == m_scenario) {
        return Ok{};
    }
    Status valid = validateScenario(proposed);
    if (!valid.ok()) {
        return valid;
    }
    m_stack.push(new ScenarioEditCommand(*this, text, m_scenario, proposed, mergeKey));
    return Ok{};
}

void ScenarioEditor::transition(const Scenario& to, const QString& text)
{
    const Scenario from = m_scenario;
    m_scenario = to;
    std::vector<std::size_t> stages;
    const EditEffect effect = classifyEdit(from, to, &stages);
    Q_EMIT scenarioChanged();
    switch (effect) {
        case EditEffect::Timing:
            for (std::size_t i : stages) {
                Q_EMIT timingEdited(i, to.stages[i].timing());
            }
            break;
        case EditEffect::Structural:
            Q_EMIT restartRequested(tr("%1: restarted from t = 0").arg(text));
            break;
        case EditEffect::None:
        case EditEffect::Cosmetic:
            break;
    }
}

ScenarioEditCommand::ScenarioEditCommand(ScenarioEditor& editor, const QString& text,
                                         Scenario before, Scenario after, QString mergeKey)
    : QUndoCommand(text),
      m_editor(editor),
      m_before(std::move(before)),
      m_after(std::move(after)),
      m_mergeKey(std::move(mergeKey))
{
}

void ScenarioEditCommand::undo()
{
    m_editor.transition(m_before, QObject::tr("Undo %1").arg(text()));
}

void ScenarioEditCommand::redo()
{
    m_editor.transition(m_after, text());
}

int ScenarioEditCommand::id() const
{
    return m_mergeKey.isEmpty() ? -1 : kMergeableCommandId;
}

bool ScenarioEditCommand::mergeWith(const QUndoCommand* other)
{
    const auto* next = dynamic_cast<const ScenarioEditCommand*>(other);
    if (next == nullptr || next->m_mergeKey != m_mergeKey || m_mergeKey.isEmpty()) {
        return false;
    }
    m_after = next->m_after;
    setObsolete(m_after == m_before);
    return true;
}

}  // namespace bplab::ui
