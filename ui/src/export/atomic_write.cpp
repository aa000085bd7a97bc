#include "bplab_ui/export/atomic_write.h"

#include "bplab_core/output.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QObject>

#include <string>
#include <string_view>

namespace bplab::ui {

bool writeAtomically(const QString& path, const QByteArray& bytes, QString& error)
{
    const Status written = writeFileAtomically(
        QFile::encodeName(path).toStdString(),
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!written) {
        error = QString::fromStdString(written.error().message);
        return false;
    }
    return true;
}

bool writePngAtomically(const QImage& image, const QString& path, QString& error)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        error = QObject::tr("The image could not be encoded as PNG.");
        return false;
    }
    return writeAtomically(path, bytes, error);
}

}  // namespace bplab::ui
