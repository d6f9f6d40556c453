#pragma once
/// \file
/// The payment layer: insurance payment schemes, their settlement into a ledger
/// of transfers, and the distribution of what an alliance keeps.

#include "yigongti/payment/budget_rule.hpp"
#include "yigongti/payment/capitation.hpp"
#include "yigongti/payment/dip.hpp"
#include "yigongti/payment/distribution.hpp"
#include "yigongti/payment/fee_for_service.hpp"
#include "yigongti/payment/flow_money.hpp"
#include "yigongti/payment/global_budget.hpp"
#include "yigongti/payment/ledger.hpp"
#include "yigongti/payment/performance.hpp"
#include "yigongti/payment/prepayment.hpp"
#include "yigongti/payment/scheme.hpp"
#include "yigongti/payment/share.hpp"
#include "yigongti/payment/shared_savings.hpp"
