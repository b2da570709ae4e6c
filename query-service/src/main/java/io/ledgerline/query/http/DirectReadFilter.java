package io.ledgerline.query.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Answers the common case of one hot read — a plain {@code GET} of one key, {@code pattern} with a single path
 * variable — before {@code DispatcherServlet}, whose handler lookup, argument resolution and return-value handling
 * were about half of such a GET's CPU (ADR 0042). It answers only when the answer is local and immediate
 * ({@link ReadModels#answeredHere}: this instance owns the key, the read model has it, nothing to wait for), the
 * request has no query string, no forwarding header, and an {@code Accept} that needs no parsing (none,
 * {@code *}{@code /*}, {@code application/json}), and the key is a plain path segment (no {@code %}, {@code ;}, no dot segment).
 * Every other request — 404, 503, a forward to the owner, {@code minVersion} waits, other {@code Accept}s, other
 * paths and methods — goes down the chain to the controller, unchanged.
 *
 * <p>It answers as the controller does: the same read function ({@code read}, the one the controller passes to
 * {@link ReadModels#answer}), {@link Answers} for the ETag and {@code If-None-Match} → 304, {@link AnswerWriter} for
 * the headers and JSON bytes. It sets the matched pattern where a handler mapping sets it, so
 * {@link io.ledgerline.web.RequestTimerFilter}, earlier in the chain, tags {@code http.server.requests} with it.
 *
 * <p>Ordered {@link #ORDER}: after the timer and after where Spring Security's filter chain goes
 * ({@code SecurityProperties.DEFAULT_FILTER_ORDER}, -100), so authentication runs before any answer; the object-level
 * check belongs in the shared read function, so both paths make it.
 */
public final class DirectReadFilter implements Filter {

    /** After Spring Security's filter chain (-100) and the request timer ({@code HIGHEST_PRECEDENCE + 1}). */
    public static final int ORDER = 0;

    /** How a read model reads one key, without waiting: the function its controller gives {@link ReadModels}. */
    @FunctionalInterface
    public interface Read {

        Function<ReadModels.Local, CompletableFuture<Answer>> of(String key, HttpServletRequest request);
    }

    private final String pattern;
    private final String prefix;
    private final String store;
    private final Read read;
    private final ReadModels reads;
    private final AnswerWriter writer;

    /** @param pattern the controller's mapping, a fixed prefix and one path variable: {@code /api/accounts/{id}} */
    public DirectReadFilter(String pattern, String store, Read read, ReadModels reads, AnswerWriter writer) {
        int variable = pattern.indexOf('{');
        if (variable < 1 || pattern.indexOf('}') != pattern.length() - 1 || pattern.charAt(variable - 1) != '/') {
            throw new IllegalArgumentException("not a prefix and one path variable: " + pattern);
        }
        this.pattern = pattern;
        this.prefix = pattern.substring(0, variable);
        this.store = store;
        this.read = read;
        this.reads = reads;
        this.writer = writer;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        String key = keyOf(request);
        Answer answer = key == null ? null : reads.answeredHere(store, key, request, read.of(key, request));
        if (answer == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        writer.write(answer, request, (HttpServletResponse) servletResponse);
    }

    /** The key of a request this filter may answer, else null. */
    private String keyOf(HttpServletRequest request) {
        if (!"GET".equals(request.getMethod()) || request.getQueryString() != null || !plainAccept(request)) {
            return null;
        }
        String uri = request.getRequestURI();
        int start = request.getContextPath().length() + prefix.length();
        if (uri.length() <= start || !uri.startsWith(prefix, start - prefix.length())) {
            return null;
        }
        for (int i = start; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '%' || c == ';') {
                // Another path, an encoded key or path parameters: Spring MVC's matching decides.
                return null;
            }
        }
        String key = uri.substring(start);
        // Dot segments are normalised away by the container before Spring MVC matches.
        return key.equals(".") || key.equals("..") ? null : key;
    }

    private static boolean plainAccept(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept == null || accept.equals("*/*") || accept.equals(MediaType.APPLICATION_JSON_VALUE);
    }
}
