#include "bplab_ui/inspector/stage_inspector.h"

#include "bplab_ui/inspector/wheel_guard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QTableWidget>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace bplab::ui {

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

std::int64_t toInt(double v)
{
    return static_cast<std::int64_t>(std::llround(v));
}

// The spec's limits (scenario-v1 section 1) as widget ranges: the spin box
// holds every legal value (integers up to 2^53 - 1); the slider's upper end is
// ours, where values stop being useful by hand, and the spin box says when a
// value lies beyond it.
constexpr double kMaxSafeInteger = 9007199254740991.0;  // 2^53 - 1
constexpr double kMaxMemoryLimitMb = 8589934591.0;      // (2^53 - 1) / 2^20
constexpr double kMaxReal = 1e15;

ParamControl::Range msRange(double min = 0.0)
{
    return {min, kMaxSafeInteger, 0, QStringLiteral("ms"), true, 60'000.0};
}
ParamControl::Range bytesRange(double min, bool objectMode)
{
    return {min,  kMaxSafeInteger,
            0,    objectMode ? QStringLiteral("bytes (nominal)") : QStringLiteral("bytes"),
            true, 64.0 * 1024 * 1024};
}
ParamControl::Range hwmRange(bool objectMode)
{
    return objectMode ? ParamControl::Range{0.0,  kMaxSafeInteger, 0, QStringLiteral("objects"),
                                            true, 1'000'000.0}
                      : ParamControl::Range{0.0,  kMaxSafeInteger,     0, QStringLiteral("bytes"),
                                            true, 1024.0 * 1024 * 1024};
}

bool readableObjectMode(const Stage& s)
{
    return s.objectMode.split ? s.objectMode.readable
                              : (s.objectMode.readable || s.objectMode.writable);
}
bool writableObjectMode(const Stage& s)
{
    return s.objectMode.split ? s.objectMode.writable
                              : (s.objectMode.readable || s.objectMode.writable);
}

std::optional<std::int64_t> hwmOf(const Stage& s, bool readableSide)
{
    const auto& h = s.highWaterMark;
    if (s.kind == StageKind::Readable) {
        return h.readable;
    }
    if (s.kind == StageKind::Writable) {
        return h.writable;
    }
    if (!h.split) {
        return h.readable ? h.readable : h.writable;
    }
    return readableSide ? h.readable : h.writable;
}

// Writes one side's highWaterMark, keeping the file's shape rules: a single
// value unless a transform's sides differ.
void setHwm(Stage& s, bool readableSide, std::optional<std::int64_t> value)
{
    auto& h = s.highWaterMark;
    if (s.kind == StageKind::Readable) {
        h.readable = value;
        return;
    }
    if (s.kind == StageKind::Writable) {
        h.writable = value;
        return;
    }
    std::optional<std::int64_t> r = hwmOf(s, true);
    std::optional<std::int64_t> w = hwmOf(s, false);
    (readableSide ? r : w) = value;
    h.readable = r;
    h.writable = w;
    h.split = r != w;
}

void setObjectMode(Stage& s, bool readableSide, bool value)
{
    auto& o = s.objectMode;
    if (s.kind == StageKind::Readable) {
        o.readable = value;
        return;
    }
    if (s.kind == StageKind::Writable) {
        o.writable = value;
        return;
    }
    bool r = readableObjectMode(s);
    bool w = writableObjectMode(s);
    (readableSide ? r : w) = value;
    o.readable = r;
    o.writable = w;
    o.split = r != w;
}

std::string uniqueId(const Scenario& s, const std::string& base)
{
    for (int n = 1;; ++n) {
        std::string id = n == 1 ? base : base + std::to_string(n);
        if (std::none_of(s.stages.begin(), s.stages.end(),
                         [&](const Stage& st) { return st.id == id; })) {
            return id;
        }
    }
}

// One line per parameter: what it does (scenario-v1 section 1).
QString paramToolTip(const QString& key)
{
    static const std::map<QString, const char*> tips = {
        {QStringLiteral("chunks"), "How many chunks the source produces before EOF"},
        {QStringLiteral("chunk_bytes"),
         "Payload size of each chunk (an object's nominal size in objectMode)"},
        {QStringLiteral("interval_ms"), "Time to produce one chunk (virtual ms); live edit"},
        {QStringLiteral("delay_ms"), "Fixed processing time per chunk (virtual ms); live edit"},
        {QStringLiteral("per_kib_ms"),
         "Extra processing time per 1024 bytes of the chunk; live edit"},
        {QStringLiteral("ratio"), "Output bytes per input byte; live edit"},
        {QStringLiteral("split"), "Output chunks per input chunk; live edit"},
        {QStringLiteral("jitter"),
         "Relative spread of every time this stage draws, 0 to 1; live edit"},
    };
    auto it = tips.find(key);
    return it == tips.end() ? QString() : QString::fromLatin1(it->second);
}

QDoubleSpinBox* integerSpin(double min, double max, const QString& suffix, QWidget* parent)
{
    auto* spin = new QDoubleSpinBox(parent);
    spin->setDecimals(0);
    spin->setRange(min, max);
    spin->setKeyboardTracking(false);
    spin->setSuffix(suffix);
    guardWheel(spin);
    return spin;
}

}  // namespace

