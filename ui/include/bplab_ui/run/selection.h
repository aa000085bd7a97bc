#pragma once

#include <QObject>

#include <cstdint>

namespace bplab::ui {

// What the person (or a lesson) points at: a stage, a trace line, a time on
// the charts. Views set it and follow it; it holds no run state and drives
// nothing by itself. -1 / NaN mean none.
//
// GUI thread only.
class Selection final : public QObject {
    Q_OBJECT
public:
    explicit Selection(QObject* parent = nullptr) : QObject(parent) {}

    [[nodiscard]] int stage() const { return m_stage; }
    [[nodiscard]] qint64 line() const { return m_line; }
    [[nodiscard]] double cursorSeconds() const { return m_cursorSeconds; }

    void setStage(int stage);
    void setLine(qint64 line);
    void setCursorSeconds(double seconds);
    void clear();

Q_SIGNALS:
    void stageChanged(int stage);
    void lineChanged(qint64 line);
    void cursorChanged(double seconds);

private:
    int m_stage = -1;
    qint64 m_line = -1;
    double m_cursorSeconds = -1.0;
};

}  // namespace bplab::ui
