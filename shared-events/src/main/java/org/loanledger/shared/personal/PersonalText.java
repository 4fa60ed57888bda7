package org.loanledger.shared.personal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Free text in an event that may identify or describe a person: an appeal statement, an ops note. It is stored
 * sealed ({@link Sealed}: AES-GCM under its customer's key) and reads as erased once that key is deleted.
 *
 * <p>The hash chain must verify before and after an erasure, so it never covers the text itself: it covers the
 * text's <em>seal</em>, {@code SHA-256(salt | text)} with a random 16-byte salt that is stored only inside the
 * ciphertext. The seal commits to the text (a changed text changes the link), yet without the salt it says nothing
 * about a short note, and it survives the key. Text recorded before sealing existed ({@link #clear}) is chained as
 * plain text, exactly as it was.
 *
 * <p>{@link #toString()} never shows the text, so logging an event or a command result cannot leak it. Two
 * personal texts are equal when they read the same (same text, both erased or not): the seal's salt is random.
 */
public final class PersonalText {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SALT_BYTES = 16;

    private final String subject;
    private final String text;
    private final byte[] salt;
    private final String seal;
    private final Sealed sealed;
    private final State state;

    /** How a text reads. */
    public enum State {
        /** The text is known. */
        READABLE,
        /** Its customer's key was deleted: the text is gone for good. */
        ERASED,
        /** The stored ciphertext does not open under its key: it was altered after it was written. */
        TAMPERED
    }

    private PersonalText(String subject, String text, byte[] salt, String seal, Sealed sealed, State state) {
        this.subject = subject;
        this.text = text;
        this.salt = salt;
        this.seal = seal;
        this.sealed = sealed;
        this.state = state;
    }

    /** New personal text about customer {@code subject}, to be sealed under that customer's key when stored. */
    public static PersonalText of(String subject, String text) {
        Objects.requireNonNull(subject, "a personal text needs the customer it is about");
        Objects.requireNonNull(text, "text");
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        return new PersonalText(subject, text, salt, seal(salt, text), null, State.READABLE);
    }

    /**
     * Text stored in clear: what the ledger writes itself (a rule's name, a cool-off's end), which is about no
     * person, and text recorded before sealing existed.
     */
    public static PersonalText clear(String text) {
        Objects.requireNonNull(text, "text");
        return new PersonalText(null, text, null, null, null, State.READABLE);
    }

    static PersonalText opened(Sealed sealed, String text, byte[] salt) {
        return new PersonalText(sealed.subject(), text, salt, sealed.seal(), sealed, State.READABLE);
    }

    static PersonalText erased(Sealed sealed) {
        return new PersonalText(sealed.subject(), null, null, sealed.seal(), sealed, State.ERASED);
    }

    static PersonalText tampered(Sealed sealed) {
        return new PersonalText(sealed.subject(), null, null, sealed.seal(), sealed, State.TAMPERED);
    }

    /** The text, or null when it is erased or unreadable. */
    public String text() {
        return text;
    }

    public State state() {
        return state;
    }

    public boolean erased() {
        return state == State.ERASED;
    }

    /** The customer this text is about, or null for text stored in clear. */
    public String subject() {
        return subject;
    }

    /** Whether it is stored sealed (personal) rather than in clear. */
    public boolean personal() {
        return seal != null;
    }

    /** The hex seal the hash chain covers, or null for text stored in clear. */
    public String seal() {
        return seal;
    }

    /** The stored form this text was read from, or null for text not read from storage. */
    public Sealed sealed() {
        return sealed;
    }

    byte[] salt() {
        return salt == null ? null : salt.clone();
    }

    /** Whether {@code text} with {@code salt} is what {@code seal} commits to. */
    static boolean matches(String seal, byte[] salt, String text) {
        return MessageDigest.isEqual(seal.getBytes(StandardCharsets.US_ASCII),
                seal(salt, text).getBytes(StandardCharsets.US_ASCII));
    }

    private static String seal(byte[] salt, String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PersonalText that && Objects.equals(text, that.text) && state == that.state;
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, state);
    }

    @Override
    public String toString() {
        return switch (state) {
            case READABLE -> personal() ? "[personal text]" : "[text]";
            case ERASED -> "[erased]";
            case TAMPERED -> "[tampered]";
        };
    }
}
