package org.loanledger.shared.account;

import java.time.Instant;
import org.axonframework.serialization.Revision;

/**
 * The customer's personal data was erased: their keys were deleted, so every personal text of this account (notes,
 * appeal statements) reads as erased from here on, in every view and replay. Amounts, reason codes, rules and
 * restrictions are not personal and stay as recorded; the hash chain still verifies.
 *
 * @param customerId the customer whose data was erased
 */
@Revision("1")
public record PersonalDataErased(String accountId, String customerId, Instant occurredAt, String actor,
                                 String requestId) implements AccountEvent {
}
