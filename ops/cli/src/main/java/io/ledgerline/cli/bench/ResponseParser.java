package io.ledgerline.cli.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Parses one HTTP/1.x response as its bytes arrive, without copying the body: the status line, the headers that
 * frame the body ({@code Content-Length}, {@code Transfer-Encoding: chunked}) or end the connection
 * ({@code Connection}), then skips the body. Interim (1xx) answers are skipped; 204 and 304 have no body; an answer
 * with neither length nor chunking runs until the server closes the connection. For answers to GET and POST only
 * (a HEAD's answer declares a length it does not send).
 */
final class ResponseParser {

    /** Bytes that are not an HTTP/1.x response. */
    static final class MalformedResponseException extends IOException {

        MalformedResponseException(String message) {
            super(message);
        }
    }

    private enum State { STATUS_LINE, HEADERS, BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, DONE }

    private static final int MAX_LINE = 8 * 1024;

    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;
    private State state;
    private int status;
    private long contentLength;
    private boolean chunked;
    private boolean keepAlive;
    private long remaining;

    ResponseParser() {
        reset();
    }

    /** Ready for the next response on the connection. */
    void reset() {
        state = State.STATUS_LINE;
        lineLength = 0;
        status = 0;
        contentLength = -1;
        chunked = false;
        keepAlive = true;
        remaining = 0;
    }

    int status() {
        return status;
    }

    /** Whether the connection may carry another request after this response. */
    boolean keepAlive() {
        return keepAlive;
    }

    /**
     * Consumes bytes of {@code in} up to the end of the response; true when the response is complete (the bytes
     * after it stay in {@code in}).
     */
    boolean feed(ByteBuffer in) throws MalformedResponseException {
        while (in.hasRemaining()) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int skip = (int) Math.min(remaining, in.remaining());
                    in.position(in.position() + skip);
                    remaining -= skip;
                    if (remaining == 0) {
                        state = state == State.BODY ? State.DONE : State.CHUNK_END;
                    }
                }
                case UNTIL_CLOSE -> in.position(in.limit());
                case DONE -> {
                    return true;
                }
                default -> {
                    if (readLine(in)) {
                        onLine();
                    }
                }
            }
            if (state == State.DONE) {
                return true;
            }
        }
        return state == State.DONE;
    }

    /** The server closed the connection: true when that ends this response (a body without length or chunks). */
    boolean endOfStream() {
        if (state == State.UNTIL_CLOSE) {
            state = State.DONE;
            return true;
        }
        return false;
    }

    private boolean readLine(ByteBuffer in) throws MalformedResponseException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (b == '\n') {
                if (lineLength > 0 && line[lineLength - 1] == '\r') {
                    lineLength--;
                }
                return true;
            }
            if (lineLength == MAX_LINE) {
                throw new MalformedResponseException("a line of the response is longer than " + MAX_LINE + " bytes");
            }
            line[lineLength++] = b;
        }
        return false;
    }

    private void onLine() throws MalformedResponseException {
        int length = lineLength;
        lineLength = 0;
        switch (state) {
            case STATUS_LINE -> statusLine(length);
            case HEADERS -> {
                if (length == 0) {
                    endOfHeaders();
                } else {
                    header(length);
                }
            }
            case CHUNK_SIZE -> {
                remaining = chunkSize(length);
                state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
            }
            case CHUNK_END -> {
                if (length != 0) {
                    throw new MalformedResponseException("chunk data longer than its size");
                }
                state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (length == 0) {
                    state = State.DONE;
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    /** {@code HTTP/1.x SSS reason}. */
    private void statusLine(int length) throws MalformedResponseException {
        if (length < 12 || !startsWith(line, length, "http/1.") || line[8] != ' ' || !digit(line[9])
                || !digit(line[10]) || !digit(line[11]) || (length > 12 && line[12] != ' ')) {
            throw new MalformedResponseException("not an HTTP/1.x status line: "
                    + new String(line, 0, Math.min(length, 80), StandardCharsets.ISO_8859_1));
        }
        status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
        keepAlive = line[7] != '0'; // HTTP/1.0 closes unless it says keep-alive
        state = State.HEADERS;
    }

    private void header(int length) throws MalformedResponseException {
        if (startsWith(line, length, "content-length:")) {
            long value = 0;
            int digits = 0;
            for (int i = "content-length:".length(); i < length; i++) {
                byte b = line[i];
                if (digit(b)) {
                    if (++digits > 18) {
                        throw new MalformedResponseException("Content-Length too large");
                    }
                    value = value * 10 + (b - '0');
                } else if (b != ' ' && b != '\t') {
                    throw new MalformedResponseException("malformed Content-Length");
                }
            }
            if (digits == 0) {
                throw new MalformedResponseException("empty Content-Length");
            }
            contentLength = value;
        } else if (startsWith(line, length, "transfer-encoding:")) {
            chunked = contains(line, "transfer-encoding:".length(), length, "chunked");
        } else if (startsWith(line, length, "connection:")) {
            if (contains(line, "connection:".length(), length, "close")) {
                keepAlive = false;
            } else if (contains(line, "connection:".length(), length, "keep-alive")) {
                keepAlive = true;
            }
        }
    }

    private void endOfHeaders() {
        if (status / 100 == 1) { // interim answer: the real one follows
            boolean connectionKeepAlive = keepAlive;
            reset();
            keepAlive = connectionKeepAlive;
        } else if (status == 204 || status == 304) {
            state = State.DONE;
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength >= 0) {
            remaining = contentLength;
            state = remaining == 0 ? State.DONE : State.BODY;
        } else {
            keepAlive = false;
            state = State.UNTIL_CLOSE;
        }
    }

    /** The hexadecimal size before any {@code ;extension}. */
    private long chunkSize(int length) throws MalformedResponseException {
        long size = 0;
        int digits = 0;
        for (int i = 0; i < length && line[i] != ';'; i++) {
            int value = Character.digit(line[i], 16);
            if (value < 0) {
                if (line[i] == ' ' || line[i] == '\t') {
                    continue;
                }
                throw new MalformedResponseException("malformed chunk size");
            }
            if (++digits > 15) {
                throw new MalformedResponseException("chunk too large");
            }
            size = size * 16 + value;
        }
        if (digits == 0) {
            throw new MalformedResponseException("empty chunk size");
        }
        return size;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** Case-insensitive for letters; {@code prefix} is lower case. */
    private static boolean startsWith(byte[] bytes, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(bytes[i]) != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code bytes[from, length)} (a header's value) contains {@code token} (lower case), ignoring case. */
    private static boolean contains(byte[] bytes, int from, int length, String token) {
        for (int start = from; start + token.length() <= length; start++) {
            int i = 0;
            while (i < token.length() && Character.toLowerCase(bytes[start + i]) == token.charAt(i)) {
                i++;
            }
            if (i == token.length()) {
                return true;
            }
        }
        return false;
    }
}
