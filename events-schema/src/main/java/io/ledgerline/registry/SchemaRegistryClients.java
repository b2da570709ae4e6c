package io.ledgerline.registry;

import java.util.Map;
import org.apache.kafka.common.config.ConfigException;

/**
 * Builds the registry client a configuration asks for: for {@code mock://scope} the shared
 * {@link InMemorySchemaRegistry} of that scope, otherwise a {@link CachingSchemaRegistryClient} over an
 * {@link HttpSchemaRegistryClient}. Keys (Confluent's names where Confluent has one):
 * <table>
 *   <caption>Configuration keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code schema.registry.url}</td><td>(required)</td><td>one or more comma-separated base URLs, tried in
 *       turn when one fails; or {@code mock://scope}</td></tr>
 *   <tr><td>{@code basic.auth.credentials.source}</td><td>USER_INFO when a user info is set</td><td>only
 *       {@code USER_INFO} is supported</td></tr>
 *   <tr><td>{@code basic.auth.user.info}</td><td>none</td><td>{@code user:password} for HTTP basic auth</td></tr>
 *   <tr><td>{@code bearer.auth.credentials.source}</td><td>STATIC_TOKEN</td><td>only {@code STATIC_TOKEN}</td></tr>
 *   <tr><td>{@code bearer.auth.token}</td><td>none</td><td>a bearer token (not together with basic auth)</td></tr>
 *   <tr><td>{@code ledgerline.registry.connect.timeout.ms}</td><td>5000</td><td>TCP connect timeout</td></tr>
 *   <tr><td>{@code ledgerline.registry.request.timeout.ms}</td><td>10000</td><td>timeout of one HTTP request</td></tr>
 *   <tr><td>{@code ledgerline.registry.retries.max}</td><td>3</td><td>extra rounds through the URLs after 5xx or
 *       I/O failures (4xx answers are never retried)</td></tr>
 *   <tr><td>{@code ledgerline.registry.retries.backoff.initial.ms}</td><td>100</td><td>backoff ceiling of the first
 *       retry; doubles each round (full jitter: the wait is random below the ceiling)</td></tr>
 *   <tr><td>{@code ledgerline.registry.retries.backoff.max.ms}</td><td>2000</td><td>largest backoff ceiling</td></tr>
 *   <tr><td>{@code ledgerline.registry.breaker.failure.threshold}</td><td>5</td><td>consecutive failures that open
 *       the circuit breaker</td></tr>
 *   <tr><td>{@code ledgerline.registry.breaker.cooldown.ms}</td><td>10000</td><td>how long an open breaker refuses
 *       calls before letting a trial call through</td></tr>
 *   <tr><td>{@code ledgerline.registry.cache.capacity}</td><td>1000</td><td>entries in each cache direction</td></tr>
 * </table>
 */
public final class SchemaRegistryClients {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String BEARER_AUTH_CREDENTIALS_SOURCE = "bearer.auth.credentials.source";
    public static final String BEARER_AUTH_TOKEN = "bearer.auth.token";
    public static final String CONNECT_TIMEOUT_MS = "ledgerline.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "ledgerline.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "ledgerline.registry.retries.max";
    public static final String BACKOFF_INITIAL_MS = "ledgerline.registry.retries.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "ledgerline.registry.retries.backoff.max.ms";
    public static final String BREAKER_FAILURE_THRESHOLD = "ledgerline.registry.breaker.failure.threshold";
    public static final String BREAKER_COOL_DOWN_MS = "ledgerline.registry.breaker.cooldown.ms";
    public static final String CACHE_CAPACITY = "ledgerline.registry.cache.capacity";

    private SchemaRegistryClients() {
    }

    /** The client for {@code urls}; the other settings come from {@code configs} (keys above). */
    public static SchemaRegistryClient create(String urls, Map<String, ?> configs) {
        if (InMemorySchemaRegistry.isMockUrl(urls.trim())) {
            return InMemorySchemaRegistry.forUrl(urls.trim());
        }
        RegistryClientConfig config = RegistryClientConfig.from(urls, configs);
        return new CachingSchemaRegistryClient(new HttpSchemaRegistryClient(config), config.cacheCapacity());
    }

    /** The client {@code configs} names with {@code schema.registry.url}. */
    public static SchemaRegistryClient create(Map<String, ?> configs) {
        Object urls = configs.get(URL);
        if (urls == null) {
            throw new ConfigException(URL, null, "a schema registry URL is required");
        }
        return create(urls.toString(), configs);
    }
}
