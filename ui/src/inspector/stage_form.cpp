#include "stage_form.h"

#include "buffer_rows.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/wheel_guard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSlider>

#include <algorithm>
#include <limits>
#include <optional>

namespace bplab::ui {

using inspector::kMaxReal;
using inspector::kMaxSafeInteger;
using inspector::q;
using inspector::toInt;

namespace {

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

}  // namespace

StageForm::StageForm(InspectorContext context, QWidget* parent)
    : QGroupBox(parent), m_context(std::move(context))
{
    m_form = new QFormLayout(this);
}

void StageForm::showStage(int stage, bool rebuildRows)
{
    m_stage = stage;
    const Scenario& s = m_context.editor->scenario();
    const bool sameForm = m_formStage == m_stage && !s.stages.empty() &&
                          m_formStageCount == s.stages.size() &&
                          s.stages[static_cast<std::size_t>(m_stage)].kind == m_formKind;
    if (sameForm && !rebuildRows) {
        refreshValues();
    } else {
        rebuild();
    }
}

ParamControl* StageForm::param(const QString& key) const
{
    auto it = m_params.find(key);
    return it == m_params.end() ? nullptr : it->second;
}

QString StageForm::stageId(int stage) const
{
    return q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id);
}

ParamControl* StageForm::addParam(const QString& key, const QString& label,
                                  const ParamControl::Range& range,
                                  const std::function<void(Stage&, double)>& set)
{
    auto* control = new ParamControl(range, this);
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
            const QString id =
                q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id);
            m_context.edit(
                tr("%1 of '%2'").arg(label, id),
                [set, stage, v](Scenario& s) { set(s.stages[static_cast<std::size_t>(stage)], v); },
                drag > 0 ? QStringLiteral("%1/%2#%3").arg(stage).arg(key).arg(drag) : QString());
        });
    return control;
}

void StageForm::addHighWaterMark(const QString& key, const QString& label, bool readableSide)
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    row->setToolTip(
        tr("push()/write() return false once the buffer holds this much; changing it restarts the "
           "run"));
    auto* useDefault = new QCheckBox(tr("default"), row);
    useDefault->setToolTip(tr("Use the Node profile's default for this side's mode"));
    const Stage& st = m_context.editor->scenario().stages[static_cast<std::size_t>(m_stage)];
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
            const QString id =
                q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id);
            m_context.edit(
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
                    q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id);
                const std::int64_t v = toInt(control->value());
                m_context.edit(tr("%1 of '%2'").arg(label, id),
                               [stage, readableSide, on, v](Scenario& s) {
                                   setHwm(s.stages[static_cast<std::size_t>(stage)], readableSide,
                                          on ? std::nullopt : std::optional<std::int64_t>(v));
                               },
                               {});
            });
}

