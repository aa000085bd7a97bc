// The stage form's rows for the keys of bplab-scenario/2 (scenario-v2
// sections 3 and 4): a readable's text, a writable's decode, a transform's
// flush. Every change is one edit through the InspectorContext, so a
// running run follows the inspector's usual rule (these are not timing
// edits: the run restarts from t = 0), and validation refuses what the
// loader refuses, naming the key.

#include "stage_form.h"

#include "bplab_ui/inspector/scenario_editor.h"
#include "bplab_ui/inspector/wheel_guard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

namespace bplab::ui {

using inspector::kMaxSafeInteger;
using inspector::q;
using inspector::toInt;

namespace {

bool readableSideInObjectMode(const Stage& s)
{
    return s.objectMode.split ? s.objectMode.readable
                              : (s.objectMode.readable || s.objectMode.writable);
}

ParamControl::Range flushMsRange()
{
    return {0.0, kMaxSafeInteger, 0, QStringLiteral("ms"), true, 60'000.0};
}
ParamControl::Range flushChunksRange()
{
    return {0.0, kMaxSafeInteger, 0, QStringLiteral("chunks"), true, 1000.0};
}
ParamControl::Range flushBytesRange(bool objectMode)
{
    return {1.0,  kMaxSafeInteger,
            0,    objectMode ? QStringLiteral("bytes (nominal)") : QStringLiteral("bytes"),
            true, 64.0 * 1024 * 1024};
}

QString textInfo(const Stage& st)
{
    if (!st.text) {
        return QObject::tr(
            "No text: the source's chunks are sizes. Type text and Apply to send "
            "its UTF-8 through the pipeline.");
    }
    const auto bytes = static_cast<std::int64_t>(st.text->size());
    return QObject::tr("%1 characters, %2 bytes of UTF-8, %3 chunks of %4 bytes")
        .arg(QString::fromStdString(*st.text).size())
        .arg(bytes)
        .arg(textChunkCount(bytes, st.chunkBytes))
        .arg(st.chunkBytes);
}

}  // namespace

void StageForm::addFormatTwoRows(const Stage& st)
{
    const int stage = m_stage;
    const auto stageName = [this, stage] {
        return q(m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].id);
    };

    if (st.kind == StageKind::Readable) {
        auto* box = new QWidget(this);
        auto* column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        m_text = new QPlainTextEdit(box);
        m_text->setObjectName(QStringLiteral("text"));
        m_text->setToolTip(
            tr("The source's payload: this text's UTF-8, cut into chunks of "
               "chunk_bytes (1 to 65,536 bytes). Apply restarts the run."));
        m_text->setPlaceholderText(tr("Text the source sends (UTF-8)"));
        m_text->setTabChangesFocus(true);
        const int lineHeight = m_text->fontMetrics().lineSpacing();
        m_text->setFixedHeight(lineHeight * 4 + 12);
        m_textInfo = new QLabel(box);
        m_textInfo->setWordWrap(true);
        auto* buttons = new QHBoxLayout;
        auto* apply = new QPushButton(tr("Apply text"), box);
        apply->setObjectName(QStringLiteral("applyText"));
        auto* remove = new QPushButton(tr("No text"), box);
        remove->setObjectName(QStringLiteral("removeText"));
        remove->setToolTip(tr("Chunks are sizes again; the writable stops decoding"));
        buttons->addWidget(apply);
        buttons->addWidget(remove);
        buttons->addStretch(1);
        column->addWidget(m_text);
        column->addWidget(m_textInfo);
        column->addLayout(buttons);
        m_form->addRow(tr("text"), box);
        connect(apply, &QPushButton::clicked, this, [this] { applyText(false); });
        connect(remove, &QPushButton::clicked, this, [this] { applyText(true); });
    }

    if (st.kind == StageKind::Writable) {
        m_decode = new QComboBox(this);
        m_decode->setObjectName(QStringLiteral("decode"));
        guardWheel(m_decode);
        m_decode->addItem(tr("none"), static_cast<int>(Decode::None));
        m_decode->addItem(tr("per-chunk: chunk.toString('utf8')"),
                          static_cast<int>(Decode::PerChunk));
        m_decode->addItem(tr("string_decoder: one StringDecoder"),
                          static_cast<int>(Decode::StringDecoder));
        m_decode->setToolTip(tr("How _write() decodes the text it receives (a text source only)"));
        connect(m_decode, &QComboBox::activated, this, [this, stage, stageName](int index) {
            if (m_refreshing) {
                return;
            }
            const auto decode = static_cast<Decode>(m_decode->itemData(index).toInt());
            m_context.edit(tr("decode of '%1'").arg(stageName()),
                           [stage, decode](Scenario& sc) {
                               sc.stages[static_cast<std::size_t>(stage)].decode = decode;
                           },
                           {});
        });
        m_form->addRow(tr("decode"), m_decode);
    }

