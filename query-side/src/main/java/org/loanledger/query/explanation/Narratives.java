package org.loanledger.query.explanation;

import java.time.LocalDate;
import java.time.ZoneOffset;
import org.loanledger.query.explanation.Explanation.Figures;
import org.loanledger.query.explanation.Explanation.Narrative;
import org.loanledger.query.explanation.Explanation.RestrictionExplanation;
import org.loanledger.shared.account.RestrictionKind;

/**
 * Plain-language answers in English and Chinese, one template per reason code, filled only with recorded facts.
 * Dates are UTC calendar dates so the text is the same wherever it is asked for.
 */
final class Narratives {

    private Narratives() {
    }

    static Narrative forRestriction(RestrictionExplanation r) {
        String date = LocalDate.ofInstant(r.imposedAt(), ZoneOffset.UTC).toString();
        Figures after = r.stateAfter();
        boolean freeze = r.kind() == RestrictionKind.FREEZE;
        String enWhat = freeze ? "Borrowing is paused: the account was frozen on " + date
                : "Nothing can be borrowed: the credit limit was cut from " + r.stateBefore().creditLimit()
                + " to " + after.creditLimit() + " on " + date + ", which is not more than the " + after.outstanding()
                + " outstanding";
        String zhWhat = freeze ? "您的账户已于" + date + "被冻结，暂时无法借款"
                : "您的授信额度已于" + date + "由" + r.stateBefore().creditLimit() + "调整为" + after.creditLimit()
                + "，不高于未还本金" + after.outstanding() + "，因此暂无可用额度";
        return switch (r.reasonCode()) {
            case SYSTEM_MAINTENANCE -> new Narrative(
                    enWhat + " for system maintenance. This was not caused by anything you did and says nothing about"
                            + " your credit; it will be lifted when the maintenance ends.",
                    zhWhat + "，原因是系统维护。这不是由您的任何行为造成的，与您的信用无关；维护结束后将解除。");
            case MANUAL_REVIEW -> new Narrative(
                    enWhat + " after a manual review by our staff (" + r.imposedBy() + "). It ends when a reviewer lifts"
                            + " it; you can appeal the decision.",
                    zhWhat + "，原因是工作人员（" + r.imposedBy() + "）的人工审核。审核人员解除后即可恢复；您可以对此决定提出申诉。");
            case CUSTOMER_REQUEST -> new Narrative(
                    enWhat + " at your own request. Ask us to lift it whenever you wish.",
                    zhWhat + "，这是应您本人的要求。您可以随时申请解除。");
            case RISK_RULE -> new Narrative(
                    enWhat + " because risk rule " + nullToUnknown(r.ruleId()) + " of risk policy "
                            + nullToUnknown(r.policyVersion()) + " was triggered" + observed(r, true)
                            + ". You can appeal the decision.",
                    zhWhat + "，原因是风控策略" + nullToUnknown(r.policyVersion()) + "中的规则" + nullToUnknown(r.ruleId())
                            + "被触发" + observed(r, false) + "。您可以对此决定提出申诉。");
            case MODEL_RESCORE -> new Narrative(
                    enWhat + " because credit model " + nullToUnknown(r.modelVersion()) + " scored the account below its"
                            + " cutoff" + observed(r, true) + ". A new score at or above the cutoff restores the limit;"
                            + " you can also appeal.",
                    zhWhat + "，原因是信用评分模型" + nullToUnknown(r.modelVersion()) + "给出的评分低于门槛" + observed(r, false)
                            + "。新的评分达到门槛后额度将恢复；您也可以提出申诉。");
            case OVERDUE_HISTORY -> new Narrative(
                    enWhat + " because of overdue episodes in the account's recent history, counted even after they"
                            + " were settled" + observed(r, true) + ". Keeping repayments on time repairs this; you can"
                            + " also appeal.",
                    zhWhat + "，原因是近期存在逾期记录（即使已结清也会计入）" + observed(r, false)
                            + "。按时还款可以逐步修复；您也可以提出申诉。");
            default -> new Narrative(enWhat + " (" + r.reasonCode() + ").", zhWhat + "（" + r.reasonCode() + "）。");
        };
    }

    static Narrative unrestricted(boolean canBorrow, String available, boolean opened, boolean closed) {
        if (!opened) {
            return new Narrative("The account did not exist at that time.", "该时间点账户尚未开立。");
        }
        if (closed) {
            return new Narrative("The account is closed; nothing can be borrowed.", "账户已关闭，无法借款。");
        }
        if (canBorrow) {
            return new Narrative("The account can borrow up to " + available + ".", "账户可借款，可用额度为" + available + "。");
        }
        return new Narrative("The whole credit limit is in use; repaying makes it available again. No restriction"
                + " is in force.", "授信额度已全部使用；还款后即可恢复可用额度。账户没有任何限制。");
    }

    private static String observed(RestrictionExplanation r, boolean english) {
        return r.principalReasons().stream()
                .filter(p -> p.observed() != null)
                .findFirst()
                .map(p -> english ? ": observed " + p.observed() + (p.threshold() == null ? "" : ", threshold " + p.threshold())
                        : "：观测值" + p.observed() + (p.threshold() == null ? "" : "，阈值" + p.threshold()))
                .orElse("");
    }

    private static String nullToUnknown(String value) {
        return value == null ? "(unrecorded)" : value;
    }
}
