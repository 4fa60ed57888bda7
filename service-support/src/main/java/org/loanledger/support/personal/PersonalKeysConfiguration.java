package org.loanledger.support.personal;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Path;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.loanledger.shared.personal.PersonalKeys;
import org.loanledger.shared.personal.PersonalText;
import org.loanledger.shared.personal.PersonalTextCipher;
import org.loanledger.support.eventstore.EmbeddedEventStoreFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The embedded key store: an H2 file {@value #DATABASE_NAME} under the data directory, apart from the event store,
 * shared by both services the way the event store is ({@code AUTO_SERVER}). A production deployment declares its
 * own {@link PersonalKeys} bean (a KMS or vault whose deletion is final) and this one steps aside.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
public class PersonalKeysConfiguration {

    /** The file name, without H2's {@code .mv.db} suffix, of the key store inside the data directory. */
    public static final String DATABASE_NAME = "personal-keys";

    @Bean
    @ConditionalOnMissingBean
    public PersonalKeys personalKeys(@Value("${ledger.data-dir:./data}") String dataDir) {
        return new JdbcPersonalKeys(dataSource(Path.of(dataDir)));
    }

    /** Opens personal text that views keep sealed, when they are read. */
    @Bean
    @ConditionalOnMissingBean
    public PersonalTextCipher personalTextCipher(PersonalKeys personalKeys) {
        return new PersonalTextCipher(personalKeys);
    }

    /**
     * Responses show personal text as its words, or null once erased; never its stored form. Views and exports
     * turn it into text themselves; this is the backstop for any response that carries an event as it is.
     */
    @Bean
    public Jackson2ObjectMapperBuilderCustomizer personalTextInResponses() {
        return builder -> builder.serializerByType(PersonalText.class, new JsonSerializer<PersonalText>() {
            @Override
            public void serialize(PersonalText value, JsonGenerator out, SerializerProvider provider) throws IOException {
                if (value.text() == null) {
                    out.writeNull();
                } else {
                    out.writeString(value.text());
                }
            }
        });
    }

    /** A small pool on the key store under {@code dataDir}, its table created if missing. */
    public static HikariDataSource dataSource(Path dataDir) {
        HikariDataSource dataSource = EmbeddedEventStoreFiles.embeddedPool("personal-keys", dataDir, DATABASE_NAME,
                ";WRITE_DELAY=0;AUTO_SERVER=TRUE", 4);
        new ResourceDatabasePopulator(new ClassPathResource("db/h2-personal-keys.sql")).execute(dataSource);
        return dataSource;
    }
}
