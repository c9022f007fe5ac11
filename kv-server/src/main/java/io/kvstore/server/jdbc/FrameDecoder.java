package io.kvstore.server.jdbc;

import io.kvstore.jdbc.remote.protocol.Protocol;
import io.kvstore.jdbc.remote.protocol.ProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frame bodies ({@code byte[]}, op first). The declared length is checked before
 * anything is kept for it: at most {@link Protocol#MAX_HANDSHAKE_FRAME} until the session is authenticated
 * ({@link #authenticated()}), {@link Protocol#MAX_FRAME} after; a bad length is passed on as a
 * {@link ProtocolException} (the handler answers 08P01 and closes). Bytes accumulate only as they arrive.
 * Runs on the channel's event loop.
 */
final class FrameDecoder extends ByteToMessageDecoder {
    private int limit = Protocol.MAX_HANDSHAKE_FRAME;
    private boolean failed;

    void authenticated() {
        limit = Protocol.MAX_FRAME;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!failed && in.readableBytes() >= 4) {
            long len = in.getUnsignedInt(in.readerIndex());
            if (len < 1 || len > limit) {
                failed = true;
                in.skipBytes(in.readableBytes());
                out.add(new ProtocolException("frame length " + len + " outside 1.." + limit));
                return;
            }
            if (in.readableBytes() < 4 + len) {
                return;
            }
            in.skipBytes(4);
            byte[] body = new byte[(int) len];
            in.readBytes(body);
            out.add(body);
        }
        if (failed) {
            in.skipBytes(in.readableBytes());
        }
    }
}
