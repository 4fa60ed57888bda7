package org.loanledger.shared.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.loanledger.shared.account.BorrowCommand;
import org.loanledger.shared.account.ReasonCode;
import org.loanledger.shared.money.Money;

class CanonicalTest {

    record Inner(String name, Long count) {
    }

    record Outer(String id, Inner inner, List<Object> items, Map<String, Object> tags, Boolean flag) {
    }

    record Person(String name, String requestId) {
    }

    @Nested
    class Form {

        @Test
        void recordsAreWrittenWithComponentsInDeclarationOrder() {
            Outer outer = new Outer("o-1", new Inner("n", 3L), List.of(1, "two", true), Map.of("k", 5), false);

            assertThat(Canonical.of(outer)).isEqualTo(
                    "{\"id\":\"o-1\",\"inner\":{\"name\":\"n\",\"count\":3},\"items\":[1,\"two\",true],"
                            + "\"tags\":{\"k\":5},\"flag\":false}");
        }

        @Test
        void scalarsHaveOneTextForm() {
            assertThat(Canonical.of(new BigDecimal("1E+3"))).isEqualTo("\"1000\"");
            assertThat(Canonical.of(new BigDecimal("12.50"))).isEqualTo("\"12.50\"");
            assertThat(Canonical.of(Instant.parse("2025-01-02T03:04:05Z"))).isEqualTo("\"2025-01-02T03:04:05Z\"");
            assertThat(Canonical.of(LocalDate.of(2025, 2, 28))).isEqualTo("\"2025-02-28\"");
            assertThat(Canonical.of(ReasonCode.RISK_RULE)).isEqualTo("\"RISK_RULE\"");
            assertThat(Canonical.of(null)).isEqualTo("null");
            assertThat(Canonical.of(42L)).isEqualTo("42");
        }

        @Test
        void moneyIsWrittenWithItsTwoDecimals() {
            assertThat(Canonical.of(Money.of("EUR", "5"))).isEqualTo("{\"currency\":\"EUR\",\"amount\":\"5.00\"}");
        }

        @Test
        void equalValuesAlwaysGiveTheSameText() {
            BorrowCommand first = new BorrowCommand("acc-1", new BigDecimal("10.00"), "EUR", 30, "r-1");
            BorrowCommand second = new BorrowCommand("acc-1", new BigDecimal("10.00"), "EUR", 30, "r-1");

            assertThat(Canonical.of(first)).isEqualTo(Canonical.of(second));
            assertThat(Canonical.of(first)).isNotEqualTo(
                    Canonical.of(new BorrowCommand("acc-1", new BigDecimal("10.01"), "EUR", 30, "r-1")));
        }

