package dev.metering.store.item;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.metering.core.price.LongContext;
import dev.metering.core.price.ModelRates;
import dev.metering.core.price.PriceRow;
import dev.metering.core.price.TokenType;
import java.math.BigDecimal;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/** A price row put at runtime: written once (never edited), read by every function that prices. Rates in nano-dollars per token. */
public final class PriceRowItem {

    static final String TYPE = "PRICE_ROW";

    String pk;
    String sk;
    String type;
    String model;
    Instant effectiveFrom;
    Long input;
    Long output;
    Long cacheWrite5m;
    Long cacheWrite1h;
    Long cacheRead;
    Long lcAbove;
    Long lcInput;
    Long lcOutput;
    Long lcCacheWrite5m;
    Long lcCacheWrite1h;
    Long lcCacheRead;
    String usOnlyMultiplier;
    Long webSearchPer1k;
    Boolean holdInexact;
    Instant recordedAt;
    String by;

    public static final TableSchema<PriceRowItem> SCHEMA = ItemSchema.of(PriceRowItem.class, PriceRowItem::new)
            .attr(String.class, Keys.PK, primaryPartitionKey())
            .attr(String.class, Keys.SK, primarySortKey())
            .attr(String.class, "type")
            .attr(String.class, "model")
            .attr(Instant.class, "effectiveFrom")
            .attr(Long.class, "input")
            .attr(Long.class, "output")
            .attr(Long.class, "cacheWrite5m")
            .attr(Long.class, "cacheWrite1h")
            .attr(Long.class, "cacheRead")
            .attr(Long.class, "lcAbove")
            .attr(Long.class, "lcInput")
            .attr(Long.class, "lcOutput")
            .attr(Long.class, "lcCacheWrite5m")
            .attr(Long.class, "lcCacheWrite1h")
            .attr(Long.class, "lcCacheRead")
            .attr(String.class, "usOnlyMultiplier")
            .attr(Long.class, "webSearchPer1k")
            .attr(Boolean.class, "holdInexact")
            .attr(Instant.class, "recordedAt")
            .attr(String.class, "by")
            .build();

    public static boolean isOne(String sortKey) {
        return sortKey.startsWith("ROW#");
    }

    public static PriceRowItem of(PriceRow row) {
        PriceRowItem item = new PriceRowItem();
        item.pk = Keys.PRICES;
        item.sk = Keys.priceRow(row.model(), row.effectiveFrom());
        item.type = TYPE;
        item.model = row.model();
        item.effectiveFrom = row.effectiveFrom();
        ModelRates r = row.rates();
        item.input = r.rate(TokenType.INPUT);
        item.output = r.rate(TokenType.OUTPUT);
        item.cacheWrite5m = r.rate(TokenType.CACHE_WRITE_5M);
        item.cacheWrite1h = r.rate(TokenType.CACHE_WRITE_1H);
        item.cacheRead = r.rate(TokenType.CACHE_READ);
        if (row.longContext() != null) {
            ModelRates lc = row.longContext().rates();
            item.lcAbove = row.longContext().aboveInputTokens();
            item.lcInput = lc.rate(TokenType.INPUT);
            item.lcOutput = lc.rate(TokenType.OUTPUT);
            item.lcCacheWrite5m = lc.rate(TokenType.CACHE_WRITE_5M);
            item.lcCacheWrite1h = lc.rate(TokenType.CACHE_WRITE_1H);
            item.lcCacheRead = lc.rate(TokenType.CACHE_READ);
        }
        item.usOnlyMultiplier = row.usOnlyMultiplier() == null ? null : row.usOnlyMultiplier().toPlainString();
        item.webSearchPer1k = row.webSearchNanosPer1k();
        item.holdInexact = row.holdInexact();
        item.recordedAt = row.recordedAt();
        item.by = row.by();
        return item;
    }

    public PriceRow toRow() {
        LongContext longContext = lcAbove == null ? null
                : new LongContext(lcAbove, ModelRates.of(lcInput, lcOutput, lcCacheWrite5m, lcCacheWrite1h, lcCacheRead));
        return new PriceRow(model, effectiveFrom, ModelRates.of(input, output, cacheWrite5m, cacheWrite1h, cacheRead), longContext,
                usOnlyMultiplier == null ? null : new BigDecimal(usOnlyMultiplier), webSearchPer1k, Boolean.TRUE.equals(holdInexact),
                recordedAt, by);
    }
}
