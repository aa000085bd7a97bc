#include "bplab_ui/text/text_panel.h"

#include "bplab_ui/run/run.h"

#include <QBoxLayout>
#include <QFontMetrics>
#include <QLabel>
#include <QResizeEvent>
#include <QScrollBar>
#include <QStringList>
#include <QTextBrowser>
#include <QTextCharFormat>
#include <QTextCursor>

#include <algorithm>

namespace bplab::ui {

namespace {

constexpr char16_t kReplacement = u'\uFFFD';
// Between two chunks' text: a thin bar, grey.
const QString kBoundary = QStringLiteral("\u2502");
// Wide enough for two columns side by side (px).
constexpr int kSideBySideWidth = 560;

QString titleOf(Decode decode)
{
    switch (decode) {
        case Decode::PerChunk:
            return QObject::tr("Per chunk: chunk.toString('utf8')");
        case Decode::StringDecoder:
            return QObject::tr("StringDecoder: decoder.write(chunk)");
        case Decode::None:
            break;
    }
    return {};
}

QString hexOf(const StageSnapshot& snap)
{
    QStringList bytes;
    for (int k = 0; k < snap.decoderPendingCount; ++k) {
        bytes << QStringLiteral("%1")
                     .arg(snap.decoderPending[static_cast<std::size_t>(k)], 2, 16, QLatin1Char('0'))
                     .toUpper();
    }
    return bytes.join(QLatin1Char(' '));
}

}  // namespace

struct TextPanel::Column {
    Run* run = nullptr;
    QString caption;
    DecodedText model;
    QWidget* box = nullptr;
    QLabel* title = nullptr;
    QTextBrowser* view = nullptr;
    QLabel* status = nullptr;
    std::size_t renderedPieces = 0;
    std::int64_t lastRenderedLine = -1;
    int boundaries = 0;
};

TextPanel::TextPanel(Run* run, QWidget* parent) : QWidget(parent), m_run(run)
{
    setObjectName(QStringLiteral("textPanel"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    m_empty = new QLabel(emptyText(), this);
    m_empty->setWordWrap(true);
    outer->addWidget(m_empty);
    m_layout = new QBoxLayout(QBoxLayout::LeftToRight);
    outer->addLayout(m_layout, 1);
    rebuildColumns();
}

TextPanel::~TextPanel() = default;

QString TextPanel::emptyText() const
{
    return tr(
        "No text here: the text panel shows what a writable decodes when the source has "
        "\"text\" and the writable \"decode\" (per-chunk or string_decoder).");
}

void TextPanel::setOtherRun(Run* other, const QString& captionFirst, const QString& captionOther)
{
    m_other = other;
    m_captionFirst = captionFirst;
    m_captionOther = captionOther;
    rebuildColumns();
    refresh();
}

void TextPanel::rebuildColumns()
{
    for (auto& column : m_columns) {
        delete column->box;
    }
    m_columns.clear();
    const auto add = [this](Run* run, const QString& caption) {
        auto column = std::make_unique<Column>();
        column->run = run;
        column->caption = caption;
        column->box = new QWidget(this);
        auto* layout = new QVBoxLayout(column->box);
        layout->setContentsMargins(0, 0, 0, 0);
        column->title = new QLabel(column->box);
        column->title->setWordWrap(true);
        QFont bold = column->title->font();
        bold.setBold(true);
        column->title->setFont(bold);
        column->view = new QTextBrowser(column->box);
        column->view->setObjectName(QStringLiteral("decodedText"));
        column->view->setOpenLinks(false);
        // Larger than the body: a character cut in two must be seen at a glance.
        QFont large = column->view->font();
        large.setPointSizeF(large.pointSizeF() * 1.3);
        column->view->setFont(large);
        // Two lines at least; a dock under the compare view has little height.
        column->view->setMinimumHeight(QFontMetrics(large).lineSpacing() * 2 + 8);
        column->status = new QLabel(column->box);
        column->status->setWordWrap(true);
        column->status->setTextInteractionFlags(Qt::TextSelectableByMouse);
        layout->addWidget(column->title);
        layout->addWidget(column->view, 1);
        layout->addWidget(column->status);
        m_layout->addWidget(column->box, 1);
        m_columns.push_back(std::move(column));
    };
    add(m_run, m_captionFirst);
    if (m_other != nullptr) {
        add(m_other, m_captionOther);
    }
    updateDirection();
}

void TextPanel::refresh()
{
    bool any = false;
    for (auto& column : m_columns) {
        column->model.follow(*column->run);
        const bool decoding = column->model.stage() >= 0;
        column->box->setVisible(decoding);
        any = any || decoding;
        if (decoding) {
            render(*column);
        }
    }
    m_empty->setVisible(!any);
    // A per-chunk column first, then a StringDecoder one.
    if (m_columns.size() == 2) {
        const bool swap = m_columns[0]->model.decode() == Decode::StringDecoder &&
                          m_columns[1]->model.decode() == Decode::PerChunk;
        const bool firstIsFirst = m_layout->indexOf(m_columns[0]->box) == 0;
        if (swap == firstIsFirst) {
            QWidget* moved = m_columns[swap ? 1 : 0]->box;
            m_layout->removeWidget(moved);
            m_layout->insertWidget(0, moved, 1);
        }
    }
}

void TextPanel::render(Column& column)
{
    const DecodedText& model = column.model;
    const auto& pieces = model.pieces();
    QString title = titleOf(model.decode());
    if (!column.caption.isEmpty()) {
        title = tr("%1: %2").arg(column.caption, title);
    }
    column.title->setText(title);

    const bool appendOnly = column.renderedPieces <= pieces.size() &&
                            (column.renderedPieces == 0 ||
                             pieces[column.renderedPieces - 1].line == column.lastRenderedLine) &&
                            !(column.renderedPieces == 0 && !column.view->document()->isEmpty());
    if (!appendOnly) {
        column.view->clear();
        column.renderedPieces = 0;
        column.boundaries = 0;
    }
    if (column.renderedPieces < pieces.size()) {
        QTextCursor cursor(column.view->document());
        cursor.movePosition(QTextCursor::End);
        QTextCharFormat bar;
        bar.setForeground(QColor(0x75, 0x75, 0x75));
        QTextCharFormat bad;
        bad.setForeground(Qt::white);
        bad.setBackground(QColor(0xc6, 0x28, 0x28));
        bad.setFontWeight(QFont::Bold);
        for (std::size_t i = column.renderedPieces; i < pieces.size(); ++i) {
            if (i > 0) {
                cursor.insertText(kBoundary, bar);
                ++column.boundaries;
            }
            QTextCharFormat plain;
            plain.setForeground(QColor(0x21, 0x21, 0x21));
            plain.setBackground(i % 2 == 0 ? QColor(0xe3, 0xf2, 0xfd) : QColor(0xff, 0xf3, 0xd6));
            plain.setToolTip(pieces[i].end ? tr("decoder.end()")
                                           : tr("chunk %1: %2 bytes, line #%L3")
                                                 .arg(i + 1)
                                                 .arg(pieces[i].bytes)
                                                 .arg(pieces[i].line));
            QString run;
            const auto flush = [&] {
                if (!run.isEmpty()) {
                    cursor.insertText(run, plain);
                    run.clear();
                }
            };
            for (const QChar c : pieces[i].text) {
                if (c == QChar(kReplacement)) {
                    flush();
                    cursor.insertText(QString(c), bad);
                } else {
                    run += c;
                }
            }
            flush();
        }
        column.renderedPieces = pieces.size();
        column.lastRenderedLine = pieces.empty() ? -1 : pieces.back().line;
        QScrollBar* bar2 = column.view->verticalScrollBar();
        bar2->setValue(bar2->maximum());
    }

    const Scenario& scenario = column.run->scenario();
    const Stage& source = scenario.stages.front();
    const std::int64_t chunks = std::count_if(pieces.begin(), pieces.end(),
                                              [](const DecodedText::Piece& p) { return !p.end; });
    QString status = tr("%1 of %2 chunks decoded (%3 of %4 bytes), %5 \u00d7 U+FFFD")
                         .arg(chunks)
                         .arg(source.chunks)
                         .arg(model.bytesDecoded())
                         .arg(source.text ? source.text->size() : 0)
                         .arg(model.replacementCount());
    const auto& stages = column.run->moment().stages;
    if (model.decode() == Decode::StringDecoder &&
        static_cast<std::size_t>(model.stage()) < stages.size()) {
        const StageSnapshot& snap = stages[static_cast<std::size_t>(model.stage())];
        if (snap.decoderPendingCount > 0) {
            status += tr("; the decoder holds %1 (the start of a cut character)").arg(hexOf(snap));
        }
    }
    if (!pieces.empty() && pieces.back().end) {
        status += tr("; end() returned \"%1\"").arg(pieces.back().text);
    }
    column.status->setText(status);
}

void TextPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    updateDirection();
}

void TextPanel::updateDirection()
{
    m_layout->setDirection(width() >= kSideBySideWidth ? QBoxLayout::LeftToRight
                                                       : QBoxLayout::TopToBottom);
}

bool TextPanel::sideBySide() const
{
    return m_layout->direction() == QBoxLayout::LeftToRight;
}

int TextPanel::columnCount() const
{
    int n = 0;
    for (const auto& column : m_columns) {
        n += column->model.stage() >= 0 ? 1 : 0;
    }
    return n;
}

namespace {
template <typename Columns>
auto* shownColumn(const Columns& columns, const QBoxLayout* layout, int index)
{
    // Shown columns in the layout's order.
    decltype(columns.front().get()) found = nullptr;
    int seen = 0;
    for (int i = 0; i < layout->count() && found == nullptr; ++i) {
        for (const auto& column : columns) {
            if (layout->itemAt(i)->widget() == column->box && column->model.stage() >= 0) {
                if (seen++ == index) {
                    found = column.get();
                }
            }
        }
    }
    return found;
}
}  // namespace

QString TextPanel::columnTitle(int column) const
{
    const auto* c = shownColumn(m_columns, m_layout, column);
    return c == nullptr ? QString() : c->title->text();
}

QString TextPanel::columnText(int column) const
{
    const auto* c = shownColumn(m_columns, m_layout, column);
    return c == nullptr ? QString() : c->model.text();
}

QString TextPanel::columnStatus(int column) const
{
    const auto* c = shownColumn(m_columns, m_layout, column);
    return c == nullptr ? QString() : c->status->text();
}

int TextPanel::replacementCount(int column) const
{
    const auto* c = shownColumn(m_columns, m_layout, column);
    return c == nullptr ? 0 : c->model.replacementCount();
}

int TextPanel::boundaryCount(int column) const
{
    const auto* c = shownColumn(m_columns, m_layout, column);
    return c == nullptr ? 0 : c->boundaries;
}

QTextBrowser* TextPanel::view(int column) const
{
    const auto* c = shownColumn(m_columns, m_layout, column);
    return c == nullptr ? nullptr : c->view;
}

}  // namespace bplab::ui
