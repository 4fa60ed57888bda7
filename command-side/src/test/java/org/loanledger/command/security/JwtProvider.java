package org.loanledger.command.security;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import org.loanledger.command.web.LedgerDataDirs;
import org.springframework.test.context.DynamicPropertyRegistry;

/** An identity provider's signing keys for JWT tests, and the command side configured to trust its public key. */
final class JwtProvider {

    private JwtProvider() {
    }

    static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh data directory for {@code testClass}, and the provider's public key (PEM) as the key to verify with. */
    static void trust(KeyPair provider, Class<?> testClass, DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createDirectories(LedgerDataDirs.fresh(testClass));
        Path pem = dir.resolve("provider.pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(provider.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("ledger.data-dir", dir::toString);
        registry.add("ledger.security.jwt.public-key-location", () -> "file:" + pem);
    }
}
