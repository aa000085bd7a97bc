#pragma once

#include <QString>
#include <QWidget>

namespace bplab::ui {

// One line of plain text that changes every frame (the clock, a counter, a
// figure of the run summary). A QLabel asks its window to lay itself out
// again on every setText(), which at 60 frames a second costs more than the
// frame itself; this widget only repaints, and asks for a new layout only
// when a text needs more width than any before it (or its font changes).
// Its colour is the palette's WindowText. GUI thread.
class LiveText final : public QWidget {
    Q_OBJECT
public:
    explicit LiveText(QWidget* parent = nullptr);

    void setText(const QString& text);
    [[nodiscard]] const QString& text() const { return m_text; }
    void setAlignment(Qt::Alignment alignment);

    [[nodiscard]] QSize sizeHint() const override;
    [[nodiscard]] QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    QString m_text;
    int m_widest = 0;  // pixels: the widest text shown since the last font change
    Qt::Alignment m_alignment = Qt::AlignLeft | Qt::AlignVCenter;
};

}  // namespace bplab::ui
