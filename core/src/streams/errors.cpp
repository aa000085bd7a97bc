#include "streams/runtime.h"

namespace bplab::streams {

// Messages are Node's, word for word (lib/internal/errors.js).

ErrorPtr makeError(ErrorCode code, std::string message)
{
    return std::make_shared<const ErrorValue>(ErrorValue{code, std::move(message)});
}

ErrorPtr prematureCloseError()
{
    return makeError(ErrorCode::PrematureClose, "Premature close");
}

ErrorPtr writeAfterEndError()
{
    return makeError(ErrorCode::WriteAfterEnd, "write after end");
}

ErrorPtr destroyedError(const char* method)
{
    return makeError(ErrorCode::Destroyed,
                     std::string("Cannot call ") + method + " after a stream was destroyed");
}

ErrorPtr pushAfterEofError()
{
    return makeError(ErrorCode::PushAfterEof, "stream.push() after EOF");
}

ErrorPtr multipleCallbackError()
{
    return makeError(ErrorCode::MultipleCallback, "Callback called multiple times");
}

ErrorPtr alreadyFinishedError(const char* method)
{
    return makeError(ErrorCode::AlreadyFinished,
                     std::string("Cannot call ") + method + " after a stream was finished");
}

ErrorPtr abortError()
{
    return makeError(ErrorCode::Abort, "The operation was aborted");
}

ErrorPtr invalidChunkTypeError()
{
    // What Node prints for a plain object written to a byte-mode Writable.
    return makeError(ErrorCode::InvalidArgType,
                     "The \"chunk\" argument must be of type string or an instance of Buffer, "
                     "TypedArray, or DataView. Received an instance of Object");
}

}  // namespace bplab::streams
