package org.loanledger.shared.personal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens personal text with AES-256-GCM under its customer's key. The subject, key id and seal are the
 * associated data, so a ciphertext moved to another event or customer does not open.
 */
public final class PersonalTextCipher {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PersonalKeys keys;

    public PersonalTextCipher(PersonalKeys keys) {
        this.keys = keys;
    }

    /** A new random AES-256 key. */
    public static SecretKey newKey() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            return generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime provides AES", e);
        }
    }

    /** The stored form of {@code text}: as read if it was read sealed, else sealed now under its customer's key. */
    public Sealed seal(PersonalText text) {
        if (text.sealed() != null) {
            return text.sealed();
        }
        if (!text.personal()) {
            throw new IllegalArgumentException("text stored in clear has no sealed form");
        }
        PersonalKeys.Key key = keys.current(text.subject());
        byte[] salt = text.salt();
        byte[] clear = text.text().getBytes(StandardCharsets.UTF_8);
        byte[] plain = ByteBuffer.allocate(salt.length + clear.length).put(salt).put(clear).array();
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key.secret(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(associatedData(text.subject(), key.id(), text.seal()));
            byte[] sealedBytes = cipher.doFinal(plain);
            byte[] stored = ByteBuffer.allocate(iv.length + sealedBytes.length).put(iv).put(sealedBytes).array();
            return new Sealed(text.subject(), key.id(), text.seal(), Base64.getEncoder().encodeToString(stored));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("personal text could not be sealed", e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /** The text {@code sealed} holds: readable, erased when its key is gone, or tampered when it does not open. */
    public PersonalText open(Sealed sealed) {
        Optional<SecretKey> key = sealed.keyId() == null ? Optional.empty() : keys.find(sealed.keyId());
        if (key.isEmpty()) {
            return PersonalText.erased(sealed);
        }
        try {
            byte[] stored = Base64.getDecoder().decode(sealed.cipher());
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key.get(), new GCMParameterSpec(TAG_BITS, stored, 0, IV_BYTES));
            cipher.updateAAD(associatedData(sealed.subject(), sealed.keyId(), sealed.seal()));
            byte[] plain = cipher.doFinal(stored, IV_BYTES, stored.length - IV_BYTES);
            byte[] salt = Arrays.copyOf(plain, 16);
            String text = new String(plain, 16, plain.length - 16, StandardCharsets.UTF_8);
            if (!PersonalText.matches(sealed.seal(), salt, text)) {
                return PersonalText.tampered(sealed);
            }
            return PersonalText.opened(sealed, text, salt);
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            return PersonalText.tampered(sealed);
        }
    }

    private static byte[] associatedData(String subject, String keyId, String seal) {
        return (subject + '|' + keyId + '|' + seal).getBytes(StandardCharsets.UTF_8);
    }
}
