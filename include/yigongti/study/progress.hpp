#pragma once
/// \file
/// How a long study (an ensemble, a sweep, a calibration) reports progress:
/// through a callback in its options. The library writes nothing to a
/// terminal; `ygt` draws its progress line from these calls.

#include <cstdint>
#include <functional>

namespace ygt {

/// Told that `units` more units of work (draws, grid points, projections)
/// have finished. Called from any worker thread, as the work finishes, so it
/// must be thread-safe and quick; an empty callback is not called.
using ProgressCallback = std::function<void(std::uint64_t units)>;

}  // namespace ygt
