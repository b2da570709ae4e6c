package io.ledgerline.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.Filter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * The timer behind Spring MVC in a real Tomcat, beside Spring's own {@link ServerHttpObservationFilter} with
 * Micrometer's meter handler (what Boot registers): for each kind of answer, both record the same timer, name and tags.
 */
class RequestTimerFilterTest {

    @TempDir
    static Path base;

    private static final MeterRegistry OURS = new SimpleMeterRegistry();
    private static final MeterRegistry SPRINGS = new SimpleMeterRegistry();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Tomcat tomcat;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(SPRINGS));
        AnnotationConfigWebApplicationContext web = new AnnotationConfigWebApplicationContext();
        web.register(Mvc.class);

        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        Context context = tomcat.addContext("", base.toString());
        Wrapper dispatcher = Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(web));
        dispatcher.setAsyncSupported(true);
        dispatcher.setLoadOnStartup(1);
        context.addServletMappingDecoded("/", "dispatcher");
        filter(context, "observation", new ServerHttpObservationFilter(observations));
        filter(context, "timer", new RequestTimerFilter(OURS));
        tomcat.getConnector();
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }

    @Test
    void anAnswer_isTimedUnderItsPattern() throws Exception {
        assertThat(get("/things/a1", null)).isEqualTo(200);

        assertTimed(Map.of("uri", "/things/{id}", "status", "200", "outcome", "SUCCESS", "method", "GET",
                "exception", "none", "error", "none"));
    }

    @Test
    void notModified_isARedirectionUnderItsPattern() throws Exception {
        assertThat(get("/things/a1", "\"1\"")).isEqualTo(304);

        assertTimed(Map.of("uri", "/things/{id}", "status", "304", "outcome", "REDIRECTION", "exception", "none"));
    }

    @Test
    void anUnknownId_answeredByAnExceptionHandler_isAClientErrorWithoutException() throws Exception {
        assertThat(get("/things/missing", null)).isEqualTo(404);

        assertTimed(Map.of("uri", "/things/{id}", "status", "404", "outcome", "CLIENT_ERROR", "exception", "none",
                "error", "none"));
    }

    @Test
    void anUnknownPath_isNotFound() throws Exception {
        assertThat(get("/nowhere/at/all", null)).isEqualTo(404);

        assertTimed(Map.of("uri", "NOT_FOUND", "status", "404", "outcome", "CLIENT_ERROR"));
    }

    @Test
    void anAsynchronousAnswer_isTimedWhenComplete_withItsStatus() throws Exception {
        assertThat(get("/things/a2/later", null)).isEqualTo(200);
        assertThat(get("/things/missing/later", null)).isEqualTo(404);

        assertTimed(Map.of("uri", "/things/{id}/later", "status", "200", "outcome", "SUCCESS"));
        assertTimed(Map.of("uri", "/things/{id}/later", "status", "404", "outcome", "CLIENT_ERROR",
                "exception", "none"));
    }

    @Test
    void anExceptionNoHandlerTakes_isA500TaggedWithIt() throws Exception {
        assertThat(get("/broken", null)).isEqualTo(500);

        assertTimed(Map.of("uri", "/broken", "status", "500", "outcome", "SERVER_ERROR",
                "exception", "IllegalStateException", "error", "IllegalStateException"));
    }

    @Test
    void aKeptTimer_isTheRegistrysTimer() throws Exception {
        get("/things/a3", null);
        get("/things/a4", null);

        assertThat(OURS.find(RequestTimerFilter.NAME).tag("uri", "/things/{id}").tag("status", "200").timers())
                .hasSize(1);
    }

    /**
     * A timer with these tags is in our registry, and every timer of ours has its twin (same name, same tags, same
     * count) in Spring's. The container tells listeners of a completed request after the client may have its
     * answer, so this asks again within a deadline.
     */
    private static void assertTimed(Map<String, String> tags) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            assertThat(timers(OURS, tags)).isNotEmpty();
            assertThat(timers(OURS, null)).isEqualTo(timers(SPRINGS, null));
        });
    }

    /** The http.server.requests timers that carry {@code tags} (all with null), as tag sets to counts. */
    private static Map<String, Long> timers(MeterRegistry registry, Map<String, String> tags) {
        return registry.find(RequestTimerFilter.NAME).timers().stream()
                .filter(timer -> tags == null || tags.entrySet().stream()
                        .allMatch(tag -> tag.getValue().equals(timer.getId().getTag(tag.getKey()))))
                .collect(Collectors.toMap(timer -> timer.getId().getTags().toString(), Timer::count, Long::sum,
                        TreeMap::new));
    }

    private static int get(String path, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10));
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void filter(Context context, String name, Filter filter) {
        FilterDef def = new FilterDef();
        def.setFilterName(name);
        def.setFilter(filter);
        def.setAsyncSupported("true");
        context.addFilterDef(def);
        FilterMap map = new FilterMap();
        map.setFilterName(name);
        map.addURLPattern("/*");
        map.setDispatcher("REQUEST");
        map.setDispatcher("ASYNC");
        context.addFilterMap(map);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebMvc
    @Import(Things.class)
    static class Mvc {
    }

    @RestController
    static class Things {

        @GetMapping("/things/{id}")
        ResponseEntity<String> thing(@PathVariable String id,
                @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
            if (id.equals("missing")) {
                throw new NoSuchThing();
            }
            if ("\"1\"".equals(ifNoneMatch)) {
                return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag("1").build();
            }
            return ResponseEntity.ok().eTag("1").body(id);
        }

        @GetMapping("/things/{id}/later")
        CompletableFuture<ResponseEntity<String>> later(@PathVariable String id) {
            return CompletableFuture.supplyAsync(() -> thing(id, null),
                    CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
        }

        @GetMapping("/broken")
        String broken() {
            throw new IllegalStateException("no handler for this");
        }

        @ExceptionHandler(NoSuchThing.class)
        ResponseEntity<String> notFound() {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body("no such thing");
        }
    }

    static final class NoSuchThing extends RuntimeException {
    }
}
