package io.ledgerline.registry;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of {@link HttpSchemaRegistryClient} and its cache; {@link #from} reads them from a client's
 * configuration map (keys and defaults on {@link SchemaRegistryClients}).
 *
 * @param authorization the value of the {@code Authorization} header, if any
 */
public record RegistryClientConfig(
        List<URI> baseUrls,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff,
        int breakerFailureThreshold,
        Duration breakerCoolDown,
        int cacheCapacity,
        Optional<String> authorization) {

    public RegistryClientConfig {
        baseUrls = List.copyOf(baseUrls);
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one registry URL is required");
        }
        if (maxRetries < 0 || breakerFailureThreshold < 1 || cacheCapacity < 1) {
            throw new IllegalArgumentException("retries must be >= 0, breaker threshold and cache capacity >= 1");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative()
                || requestTimeout.isZero() || initialBackoff.isNegative() || maxBackoff.isNegative()
                || breakerCoolDown.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive, backoffs and cool-down not negative");
        }
    }

    /** The defaults for one or more comma-separated base URLs, without authentication. */
    public static RegistryClientConfig defaults(String urls) {
        return from(urls, Map.of());
    }

    public static RegistryClientConfig from(String urls, Map<String, ?> configs) {
        return new RegistryClientConfig(
                parseUrls(urls),
                millis(configs, SchemaRegistryClients.CONNECT_TIMEOUT_MS, 5_000),
                millis(configs, SchemaRegistryClients.REQUEST_TIMEOUT_MS, 10_000),
                (int) number(configs, SchemaRegistryClients.MAX_RETRIES, 3),
                millis(configs, SchemaRegistryClients.BACKOFF_INITIAL_MS, 100),
                millis(configs, SchemaRegistryClients.BACKOFF_MAX_MS, 2_000),
                (int) number(configs, SchemaRegistryClients.BREAKER_FAILURE_THRESHOLD, 5),
                millis(configs, SchemaRegistryClients.BREAKER_COOL_DOWN_MS, 10_000),
                (int) number(configs, SchemaRegistryClients.CACHE_CAPACITY, 1_000),
                authorization(configs));
    }

    private static List<URI> parseUrls(String urls) {
        return Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
                .peek(url -> {
                    if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
                        throw new ConfigException(SchemaRegistryClients.URL, url, "expected http or https");
                    }
                })
                .toList();
    }

    private static Optional<String> authorization(Map<String, ?> configs) {
        Object userInfo = configs.get(SchemaRegistryClients.BASIC_AUTH_USER_INFO);
        Object token = configs.get(SchemaRegistryClients.BEARER_AUTH_TOKEN);
        Object basicSource = configs.get(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE);
        Object bearerSource = configs.get(SchemaRegistryClients.BEARER_AUTH_CREDENTIALS_SOURCE);
        boolean basic = basicSource != null ? "USER_INFO".equalsIgnoreCase(basicSource.toString())
                : userInfo != null;
        if (basicSource != null && !basic) {
            throw new ConfigException(SchemaRegistryClients.BASIC_AUTH_CREDENTIALS_SOURCE, basicSource,
                    "only USER_INFO is supported");
        }
        if (bearerSource != null && !"STATIC_TOKEN".equalsIgnoreCase(bearerSource.toString())) {
            throw new ConfigException(SchemaRegistryClients.BEARER_AUTH_CREDENTIALS_SOURCE, bearerSource,
                    "only STATIC_TOKEN is supported");
        }
        if (basic && token != null) {
            throw new ConfigException("configure either basic.auth.user.info or bearer.auth.token, not both");
        }
        if (basic) {
            if (userInfo == null || !userInfo.toString().contains(":")) {
                throw new ConfigException(SchemaRegistryClients.BASIC_AUTH_USER_INFO, "(hidden)",
                        "expected user:password");
            }
            byte[] credentials = userInfo.toString().getBytes(StandardCharsets.UTF_8);
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials));
        }
        return token == null ? Optional.empty() : Optional.of("Bearer " + token);
    }

    private static Duration millis(Map<String, ?> configs, String key, long fallback) {
        return Duration.ofMillis(number(configs, key, fallback));
    }

    private static long number(Map<String, ?> configs, String key, long fallback) {
        Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key, value, "expected a whole number");
        }
    }

    /** Hides the credentials. */
    @Override
    public String toString() {
        return "RegistryClientConfig[baseUrls=" + baseUrls + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", backoff="
                + initialBackoff + ".." + maxBackoff + ", breaker=" + breakerFailureThreshold + "/"
                + breakerCoolDown + ", cacheCapacity=" + cacheCapacity + ", authorization="
                + authorization.map(a -> a.substring(0, a.indexOf(' ')) + " ***").orElse("none") + "]";
    }
}
