// A fixture of the layer check's test: payment may not include study.
#include "study/parameter_table.hpp"
