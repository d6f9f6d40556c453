#pragma once
// A fixture of the layer check's test: a public header may not include a private one.
#include "core/text.hpp"
