package io.ledgerline.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

class JsonAcceptTest {

    @Test
    void givenAnAcceptThatAdmitsJson_whenRequired_thenItPasses() {
        for (String accept : new String[] {null, "*/*", "application/json", "text/html, application/*;q=0.5",
                "application/problem+json, application/json"}) {
            assertThatCode(() -> JsonAccept.require(accept)).as(accept).doesNotThrowAnyException();
        }
    }

    @Test
    void givenAnAcceptWithoutJson_whenRequired_thenItIsRefusedWith406() {
        assertThatThrownBy(() -> JsonAccept.require("text/html"))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class);
    }

    @Test
    void givenAnUnparseableAccept_whenRequired_thenItIsRefusedWith406NamingTheCause() {
        assertThatThrownBy(() -> JsonAccept.require("not a media type"))
                .isInstanceOf(HttpMediaTypeNotAcceptableException.class)
                .hasMessageContaining("could not parse Accept");
    }
}
