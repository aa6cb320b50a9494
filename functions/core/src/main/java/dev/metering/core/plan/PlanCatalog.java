package dev.metering.core.plan;

import dev.metering.core.data.CsvData;
import dev.metering.core.money.Money;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The plans on sale, loaded from data. */
public final class PlanCatalog {

    public static final String RESOURCE = "metering/plans.csv";

    private final Map<String, Plan> plans;

    private PlanCatalog(Map<String, Plan> plans) {
        this.plans = Map.copyOf(plans);
    }

    public static PlanCatalog load(String overridePath) {
        String name = overridePath == null || overridePath.isBlank() ? RESOURCE : overridePath;
        try (Reader reader = CsvData.fileOrResource(overridePath, RESOURCE)) {
            Map<String, Plan> plans = new LinkedHashMap<>();
            for (CsvData.Row row : CsvData.read(reader, name, 3)) {
                String where = name + " line " + row.line();
                Money credit = amount(row.cell(1), where);
                Money allowance = amount(row.cell(2), where);
                if (plans.put(row.cell(0), new Plan(row.cell(0), credit, allowance)) != null) {
                    throw new IllegalArgumentException(where + ": plan listed twice: " + row.cell(0));
                }
            }
            return new PlanCatalog(plans);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Money amount(String usd, String where) {
        try {
            Money money = Money.parseUsd(usd);
            if (money.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return money;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": bad amount '" + usd + "'", e);
        }
    }

    public Optional<Plan> find(String id) {
        return Optional.ofNullable(id).map(plans::get);
    }

    public Plan require(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown plan: " + id));
    }

    public Set<String> ids() {
        return plans.keySet();
    }
}