void StageForm::rebuild()
{
    const bool wasRefreshing = m_refreshing;
    m_refreshing = true;
    while (m_form->rowCount() > 0) {
        m_form->removeRow(0);
    }
    m_params.clear();
    m_defaultHwm.clear();
    delete m_bufferRows;
    m_bufferRows = nullptr;
    m_id = nullptr;
    m_mode = nullptr;
    m_objectMode = m_objectModeReadable = m_objectModeWritable = nullptr;
    m_text = nullptr;
    m_textInfo = nullptr;
    m_decode = nullptr;
    m_hasFlush = nullptr;
    const Scenario& s = m_context.editor->scenario();
    m_formStage = m_stage;
    m_formStageCount = s.stages.size();
    if (s.stages.empty()) {
        setTitle(tr("Stage"));
        m_refreshing = wasRefreshing;
        return;
    }
    const Stage& st = s.stages[static_cast<std::size_t>(m_stage)];
    m_formKind = st.kind;
    const int stage = m_stage;

    m_id = new QLineEdit(this);
    m_id->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9_-]{1,32}")), m_id));
    m_id->setToolTip(tr("Name in traces and charts: letters, digits, '_' and '-', up to 32"));
    connect(m_id, &QLineEdit::editingFinished, this, [this, stage] {
        if (m_refreshing || m_id == nullptr) {
            return;
        }
        const std::string id = m_id->text().toStdString();
        const std::string old =
            m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id;
        if (id == old) {
            return;
        }
        m_context.edit(tr("rename '%1' to '%2'").arg(q(old), q(id)),
                       [stage, id, old](Scenario& sc) {
                           sc.stages[static_cast<std::size_t>(stage)].id = id;
                           for (Fault& f : sc.faults) {
                               if (f.stage == old) {
                                   f.stage = id;
                               }
                           }
                       },
                       {});
    });
    m_form->addRow(tr("id"), m_id);
    m_form->addRow(tr("kind"), new QLabel(QString::fromLatin1(toString(st.kind)), this));

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
                 bytesRange(1.0, readableObjectMode(st)), [](Stage& sg, double v) {
                     sg.chunkBytes = toInt(v);
                     if (sg.text) {  // a text source's chunks follow its chunk_bytes
                         sg.chunks = textChunkCount(static_cast<std::int64_t>(sg.text->size()),
                                                    sg.chunkBytes);
                     }
                 });
        m_getters[QStringLiteral("chunk_bytes")] = [](const Stage& sg) {
            return static_cast<double>(sg.chunkBytes);
        };
        addParam(QStringLiteral("interval_ms"), tr("interval_ms"),
                 msRange(st.mode == SourceMode::Push ? 1.0 : 0.0), intSetter(&Stage::intervalMs));
        m_getters[QStringLiteral("interval_ms")] = [](const Stage& sg) {
            return static_cast<double>(sg.intervalMs);
        };
        m_mode = new QComboBox(this);
        guardWheel(m_mode);
        m_mode->addItem(tr("pull (respects backpressure)"), static_cast<int>(SourceMode::Pull));
        m_mode->addItem(tr("push (ignores push()'s return)"), static_cast<int>(SourceMode::Push));
        connect(m_mode, &QComboBox::activated, this, [this, stage](int index) {
            const auto mode = static_cast<SourceMode>(m_mode->itemData(index).toInt());
            m_context.edit(
                tr("mode of '%1'")
                    .arg(
                        q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id)),
                [stage, mode](Scenario& sc) {
                    Stage& sg = sc.stages[static_cast<std::size_t>(stage)];
                    sg.mode = mode;
                    if (mode == SourceMode::Push) {
                        sg.intervalMs =
                            std::max<std::int64_t>(1, sg.intervalMs);  // push mode needs >= 1
                    }
                },
                {});
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
        auto* box = new QCheckBox(text, this);
        box->setToolTip(tr("Count objects (1 each) instead of bytes"));
        connect(box, &QCheckBox::toggled, this, [this, stage, readableSide](bool on) {
            if (m_refreshing) {
                return;
            }
            m_context.edit(
                tr("objectMode of '%1'")
                    .arg(
                        q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id)),
                [stage, readableSide, on](Scenario& sc) {
                    setObjectMode(sc.stages[static_cast<std::size_t>(stage)], readableSide, on);
                },
                {});
        });
        return box;
    };
    if (st.kind == StageKind::Transform) {
        auto* row = new QWidget(this);
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
    addFormatTwoRows(st);
    m_bufferRows = new BufferRows(m_context, m_form, stage, st, this);
    refreshValues();
    m_refreshing = wasRefreshing;
    m_context.relayout();
}

void StageForm::refreshValues()
{
    const Scenario& s = m_context.editor->scenario();
    if (s.stages.empty() || m_id == nullptr) {
        return;
    }
    const bool wasRefreshing = m_refreshing;
    m_refreshing = true;
    const Stage& st = s.stages[static_cast<std::size_t>(m_stage)];
    setTitle(tr("Stage '%1'").arg(q(st.id)));
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
    if (m_bufferRows != nullptr) {
        m_bufferRows->refresh(st);
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
    refreshFormatTwoValues(st);
    m_refreshing = wasRefreshing;
}

}  // namespace bplab::ui
