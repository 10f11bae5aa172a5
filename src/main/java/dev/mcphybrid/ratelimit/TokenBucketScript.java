package dev.mcphybrid.ratelimit;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One token bucket step in Redis as a single script, so concurrent gateway instances cannot interleave between
 * reading and writing a bucket. The time comes from Redis ({@code TIME}), not from the instances, whose clocks may
 * differ. A bucket expires once it would have filled up again: a missing bucket is a full one.
 */
final class TokenBucketScript {

    static final String SOURCE = """
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
            local bucket = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(bucket[1])
            local at = tonumber(bucket[2])
            if tokens == nil or at == nil then
              tokens = burst
            else
              -- no refill, rather than a stall, if the clock went back (e.g. after a failover)
              tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000000)
            end
            local allowed = 0
            if tokens >= 1 then
              tokens = tokens - 1
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens), 'at', string.format('%.0f', now))
            local untilFull = math.min(math.ceil((burst - tokens) / rate * 1000) + 1000, 1000000000000)
            redis.call('PEXPIRE', KEYS[1], string.format('%d', untilFull))
            return {allowed, string.format('%.17g', tokens)}
            """;

    static final String SHA1 = sha1(SOURCE);

    private TokenBucketScript() {
    }

    /** Takes one token from the bucket at {@code redisKey}: EVALSHA, or EVAL when Redis does not have the script yet. */
    static Decision take(UnifiedJedis redis, String redisKey, Limit limit) {
        List<String> keys = List.of(redisKey);
        List<String> args = List.of(BigDecimal.valueOf(limit.perSecond()).toPlainString(), Integer.toString(limit.burst()));
        Object reply;
        try {
            reply = redis.evalsha(SHA1, keys, args);
        } catch (JedisNoScriptException e) {
            reply = redis.eval(SOURCE, keys, args);
        }
        return decision(reply, limit);
    }

    private static Decision decision(Object reply, Limit limit) {
        if (!(reply instanceof List<?> values) || values.size() != 2) {
            throw new IllegalStateException("unexpected reply from the token bucket script: " + reply);
        }
        boolean allowed = Long.parseLong(text(values.get(0))) == 1;
        double tokens = Double.parseDouble(text(values.get(1)));
        return allowed ? Decision.allow(tokens) : Decision.refuse(limit.retryAfterSeconds(tokens), tokens);
    }

    private static String text(Object value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }
}
