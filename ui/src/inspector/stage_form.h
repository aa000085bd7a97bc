#pragma once

#include "inspector_form.h"

#include <QGroupBox>

#include <functional>
#include <map>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace bplab::ui {

class BufferRows;

// The inspector's form of the selected stage: its id, and every parameter
// its kind has (slider + spin box with units, the spec's limits as the
// widgets' limits), objectMode and highWaterMark per side. GUI thread.
class StageForm final : public QGroupBox {
    Q_OBJECT
public:
    StageForm(InspectorContext context, QWidget* parent);

    // Shows stage `stage` of the editor's scenario. The rows are built again
    // when `rebuild` is set or the stage, its kind or the stage count
    // changed; else only the values are brought up to date (a slider being
    // dragged keeps its place).
    void showStage(int stage, bool rebuild);

    // The control of a parameter by its scenario key ("delay_ms",
    // "highWaterMark.readable", "flush_ms", ...), or nullptr.
    [[nodiscard]] ParamControl* param(const QString& key) const;
    // The v2 widgets: the text box and its Apply / No text buttons are
    // children named "text", "applyText", "removeText"; the decode combo box
    // "decode"; the _flush box "hasFlush" (nullptr where the kind has none).
    [[nodiscard]] QPlainTextEdit* textBox() const { return m_text; }
    [[nodiscard]] QComboBox* decodeBox() const { return m_decode; }
    [[nodiscard]] QCheckBox* flushBox() const { return m_hasFlush; }

private:
    void rebuild();
    void refreshValues();
    ParamControl* addParam(const QString& key, const QString& label,
                           const ParamControl::Range& range,
                           const std::function<void(Stage&, double)>& set);
    void addHighWaterMark(const QString& key, const QString& label, bool readableSide);
    [[nodiscard]] QString stageId(int stage) const;
    // The keys of bplab-scenario/2 (stage_form_v2.cpp): a readable's text,
    // a writable's decode, a transform's flush_ms / flush_chunks /
    // flush_bytes. Added by rebuild(), brought up to date by refreshValues().
    void addFormatTwoRows(const Stage& stage);
    void refreshFormatTwoValues(const Stage& stage);
    void applyText(bool remove);

    InspectorContext m_context;
    int m_stage = 0;
    int m_formStage = -1;  // stage the rows were built for
    StageKind m_formKind = StageKind::Readable;
    std::size_t m_formStageCount = 0;
    bool m_refreshing = false;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_id = nullptr;
    QComboBox* m_mode = nullptr;
    QCheckBox* m_objectMode = nullptr;          // readable, writable, or transform (both sides)
    QCheckBox* m_objectModeReadable = nullptr;  // transform, per side
    QCheckBox* m_objectModeWritable = nullptr;
    QPlainTextEdit* m_text = nullptr;  // readable: the text box (scenario-v2 section 4)
    QLabel* m_textInfo = nullptr;      // its bytes and chunks
    QComboBox* m_decode = nullptr;     // writable: decode
    QCheckBox* m_hasFlush = nullptr;   // transform: a _flush (flush_ms present)
    std::map<QString, ParamControl*> m_params;
    std::map<QString, QCheckBox*> m_defaultHwm;  // "highWaterMark[.side]" -> "default" box
    std::map<QString, std::function<double(const Stage&)>> m_getters;
    BufferRows* m_bufferRows = nullptr;  // alloc / retain_bytes, a child of this form
};

}  // namespace bplab::ui
