package org.loanledger.shared.personal;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/** Keys held in this process only: for tests, and for tools that read events without ever needing their text. */
public final class InMemoryPersonalKeys implements PersonalKeys {

    private final Map<String, Key> current = new ConcurrentHashMap<>();
    private final Map<String, Key> byId = new ConcurrentHashMap<>();

    @Override
    public Key current(String subject) {
        return current.computeIfAbsent(subject, s -> {
            Key key = new Key(UUID.randomUUID().toString(), PersonalTextCipher.newKey());
            byId.put(key.id(), key);
            return key;
        });
    }

    @Override
    public Optional<SecretKey> find(String keyId) {
        return Optional.ofNullable(byId.get(keyId)).map(Key::secret);
    }

    @Override
    public int erase(String subject) {
        Key removed = current.remove(subject);
        if (removed == null) {
            return 0;
        }
        byId.remove(removed.id());
        return 1;
    }
}
