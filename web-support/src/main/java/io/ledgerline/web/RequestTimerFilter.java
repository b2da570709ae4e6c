package io.ledgerline.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Times every request into the {@code http.server.requests} timer, with the tags Spring's
 * {@code ServerHttpObservationFilter} and Micrometer's {@code DefaultMeterObservationHandler} give it ({@code error},
 * {@code exception}, {@code method}, {@code outcome}, {@code status}, {@code uri}: the matched pattern, {@code root},
 * {@code REDIRECTION}, {@code NOT_FOUND} or {@code UNKNOWN}), so what users scrape does not change. It replaces that
 * filter because the Observation machinery (a context per request, the convention's tag computation, a meter lookup
 * by name and tags at every stop) was ~12 % of a GET's request-thread CPU, and nothing else here listens to those
 * observations: no tracing bridge is on the classpath (ADR 0036). A timer is looked up once per method, uri, status
 * and exception, then kept.
 *
 * <p>Registered for {@code REQUEST} and {@code ASYNC} dispatches. A request that goes asynchronous is timed until the
 * container completes it, with its final status; an exception that leaves the chain is tagged and answered 500, as
 * Spring's filter did.
 */
public final class RequestTimerFilter implements Filter {

    public static final String NAME = "http.server.requests";

    /** Distinct tag sets kept; beyond, timers are looked up in the registry each time (say, many odd methods). */
    static final int MAX_KEPT = 1_000;

    private static final String TIMING = RequestTimerFilter.class.getName() + ".timing";

    private final MeterRegistry registry;
    private final String name;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    public RequestTimerFilter(MeterRegistry registry) {
        this(registry, NAME);
    }

    /** @param name the timer's name, as Boot's {@code management.observations.http.server.requests.name} sets it */
    public RequestTimerFilter(MeterRegistry registry, String name) {
        this.registry = registry;
        this.name = name;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        boolean asyncDispatch = request.getDispatcherType() == DispatcherType.ASYNC;
        Timing timing = asyncDispatch ? (Timing) request.getAttribute(TIMING) : null;
        if (timing == null) {
            if (asyncDispatch) {
                // Went asynchronous before this filter saw it: nothing to time.
                chain.doFilter(request, response);
                return;
            }
            timing = new Timing(request, response, registry.config().clock().monotonicTime());
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            timing.error = e instanceof ServletException && e.getCause() != null ? e.getCause() : e;
            response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
            throw e;
        } finally {
            if (request.isAsyncStarted()) {
                if (!asyncDispatch) {
                    request.setAttribute(TIMING, timing);
                    request.getAsyncContext().addListener(timing);
                }
            } else if (!asyncDispatch) {
                timing.stop(request.getAttribute(RequestDispatcher.ERROR_EXCEPTION));
            }
        }
    }

    private void record(HttpServletRequest request, int status, Throwable error, long nanos) {
        Key key = new Key(request.getMethod(), pattern(request), status, error == null ? null : error.getClass());
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = Timer.builder(name).tags(key.tags()).register(registry);
            if (timers.size() < MAX_KEPT) {
                timers.put(key, timer);
            }
        }
        timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The pattern the handler mapping matched (Spring MVC sets it where it set the observation's path pattern). */
    private static String pattern(HttpServletRequest request) {
        return (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
    }

    /** One request's start, its failure if any; told by the container when an asynchronous request completes. */
    private final class Timing implements AsyncListener {

        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final long start;
        private Throwable error;
        private boolean stopped;

        Timing(HttpServletRequest request, HttpServletResponse response, long start) {
            this.request = request;
            this.response = response;
            this.start = start;
        }

        /** @param dispatchError a failure the container noted for the request, which is the one tagged then */
        synchronized void stop(Object dispatchError) {
            if (stopped) {
                return;
            }
            stopped = true;
            if (dispatchError instanceof Throwable failure) {
                error = failure;
            }
            record(request, response.getStatus(), error, registry.config().clock().monotonicTime() - start);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            stop(null);
        }

        @Override
        public synchronized void onError(AsyncEvent event) {
            Throwable failure = event.getThrowable();
            if (failure != null) {
                error = failure instanceof ServletException && failure.getCause() != null ? failure.getCause()
                        : failure;
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // Spring MVC answers the timeout (503) and the container completes the request: timed at onComplete.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** A tag set of the timer: the outcome follows from the status. */
    private record Key(String method, String pattern, int status, Class<?> error) {

        Tags tags() {
            String errorName = error == null ? "none" : error.getSimpleName();
            String exception = error == null ? "none" : errorName.isEmpty() ? error.getName() : errorName;
            return Tags.of("error", errorName, "exception", exception, "method", method, "outcome", outcome(),
                    "status", Integer.toString(status), "uri", uri());
        }

        private String uri() {
            if (pattern != null) {
                return pattern.isEmpty() ? "root" : pattern;
            }
            HttpStatus known = HttpStatus.resolve(status);
            if (known != null && known.is3xxRedirection()) {
                return "REDIRECTION";
            }
            return known == HttpStatus.NOT_FOUND ? "NOT_FOUND" : "UNKNOWN";
        }

        private String outcome() {
            HttpStatusCode code = HttpStatusCode.valueOf(status);
            if (code.is2xxSuccessful()) {
                return "SUCCESS";
            }
            return code instanceof HttpStatus known ? known.series().name() : "UNKNOWN";
        }
    }
}
