package io.ledgerline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** The shared problem+json mapping, behind a service's advice that adds a type of its own. */
class ProblemExceptionHandlerTest {

    private static final ProblemType GONE = ProblemType.of(HttpStatus.GONE, "gone", "Gone");

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Endpoints())
            .setControllerAdvice(new ServiceAdvice()).build();

    @Test
    void theSharedTypesKeepTheirUrisAndStatuses() {
        assertThat(ProblemType.VALIDATION.type()).hasToString("https://ledgerline.io/problems/validation");
        assertThat(ProblemType.NO_SUCH_ENDPOINT.status()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(ProblemType.UNAVAILABLE.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(ProblemType.INTERNAL.type()).hasToString("https://ledgerline.io/problems/internal");
    }

    @Test
    void anUnexpectedFailure_is500InternalWithoutItsMessage() throws Exception {
        mvc.perform(get("/boom")).andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("https://ledgerline.io/problems/internal"))
                .andExpect(jsonPath("$.instance").value("/boom"))
                .andExpect(jsonPath("$.detail").value("an unexpected error occurred; it has been logged"));
    }

    @Test
    void springMvcsOwnAnswer_getsTheSharedType() throws Exception {
        mvc.perform(post("/boom")).andExpect(status().isMethodNotAllowed())
                .andExpect(jsonPath("$.type").value("https://ledgerline.io/problems/method-not-allowed"))
                .andExpect(jsonPath("$.title").value("Method not allowed"))
                .andExpect(jsonPath("$.instance").value("/boom"));
    }

    @Test
    void aServiceHandler_usesTheSharedShape() throws Exception {
        mvc.perform(get("/busy")).andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "1"))
                .andExpect(jsonPath("$.type").value("https://ledgerline.io/problems/unavailable"))
                .andExpect(jsonPath("$.detail").value("try again"));
    }

    @RestController
    static class Endpoints {

        @GetMapping("/boom")
        String boom() {
            throw new IllegalStateException("secret internals");
        }

        @GetMapping("/busy")
        String busy() {
            throw new Busy();
        }
    }

    static class Busy extends RuntimeException {
    }

    @RestControllerAdvice
    static class ServiceAdvice extends ProblemExceptionHandler {

        @ExceptionHandler(Busy.class)
        ResponseEntity<Object> busy(Busy e, HttpServletRequest request) {
            return unavailable("try again", request);
        }

        @Override
        protected ProblemType typeFor(HttpStatusCode status) {
            return status.value() == 410 ? GONE : super.typeFor(status);
        }
    }
}
