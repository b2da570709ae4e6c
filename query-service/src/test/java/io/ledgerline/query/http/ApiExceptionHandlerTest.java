package io.ledgerline.query.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** The headers of the read API's 404 and 503: as a 200's where they apply (ADR 0011). */
class ApiExceptionHandlerTest {

    private static final String VERSION = "ledgerline-projections-v2";

    private final ApiExceptionHandler handler = new ApiExceptionHandler();
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/accounts/acc-1");

    @Test
    void givenAReadGivenToAVersion_whenNotFound_then404NamesTheVersionWithoutEtag() {
        request.setAttribute(ReadModels.ANSWERED_BY, VERSION);

        ResponseEntity<Object> answer = handler.notFound(new NotFoundException("account", "acc-1"), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getHeaders().getFirst(ReadModels.PROJECTION_VERSION)).isEqualTo(VERSION);
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.ETAG)).isFalse();
        assertThat(answer.getHeaders().containsHeader(HttpHeaders.RETRY_AFTER)).isFalse();
    }

    @Test
    void givenAReadGivenToAVersion_whenUnavailableOrStoreMoved_then503NamesTheVersionAndRetryAfter() {
        request.setAttribute(ReadModels.ANSWERED_BY, VERSION);

        for (ResponseEntity<Object> answer : List.of(
                handler.unavailable(new UnavailableException("the key moved to another instance; retry"), request),
                handler.storeMoved(new InvalidStateStoreException("closed"), request))) {
            assertThat(answer.getStatusCode().value()).isEqualTo(503);
            assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(answer.getHeaders().getFirst(ReadModels.PROJECTION_VERSION)).isEqualTo(VERSION);
            assertThat(answer.getHeaders().containsHeader(HttpHeaders.ETAG)).isFalse();
        }
    }

    @Test
    void givenNoVersionChosenYet_whenUnavailable_then503WithRetryAfterOnly() {
        ResponseEntity<Object> answer = handler.unavailable(new UnavailableException("the projections are starting"),
                request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getHeaders().containsHeader(ReadModels.PROJECTION_VERSION)).isFalse();
    }
}
