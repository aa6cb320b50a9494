package dev.metering.store.item;

import dev.metering.core.price.TokenUsage;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Token counts by type under their stored names, flattened into the items that carry them: a debit's
 * ledger entry (one event's tokens) and a usage cell (the tokens of every event it counts).
 */
final class TokenFields {

    Long tokIn;
    Long tokOut;
    Long tokW5m;
    Long tokW1h;
    Long tokRead;

    static final TableSchema<TokenFields> SCHEMA = ItemSchema.of(TokenFields.class, TokenFields::new)
            .attr(Long.class, "tokIn")
            .attr(Long.class, "tokOut")
            .attr(Long.class, "tokW5m")
            .attr(Long.class, "tokW1h")
            .attr(Long.class, "tokRead")
            .build();

    static TokenFields of(TokenUsage t) {
        TokenFields f = new TokenFields();
        f.tokIn = t.input();
        f.tokOut = t.output();
        f.tokW5m = t.cacheWrite5m();
        f.tokW1h = t.cacheWrite1h();
        f.tokRead = t.cacheRead();
        return f;
    }

    TokenUsage toUsage() {
        return new TokenUsage(tokIn, tokOut, tokW5m, tokW1h, tokRead);
    }
}