StageInspector::StageInspector(ScenarioEditor* editor, QWidget* parent)
    : QWidget(parent), m_editor(editor)
{
    auto* content = new QWidget;
    auto* column = new QVBoxLayout(content);

    // Undo / redo and refusals.
    auto* undoRow = new QHBoxLayout;
    auto* undo = new QToolButton(content);
    undo->setDefaultAction(m_editor->undoStack()->createUndoAction(this, tr("Undo")));
    auto* redo = new QToolButton(content);
    redo->setDefaultAction(m_editor->undoStack()->createRedoAction(this, tr("Redo")));
    undoRow->addWidget(undo);
    undoRow->addWidget(redo);
    undoRow->addStretch(1);
    column->addLayout(undoRow);
    m_error = new QLabel(content);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_error->hide();
    column->addWidget(m_error);

    // The run.
    auto* runBox = new QGroupBox(tr("Run"), content);
    auto* runForm = new QFormLayout(runBox);
    m_profile = new QComboBox(runBox);
    guardWheel(m_profile);
    m_profile->addItem(tr("Node 20 (default highWaterMark 16 KiB)"), 20);
    m_profile->addItem(tr("Node 24 (default highWaterMark 64 KiB)"), 24);
    m_profile->setToolTip(tr("Which Node version's stream semantics and defaults to reproduce"));
    connect(m_profile, &QComboBox::activated, this, [this](int index) {
        const NodeProfile p =
            m_profile->itemData(index).toInt() == 20 ? NodeProfile::V20 : NodeProfile::V24;
        edit(tr("Node profile"), [p](Scenario& s) { s.node = p; });
    });
    runForm->addRow(tr("Node"), m_profile);
    m_wiring = new QComboBox(runBox);
    guardWheel(m_wiring);
    m_wiring->addItem(tr("pipe()"), static_cast<int>(Wiring::Pipe));
    m_wiring->addItem(tr("pipeline()"), static_cast<int>(Wiring::Pipeline));
    m_wiring->addItem(tr("naive (ignores write()'s return)"), static_cast<int>(Wiring::Naive));
    m_wiring->setToolTip(tr("How consecutive stages are connected"));
    connect(m_wiring, &QComboBox::activated, this, [this](int index) {
        const auto w = static_cast<Wiring>(m_wiring->itemData(index).toInt());
        edit(tr("wiring"), [w](Scenario& s) { s.wiring = w; });
    });
    runForm->addRow(tr("Wiring"), m_wiring);
    m_seed = integerSpin(0.0, 4294967295.0, QString(), runBox);
    m_seed->setToolTip(tr("Seed of every random draw (jitter)"));
    connect(m_seed, &QDoubleSpinBox::valueChanged, this, [this](double v) {
        if (!m_refreshing) {
            edit(tr("seed"), [v](Scenario& s) { s.seed = static_cast<std::uint32_t>(toInt(v)); });
        }
    });
    runForm->addRow(tr("Seed"), m_seed);
    auto* untilRow = new QHBoxLayout;
    m_untilOn = new QCheckBox(tr("stop at"), runBox);
    m_until = integerSpin(0.0, kMaxSafeInteger, QStringLiteral(" ms"), runBox);
    untilRow->addWidget(m_untilOn);
    untilRow->addWidget(m_until, 1);
    const auto editUntil = [this] {
        if (m_refreshing) {
            return;
        }
        const bool on = m_untilOn->isChecked();
        const std::int64_t v = toInt(m_until->value());
        edit(tr("until_ms"), [on, v](Scenario& s) {
            s.untilMs = on ? std::optional<std::int64_t>(v) : std::nullopt;
        });
    };
    connect(m_untilOn, &QCheckBox::toggled, this, editUntil);
    connect(m_until, &QDoubleSpinBox::valueChanged, this, editUntil);
    runForm->addRow(tr("Until"), untilRow);
    auto* memoryRow = new QHBoxLayout;
    m_memoryOn = new QCheckBox(tr("limit"), runBox);
    m_memory = integerSpin(1.0, kMaxMemoryLimitMb, QStringLiteral(" MiB"), runBox);
    m_memoryOn->setToolTip(tr("The simulated process dies ('oom') when it holds more than this"));
    memoryRow->addWidget(m_memoryOn);
    memoryRow->addWidget(m_memory, 1);
    const auto editMemory = [this] {
        if (m_refreshing) {
            return;
        }
        const bool on = m_memoryOn->isChecked();
        const std::int64_t v = toInt(m_memory->value());
        edit(tr("memory_limit_mb"), [on, v](Scenario& s) {
            s.memoryLimitMb = on ? std::optional<std::int64_t>(v) : std::nullopt;
        });
    };
    connect(m_memoryOn, &QCheckBox::toggled, this, editMemory);
    connect(m_memory, &QDoubleSpinBox::valueChanged, this, editMemory);
    runForm->addRow(tr("Memory"), memoryRow);
    column->addWidget(runBox);

    // The stages.
    auto* stagesBox = new QGroupBox(tr("Stages"), content);
    auto* stagesLayout = new QVBoxLayout(stagesBox);
    m_stages = new QListWidget(stagesBox);
    m_stages->setMaximumHeight(m_stages->fontMetrics().height() * 7);
    connect(m_stages, &QListWidget::currentRowChanged, this, [this](int row) {
        if (m_refreshing || row < 0) {
            return;
        }
        setSelectedStage(row);
        Q_EMIT stageSelected(row);
    });
    stagesLayout->addWidget(m_stages);
    auto* stageButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add transform"), stagesBox);
    m_remove = new QPushButton(tr("Remove"), stagesBox);
    m_up = new QPushButton(tr("Up"), stagesBox);
    m_down = new QPushButton(tr("Down"), stagesBox);
    for (QPushButton* b : {m_add, m_remove, m_up, m_down}) {
        stageButtons->addWidget(b);
    }
    connect(m_add, &QPushButton::clicked, this, &StageInspector::addStage);
    connect(m_remove, &QPushButton::clicked, this, &StageInspector::removeStage);
    connect(m_up, &QPushButton::clicked, this, [this] { moveStage(-1); });
    connect(m_down, &QPushButton::clicked, this, [this] { moveStage(+1); });
    stagesLayout->addLayout(stageButtons);
    column->addWidget(stagesBox);

    // The selected stage.
    m_stageBox = new QGroupBox(content);
    m_form = new QFormLayout(m_stageBox);
    column->addWidget(m_stageBox);

    // Faults.
    auto* faultsBox = new QGroupBox(tr("Faults"), content);
    auto* faultsLayout = new QVBoxLayout(faultsBox);
    m_faults = new QTableWidget(0, 4, faultsBox);
    m_faults->setHorizontalHeaderLabels({tr("at"), tr("stage"), tr("action"), tr("message")});
    m_faults->verticalHeader()->setVisible(false);
    m_faults->horizontalHeader()->setStretchLastSection(true);
    m_faults->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_faults->setMaximumHeight(m_faults->fontMetrics().height() * 9);
    faultsLayout->addWidget(m_faults);
    auto* faultButtons = new QHBoxLayout;
    auto* addFault = new QPushButton(tr("Add fault"), faultsBox);
    auto* removeFault = new QPushButton(tr("Remove fault"), faultsBox);
    faultButtons->addWidget(addFault);
    faultButtons->addWidget(removeFault);
    faultButtons->addStretch(1);
    faultsLayout->addLayout(faultButtons);
    connect(addFault, &QPushButton::clicked, this, [this] {
        const Scenario& s = m_editor->scenario();
        if (s.stages.empty()) {
            return;
        }
        Fault f;
        f.atMs = 100;
        f.stage = s.stages[static_cast<std::size_t>(
                               std::clamp(m_stage, 0, static_cast<int>(s.stages.size()) - 1))]
                      .id;
        f.action = FaultAction::Error;
        f.message = "boom";
        edit(tr("add a fault"), [f](Scenario& sc) { sc.faults.push_back(f); });
    });
    connect(removeFault, &QPushButton::clicked, this, [this] {
        const int row = m_faults->currentRow();
        if (row < 0 || static_cast<std::size_t>(row) >= m_editor->scenario().faults.size()) {
            return;
        }
        edit(tr("remove a fault"), [row](Scenario& s) { s.faults.erase(s.faults.begin() + row); });
    });
    column->addWidget(faultsBox);
    column->addStretch(1);

    m_scroll = new QScrollArea(this);
    m_scroll->setWidgetResizable(true);
    m_scroll->setWidget(content);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(m_scroll);

    connect(m_editor, &ScenarioEditor::scenarioChanged, this, &StageInspector::refresh);
    refresh();
}

