#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

#include "bplab_core/lesson.h"
#include "bplab_core/result.h"

namespace bplab::ui {

// The built-in lessons (resources/lessons/ID.json, in the resources as
// ":/lessons/ID.json"), sorted by id.
struct LessonEntry {
    QString id;
    QString title;
    QString summary;
};
std::vector<LessonEntry> builtInLessons();
Result<Lesson> builtInLesson(const QString& id);

// What `bplab --list-lessons` prints: one line per lesson, the id padded to
// the longest id and two spaces, then the title.
QString lessonListText();

// Whether a file's text says "format": "bplab-lesson/1" (it may still be
// an invalid lesson: loading says why).
bool looksLikeLesson(const QByteArray& json);

}  // namespace bplab::ui
