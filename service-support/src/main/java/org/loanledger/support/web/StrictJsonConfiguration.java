package org.loanledger.support.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * Request JSON is read strictly: a number where text is expected (an amount sent as {@code 12.5}), text where a
 * number is expected, an unknown field, anything after the one JSON value a body may hold, or a code, instant or date
 * with a blank or control character before or after it is refused with 400 rather than guessed at.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
public class StrictJsonConfiguration {

    @Bean
    public Jackson2ObjectMapperBuilderCustomizer strictCoercion() {
        return builder -> builder.postConfigurer(mapper -> {
            // Without this, "{...}x" or "{...}{...}" is read as its first value and the rest silently dropped.
            mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
            mapper.coercionConfigFor(LogicalType.Textual)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Integer)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
            mapper.coercionConfigFor(LogicalType.Enum)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
            mapper.registerModule(new SimpleModule("exact-text").setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                                  BeanDescription description,
                                                                  JsonDeserializer<?> deserializer) {
                    return new ExactText(deserializer, "not exactly one of the names");
                }

                @Override
                public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                              JsonDeserializer<?> deserializer) {
                    return description.getBeanClass().getPackageName().equals("java.time")
                            ? new ExactText(deserializer, "not exactly an ISO-8601 value") : deserializer;
                }
            }));
        });
    }

    /**
     * Jackson trims an enum name, an instant or a date before parsing it, and {@link String#trim()} drops every
     * character up to U+0020, so {@code "FREEZE\u0000"}, {@code " MANUAL_REVIEW"} or
     * {@code "2026-12-04T10:27:43Z\u0000"} would be read as the code or the instant. Such text is refused unless it
     * is exactly the value, as an amount with a space is.
     */
    static final class ExactText extends DelegatingDeserializer {

        private final String refusal;

        ExactText(JsonDeserializer<?> delegate, String refusal) {
            super(delegate);
            this.refusal = refusal;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExactText(delegate, refusal);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)) {
                String text = parser.getText();
                if (!text.isEmpty() && (text.charAt(0) <= ' ' || text.charAt(text.length() - 1) <= ' ')) {
                    return context.handleWeirdStringValue(handledType(), text, refusal);
                }
            }
            return super.deserialize(parser, context);
        }
    }
}