QString StageInspector::lastError() const
{
    return m_error->isVisible() ? m_error->text() : QString();
}

ParamControl* StageInspector::param(const QString& key) const
{
    auto it = m_params.find(key);
    return it == m_params.end() ? nullptr : it->second;
}

bool StageInspector::edit(const QString& text, const Change& change, const QString& mergeKey)
{
    Scenario proposed = m_editor->scenario();
    change(proposed);
    const Status status = m_editor->apply(text, proposed, mergeKey);
    if (!status.ok()) {
        m_error->setText(tr("Not applied: %1").arg(q(status.error().message)));
        m_error->show();
        refresh();  // back to the scenario's values
        return false;
    }
    m_error->hide();
    m_error->clear();
    return true;
}

void StageInspector::setSelectedStage(int stageIndex)
{
    const auto count = static_cast<int>(m_editor->scenario().stages.size());
    if (count == 0) {
        return;
    }
    m_stage = std::clamp(stageIndex, 0, count - 1);
    {
        const QSignalBlocker block(m_stages);
        m_stages->setCurrentRow(m_stage);
    }
    refreshStageList();
    rebuildStageForm();
}

void StageInspector::refresh()
{
    m_refreshing = true;
    const auto count = static_cast<int>(m_editor->scenario().stages.size());
    m_stage = count == 0 ? 0 : std::clamp(m_stage, 0, count - 1);
    refreshRun();
    refreshStageList();
    const Scenario& s = m_editor->scenario();
    const bool sameForm = m_formStage == m_stage && count > 0 &&
                          m_formStageCount == s.stages.size() &&
                          s.stages[static_cast<std::size_t>(m_stage)].kind == m_formKind;
    if (sameForm) {
        refreshStageForm();
    } else {
        rebuildStageForm();
    }
    refreshFaults();
    m_refreshing = false;
}

