#pragma once

#include <QString>
#include <QWidget>

class QLabel;

namespace bplab::ui {

// The narrative strip over the diagram: the scenario's name and description,
// and the latest moment that matters in plain words ("socket's buffer is
// full: write() returned false, so pipe() pauses file") with its time, fading
// out. A pure view: setStory() and setMoment().
class StoryStrip final : public QWidget {
    Q_OBJECT
public:
    explicit StoryStrip(QWidget* parent = nullptr);

    void setStory(const QString& name, const QString& description);
    // `opacity` 0 hides the moment; 1 shows it fully.
    void setMoment(const QString& text, double timeS, double opacity);
    [[nodiscard]] QString momentText() const { return m_momentText; }
    // Off: the moment is kept (momentText()) but not drawn, leaving the
    // description the strip's whole width (presenter mode, where the
    // diagram's callout says the same in larger type).
    void setMomentShown(bool shown);
    [[nodiscard]] QLabel* nameLabel() const { return m_name; }
    [[nodiscard]] QLabel* descriptionLabel() const { return m_description; }
    [[nodiscard]] QLabel* momentLabel() const { return m_moment; }
    // A badge at the strip's right (presenter mode says how to leave it).
    [[nodiscard]] QLabel* badge() const { return m_badge; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void keepTextWhole();

    QLabel* m_name = nullptr;
    QLabel* m_description = nullptr;
    QLabel* m_moment = nullptr;
    QLabel* m_badge = nullptr;
    QString m_momentText;
    bool m_momentShown = true;
};

}  // namespace bplab::ui
