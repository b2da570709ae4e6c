package io.ledgerline.command.http;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Parses {@link CommandHeaders}: a malformed {@code Idempotency-Key} or {@code If-Match} is a 400
 * ({@link InvalidHeaderException}); {@code Prefer} is a preference, so anything in it that is not understood is
 * ignored (RFC 7240). {@code Prefer: wait=N} asks for N seconds (capped at the maximum wait),
 * {@code respond-async} for no wait at all.
 */
final class CommandHeadersResolver implements HandlerMethodArgumentResolver {

    private static final Pattern COMMAND_ID = Pattern.compile(CommandHeaders.COMMAND_ID_PATTERN);
    // One strong entity tag holding a version; 18 digits keep it inside a long.
    private static final Pattern VERSION_TAG = Pattern.compile("\"(\\d{1,18})\"");
    private static final Pattern WAIT = Pattern.compile("wait\\s*=\\s*\"?(\\d{1,9})\"?", Pattern.CASE_INSENSITIVE);

    private final HttpProperties properties;

    CommandHeadersResolver(HttpProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return CommandHeaders.class.equals(parameter.getParameterType());
    }

    @Override
    public CommandHeaders resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
            NativeWebRequest request, WebDataBinderFactory binderFactory) {
        return new CommandHeaders(commandId(single(request, CommandHeaders.IDEMPOTENCY_KEY)),
                expectedVersion(single(request, CommandHeaders.IF_MATCH)),
                wait(request.getHeaderValues(CommandHeaders.PREFER)));
    }

    private static String commandId(String key) {
        if (key == null) {
            return UUID.randomUUID().toString();
        }
        if (!COMMAND_ID.matcher(key).matches()) {
            throw new InvalidHeaderException(CommandHeaders.IDEMPOTENCY_KEY, "must be 1 to "
                    + CommandHeaders.MAX_COMMAND_ID_LENGTH + " characters from A-Z a-z 0-9 . _ : ~ -");
        }
        return key;
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return null;
        }
        Matcher tag = VERSION_TAG.matcher(ifMatch.trim());
        if (!tag.matches()) {
            throw new InvalidHeaderException(CommandHeaders.IF_MATCH,
                    "must be one quoted aggregate version, e.g. \"3\" (the ETag of the account)");
        }
        return Long.parseLong(tag.group(1));
    }

    private Duration wait(String[] preferHeaders) {
        Duration asked = null;
        boolean async = false;
        for (String header : preferHeaders == null ? new String[0] : preferHeaders) {
            for (String preference : header.split(",")) {
                String token = preference.trim();
                Matcher wait = WAIT.matcher(token);
                if (wait.matches()) {
                    asked = Collections.min(List.of(Duration.ofSeconds(Long.parseLong(wait.group(1))),
                            properties.maxWait()));
                } else if (token.equalsIgnoreCase("respond-async")) {
                    async = true;
                }
            }
        }
        // "respond-async, wait=10" means: answer 202 if it takes longer than 10 s.
        if (asked != null) {
            return asked;
        }
        return async ? Duration.ZERO : properties.waitLimit();
    }

    private static String single(NativeWebRequest request, String name) {
        String[] values = request.getHeaderValues(name);
        if (values == null || values.length == 0) {
            return null;
        }
        if (values.length > 1) {
            throw new InvalidHeaderException(name, "must be given once");
        }
        return values[0];
    }
}
