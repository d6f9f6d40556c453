#pragma once
/// \file
/// yigongti (医共体): county medical communities, their patient flows and the money
/// that follows them. Including this header gives the whole public API, layer
/// by layer (docs/architecture.md); the MPI component's header,
/// `yigongti/study/distributed.hpp`, comes with that component only.

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

#include "yigongti/payment/budget_rule.hpp"
#include "yigongti/payment/capitation.hpp"
#include "yigongti/payment/dip.hpp"
#include "yigongti/payment/distribution.hpp"
#include "yigongti/payment/fee_for_service.hpp"
#include "yigongti/payment/flow_money.hpp"
#include "yigongti/payment/global_budget.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/payment.hpp"
#include "yigongti/payment/performance.hpp"
#include "yigongti/payment/prepayment.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/payment/share.hpp"
#include "yigongti/payment/shared_savings.hpp"

#include "yigongti/behaviour/cost_share.hpp"
#include "yigongti/behaviour/parameters.hpp"
#include "yigongti/behaviour/responses.hpp"

#include "yigongti/scenario/demography.hpp"
#include "yigongti/scenario/intervention.hpp"
#include "yigongti/scenario/region.hpp"
#include "yigongti/scenario/scenario.hpp"
#include "yigongti/scenario/time_path.hpp"

#include "yigongti/projection/demography.hpp"
#include "yigongti/projection/levers.hpp"
#include "yigongti/projection/projection.hpp"
#include "yigongti/projection/region.hpp"

#include "yigongti/study/calibration.hpp"
#include "yigongti/study/ensemble.hpp"
#include "yigongti/study/parameters.hpp"
#include "yigongti/study/progress.hpp"
#include "yigongti/study/region_parameters.hpp"
#include "yigongti/study/summary.hpp"
#include "yigongti/study/sweep.hpp"
#include "yigongti/study/uncertainty.hpp"

#include "yigongti/io/calibration_files.hpp"
#include "yigongti/io/region_file.hpp"
#include "yigongti/io/results.hpp"
#include "yigongti/io/scenario_file.hpp"
#include "yigongti/io/settlement.hpp"
#include "yigongti/io/synthetic.hpp"
#include "yigongti/io/table.hpp"

#include "yigongti/version.hpp"
