#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

namespace bplab {

// The files the batch modes write (--screenshot, --frame-stats), through the
// core's atomic write: the old file stays byte for byte unless all of the new
// one reached the disk. Returns an empty string on success, else the error
// ("PATH: cannot write: REASON").
QString writeBatchFile(const QString& path, const QByteArray& bytes);
// `image` encoded as PNG, written as writeBatchFile() writes.
QString writeBatchPng(const QString& path, const QImage& image);

}  // namespace bplab
