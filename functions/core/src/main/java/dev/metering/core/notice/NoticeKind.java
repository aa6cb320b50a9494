package dev.metering.core.notice;

/** The transitions subscribers, billing and operators are told of; each name is the event's {@code detail-type}. */
public enum NoticeKind {
    CREDIT_THRESHOLD_REACHED("CreditThresholdReached"),
    CREDIT_EXHAUSTED("CreditExhausted"),
    EXTRA_USAGE_CAP_REACHED("ExtraUsageCapReached"),
    POOL_PAUSED("PoolPaused"),
    POOL_RESUMED("PoolResumed"),
    INTERACTIVE_ALLOWANCE_EXHAUSTED("InteractiveAllowanceExhausted"),
    CREDIT_EXPIRED("CreditExpired"),
    CYCLE_CLOSED("CycleClosed"),
    EVENT_QUARANTINED("EventQuarantined"),
    BUDGET_THRESHOLD_REACHED("BudgetThresholdReached"),
    BUDGET_EXHAUSTED("BudgetExhausted");

    private final String detailType;

    NoticeKind(String detailType) {
        this.detailType = detailType;
    }

    public String detailType() {
        return detailType;
    }
}
