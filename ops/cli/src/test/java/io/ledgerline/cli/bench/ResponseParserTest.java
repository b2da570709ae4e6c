package io.ledgerline.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Responses fed whole and one byte at a time, as they may arrive from a socket. */
class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser();

    @Test
    void givenContentLength_whenFedByteByByte_thenEndsAfterTheBodyAndLeavesTheRest() throws Exception {
        String response = "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\ncontent-length: 12\r\n\r\n"
                + "{\"ok\":true}\n";
        assertThat(feedByteByByte(response + "HTTP/1.1")).isEqualTo("HTTP/1.1");
        assertThat(parser.status()).isEqualTo(201);
        assertThat(parser.keepAlive()).isTrue();
    }

    @Test
    void givenChunkedBodyWithExtensionsAndTrailers_whenFedByteByByte_thenEndsAfterTheTrailers() throws Exception {
        String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n"
                + "5;name=value\r\nhello\r\n"
                + "A\r\n0123456789\r\n"
                + "0\r\nTrailer: x\r\n\r\n";
        assertThat(feedByteByByte(response + "next")).isEqualTo("next");
        assertThat(parser.status()).isEqualTo(200);
    }

    @Test
    void givenConnectionClose_thenNotKeepAlive() throws Exception {
        ByteBuffer in = bytes("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertThat(parser.feed(in)).isTrue();
        assertThat(parser.status()).isEqualTo(503);
        assertThat(parser.keepAlive()).isFalse();
    }

    @Test
    void givenInterimAnswerAndNoContent_thenTheFinalStatusCountsAndNoBodyIsAwaited() throws Exception {
        assertThat(parser.feed(bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"))).isTrue();
        assertThat(parser.status()).isEqualTo(204);
    }

    @Test
    void givenNeitherLengthNorChunks_thenTheBodyRunsUntilTheServerCloses() throws Exception {
        assertThat(parser.feed(bytes("HTTP/1.0 200 OK\r\n\r\nsome body"))).isFalse();
        assertThat(parser.endOfStream()).isTrue();
        assertThat(parser.keepAlive()).isFalse();
    }

    @Test
    void givenClosedInTheMiddleOfABody_thenNotComplete() throws Exception {
        assertThat(parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"))).isFalse();
        assertThat(parser.endOfStream()).isFalse();
    }

    @Test
    void givenNotHttp_thenMalformed() {
        assertThatThrownBy(() -> parser.feed(bytes("SSH-2.0-OpenSSH\r\n")))
                .isInstanceOf(ResponseParser.MalformedResponseException.class);
        parser.reset();
        assertThatThrownBy(() -> parser.feed(bytes("HTTP/1.1 200 OK\r\nContent-Length: ten\r\n\r\n")))
                .isInstanceOf(ResponseParser.MalformedResponseException.class);
    }

    /** Feeds one byte at a time until the parser says the response is complete; returns what was left over. */
    private String feedByteByByte(String text) throws Exception {
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < all.length; i++) {
            ByteBuffer one = ByteBuffer.wrap(all, i, 1);
            if (parser.feed(one)) {
                return new String(all, i + 1, all.length - i - 1, StandardCharsets.ISO_8859_1);
            }
        }
        throw new AssertionError("response not complete");
    }

    private static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
