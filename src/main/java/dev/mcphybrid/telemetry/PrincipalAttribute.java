package dev.mcphybrid.telemetry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How a span names the caller (gateway.telemetry.principal): {@code hash} (the default) as {@code enduser.pseudo.id},
 * the first 16 hex digits of the SHA-256 of the name, the same on every instance, so one caller's calls can be found
 * without the trace backend holding who it is; {@code name} as {@code enduser.id}; {@code none} not at all. A hash of
 * a name is a pseudonym, not a secret: whoever can guess the names can compute their hashes.
 */
public enum PrincipalAttribute {
    HASH("enduser.pseudo.id"),
    NAME("enduser.id"),
    NONE(null);

    private final String key;

    PrincipalAttribute(String key) {
        this.key = key;
    }

    /** @throws IllegalArgumentException for anything but hash, name or none */
    public static PrincipalAttribute of(String setting) {
        try {
            return valueOf(setting.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("gateway.telemetry.principal must be hash, name or none; was " + setting);
        }
    }

    /** The attribute key, or null when the principal is left out. */
    public String key() {
        return key;
    }

    /** What the span records for this principal, or null when nothing. */
    public String value(String principal) {
        if (principal == null || this == NONE) {
            return null;
        }
        return this == NAME ? principal : hash(principal);
    }

    static String hash(String principal) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(principal.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
