#include "bplab_ui/lessons/lesson_library.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace bplab::ui {

namespace {

Result<Lesson> parseBytes(const QByteArray& json)
{
    return parseLesson(std::string_view(json.constData(), static_cast<std::size_t>(json.size())));
}

}  // namespace

std::vector<LessonEntry> builtInLessons()
{
    std::vector<LessonEntry> entries;
    const QStringList files = QDir(QStringLiteral(":/lessons"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        QFile f(QStringLiteral(":/lessons/") + file);
        if (!f.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        entries.push_back({o.value(QStringLiteral("id")).toString(),
                           o.value(QStringLiteral("title")).toString(),
                           o.value(QStringLiteral("summary")).toString()});
    }
    std::sort(entries.begin(), entries.end(),
              [](const LessonEntry& a, const LessonEntry& b) { return a.id < b.id; });
    return entries;
}

Result<Lesson> builtInLesson(const QString& id)
{
    const QStringList files = QDir(QStringLiteral(":/lessons"))
                                  .entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
    QStringList ids;
    for (const QString& file : files) {
        QFile f(QStringLiteral(":/lessons/") + file);
        if (!f.open(QIODevice::ReadOnly)) {
            continue;
        }
        const QByteArray json = f.readAll();
        const QString fileId =
            QJsonDocument::fromJson(json).object().value(QStringLiteral("id")).toString();
        if (fileId == id) {
            return parseBytes(json);
        }
        ids << fileId;
    }
    ids.sort();
    return Error{QStringLiteral("there is no built-in lesson \"%1\"; the lessons are: %2")
                     .arg(id, ids.join(QStringLiteral(", ")))
                     .toStdString()};
}

QString lessonListText()
{
    const std::vector<LessonEntry> entries = builtInLessons();
    qsizetype width = 0;
    for (const LessonEntry& entry : entries) {
        width = std::max(width, entry.id.size());
    }
    QString text;
    for (const LessonEntry& entry : entries) {
        text += entry.id.leftJustified(width + 2) + entry.title + QLatin1Char('\n');
    }
    return text;
}

bool looksLikeLesson(const QByteArray& json)
{
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    return doc.isObject() && doc.object().value(QStringLiteral("format")).toString() ==
                                 QStringLiteral("bplab-lesson/1");
}

}  // namespace bplab::ui
