#include "bplab_ui/state_inspector/state_inspector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QStringList>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

#include "bplab_core/explain.h"

namespace bplab::ui {

namespace {

enum class Side { Readable, Writable, Stage, Decoder };

struct FieldInfo {
    Side side;
    const char* name;  // Node's name
    const char* tip;   // one line: what it means
    QString (*value)(const StageSnapshot&);
};

QString yes(bool b)
{
    return b ? QStringLiteral("true") : QStringLiteral("false");
}
QString num(std::int64_t v)
{
    return QString::fromStdString(formatCount(v));
}
QString rlen(const StageSnapshot& s, std::int64_t v)
{
    return num(v) + (s.readable.objectMode ? QStringLiteral(" objects") : QStringLiteral(" bytes"));
}
QString wlen(const StageSnapshot& s, std::int64_t v)
{
    return num(v) + (s.writable.objectMode ? QStringLiteral(" objects") : QStringLiteral(" bytes"));
}

// "E4 BD", or "none".
QString pendingHex(const StageSnapshot& s)
{
    QStringList bytes;
    for (int k = 0; k < s.decoderPendingCount; ++k) {
        bytes << QStringLiteral("%1")
                     .arg(s.decoderPending[static_cast<std::size_t>(k)], 2, 16, QLatin1Char('0'))
                     .toUpper();
    }
    return bytes.isEmpty() ? QStringLiteral("none") : bytes.join(QLatin1Char(' '));
}

// Captureless lambdas, one per field, in the order Node's state objects list them.
const std::array kFields = {
    FieldInfo{Side::Readable, "length",
              "What the readable buffer holds (readableLength): bytes, or objects in objectMode.",
              [](const StageSnapshot& s) { return rlen(s, s.readable.length); }},
    FieldInfo{Side::Readable, "highWaterMark", "push() returns false once length reaches this.",
              [](const StageSnapshot& s) { return rlen(s, s.readable.highWaterMark); }},
    FieldInfo{Side::Readable, "objectMode", "Counts objects (1 each) instead of bytes.",
              [](const StageSnapshot& s) { return yes(s.readable.objectMode); }},
    FieldInfo{Side::Readable, "flowing",
              "null: never set; true: 'data' flows on its own; false: explicitly paused.",
              [](const StageSnapshot& s) {
                  return s.readable.flowing < 0 ? QStringLiteral("null")
                                                : yes(s.readable.flowing > 0);
              }},
    FieldInfo{Side::Readable, "ended", "push(null) was called: no more data will be added (EOF).",
              [](const StageSnapshot& s) { return yes(s.readable.ended); }},
    FieldInfo{Side::Readable, "endEmitted", "'end' was emitted: everything was read.",
              [](const StageSnapshot& s) { return yes(s.readable.endEmitted); }},
    FieldInfo{Side::Readable, "reading",
              "_read() was called and has not pushed yet; no new _read() until it does.",
              [](const StageSnapshot& s) { return yes(s.readable.reading); }},
    FieldInfo{Side::Readable, "sync",
              "Inside a _read() called by read(): a push now is buffered, 'readable' waits a tick.",
              [](const StageSnapshot& s) { return yes(s.readable.sync); }},
    FieldInfo{Side::Readable, "needReadable", "A consumer waits: the next push emits 'readable'.",
              [](const StageSnapshot& s) { return yes(s.readable.needReadable); }},
    FieldInfo{Side::Readable, "emittedReadable",
              "A 'readable' event is scheduled or was not yet consumed.",
              [](const StageSnapshot& s) { return yes(s.readable.emittedReadable); }},
    FieldInfo{Side::Readable, "readableListening",
              "A 'readable' listener is attached (paused mode).",
              [](const StageSnapshot& s) { return yes(s.readable.readableListening); }},
    FieldInfo{Side::Readable, "resumeScheduled",
              "resume() was called; 'resume' and the flow start in the next tick.",
              [](const StageSnapshot& s) { return yes(s.readable.resumeScheduled); }},
    FieldInfo{Side::Readable, "paused", "pause() was called and no resume() since.",
              [](const StageSnapshot& s) { return yes(s.readable.paused); }},
    FieldInfo{Side::Readable, "dataEmitted", "At least one 'data' event was emitted.",
              [](const StageSnapshot& s) { return yes(s.readable.dataEmitted); }},
    FieldInfo{Side::Readable, "readingMore",
              "A maybeReadMore tick is pending: it refills the buffer up to highWaterMark.",
              [](const StageSnapshot& s) { return yes(s.readable.readingMore); }},
    FieldInfo{Side::Readable, "pipes", "How many destinations pipe() attached.",
              [](const StageSnapshot& s) { return num(s.readable.pipesCount); }},
    FieldInfo{Side::Readable, "awaitDrainWriters",
              "Destinations whose write() returned false: the source waits for their 'drain'.",
              [](const StageSnapshot& s) { return num(s.readable.awaitDrainWriters); }},
    FieldInfo{Side::Readable, "buffer (chunks)", "Chunks waiting in the readable buffer.",
              [](const StageSnapshot& s) { return num(s.readable.bufferedChunks); }},
    FieldInfo{Side::Readable, "buffer (bytes)",
              "Payload bytes in the readable buffer (nominal size in objectMode).",
              [](const StageSnapshot& s) {
                  return num(s.readable.bufferedBytes) + QStringLiteral(" bytes");
              }},
    FieldInfo{Side::Readable, "destroyed",
              "destroy() was called: nothing more is read or emitted but 'error'/'close'.",
              [](const StageSnapshot& s) { return yes(s.readable.destroyed); }},
    FieldInfo{Side::Readable, "errored", "The stream failed with an error.",
              [](const StageSnapshot& s) { return yes(s.readable.errored); }},
    FieldInfo{Side::Readable, "closed", "Its destroy completed (_destroy called back).",
              [](const StageSnapshot& s) { return yes(s.readable.closed); }},
    FieldInfo{Side::Readable, "closeEmitted", "'close' was emitted.",
              [](const StageSnapshot& s) { return yes(s.readable.closeEmitted); }},
    FieldInfo{Side::Readable, "errorEmitted", "'error' was emitted (at most once per stream).",
              [](const StageSnapshot& s) { return yes(s.readable.errorEmitted); }},

    FieldInfo{Side::Writable, "length",
              "What write() accepted and is not done yet (writableLength), the chunk in _write() "
              "included.",
              [](const StageSnapshot& s) { return wlen(s, s.writable.length); }},
    FieldInfo{Side::Writable, "highWaterMark", "write() returns false once length reaches this.",
              [](const StageSnapshot& s) { return wlen(s, s.writable.highWaterMark); }},
    FieldInfo{Side::Writable, "objectMode", "Counts objects (1 each) instead of bytes.",
              [](const StageSnapshot& s) { return yes(s.writable.objectMode); }},
    FieldInfo{Side::Writable, "needDrain",
              "write() returned false: 'drain' is emitted once length is back to 0.",
              [](const StageSnapshot& s) { return yes(s.writable.needDrain); }},
    FieldInfo{Side::Writable, "writing",
              "A chunk is in _write() (or _transform()) and has not called back.",
              [](const StageSnapshot& s) { return yes(s.writable.writing); }},
    FieldInfo{Side::Writable, "sync", "Inside _write(): a callback now is deferred to a tick.",
              [](const StageSnapshot& s) { return yes(s.writable.sync); }},
    FieldInfo{Side::Writable, "buffered", "Chunks waiting behind the one being written.",
              [](const StageSnapshot& s) { return num(s.writable.bufferedCount); }},
    FieldInfo{Side::Writable, "length (bytes)",
              "Payload bytes counted in length, the chunk in _write() included (nominal size in "
              "objectMode).",
              [](const StageSnapshot& s) {
                  return num(s.writable.bufferedBytes) + QStringLiteral(" bytes");
              }},
    FieldInfo{Side::Writable, "pendingcb",
              "Callbacks not called yet, plus holds of the finish logic; 'finish' waits for 0.",
              [](const StageSnapshot& s) { return num(s.writable.pendingcb); }},
    FieldInfo{Side::Writable, "corked", "cork() holds writes in the buffer until uncork().",
              [](const StageSnapshot& s) { return yes(s.writable.corked); }},
    FieldInfo{Side::Writable, "ending", "end() was called: no more writes accepted.",
              [](const StageSnapshot& s) { return yes(s.writable.ending); }},
    FieldInfo{Side::Writable, "ended", "end() has returned.",
              [](const StageSnapshot& s) { return yes(s.writable.ended); }},
    FieldInfo{Side::Writable, "finalCalled", "_final() was called (a Transform pushes null there).",
              [](const StageSnapshot& s) { return yes(s.writable.finalCalled); }},
    FieldInfo{Side::Writable, "prefinished",
              "'prefinish' was emitted: everything written, 'finish' comes next.",
              [](const StageSnapshot& s) { return yes(s.writable.prefinished); }},
    FieldInfo{Side::Writable, "finished", "'finish' was emitted.",
              [](const StageSnapshot& s) { return yes(s.writable.finished); }},
    FieldInfo{Side::Writable, "destroyed", "destroy() was called: writes now fail.",
              [](const StageSnapshot& s) { return yes(s.writable.destroyed); }},
    FieldInfo{Side::Writable, "errored", "The stream failed with an error.",
              [](const StageSnapshot& s) { return yes(s.writable.errored); }},
    FieldInfo{Side::Writable, "closed", "Its destroy completed (_destroy called back).",
              [](const StageSnapshot& s) { return yes(s.writable.closed); }},
    FieldInfo{Side::Writable, "closeEmitted", "'close' was emitted.",
              [](const StageSnapshot& s) { return yes(s.writable.closeEmitted); }},
    FieldInfo{Side::Writable, "errorEmitted", "'error' was emitted (at most once per stream).",
              [](const StageSnapshot& s) { return yes(s.writable.errorEmitted); }},

    FieldInfo{Side::Stage, "processing", "Inside _write()/_transform(), or its timer is pending.",
              [](const StageSnapshot& s) { return yes(s.processing); }},
    FieldInfo{
        Side::Stage, "processing (bytes)", "Size of the chunk being processed.",
        [](const StageSnapshot& s) { return num(s.processingBytes) + QStringLiteral(" bytes"); }},
    FieldInfo{Side::Stage, "callbackHeld",
              "A Transform holds its write callback (kCallback): its readable side is full.",
              [](const StageSnapshot& s) { return yes(s.callbackHeld); }},
    FieldInfo{Side::Stage, "pushed", "Chunks and bytes pushed since t = 0.",
              [](const StageSnapshot& s) {
                  return QStringLiteral("%1 (%2 bytes)")
                      .arg(num(s.pushedChunks), num(s.pushedBytes));
              }},
    FieldInfo{
        Side::Stage, "written", "Chunks and bytes written to it since t = 0.",
        [](const StageSnapshot& s) {
            return QStringLiteral("%1 (%2 bytes)").arg(num(s.writtenChunks), num(s.writtenBytes));
        }},
    FieldInfo{Side::Stage, "processed", "Chunks and bytes it finished processing since t = 0.",
              [](const StageSnapshot& s) {
                  return QStringLiteral("%1 (%2 bytes)")
                      .arg(num(s.processedChunks), num(s.processedBytes));
              }},
    FieldInfo{
        Side::Stage, "memory: external",
        "Buffers it holds now (byte-mode sides), outside the V8 heap.",
        [](const StageSnapshot& s) { return num(s.externalBytes) + QStringLiteral(" bytes"); }},
    FieldInfo{Side::Stage, "memory: heap",
              "Objects it holds now (objectMode sides): nominal size plus overhead.",
              [](const StageSnapshot& s) { return num(s.heapBytes) + QStringLiteral(" bytes"); }},

    FieldInfo{Side::Decoder, "pending",
              "Bytes the StringDecoder holds, in hex: the start of a character the chunk "
              "boundary cut, returned whole by the next write().",
              [](const StageSnapshot& s) { return pendingHex(s); }},
    FieldInfo{Side::Decoder, "pending (bytes)", "How many bytes the StringDecoder holds.",
              [](const StageSnapshot& s) {
                  return num(s.decoderPendingCount) + QStringLiteral(" bytes");
              }},
};

QString qualifiedName(const FieldInfo& f)
{
    const char* side = f.side == Side::Readable   ? "readable."
                       : f.side == Side::Writable ? "writable."
                       : f.side == Side::Decoder  ? "decoder."
                                                  : "stage.";
    return QString::fromLatin1(side) + QString::fromLatin1(f.name);
}

bool sidePresent(const Stage& stage, Side side)
{
    switch (side) {
        case Side::Readable:
            return stage.kind != StageKind::Writable;
        case Side::Writable:
            return stage.kind != StageKind::Readable;
        case Side::Stage:
            return true;
        case Side::Decoder:
            return stage.kind == StageKind::Writable && stage.decode == Decode::StringDecoder;
    }
    return true;
}

}  // namespace

StateInspector::StateInspector(QWidget* parent) : QWidget(parent)
{
    m_selector = new QComboBox(this);
    m_selector->setToolTip(tr("The stage whose state is shown"));
    connect(m_selector, &QComboBox::activated, this, [this](int index) {
        setStage(index);
        Q_EMIT stageChanged(index);
    });
    m_caption = new QLabel(this);
    m_table = new QTableWidget(this);
    m_table->setColumnCount(2);
    m_table->setHorizontalHeaderLabels({tr("field"), tr("value")});
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 4);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->setShowGrid(false);
    m_table->setColumnWidth(
        0, m_table->fontMetrics().horizontalAdvance(QStringLiteral("readableListening ")) + 16);

