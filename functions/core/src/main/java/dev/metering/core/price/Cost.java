package dev.metering.core.price;

import dev.metering.core.money.Money;
import java.util.EnumMap;
import java.util.Map;

/** The cost of one request: each token type's part and the web searches' fee; the total is their exact sum. */
public record Cost(Map<TokenType, Money> byTokenType, Money webSearch) {

    private static final TokenType[] TYPES = TokenType.values();

    public Cost {
        EnumMap<TokenType, Money> copy = new EnumMap<>(TokenType.class);
        for (TokenType type : TokenType.values()) {
            copy.put(type, byTokenType.getOrDefault(type, Money.ZERO));
        }
        byTokenType = Map.copyOf(copy);
        if (webSearch == null) {
            throw new IllegalArgumentException("the web-search part is required (zero for none)");
        }
    }

    public Money part(TokenType type) {
        return byTokenType.get(type);
    }

    public Money total() {
        Money sum = webSearch;
        for (TokenType type : TYPES) {
            sum = sum.plus(part(type));
        }
        return sum;
    }
}
