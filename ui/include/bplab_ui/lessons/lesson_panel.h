#pragma once

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;

namespace bplab::ui {

class LessonPlayer;
class LessonRunHost;

// The lesson's side of the window (its dock's title names the lesson): the step's text, "Step 3 of
// 7", the class's score, the question's choices as large numbered buttons, the reveal with the real
// event and "Why did this happen?", and Back / Next. Shows what the LessonPlayer says; every button
// is one of its commands.
//
// Text sizes are relative to the window's font, so presenter mode's larger
// type reaches them. GUI thread only; player and host are not owned.
class LessonPanel final : public QWidget {
    Q_OBJECT
public:
    LessonPanel(LessonPlayer* player, LessonRunHost* host, QWidget* parent = nullptr);

    [[nodiscard]] QLabel* progressLabel() const { return m_progress; }
    [[nodiscard]] QLabel* sayLabel() const { return m_say; }
    [[nodiscard]] QLabel* scoreLabel() const { return m_score; }
    [[nodiscard]] QLabel* verdictLabel() const { return m_verdict; }
    [[nodiscard]] QLabel* revealLabel() const { return m_reveal; }
    [[nodiscard]] QLabel* eventLabel() const { return m_event; }
    [[nodiscard]] QLabel* whyLabel() const { return m_why; }
    [[nodiscard]] QPushButton* choiceButton(int index) const;
    [[nodiscard]] QPushButton* nextButton() const { return m_next; }
    [[nodiscard]] QPushButton* backButton() const { return m_back; }
    [[nodiscard]] QPushButton* lockButton() const { return m_lock; }
    [[nodiscard]] QPushButton* watchAgainButton() const { return m_again; }

    // The lesson's *emphasis* and `code` as rich text, the rest escaped.
    static QString richText(const QString& plain);

private:
    void refresh();

    LessonPlayer* m_player;
    LessonRunHost* m_host;
    QLabel* m_progress = nullptr;
    QLabel* m_score = nullptr;
    QPushButton* m_resetScore = nullptr;
    QLabel* m_say = nullptr;
    QLabel* m_prompt = nullptr;
    std::vector<QPushButton*> m_choices;
    QPushButton* m_lock = nullptr;
    QLabel* m_verdict = nullptr;
    QLabel* m_reveal = nullptr;
    QLabel* m_event = nullptr;
    QLabel* m_why = nullptr;
    QPushButton* m_again = nullptr;
    QPushButton* m_back = nullptr;
    QPushButton* m_next = nullptr;
    QPushButton* m_close = nullptr;
};

}  // namespace bplab::ui
