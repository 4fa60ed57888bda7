package org.loanledger.shared.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @Nested
    class Construction {

        @Test
        void amountIsHeldAtScaleTwo() {
            assertThat(Money.of("EUR", "5").amount()).isEqualTo(new BigDecimal("5.00"));
            assertThat(Money.of("EUR", "5.1").toPlainString()).isEqualTo("5.10");
            assertThat(Money.of("EUR", new BigDecimal("5.125").subtract(new BigDecimal("0.005"))).toPlainString())
                    .isEqualTo("5.12");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.001", "10.005", "1.999", "0.0000001"})
        void moreThanTwoDecimalsIsRefusedRatherThanRounded(String amount) {
            assertThatThrownBy(() -> Money.of("EUR", amount))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("more than 2 decimals");
        }

        @Test
        void trailingZerosBeyondTheSecondDecimalAreNotAPrecisionLoss() {
            assertThat(Money.of("EUR", "12.3400000").amount()).isEqualTo(new BigDecimal("12.34"));
        }

        @Test
        void largeAmountsStayExact() {
            Money huge = Money.of("USD", "123456789012345678901234567890.12");
            assertThat(huge.toPlainString()).isEqualTo("123456789012345678901234567890.12");
        }

        @ParameterizedTest
        @ValueSource(strings = {"JPY", "KRW", "BHD", "KWD", "CLF"})
        void currenciesWithoutTwoMinorDigitsAreRefused(String currency) {
            assertThatThrownBy(() -> Money.of(currency, "1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("does not have 2 minor digits");
        }

        @ParameterizedTest
        @ValueSource(strings = {"EURO", "eur", "XYZ", ""})
        void unknownCurrencyCodesAreRefused(String currency) {
            assertThatThrownBy(() -> Money.of(currency, "1"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not an ISO 4217 code");
        }

        @Test
        void missingCurrencyOrAmountIsRefused() {
            assertThatThrownBy(() -> new Money(null, BigDecimal.ONE)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> new Money("EUR", null)).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> Money.requireSupportedCurrency(null))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @ParameterizedTest
        @ValueSource(strings = {"EUR", "USD", "CNY", "GBP", "CHF"})
        void twoMinorDigitCurrenciesAreAccepted(String currency) {
            assertThat(Money.zero(currency).currency()).isEqualTo(currency);
        }

        @Test
        void valuesThatDifferOnlyInTrailingZerosAreEqual() {
            assertThat(Money.of("EUR", "7.5")).isEqualTo(Money.of("EUR", "7.50"));
            assertThat(Money.of("EUR", "7.5")).hasSameHashCodeAs(Money.of("EUR", "7.500"));
        }
    }

    @Nested
    class Arithmetic {

        private final Money ten = Money.of("EUR", "10.00");
        private final Money threeFifty = Money.of("EUR", "3.50");

        @Test
        void plusAndMinusAreExact() {
            assertThat(Money.of("EUR", "0.10").plus(Money.of("EUR", "0.20"))).isEqualTo(Money.of("EUR", "0.30"));
            assertThat(ten.minus(threeFifty)).isEqualTo(Money.of("EUR", "6.50"));
            assertThat(threeFifty.minus(ten)).isEqualTo(Money.of("EUR", "-6.50"));
        }

        @Test
        void minusFloorZeroNeverGoesBelowZero() {
            assertThat(ten.minusFloorZero(threeFifty)).isEqualTo(Money.of("EUR", "6.50"));
            assertThat(threeFifty.minusFloorZero(ten)).isEqualTo(Money.zero("EUR"));
            assertThat(ten.minusFloorZero(ten)).isEqualTo(Money.zero("EUR"));
            assertThat(ten.minusFloorZero(Money.of("EUR", "10.01")).zeroAmount()).isTrue();
        }

        @Test
        void combiningCurrenciesIsRefused() {
            Money dollars = Money.of("USD", "1.00");
            assertThatThrownBy(() -> ten.plus(dollars)).hasMessageContaining("cannot combine EUR with USD");
            assertThatThrownBy(() -> ten.minus(dollars)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ten.compareTo(dollars)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ten.minusFloorZero(dollars)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void comparisonsFollowTheAmount() {
            assertThat(ten.greaterThan(threeFifty)).isTrue();
            assertThat(threeFifty.greaterThan(ten)).isFalse();
            assertThat(ten.greaterThan(Money.of("EUR", "10"))).isFalse();
            assertThat(ten.min(threeFifty)).isEqualTo(threeFifty);
            assertThat(threeFifty.min(ten)).isEqualTo(threeFifty);
            assertThat(ten.compareTo(Money.of("EUR", "10.0"))).isZero();
        }

        @Test
        void signPredicates() {
            assertThat(Money.zero("EUR").zeroAmount()).isTrue();
            assertThat(Money.zero("EUR").positive()).isFalse();
            assertThat(Money.zero("EUR").negative()).isFalse();
            assertThat(Money.of("EUR", "0.01").positive()).isTrue();
            assertThat(Money.of("EUR", "-0.01").negative()).isTrue();
        }

        @Test
        void textFormsKeepTwoDecimals() {
            assertThat(Money.of("EUR", "1000000").toPlainString()).isEqualTo("1000000.00");
            assertThat(Money.of("EUR", "1E+3").toPlainString()).isEqualTo("1000.00");
            assertThat(Money.of("EUR", "2.5")).hasToString("2.50 EUR");
        }
    }
}