    auto* top = new QHBoxLayout;
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(m_selector, 1);
    top->addWidget(m_caption);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    m_clock.start();
    m_fade.setInterval(50);
    connect(&m_fade, &QTimer::timeout, this, &StateInspector::refreshHighlights);
}

void StateInspector::setScenario(const Scenario& scenario)
{
    m_scenario = scenario;
    m_selector->clear();
    for (const Stage& s : scenario.stages) {
        m_selector->addItem(
            QStringLiteral("'%1' (%2)")
                .arg(QString::fromStdString(s.id), QString::fromLatin1(toString(s.kind))));
    }
    m_stage = std::clamp(m_stage, 0, std::max(0, static_cast<int>(scenario.stages.size()) - 1));
    m_selector->setCurrentIndex(m_stage);
    rebuild();
}

void StateInspector::setStage(int stageIndex)
{
    if (stageIndex < 0 || static_cast<std::size_t>(stageIndex) >= m_scenario.stages.size()) {
        return;
    }
    m_stage = stageIndex;
    m_selector->setCurrentIndex(stageIndex);
    rebuild();
}

void StateInspector::rebuild()
{
    m_rows.clear();
    m_tableRowOfField.assign(kFields.size(), -1);
    m_haveValues = false;
    m_table->setRowCount(0);
    if (m_scenario.stages.empty()) {
        return;
    }
    const Stage& stage = m_scenario.stages[static_cast<std::size_t>(m_stage)];
    int row = 0;
    const std::array<std::pair<Side, QString>, 4> sections = {{
        {Side::Readable, tr("Readable side (ReadableState)")},
        {Side::Writable, tr("Writable side (WritableState)")},
        {Side::Decoder, tr("StringDecoder (decode: string_decoder)")},
        {Side::Stage, tr("Stage")},
    }};
    for (const auto& [side, title] : sections) {
        if (!sidePresent(stage, side)) {
            continue;
        }
        m_table->insertRow(row);
        auto* heading = new QTableWidgetItem(title);
        QFont bold = heading->font();
        bold.setBold(true);
        heading->setFont(bold);
        m_table->setItem(row, 0, heading);
        m_table->setSpan(row, 0, 1, 2);
        ++row;
        for (std::size_t f = 0; f < kFields.size(); ++f) {
            if (kFields[f].side != side) {
                continue;
            }
            m_table->insertRow(row);
            auto* name = new QTableWidgetItem(QString::fromLatin1(kFields[f].name));
            name->setToolTip(QString::fromLatin1(kFields[f].tip));
            auto* value = new QTableWidgetItem;
            value->setToolTip(QString::fromLatin1(kFields[f].tip));
            m_table->setItem(row, 0, name);
            m_table->setItem(row, 1, value);
            m_tableRowOfField[f] = row;
            m_rows.push_back(Row{static_cast<int>(f), QString(), -1});
            ++row;
        }
    }
}

