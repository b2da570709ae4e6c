package io.ledgerline.command.http;

import java.util.Objects;

/**
 * Who calls: every handler receives one, so the security issue only has to change how it is resolved
 * ({@link CallerArgumentResolver}) and add the object-level checks. Until then every caller is anonymous.
 *
 * @param name recorded as the command's {@code actor}
 */
public record Caller(String name, boolean authenticated) {

    public static final Caller ANONYMOUS = new Caller("anonymous", false);

    public Caller {
        Objects.requireNonNull(name, "name");
    }
}
