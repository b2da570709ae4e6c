package io.ledgerline.query.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.core.MethodParameter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.method.support.ModelAndViewContainer;
import tools.jackson.databind.json.JsonMapper;

class AnswerWriterTest {

    record View(String id, long version, Instant at, boolean stale) {
    }

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final View VIEW = new View("acc-1", 3, Instant.parse("2026-03-10T12:00:00Z"), false);

    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/accounts/acc-1");
    private final MockHttpServletResponse response = new MockHttpServletResponse();
    private final ModelAndViewContainer container = new ModelAndViewContainer();

    @Test
    void givenAView_whenWritten_thenJsonOfTheMapperWithLengthAndEtag() throws Exception {
        write(Answers.versioned(VIEW, 3, request));

        assertThat(container.isRequestHandled()).isTrue();
        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/json");
        assertThat(response.getHeader("ETag")).isEqualTo("\"3\"");
        assertThat(response.getContentAsByteArray()).isEqualTo(MAPPER.writeValueAsBytes(VIEW));
        assertThat(response.getContentLength()).isEqualTo(response.getContentAsByteArray().length);
    }

    @Test
    void givenIfNoneMatchOnTheVersion_whenWritten_then304WithEtagAndNoBody() throws Exception {
        request.addHeader("If-None-Match", "\"2\", W/\"3\"");

        write(Answers.versioned(VIEW, 3, request));

        assertThat(response.getStatus()).isEqualTo(304);
        assertThat(response.getHeader("ETag")).isEqualTo("\"3\"");
        assertThat(response.getContentAsByteArray()).isEmpty();
    }

    @Test
    void givenAnOlderIfNoneMatch_whenWritten_thenTheView() throws Exception {
        request.addHeader("If-None-Match", "\"2\"");

        write(Answers.versioned(VIEW, 3, request));

        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void givenAnotherInstancesAnswer_whenWritten_thenRelayedAsItCame() throws Exception {
        byte[] problem = "{\"status\":503}".getBytes(StandardCharsets.UTF_8);

        write(Answer.relayed(503, "application/problem+json", null, "1", problem, null));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("1");
        assertThat(response.getContentAsByteArray()).isEqualTo(problem);
    }

    @Test
    void givenTheVersionThatAnswered_whenWritten_thenSaidInAHeader() throws Exception {
        write(Answer.ok(VIEW, "\"3\"").answeredBy("ledgerline-projections-v2"));

        assertThat(response.getHeader("Ledgerline-Projection-Version")).isEqualTo("ledgerline-projections-v2");
    }

    @Test
    void givenAnAcceptWithJsonAmongOthers_whenWritten_thenJson() throws Exception {
        request.addHeader("Accept", "text/html, application/*;q=0.8");

        write(Answer.ok(VIEW, "\"3\""));

        assertThat(response.getContentType()).isEqualTo("application/json");
    }

    @Test
    void givenAnAcceptWithoutJson_whenWritten_thenNotAcceptable() {
        request.addHeader("Accept", "application/xml");

        assertThatThrownBy(() -> write(Answer.ok(VIEW, "\"3\"")))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class);
        assertThat(response.isCommitted()).isFalse();
    }

    private void write(Answer answer) throws Exception {
        AnswerWriter writer = new AnswerWriter(MAPPER);
        MethodParameter returnType = new MethodParameter(Answers.class.getMethod("versioned", Object.class,
                long.class, jakarta.servlet.http.HttpServletRequest.class), -1);
        assertThat(writer.supportsReturnType(returnType)).isTrue();
        writer.handleReturnValue(answer, returnType, container, new ServletWebRequest(request, response));
    }
}
