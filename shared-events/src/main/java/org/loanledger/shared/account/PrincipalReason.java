package org.loanledger.shared.account;

import java.time.LocalDate;

/**
 * One factor behind an automated decision, recorded with the decision so that it can be explained without today's
 * code or configuration.
 *
 * @param code        the factor, e.g. the rule id or "CREDIT_SCORE"
 * @param description what the factor measures, in plain English
 * @param observed    the value seen, e.g. "3 in 30 days" or "512"
 * @param threshold   the rule's threshold, e.g. "3 in 30 days" or "550"
 * @param dataSource  where the data came from: "ledger" for the account's own events, a model or a signal source
 * @param dataDate    the date of the data the factor was computed from (UTC)
 */
public record PrincipalReason(String code, String description, String observed, String threshold, String dataSource,
                              LocalDate dataDate) {
}
