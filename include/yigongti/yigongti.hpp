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
#include "yigongti/flows/flow_model.hpp"
#include "yigongti/flows/indicators.hpp"
#include "yigongti/flows/parameters.hpp"
#include "yigongti/io/scenario.hpp"
#include "yigongti/io/settlement.hpp"
#include "yigongti/io/synthetic.hpp"
#include "yigongti/payment/payment.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/intervention.hpp"
#include "yigongti/projection/levers.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/time_path.hpp"
#include "yigongti/version.hpp"