        @Test
        void typesWithoutACanonicalFormAreRefused() {
            // A double would make a hash depend on binary rounding; it has no place in a ledger payload.
            assertThatThrownBy(() -> Canonical.of(1.5d)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("java.lang.Double");
            assertThatThrownBy(() -> Canonical.of(new Object())).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class MapKeyOrder {

        @Test
        void mapsAreOrderedByKeyWhateverTheirInsertionOrder() {
            Map<String, Object> forwards = new LinkedHashMap<>();
            forwards.put("alpha", 1);
            forwards.put("beta", 2);
            forwards.put("gamma", 3);
            Map<String, Object> backwards = new LinkedHashMap<>();
            backwards.put("gamma", 3);
            backwards.put("beta", 2);
            backwards.put("alpha", 1);

            assertThat(Canonical.of(backwards)).isEqualTo("{\"alpha\":1,\"beta\":2,\"gamma\":3}");
            assertThat(Canonical.of(forwards)).isEqualTo(Canonical.of(backwards));
        }

        @Test
        void nestedMapsInsideRecordsAreOrderedToo() {
            Map<String, Object> hashed = new HashMap<>();
            for (String key : List.of("z", "m", "a", "q", "b")) {
                hashed.put(key, key.toUpperCase());
            }
            Outer outer = new Outer("o", null, List.of(), hashed, null);

            assertThat(Canonical.of(outer))
                    .contains("\"tags\":{\"a\":\"A\",\"b\":\"B\",\"m\":\"M\",\"q\":\"Q\",\"z\":\"Z\"}");
            assertThat(Canonical.of(outer)).isEqualTo(Canonical.of(new Outer("o", null, List.of(), new TreeMap<>(hashed), null)));
        }

        @Test
        void aNullComponentIsLeftOutSoAnAddedComponentKeepsOlderFormsStable() {
            Outer withoutTags = new Outer("o", null, List.of(), null, null);

            assertThat(Canonical.of(withoutTags)).doesNotContain("tags").doesNotContain("null");
            assertThat(Canonical.of(withoutTags)).isNotEqualTo(Canonical.of(new Outer("o", null, List.of(), Map.of(), null)));
        }

        @Test
        void listsKeepTheirOrder() {
            assertThat(Canonical.of(List.of(3, 1, 2))).isEqualTo("[3,1,2]");
            assertThat(Canonical.of(Arrays.asList(1, 2, 3))).isNotEqualTo(Canonical.of(List.of(3, 2, 1)));
        }
    }

    @Nested
    class Exclusion {

        @Test
        void excludedComponentsAreLeftOut() {
            assertThat(Canonical.of(new Person("Ann", "r-1"), Set.of("requestId"))).isEqualTo("{\"name\":\"Ann\"}");
        }

        @Test
        void exclusionMakesValuesDifferingOnlyThereEqual() {
            assertThat(Canonical.of(new Person("Ann", "r-1"), Set.of("requestId")))
                    .isEqualTo(Canonical.of(new Person("Ann", "r-2"), Set.of("requestId")));
            assertThat(Canonical.of(new Person("Ann", "r-1"))).isNotEqualTo(Canonical.of(new Person("Ann", "r-2")));
        }

        @Test
        void exclusionAppliesOnlyToTopLevelComponents() {
            Outer outer = new Outer("o", new Inner("name-kept", 1L), List.of(), Map.of(), true);

            String text = Canonical.of(outer, Set.of("name", "flag"));

            assertThat(text).isEqualTo("{\"id\":\"o\",\"inner\":{\"name\":\"name-kept\",\"count\":1},\"items\":[],\"tags\":{}}");
        }

        @Test
        void excludingTheFirstComponentLeavesValidText() {
            assertThat(Canonical.of(new Person("Ann", "r-1"), Set.of("name"))).isEqualTo("{\"requestId\":\"r-1\"}");
        }
    }

    @Nested
    class Escaping {

        @Test
        void quotesBackslashesAndWhitespaceAreEscaped() {
            assertThat(Canonical.of("say \"hi\"\\ now\n\r\t")).isEqualTo("\"say \\\"hi\\\"\\\\ now\\n\\r\\t\"");
        }

        @Test
        void otherControlCharactersAreWrittenAsUnicodeEscapes() {
            assertThat(Canonical.of("a\u0001b\u001f")).isEqualTo("\"a\\u0001b\\u001f\"");
        }

        @Test
        void textThatLooksLikeStructureCannotForgeAnotherValue() {
            Person forged = new Person("Ann\",\"requestId\":\"x", "ignored");
            Person honest = new Person("Ann", "x");

            assertThat(Canonical.of(forged, Set.of("requestId"))).isNotEqualTo(Canonical.of(honest));
        }

        @Test
        void nonAsciiTextIsKeptAsIs() {
            assertThat(Canonical.of("冻结 €")).isEqualTo("\"冻结 €\"");
        }

        @Test
        void mapKeysAreEscapedToo() {
            assertThat(Canonical.of(Map.of("a\"b", 1))).isEqualTo("{\"a\\\"b\":1}");
        }
    }

    @Nested
    class Sha256 {

        @Test
        void matchesTheStandardTestVectors() {
            // FIPS 180-2 examples
            assertThat(Canonical.sha256("abc"))
                    .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
            assertThat(Canonical.sha256(""))
                    .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        }

        @Test
        void hashesUtf8Bytes() {
            assertThat(Canonical.sha256("冻结")).hasSize(64).isNotEqualTo(Canonical.sha256("??"));
        }
    }
}
