package io.ledgerline.command.http;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the REST command API ({@code ledgerline.http.*}).
 *
 * @param maxBodySize the largest request body; larger ones are answered 413 before a byte of them is parsed
 * @param waitLimit   how long a request waits for its command's outcome before answering 202
 * @param maxWait     the longest wait a caller may ask for with {@code Prefer: wait=<seconds>}
 */
@ConfigurationProperties("ledgerline.http")
public record HttpProperties(
        @DefaultValue("16KB") DataSize maxBodySize,
        @DefaultValue("5s") Duration waitLimit,
        @DefaultValue("30s") Duration maxWait) {

    public HttpProperties {
        if (maxBodySize.toBytes() < 1) {
            throw new IllegalArgumentException("ledgerline.http.max-body-size must be positive");
        }
        if (waitLimit.isNegative() || maxWait.compareTo(waitLimit) < 0) {
            throw new IllegalArgumentException("ledgerline.http.wait-limit must be >= 0 and <= max-wait");
        }
    }
}