void StateInspector::setState(const std::vector<StageSnapshot>& stages, const QString& caption)
{
    m_caption->setText(caption);
    if (m_scenario.stages.empty() || static_cast<std::size_t>(m_stage) >= stages.size()) {
        return;
    }
    const StageSnapshot& s = stages[static_cast<std::size_t>(m_stage)];
    const qint64 now = m_clock.elapsed();
    bool anyChange = false;
    for (Row& r : m_rows) {
        const auto f = static_cast<std::size_t>(r.field);
        QString value = kFields[f].value(s);
        if (value == r.value) {
            continue;
        }
        // The first values after a stage is chosen are not changes.
        if (m_haveValues) {
            r.changedAtMs = now;
            anyChange = true;
        }
        r.value = value;
        m_table->item(m_tableRowOfField[f], 1)->setText(value);
    }
    m_haveValues = true;
    if (anyChange) {
        refreshHighlights();
        m_fade.start();
    }
}

void StateInspector::refreshHighlights()
{
    const qint64 now = m_clock.elapsed();
    bool fading = false;
    for (Row& r : m_rows) {
        if (r.changedAtMs < 0) {
            continue;
        }
        const qint64 age = now - r.changedAtMs;
        const int row = m_tableRowOfField[static_cast<std::size_t>(r.field)];
        if (age >= kHighlightMs) {
            r.changedAtMs = -1;
            m_table->item(row, 0)->setBackground(QBrush());
            m_table->item(row, 1)->setBackground(QBrush());
            continue;
        }
        fading = true;
        const double left = 1.0 - static_cast<double>(age) / kHighlightMs;
        const QColor colour(255, 200, 40, static_cast<int>(40 + 180 * left));
        m_table->item(row, 0)->setBackground(colour);
        m_table->item(row, 1)->setBackground(colour);
    }
    if (!fading) {
        m_fade.stop();
    }
}

int StateInspector::rowOf(const QString& field) const
{
    for (const Row& r : m_rows) {
        if (qualifiedName(kFields[static_cast<std::size_t>(r.field)]) == field) {
            return static_cast<int>(&r - m_rows.data());
        }
    }
    return -1;
}

QString StateInspector::valueOf(const QString& field) const
{
    const int i = rowOf(field);
    return i < 0 ? QString() : m_rows[static_cast<std::size_t>(i)].value;
}

bool StateInspector::isHighlighted(const QString& field) const
{
    const int i = rowOf(field);
    return i >= 0 && m_rows[static_cast<std::size_t>(i)].changedAtMs >= 0;
}

QString StateInspector::toolTipOf(const QString& field) const
{
    const int i = rowOf(field);
    return i < 0 ? QString()
                 : QString::fromLatin1(
                       kFields[static_cast<std::size_t>(m_rows[static_cast<std::size_t>(i)].field)]
                           .tip);
}

}  // namespace bplab::ui
