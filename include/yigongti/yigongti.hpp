#pragma once
/// \file
/// yigongti (医共体): county medical communities, their patient flows and the money
/// that follows them. Including this header gives the whole public API.

#include "yigongti/core/age.hpp"
#include "yigongti/core/alliance.hpp"
#include "yigongti/core/county.hpp"
#include "yigongti/core/error.hpp"
#include "yigongti/core/ids.hpp"
#include "yigongti/core/institution.hpp"
#include "yigongti/core/money.hpp"
#include "yigongti/core/tier.hpp"
#include "yigongti/core/township.hpp"
#include "yigongti/io/scenario.hpp"
#include "yigongti/version.hpp"
