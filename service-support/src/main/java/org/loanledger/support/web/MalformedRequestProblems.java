package org.loanledger.support.web;

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

    private final Answers answers;

    /** Set once this connection's request could not be read: whatever else arrives on it is dropped. */
    private boolean refused;

    private MalformedRequestProblems(Answers answers) {
        this.answers = answers;
    }

    /** Adds the handler to every HTTP/1.1 connection of the server. */
    static NettyServerCustomizer customizer(ObjectMapper objectMapper) {
        Answers answers = new Answers(objectMapper);
        return server -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
            ChannelPipeline pipeline = channel.pipeline();
            if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER_NAME, new MalformedRequestProblems(answers));
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
            Answer answer = cause instanceof TooLongHttpHeaderException ? answers.headersTooLarge
                    : cause instanceof TooLongHttpLineException ? answers.lineTooLong : answers.unreadable;
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, answer.status(),
                    Unpooled.wrappedBuffer(answer.body()));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    /** One answer: its status and its problem, serialized once. */
    private record Answer(HttpResponseStatus status, byte[] body) {

        static Answer of(ProblemWriter problems, HttpStatus status, String detail) {
            return new Answer(HttpResponseStatus.valueOf(status.value()),
                    problems.body(Problems.of(status, Problems.VALIDATION_FAILED, detail)));
        }
    }

    /** The three answers. */
    private static final class Answers {

        final Answer unreadable;
        final Answer headersTooLarge;
        final Answer lineTooLong;

        Answers(ObjectMapper objectMapper) {
            ProblemWriter problems = new ProblemWriter(objectMapper);
            unreadable = Answer.of(problems, HttpStatus.BAD_REQUEST, "the request could not be read as HTTP: a header "
                    + "or the request line is malformed, or a header holds a control character");
            headersTooLarge = Answer.of(problems, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                    "the request's headers are larger than this service reads");
            lineTooLong = Answer.of(problems, HttpStatus.URI_TOO_LONG,
                    "the request line is longer than this service reads");
        }
    }
}
