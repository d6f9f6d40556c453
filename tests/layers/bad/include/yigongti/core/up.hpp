#pragma once
// A fixture of the layer check's test: core may not include io.
#include "yigongti/io/results.hpp"
