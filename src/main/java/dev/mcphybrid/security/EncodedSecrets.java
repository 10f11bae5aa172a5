package dev.mcphybrid.security;

import com.ibm.websphere.crypto.PasswordUtil;

/**
 * Values kept encoded in configuration with Liberty's password encoding ({@code securityUtility encode
 * --encoding=aes}): {@code {aes}...} or {@code {xor}...}. The key is Liberty's, or {@code wlp.password.encryption.key}
 * when the server sets one. Needs the passwordUtilities feature, which server.xml enables.
 */
public final class EncodedSecrets {

    private EncodedSecrets() {
    }

    public static boolean isEncoded(String value) {
        return value != null && (value.startsWith("{aes}") || value.startsWith("{xor}"));
    }

    /** @throws IllegalArgumentException without the value itself when it cannot be decoded */
    public static String decode(String value) {
        if (!isEncoded(value)) {
            return value;
        }
        try {
            return PasswordUtil.decode(value);
        } catch (Exception | LinkageError e) {
            throw new IllegalArgumentException("cannot decode the " + value.substring(0, 5)
                    + " value (encoded with another key, or truncated?)");
        }
    }

    /** AES-encodes a value to store it, e.g. the secret of a server registered through the API. */
    public static String encode(String value) {
        if (value == null || isEncoded(value)) {
            return value;
        }
        try {
            return PasswordUtil.encode(value, "aes");
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("cannot encode a secret for storage: " + e.getClass().getSimpleName());
        }
    }
}