    if (st.kind == StageKind::Transform) {
        auto* row = new QWidget(this);
        auto* layout = new QHBoxLayout(row);
        layout->setContentsMargins(0, 0, 0, 0);
        m_hasFlush = new QCheckBox(tr("_flush"), row);
        m_hasFlush->setObjectName(QStringLiteral("hasFlush"));
        m_hasFlush->setToolTip(
            tr("A _flush(cb) that Node calls once the writable side has ended: it takes "
               "flush_ms, then pushes flush_chunks chunks of flush_bytes"));
        auto* flushMs = new ParamControl(flushMsRange(), row);
        flushMs->setObjectName(QStringLiteral("param.flush_ms"));
        flushMs->setToolTip(tr("Time _flush() takes before it pushes (virtual ms)"));
        layout->addWidget(m_hasFlush);
        layout->addWidget(flushMs, 1);
        m_form->addRow(tr("flush_ms"), row);
        m_params[QStringLiteral("flush_ms")] = flushMs;
        m_getters[QStringLiteral("flush_ms")] = [](const Stage& sg) {
            return static_cast<double>(sg.flushMs.value_or(0));
        };
        connect(flushMs, &ParamControl::edited, this, [this, stage, stageName](double v, int drag) {
            if (m_refreshing) {
                return;
            }
            m_context.edit(
                tr("flush_ms of '%1'").arg(stageName()),
                [stage, v](Scenario& sc) {
                    sc.stages[static_cast<std::size_t>(stage)].flushMs = toInt(v);
                },
                drag > 0 ? QStringLiteral("%1/flush_ms#%2").arg(stage).arg(drag) : QString());
        });
        connect(m_hasFlush, &QCheckBox::toggled, this, [this, stage, stageName, flushMs](bool on) {
            if (m_refreshing) {
                return;
            }
            const std::int64_t ms = toInt(flushMs->value());
            m_context.edit(tr("_flush of '%1'").arg(stageName()),
                           [stage, on, ms](Scenario& sc) {
                               Stage& sg = sc.stages[static_cast<std::size_t>(stage)];
                               const Stage defaults;
                               sg.flushMs = on ? std::optional<std::int64_t>(ms) : std::nullopt;
                               if (!on) {  // flush_chunks / flush_bytes need flush_ms
                                   sg.flushChunks = defaults.flushChunks;
                                   sg.flushBytes = defaults.flushBytes;
                               }
                           },
                           {});
        });
        ParamControl* chunks =
            addParam(QStringLiteral("flush_chunks"), tr("flush_chunks"), flushChunksRange(),
                     [](Stage& sg, double v) { sg.flushChunks = toInt(v); });
        chunks->setToolTip(tr("Chunks _flush() pushes before it calls back"));
        m_getters[QStringLiteral("flush_chunks")] = [](const Stage& sg) {
            return static_cast<double>(sg.flushChunks);
        };
        ParamControl* bytes = addParam(QStringLiteral("flush_bytes"), tr("flush_bytes"),
                                       flushBytesRange(readableSideInObjectMode(st)),
                                       [](Stage& sg, double v) { sg.flushBytes = toInt(v); });
        bytes->setToolTip(
            tr("Size of each chunk _flush() pushes (an object's nominal size in "
               "objectMode)"));
        m_getters[QStringLiteral("flush_bytes")] = [](const Stage& sg) {
            return static_cast<double>(sg.flushBytes);
        };
    }
}

void StageForm::refreshFormatTwoValues(const Stage& st)
{
    if (m_text != nullptr) {
        const QString text = st.text ? QString::fromStdString(*st.text) : QString();
        if (!m_text->hasFocus() && m_text->toPlainText() != text) {
            m_text->setPlainText(text);
        }
        m_textInfo->setText(textInfo(st));
        if (ParamControl* chunks = param(QStringLiteral("chunks"))) {
            chunks->setEnabled(!st.text);
            chunks->setToolTip(st.text ? tr("Derived from the text: ceil(bytes / chunk_bytes)")
                                       : tr("How many chunks the source produces before EOF"));
        }
    }
    if (m_decode != nullptr) {
        m_decode->setCurrentIndex(m_decode->findData(static_cast<int>(st.decode)));
    }
    if (m_hasFlush != nullptr) {
        m_hasFlush->setChecked(st.flushMs.has_value());
        for (const char* key : {"flush_ms", "flush_chunks", "flush_bytes"}) {
            if (ParamControl* c = param(QString::fromLatin1(key))) {
                c->setEnabled(st.flushMs.has_value());
            }
        }
        if (ParamControl* bytes = param(QStringLiteral("flush_bytes"))) {
            bytes->setRange(flushBytesRange(readableSideInObjectMode(st)));
            bytes->setValue(static_cast<double>(st.flushBytes));
        }
    }
}

void StageForm::applyText(bool remove)
{
    if (m_text == nullptr || m_refreshing) {
        return;
    }
    const int stage = m_stage;
    const std::string text = m_text->toPlainText().toStdString();
    const QString id = stageId(stage);
    m_context.edit(remove ? tr("no text for '%1'").arg(id) : tr("text of '%1'").arg(id),
                   [stage, text, remove](Scenario& sc) {
                       Stage& sg = sc.stages[static_cast<std::size_t>(stage)];
                       if (remove) {
                           sg.text.reset();
                           // Nothing to decode without text.
                           for (Stage& other : sc.stages) {
                               other.decode = Decode::None;
                           }
                           return;
                       }
                       sg.text = text;
                       sg.chunks =
                           textChunkCount(static_cast<std::int64_t>(text.size()), sg.chunkBytes);
                   },
                   {});
    if (ParamControl* c = param(QStringLiteral("chunks"))) {
        c->setValue(static_cast<double>(
            m_context.editor->scenario().stages[static_cast<std::size_t>(stage)].chunks));
    }
}

}  // namespace bplab::ui