void StageInspector::refreshRun()
{
    const Scenario& s = m_editor->scenario();
    const QSignalBlocker b1(m_profile), b2(m_wiring), b3(m_seed), b4(m_untilOn), b5(m_until),
        b6(m_memoryOn), b7(m_memory);
    m_profile->setCurrentIndex(s.node == NodeProfile::V20 ? 0 : 1);
    m_wiring->setCurrentIndex(m_wiring->findData(static_cast<int>(s.wiring)));
    m_seed->setValue(static_cast<double>(s.seed));
    m_untilOn->setChecked(s.untilMs.has_value());
    m_until->setEnabled(s.untilMs.has_value());
    m_until->setValue(static_cast<double>(s.untilMs.value_or(60'000)));
    m_memoryOn->setChecked(s.memoryLimitMb.has_value());
    m_memory->setEnabled(s.memoryLimitMb.has_value());
    m_memory->setValue(static_cast<double>(s.memoryLimitMb.value_or(64)));
}

void StageInspector::refreshStageList()
{
    const Scenario& s = m_editor->scenario();
    {
        const QSignalBlocker block(m_stages);
        if (m_stages->count() != static_cast<int>(s.stages.size())) {
            m_stages->clear();
            for (std::size_t i = 0; i < s.stages.size(); ++i) {
                m_stages->addItem(QString());
            }
        }
        for (std::size_t i = 0; i < s.stages.size(); ++i) {
            m_stages->item(static_cast<int>(i))
                ->setText(
                    QStringLiteral("%1  (%2)")
                        .arg(q(s.stages[i].id), QString::fromLatin1(toString(s.stages[i].kind))));
        }
        m_stages->setCurrentRow(m_stage);
    }
    const int n = static_cast<int>(s.stages.size());
    const bool transform =
        n > 0 && s.stages[static_cast<std::size_t>(m_stage)].kind == StageKind::Transform;
    m_remove->setEnabled(transform);
    m_up->setEnabled(transform && m_stage > 1);
    m_down->setEnabled(transform && m_stage < n - 2);
    m_add->setEnabled(n >= 2);
}

ParamControl* StageInspector::addParam(const QString& key, const QString& label,
                                       const ParamControl::Range& range,
                                       const std::function<void(Stage&, double)>& set)
{
    auto* control = new ParamControl(range, m_stageBox);
    control->setObjectName(QStringLiteral("param.") + key);
    control->setToolTip(paramToolTip(key));
    m_form->addRow(label, control);
    m_params[key] = control;
    const int stage = m_stage;
    connect(
        control, &ParamControl::edited, this, [this, key, label, set, stage](double v, int drag) {
            if (m_refreshing) {
                return;
            }
            const QString id = q(m_editor->scenario().stages[static_cast<std::size_t>(stage)].id);
            edit(
                tr("%1 of '%2'").arg(label, id),
                [set, stage, v](Scenario& s) { set(s.stages[static_cast<std::size_t>(stage)], v); },
                drag > 0 ? QStringLiteral("%1/%2#%3").arg(stage).arg(key).arg(drag) : QString());
        });
    return control;
}

void StageInspector::addHighWaterMark(const QString& key, const QString& label, bool readableSide)
{
    auto* row = new QWidget(m_stageBox);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    row->setToolTip(
        tr("push()/write() return false once the buffer holds this much; changing it restarts the "
           "run"));
    auto* useDefault = new QCheckBox(tr("default"), row);
    useDefault->setToolTip(tr("Use the Node profile's default for this side's mode"));
    const Stage& st = m_editor->scenario().stages[static_cast<std::size_t>(m_stage)];
    auto* control = new ParamControl(
        hwmRange(readableSide ? readableObjectMode(st) : writableObjectMode(st)), row);
    control->setObjectName(QStringLiteral("param.") + key);
    layout->addWidget(useDefault);
    layout->addWidget(control, 1);
    m_form->addRow(label, row);
    m_params[key] = control;
    m_defaultHwm[key] = useDefault;
    const int stage = m_stage;
    connect(
        control, &ParamControl::edited, this,
        [this, label, stage, readableSide, key](double v, int drag) {
            if (m_refreshing) {
                return;
            }
            const QString id = q(m_editor->scenario().stages[static_cast<std::size_t>(stage)].id);
            edit(
                tr("%1 of '%2'").arg(label, id),
                [stage, readableSide, v](Scenario& s) {
                    setHwm(s.stages[static_cast<std::size_t>(stage)], readableSide, toInt(v));
                },
                drag > 0 ? QStringLiteral("%1/%2#%3").arg(stage).arg(key).arg(drag) : QString());
        });
    connect(useDefault, &QCheckBox::toggled, this,
            [this, label, stage, readableSide, control](bool on) {
                if (m_refreshing) {
                    return;
                }
                const QString id =
                    q(m_editor->scenario().stages[static_cast<std::size_t>(stage)].id);
                const std::int64_t v = toInt(control->value());
                edit(tr("%1 of '%2'").arg(label, id), [stage, readableSide, on, v](Scenario& s) {
                    setHwm(s.stages[static_cast<std::size_t>(stage)], readableSide,
                           on ? std::nullopt : std::optional<std::int64_t>(v));
                });
            });
}

void StageInspector::rebuildStageForm()
{
    const bool wasRefreshing = m_refreshing;
    m_refreshing = true;
    while (m_form->rowCount() > 0) {
        m_form->removeRow(0);
    }
    m_params.clear();
    m_defaultHwm.clear();
    m_id = nullptr;
    m_mode = nullptr;
    m_objectMode = m_objectModeReadable = m_objectModeWritable = nullptr;
    const Scenario& s = m_editor->scenario();
    m_formStage = m_stage;
    m_formStageCount = s.stages.size();
    if (s.stages.empty()) {
        m_stageBox->setTitle(tr("Stage"));
        m_refreshing = wasRefreshing;
        return;
    }
    const Stage& st = s.stages[static_cast<std::size_t>(m_stage)];
    m_formKind = st.kind;
    const int stage = m_stage;

    m_id = new QLineEdit(m_stageBox);
    m_id->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9_-]{1,32}")), m_id));
    m_id->setToolTip(tr("Name in traces and charts: letters, digits, '_' and '-', up to 32"));
    connect(m_id, &QLineEdit::editingFinished, this, [this, stage] {
        if (m_refreshing || m_id == nullptr) {
            return;
        }
        const std::string id = m_id->text().toStdString();
        const std::string old = m_editor->scenario().stages[static_cast<std::size_t>(stage)].id;
        if (id == old) {
            return;
        }
        edit(tr("rename '%1' to '%2'").arg(q(old), q(id)), [stage, id, old](Scenario& sc) {
            sc.stages[static_cast<std::size_t>(stage)].id = id;
            for (Fault& f : sc.faults) {
                if (f.stage == old) {
                    f.stage = id;
                }
            }
        });
    });
    m_form->addRow(tr("id"), m_id);
    m_form->addRow(tr("kind"), new QLabel(QString::fromLatin1(toString(st.kind)), m_stageBox));

    const auto intSetter = [](std::int64_t Stage::*field) {
        return [field](Stage& sg, double v) { sg.*field = toInt(v); };
    };
    const auto realSetter = [](double Stage::*field) {
        return [field](Stage& sg, double v) { sg.*field = v; };
    };
    m_getters.clear();

    if (st.kind == StageKind::Readable) {
        addParam(QStringLiteral("chunks"), tr("chunks"),
                 {0.0, kMaxSafeInteger, 0, tr("chunks"), true, 10'000'000.0},
                 intSetter(&Stage::chunks));
        m_getters[QStringLiteral("chunks")] = [](const Stage& sg) {
            return static_cast<double>(sg.chunks);
        };
        addParam(QStringLiteral("chunk_bytes"), tr("chunk_bytes"),
                 bytesRange(1.0, readableObjectMode(st)), intSetter(&Stage::chunkBytes));
        m_getters[QStringLiteral("chunk_bytes")] = [](const Stage& sg) {
            return static_cast<double>(sg.chunkBytes);
        };
        addParam(QStringLiteral("interval_ms"), tr("interval_ms"),
                 msRange(st.mode == SourceMode::Push ? 1.0 : 0.0), intSetter(&Stage::intervalMs));
        m_getters[QStringLiteral("interval_ms")] = [](const Stage& sg) {
            return static_cast<double>(sg.intervalMs);
        };
        m_mode = new QComboBox(m_stageBox);
        guardWheel(m_mode);
        m_mode->addItem(tr("pull (respects backpressure)"), static_cast<int>(SourceMode::Pull));
        m_mode->addItem(tr("push (ignores push()'s return)"), static_cast<int>(SourceMode::Push));
        connect(m_mode, &QComboBox::activated, this, [this, stage](int index) {
            const auto mode = static_cast<SourceMode>(m_mode->itemData(index).toInt());
            edit(tr("mode of '%1'")
                     .arg(q(m_editor->scenario().stages[static_cast<std::size_t>(stage)].id)),
                 [stage, mode](Scenario& sc) {
                     Stage& sg = sc.stages[static_cast<std::size_t>(stage)];
                     sg.mode = mode;
                     if (mode == SourceMode::Push) {
                         sg.intervalMs =
                             std::max<std::int64_t>(1, sg.intervalMs);  // push mode needs >= 1
                     }
                 });
        });
        m_form->addRow(tr("mode"), m_mode);
    } else {
        addParam(QStringLiteral("delay_ms"), tr("delay_ms"), msRange(), intSetter(&Stage::delayMs));
        m_getters[QStringLiteral("delay_ms")] = [](const Stage& sg) {
            return static_cast<double>(sg.delayMs);
        };
        addParam(QStringLiteral("per_kib_ms"), tr("per_kib_ms"),
                 {0.0, kMaxReal, -1, tr("ms/KiB"), true, 1000.0}, realSetter(&Stage::perKibMs));
        m_getters[QStringLiteral("per_kib_ms")] = [](const Stage& sg) { return sg.perKibMs; };
    }
    if (st.kind == StageKind::Transform) {
        addParam(QStringLiteral("ratio"), tr("ratio"),
                 {std::numeric_limits<double>::min(), kMaxReal, -1, tr("x"), true, 1000.0, 0.001},
                 realSetter(&Stage::ratio));
        m_getters[QStringLiteral("ratio")] = [](const Stage& sg) { return sg.ratio; };
        addParam(QStringLiteral("split"), tr("split"),
                 {1.0, 100'000.0, 0, tr("outputs"), true, 1000.0}, intSetter(&Stage::split));
        m_getters[QStringLiteral("split")] = [](const Stage& sg) {
            return static_cast<double>(sg.split);
        };
    }
    addParam(QStringLiteral("jitter"), tr("jitter"), {0.0, 1.0, -1, QString(), false},
             realSetter(&Stage::jitter));
    m_getters[QStringLiteral("jitter")] = [](const Stage& sg) { return sg.jitter; };

    const auto objectModeBox = [this, stage](const QString& text, bool readableSide) {
        auto* box = new QCheckBox(text, m_stageBox);
        box->setToolTip(tr("Count objects (1 each) instead of bytes"));
        connect(box, &QCheckBox::toggled, this, [this, stage, readableSide](bool on) {
            if (m_refreshing) {
                return;
            }
            edit(tr("objectMode of '%1'")
                     .arg(q(m_editor->scenario().stages[static_cast<std::size_t>(stage)].id)),
                 [stage, readableSide, on](Scenario& sc) {
                     setObjectMode(sc.stages[static_cast<std::size_t>(stage)], readableSide, on);
                 });
        });
        return box;
    };
    if (st.kind == StageKind::Transform) {
        auto* row = new QWidget(m_stageBox);
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        m_objectModeWritable = objectModeBox(tr("writable side"), false);
        m_objectModeReadable = objectModeBox(tr("readable side"), true);
        m_objectModeWritable->setParent(row);
        m_objectModeReadable->setParent(row);
        layout->addWidget(m_objectModeWritable);
        layout->addWidget(m_objectModeReadable);
        layout->addStretch(1);
        m_form->addRow(tr("objectMode"), row);
        addHighWaterMark(QStringLiteral("highWaterMark.writable"), tr("highWaterMark (writable)"),
                         false);
        addHighWaterMark(QStringLiteral("highWaterMark.readable"), tr("highWaterMark (readable)"),
                         true);
    } else {
        const bool readableSide = st.kind == StageKind::Readable;
        m_objectMode = objectModeBox(QString(), readableSide);
        m_form->addRow(tr("objectMode"), m_objectMode);
        addHighWaterMark(QStringLiteral("highWaterMark"), tr("highWaterMark"), readableSide);
    }
    refreshStageForm();
    m_refreshing = wasRefreshing;
    relayout();
}

void StageInspector::relayout()
{
    // The scroll area sizes its content only when it gets a layout request
    // itself; a form rebuilt while shown would otherwise be squeezed into
    // the old height. The content's layout is brought up to date first.
    if (QLayout* content = m_scroll->widget()->layout()) {
        content->invalidate();
        content->activate();
    }
    QCoreApplication::postEvent(m_scroll, new QEvent(QEvent::LayoutRequest));
}

void StageInspector::refreshStageForm()
{
    const Scenario& s = m_editor->scenario();
    if (s.stages.empty() || m_id == nullptr) {
        return;
    }
    const bool wasRefreshing = m_refreshing;
    m_refreshing = true;
    const Stage& st = s.stages[static_cast<std::size_t>(m_stage)];
    m_stageBox->setTitle(tr("Stage '%1'").arg(q(st.id)));
    if (!m_id->hasFocus()) {
        m_id->setText(q(st.id));
    }
    for (const auto& [key, get] : m_getters) {
        ParamControl* c = m_params[key];
        if (!c->slider()->isSliderDown()) {
            c->setValue(get(st));
        }
    }
    if (m_mode != nullptr) {
        m_mode->setCurrentIndex(st.mode == SourceMode::Push ? 1 : 0);
        if (ParamControl* interval = param(QStringLiteral("interval_ms"))) {
            interval->setRange(msRange(st.mode == SourceMode::Push ? 1.0 : 0.0));
            interval->setValue(static_cast<double>(st.intervalMs));
        }
    }
    if (ParamControl* bytes = param(QStringLiteral("chunk_bytes"))) {
        bytes->setRange(bytesRange(1.0, readableObjectMode(st)));
        bytes->setValue(static_cast<double>(st.chunkBytes));
    }
    if (m_objectMode != nullptr) {
        m_objectMode->setChecked(st.kind == StageKind::Readable ? readableObjectMode(st)
                                                                : writableObjectMode(st));
    }
    if (m_objectModeReadable != nullptr) {
        m_objectModeReadable->setChecked(readableObjectMode(st));
        m_objectModeWritable->setChecked(writableObjectMode(st));
    }
    for (const auto& [key, box] : m_defaultHwm) {
        const bool readableSide =
            key.endsWith(QStringLiteral(".readable")) ||
            (key == QStringLiteral("highWaterMark") && st.kind == StageKind::Readable);
        const bool objectMode = readableSide ? readableObjectMode(st) : writableObjectMode(st);
        const std::optional<std::int64_t> hwm = hwmOf(st, readableSide);
        ParamControl* c = m_params[key];
        c->setRange(hwmRange(objectMode));
        c->setValue(static_cast<double>(hwm.value_or(defaultHighWaterMark(s.node, objectMode))));
        c->setEnabled(hwm.has_value());
        box->setChecked(!hwm.has_value());
        box->setText(tr("default (%1)").arg(defaultHighWaterMark(s.node, objectMode)));
    }
    m_refreshing = wasRefreshing;
}

void StageInspector::refreshFaults()
{
    const Scenario& s = m_editor->scenario();
    std::vector<std::string> ids;
    for (const Stage& st : s.stages) {
        ids.push_back(st.id);
    }
    // Rebuilt only when they differ: a slider drag elsewhere must not recreate them.
    if (s.faults == m_faultsShown && ids == m_idsShown) {
        return;
    }
    m_faultsShown = s.faults;
    m_idsShown = ids;
    const int selected = m_faults->currentRow();
    m_faults->setRowCount(static_cast<int>(s.faults.size()));
    for (int row = 0; row < static_cast<int>(s.faults.size()); ++row) {
        const Fault& f = s.faults[static_cast<std::size_t>(row)];
        auto* at = integerSpin(0.0, kMaxSafeInteger, QStringLiteral(" ms"), m_faults);
        at->setValue(static_cast<double>(f.atMs));
        connect(at, &QDoubleSpinBox::valueChanged, this, [this, row](double v) {
            edit(tr("fault time"), [row, v](Scenario& sc) {
                sc.faults[static_cast<std::size_t>(row)].atMs = toInt(v);
            });
        });
        m_faults->setCellWidget(row, 0, at);
        auto* stage = new QComboBox(m_faults);
        guardWheel(stage);
        for (const Stage& st : s.stages) {
            stage->addItem(q(st.id));
        }
        stage->setCurrentText(q(f.stage));
        connect(stage, &QComboBox::activated, this, [this, row, stage](int) {
            const std::string id = stage->currentText().toStdString();
            edit(tr("fault stage"),
                 [row, id](Scenario& sc) { sc.faults[static_cast<std::size_t>(row)].stage = id; });
        });
        m_faults->setCellWidget(row, 1, stage);
        auto* action = new QComboBox(m_faults);
        guardWheel(action);
        action->addItem(tr("error"), static_cast<int>(FaultAction::Error));
        action->addItem(tr("destroy"), static_cast<int>(FaultAction::Destroy));
        action->setCurrentIndex(f.action == FaultAction::Error ? 0 : 1);
        connect(action, &QComboBox::activated, this, [this, row](int index) {
            const FaultAction a = index == 0 ? FaultAction::Error : FaultAction::Destroy;
            edit(tr("fault action"),
                 [row, a](Scenario& sc) { sc.faults[static_cast<std::size_t>(row)].action = a; });
        });
        m_faults->setCellWidget(row, 2, action);
        auto* message = new QLineEdit(q(f.message), m_faults);
        connect(message, &QLineEdit::editingFinished, this, [this, row, message] {
            const std::string text = message->text().toStdString();
            if (static_cast<std::size_t>(row) < m_editor->scenario().faults.size() &&
                m_editor->scenario().faults[static_cast<std::size_t>(row)].message != text) {
                edit(tr("fault message"), [row, text](Scenario& sc) {
                    sc.faults[static_cast<std::size_t>(row)].message = text;
                });
            }
        });
        m_faults->setCellWidget(row, 3, message);
    }
    if (selected >= 0 && selected < m_faults->rowCount()) {
        m_faults->selectRow(selected);
    }
    relayout();
}

void StageInspector::addStage()
{
    const Scenario& s = m_editor->scenario();
    const auto n = static_cast<int>(s.stages.size());
    if (n < 2) {
        return;
    }
    const int at = std::clamp(m_stage + 1, 1, n - 1);
    Stage t;
    t.id = uniqueId(s, "transform");
    t.kind = StageKind::Transform;
    t.delayMs = 1;
    if (edit(tr("add '%1'").arg(q(t.id)),
             [t, at](Scenario& sc) { sc.stages.insert(sc.stages.begin() + at, t); })) {
        setSelectedStage(at);
    }
}

void StageInspector::removeStage()
{
    const Scenario& s = m_editor->scenario();
    if (s.stages.empty() ||
        s.stages[static_cast<std::size_t>(m_stage)].kind != StageKind::Transform) {
        return;
    }
    const int at = m_stage;
    const std::string id = s.stages[static_cast<std::size_t>(at)].id;
    if (edit(tr("remove '%1'").arg(q(id)), [at, id](Scenario& sc) {
            sc.stages.erase(sc.stages.begin() + at);
            std::erase_if(sc.faults, [&](const Fault& f) { return f.stage == id; });
        })) {
        setSelectedStage(at - 1);
    }
}

void StageInspector::moveStage(int delta)
{
    const Scenario& s = m_editor->scenario();
    const int n = static_cast<int>(s.stages.size());
    const int from = m_stage;
    const int to = from + delta;
    if (s.stages.empty() || s.stages[static_cast<std::size_t>(from)].kind != StageKind::Transform ||
        to < 1 || to > n - 2) {
        return;
    }
    if (edit(tr("move '%1'").arg(q(s.stages[static_cast<std::size_t>(from)].id)),
             [from, to](Scenario& sc) {
                 std::swap(sc.stages[static_cast<std::size_t>(from)],
                           sc.stages[static_cast<std::size_t>(to)]);
             })) {
        setSelectedStage(to);
    }
}

}  // namespace bplab::ui
