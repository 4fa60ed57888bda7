package org.loanledger.shared.personal;

import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * Where customers' keys live. Deleting a customer's keys is what erases their personal data, in the event store
 * and in every copy of it, so a production key store should be one the ledger's own backups do not copy (a KMS
 * or a vault) and deletion there must be final.
 */
public interface PersonalKeys {

    /** A customer's key and its id. */
    record Key(String id, SecretKey secret) {

        @Override
        public String toString() {
            return "Key[" + id + "]";
        }
    }

    /** The key that seals new text about {@code subject}, created on first use. */
    Key current(String subject);

    /** The key with this id, or empty once it was deleted (or never existed). */
    Optional<SecretKey> find(String keyId);

    /**
     * Deletes every key of {@code subject}; text sealed under them reads as erased from now on.
     *
     * @return how many keys were deleted
     */
    int erase(String subject);
}
