#pragma once

#include <QScrollArea>

class QSplitter;

namespace bplab::ui {

// The scroll area around the pipeline diagram, in the window's splitter over
// the charts. A plain QScrollArea lets the splitter squeeze it to a thin band
// when the window is short (a 1024x768 projector: the four charts keep their
// minimum and the diagram gets the rest). This one, each time the splitter is
// resized, takes from the charts' pane (down to its minimum) what the diagram
// needs at its smallest legible unit. It never asks for a minimum of its own,
// so it never makes the window taller than the screen; a person's drag of the
// splitter handle stands until the next resize. It scrolls sideways when many
// stages need the width. GUI thread.
class DiagramScrollArea final : public QScrollArea {
    Q_OBJECT
public:
    explicit DiagramScrollArea(QWidget* parent = nullptr);

    // Call once it is the splitter's first widget.
    void keepLegibleIn(QSplitter* splitter);

    // The height (pixels) the diagram needs: its minimum, the sideways
    // scroll bar when it shows.
    [[nodiscard]] int neededHeight() const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    // The diagram's minimum size changed (presenter mode's larger type):
    // its size follows at once, not at the window's next layout.
    bool viewportEvent(QEvent* event) override;

private:
    void makeRoom();

    QSplitter* m_splitter = nullptr;
};

}  // namespace bplab::ui
