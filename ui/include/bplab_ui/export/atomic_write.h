#pragma once

#include <QByteArray>
#include <QString>

class QImage;

namespace bplab::ui {

// Every file the window writes goes through the core's atomic write: the old
// file stays byte for byte unless all of the new one reached the disk. On
// failure `error` gets the reason (the OS's, e.g. "No space left on device").
bool writeAtomically(const QString& path, const QByteArray& bytes, QString& error);
// The image encoded as PNG, then written as above.
bool writePngAtomically(const QImage& image, const QString& path, QString& error);

}  // namespace bplab::ui
