package org.loanledger.shared.personal;

/**
 * A personal text as the store keeps it.
 *
 * @param subject the customer whose key sealed it (pseudonymous, as in {@code AccountOpened})
 * @param keyId   which of the customer's keys sealed it
 * @param seal    the hex {@code SHA-256(salt | text)} the hash chain covers
 * @param cipher  base64 of {@code iv | AES-GCM(salt | text)}, with subject, key id and seal as associated data
 */
public record Sealed(String subject, String keyId, String seal, String cipher) {
}
