#pragma once

#include <QString>
#include <QWidget>

#include <memory>
#include <vector>

#include "bplab_ui/text/decoded_text.h"

class QBoxLayout;
class QLabel;
class QTextBrowser;

namespace bplab::ui {

class Run;

// The text panel: what each decoding writable of a text pipeline has decoded
// so far at its run's cursor (scenario-v2 section 4), one column per run
// shown: the window's run, and while comparing the other run too. Each
// U+FFFD is highlighted (white on red), each chunk's text has its own shade
// and a thin bar marks every chunk boundary, so a character the chunks cut
// shows where it was cut. A per-chunk column comes before a StringDecoder
// column; the columns stand side by side when the panel is wide enough,
// else one above the other. Under each: chunks and bytes decoded, the
// U+FFFD count, and the bytes a StringDecoder holds (hex).
//
// It reads the runs only through Run (follows seeks and steps back like
// every view); refresh() on Player::frameAdvanced and Run::jumped. The runs
// are not owned. GUI thread only.
class TextPanel final : public QWidget {
    Q_OBJECT
public:
    explicit TextPanel(Run* run, QWidget* parent = nullptr);
    ~TextPanel() override;

    // A second run shown beside the first (compare mode), with a caption
    // for each ("A", "B"); nullptr shows the first run alone.
    void setOtherRun(Run* other, const QString& captionFirst = {},
                     const QString& captionOther = {});
    void refresh();

    // For tests and pictures.
    [[nodiscard]] int columnCount() const;
    [[nodiscard]] QString columnTitle(int column) const;
    [[nodiscard]] QString columnText(int column) const;  // the decoded text, no marks
    [[nodiscard]] QString columnStatus(int column) const;
    [[nodiscard]] int replacementCount(int column) const;
    [[nodiscard]] int boundaryCount(int column) const;  // bars drawn between chunks
    [[nodiscard]] QTextBrowser* view(int column) const;
    [[nodiscard]] bool sideBySide() const;
    // What a run with no decoding writable shows.
    [[nodiscard]] QString emptyText() const;

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Column;
    void rebuildColumns();
    void render(Column& column);
    void updateDirection();

    Run* m_run;
    Run* m_other = nullptr;
    QString m_captionFirst;
    QString m_captionOther;
    std::vector<std::unique_ptr<Column>> m_columns;
    QBoxLayout* m_layout = nullptr;
    QLabel* m_empty = nullptr;
};

}  // namespace bplab::ui
