package org.loanledger.support.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.UncheckedIOException;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import reactor.netty.NettyPipeline;

/**
 * Answers a request that Netty could not read as HTTP with an RFC 9457 problem, where Reactor Netty answers a bare
 * status with an empty body: a control character in a header, a malformed header or request line (400
 * {@code VALIDATION_FAILED}), headers larger than the server reads (431) or a request line longer than it reads
 * (414). Such a request never reaches the application, so nothing is recorded. The connection is closed after the
 * answer, as Reactor Netty closes it: what the client sent after a line that could not be read cannot be framed.
 */
final class MalformedRequestProblems extends ChannelInboundHandlerAdapter {

    /** The handler's name in each connection's pipeline, right after Reactor Netty's HTTP codec. */
    static final String HANDLER_NAME = "ledger.malformedRequestProblems";

    private final Bodies bodies;

    /** Set once this connection's request could not be read: whatever else arrives on it is dropped. */
    private boolean refused;

    private MalformedRequestProblems(Bodies bodies) {
        this.bodies = bodies;
    }

    /** Adds the handler to every HTTP/1.1 connection of the server. */
    static NettyServerCustomizer customizer(ObjectMapper objectMapper) {
        Bodies bodies = new Bodies(objectMapper);
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new MalformedRequestProblems(bodies));
            }
        });
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refused) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
            refused = true;
            Throwable cause = request.decoderResult().cause();
            ReferenceCountUtil.release(msg);
            HttpResponseStatus status;
            byte[] body;
            if (cause instanceof TooLongHttpHeaderException) {
                status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
                body = bodies.headersTooLarge;
            } else if (cause instanceof TooLongHttpLineException) {
                status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
                body = bodies.lineTooLong;
            } else {
                status = HttpResponseStatus.BAD_REQUEST;
                body = bodies.unreadable;
            }
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(body));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** The three answers, serialized once. */
    private static final class Bodies {

        final byte[] unreadable;
        final byte[] headersTooLarge;
        final byte[] lineTooLong;

        Bodies(ObjectMapper objectMapper) {
            unreadable = json(objectMapper, Problems.of(HttpStatus.BAD_REQUEST, Problems.VALIDATION_FAILED,
                    "the request could not be read as HTTP: a header or the request line is malformed, or a header "
                            + "holds a control character"));
            headersTooLarge = json(objectMapper, Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    Problems.VALIDATION_FAILED, "the request's headers are larger than this service reads"));
            lineTooLong = json(objectMapper, Problems.of(HttpStatus.URI_TOO_LONG, Problems.VALIDATION_FAILED,
                    "the request line is longer than this service reads"));
        }

        private static byte[] json(ObjectMapper objectMapper, Object problem) {
            try {
                return objectMapper.writeValueAsBytes(problem);
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
