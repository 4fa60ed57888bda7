package org.loanledger.support.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void axonFindsItForEveryMessageIdentifier() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifierFactory.class);
    }

    @Test
    void identifiersAreVersion7UuidsCarryingTheirMillisecond() {
        long now = 1_764_590_000_123L;
        UUID id = TimeOrderedIdentifierFactory.next(now);

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now);
        assertThat(UUID.fromString(new TimeOrderedIdentifierFactory().generateIdentifier()).version()).isEqualTo(7);
    }

    @Test
    void laterIdentifiersSortAfterEarlierOnesAsTheStoreComparesThem() {
        List<String> ids = List.of(
                TimeOrderedIdentifierFactory.next(1_764_590_000_000L).toString(),
                TimeOrderedIdentifierFactory.next(1_764_590_000_001L).toString(),
                TimeOrderedIdentifierFactory.next(1_764_590_060_000L).toString(),
                TimeOrderedIdentifierFactory.next(1_800_000_000_000L).toString());

        assertThat(ids).isSorted();
    }

    @Test
    void identifiersMadeInTheSameMillisecondOnManyThreadsAreUnique() {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        IntStream.range(0, 200_000).parallel()
                .forEach(i -> ids.add(TimeOrderedIdentifierFactory.next(1_764_590_000_000L).toString()));

        assertThat(ids).hasSize(200_000);
    }

    @Test
    void identifiersAreNotPredictableFromTheirNeighbours() {
        Set<Long> randomTails = new HashSet<>();
        for (int i = 0; i < 1_000; i++) {
            randomTails.add(TimeOrderedIdentifierFactory.next(1_764_590_000_000L).getLeastSignificantBits());
        }
        assertThat(randomTails).hasSize(1_000);
    }
}
