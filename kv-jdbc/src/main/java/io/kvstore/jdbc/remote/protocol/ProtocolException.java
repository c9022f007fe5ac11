package io.kvstore.jdbc.remote.protocol;

import java.io.IOException;

/**
 * A frame that breaks the protocol: a length outside the limits, an unknown op or value tag, a body shorter than
 * its fields, bytes left over. The side that reads it closes the connection (the server after answering with an
 * error, SQLState 08P01).
 */
public final class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
