package org.loanledger.support.security;

import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Production callers with JWTs from the organisation's identity provider instead of configured token hashes
 * ({@code ledger.security.mode=jwt}). The token's signature and expiry are checked; its subject becomes the
 * recorded actor and its roles claim (values {@code LENDER}, {@code OPS}, {@code AUDITOR}) the roles.
 *
 * @param jwkSetUri         where the provider publishes its signing keys, or null
 * @param publicKeyLocation an RSA public key (PEM) to verify with instead, e.g. {@code file:/etc/ledger/jwt.pem}
 * @param rolesClaim        the claim that lists the caller's roles
 * @param issuer            when set, the {@code iss} a token must carry (the provider's issuer URI)
 * @param audience          when set, a value the token's {@code aud} must contain (this ledger's client id), so a
 *                          token the same provider issued for another application is refused
 */
public record JwtCallers(String jwkSetUri, String publicKeyLocation, String rolesClaim, String issuer,
                         String audience) {

    public JwtCallers(String jwkSetUri, String publicKeyLocation, String rolesClaim) {
        this(jwkSetUri, publicKeyLocation, rolesClaim, null, null);
    }

    public ReactiveJwtDecoder decoder() {
        NimbusReactiveJwtDecoder decoder = signatureDecoder();
        List<OAuth2TokenValidator<Jwt>> validators = new java.util.ArrayList<>();
        validators.add(isSet(issuer) ? JwtValidators.createDefaultWithIssuer(issuer) : JwtValidators.createDefault());
        if (isSet(audience)) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(audience)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private NimbusReactiveJwtDecoder signatureDecoder() {
        if (jwkSetUri != null && !jwkSetUri.isBlank()) {
            return NimbusReactiveJwtDecoder.withJwkSetUri(jwkSetUri).build();
        }
        if (publicKeyLocation == null || publicKeyLocation.isBlank()) {
            throw new IllegalStateException("ledger.security.mode=jwt needs ledger.security.jwt.jwk-set-uri or"
                    + " ledger.security.jwt.public-key-location");
        }
        try (var in = new DefaultResourceLoader().getResource(publicKeyLocation).getInputStream()) {
            RSAPublicKey key = RsaKeyConverters.x509().convert(in);
            return NimbusReactiveJwtDecoder.withPublicKey(key).build();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the JWT public key at " + publicKeyLocation, e);
        }
    }

    public ReactiveAuthenticationManager authenticationManager() {
        ReactiveJwtDecoder decoder = decoder();
        Set<String> known = Arrays.stream(Role.values()).map(Role::name).collect(Collectors.toSet());
        return authentication -> decoder.decode(String.valueOf(authentication.getCredentials()))
                .onErrorMap(JwtException.class, e -> new BadCredentialsException("the JWT is not valid", e))
                .map(jwt -> {
                    List<String> roles = jwt.getClaimAsStringList(rolesClaim);
                    List<SimpleGrantedAuthority> authorities = roles == null ? List.of() : roles.stream()
                            .filter(known::contains)
                            .map(role -> new SimpleGrantedAuthority(Role.valueOf(role).authority()))
                            .toList();
                    return UsernamePasswordAuthenticationToken.authenticated(jwt.getSubject(), null, authorities);
                });
    }
}
