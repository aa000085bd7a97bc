#include "batch_output.h"

#include "bplab_core/output.h"

#include <QBuffer>
#include <QFile>

#include <string>
#include <string_view>

namespace bplab {

QString writeBatchFile(const QString& path, const QByteArray& bytes)
{
    const Status written = writeFileAtomically(
        QFile::encodeName(path).toStdString(),
        std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size())));
    if (!written) {
        return QString::fromStdString(written.error().message);
    }
    return {};
}

QString writeBatchPng(const QString& path, const QImage& image)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!image.save(&buffer, "PNG")) {
        return QStringLiteral("%1: the picture could not be encoded as PNG").arg(path);
    }
    return writeBatchFile(path, bytes);
}

}  // namespace bplab
