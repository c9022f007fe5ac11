package io.kvstore.jdbc.remote.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reading whole frames from a blocking stream (the driver's socket, the in-driver listener). The body is read in
 * pieces of at most 1 MiB into an array that grows as bytes arrive, so a peer that declares a huge length and
 * sends little costs little memory. Stateless.
 */
public final class FrameIO {
    private static final int CHUNK = 1 << 20;

    private FrameIO() {
    }

    /**
     * Reads one frame body (op first).
     *
     * @return the body, or null at a clean end of stream before the frame's first byte
     * @throws ProtocolException a declared length below 1 or above {@code maxBody}
     * @throws EOFException the stream ended inside a frame
     */
    public static byte[] read(DataInputStream in, int maxBody) throws IOException {
        return read(in, maxBody, null);
    }

    /**
     * As {@link #read(DataInputStream, int)}, first polling for the frame with {@code spin} (null: block at once).
     */
    public static byte[] read(DataInputStream in, int maxBody, ReadSpin spin) throws IOException {
        if (spin != null) {
            spin.await(in);
        }
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int len = b0 << 24 | in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
        if (len < 1 || len > maxBody) {
            throw new ProtocolException("frame length " + Integer.toUnsignedString(len) + " outside 1.." + maxBody);
        }
        byte[] body = new byte[Math.min(len, CHUNK)];
        int got = 0;
        while (got < len) {
            if (got == body.length) {
                body = Arrays.copyOf(body, (int) Math.min(len, (long) body.length * 2));
            }
            int n = in.read(body, got, body.length - got);
            if (n < 0) {
                throw new EOFException("connection closed inside a frame (" + got + " of " + len + " bytes)");
            }
            got += n;
        }
        return body;
    }
}
